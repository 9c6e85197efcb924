package cmdutil

import (
	"path/filepath"
	"strings"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/xlsx"
)

// WriteAppTable writes a report table as .xlsx or French Excel CSV (by the
// extension of path), mode 0600: reports hold personal data.
func WriteAppTable(path string, stamp time.Time, t *app.Table) error {
	cols := make([]xlsx.Column, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = xlsx.Column{Header: c.Header, Width: c.Width, Text: c.Text}
	}
	csv := strings.EqualFold(filepath.Ext(path), ".csv")
	rows := make([][]any, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = make([]any, len(r))
		for j, v := range r {
			if s, ok := v.(string); ok && j < len(cols) && cols[j].Text {
				switch {
				case csv && len(s) == 14 && domain.SIRETChecksumOK(s):
					// A CSV cell has no type: Excel would turn 14 digits into
					// 8,17389E+13. Spaced as 'partner export' writes them, the
					// SIRET stays text (and imports back).
					v = domain.SIRET(s).Formatted()
				default:
					v = xlsx.Text(s)
				}
			}
			rows[i][j] = v
		}
	}
	return WriteTableFile(path, 0o600, stamp, t.Sheet, cols, rows)
}
