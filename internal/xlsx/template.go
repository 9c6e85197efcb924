package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
	"github.com/xuri/excelize/v2"
)

// ExplanationSheet is the name of the template's second sheet.
const ExplanationSheet = "Explications"

// kindFormat describes a kind of column for users, in French.
var kindFormat = map[importer.Kind]string{
	importer.Text:       "texte",
	importer.Identifier: "identifiant saisi comme texte : tous les chiffres sont gardés (la colonne est au format Texte)",
	importer.Date:       "date JJ/MM/AAAA (ou AAAA-MM-JJ, ou cellule au format date)",
	importer.Money:      "montant en euros, virgule décimale, espaces acceptés (ex. 1 234,50)",
	importer.Decimal:    "nombre, virgule décimale (ex. 14,5)",
	importer.Integer:    "nombre entier",
	importer.Enum:       "une des valeurs acceptées",
	importer.Bool:       "oui ou non",
}

// templateNotes are written below the column table of the explanation sheet.
var templateNotes = []string{
	"Les colonnes sur fond orangé sont obligatoires ; les autres peuvent rester vides ou être supprimées.",
	"Les intitulés de colonnes sont reconnus sans tenir compte des majuscules, des accents ni de la ponctuation ; des lignes de titre au-dessus des intitulés sont acceptées ; les colonnes inconnues sont ignorées (habil les signale).",
	"Dates : JJ/MM/AAAA ou cellule au format date. Montants et nombres : virgule décimale, espaces acceptés comme séparateurs de milliers.",
	"Le fichier peut aussi être enregistré en CSV (UTF-8 ou Windows-1252 ; séparateur point-virgule, virgule ou tabulation).",
	"Une importation est tout ou rien : si une ligne est invalide, habil liste toutes les erreurs (ligne, colonne) et n'enregistre rien.",
}

// WriteTemplate writes the blank import workbook of s to w: a first sheet
// named after the schema with the headers (Labels) in order (required ones
// highlighted), identifier columns formatted as text so that SIRETs keep
// their digits, date and money columns formatted, drop-down lists for
// columns with allowed values; and a second sheet, "Explications", that
// explains every column (required or not, format, allowed values, other
// accepted headers, example, help). created is written in the document
// properties.
func WriteTemplate(w io.Writer, s importer.Schema, created time.Time) error {
	f, st, main, err := newSchemaWorkbook(s)
	if err != nil {
		return err
	}
	defer f.Close()
	for i, fd := range s.Fields {
		col, _ := excelize.ColumnNumberToName(i + 1)
		ref := col + "1"
		if err := writeHeaderCell(f, main, st, fd, col, 1, nil, 50); err != nil {
			return err
		}
		colStyle := 0
		switch fd.Kind {
		case importer.Identifier:
			colStyle = st.text
		case importer.Date:
			colStyle = st.date
		case importer.Money:
			colStyle = st.money
		}
		if colStyle != 0 {
			if err := f.SetColStyle(main, col, colStyle); err != nil {
				return err
			}
			// The column style does not apply to the header cell already set.
			if err := f.SetCellStyle(main, ref, ref, headerStyle(st, fd)); err != nil {
				return err
			}
		}
		if vals := fd.AllowedValues(); len(vals) > 0 && (fd.Kind == importer.Enum || fd.Kind == importer.Bool) {
			if err := addDropList(f, main, col, vals); err != nil {
				return err
			}
		}
	}
	if err := f.SetPanes(main, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if _, err := writeExplanations(f, s, st); err != nil {
		return err
	}
	return finishWorkbook(w, f, "Modèle d'importation : "+s.Name, created)
}

// writeHeaderCell writes fd's label in column col of the header row of
// sheet, highlighted when required, and sets the column's width: from the
// label (at least 14), or widths[fd.Key] when given, at most maxWidth.
// The callers write each column whole, header then cells, in order: the
// shared strings, hence the bytes, follow that order.
func writeHeaderCell(f *excelize.File, sheet string, st styles, fd importer.Field, col string, row int, widths map[string]float64, maxWidth float64) error {
	ref := fmt.Sprintf("%s%d", col, row)
	if err := f.SetCellStr(sheet, ref, fd.Label); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, ref, ref, headerStyle(st, fd)); err != nil {
		return err
	}
	width := float64(max(14, utf8.RuneCountInString(fd.Label)+4))
	if w, ok := widths[fd.Key]; ok {
		width = w
	}
	return f.SetColWidth(sheet, col, col, min(width, maxWidth))
}

// headerStyle is the style of fd's header cell.
func headerStyle(st styles, fd importer.Field) int {
	if fd.Required {
		return st.required
	}
	return st.header
}

// newSchemaWorkbook starts the workbook of an import schema: its styles and
// its first sheet, named after the schema.
func newSchemaWorkbook(s importer.Schema) (*excelize.File, styles, string, error) {
	if err := s.Validate(); err != nil {
		return nil, styles{}, "", err
	}
	f := excelize.NewFile()
	st, err := makeStyles(f)
	if err != nil {
		f.Close()
		return nil, styles{}, "", err
	}
	main := SheetName(s.Name)
	if main == ExplanationSheet {
		main += " (données)"
	}
	if err := f.SetSheetName("Sheet1", main); err != nil {
		f.Close()
		return nil, styles{}, "", err
	}
	return f, st, main, nil
}

// finishWorkbook writes the document properties (created is the creation
// and modification time: same data, same bytes) and the workbook to w, the
// first sheet active.
func finishWorkbook(w io.Writer, f *excelize.File, title string, created time.Time) error {
	ts := created.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "habil", LastModifiedBy: "habil", Created: ts, Modified: ts, Title: title,
	}); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// addDropList offers the allowed values in a drop-down over the column's
// data rows (from row 2).
func addDropList(f *excelize.File, sheet, col string, vals []string) error {
	return addDropListRange(f, sheet, fmt.Sprintf("%s2:%s1048576", col, col), vals)
}

// addDropListRange offers the allowed values in a drop-down over a cell
// range (sqref "C8:C52"); other values stay possible (a warning only),
// since aliases are accepted too. Lists that Excel cannot hold (commas,
// over 255 characters) are left out: values are still checked on import.
func addDropListRange(f *excelize.File, sheet, sqref string, vals []string) error {
	total := 0
	for _, v := range vals {
		if strings.ContainsAny(v, `,"`) {
			return nil
		}
		total += len(v) + 1
	}
	if total > 255 {
		return nil
	}
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(sqref)
	if err := dv.SetDropList(vals); err != nil {
		return nil
	}
	dv.SetError(excelize.DataValidationErrorStyleWarning, "Valeur inattendue", "Valeurs acceptées : "+strings.Join(vals, ", ")+" (voir la feuille Explications).")
	return f.AddDataValidation(sheet, dv)
}

// writeExplanations writes the "Explications" sheet and returns its last
// row (the last general note's).
func writeExplanations(f *excelize.File, s importer.Schema, st styles) (int, error) {
	const sh = ExplanationSheet
	if _, err := f.NewSheet(sh); err != nil {
		return 0, err
	}
	headers := []string{"Colonne", "Obligatoire", "Format", "Valeurs acceptées", "Autres intitulés acceptés", "Exemple", "Explication"}
	widths := []float64{28, 12, 36, 36, 36, 22, 60}
	for i, h := range headers {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetCellStr(sh, col+"1", h); err != nil {
			return 0, err
		}
		if err := f.SetColWidth(sh, col, col, widths[i]); err != nil {
			return 0, err
		}
	}
	if err := f.SetCellStyle(sh, "A1", "G1", st.header); err != nil {
		return 0, err
	}
	for i, fd := range s.Fields {
		row := i + 2
		required := "non"
		if fd.Required {
			required = "oui"
		}
		vals := []any{fd.Label, required, kindFormat[fd.Kind], allowedText(fd), strings.Join(otherHeaders(fd), "\n"), fd.Example, fd.Help}
		for j, v := range vals {
			col, _ := excelize.ColumnNumberToName(j + 1)
			if err := f.SetCellStr(sh, fmt.Sprintf("%s%d", col, row), v.(string)); err != nil {
				return 0, err
			}
		}
		if err := f.SetCellStyle(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("G%d", row), st.wrap); err != nil {
			return 0, err
		}
		if err := f.SetCellStyle(sh, fmt.Sprintf("F%d", row), fmt.Sprintf("F%d", row), st.text); err != nil {
			return 0, err
		}
	}
	row := len(s.Fields) + 3
	for _, n := range templateNotes {
		if err := f.SetCellStr(sh, fmt.Sprintf("A%d", row), n); err != nil {
			return 0, err
		}
		row++
	}
	return row - 1, f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// allowedText lists the allowed values, with their other spellings.
func allowedText(fd importer.Field) string {
	if len(fd.Allowed) > 0 || len(fd.Choices) == 0 {
		return strings.Join(fd.AllowedValues(), "\n")
	}
	lines := make([]string, len(fd.Choices))
	for i, c := range fd.Choices {
		lines[i] = c.Value
		if len(c.Aliases) > 0 {
			lines[i] += " (ou " + strings.Join(c.Aliases, ", ") + ")"
		}
	}
	return strings.Join(lines, "\n")
}

// otherHeaders lists the accepted headers other than the label.
func otherHeaders(fd importer.Field) []string {
	seen := map[string]bool{domain.Fold(fd.Label): true}
	var out []string
	for _, a := range fd.Aliases {
		k := domain.Fold(a)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	return out
}
