package audit

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// ChecklistOptions are the flags of 'audit checklist'.
type ChecklistOptions struct {
	SIRET string
	Out   string
	At    cmdutil.DateFlag
}

// NewCmdChecklist builds 'audit checklist'.
func NewCmdChecklist(f *cmdutil.Factory, runF func(context.Context, *ChecklistOptions) error) *cobra.Command {
	o := &ChecklistOptions{}
	cmd := &cobra.Command{
		Use:   "checklist SIRET --out FILE.pdf",
		Short: "Print the audit checklist of a partner, pre-filled, as a PDF in French",
		Long: `Write the audit checklist of one partner as a PDF in French (A4 landscape), ready for the
auditor: a pre-filled header (identity, SIRET, NDA, Qualiopi, habilitations in force with their
blocs and routes, convention in force, last audit, open non-conformities, compliance status),
then the control points by section, each with the boxes Conforme / Non conforme / N/A, room for
observations and the evidence to collect, and a signature block.

Only the points that apply to the partner are printed: the training points when a habilitation
in force lets it prepare candidates, the exam points when one lets it organise the evaluation,
the VAE points when one covers the VAE route. The training points name the certification's
parameters when recorded (minimum duration, internships, in-person share, trainees per trainer).

The points come from the built-in checklist (` + app.DefaultChecklistVersion + `), or from the certifier's own
spreadsheet named by the config key ` + app.AuditChecklistKey + ` (columns code, section, point de contrôle,
preuves à collecter, base légale, périmètre). --at (or SOURCE_DATE_EPOCH) is the printing date
and the date the situation is read at; the same data and date give the same file.

Read-only: nothing is written to the database. 'habil audit template' writes the same points as
a spreadsheet to fill in and record with 'habil audit record'.`,
		Example: `  habil audit checklist 81738914100018 --out audit-formapro.pdf
  habil audit checklist "817 389 141 00018" --out audit.pdf --at 2026-04-01`,
		Args: cmdutil.ExactArgs(1, "the partner's SIRET"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.SIRET = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return checklistRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "PDF file to write (required)")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func checklistRun(ctx context.Context, f *cmdutil.Factory, o *ChecklistOptions) error {
	siret, err := cmdutil.ParseSIRETArg("SIRET", o.SIRET)
	if err != nil {
		return err
	}
	if err := cmdutil.CheckPDFOut(f, "audit checklist", "out", o.Out); err != nil {
		return err
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	at := f.At(&o.At)
	req := app.AuditChecklistRequest{SIRET: siret, At: at}
	pc, res, err := a.AuditChecklistPDF(ctx, req, o.Out, f.PDFRenderer(&o.At))
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Wrote %s (%s, %d control points, checklist %s, %d bytes).\n",
		o.Out, pc.Partner.Name, len(pc.Items), pc.Version, res.Bytes)
	return nil
}
