// Package royalty holds 'habil royalty': what each partner owes under its
// conventions (per candidate, per exam, flat fee), as a statement ready to
// invoice, and what has been paid.
package royalty

import (
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmd builds the 'royalty' command group. Each subcommand is in its own
// file and listed here.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "royalty",
		Aliases: []string{"royalties"},
		Short:   "Royalty statements from the conventions' fees and the sessions, and payments",
		Long: `What each partner owes for a calendar year under its conventions: the fee per candidate × the
candidates it presented, the fee per exam × the sessions it organised, and the flat fee prorated to
the days the convention was in force; a fee changed by an avenant applies from the avenant's date.
'habil royalty statement' writes the statement (XLSX or PDF) and records each partner's total;
'habil royalty paid' records a payment; 'habil check' warns when a total is not fully paid
[60] days after the end of its year (ROYALTY_UNPAID).`,
		Example: `  habil royalty statement --period 2025 --out redevances-2025.xlsx
  habil royalty statement --period 2025 --partner 81738914100018 --out releve.pdf
  habil royalty paid 81738914100018 --period 2025 --amount 1250,50 --date 2026-02-10`,
	}
	cmd.AddCommand(subcommands(f)...)
	return cmd
}

// subcommands lists the royalty subcommands (one line each).
func subcommands(f *cmdutil.Factory) []*cobra.Command {
	return []*cobra.Command{
		NewCmdStatement(f, nil),
		NewCmdPaid(f, nil),
	}
}
