package audit

import (
	"context"
	"fmt"
	"io"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/xlsx"
	"github.com/spf13/cobra"
)

// TemplateOptions are the flags of 'audit template'.
type TemplateOptions struct {
	SIRET string
	Out   string
	At    cmdutil.DateFlag
}

// NewCmdTemplate builds 'audit template'.
func NewCmdTemplate(f *cmdutil.Factory, runF func(context.Context, *TemplateOptions) error) *cobra.Command {
	o := &TemplateOptions{}
	cmd := &cobra.Command{
		Use:   "template SIRET --out FILE.xlsx",
		Short: "Write a partner's audit checklist as a spreadsheet to fill in and record",
		Long: `Write the audit checklist of one partner as an XLSX workbook: the partner's identity above the
header row, then one row per control point that applies to it (the same points as 'habil audit
checklist'), with the columns code, point de contrôle, statut, observations, gravité, action
corrective, échéance. statut offers conforme / non conforme / n/a and gravité mineure / majeure
in drop-down lists; échéance is a date column. An "Explications" sheet, in French, explains
each column.

The auditor fills it in, then 'habil audit record SIRET FILE --date D --auditor NAME' stores
it. Read-only: nothing is written to the database.`,
		Example: `  habil audit template 81738914100018 --out audit-formapro.xlsx
  habil audit record 81738914100018 audit-formapro.xlsx --date 2026-04-02 --auditor 'Claire Martin'`,
		Args: cmdutil.ExactArgs(1, "the partner's SIRET"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.SIRET = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return templateRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "XLSX file to write (required)")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func templateRun(ctx context.Context, f *cmdutil.Factory, o *TemplateOptions) error {
	siret, err := cmdutil.ParseSIRETArg("SIRET", o.SIRET)
	if err != nil {
		return err
	}
	if o.Out == "" {
		return cmdutil.FlagErrorf("audit template needs --out FILE.xlsx")
	}
	if _, err := cmdutil.OutExt(o.Out, ".xlsx"); err != nil {
		return err
	}
	if err := f.CheckOut(o.Out); err != nil {
		return err
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	pc, err := a.PartnerAuditChecklist(ctx, app.AuditChecklistRequest{SIRET: siret, At: f.At(&o.At)})
	if err != nil {
		return err
	}
	title, preamble, rows := pc.TemplateSheet()
	form := xlsx.Form{Title: title, Preamble: preamble, Rows: rows, Notes: app.AuditTemplateNotes,
		Widths: map[string]float64{"code": 24, "point": 70, "observations": 40, "action": 40}}
	stamp := f.Stamp(&o.At)
	if err := cmdutil.WriteFile(o.Out, 0o644, func(w io.Writer) error {
		return xlsx.WriteForm(w, app.AuditTemplateSchema, form, stamp)
	}); err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Wrote %s (%s, %d control points, checklist %s). Fill it in, then: habil audit record %s %s --date D --auditor NAME\n",
		o.Out, pc.Partner.Name, len(pc.Items), pc.Version, siret, o.Out)
	return nil
}
