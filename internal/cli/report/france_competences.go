package report

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/xlsx"
	"github.com/spf13/cobra"
)

// FranceCompetencesOptions are the flags of 'report france-competences'.
type FranceCompetencesOptions struct {
	Certification string
	Out           string
	Sent          cmdutil.DateFlag
}

// NewCmdFranceCompetences builds 'report france-competences'.
func NewCmdFranceCompetences(f *cmdutil.Factory, runF func(context.Context, *FranceCompetencesOptions) error) *cobra.Command {
	o := &FranceCompetencesOptions{}
	cmd := &cobra.Command{
		Use:   "france-competences --certification CODE --out FILE.xlsx|FILE.pdf [--sent D]",
		Short: "Write the promotions' statistics for France Compétences (workbook or PDF)",
		Long: `Write the statistics of a certification's promotions as France Compétences asks for them at
renewal: the workbook's first sheet 'Promotions' has the five official columns (ANNEE,
NOMBRE_CERTIFIES, NOMBRE_CERTIFIES_VAE, TAUX_INSERTION_GLOBAL_6MOIS, TAUX_INSERTION_METIER_2ANS),
one row per year, rates as integer cells and an empty cell when a rate is undefined; further
sheets give the detail with the denominators, by access route, by partner, the response rates,
contract types, pay quartiles and cadres, each respondent's job title, contract, pay and status,
for an RS certification the value in use, the figures France Compétences publishes beside ours
(differences flagged), and the neutralisation rules applied. The PDF has the same tables and bar
charts of the rates per year and per access route. Holders of a predecessor fiche count with the
new one. The files hold personal data: mode 0600.

--sent D records that these statistics were sent to France Compétences on D: check's
FC_STATISTICS_DUE looks for a sending in the last 2 years for registrations "sur demande".`,
		Example: `  habil report france-competences --certification RNCP35419 --out stats-rncp35419.xlsx
  habil report france-competences --certification RNCP35419 --out stats-rncp35419.pdf
  habil report france-competences --certification RNCP35419 --out stats.xlsx --sent 2026-03-01`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(o.Certification) == "" {
				return cmdutil.FlagErrorf("--certification is required")
			}
			c, err := domain.ParseCertCode(o.Certification)
			if err != nil {
				return cmdutil.FlagValue("certification", err)
			}
			o.Certification = string(c)
			if _, err := cmdutil.OutExt(o.Out, ".xlsx", ".pdf"); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return franceCompetencesRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Certification, "certification", "", "the certification (required)")
	cmd.Flags().StringVar(&o.Out, "out", "", "file to write (.xlsx or .pdf)")
	cmd.Flags().Var(&o.Sent, "sent", "record that these statistics were sent to France Compétences on this day (YYYY-MM-DD)")
	return cmd
}

func franceCompetencesRun(ctx context.Context, f *cmdutil.Factory, o *FranceCompetencesOptions) error {
	if err := f.CheckOut(o.Out); err != nil {
		return err
	}
	var a *app.App
	var err error
	if o.Sent.IsSet() {
		a, err = f.App(ctx)
	} else {
		a, err = f.ReadAppWhole(ctx, "")
	}
	if err != nil {
		return err
	}
	code := domain.CertCode(o.Certification)
	rep, err := a.FranceCompetencesReport(ctx, code, o.Sent.Date, domain.Date{})
	if err != nil {
		return err
	}
	w := cmdutil.ReportWriters(f.Now())
	var data []byte
	if ext, _ := cmdutil.OutExt(o.Out, ".xlsx", ".pdf"); ext == ".pdf" {
		data, err = w.PDF(rep.Document())
	} else {
		data, err = w.Workbook(app.FCTables(rep))
	}
	if err != nil {
		return err
	}
	if err := cmdutil.WriteFile(o.Out, 0o600, func(wr io.Writer) error { _, err := wr.Write(data); return err }); err != nil {
		return err
	}
	ios := f.IOStreams
	fmt.Fprintf(ios.ErrOut, "Statistics of %s written to %s: %d promotion(s), %d holder(s).\n", code, o.Out, len(rep.Rows), len(rep.Holders))
	if len(rep.Predecessors) > 0 {
		fmt.Fprintf(ios.ErrOut, "The holders of %s count with %s.\n", strings.Join(app.Fiches(rep.Predecessors), ", "), code)
	}
	n := 0
	for _, c := range rep.Comparisons() {
		if c.Difference {
			n++
		}
	}
	if n > 0 {
		fmt.Fprintf(ios.ErrOut, "habil: warning: %d figure(s) differ from those France Compétences publishes (see the Comparaison sheet).\n", n)
	}
	if o.Sent.IsSet() {
		added, err := a.RecordFCStatisticsSent(ctx, code, o.Sent.Date)
		if err != nil {
			return err
		}
		if added {
			fmt.Fprintf(ios.ErrOut, "Recorded: the statistics of %s were sent to France Compétences on %s.\n", code, o.Sent.Date)
		} else {
			fmt.Fprintf(ios.ErrOut, "The sending of %s on %s was already recorded.\n", code, o.Sent.Date)
		}
	}
	return nil
}

// FCSheets is the statistics workbook's sheets (app.FCTables), SIRETs and
// certificate numbers kept as text.
func FCSheets(rep *app.FCReport) []xlsx.SheetData { return cmdutil.SheetData(app.FCTables(rep)) }
