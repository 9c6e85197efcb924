// Package committee holds 'habil committee': the meetings of each
// certification's improvement committee (conseil de perfectionnement) and
// their minutes.
package committee

import (
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmd builds the 'committee' command group. Each subcommand is in its
// own file and listed here.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "committee",
		Aliases: []string{"committees"},
		Short:   "Record improvement committee meetings (conseil de perfectionnement) and print their minutes",
		Long: `The improvement committee (conseil de perfectionnement) of a certification meets with the
branch's representatives (R6113-9 9°) and professionals to review how the certification works and
decide improvements (Qualiopi indicator 32). 'habil committee meet' records a meeting with its
members and decisions; 'habil committee minutes' prints its compte rendu. 'habil check' warns when a
certification's committee has not met for [12] months (COMMITTEE_DUE; 0 in
check.committee_due_months turns it off, since the Code requires no committee of a certifier).`,
		Example: `  habil committee meet --certification RNCP38123 --date 2026-03-12 \
      --member "Claire Martin, représentante de la branche" --member "Paul Durand, responsable qualité" \
      --decision "Réviser la grille d'évaluation du bloc 2"
  habil committee minutes 1 --out cr-conseil-2026.pdf
  habil committee list`,
	}
	cmd.AddCommand(subcommands(f)...)
	return cmd
}

// subcommands lists the committee subcommands (one line each).
func subcommands(f *cmdutil.Factory) []*cobra.Command {
	return []*cobra.Command{
		NewCmdMeet(f, nil),
		NewCmdMinutes(f, nil),
		NewCmdList(f, nil),
	}
}

func meetingID(s string) (int64, error) {
	return cmdutil.ParseID(s, "ID %q is not a meeting id: see them with 'habil committee list'")
}
