package convention

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// AmendOptions are the flags of 'convention amend'.
type AmendOptions struct {
	Ref      string
	Date     cmdutil.DateFlag
	Reason   string
	From, To cmdutil.DateFlag
	Rescope  bool
	fees     feeFlags
	cmd      *cobra.Command
}

// NewCmdAmend builds 'convention amend'.
func NewCmdAmend(f *cmdutil.Factory, runF func(context.Context, *AmendOptions) error) *cobra.Command {
	o := &AmendOptions{}
	cmd := &cobra.Command{
		Use:   "amend ID --reason TEXT [--date D] [--from D] [--to D] [--fee-per-candidate EUR] [--fee-per-exam EUR] [--flat-fee EUR] [--rescope]",
		Short: "Record an avenant: a new numbered version of the convention's period, fees or scope",
		Long: `Record an avenant to a draft, sent or signed convention. It becomes a new numbered version
(version 2 is avenant n° 1, …); earlier versions are kept and shown by 'convention show'; the PDF
prints the consolidated convention with the list of its avenants.

Give what changes: --from/--to (checked again against the habilitation and the registration
end), any fee (0 removes it), and/or --rescope to copy the scope (kind, blocs, routes) of the
partner's habilitation as it is now. --reason is the avenant's object. A fee per exam applies
only while the scope covers the assessment: an avenant that leaves a train-only scope with one is
refused (exit 1; add --fee-per-exam 0).

An avenant to a signed convention is not signed by itself: 'convention pdf' then says that the
PDF is the consolidated version, not the version signed.`,
		Example: `  habil convention amend 12 --reason "prolongation jusqu'à la fin de l'enregistrement" --to 2027-12-31
  habil convention amend 12 --reason "révision des redevances" --fee-per-candidate 160 --fee-per-exam 0
  habil convention amend CONV-2025-0007 --reason "extension au bloc 3" --rescope --date 2025-09-01
  habil convention amend 12 --reason "formation seule désormais" --rescope --fee-per-exam 0`,
		Args: cmdutil.ExactArgs(1, "the convention's id or number"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Ref, o.cmd = args[0], cmd
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return amendRun(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Reason, "reason", "", "object of the avenant (required)")
	fl.Var(&o.Date, "date", "date of the avenant (default today)")
	fl.Var(&o.From, "from", "new first day covered")
	fl.Var(&o.To, "to", "new last day covered")
	fl.BoolVar(&o.Rescope, "rescope", false, "copy the scope of the partner's habilitation as it is now")
	o.fees.add(cmd, "; 0 removes it")
	return cmd
}

func amendRun(ctx context.Context, f *cmdutil.Factory, o *AmendOptions) error {
	if strings.TrimSpace(o.Reason) == "" {
		return cmdutil.FlagErrorf("convention amend needs --reason (the object of the avenant)")
	}
	fees, err := o.fees.changes(o.cmd)
	if err != nil {
		return err
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.AmendConvention(ctx, app.ConventionAmend{Ref: o.Ref, Date: o.Date.Date, Reason: o.Reason,
		From: o.From.Date, To: o.To.Date, Fees: fees, Rescope: o.Rescope})
	if err != nil {
		return asFlagError(err)
	}
	after, terms := res.Convention, res.Terms
	fmt.Fprintf(f.IOStreams.ErrOut, "Avenant n° %d to %s recorded (version %d, %s): %s → %s, %s, fees %s.\n",
		terms.Version-1, after.Number, terms.Version, terms.Date, terms.From, terms.To, terms.Scope, feesText(terms.Fees))
	return nil
}
