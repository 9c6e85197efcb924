// Package audit holds 'habil audit': the control of the partner network —
// checklists, recorded audits and their non-conformities, the risk-based
// audit plan and the checks of partners' websites.
package audit

import (
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmd builds the 'audit' command group. Each subcommand is in its own
// file and listed here.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "audit",
		Aliases: []string{"audits"},
		Short:   "Control the partner network: checklists, audits, non-conformities, audit plan, website checks",
		Long: `France Compétences holds the certifier responsible for its partners: their communication, their
exams, their evidence. 'habil audit' prints a checklist pre-filled for a partner, records what
the auditor found, follows corrective actions to their deadline, ranks the partners to audit
first, and checks partners' websites for what they claim.`,
		Example: `  habil audit checklist 81738914100018 --out audit-formapro.pdf
  habil audit template 81738914100018 --out audit-formapro.xlsx
  habil audit plan --year 2027
  habil audit web --format json`,
	}
	cmd.AddCommand(
		subcommands(f)...,
	)
	return cmd
}

// subcommands lists the audit subcommands (one line each).
func subcommands(f *cmdutil.Factory) []*cobra.Command {
	return []*cobra.Command{
		NewCmdChecklist(f, nil),
		NewCmdTemplate(f, nil),
		NewCmdRecord(f, nil),
		NewCmdCloseFinding(f, nil),
		NewCmdList(f, nil),
		NewCmdReport(f, nil),
		NewCmdPlan(f, nil),
		NewCmdWeb(f, nil),
	}
}
