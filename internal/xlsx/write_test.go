package xlsx

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
	"github.com/xuri/excelize/v2"
)

var at = time.Date(2026, 3, 15, 9, 30, 0, 0, time.UTC)

func tableBytes(t *testing.T, created time.Time) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := WriteTable(&buf, created, "Partenaires: actifs/2026", []Column{
		{Header: "SIRET", Text: true}, {Header: "Raison sociale"}, {Header: "Qualiopi jusqu'au"}, {Header: "Frais"}, {Header: "Sessions"}, {Header: "Note"}, {Header: "Actif"},
	}, [][]any{
		{Text("00012345678901"), "=HYPERLINK(\"http://x\")", domain.MustDate("2026-06-30"), domain.Money(123450), 3, 14.5, true},
		{domain.SIRET("73282932000074"), "Société Œuvre", domain.Date{}, domain.Money(-1250), int64(0), nil, false},
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteTableReadBack(t *testing.T) {
	b := tableBytes(t, at)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != 1 || sheets[0] != "Partenaires- actifs-2026" {
		t.Fatalf("sheets = %q", sheets)
	}
	sh := sheets[0]
	get := func(cell string, raw bool) string {
		v, err := f.GetCellValue(sh, cell, excelize.Options{RawCellValue: raw})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	checks := map[string]string{
		"A1": "SIRET", "B1": "Raison sociale", "A2": "00012345678901", "B2": `=HYPERLINK("http://x")`,
		"C2": "46203", "D2": "1234.5", "E2": "3", "F2": "14.5", "G2": "oui",
		"A3": "73282932000074", "B3": "Société Œuvre", "C3": "", "D3": "-12.5", "G3": "non",
	}
	for cell, want := range checks {
		if got := get(cell, true); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	if got := get("C2", false); got != "30/06/2026" {
		t.Errorf("formatted date = %q", got)
	}
	if formula, _ := f.GetCellFormula(sh, "B2"); formula != "" {
		t.Errorf("text became a formula: %q", formula)
	}
	numFmt := func(cell string) string {
		id, err := f.GetCellStyle(sh, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt != nil {
			return *st.CustomNumFmt
		}
		if st.NumFmt == 49 {
			return "@"
		}
		return ""
	}
	if numFmt("C2") != DateFormat || numFmt("D2") != MoneyFormat || numFmt("A2") != "@" {
		t.Errorf("number formats: date %q money %q text %q", numFmt("C2"), numFmt("D2"), numFmt("A2"))
	}
	id, _ := f.GetCellStyle(sh, "A1")
	if st, _ := f.GetStyle(id); st == nil || st.Font == nil || !st.Font.Bold {
		t.Error("header is not bold")
	}
	panes, err := f.GetPanes(sh)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row not frozen: %+v %v", panes, err)
	}
	if w, _ := f.GetColWidth(sh, "B"); w < 24 {
		t.Errorf("column B width %v does not fit its longest value", w)
	}
	props, err := f.GetDocProps()
	if err != nil || props.Creator != "habil" || props.Created != "2026-03-15T09:30:00Z" {
		t.Errorf("doc props = %+v %v", props, err)
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	a, b := tableBytes(t, at), tableBytes(t, at)
	if !bytes.Equal(a, b) {
		t.Fatal("same input and time gave different bytes")
	}
	if bytes.Equal(a, tableBytes(t, at.Add(time.Hour))) {
		t.Fatal("the creation time is not in the file")
	}
	var t1, t2 bytes.Buffer
	if err := WriteTemplate(&t1, templateSchema, at); err != nil {
		t.Fatal(err)
	}
	if err := WriteTemplate(&t2, templateSchema, at); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(t1.Bytes(), t2.Bytes()) {
		t.Fatal("template is not deterministic")
	}
}

func TestWorkbookSeveralSheets(t *testing.T) {
	wb, err := NewWorkbook(at)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	s1, err := wb.AddSheet("Synthèse", []Column{{Header: "Indicateur", Width: 40}, {Header: "Valeur"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s1.AddRow("Taux de réussite", 0.82); err != nil {
		t.Fatal(err)
	}
	s2, err := wb.AddSheet("Détail", []Column{{Header: "Nom"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s1.AddRow("trop tard"); err == nil {
		t.Error("writing to a finished sheet must fail")
	}
	if err := s2.AddRow(struct{}{}); err == nil {
		t.Error("an unsupported cell type must fail")
	}
	for i := 0; i < 3; i++ {
		if err := s2.AddRow("ligne"); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Synthèse,Détail" {
		t.Errorf("sheets = %s", got)
	}
	rows, _ := f.GetRows("Détail")
	if len(rows) != 4 || rows[3][0] != "ligne" {
		t.Errorf("Détail rows = %q", rows)
	}
	if v, _ := f.GetCellValue("Synthèse", "B2"); v != "0.82" {
		t.Errorf("B2 = %q", v)
	}
	if w, _ := f.GetColWidth("Synthèse", "A"); w != 40 {
		t.Errorf("width = %v", w)
	}
}

var templateSchema = importer.Schema{
	Name:     "Partenaires",
	Template: "habil partner template --out partenaires.xlsx",
	Fields: []importer.Field{
		{Key: "siret", Label: "SIRET", Aliases: []string{"n° siret", "numero siret", "siret_partenaire"}, Required: true, Kind: importer.Identifier,
			Help: "14 chiffres, clé de Luhn vérifiée", Example: "73282932000074"},
		{Key: "name", Label: "Raison sociale", Aliases: []string{"nom", "denomination"}, Required: true},
		{Key: "role", Label: "Rôle", Aliases: []string{"type de partenariat"}, Kind: importer.Enum,
			Choices: []importer.Choice{{Value: "partenaire", Aliases: []string{"partner"}}, {Value: "co-certificateur", Aliases: []string{"co-certifier"}}}},
		{Key: "from", Label: "Date de début", Aliases: []string{"debut"}, Kind: importer.Date, Example: "01/09/2025"},
		{Key: "fee", Label: "Frais", Kind: importer.Money},
		{Key: "qualiopi", Label: "Qualiopi", Kind: importer.Bool},
	},
}

func TestTemplate(t *testing.T) {
	p := filepath.Join(t.TempDir(), "modele.xlsx")
	fh, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteTemplate(fh, templateSchema, at); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.GetSheetList(), ","); got != "Partenaires,Explications" {
		t.Errorf("sheets = %s", got)
	}
	rows, _ := f.GetRows("Partenaires")
	if len(rows) != 1 || strings.Join(rows[0], "|") != "SIRET|Raison sociale|Rôle|Date de début|Frais|Qualiopi" {
		t.Errorf("template rows = %q", rows)
	}
	// The SIRET column is text for the rows the user will fill.
	styleOf := func(cell string) *excelize.Style {
		id, _ := f.GetCellStyle("Partenaires", cell)
		st, _ := f.GetStyle(id)
		return st
	}
	if st := styleOf("A500"); st == nil || st.NumFmt != 49 {
		t.Errorf("A500 style = %+v, want text (@)", st)
	}
	if st := styleOf("D2"); st == nil || st.CustomNumFmt == nil || *st.CustomNumFmt != DateFormat {
		t.Errorf("D2 style = %+v, want a date format", st)
	}
	if st := styleOf("A1"); st == nil || st.Font == nil || !st.Font.Bold {
		t.Error("header not bold")
	}
	dvs, _ := f.GetDataValidations("Partenaires")
	lists := map[string]string{}
	for _, dv := range dvs {
		lists[dv.Sqref] = dv.Formula1
	}
	if lists["C2:C1048576"] != `"partenaire,co-certificateur"` || lists["F2:F1048576"] != `"oui,non"` {
		t.Errorf("drop-down lists = %v", lists)
	}
	exp, _ := f.GetRows(ExplanationSheet)
	if len(exp) < 7 {
		t.Fatalf("explanations = %q", exp)
	}
	if strings.Join(exp[0], "|") != "Colonne|Obligatoire|Format|Valeurs acceptées|Autres intitulés acceptés|Exemple|Explication" {
		t.Errorf("explanation header = %q", exp[0])
	}
	siret := exp[1]
	if siret[0] != "SIRET" || siret[1] != "oui" || !strings.Contains(siret[2], "identifiant") ||
		siret[4] != "n° siret\nnumero siret\nsiret_partenaire" || siret[5] != "73282932000074" || siret[6] != "14 chiffres, clé de Luhn vérifiée" {
		t.Errorf("SIRET explanation = %q", siret)
	}
	if role := exp[3]; role[1] != "non" || role[3] != "partenaire (ou partner)\nco-certificateur (ou co-certifier)" {
		t.Errorf("Rôle explanation = %q", role)
	}
	f.Close()

	// The template, filled in by a user, imports.
	f, err = excelize.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetRow("Partenaires", "A2", &[]any{"73282932000074", "Société Œuvre", "Partner", "01/09/2025", "1 234,50", "oui"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	src, err := Open(p, "")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	rd, err := importer.NewReader(src, templateSchema)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := rd.Next()
	if err != nil {
		t.Fatal(err)
	}
	role, _ := rec.Enum("role")
	fee, _ := rec.Money("fee")
	q, _ := rec.Bool("qualiopi")
	if !rec.OK() || role != "partenaire" || fee != 123450 || !q || len(rd.Warnings()) != 0 {
		t.Errorf("filled template: ok=%v role=%q fee=%v q=%v warnings=%v errors=%v", rec.OK(), role, fee, q, rd.Warnings(), rec.Errors())
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Errorf("want EOF, got %v", err)
	}
}

func TestSheetName(t *testing.T) {
	for in, want := range map[string]string{
		"Partenaires":      "Partenaires",
		"a/b:c?d*e[f]g\\h": "a-b-c-d-e-f-g-h",
		"'quoted'":         "quoted",
		"":                 "Feuille",
		"Une feuille dont le nom est vraiment long": "Une feuille dont le nom est vra",
	} {
		if got := SheetName(in); got != want {
			t.Errorf("SheetName(%q) = %q, want %q", in, got, want)
		}
	}
}
