package convention

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// CreateOptions are the flags of 'convention create'.
type CreateOptions struct {
	Partner       string
	Certification string
	From, To      cmdutil.DateFlag
	Date          cmdutil.DateFlag
	Reference     string
	fees          feeFlags
	cmd           *cobra.Command
}

// NewCmdCreate builds 'convention create'.
func NewCmdCreate(f *cmdutil.Factory, runF func(context.Context, *CreateOptions) error) *cobra.Command {
	o := &CreateOptions{}
	cmd := &cobra.Command{
		Use:   "create --partner SIRET --certification CODE --from D --to D [--fee-per-candidate EUR] [--fee-per-exam EUR] [--flat-fee EUR] [--reference TEXT]",
		Short: "Draw up a convention for a habilitated partner (prints the new id)",
		Long: `Draw up a new convention (status draft) between the certifier and a partner for one certification.

Rules: the partner must have a habilitation on that certification covering the whole period
(the refusal names the habilitations that exist); the convention must end on or before the end
of the certification's registration; it may not overlap another convention of the same partner
on the same certification (amend or renew that one instead); a withdrawn partner gets none. A
warning is printed when the partner's Qualiopi certificate ends before the convention.

The scope (habilitation kind, blocs, access routes) is copied from the habilitation now: a later
change of the habilitation does not rewrite the convention (an avenant does: 'convention amend
--rescope'). Fees are in euros with cents ("150", "1 234,50"); give any combination, except
that a fee per exam applies only to a convention that covers the assessment (a train-only
habilitation refuses it, exit 1).

The number is CONV-<year of --date>-NNNN. --reference keeps the certifier's own number (any
text up to 60 characters, e.g. the number of a convention signed before habil): 'convention
show' prints it beside habil's. An existing convention signed on paper is then signed on its
real date ('convention sign ID --date D'). Prints only the new id on stdout.`,
		Example: `  id=$(habil convention create --partner 85262016007290 --certification RNCP35419 \
      --from 2025-02-01 --to 2026-12-31 --fee-per-candidate 150 --flat-fee "1 200,00")
  habil convention create --partner "852 620 160 07290" --certification RS5568 \
      --from 01/09/2025 --to 31/08/2026 --fee-per-exam 75,50 --date 2025-07-15
  # an existing convention, with the certifier's own number, signed in February 2025:
  id=$(habil convention create --partner 85262016007290 --certification RNCP35419 \
      --from 2025-03-01 --to 2027-02-28 --fee-per-candidate 150 --reference "AMN/2025-012")
  habil convention sign $id --date 2025-02-03`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.cmd = cmd
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return createRun(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Partner, "partner", "", "SIRET of the habilitated partner (required)")
	fl.StringVar(&o.Certification, "certification", "", "certification code, e.g. RNCP35419 or RS5568 (required)")
	fl.Var(&o.From, "from", "first day covered (required)")
	fl.Var(&o.To, "to", "last day covered (required; at most the registration end)")
	fl.Var(&o.Date, "date", "date the convention is drawn up, which gives its number's year (default today)")
	fl.StringVar(&o.Reference, "reference", "", "the certifier's own number for this convention (up to 60 characters), printed beside habil's")
	o.fees.add(cmd, "")
	return cmd
}

func createRun(ctx context.Context, f *cmdutil.Factory, o *CreateOptions) error {
	var missing []string
	if o.Partner == "" {
		missing = append(missing, "--partner")
	}
	if o.Certification == "" {
		missing = append(missing, "--certification")
	}
	if !o.From.IsSet() {
		missing = append(missing, "--from")
	}
	if !o.To.IsSet() {
		missing = append(missing, "--to")
	}
	if len(missing) > 0 {
		return cmdutil.FlagErrorf("convention create needs %s", strings.Join(missing, ", "))
	}
	siret, err := domain.ParseSIRET(o.Partner)
	if err != nil {
		return cmdutil.FlagValue("partner", err)
	}
	code, err := domain.ParseCertCode(o.Certification)
	if err != nil {
		return cmdutil.FlagValue("certification", err)
	}
	fees, err := o.fees.changes(o.cmd)
	if err != nil {
		return err
	}
	req := app.ConventionCreate{Partner: siret, Certification: code, From: o.From.Date, To: o.To.Date,
		Date: o.Date.Date, Fees: fees.Apply(domain.Fees{}), Reference: o.Reference}
	if _, err := domain.CheckReference(o.Reference); err != nil {
		return cmdutil.FlagValue("reference", err)
	}
	if err := req.Validate(); err != nil {
		return asFlagError(err)
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.CreateConvention(ctx, req)
	if err != nil {
		return asFlagError(err)
	}
	cmdutil.Warn(f.IOStreams, res.Convention.Number, res.Warnings)
	reportCreated(f, res.Convention, "")
	fmt.Fprintln(f.IOStreams.Out, res.Convention.ID)
	return nil
}

func reportCreated(f *cmdutil.Factory, c *domain.Convention, renews string) {
	t := c.Terms()
	w := f.IOStreams.ErrOut
	what := "Convention"
	if renews != "" {
		what = "Renewal of " + renews + ":"
	}
	blocs := "whole certification"
	if len(t.Blocs) > 0 {
		blocs = "blocs " + strings.Join(t.Blocs, ", ")
	}
	ref := ""
	if c.Reference != "" {
		ref = ", reference " + c.Reference
	}
	fmt.Fprintf(w, "%s %s (id %d, draft%s) drawn up for %s (%s) on %s, %s → %s: %s, %s; fees %s.\n",
		what, c.Number, c.ID, ref, c.PartnerName, c.PartnerSIRET.Formatted(), c.Certification, t.From, t.To, t.Scope, blocs, feesText(t.Fees))
	fmt.Fprintf(w, "Next: habil convention pdf %d --out %s.pdf, then habil convention send|sign %d --date D\n", c.ID, c.Number, c.ID)
}

// RenewOptions are the flags of 'convention renew'.
type RenewOptions struct {
	Ref      string
	From, To cmdutil.DateFlag
	Date     cmdutil.DateFlag
	fees     feeFlags
	cmd      *cobra.Command
}

// NewCmdRenew builds 'convention renew'.
func NewCmdRenew(f *cmdutil.Factory, runF func(context.Context, *RenewOptions) error) *cobra.Command {
	o := &RenewOptions{}
	cmd := &cobra.Command{
		Use:   "renew ID [--from D] [--to D] [--fee-per-candidate EUR] [--fee-per-exam EUR] [--flat-fee EUR]",
		Short: "Draw up the convention that follows a signed or ended one (prints the new id)",
		Long: `Draw up a new convention (draft) that renews a signed or ended one, linked to it: same partner
and certification, scope copied from the habilitation in force for the new period, fees copied
from the previous convention unless given.

By default it starts the day after the previous one ends and lasts as long, cut at the end of the
habilitation or of the certification's registration (it says so). The same rules as 'create'
apply, including the fee rule: a fee per exam carried over from the previous convention is
refused when the new period's habilitation covers training only (renew with --fee-per-exam 0).
A convention is renewed once (a renewal abandoned as a draft does not count); a terminated
convention is not renewed. Prints only the new id on stdout.`,
		Example: `  habil convention renew 12
  habil convention renew CONV-2025-0007 --to 2028-12-31 --fee-per-candidate 160
  habil convention renew 12 --fee-per-exam 0     # the partner no longer assesses`,
		Args: cmdutil.ExactArgs(1, "the id or number of the convention to renew"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Ref, o.cmd = args[0], cmd
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return renewRun(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.Var(&o.From, "from", "first day covered (default: the day after the previous convention ends)")
	fl.Var(&o.To, "to", "last day covered (default: as long as the previous one, within the limits)")
	fl.Var(&o.Date, "date", "date the renewal is drawn up (default today)")
	o.fees.add(cmd, " (default: as in the previous convention)")
	return cmd
}

func renewRun(ctx context.Context, f *cmdutil.Factory, o *RenewOptions) error {
	fees, err := o.fees.changes(o.cmd)
	if err != nil {
		return err
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.RenewConvention(ctx, app.ConventionRenew{Ref: o.Ref, From: o.From.Date, To: o.To.Date, Date: o.Date.Date, Fees: fees})
	if err != nil {
		return asFlagError(err)
	}
	if res.Note != "" {
		fmt.Fprintf(f.IOStreams.ErrOut, "note: %s.\n", res.Note)
	}
	cmdutil.Warn(f.IOStreams, res.Convention.Number, res.Warnings)
	reportCreated(f, res.Convention, res.Renews)
	fmt.Fprintln(f.IOStreams.Out, res.Convention.ID)
	return nil
}
