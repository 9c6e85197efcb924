package audit

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"

	_ "github.com/habil-app/habil/internal/csvfr"
	_ "github.com/habil-app/habil/internal/xlsx"
)

// RecordOptions are the flags of 'audit record'.
type RecordOptions struct {
	SIRET   string
	File    string
	Date    cmdutil.DateFlag
	Auditor string
	cmdutil.ImportFlags
}

// NewCmdRecord builds 'audit record'.
func NewCmdRecord(f *cmdutil.Factory, runF func(context.Context, *RecordOptions) error) *cobra.Command {
	o := &RecordOptions{}
	cmd := &cobra.Command{
		Use:   "record SIRET FILE --date D --auditor NAME [--dry-run]",
		Short: "Record an audit of a partner from its filled checklist (.xlsx or French .csv)",
		Long: `Record what an auditor found at a partner: the filled checklist of 'audit template' (.xlsx)
or a CSV saved by French Excel, with the columns code, point de contrôle, statut (conforme,
non conforme or n/a), observations, gravité (mineure or majeure), action corrective and
échéance.

Every row is checked: the code must be an item of the configured checklist, the statut
valid; a non conforme row (a non-conformity) needs its gravité, its action corrective and its
échéance (on or after --date); a conforme or n/a row has no gravité. Every error of every row
is listed as FILE:ROW:COLUMN and nothing is written (exit 3).

The audit is stored in one go and its id alone is printed on stdout (the non-conformities and
their deadlines on stderr). Recording the same file for the same partner and date again is
refused. Close a non-conformity with 'habil audit close-finding'.`,
		Example: `  habil audit record 73282932000074 audit-formapro.xlsx --date 2026-03-12 --auditor "C. Martin" --dry-run
  habil audit record 73282932000074 audit-formapro.xlsx --date 2026-03-12 --auditor "C. Martin"
  id=$(habil audit record 73282932000074 audit.csv --date 2026-03-12 --auditor "C. Martin")`,
		Args: cmdutil.ExactArgs(2, "the partner's SIRET and the filled checklist FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.SIRET, o.File = args[0], args[1]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return recordRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().Var(&o.Date, "date", "the day of the audit (required)")
	cmd.Flags().StringVar(&o.Auditor, "auditor", "", "who audited (required)")
	cmdutil.AddImportFlags(cmd, &o.ImportFlags)
	return cmd
}

func recordRun(ctx context.Context, f *cmdutil.Factory, o *RecordOptions) error {
	ios := f.IOStreams
	siret, err := cmdutil.ParseSIRETArg("SIRET", o.SIRET)
	if err != nil {
		return err
	}
	if !o.Date.IsSet() {
		return cmdutil.FlagErrorf("--date is required: the day of the audit")
	}
	if strings.TrimSpace(o.Auditor) == "" {
		return cmdutil.FlagErrorf("--auditor is required: who audited")
	}
	var a *app.App
	if o.DryRun {
		a, err = f.ReadApp(ctx)
	} else {
		a, err = f.App(ctx)
	}
	if err != nil {
		return err
	}
	cl, err := a.AuditChecklist()
	if err != nil {
		return err
	}
	res, err := a.RecordAudit(ctx, app.AuditRecordRequest{SIRET: siret, File: o.File, Sheet: o.Sheet, Date: o.Date.Date,
		Auditor: o.Auditor, DryRun: o.DryRun, Checklist: cl})
	if res != nil {
		if perr := cmdutil.PrintImportFindings(ios, res.Warnings, res.Errors); perr != nil {
			return perr
		}
	}
	if err != nil {
		return err
	}
	if o.DryRun {
		fmt.Fprintf(ios.ErrOut, "Dry run: %s is valid (%s), nothing written.\n", res.File, cmdutil.Count(res.Rows, "row"))
		fmt.Fprintln(ios.ErrOut, app.AuditRecordSummary(res.Audit))
		return nil
	}
	fmt.Fprintln(ios.ErrOut, app.AuditRecordSummary(res.Audit))
	fmt.Fprintln(ios.Out, res.Audit.ID)
	return nil
}
