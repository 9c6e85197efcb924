package xlsx

import (
	"archive/zip"
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
	"github.com/xuri/excelize/v2"
)

var schema = importer.Schema{
	Name: "Partenaires",
	Fields: []importer.Field{
		{Key: "siret", Label: "SIRET", Aliases: []string{"n° siret", "numero siret"}, Required: true, Kind: importer.Identifier},
		{Key: "name", Label: "Raison sociale", Aliases: []string{"nom"}, Required: true},
		{Key: "from", Label: "Date de début", Aliases: []string{"début"}, Kind: importer.Date},
		{Key: "fee", Label: "Montant", Kind: importer.Money},
		{Key: "cert", Label: "Certification", Kind: importer.Text},
	},
}

type row struct {
	n                 int
	siret, name, from string
	fee               domain.Money
	cert              string
}

// build writes a workbook made by fn with excelize and returns its path.
func build(t testing.TB, fn func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fn(f)
	p := filepath.Join(t.TempDir(), "partenaires.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// readAll imports the sheet and returns the records and the reader.
func readAll(t *testing.T, path, sheet string) ([]row, *importer.Reader) {
	t.Helper()
	src, err := Open(path, sheet)
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
			return out, rd
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		id, _ := rec.Identifier("siret")
		d, _ := rec.Date("from")
		m, _ := rec.Money("fee")
		out = append(out, row{rec.Row, id, rec.Text("name"), d.String(), m, rec.Text("cert")})
	}
}

func partnerWorkbook(t testing.TB, date1904 bool) string {
	return build(t, func(f *excelize.File) {
		// A hidden first sheet: the default is the first visible one.
		must(t, f.SetSheetName("Sheet1", "Listes"))
		must(t, f.SetCellStr("Listes", "A1", "SIRET"))
		idx, err := f.NewSheet("Partenaires")
		must(t, err)
		f.SetActiveSheet(idx)
		must(t, f.SetSheetVisible("Listes", false))
		if date1904 {
			yes := true
			must(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
		}
		sh := "Partenaires"
		dateFmt := "dd/mm/yyyy"
		ds, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
		must(t, err)
		must(t, f.SetCellStr(sh, "A1", "Partenaires habilités au 15/03/2024"))
		must(t, f.MergeCell(sh, "A1", "E1"))
		// Header on row 3, with a header merged over rows 3-4 ("Certification")
		// and one over two columns ("Montant").
		must(t, f.SetSheetRow(sh, "A3", &[]any{"N° SIRET", "Raison sociale", "Début", "Montant", "", "Certification"}))
		must(t, f.MergeCell(sh, "D3", "E3"))
		serial := 45366 // 2024-03-15 in the 1900 system
		if date1904 {
			serial -= 1462
		}
		must(t, f.SetCellInt(sh, "A4", 73282932000074))
		must(t, f.SetCellStr(sh, "B4", "Société Œuvre"))
		must(t, f.SetCellInt(sh, "C4", int64(serial)))
		must(t, f.SetCellStyle(sh, "C4", "C4", ds))
		must(t, f.SetCellFloat(sh, "D4", 1234.5, -1, 64))
		must(t, f.SetCellStr(sh, "F4", "RNCP37873"))
		must(t, f.MergeCell(sh, "F4", "F5")) // fill-down: row 5 has the same certification
		must(t, f.SetCellDefault(sh, "A5", "7.3282932000074E13"))
		must(t, f.SetCellStr(sh, "B5", "Cœur de France"))
		must(t, f.SetCellStr(sh, "C5", "15/03/2024"))
		must(t, f.SetCellStr(sh, "D5", "1\u00a0234,50"))
		must(t, f.SetCellStr(sh, "A7", "85262016007290"))
		must(t, f.SetCellStr(sh, "B7", "Gamma"))
		must(t, f.SetCellStr(sh, "D7", "1 234,50 €"))
		// Formatting-only trailing rows.
		must(t, f.SetCellStyle(sh, "A9", "F40", ds))
	})
}

func TestReadWorkbook(t *testing.T) {
	want := []row{
		{4, "73282932000074", "Société Œuvre", "2024-03-15", 123450, "RNCP37873"},
		{5, "73282932000074", "Cœur de France", "2024-03-15", 123450, "RNCP37873"},
		{7, "85262016007290", "Gamma", "", 123450, ""},
	}
	for _, date1904 := range []bool{false, true} {
		name := map[bool]string{false: "1900", true: "1904"}[date1904]
		t.Run(name, func(t *testing.T) {
			p := partnerWorkbook(t, date1904)
			got, rd := readAll(t, p, "")
			if rd.Errors().Len() > 0 {
				t.Fatalf("errors: %v", rd.Errors().List())
			}
			if rd.HeaderRow() != 3 {
				t.Errorf("header row %d", rd.HeaderRow())
			}
			if len(got) != len(want) {
				t.Fatalf("got %+v", got)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("got  %+v\nwant %+v", got[i], want[i])
				}
			}
		})
	}
}

func TestBadRowsAllReported(t *testing.T) {
	p := build(t, func(f *excelize.File) {
		sh := "Sheet1"
		must(t, f.SetSheetRow(sh, "A1", &[]any{"Liste"}))
		must(t, f.SetSheetRow(sh, "A2", &[]any{"SIRET", "Nom", "Date de début", "Montant"}))
		must(t, f.SetSheetRow(sh, "A3", &[]any{"8,52620E+13", "A", "32/13/2024", "12"}))
		must(t, f.SetSheetRow(sh, "A4", &[]any{"73282932000074", "", "15/03/2024", "douze"}))
		must(t, f.SetSheetRow(sh, "A6", &[]any{"73282932000074", "C"}))
		must(t, f.SetCellFormula(sh, "D6", "D5*2")) // no cached value
		must(t, f.SetSheetRow(sh, "A7", &[]any{"73282932000074", "#N/A"}))
	})
	_, rd := readAll(t, p, "")
	var b strings.Builder
	must(t, rd.Errors().Print(&b, 0))
	want := `partenaires.xlsx:3:SIRET: SCIENTIFIC_NOTATION: "8,52620E+13" is a number shortened to scientific notation: its last digits are lost; format the column as text in the spreadsheet and type the full number
partenaires.xlsx:3:Date de début: DATE_RANGE: "32/13/2024" is not a real date
partenaires.xlsx:4:Nom: VALUE_MISSING: Raison sociale is required but the cell is empty
partenaires.xlsx:4:Montant: AMOUNT_FORMAT: "douze" is not an amount in euros (e.g. 150 or 1 234,50)
partenaires.xlsx:6:Montant: FORMULA_NO_VALUE: the cell holds a formula whose result was not saved in the file; open the file in Excel or LibreOffice and save it again
partenaires.xlsx:7:Nom: CELL_ERROR: the cell shows the spreadsheet error #N/A (a formula failed); correct the formula or type the value
`
	if b.String() != want {
		t.Errorf("errors:\n%s\nwant:\n%s", b.String(), want)
	}
	if err := rd.Errors().Err(); err == nil || err.Error() != "partenaires.xlsx: 6 errors in 4 rows; nothing was written" {
		t.Errorf("rejection = %v", err)
	}
}

func TestMissingColumnAndSheets(t *testing.T) {
	p := build(t, func(f *excelize.File) {
		must(t, f.SetSheetName("Sheet1", "Données"))
		must(t, f.SetSheetRow("Données", "A1", &[]any{"SIRET", "Ville"}))
		_, err := f.NewSheet("Feuil2")
		must(t, err)
		must(t, f.SetSheetRow("Feuil2", "A1", &[]any{"SIRET", "Nom"}))
		must(t, f.SetSheetRow("Feuil2", "A2", &[]any{"73282932000074", "Alpha"}))
	})
	src, err := Open(p, "")
	must(t, err)
	_, err = importer.NewReader(src, schema)
	src.Close()
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindRejected || de.Msg != `partenaires.xlsx: the header row (row 1) lacks a required column: "Raison sociale" (columns found: "SIRET", "Ville")` {
		t.Errorf("missing column: %v", err)
	}
	if got, _ := readAll(t, p, "feuil2"); len(got) != 1 || got[0].name != "Alpha" {
		t.Errorf("--sheet feuil2: %+v", got)
	}
	if src, err := Open(p, "donnees "); err != nil || src.Sheet() != "Données" {
		t.Errorf("--sheet matched with Fold: %v", err)
	} else {
		src.Close()
	}
	_, err = Open(p, "Partenaires")
	if !errors.As(err, &de) || de.Kind != domain.KindNotFound || de.Msg != `partenaires.xlsx has no sheet "Partenaires"` ||
		de.Hint != `its sheets are "Données", "Feuil2"; choose one with --sheet` {
		t.Errorf("unknown sheet: %#v", err)
	}
}

// rezip copies the zip at path, replacing the named entries.
func rezip(t *testing.T, path string, replace map[string][]byte) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	must(t, err)
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range zr.File {
		w, err := zw.Create(e.Name)
		must(t, err)
		if b, ok := replace[e.Name]; ok {
			_, err = w.Write(b)
			must(t, err)
			continue
		}
		rc, err := e.Open()
		must(t, err)
		_, err = io.Copy(w, rc)
		must(t, err)
		rc.Close()
	}
	must(t, zw.Close())
	out := filepath.Join(t.TempDir(), "patched.xlsx")
	must(t, os.WriteFile(out, buf.Bytes(), 0o600))
	return out
}

func TestHostileWorkbooks(t *testing.T) {
	good := partnerWorkbook(t, false)
	goodBytes, err := os.ReadFile(good)
	must(t, err)
	dir := t.TempDir()
	file := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		must(t, os.WriteFile(p, b, 0o600))
		return p
	}
	rnd := rand.New(rand.NewSource(7))
	random := make([]byte, 8192)
	rnd.Read(random)
	var notWorkbook bytes.Buffer
	zw := zip.NewWriter(&notWorkbook)
	w, _ := zw.Create("hello.txt")
	w.Write([]byte("hello"))
	zw.Close()
	bigCell := rezip(t, good, map[string][]byte{"xl/worksheets/sheet2.xml": []byte(`<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>SIRET</t></is></c><c r="B1" t="inlineStr"><is><t>Nom</t></is></c></row>
<row r="2"><c r="A2"><v>73282932000074</v></c><c r="B2" t="inlineStr"><is><t>` + strings.Repeat("a", 2<<20) + `</t></is></c></row>
</sheetData></worksheet>`)})

	cases := []struct {
		name, path, code string
	}{
		{"empty", file("empty.xlsx", nil), "FILE_EMPTY"},
		{"random bytes", file("random.xlsx", random), "NOT_XLSX"},
		{"truncated", file("truncated.xlsx", goodBytes[:len(goodBytes)/2]), "XLSX_DAMAGED"},
		{"zip header only", file("zip.xlsx", goodBytes[:100]), "XLSX_DAMAGED"},
		{"nul bytes", file("nul.xlsx", make([]byte, 1000)), "NOT_XLSX"},
		{"csv named xlsx", file("text.xlsx", []byte("SIRET;Nom\n1;a\n")), "NOT_XLSX"},
		{"old xls", file("old.xlsx", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0}), "XLSX_OLD_OR_PROTECTED"},
		{"zip but not a workbook", file("other.xlsx", notWorkbook.Bytes()), "XLSX_DAMAGED"},
		{"2 MB cell", bigCell, "CELL_TOO_LONG"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := importWhole(c.path)
			t.Logf("%v (hint: %s)", err, domain.HintOf(err))
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != domain.KindRejected {
				t.Fatalf("err = %v, want a rejection", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("message on several lines: %q", err.Error())
			}
			if de.Code != c.code && !(c.code == "CELL_TOO_LONG" && de.Code == "IMPORT_REJECTED") {
				t.Errorf("code = %s (%v), want %s", de.Code, err, c.code)
			}
		})
	}
	// The 2 MB cell is one row error, located.
	src, err := Open(bigCell, "")
	must(t, err)
	defer src.Close()
	rd, err := importer.NewReader(src, schema)
	must(t, err)
	_, err = rd.All()
	must(t, err)
	if l := rd.Errors().List(); len(l) != 1 || l[0].Row != 2 || l[0].Column != "Nom" || l[0].Code != "CELL_TOO_LONG" {
		t.Errorf("2 MB cell errors = %v", l)
	}
}

func TestUnzipLimit(t *testing.T) {
	p := partnerWorkbook(t, false)
	defer func(v int64) { unzipLimit = v }(unzipLimit)
	unzipLimit = 20 << 10
	_, err := Open(p, "")
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindRejected || de.Code != "XLSX_TOO_LARGE" {
		t.Errorf("err = %v", err)
	}
}

// importWhole imports the file and returns the first error (file or rows).
func importWhole(path string) error {
	src, err := Open(path, "")
	if err != nil {
		return err
	}
	defer src.Close()
	rd, err := importer.NewReader(src, schema)
	if err != nil {
		return err
	}
	if _, err := rd.All(); err != nil {
		return err
	}
	return rd.Errors().Err()
}

func TestOpenThroughImporter(t *testing.T) {
	p := partnerWorkbook(t, false)
	up := filepath.Join(filepath.Dir(p), "PARTENAIRES.XLSX")
	must(t, os.Rename(p, up))
	src, err := importer.Open(up, "Partenaires")
	must(t, err)
	defer src.Close()
	if src.Name() != "PARTENAIRES.XLSX" {
		t.Errorf("name %q", src.Name())
	}
	bad := filepath.Join(t.TempDir(), "vide.xlsx")
	must(t, os.WriteFile(bad, nil, 0o600))
	if src, err := importer.Open(bad, ""); src != nil || domain.KindOf(err) != domain.KindRejected {
		t.Errorf("a failed open must give a nil Source and a rejection: %v %v", src, err)
	}
}

func TestScanSheet(t *testing.T) {
	xml := `<?xml version="1.0"?><!-- a comment with <c> inside --><x:worksheet xmlns:x="ns"><x:sheetData>` +
		`<x:row r="2"><x:c r="B2"><x:f>A1</x:f></x:c><x:c><x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r="E2" t="str"><x:f>""</x:f><x:v></x:v></x:c><x:c/></x:row>` +
		`<x:row><x:c><x:f t="shared" si="0"/></x:c><x:c r="C3" t="inlineStr"><x:is><x:t><![CDATA[<c><f>]]></x:t></x:is></x:c></x:row>` +
		`</x:sheetData><x:mergeCells><x:mergeCell ref="A1:C1"/><x:mergeCell ref='B4:B9'/></x:mergeCells></x:worksheet>`
	sc, err := scanSheet(strings.NewReader(xml))
	must(t, err)
	if got := sc.noValue; len(got) != 2 || len(got[2]) != 1 || got[2][0] != 1 || len(got[3]) != 1 || got[3][0] != 0 {
		t.Errorf("formulas without value = %v, want row 2 col B and row 3 col A", got)
	}
	if len(sc.merges) != 2 || sc.merges[0] != (cellRange{1, 0, 1, 2}) || sc.merges[1] != (cellRange{4, 1, 9, 1}) {
		t.Errorf("merges = %v", sc.merges)
	}
	// A tokenizer must survive any byte soup.
	rnd := rand.New(rand.NewSource(3))
	for i := 0; i < 200; i++ {
		b := make([]byte, rnd.Intn(3000))
		for j := range b {
			const soup = "<>/cfv=\"' rR1A:x!-[]"
			b[j] = soup[rnd.Intn(len(soup))]
		}
		if _, err := scanSheet(bytes.NewReader(b)); err != nil {
			t.Fatalf("scanSheet(%q): %v", b, err)
		}
	}
}

func TestParseRef(t *testing.T) {
	for ref, want := range map[string][2]int{"A1": {0, 1}, "Z9": {25, 9}, "AA10": {26, 10}, "XFD1048576": {16383, 1048576}, "$B$3": {-1, -1}} {
		c, r, ok := parseRef(ref)
		if want[0] < 0 {
			if ok {
				t.Errorf("parseRef(%q) should fail", ref)
			}
			continue
		}
		if !ok || c != want[0] || r != want[1] {
			t.Errorf("parseRef(%q) = %d,%d,%v", ref, c, r, ok)
		}
	}
}

// TestCorruptedWorkbooksNeverPanic truncates and damages a good workbook in
// many places: each attempt ends with rows or a one-line rejection.
func TestCorruptedWorkbooksNeverPanic(t *testing.T) {
	good, err := os.ReadFile(partnerWorkbook(t, false))
	must(t, err)
	dir := t.TempDir()
	rnd := rand.New(rand.NewSource(11))
	for i := 0; i < 60; i++ {
		b := append([]byte(nil), good...)
		if i%2 == 0 {
			b = b[:rnd.Intn(len(b))]
		} else {
			for j := 0; j < 1+rnd.Intn(20); j++ {
				b[rnd.Intn(len(b))] = byte(rnd.Intn(256))
			}
		}
		p := filepath.Join(dir, "c.xlsx")
		must(t, os.WriteFile(p, b, 0o600))
		err := importWhole(p)
		t.Logf("attempt %d: %v", i, err)
		if err == nil {
			continue // damage in a part that does not matter
		}
		if k := domain.KindOf(err); k != domain.KindRejected || strings.Contains(err.Error(), "\n") {
			t.Errorf("attempt %d: %v (kind %v)", i, err, k)
		}
	}
}
