// Package report holds 'habil report': the files a certifier hands to France
// Compétences and the Caisse des Dépôts, and the network's reports.
package report

import (
	"github.com/habil-app/habil/internal/cli/cmdutil"
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
