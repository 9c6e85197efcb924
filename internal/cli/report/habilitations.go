package report

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// HabilitationsOptions are the flags of 'report habilitations'.
type HabilitationsOptions struct {
	Out           string
	Certification string
	All           bool
	At            cmdutil.DateFlag
}

// NewCmdHabilitations builds 'report habilitations'.
func NewCmdHabilitations(f *cmdutil.Factory, runF func(context.Context, *HabilitationsOptions) error) *cobra.Command {
	o := &HabilitationsOptions{}
	cmd := &cobra.Command{
		Use:   "habilitations --out FILE.xlsx|FILE.csv",
		Short: "List the habilitated organisations the way France Compétences publishes them",
		Long: `Write the list of habilitated organisations for your declaration to France Compétences, one row
per habilitation: certification code and title, SIRET, legal name, habilitation code
(HABILITATION_FORMER, HABILITATION_ORGANISER, HABILITATION_ORGA_FORM), state and dates, plus the
blocs and access routes recorded in habil (France Compétences does not publish those).

State at --at: "Actif" (habilitation in force, partner active), "Inactif" (in force but the
partner is suspended), "À venir" (starts later). With --all, ended habilitations and withdrawn
partners are listed too, as "Supprimé": they must no longer appear on the fiche.`,
		Example: `  habil report habilitations --out habilitations.xlsx
  habil report habilitations --out rncp36141.csv --certification RNCP36141 --all`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := cmdutil.OutExt(o.Out, ".xlsx", ".csv"); err != nil {
				return err
			}
			if o.Certification != "" {
				c, err := domain.ParseCertCode(o.Certification)
				if err != nil {
					return cmdutil.FlagValue("certification", err)
				}
				o.Certification = string(c)
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return habilitationsRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "file to write (.xlsx or .csv)")
	cmd.Flags().StringVar(&o.Certification, "certification", "", "only this certification")
	cmd.Flags().BoolVar(&o.All, "all", false, "also list ended habilitations and withdrawn partners (state Supprimé)")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func habilitationsRun(ctx context.Context, f *cmdutil.Factory, o *HabilitationsOptions) error {
	if err := f.CheckOut(o.Out); err != nil {
		return err
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	at := f.At(&o.At)
	t, err := a.BuildReport(ctx, "habilitations", app.ReportParams{At: at, Certification: domain.CertCode(o.Certification), All: o.All})
	if err != nil {
		return err
	}
	if err := cmdutil.WriteAppTable(o.Out, f.Now(), t); err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "%d habilitations written to %s (state at %s).\n", len(t.Rows), o.Out, at)
	return nil
}
