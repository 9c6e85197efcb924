package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"sort"
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
	// excelize writes the streamed sheets in map order: put the parts in
	// name order so that the same content gives the same bytes.
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		return err
	}
	return sortedZip(w, buf.Bytes())
}

// sortedZip copies a zip archive with its entries in name order (the
// compressed data and headers unchanged).
func sortedZip(w io.Writer, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	zw := zip.NewWriter(w)
	for _, f := range files {
		if err := zw.Copy(f); err != nil {
			return err
		}
	}
	return zw.Close()
}
