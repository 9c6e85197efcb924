// Package improve holds 'habil improve': continuous improvement actions
// from any source (audits, juries, complaints, surveys, partners) followed
// to their closure (Qualiopi indicator 32).
package improve

import (
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmd builds the 'improve' command group. Each subcommand is in its own
// file and listed here.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "improve",
		Aliases: []string{"improvement", "improvements"},
		Short:   "Follow improvement actions to closure: audits, juries, complaints, surveys, partners",
		Long: `Continuous improvement (Qualiopi indicator 32): every improvement action, whatever its source
(an audit finding, a jury's remark, a complaint, survey results, a partner's feedback), is
recorded with its due date and followed until it is closed with its outcome. 'habil check'
warns about actions open past their due date (IMPROVEMENT_OVERDUE); the improvement committee's
minutes ('habil committee minutes') list the actions it reviewed.`,
		Example: `  habil improve add --source complaint --text "Délai de délivrance des certificats trop long" --due 2026-09-30
  habil improve from-finding 3 WEB-02
  habil improve list --open
  habil improve close 4 --outcome "Délivrance hebdomadaire mise en place"`,
	}
	cmd.AddCommand(subcommands(f)...)
	return cmd
}

// subcommands lists the improve subcommands (one line each).
func subcommands(f *cmdutil.Factory) []*cobra.Command {
	return []*cobra.Command{
		NewCmdAdd(f, nil),
		NewCmdClose(f, nil),
		NewCmdList(f, nil),
		NewCmdFromFinding(f, nil),
		NewCmdFromIncident(f, nil),
	}
}

func actionID(s string) (int64, error) {
	return cmdutil.ParseID(s, "ID %q is not an improvement action id: see them with 'habil improve list'")
}
