package partner

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// HabilitateOptions are the flags of 'partner habilitate'.
type HabilitateOptions struct {
	SIRET         string
	Certification string
	Scope         string
	Blocs         []string
	Access        string
	From          cmdutil.DateFlag
	To            cmdutil.DateFlag
}

// NewCmdHabilitate builds 'partner habilitate'.
func NewCmdHabilitate(f *cmdutil.Factory, runF func(context.Context, *HabilitateOptions) error) *cobra.Command {
	o := &HabilitateOptions{}
	cmd := &cobra.Command{
		Use:   "habilitate SIRET --certification CODE --scope train|assess|both [--bloc CODE]... [--access FI,CA,…] --from D [--to D]",
		Short: "Habilitate a partner to train and/or assess for a certification (prints the habilitation id)",
		Long: `Record a habilitation: the partner may train (scope train, France Compétences code
HABILITATION_FORMER), organise the assessment (assess, HABILITATION_ORGANISER) or both (both,
HABILITATION_ORGA_FORM) for one certification, from --from to --to (no --to: until the end of the
certification's registration). Only HABILITATION_FORMER and HABILITATION_ORGA_FORM allow a
certifying training offer on Mon Compte Formation.

Rules: the certification must be recorded; --bloc codes must be blocs of it (BC01 is completed
to RNCP…BC01; RS certifications have no blocs; no --bloc = the whole certification); --access
routes must be open on it (no --access = every open route; for --scope train every open route
except CL: a free candidate is not trained, and train with --access CL is refused); --to must not
be after its delivery deadline (DATE_LIMITE_DELIVRANCE, for candidates already engaged, L6113-9),
or its registration end when the fiche gives none; on a fiche that has ended or that France
Compétences marks inactive, --to is required and must stay within that deadline (the message names
the fiche that replaces it); the partner must not be withdrawn; and two habilitations of one
partner on one certification may not overlap: end the current one first ('habil partner
habilitation end').

Prints the habilitation's number on stdout.`,
		Example: `  habil partner habilitate 73282932000074 --certification RNCP36141 --scope both --from 2025-01-01
  habil partner habilitate 73282932000074 --certification RNCP36141 --scope train \
      --bloc BC01 --bloc BC02 --access FI,CA --from 01/09/2025 --to 31/08/2027
  habil partner habilitate 81738914100018 --certification RNCP36141 --scope assess --access VAE --from 2025-03-01`,
		Args: cmdutil.ExactArgs(1, "the partner's SIRET"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.SIRET = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return habilitateRun(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Certification, "certification", "", "certification code, e.g. RNCP36141 or RS6155 (required)")
	fl.StringVar(&o.Scope, "scope", "", "train (former), assess (évaluer) or both (required)")
	fl.StringArrayVar(&o.Blocs, "bloc", nil, "limit to this bloc (repeat, or comma-separate; default the whole certification)")
	fl.StringVar(&o.Access, "access", "", "limit to these access routes, e.g. VAE or FI,CA (default every open route)")
	fl.Var(&o.From, "from", "first day of the habilitation (required)")
	fl.Var(&o.To, "to", "last day (default: until the registration ends)")
	return cmd
}

// splitBlocs splits repeated and comma/semicolon/space separated bloc flags.
func splitBlocs(values []string) []string {
	var out []string
	for _, v := range values {
		out = append(out, strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })...)
	}
	return out
}

func habilitateRun(ctx context.Context, f *cmdutil.Factory, o *HabilitateOptions) error {
	siret, err := cmdutil.ParseSIRETArg("SIRET", o.SIRET)
	if err != nil {
		return err
	}
	var missing []string
	if o.Certification == "" {
		missing = append(missing, "--certification")
	}
	if o.Scope == "" {
		missing = append(missing, "--scope")
	}
	if !o.From.IsSet() {
		missing = append(missing, "--from")
	}
	if len(missing) > 0 {
		return cmdutil.FlagErrorf("partner habilitate needs %s", strings.Join(missing, ", "))
	}
	code, err := domain.ParseCertCode(o.Certification)
	if err != nil {
		return cmdutil.FlagValue("certification", err)
	}
	scope, err := domain.ParseScope(o.Scope)
	if err != nil {
		return cmdutil.FlagValue("scope", err)
	}
	h := &domain.Habilitation{PartnerSIRET: siret, Certification: code, Scope: scope, Blocs: splitBlocs(o.Blocs), From: o.From.Date, To: o.To.Date}
	for _, b := range h.Blocs {
		if _, err := domain.ParseBlocCode(code, b); err != nil {
			return cmdutil.FlagValue("bloc", err)
		}
	}
	if h.Access, err = domain.ParseAccessList(o.Access); err != nil {
		return cmdutil.FlagValue("access", err)
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.Habilitate(ctx, h)
	if err != nil {
		return asFlagError(err)
	}
	p := res.Partner
	w := f.IOStreams.ErrOut
	blocs, access, to := "the whole certification", "every open route", "until the registration ends"
	if len(h.Blocs) > 0 {
		blocs = "blocs " + strings.Join(h.Blocs, ", ")
	}
	if len(h.Access) > 0 {
		access = "routes " + domain.AccessCodes(h.Access)
	} else if left, why := domain.LeftOutRoute(h.Scope); left != "" {
		access = "every open route except " + string(left) + " (" + why + ")"
	}
	if !h.To.IsZero() {
		to = "to " + h.To.String()
	}
	fmt.Fprintf(w, "Habilitation #%d recorded: %s — %s (%s) for %s, %s, %s, from %s %s.\n",
		h.ID, p.Name, h.Scope, h.FCCode(), h.Certification, blocs, access, h.From, to)
	switch p.Status {
	case domain.StatusProspect:
		fmt.Fprintf(w, "note: %s is still a prospect: make it active with 'habil partner status %s active --reason …'.\n", p.Name, siret)
	case domain.StatusSuspended:
		fmt.Fprintf(w, "note: %s is suspended.\n", p.Name)
	}
	fmt.Fprintln(f.IOStreams.Out, h.ID)
	return nil
}
