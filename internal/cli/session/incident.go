package session

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// IncidentOptions are the flags of 'session incident'.
type IncidentOptions struct {
	ID   string
	Text string
	Date cmdutil.DateFlag
}

// NewCmdIncident builds 'session incident'.
func NewCmdIncident(f *cmdutil.Factory, runF func(context.Context, *IncidentOptions) error) *cobra.Command {
	o := &IncidentOptions{}
	cmd := &cobra.Command{
		Use:   "incident ID --text TEXT [--date D]",
		Short: "Record an anomaly of a session in its log",
		Long: `Record an anomaly that happened during a session (a power cut, a late candidate, a suspected
fraud…) in the session's log, dated --date (default today; not in the future). The log is shown
by 'habil session show' and kept in the change journal.`,
		Example: `  habil session incident 4 --text "Coupure de courant de 20 minutes, épreuve prolongée d'autant" --date 2026-06-15`,
		Args:    cmdutil.ExactArgs(1, "the session's id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return incidentRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Text, "text", "", "what happened (required)")
	cmd.Flags().Var(&o.Date, "date", "when it happened (default today)")
	return cmd
}

func incidentRun(ctx context.Context, f *cmdutil.Factory, o *IncidentOptions) error {
	id, err := parseID(o.ID)
	if err != nil {
		return err
	}
	if o.Text == "" {
		return cmdutil.FlagErrorf("session incident needs --text")
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	e, err := a.SessionIncident(ctx, id, o.Date.Date, o.Text)
	if err != nil {
		return err
	}
	fmt.Fprintln(f.IOStreams.Out, e.ID)
	fmt.Fprintf(f.IOStreams.ErrOut, "Incident %d of %s recorded in the log of session %d (turn it into an improvement action with 'habil improve from-incident %d').\n", e.ID, e.Date, id, e.ID)
	return nil
}
