package xlsx

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/importer"
	"github.com/xuri/excelize/v2"
)

var formSchema = importer.Schema{Name: "Audit", Fields: []importer.Field{
	{Key: "code", Label: "code", Required: true, Kind: importer.Identifier},
	{Key: "point", Label: "point de contrôle", Kind: importer.Text},
	{Key: "status", Label: "statut", Required: true, Kind: importer.Enum, Allowed: []string{"conforme", "non conforme", "n/a"}},
	{Key: "severity", Label: "gravité", Kind: importer.Enum, Allowed: []string{"mineure", "majeure"}},
	{Key: "deadline", Label: "échéance", Kind: importer.Date},
}}

func TestWriteForm(t *testing.T) {
	var buf bytes.Buffer
	form := Form{Title: "Grille d'audit — Formapro", Preamble: [][2]string{{"Partenaire", "Formapro"}, {"SIRET", "817 389 141 00018"}},
		Rows: [][]string{{"LEG-01", "SIRET actif"}, {"WEB-01", "Intitulé exact"}}, Notes: []string{"Note d'audit."}}
	if err := WriteForm(&buf, formSchema, form, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if l := f.GetSheetList(); len(l) != 2 || l[0] != "Audit" || l[1] != ExplanationSheet {
		t.Fatalf("sheets %q", l)
	}
	rows, _ := f.GetRows("Audit")
	// Title, 2 identity lines, a blank row, the header (row 5), 2 rows.
	if len(rows) != 7 || rows[0][0] != "Grille d'audit — Formapro" || rows[2][1] != "817 389 141 00018" {
		t.Fatalf("rows %q", rows)
	}
	if got := strings.Join(rows[4], "|"); got != "code|point de contrôle|statut|gravité|échéance" {
		t.Errorf("header row %q", got)
	}
	if rows[5][0] != "LEG-01" || rows[6][1] != "Intitulé exact" {
		t.Errorf("data rows %q", rows[5:])
	}
	dvs, err := f.GetDataValidations("Audit")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, dv := range dvs {
		got[dv.Sqref] = dv.Formula1
	}
	if !strings.Contains(got["C6:C7"], "non conforme") || !strings.Contains(got["C6:C7"], "n/a") || !strings.Contains(got["D6:D7"], "majeure") || len(got) != 2 {
		t.Errorf("drop-downs %q", got)
	}
	style, _ := f.GetCellStyle("Audit", "E6")
	st, err := f.GetStyle(style)
	if err != nil || st.NumFmt != 14 && (st.CustomNumFmt == nil || !strings.Contains(*st.CustomNumFmt, "yy")) {
		t.Errorf("échéance is not a date column: %+v %v", st, err)
	}
	ex, _ := f.GetRows(ExplanationSheet)
	var text string
	for _, r := range ex {
		text += strings.Join(r, " ") + "\n"
	}
	if !strings.Contains(text, "Note d'audit.") || !strings.Contains(text, "statut") {
		t.Errorf("Explications sheet: %s", text)
	}
}
