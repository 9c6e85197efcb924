// Package cohort holds 'habil cohort': promotions of holders, the 6-month
// and 24-month insertion surveys and the official indicators.
package cohort

import (
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmd builds the 'cohort' command group. Each subcommand is in its own
// file and listed in subcommands.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "cohort",
		Aliases: []string{"cohorts"},
		Short:   "Promotions of holders, insertion surveys at 6 and 24 months, official indicators",
		Example: `  habil cohort list
  habil cohort surveys due
  habil cohort indicators --certification RNCP35419`,
	}
	cmd.AddCommand(subcommands(f)...)
	return cmd
}

// subcommands lists the cohort subcommands (one line each).
func subcommands(f *cmdutil.Factory) []*cobra.Command {
	return []*cobra.Command{
		NewCmdList(f, nil),
		NewCmdShow(f),
		NewCmdSurveys(f),
		newCmdIndicators(f),
	}
}
