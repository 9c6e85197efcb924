// Package session holds 'habil session': certification exam sessions —
// candidates, results, jury, delivery of certificates, jury minutes.
package session

import (
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmd builds the 'session' command group. Each subcommand is in its own
// file and listed in subcommands.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "session",
		Aliases: []string{"sessions"},
		Short:   "Exam sessions: candidates, results, jury, certificates, jury minutes",
		Long: `A session is an exam of one certification, organised by a habilitated partner (or by the
certifier itself, with its own SIRET as --partner). Partners send candidate lists and results
as spreadsheets; habil checks them against the habilitation, records the jury's decision,
prints the jury minutes and delivers numbered certificates and bloc attestations.`,
		Example: `  id=$(habil session create --certification RNCP38123 --partner 81738914100018 --date 2026-06-15)
  habil session enroll "$id" candidats.xlsx
  habil session results "$id" resultats.xlsx
  habil session close "$id" --jury-date 2026-06-30
  habil session pv "$id" --out pv-jury.pdf
  habil session deliver "$id" --date 2026-07-03 --out certificats/`,
	}
	cmd.AddCommand(subcommands(f)...)
	return cmd
}

// subcommands lists the session subcommands (one line each).
func subcommands(f *cmdutil.Factory) []*cobra.Command {
	return []*cobra.Command{
		NewCmdCreate(f, nil),
		NewCmdEdit(f, nil),
		NewCmdList(f, nil),
		NewCmdShow(f, nil),
		NewCmdEnroll(f, nil),
		NewCmdTemplate(f, nil),
		NewCmdIncident(f, nil),
		NewCmdEvidence(f, nil),
		NewCmdAppeal(f, nil),
	}
}
