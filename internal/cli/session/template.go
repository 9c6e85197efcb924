package session

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/importer"
	"github.com/spf13/cobra"
)

// TemplateOptions are the flags of 'session template'.
type TemplateOptions struct {
	Kind string
	Out  string
}

// NewCmdTemplate builds 'session template candidates|results'. It needs no database.
func NewCmdTemplate(f *cmdutil.Factory, runF func(context.Context, *TemplateOptions) error) *cobra.Command {
	o := &TemplateOptions{}
	cmd := &cobra.Command{
		Use:   "template candidates|results [--out FILE.xlsx]",
		Short: "Write the blank workbook of 'session enroll' (candidates) or 'session results'",
		Long: `Write the blank spreadsheet a partner fills for a session: 'candidates' for 'habil session
enroll' (default --out candidats.xlsx), 'results' for 'habil session results' (default --out
resultats.xlsx). The first sheet has the headers the import reads, the second ("Explications",
in French) explains every column, whether it is required, the other header names accepted and an
example. It opens no database.`,
		Example: `  habil session template candidates --out candidats.xlsx
  habil session template results --out resultats.xlsx`,
		Args:      cmdutil.ExactArgs(1, "what to write: candidates or results"),
		ValidArgs: []string{"candidates", "results"},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Kind = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return templateRun(f, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "workbook to write (.xlsx)")
	return cmd
}

func templateRun(f *cmdutil.Factory, o *TemplateOptions) error {
	var schema importer.Schema
	var out, next string
	switch o.Kind {
	case "candidates", "candidats":
		schema, out, next = app.CandidateImportSchema, "candidats.xlsx", "habil session enroll ID %s --dry-run"
	case "results", "resultats":
		schema, out, next = app.SessionResultsSchema, "resultats.xlsx", "habil session results ID %s --dry-run"
	default:
		return cmdutil.FlagErrorf("%q is not a session template: use candidates or results", o.Kind)
	}
	if o.Out != "" {
		out = o.Out
	}
	if _, err := cmdutil.OutExt(out, ".xlsx"); err != nil {
		return err
	}
	if err := f.CheckOut(out); err != nil {
		return err
	}
	if err := cmdutil.WriteTemplate(out, schema, f.Now()); err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Template written to %s (%d columns). Fill one row per candidate, then: "+next+"\n", out, len(schema.Fields), out)
	return nil
}
