package csvfr

import (
	"bytes"
	"errors"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
)

var schema = importer.Schema{
	Name: "Partenaires",
	Fields: []importer.Field{
		{Key: "siret", Label: "SIRET", Aliases: []string{"n° siret"}, Required: true, Kind: importer.Identifier},
		{Key: "name", Label: "Raison sociale", Aliases: []string{"nom"}, Required: true},
		{Key: "city", Label: "Ville"},
		{Key: "fee", Label: "Montant", Kind: importer.Money},
		{Key: "from", Label: "Date de début", Kind: importer.Date},
	},
}

// writeFile writes the exact bytes of a test file.
func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

type row struct {
	n                 int
	siret, name, city string
	fee               domain.Money
	from              string
}

// importFile reads path through the importer and returns the rows.
func importFile(t *testing.T, path string) ([]row, *importer.Reader, *Source) {
	t.Helper()
	src, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { src.Close() })
	rd, err := importer.NewReader(src, schema)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var out []row
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		id, _ := rec.Identifier("siret")
		fee, _ := rec.Money("fee")
		d, _ := rec.Date("from")
		out = append(out, row{rec.Row, id, rec.Text("name"), rec.Text("city"), fee, d.String()})
	}
	return out, rd, src
}

// utf16le encodes s as UTF-16 little-endian with a BOM (Excel "Unicode text").
func utf16le(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, r := range s {
		if r > 0xFFFF {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			b = append(b, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
			continue
		}
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestEncodingsAndSeparators(t *testing.T) {
	// Windows-1252 bytes written by hand: é=E9, Œ=8C, œ=9C, €=80, NBSP=A0.
	cp1252 := []byte("Liste des partenaires;;\r\n" +
		"N\xb0 SIRET;Raison sociale;Ville;Montant;Date de d\xe9but\r\n" +
		"73282932000074;\"Soci\xe9t\xe9 \x8cuvre\";Orl\xe9ans;1\xa0234,56 \x80;15/03/2024\r\n" +
		"85262016007290;C\x9cur de France;Besan\xe7on;12,5;2024-03-16\r\n")
	want := []row{
		{3, "73282932000074", "Société Œuvre", "Orléans", 123456, "2024-03-15"},
		{4, "85262016007290", "Cœur de France", "Besançon", 1250, "2024-03-16"},
	}
	utf8Text := "N° SIRET;Raison sociale;Ville;Montant;Date de début\n" +
		"73282932000074;\"Société Œuvre\";Orléans;1 234,56 €;15/03/2024\n" +
		"85262016007290;Cœur de France;Besançon;12,5;2024-03-16\n"
	wantNoTitle := []row{
		{2, "73282932000074", "Société Œuvre", "Orléans", 123456, "2024-03-15"},
		{3, "85262016007290", "Cœur de France", "Besançon", 1250, "2024-03-16"},
	}
	cases := []struct {
		name  string
		data  []byte
		enc   Encoding
		comma rune
		want  []row
	}{
		{"windows-1252", cp1252, Windows1252, ';', want},
		{"utf-8", []byte(utf8Text), UTF8, ';', wantNoTitle},
		{"utf-8 bom", append([]byte("\xef\xbb\xbf"), utf8Text...), UTF8BOM, ';', wantNoTitle},
		{"comma", []byte("Rapport du 15/03/2024, partenaires actifs\r\n\r\n" +
			"SIRET,Nom,Ville,Montant,Date de début\r\n" +
			"73282932000074,Société Œuvre,Orléans,\"1 234,56\",15/03/2024\r\n" +
			"85262016007290,Cœur de France,Besançon,\"12,5\",2024-03-16\r\n"), UTF8, ',', []row{
			{4, "73282932000074", "Société Œuvre", "Orléans", 123456, "2024-03-15"},
			{5, "85262016007290", "Cœur de France", "Besançon", 1250, "2024-03-16"},
		}},
		{"tab utf-16", utf16le("SIRET\tNom\tVille\tMontant\tDate de début\r\n" +
			"73282932000074\tSociété Œuvre\tOrléans\t1 234,56\t15/03/2024\r\n" +
			"85262016007290\tCœur de France\tBesançon\t12,5\t2024-03-16\r\n"), UTF16, '\t', wantNoTitle},
		{"mixed lines", append([]byte("SIRET;Nom;Ville;Montant;Date de début\n"+
			"73282932000074;Société Œuvre;Orléans;1 234,56;15/03/2024\n"),
			"85262016007290;C\x9cur de France;Besan\xe7on;12,5;2024-03-16\n"...), Windows1252, ';', wantNoTitle},
		{"old mac CR", []byte("SIRET;Nom;Ville;Montant;Date de début\r" +
			"73282932000074;Société Œuvre;Orléans;1 234,56;15/03/2024\r" +
			"85262016007290;Cœur de France;Besançon;12,5;2024-03-16\r"), UTF8, ';', wantNoTitle},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, rd, src := importFile(t, writeFile(t, "p.csv", c.data))
			if src.Encoding() != c.enc || src.Comma() != c.comma {
				t.Errorf("detected %s %q, want %s %q", src.Encoding(), src.Comma(), c.enc, c.comma)
			}
			if rd.Errors().Len() > 0 {
				t.Fatalf("errors: %v", rd.Errors().List())
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %+v\nwant %+v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("row %d: got %+v\n        want %+v", i, got[i], c.want[i])
				}
			}
		})
	}
}

func TestRowNumbersAsSpreadsheetShows(t *testing.T) {
	data := "SIRET;Nom;Ville\r\n" + // 1
		"\r\n" + // 2: empty line, a row in Excel
		"73282932000074;\"Alpha\r\nsur deux lignes\";Lyon\r\n" + // 3
		";;\r\n" + // 4: formatting only
		"73282932000074;;Paris\r\n" + // 5: name missing
		"\r\n\r\n" + // 6, 7
		"x;Gamma;\"Nantes\"\r\n" // 8
	got, rd, _ := importFile(t, writeFile(t, "rows.csv", []byte(data)))
	if len(got) != 3 || got[0].n != 3 || got[1].n != 5 || got[2].n != 8 {
		t.Fatalf("rows = %+v", got)
	}
	if got[0].name != "Alpha\nsur deux lignes" {
		t.Errorf("multi-line cell = %q", got[0].name)
	}
	errs := rd.Errors().List()
	if len(errs) != 1 || errs[0].String() != "rows.csv:5:Nom: VALUE_MISSING: Raison sociale is required but the cell is empty" {
		t.Errorf("errors = %v", errs)
	}
}

func TestUndefinedWindows1252Byte(t *testing.T) {
	data := []byte("SIRET;Nom;Ville\r\n73282932000074;Soci\xe9t\xe9;Orl\xe9ans\r\n85262016007290;Bad\x81Byte;Lyon\r\n")
	got, rd, _ := importFile(t, writeFile(t, "bad.csv", data))
	if len(got) != 2 || got[0].name != "Société" {
		t.Fatalf("rows = %+v", got)
	}
	errs := rd.Errors().List()
	if len(errs) != 1 || errs[0].Row != 3 || errs[0].Column != "Nom" || errs[0].Code != "ENCODING" {
		t.Fatalf("errors = %v", errs)
	}
}

func TestHostileFiles(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	random := make([]byte, 4096)
	rnd.Read(random)
	big := "SIRET;Nom\n73282932000074;" + strings.Repeat("a", 2<<20) + "\n"
	cases := []struct {
		name, code, msg string
		data            []byte
	}{
		{"empty", "FILE_EMPTY", "h.csv: the file is empty", nil},
		{"nul bytes", "NOT_TEXT", "h.csv: the file contains NUL bytes (line 2): it is not a text CSV file", []byte("SIRET;Nom\n1;a\x00b\n")},
		{"xlsx renamed", "NOT_CSV", "h.csv: the file is an Excel workbook (.xlsx), not a CSV file", []byte("PK\x03\x04rest")},
		{"xls renamed", "NOT_CSV", "h.csv: the file is an Excel 97-2003 workbook (.xls), not a CSV file", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0}},
		{"utf-16 be", "ENCODING", "h.csv: the file is in UTF-16 big-endian, which habil does not read", []byte{0xFE, 0xFF, 0, 'a'}},
		{"2 MB cell", "ROW_TOO_LARGE", "h.csv: row 2 is larger than 1 MB: this is not a spreadsheet export (a cell holds at most 32767 characters)", []byte(big)},
		{"2 MB cell cp1252", "ROW_TOO_LARGE", "h.csv: row 2 is larger than 1 MB: this is not a spreadsheet export (a cell holds at most 32767 characters)", []byte("SIRET;Nom\n1;\xe9" + strings.Repeat("a", 2<<20) + "\n")},
		{"random bytes", "", "", random},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := readThrough(writeFile(t, "h.csv", c.data))
			if c.code == "" { // random bytes: any one-line rejection
				if domain.KindOf(err) != domain.KindRejected || strings.Contains(err.Error(), "\n") {
					t.Fatalf("err = %v", err)
				}
				return
			}
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != domain.KindRejected || de.Code != c.code || de.Msg != c.msg {
				t.Fatalf("err = %v (%#v)\nwant %s %q", err, de, c.code, c.msg)
			}
		})
	}
}

// readThrough imports the whole file and returns the first error (file or rows).
func readThrough(path string) error {
	src, err := Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	rd, err := importer.NewReader(src, schema)
	if err != nil {
		return err
	}
	for {
		_, err := rd.Next()
		if err == io.EOF {
			return rd.Errors().Err()
		}
		if err != nil {
			return err
		}
	}
}

func TestOpenThroughImporter(t *testing.T) {
	p := writeFile(t, "p.CSV", []byte("SIRET;Nom\n73282932000074;A\n"))
	src, err := importer.Open(p, "")
	if err != nil {
		t.Fatal(err)
	}
	src.Close()
	if src, err := importer.Open(writeFile(t, "vide.csv", nil), ""); src != nil || domain.KindOf(err) != domain.KindRejected {
		t.Errorf("a failed open must give a nil Source and a rejection: %v %v", src, err)
	}
	_, err = importer.Open(p, "Feuil1")
	if domain.KindOf(err) != domain.KindInvalid || !strings.Contains(err.Error(), "is a CSV file, which has no sheets") {
		t.Errorf("--sheet on a CSV: %v", err)
	}
}

func TestWrite(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, []string{"Nom", "Formule", "Montant", "Date", "Note", "Nombre", "Actif", "Vide"}, [][]any{
		{"Société; Œuvre", "=HYPERLINK(\"http://x\")", domain.Money(-1250), domain.MustDate("2024-03-15"), Number("-12,50"), 3, true, nil},
		{"a \"quoted\"\nline", "+33 1 23 45 67 89", domain.Money(123456), domain.Date{}, 14.5, int64(-7), false, ""},
		{"-5", "@SUM(A1)", "\tTAB", "\rCR", Number("1234,5"), 0.1, domain.SIRET("73282932000074"), "ok"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "\ufeffNom;Formule;Montant;Date;Note;Nombre;Actif;Vide\r\n" +
		"\"Société; Œuvre\";\"'=HYPERLINK(\"\"http://x\"\")\";-12,50;15/03/2024;-12,50;3;oui;\r\n" +
		"\"a \"\"quoted\"\"\r\nline\";'+33 1 23 45 67 89;1234,56;;14,5;-7;non;\r\n" +
		"'-5;'@SUM(A1);'\tTAB;\"'CR\";1234,5;0,1;73282932000074;ok\r\n"
	// encoding/csv drops a lone CR inside a quoted cell in CRLF mode ("\rCR" → "'CR").
	if buf.String() != want {
		t.Errorf("got:\n%q\nwant:\n%q", buf.String(), want)
	}
	if _, err := Format(struct{}{}); err == nil {
		t.Error("unknown cell type must fail")
	}
}

// TestRandomFilesNeverPanic feeds random bytes: each file gives rows or a
// one-line rejection.
func TestRandomFilesNeverPanic(t *testing.T) {
	rnd := rand.New(rand.NewSource(5))
	dir := t.TempDir()
	alphabet := []byte("SIRET;Nom,\t\"\r\n\xe9\x81\xc3\xa9 abc0123456789")
	for i := 0; i < 200; i++ {
		b := make([]byte, rnd.Intn(2000))
		for j := range b {
			if i%2 == 0 {
				b[j] = alphabet[rnd.Intn(len(alphabet))]
			} else {
				b[j] = byte(rnd.Intn(256))
			}
		}
		p := filepath.Join(dir, "r.csv")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		err := readThrough(p)
		if err == nil {
			continue
		}
		if k := domain.KindOf(err); k != domain.KindRejected || strings.Contains(err.Error(), "\n") {
			t.Errorf("file %d: %v (kind %v)", i, err, k)
		}
	}
}
