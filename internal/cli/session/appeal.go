package session

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// AppealOptions are the flags of 'session appeal'.
type AppealOptions struct {
	ID          string
	Candidate   string
	Date        cmdutil.DateFlag
	Text        string
	Outcome     string
	OutcomeDate cmdutil.DateFlag
}

// NewCmdAppeal builds 'session appeal'.
func NewCmdAppeal(f *cmdutil.Factory, runF func(context.Context, *AppealOptions) error) *cobra.Command {
	o := &AppealOptions{}
	cmd := &cobra.Command{
		Use:   "appeal ID --candidate KEY --date D --text TEXT [--outcome TEXT --outcome-date D]",
		Short: "Record an appeal against a jury decision, and its outcome",
		Long: `Record in the session's log an appeal (recours) a candidate made against the jury's decision,
and its outcome when known (record the appeal again with --outcome once decided).

KEY designates the candidate: "BIRTH NAME;FIRST NAME;DD/MM/YYYY" (birth name, first name and
birth date, compared without accents or case), or the number of the certificate delivered to
them at this session (RNCP36141-2026-000017).`,
		Example: `  habil session appeal 4 --candidate "Wróblewski;Łukasz;02/04/1990" --date 2026-07-10 \
      --text "Conteste la note de l'épreuve écrite"
  habil session appeal 4 --candidate "WROBLEWSKI;LUKASZ;1990-04-02" --date 2026-07-10 \
      --text "Conteste la note de l'épreuve écrite" --outcome "Recours rejeté, note confirmée" --outcome-date 2026-07-24`,
		Args: cmdutil.ExactArgs(1, "the session's id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return appealRun(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Candidate, "candidate", "", "the candidate: \"BIRTH NAME;FIRST NAME;DD/MM/YYYY\" or a certificate number (required)")
	fl.Var(&o.Date, "date", "date of the appeal (required)")
	fl.StringVar(&o.Text, "text", "", "what the appeal contests (required)")
	fl.StringVar(&o.Outcome, "outcome", "", "the decision on the appeal")
	fl.Var(&o.OutcomeDate, "outcome-date", "date of the decision on the appeal")
	return cmd
}

func appealRun(ctx context.Context, f *cmdutil.Factory, o *AppealOptions) error {
	id, err := parseID(o.ID)
	if err != nil {
		return err
	}
	switch {
	case o.Candidate == "":
		return cmdutil.FlagErrorf("session appeal needs --candidate")
	case !o.Date.IsSet():
		return cmdutil.FlagErrorf("session appeal needs --date")
	case o.Text == "":
		return cmdutil.FlagErrorf("session appeal needs --text")
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	e, err := a.RecordAppeal(ctx, app.SessionAppeal{ID: id, Candidate: o.Candidate, Date: o.Date.Date, Text: o.Text,
		Outcome: o.Outcome, OutcomeDate: o.OutcomeDate.Date})
	if err != nil {
		return err
	}
	what := "pending"
	if e.Outcome != "" {
		what = "outcome: " + e.Outcome
	}
	fmt.Fprintln(f.IOStreams.Out, e.ID)
	fmt.Fprintf(f.IOStreams.ErrOut, "Appeal of %s recorded in the log of session %d (%s).\n", e.Date, id, what)
	return nil
}
