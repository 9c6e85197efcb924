package cmdutil

import (
	"bytes"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/pdf"
	"github.com/habil-app/habil/internal/report"
	"github.com/habil-app/habil/internal/xlsx"
)

// ReportWriters are the file writers the application layer's reports use
// ('report all', 'report network'), dated stamp: the same data and stamp
// give the same bytes.
func ReportWriters(stamp time.Time) app.Writers {
	return app.Writers{
		Workbook: func(sheets []*app.Table) ([]byte, error) { return WorkbookBytes(stamp, sheets) },
		PDF: func(doc *report.Document) ([]byte, error) {
			var b bytes.Buffer
			err := pdf.Render(&b, doc, pdf.Options{Time: stamp})
			return b.Bytes(), err
		},
		FindingsJSON: func(fs []domain.Finding) ([]byte, error) {
			js := make([]FindingJSON, 0, len(fs))
			for _, x := range fs {
				js = append(js, ToFindingJSON(x))
			}
			var b bytes.Buffer
			err := WriteJSON(&b, js)
			return b.Bytes(), err
		},
	}
}

// WorkbookBytes writes app tables as one workbook, a sheet each (Text
// columns kept as text; widths from the values when not given).
func WorkbookBytes(stamp time.Time, sheets []*app.Table) ([]byte, error) {
	var b bytes.Buffer
	if err := xlsx.WriteSheets(&b, stamp, SheetData(sheets)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// SheetData turns app tables into the xlsx adapter's sheets: the values of
// a Text column (SIRETs, certificate numbers) stay text.
func SheetData(sheets []*app.Table) []xlsx.SheetData {
	data := make([]xlsx.SheetData, 0, len(sheets))
	for _, t := range sheets {
		sd := xlsx.SheetData{Name: t.Sheet}
		for _, c := range t.Columns {
			sd.Cols = append(sd.Cols, xlsx.Column{Header: c.Header, Width: c.Width, Text: c.Text})
		}
		for _, r := range t.Rows {
			cells := make([]any, len(r))
			for j, v := range r {
				if str, ok := v.(string); ok && j < len(sd.Cols) && sd.Cols[j].Text {
					v = xlsx.Text(str)
				}
				cells[j] = v
			}
			sd.Rows = append(sd.Rows, cells)
		}
		data = append(data, sd)
	}
	return data
}
