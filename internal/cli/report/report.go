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
		Short:   "Reports for France Compétences, the Caisse des Dépôts and the network; report all for the nightly run",
		Example: "  habil report habilitations --out habilitations.xlsx\n  habil report accrochage --out accrochage.xml\n  habil report france-competences --certification RNCP36141 --out stats.xlsx\n  habil report all --out /srv/qualite/$(date +%F)",
		Args:    cmdutil.NoArgs,
	}
	cmd.AddCommand(NewCmdHabilitations(f, nil))
	cmd.AddCommand(NewCmdNetwork(f, nil), NewCmdAll(f, nil))
	cmd.AddCommand(NewCmdAccrochage(f, nil), NewCmdAccrochageAck(f, nil))
	cmd.AddCommand(NewCmdFranceCompetences(f, nil))
	return cmd
}
