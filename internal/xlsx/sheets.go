package xlsx

import (
	"io"
	"math"
	"time"
	"unicode/utf8"
)

// SheetData is one sheet of a multi-sheet workbook: its name, columns and
// rows (cell types as for Workbook).
type SheetData struct {
	Name string
	Cols []Column
	Rows [][]any
}

// WriteSheets writes a workbook of several sheets, in order, each with a
// bold frozen header row; column widths follow the longest value (10 to
// 60 characters) unless given. The same content and time give the same
// bytes.
func WriteSheets(w io.Writer, created time.Time, sheets []SheetData) error {
	wb, err := NewWorkbook(created)
	if err != nil {
		return err
	}
	defer wb.Close()
	for _, sd := range sheets {
		cols := append([]Column(nil), sd.Cols...)
		for i := range cols {
			if cols[i].Width != 0 {
				continue
			}
			width := utf8.RuneCountInString(cols[i].Header)
			for _, r := range sd.Rows {
				if i < len(r) {
					width = max(width, displayWidth(r[i]))
				}
			}
			cols[i].Width = math.Max(10, math.Min(60, float64(width)+2))
		}
		s, err := wb.AddSheet(sd.Name, cols)
		if err != nil {
			return err
		}
		for _, r := range sd.Rows {
			if err := s.AddRow(r...); err != nil {
				return err
			}
		}
	}
	// NewWorkbook writes the parts in name order (sortedZip): the same
	// content gives the same bytes.
	return wb.Write(w)
}
