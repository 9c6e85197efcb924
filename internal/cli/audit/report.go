package audit

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// ReportOptions are the flags of 'audit report'.
type ReportOptions struct {
	ID  string
	Out string
	At  cmdutil.DateFlag
}

// NewCmdReport builds 'audit report'.
func NewCmdReport(f *cmdutil.Factory, runF func(context.Context, *ReportOptions) error) *cobra.Command {
	o := &ReportOptions{}
	cmd := &cobra.Command{
		Use:   "report AUDIT_ID --out FILE.pdf [--at D]",
		Short: "Write the report of a recorded audit (PDF, in French)",
		Long: `Write the report of a recorded audit: the partner, the date, the auditor and the checklist
version; the results per section of the checklist; the non-conformities with their severity,
corrective action, deadline and closure; the partner's compliance status at --at (default
today, or SOURCE_DATE_EPOCH), which is also the date printed. The same data and date give the
same file. Read-only.`,
		Example: `  habil audit report 3 --out rapport-audit-3.pdf
  habil audit report 3 --out rapport.pdf --at 2026-06-30`,
		Args: cmdutil.ExactArgs(1, "the AUDIT_ID (see 'habil audit list')"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return reportRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "PDF file to write (required)")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func reportRun(ctx context.Context, f *cmdutil.Factory, o *ReportOptions) error {
	id, err := auditID(o.ID)
	if err != nil {
		return err
	}
	if err := cmdutil.CheckPDFOut(f, "audit report", "out", o.Out); err != nil {
		return err
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	at := f.At(&o.At)
	in, res, err := a.AuditReportPDF(ctx, id, at, o.Out, f.PDFRenderer(&o.At))
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Wrote %s (audit %d of %s on %s, %d non-conformities, %d bytes).\n",
		o.Out, in.Audit.ID, in.Partner.Name, in.Audit.Date, len(in.Audit.Findings()), res.Bytes)
	return nil
}
