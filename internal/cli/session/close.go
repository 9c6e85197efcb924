package session

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// CloseOptions are the flags of 'session close'.
type CloseOptions struct {
	ID       string
	JuryDate cmdutil.DateFlag
	At       cmdutil.DateFlag
}

// NewCmdClose builds 'session close'.
func NewCmdClose(f *cmdutil.Factory, runF func(context.Context, *CloseOptions) error) *cobra.Command {
	o := &CloseOptions{}
	cmd := &cobra.Command{
		Use:   "close ID --jury-date D",
		Short: "Record the jury's deliberation of a session (or the validation of the scores)",
		Long: `Record that the jury deliberated on the session's results on --jury-date. Every enrolled
candidate needs a result first (habil session results; absent candidates too); the date is on
or after the session's last day and not in the future (after --at). The session becomes jury-closed: its
results can no longer change, the jury minutes (habil session pv) are final, and the
certificates can be delivered (habil session deliver).

For a certification obtained by a score, without a jury (certification edit CODE --award
score), the date recorded is the day the scores were validated: the minutes and certificates
say "au vu des résultats validés le …" instead of "par décision du jury du …".`,
		Example: `  habil session close 12 --jury-date 2026-06-30
  habil session close 12 --jury-date 30/06/2026`,
		Args: cmdutil.ExactArgs(1, "the session ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return closeRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().Var(&o.JuryDate, "jury-date", "day of the jury's deliberation, or of the validation of the scores (required)")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func closeRun(ctx context.Context, f *cmdutil.Factory, o *CloseOptions) error {
	id, err := parseID(o.ID)
	if err != nil {
		return err
	}
	if !o.JuryDate.IsSet() {
		return cmdutil.FlagErrorf("session close needs --jury-date D")
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.CloseSession(ctx, id, o.JuryDate.Date, f.At(&o.At))
	if err != nil {
		return err
	}
	s := res.Session
	what := "jury deliberation"
	if res.ByScore {
		what = "scores validated (certification obtained by a score, no jury)"
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Session %d closed: %s on %s; %d admitted of %d enrolled.\n", id, what, s.JuryDate, s.Admitted, s.Enrolled)
	fmt.Fprintf(f.IOStreams.ErrOut, "Next: habil session pv %d --out pv.pdf, then habil session deliver %d --date D.\n", id, id)
	return nil
}
