package convention

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// TemplateOptions are the flags of 'convention template'.
type TemplateOptions struct {
	Out string
}

// NewCmdTemplate builds 'convention template'. It needs no database.
func NewCmdTemplate(f *cmdutil.Factory, runF func(context.Context, *TemplateOptions) error) *cobra.Command {
	o := &TemplateOptions{}
	cmd := &cobra.Command{
		Use:   "template [--out FILE.xlsx]",
		Short: "Write the blank workbook of 'convention import', with a sheet explaining every column",
		Long: `Write the blank spreadsheet in which to list the conventions signed before habil, for
'habil convention import': the first sheet has the headers the import reads (the SIRET column
formatted as text so that it keeps its digits, dates and amounts formatted), the second sheet
("Explications", in French) explains every column, whether it is required, the other header
names accepted and an example. It opens no database. Default --out: conventions.xlsx.`,
		Example: `  habil convention template
  habil convention template --out "conventions existantes.xlsx"
  habil convention import "conventions existantes.xlsx" --dry-run`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := cmdutil.OutExt(o.Out, ".xlsx"); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			if err := f.CheckOut(o.Out); err != nil {
				return err
			}
			if err := cmdutil.WriteTemplate(o.Out, app.ConventionImportSchema, f.Now()); err != nil {
				return err
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "Template written to %s (%d columns). Fill one row per convention, then: habil convention import %s --dry-run\n",
				o.Out, len(app.ConventionImportSchema.Fields), o.Out)
			return nil
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "conventions.xlsx", "workbook to write (.xlsx)")
	return cmd
}
