package partner

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

func init() {
	extraCommands = append(extraCommands, func(f *cmdutil.Factory) *cobra.Command { return NewCmdDeclared(f, nil) })
}

// DeclaredOptions are the flags of 'partner declared'.
type DeclaredOptions struct {
	SIRET         string
	Date          cmdutil.DateFlag
	Certification string
}

// NewCmdDeclared builds 'partner declared'.
func NewCmdDeclared(f *cmdutil.Factory, runF func(context.Context, *DeclaredOptions) error) *cobra.Command {
	o := &DeclaredOptions{}
	cmd := &cobra.Command{
		Use:   "declared SIRET --date D [--certification CODE]",
		Short: "Record that a partner's change was declared on your France Compétences space",
		Long: `The certifier declares every change of its partners — a habilitation that starts or ends, a
change of scope, a suspension, a withdrawal — on its France Compétences space (l'espace officiel
de la certification professionnelle, certificationprofessionnelle.fr) within two months
(R6113-16-5). The open-data export that 'habil partner reconcile' reads shows it only days or
weeks later.

'partner declared' records the day you declared it, for one certification (--certification) or
for every certification of the partner. From then on, 'habil check' reports the changes found
by the last reconcile on or before that day as FC_DECLARED (info, waiting for the export)
instead of FC_DECLARATION_LATE or FC_REGISTER_MISMATCH. The date cannot be in the future. The
declaration is kept in the journal ('habil history --entity partner --id SIRET').`,
		Example: `  habil partner declared 81738914100018 --date 2026-03-02 --certification RNCP36141
  habil partner declared "817 389 141 00018" --date 02/03/2026`,
		Args: cmdutil.ExactArgs(1, "the partner's SIRET"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.SIRET = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return declaredRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().Var(&o.Date, "date", "the day the change was declared on your France Compétences space (required)")
	cmd.Flags().StringVar(&o.Certification, "certification", "", "the certification it concerns (default: every certification of the partner)")
	return cmd
}

func declaredRun(ctx context.Context, f *cmdutil.Factory, o *DeclaredOptions) error {
	siret, err := cmdutil.ParseSIRETArg("SIRET", o.SIRET)
	if err != nil {
		return err
	}
	if !o.Date.IsSet() {
		return cmdutil.FlagErrorf("partner declared needs --date: the day you declared the change on your France Compétences space")
	}
	in := app.DeclareInput{SIRET: siret, Date: o.Date.Date}
	if o.Certification != "" {
		if in.Certification, err = domain.ParseCertCode(o.Certification); err != nil {
			return cmdutil.FlagValue("certification", err)
		}
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.Declare(ctx, in)
	if err != nil {
		return err
	}
	what := "every certification"
	if in.Certification != "" {
		what = string(in.Certification)
	}
	w := f.IOStreams.ErrOut
	fmt.Fprintf(w, "Recorded: the changes of %s (%s) for %s were declared to France Compétences on %s.\n",
		res.Partner.Name, siret.Formatted(), what, in.Date)
	switch n := len(res.Answered); n {
	case 0:
		fmt.Fprintln(w, "The last 'partner reconcile' found no undeclared change it answers; 'habil check' will take it into account for the changes up to that day.")
	default:
		fmt.Fprintf(w, "It answers %d finding(s) of the last 'partner reconcile', now reported as FC_DECLARED until the export shows the change:\n", n)
		for _, x := range res.Answered {
			fmt.Fprintf(w, "  %s %s\n", x.Certification, x.Subject)
		}
	}
	return nil
}
