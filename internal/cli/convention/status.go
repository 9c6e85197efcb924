package convention

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// StatusOptions are the flags of send, sign, end and terminate.
type StatusOptions struct {
	Action string
	Ref    string
	Date   cmdutil.DateFlag
	Reason string
}

type statusAction struct {
	use, short, long, example, dateHelp string
	reason                              string // help of --reason, "" when the action has none
}

var statusActions = map[string]statusAction{
	"send": {
		use:   "send ID [--date D]",
		short: "Record that a draft convention was sent to the partner for signature",
		long: `Record that the convention was sent to the partner (draft → sent). The date may not be
before the convention was drawn up.`,
		example:  "  habil convention send 12 --date 2025-01-12",
		dateHelp: "date it was sent (default today)",
	},
	"sign": {
		use:   "sign ID [--date D]",
		short: "Record the signature of a convention (it is then in force over its period)",
		long: `Record the date the convention was signed by both parties (draft or sent → signed). The date may
not be in the future, nor before it was sent, nor after the convention's end; a terminated or
ended convention cannot be signed.

A convention signed before it was recorded in habil (a certifier that starts using habil records
its existing conventions) is signed on its real, earlier date: its drawn-up date then moves to
the day of signature (the number keeps its year), the command says so and the journal keeps
both dates.

What was signed stays as signed: habil prints the PDF of the current version with the
configured template (built-in, or config key convention.template), dated the day of signature,
and keeps its SHA-256, the template's SHA-256 and the version number. 'convention pdf' then
tells whether a new print is identical, and 'convention attach' records the signed scan. A
broken template refuses the signature (nothing is recorded).`,
		example: `  habil convention sign 12 --date 2025-01-20
  habil convention sign CONV-2025-0007 --date 20/01/2025
  # an existing convention, signed on paper before habil:
  id=$(habil convention create --partner 85262016007290 --certification RNCP35419 \
      --from 2025-03-01 --to 2027-02-28 --reference AMN-2025-012)
  habil convention sign $id --date 2025-02-03`,
		dateHelp: "date of signature (default today)",
	},
	"end": {
		use:   "end ID [--date D] [--reason TEXT]",
		short: "Record that a signed convention reached its end",
		long: `Record that a signed convention has ended (signed → ended), by default on its end date. Ending it
before its end date (by common agreement) needs --reason; to end it for a breach, use
'terminate'. An ended convention can still be renewed.

An end in the future is refused: until that day the convention is in force. Record the end on
or after the day it happens ('convention list --expiring-within DAYS' lists those that end soon).`,
		example:  "  habil convention end 12\n  habil convention end 12 --date 2025-12-31 --reason \"fermeture du site de Lyon, d'un commun accord\"",
		dateHelp: "date it ended (default its end date)",
		reason:   "why it ends before its end date",
	},
	"terminate": {
		use:   "terminate ID --reason TEXT [--date D]",
		short: "Terminate a convention (résiliation), or abandon a draft, with a reason",
		long: `Terminate the convention (any status but ended → terminated): a signed convention resiliated,
or a draft or sent convention abandoned. The reason is required and kept in the history; the
date may not be before it was drawn up or signed. Terminated is final: a terminated convention
cannot be signed, amended or renewed.

Remember to withdraw or end the partner's habilitation when the termination follows a breach
('habil partner status SIRET suspended|withdrawn'), and to tell France Compétences.`,
		example:  "  habil convention terminate 12 --date 2025-09-30 --reason \"manquements répétés aux règles de communication\"",
		dateHelp: "date of termination (default today)",
		reason:   "why it is terminated (required)",
	},
}

// NewCmdStatus builds one of 'convention send|sign|end|terminate'.
func NewCmdStatus(f *cmdutil.Factory, action string) *cobra.Command {
	a := statusActions[action]
	o := &StatusOptions{Action: action}
	cmd := &cobra.Command{
		Use:     a.use,
		Short:   a.short,
		Long:    a.long,
		Example: a.example,
		Args:    cmdutil.ExactArgs(1, "the convention's id or number"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Ref = args[0]
			return statusRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().Var(&o.Date, "date", a.dateHelp)
	if a.reason != "" {
		cmd.Flags().StringVar(&o.Reason, "reason", "", a.reason)
	}
	return cmd
}

func statusRun(ctx context.Context, f *cmdutil.Factory, o *StatusOptions) error {
	if o.Action == "terminate" && o.Reason == "" {
		return cmdutil.FlagErrorf("convention terminate needs --reason")
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	var (
		after  *domain.Convention
		signed *app.ConventionSigned
	)
	switch o.Action {
	case "send":
		after, err = a.SendConvention(ctx, o.Ref, o.Date.Date)
	case "sign":
		signed, err = a.SignConvention(ctx, app.ConventionSign{Ref: o.Ref, Date: o.Date.Date}, cmdutil.NewDatedPDF(f.Now()))
		if err == nil {
			after = signed.Convention
		}
	case "end":
		after, err = a.EndConvention(ctx, o.Ref, o.Date.Date, o.Reason)
	case "terminate":
		after, err = a.TerminateConvention(ctx, o.Ref, o.Date.Date, o.Reason)
	}
	if err != nil {
		return asFlagError(err)
	}
	w := f.IOStreams.ErrOut
	t := after.Terms()
	switch o.Action {
	case "send":
		fmt.Fprintf(w, "%s sent to %s on %s.\n", after.Number, after.PartnerName, after.SentOn)
	case "sign":
		if note := signed.Note(); note != "" {
			fmt.Fprintf(w, "%s.\n", note)
		}
		cmdutil.Warn(f.IOStreams, after.Number, signed.Warnings)
		fmt.Fprintf(w, "%s signed on %s: in force from %s to %s.\n", after.Number, after.SignedOn, t.From, t.To)
		what := "built-in template"
		if signed.TemplatePath != "" {
			what = "template " + signed.TemplatePath
		}
		fmt.Fprintf(w, "What was signed: version %d, PDF SHA-256 %s (%s); 'habil convention pdf %d' reprints it identically.\n",
			after.SignedVersion, after.SignedPDFSHA256, what, after.ID)
	case "end":
		fmt.Fprintf(w, "%s ended on %s.\n", after.Number, after.EndedOn)
		if after.RenewedByID == 0 {
			fmt.Fprintf(w, "To continue the partnership: habil convention renew %d\n", after.ID)
		}
	case "terminate":
		fmt.Fprintf(w, "%s terminated on %s (%s).\n", after.Number, after.TerminatedOn, after.TerminationReason)
	}
	return nil
}
