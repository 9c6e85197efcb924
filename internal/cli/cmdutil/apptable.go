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
	sd := SheetData([]*app.Table{t})[0]
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		for _, r := range sd.Rows {
			for j, v := range r {
				if s, ok := v.(xlsx.Text); ok && len(s) == 14 && domain.SIRETChecksumOK(string(s)) {
					// A CSV cell has no type: Excel would turn 14 digits into
					// 8,17389E+13. Spaced as 'partner export' writes them, the
					// SIRET stays text (and imports back).
					r[j] = domain.SIRET(s).Formatted()
				}
			}
		}
	}
	return WriteTableFile(path, 0o600, stamp, sd.Name, sd.Cols, sd.Rows)
}
