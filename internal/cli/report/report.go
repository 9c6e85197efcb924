// Package report holds 'habil report': the files a certifier hands to France
// Compétences and the Caisse des Dépôts, and the network's reports.
package report

import (
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/xlsx"
	"github.com/spf13/cobra"
)

// NewCmd builds the 'report' command group.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "report",
		Aliases: []string{"reports"},
		Short:   "Write the reports for France Compétences and the network (XLSX, CSV)",
		Example: "  habil report habilitations --out habilitations.xlsx",
		Args:    cmdutil.NoArgs,
	}
	cmd.AddCommand(NewCmdHabilitations(f, nil))
	cmd.AddCommand(NewCmdNetwork(f, nil), NewCmdAll(f, nil))
	cmd.AddCommand(NewCmdAccrochage(f, nil), NewCmdAccrochageAck(f, nil))
	cmd.AddCommand(NewCmdFranceCompetences(f, nil))
	return cmd
}

// writeTable writes a report table as .xlsx or French Excel CSV (by the
// extension of path), mode 0600: reports hold personal data.
func writeTable(f *cmdutil.Factory, path string, t *app.Table) error {
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
	return cmdutil.WriteTableFile(path, 0o600, f.Now(), t.Sheet, cols, rows)
}
