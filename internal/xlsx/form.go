package xlsx

import (
	"fmt"
	"io"
	"time"

	"github.com/habil-app/habil/internal/importer"
	"github.com/xuri/excelize/v2"
)

// Form is an import workbook pre-filled for one subject (the audit
// template of a partner): title lines above the header row (the import
// finds the header row below them), then the header row of the schema and
// rows already filled in some columns, for the user to complete.
type Form struct {
	Title string
	// Preamble lines are written under the title, one label/value pair a
	// row (columns A and B).
	Preamble [][2]string
	// Rows are the data rows, one value per schema field ("" = blank).
	Rows [][]string
	// Widths of the columns by field key (default from the label).
	Widths map[string]float64
	// Notes are added below the column table of the "Explications" sheet,
	// after the general notes.
	Notes []string
}

// WriteForm writes the pre-filled workbook of s to w: the form's sheet
// (named after the schema) with its title, preamble, header row and rows;
// date columns formatted as dates, enum columns with their drop-down over
// the data rows; and the "Explications" sheet of WriteTemplate.
func WriteForm(w io.Writer, s importer.Schema, form Form, created time.Time) error {
	f, st, main, err := newSchemaWorkbook(s)
	if err != nil {
		return err
	}
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	if err != nil {
		return err
	}
	label, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	row := 1
	if form.Title != "" {
		if err := f.SetCellStr(main, "A1", form.Title); err != nil {
			return err
		}
		if err := f.SetCellStyle(main, "A1", "A1", bold); err != nil {
			return err
		}
		row = 2
	}
	for _, p := range form.Preamble {
		a, b := fmt.Sprintf("A%d", row), fmt.Sprintf("B%d", row)
		if err := f.SetCellStr(main, a, p[0]); err != nil {
			return err
		}
		if err := f.SetCellStyle(main, a, a, label); err != nil {
			return err
		}
		if err := f.SetCellStr(main, b, p[1]); err != nil {
			return err
		}
		row++
	}
	if row > 1 {
		row++ // a blank row between the preamble and the header row
	}
	header := row
	first, last := header+1, header+max(len(form.Rows), 1)
	for i, fd := range s.Fields {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := writeHeaderCell(f, main, st, fd, col, header, form.Widths, 80); err != nil {
			return err
		}
		cellStyle := st.wrap
		switch fd.Kind {
		case importer.Identifier:
			cellStyle = st.text
		case importer.Date:
			cellStyle = st.date
		}
		for r, vals := range form.Rows {
			ref := fmt.Sprintf("%s%d", col, first+r)
			if i < len(vals) && vals[i] != "" {
				if err := f.SetCellStr(main, ref, vals[i]); err != nil {
					return err
				}
			}
			if err := f.SetCellStyle(main, ref, ref, cellStyle); err != nil {
				return err
			}
		}
		if vals := fd.AllowedValues(); len(vals) > 0 && (fd.Kind == importer.Enum || fd.Kind == importer.Bool) {
			if err := addDropListRange(f, main, fmt.Sprintf("%s%d:%s%d", col, first, col, last), vals); err != nil {
				return err
			}
		}
	}
	top := fmt.Sprintf("A%d", header+1)
	if err := f.SetPanes(main, &excelize.Panes{Freeze: true, YSplit: header, TopLeftCell: top, ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	lastRow, err := writeExplanations(f, s, st)
	if err != nil {
		return err
	}
	if len(form.Notes) > 0 {
		r := lastRow + 2
		for _, n := range form.Notes {
			if err := f.SetCellStr(ExplanationSheet, fmt.Sprintf("A%d", r), n); err != nil {
				return err
			}
			r++
		}
	}
	title := form.Title
	if title == "" {
		title = s.Name
	}
	return finishWorkbook(w, f, title, created)
}
