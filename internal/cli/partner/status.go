package partner

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/pdf"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// StatusOptions are the flags of 'partner status'.
type StatusOptions struct {
	SIRET  string
	Status string
	Reason string
	Date   cmdutil.DateFlag
	// R6113-16-6 (issue 11): a precautionary suspension with a deadline
	// for observations and its notification letter.
	ObservationsUntil cmdutil.DateFlag
	Letter            string
}

// NewCmdStatus builds 'partner status'.
func NewCmdStatus(f *cmdutil.Factory, runF func(context.Context, *StatusOptions) error) *cobra.Command {
	o := &StatusOptions{}
	cmd := &cobra.Command{
		Use:   "status SIRET prospect|active|suspended|withdrawn --reason TEXT [--date D]",
		Short: "Change a partner's status (dated, with a reason kept in its history)",
		Long: `Move a partner along its life cycle:

  prospect → active → suspended → active | withdrawn     (a prospect may also be withdrawn)

Withdrawal is final. The reason is required; the date defaults to today and cannot be earlier
than the partner's last status change. French words are accepted (actif, suspendu, retiré).

Withdrawing a partner on a date ends its habilitations still running then (their last day becomes
the day before) and removes those that had not started yet; each is listed and journaled.
Suspending keeps the habilitations: the partner may resume.`,
		Example: `  habil partner status 73282932000074 active --reason "convention signée" --date 2025-01-06
  habil partner status 73282932000074 suspended --reason "audit: non-conformité majeure"
  habil partner status 73282932000074 withdrawn --reason "fin de partenariat"
  # R6113-16-6: precautionary suspension, deadline for observations, notification letter
  habil partner status 73282932000074 suspended --reason "non-conformité majeure non levée" \
      --observations-until 2026-07-15 --letter suspension-73282932000074.pdf`,
		Args: cmdutil.ExactArgs(2, "the partner's SIRET and the new status (prospect, active, suspended or withdrawn)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.SIRET, o.Status = args[0], args[1]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return statusRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Reason, "reason", "", "why the status changes (required; kept in the history)")
	cmd.Flags().Var(&o.Date, "date", "date of the change (default today)")
	cmd.Flags().Var(&o.ObservationsUntil, "observations-until", "suspended only (R6113-16-6): last day for the partner's observations; needs --letter")
	cmd.Flags().StringVar(&o.Letter, "letter", "", "with --observations-until: the notification letter PDF to write (grounds, suspension, deadline, next steps)")
	return cmd
}

func statusRun(ctx context.Context, f *cmdutil.Factory, o *StatusOptions) error {
	siret, err := cmdutil.ParseSIRETArg("SIRET", o.SIRET)
	if err != nil {
		return err
	}
	to, err := domain.ParsePartnerStatus(o.Status)
	if err != nil {
		return cmdutil.FlagValue("STATUS", err)
	}
	if o.Reason == "" {
		return cmdutil.FlagErrorf("--reason is required: say why the status changes (it is kept in the partner's history)")
	}
	if o.ObservationsUntil.IsSet() || o.Letter != "" {
		return suspendRun(ctx, f, o, siret, to)
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.ChangeStatus(ctx, siret, to, f.At(&o.Date), o.Reason)
	if err != nil {
		return err
	}
	w, p, date := f.IOStreams.ErrOut, res.Partner, res.Date
	fmt.Fprintf(w, "Partner %s (%s): %s → %s on %s.\n", siret.Formatted(), p.Name, res.From, to, date)
	for _, h := range res.Ended {
		if res.Removed(h) {
			fmt.Fprintf(w, "  habilitation #%d on %s (%s, from %s) removed: it had not started.\n", h.ID, h.Certification, h.Scope, h.From)
		} else {
			fmt.Fprintf(w, "  habilitation #%d on %s (%s) now ends on %s, the day before the withdrawal.\n", h.ID, h.Certification, h.Scope, h.To)
		}
	}
	if res.NoHabilitationInForce {
		// A habilitation that starts later is not "none": say when it starts.
		var next *domain.Habilitation
		for i := range p.Habilitations {
			h := &p.Habilitations[i]
			if h.From.After(date) && (next == nil || h.From.Before(next.From)) {
				next = h
			}
		}
		if next != nil {
			fmt.Fprintf(w, "note: %s has no habilitation in force on %s yet: habilitation #%d on %s (%s) starts on %s.\n",
				p.Name, date, next.ID, next.Certification, next.Scope, next.From)
		} else {
			fmt.Fprintf(w, "note: %s has no habilitation in force on %s: add one with 'habil partner habilitate %s --certification CODE --scope … --from D'.\n", p.Name, date, siret)
		}
	}
	return nil
}

// suspendRun is the precautionary suspension of R6113-16-6: the partner
// suspended, the deadline for its observations recorded, the notification
// letter written.
func suspendRun(ctx context.Context, f *cmdutil.Factory, o *StatusOptions, siret domain.SIRET, to domain.PartnerStatus) error {
	switch {
	case to != domain.StatusSuspended:
		return cmdutil.FlagErrorf("--observations-until and --letter are for a suspension (status suspended), not %s", to)
	case !o.ObservationsUntil.IsSet():
		return cmdutil.FlagErrorf("--letter needs --observations-until D: the last day for the partner's observations")
	case o.Letter == "":
		return cmdutil.FlagErrorf("--observations-until needs --letter FILE.pdf: the notification letter to send")
	}
	if err := cmdutil.CheckPDFOut(f, "partner status", "letter", o.Letter); err != nil {
		return err
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	date := f.At(&o.Date)
	res, err := a.Suspend(ctx, app.SuspensionRequest{SIRET: siret, Date: date, Reason: o.Reason, ObservationsUntil: o.ObservationsUntil.Date,
		Letter: o.Letter}, pdf.Renderer{Options: pdf.Options{Time: date.Time()}})
	if err != nil {
		return err
	}
	w := f.IOStreams.ErrOut
	fmt.Fprintf(w, "Partner %s (%s): %s → suspended on %s as a precaution (R6113-16-6); observations until %s.\n",
		siret.Formatted(), res.Partner.Name, res.From, res.Date, o.ObservationsUntil.Date)
	fmt.Fprintf(w, "Wrote %s (non-conformities cited: %d). After %s, complete the résiliation with 'habil convention terminate', and declare the change to France Compétences within two months (R6113-16-5).\n",
		o.Letter, len(res.Letter.Findings), o.ObservationsUntil.Date)
	return nil
}
