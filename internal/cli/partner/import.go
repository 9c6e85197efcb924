package partner

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"

	// The spreadsheet formats register themselves with the importer.
	_ "github.com/habil-app/habil/internal/csvfr"
	_ "github.com/habil-app/habil/internal/xlsx"
)

func init() {
	extraCommands = append(extraCommands,
		func(f *cmdutil.Factory) *cobra.Command { return NewCmdImport(f, nil) },
		func(f *cmdutil.Factory) *cobra.Command { return NewCmdExport(f, nil) },
		func(f *cmdutil.Factory) *cobra.Command { return NewCmdTemplate(f, nil) },
	)
}

// ImportOptions are the flags of 'partner import'.
type ImportOptions struct {
	File string
	cmdutil.ImportFlags
	At cmdutil.DateFlag
}

// NewCmdImport builds 'partner import'.
func NewCmdImport(f *cmdutil.Factory, runF func(context.Context, *ImportOptions) error) *cobra.Command {
	o := &ImportOptions{}
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import partners and habilitations from a spreadsheet (.xlsx or French Excel .csv)",
		Long: `Import a partner list: one row per partner × certification habilitation. The file may be an
Excel/LibreOffice workbook (.xlsx; first sheet unless --sheet) or a CSV saved by French Excel
(';' or ',' or tab, UTF-8 or Windows-1252, dates dd/mm/yyyy, decimal comma). The header row may
sit below title rows; headers are matched without regard to case, accents or punctuation
(see 'habil partner template' for the columns and their accepted names).

The import is all-or-nothing: every error of every row is listed as FILE:ROW:COLUMN: CODE:
message and nothing is written (exit 3). It is idempotent: importing the same file twice
changes nothing the second time. It is incremental: partners and habilitations absent from
the file are left as they are. A row's habilitation updates the partner's habilitation on the
same certification whose period overlaps it, or adds one. Without a status column, a new
partner is active when a row gives it a habilitation in force at --at, else a prospect; an
existing prospect becomes active on the same condition. Status changes are journaled with the
reason "import FILE".

--dry-run checks the whole file against the register and prints what would change (counts on
stderr; with --format json, each planned change on stdout: entity, id, action, row, changes)
without writing anything. A database error or an interruption (Ctrl-C) during the write
rolls the whole import back.`,
		Example: `  habil partner import partenaires.xlsx --dry-run
  habil partner import partenaires.xlsx --dry-run --format json   # each planned change
  habil partner import partenaires.xlsx
  habil partner import "Liste OF 2026.csv" --at 2026-01-01
  habil partner import reseau.xlsx --sheet "Habilitations"`,
		Args: cmdutil.ExactArgs(1, "the FILE to import (.xlsx or .csv)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.File = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return importRun(cmd.Context(), f, o)
		},
	}
	cmdutil.AddImportFlags(cmd, &o.ImportFlags)
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func importRun(ctx context.Context, f *cmdutil.Factory, o *ImportOptions) error {
	ios := f.IOStreams
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	req := app.PartnerImportRequest{
		File: o.File, Sheet: o.Sheet, At: f.At(&o.At), DryRun: o.DryRun,
		Changes: o.DryRun && f.Format != "table",
	}
	var done func()
	req.Progress, done = cmdutil.ImportProgress(ios, o.File)
	res, err := a.ImportPartners(ctx, req)
	done()
	if res != nil {
		if perr := cmdutil.PrintImportFindings(ios, res.Warnings, res.Errors); perr != nil {
			return perr
		}
	}
	if err != nil {
		return err
	}
	label := ""
	if o.DryRun {
		label = " (dry run, nothing written)"
		fmt.Fprintf(ios.ErrOut, "Dry run: %s is valid (%s).\n", res.File, cmdutil.Count(res.Rows, "row"))
	}
	for _, s := range res.StatusChanges {
		fmt.Fprintf(ios.ErrOut, "  status %s\n", s)
	}
	if n := res.MoreStatusChanges; n > 0 {
		fmt.Fprintf(ios.ErrOut, "  … and %d more status changes\n", n)
	}
	p, h := res.Partners, res.Habilitations
	fmt.Fprintf(ios.ErrOut, "Partners%s: created %d, updated %d, unchanged %d.\n", label, p.Created, p.Updated, p.Unchanged)
	fmt.Fprintf(ios.ErrOut, "Habilitations%s: created %d, updated %d, unchanged %d.\n", label, h.Created, h.Updated, h.Unchanged)
	if res.Untouched > 0 {
		fmt.Fprintf(ios.ErrOut, "%s of the register %s not in the file: left as they are.\n", cmdutil.Count(res.Untouched, "partner"), map[bool]string{true: "is", false: "are"}[res.Untouched == 1])
	}
	if !o.DryRun && res.Changed() == 0 {
		fmt.Fprintln(ios.ErrOut, "Nothing changed: the register already holds this file's data.")
	}
	if req.Changes {
		return cmdutil.PrintImportPlan(ios, f.Format, res.Plan)
	}
	return nil
}
