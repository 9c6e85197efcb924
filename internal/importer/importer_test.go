package importer

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// sliceSource is a Source over rows given in the test; row numbers are the
// index + 1 unless the row starts with a "#N" marker.
type sliceSource struct {
	name     string
	rows     [][]string
	bad      map[int]CellErrors
	date1904 bool
	i        int
	fatal    error
}

func (s *sliceSource) Name() string   { return s.name }
func (s *sliceSource) Date1904() bool { return s.date1904 }
func (s *sliceSource) Close() error   { return nil }
func (s *sliceSource) Next() (int, []string, error) {
	if s.i >= len(s.rows) {
		if s.fatal != nil {
			return 0, nil, s.fatal
		}
		return 0, nil, io.EOF
	}
	s.i++
	if b, ok := s.bad[s.i]; ok {
		return s.i, s.rows[s.i-1], b
	}
	return s.i, s.rows[s.i-1], nil
}

var testSchema = Schema{
	Name:     "Partenaires",
	Template: "habil partner template --out partenaires.xlsx",
	Fields: []Field{
		{Key: "siret", Label: "SIRET", Aliases: []string{"n° siret", "numero siret", "siret_partenaire"}, Required: true, Kind: Identifier},
		{Key: "name", Label: "Raison sociale", Aliases: []string{"nom", "name", "dénomination"}, Required: true},
		{Key: "role", Label: "Rôle", Aliases: []string{"type de partenariat"}, Kind: Enum,
			Choices: []Choice{{Value: "partner", Aliases: []string{"partenaire"}}, {Value: "co-certifier", Aliases: []string{"co-certificateur"}}}},
		{Key: "from", Label: "Date de début", Aliases: []string{"début", "debut"}, Kind: Date},
		{Key: "fee", Label: "Frais", Kind: Money},
		{Key: "score", Label: "Note", Kind: Decimal},
		{Key: "seats", Label: "Places", Kind: Integer},
		{Key: "qualiopi", Label: "Qualiopi", Kind: Bool},
	},
}

func newReader(t *testing.T, src *sliceSource) *Reader {
	t.Helper()
	r, err := NewReader(src, testSchema)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	return r
}

func readAll(t *testing.T, r *Reader) []*Record {
	t.Helper()
	recs, err := r.All()
	if err != nil {
		t.Fatalf("All: %v", err)
	}
	return recs
}

func TestHeaderBelowTitleRowsAndAliases(t *testing.T) {
	src := &sliceSource{name: "partenaires.xlsx", rows: [][]string{
		{"Liste des partenaires"},
		{"mise à jour le 15/03/2024", "", ""},
		{},
		{"N° SIRET ", "RAISON  SOCIALE", "Type de partenariat", "Commentaire", "Début"},
		{"732 829 320 00074", "Société Œuvre", "Co-Certificateur", "à revoir", "15/03/2024", "", "hors tableau"},
		{"", "", "", "", ""},
		{"  ", "\u00a0"},
		{"", "", "", "une note à côté du tableau"},
	}}
	r := newReader(t, src)
	if r.HeaderRow() != 4 {
		t.Errorf("header row = %d, want 4", r.HeaderRow())
	}
	if got := r.Column("siret"); got != "N° SIRET" {
		t.Errorf("siret column = %q", got)
	}
	if got := r.Column("name"); got != "RAISON SOCIALE" {
		t.Errorf("name column = %q (whitespace runs collapsed)", got)
	}
	if r.HasColumn("fee") || !r.HasColumn("from") {
		t.Errorf("HasColumn wrong: fee=%v from=%v", r.HasColumn("fee"), r.HasColumn("from"))
	}
	want := []string{`partenaires.xlsx: column "Commentaire" (D) is not an expected header; it was ignored`}
	if got := r.Warnings(); len(got) != 1 || got[0] != want[0] {
		t.Errorf("warnings = %q, want %q", got, want)
	}
	recs := readAll(t, r)
	want = append(want, "partenaires.xlsx: column G has no header; its values (from row 5) were ignored")
	if got := r.Warnings(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings after reading = %q, want %q", got, want)
	}
	if len(recs) != 1 {
		t.Fatalf("got %d records, want 1 (empty and formatting-only rows skipped)", len(recs))
	}
	rec := recs[0]
	if rec.Row != 5 {
		t.Errorf("row = %d, want 5", rec.Row)
	}
	if id, ok := rec.Identifier("siret"); !ok || id != "732 829 320 00074" {
		t.Errorf("siret = %q %v", id, ok)
	}
	if rec.Text("name") != "Société Œuvre" {
		t.Errorf("name = %q", rec.Text("name"))
	}
	if v, ok := rec.Enum("role"); !ok || v != "co-certifier" {
		t.Errorf("role = %q %v", v, ok)
	}
	if d, ok := rec.Date("from"); !ok || d.String() != "2024-03-15" {
		t.Errorf("from = %v %v", d, ok)
	}
	if _, ok := rec.Money("fee"); ok || rec.Has("fee") {
		t.Error("absent column must read as absent")
	}
	if r.Errors().Len() != 0 {
		t.Errorf("unexpected errors: %v", r.Errors().List())
	}
}

func TestValuesByKind(t *testing.T) {
	type want struct {
		key, cell string
		date1904  bool
		value     string // formatted value; "" when not ok
		code      string // expected error code
	}
	cases := []want{
		{key: "siret", cell: "73282932000074", value: "73282932000074"},
		{key: "siret", cell: "7.3282932000074E13", value: "73282932000074"},
		{key: "siret", cell: "7.3282932000074E+13", value: "73282932000074"},
		{key: "siret", cell: "73282932000074.0", value: "73282932000074"},
		{key: "siret", cell: "00012345678901", value: "00012345678901"},
		{key: "siret", cell: "8.52620E+13", code: "SCIENTIFIC_NOTATION"},
		{key: "siret", cell: "8,52620E+13", code: "SCIENTIFIC_NOTATION"},
		{key: "siret", cell: "1,23457E+13", code: "SCIENTIFIC_NOTATION"},
		{key: "siret", cell: "8.5262016007E+13", value: "85262016007000"},
		{key: "siret", cell: "1.2345678901234567E+19", code: "SCIENTIFIC_NOTATION"},
		{key: "siret", cell: "1.5E-1", code: "IDENTIFIER_DECIMAL"},
		{key: "siret", cell: "0751234A", value: "0751234A"},
		{key: "from", cell: "45366", value: "2024-03-15"},
		{key: "from", cell: "45366.75", value: "2024-03-15"},
		{key: "from", cell: "43904", date1904: true, value: "2024-03-15"},
		{key: "from", cell: "15/03/2024", value: "2024-03-15"},
		{key: "from", cell: "5/3/2024", value: "2024-03-05"},
		{key: "from", cell: "2024-03-15", value: "2024-03-15"},
		{key: "from", cell: "2024-03-15T00:00:00Z", value: "2024-03-15"},
		{key: "from", cell: "2024", code: "DATE_FORMAT"},
		{key: "from", cell: "31/02/2024", code: "DATE_RANGE"},
		{key: "from", cell: "mars 2024", code: "DATE_FORMAT"},
		{key: "fee", cell: "1 234,50", value: "1234.50"},
		{key: "fee", cell: "1\u00a0234,50 €", value: "1234.50"},
		{key: "fee", cell: "1\u202f234,5", value: "1234.50"},
		{key: "fee", cell: "1234.5", value: "1234.50"},
		{key: "fee", cell: "1234.5000000000002", value: "1234.50"},
		{key: "fee", cell: "-12,50", value: "-12.50"},
		{key: "fee", cell: "12,345", code: "AMOUNT_FORMAT"},
		{key: "fee", cell: "douze", code: "AMOUNT_FORMAT"},
		{key: "score", cell: "14,5", value: "14.5"},
		{key: "score", cell: "1 234,25", value: "1234.25"},
		{key: "score", cell: "75 %", code: "NUMBER_FORMAT"},
		{key: "score", cell: "-0.5", value: "-0.5"},
		{key: "score", cell: "NaN", code: "NUMBER_FORMAT"},
		{key: "score", cell: "1,2,3", code: "NUMBER_FORMAT"},
		{key: "seats", cell: "12", value: "12"},
		{key: "seats", cell: "1 200", value: "1200"},
		{key: "seats", cell: "12,5", code: "INTEGER_FORMAT"},
		{key: "role", cell: "PARTENAIRE", value: "partner"},
		{key: "role", cell: "partner", value: "partner"},
		{key: "role", cell: "sous-traitant", code: "VALUE_NOT_ALLOWED"},
		{key: "qualiopi", cell: "Oui", value: "true"},
		{key: "qualiopi", cell: "non", value: "false"},
		{key: "qualiopi", cell: "peut-être", code: "BOOL_FORMAT"},
		{key: "name", cell: "Soci\ufffdt\ufffd", code: "ENCODING"},
		{key: "name", cell: "a\x00b", code: "CONTROL_CHARACTER"},
		{key: "name", cell: "#N/A", code: "CELL_ERROR"},
		{key: "name", cell: strings.Repeat("x", MaxCellChars+1), code: "CELL_TOO_LONG"},
	}
	cols := []string{"SIRET", "Raison sociale", "Rôle", "Date de début", "Frais", "Note", "Places", "Qualiopi"}
	for _, c := range cases {
		name := c.key + "/" + c.cell
		if len(name) > 60 {
			name = name[:60]
		}
		t.Run(name, func(t *testing.T) {
			row := []string{"73282932000074", "X", "", "", "", "", "", ""}
			idx := map[string]int{"siret": 0, "name": 1, "role": 2, "from": 3, "fee": 4, "score": 5, "seats": 6, "qualiopi": 7}[c.key]
			row[idx] = c.cell
			r := newReader(t, &sliceSource{name: "f.csv", rows: [][]string{cols, row}, date1904: c.date1904})
			rec := readAll(t, r)[0]
			var got string
			var ok bool
			switch c.key {
			case "siret":
				got, ok = rec.Identifier(c.key)
			case "name":
				got, ok = rec.Text(c.key), rec.Valid(c.key)
			case "role":
				got, ok = rec.Enum(c.key)
			case "from":
				var d domain.Date
				d, ok = rec.Date(c.key)
				got = d.String()
			case "fee":
				var m domain.Money
				m, ok = rec.Money(c.key)
				got = m.Decimal()
			case "score":
				var f float64
				f, ok = rec.Decimal(c.key)
				got = strconv.FormatFloat(f, 'f', -1, 64)
			case "seats":
				var n int64
				n, ok = rec.Integer(c.key)
				got = strconv.FormatInt(n, 10)
			case "qualiopi":
				var b bool
				b, ok = rec.Bool(c.key)
				got = map[bool]string{true: "true", false: "false"}[b]
			}
			if c.code != "" {
				errs := rec.Errors()
				if ok || len(errs) != 1 || errs[0].Code != c.code {
					t.Fatalf("cell %q: ok=%v errors=%v, want one %s", c.cell, ok, errs, c.code)
				}
				if errs[0].Column != cols[idx] || errs[0].Row != 2 {
					t.Errorf("error located at %d:%s", errs[0].Row, errs[0].Column)
				}
				return
			}
			if !ok || got != c.value || !rec.OK() {
				t.Errorf("cell %q: got %q ok=%v errors=%v, want %q", c.cell, got, ok, rec.Errors(), c.value)
			}
		})
	}
}

func TestAllErrorsOfAllRows(t *testing.T) {
	src := &sliceSource{name: "partenaires.csv", rows: [][]string{
		{"Partenaires 2024"},
		{"SIRET", "Nom", "Début", "Frais"},
		{"73282932000074", "Alpha", "15/03/2024", "100"},
		{"8,52620E+13", "", "32/01/2024", "1 234,50"},
		{},
		{"73282932000074", "Gamma", "hier", "dix euros"},
		{"73282932000074", "Delta", "", ""},
	}}
	r := newReader(t, src)
	recs := readAll(t, r)
	if len(recs) != 4 {
		t.Fatalf("%d records, want 4", len(recs))
	}
	// A check done by the caller lands in the same list.
	if _, err := domain.ParseSIRET("73282932000075"); !recs[3].Fail("siret", err) {
		t.Fatal("Fail should record a domain error")
	}
	recs[3].Errorf("", "DUPLICATE", "same SIRET as row %d", recs[0].Row)
	var buf bytes.Buffer
	if err := r.Errors().Print(&buf, 0); err != nil {
		t.Fatal(err)
	}
	want := `partenaires.csv:4:SIRET: SCIENTIFIC_NOTATION: "8,52620E+13" is a number shortened to scientific notation: its last digits are lost; format the column as text in the spreadsheet and type the full number
partenaires.csv:4:Nom: VALUE_MISSING: Raison sociale is required but the cell is empty
partenaires.csv:4:Début: DATE_RANGE: "32/01/2024" is not a real date
partenaires.csv:6:Début: DATE_FORMAT: "hier" is not a date: write YYYY-MM-DD or DD/MM/YYYY
partenaires.csv:6:Frais: AMOUNT_FORMAT: "dix euros" is not an amount in euros (e.g. 150 or 1 234,50)
partenaires.csv:7:SIRET: SIRET_CHECKSUM: 732 829 320 00075 is not a valid SIRET (checksum); check the number on annuaire-entreprises.data.gouv.fr
partenaires.csv:7: DUPLICATE: same SIRET as row 3
`
	if buf.String() != want {
		t.Errorf("errors:\n%s\nwant:\n%s", buf.String(), want)
	}
	if recs[0].OK() != true || recs[1].OK() {
		t.Error("OK() per record is wrong")
	}
	err := r.Errors().Err()
	if domain.KindOf(err) != domain.KindRejected {
		t.Fatalf("kind = %v", domain.KindOf(err))
	}
	if err.Error() != "partenaires.csv: 7 errors in 3 rows; nothing was written" {
		t.Errorf("message = %q", err.Error())
	}
	buf.Reset()
	if err := r.Errors().Report(&buf, 2); err == nil {
		t.Error("Report must return the rejection")
	}
	if lines := strings.Split(strings.TrimSpace(buf.String()), "\n"); len(lines) != 3 || lines[2] != "… and 5 more errors" {
		t.Errorf("truncated print:\n%s", buf.String())
	}
}

func TestRejectedFiles(t *testing.T) {
	cases := []struct {
		name string
		rows [][]string
		code string
		msg  string
		hint string
	}{
		{"empty", nil, "FILE_EMPTY", "x.csv: the file has no rows", `expected headers: "SIRET", "Raison sociale" (required)`},
		{"blank rows only", [][]string{{"", " "}, {}}, "FILE_EMPTY", "x.csv: the file has no rows", ""},
		{"no header", [][]string{{"a", "b"}, {"1", "2"}}, "HEADER_NOT_FOUND", "x.csv: no header row found in the first 10 rows: none of the expected column names appears", "'habil partner template --out partenaires.xlsx' writes a blank spreadsheet"},
		{"missing required", [][]string{{"Titre"}, {"SIRET", "Rôle"}}, "COLUMN_MISSING", `x.csv: the header row (row 2) lacks a required column: "Raison sociale" (columns found: "SIRET", "Rôle")`, `"Rôle", "Date de début"`},
		{"missing both", [][]string{{"Rôle", "Frais"}}, "COLUMN_MISSING", `x.csv: the header row (row 1) lacks required columns: "SIRET", "Raison sociale" (columns found: "Rôle", "Frais")`, ""},
		{"duplicate", [][]string{{"SIRET", "Nom", "N° SIRET"}}, "DUPLICATE_COLUMN", `x.csv: columns "SIRET" (A) and "N° SIRET" (C) both give SIRET`, "keep only one of them in the header row (row 1)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewReader(&sliceSource{name: "x.csv", rows: c.rows}, testSchema)
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != domain.KindRejected || de.Code != c.code {
				t.Fatalf("err = %#v, want rejected %s", err, c.code)
			}
			if de.Msg != c.msg {
				t.Errorf("message = %q\nwant      %q", de.Msg, c.msg)
			}
			if !strings.Contains(de.Hint, c.hint) {
				t.Errorf("hint = %q, want it to contain %q", de.Hint, c.hint)
			}
		})
	}
}

func TestHeaderSearchLimitedToTenRows(t *testing.T) {
	rows := make([][]string, 0, 12)
	for i := 0; i < 10; i++ {
		rows = append(rows, []string{"titre"})
	}
	rows = append(rows, []string{"SIRET", "Nom"})
	_, err := NewReader(&sliceSource{name: "x.csv", rows: rows}, testSchema)
	if domain.KindOf(err) != domain.KindRejected {
		t.Fatalf("a header on row 11 must not be found: %v", err)
	}
}

func TestCellErrorsAndFatalErrors(t *testing.T) {
	src := &sliceSource{name: "f.xlsx",
		rows: [][]string{{"SIRET", "Nom"}, {"73282932000074", ""}, {"73282932000074", "ok"}},
		bad:  map[int]CellErrors{2: {{Col: 1, Code: "FORMULA_NO_VALUE", Msg: "formula without value"}}},
	}
	r := newReader(t, src)
	recs := readAll(t, r)
	if len(recs) != 2 {
		t.Fatalf("%d records", len(recs))
	}
	if e := recs[0].Errors(); len(e) != 1 || e[0].String() != "f.xlsx:2:Nom: FORMULA_NO_VALUE: formula without value" {
		t.Errorf("cell error = %v", e)
	}

	rows := [][]string{{"SIRET", "Nom"}}
	for i := 0; i < 15; i++ {
		rows = append(rows, []string{"1", "a"})
	}
	src = &sliceSource{name: "f.csv", rows: rows, fatal: errors.New("disk on fire")}
	r = newReader(t, src)
	for i := 0; i < 15; i++ {
		if _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
	}
	_, err := r.Next()
	if domain.KindOf(err) != domain.KindRejected || err.Error() != "f.csv: cannot read the file: disk on fire" {
		t.Errorf("fatal error = %v", err)
	}
}

func TestSchemaValidate(t *testing.T) {
	bad := []Schema{
		{Name: "x"},
		{Name: "x", Fields: []Field{{Key: "a", Label: "A"}, {Key: "a", Label: "B"}}},
		{Name: "x", Fields: []Field{{Key: "a", Label: "Début"}, {Key: "b", Label: "B", Aliases: []string{"debut"}}}},
		{Name: "x", Fields: []Field{{Key: "a", Label: "A", Kind: Enum}}},
		{Name: "x", Fields: []Field{{Key: "a", Label: "A", Kind: Enum, Choices: []Choice{{Value: "x", Aliases: []string{"y"}}, {Value: "y"}}}}},
	}
	for i, s := range bad {
		if s.Validate() == nil {
			t.Errorf("schema %d should be invalid", i)
		}
	}
	if err := testSchema.Validate(); err != nil {
		t.Error(err)
	}
}

func TestRowErrorString(t *testing.T) {
	e := RowError{File: "p.xlsx", Row: 12, Column: "N° SIRET", Code: "SIRET_LENGTH", Msg: "too short"}
	if e.String() != "p.xlsx:12:N° SIRET: SIRET_LENGTH: too short" {
		t.Errorf("%q", e.String())
	}
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 701: "ZZ", 702: "AAA"} {
		if got := ColumnLetter(i); got != want {
			t.Errorf("ColumnLetter(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestOpenDispatch(t *testing.T) {
	dir := t.TempDir()
	write := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var opened string
	RegisterFormat(".test", func(path, sheet string) (Source, error) {
		opened = path + "|" + sheet
		return &sliceSource{name: filepath.Base(path)}, nil
	})
	p := write("a.TEST")
	if _, err := Open(p, "S"); err != nil || opened != p+"|S" {
		t.Errorf("dispatch: %v %q", err, opened)
	}
	cases := []struct {
		path string
		kind domain.Kind
		msg  string
	}{
		{write("old.xls"), domain.KindRejected, "old.xls: the file is an Excel 97-2003 workbook (.xls), which habil cannot read"},
		{write("doc.pdf"), domain.KindRejected, `doc.pdf: the file has the extension ".pdf"; habil imports .test files`},
		{filepath.Join(dir, "missing.xlsx"), domain.KindNotFound, filepath.Join(dir, "missing.xlsx") + ": no such file"},
		{dir, domain.KindInternal, dir + " is a folder, not a spreadsheet file"},
	}
	for _, c := range cases {
		_, err := Open(c.path, "")
		if domain.KindOf(err) != c.kind || err.Error() != c.msg {
			t.Errorf("Open(%s) = %v (kind %v), want %q", filepath.Base(c.path), err, domain.KindOf(err), c.msg)
		}
	}
}

func TestClosestHeader(t *testing.T) {
	s := Schema{Fields: []Field{
		{Key: "certification", Label: "Certification", Aliases: []string{"certification", "code rncp"}},
		{Key: "from", Label: "Date de début", Aliases: []string{"date de debut", "date debut"}},
		{Key: "nda", Label: "NDA", Aliases: []string{"nda"}},
	}}
	for cell, want := range map[string]string{
		"Certif": "Certification", "Date debutt": "Date de début", "Code  RNCP ": "Certification", "N.D.A.": "NDA",
		"Commentaire": "", "Zzz": "", "Id": "", "": "",
	} {
		if got := closestHeader(cell, s); got != want {
			t.Errorf("closestHeader(%q) = %q, want %q", cell, got, want)
		}
	}
}
