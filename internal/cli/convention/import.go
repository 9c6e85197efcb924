package convention

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

// ImportOptions are the flags of 'convention import'.
type ImportOptions struct {
	File string
	cmdutil.ImportFlags
	At cmdutil.DateFlag
}

// NewCmdImport builds 'convention import'.
func NewCmdImport(f *cmdutil.Factory, runF func(context.Context, *ImportOptions) error) *cobra.Command {
	o := &ImportOptions{}
	cmd := &cobra.Command{
		Use:   "import FILE [--dry-run]",
		Short: "Import the conventions signed before habil from a spreadsheet (.xlsx or French Excel .csv)",
		Long: `Import the conventions a certifier already has, one row per convention, with the columns
SIRET, Code RNCP/RS, Date de début, Date de fin, Date de signature (empty: not signed yet),
Référence (your own number, kept and printed beside habil's), Redevance par candidat, Frais par
examen, Forfait annuel. Headers are matched without regard to case, accents or punctuation
('habil convention template' writes the blank workbook and explains every column). The file may
be an .xlsx workbook (first sheet unless --sheet) or a CSV saved by French Excel (';', UTF-8 or
Windows-1252, dates dd/mm/yyyy, decimal comma).

Each row is checked like 'convention create': the partner is in the register (import the
partners first) with a habilitation on the certification covering the whole period, within the
registration; a fee per exam only when the habilitation covers the assessment; no overlap with
another convention of the same partner and certification, recorded or on another row. A
signature date may be neither in the future nor after the convention's end.

A row with a signature date is recorded as signed on that date, drawn up that day (its number
takes that year); a row without one is recorded as a draft drawn up today (--at).

The import is all-or-nothing: every error of every row is listed as FILE:ROW:COLUMN: CODE:
message and nothing is written (exit 3). It is idempotent: a convention is found again by
partner, certification and reference (without a reference: by partner, certification and
dates), so importing the same file twice changes nothing the second time. A draft takes the
dates and fees the file gives, and is signed when the file now gives a signature date; the
terms of a sent, signed or ended convention are never changed by an import (an avenant is
needed: 'habil convention amend').

--dry-run checks the whole file against the register and prints what would change (counts on
stderr; with --format json, each planned change on stdout: entity, id, action, row, changes)
without writing anything.`,
		Example: `  habil convention template --out conventions.xlsx
  habil convention import conventions.xlsx --dry-run
  habil convention import conventions.xlsx --dry-run --format json   # each planned change
  habil convention import conventions.xlsx
  habil convention import "Conventions signées 2025.csv"`,
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
	req := app.ConventionImportRequest{
		File: o.File, Sheet: o.Sheet, At: f.At(&o.At), DryRun: o.DryRun,
		Changes: o.DryRun && f.Format != "table",
	}
	res, err := a.ImportConventions(ctx, req)
	if res != nil {
		if perr := cmdutil.PrintImportFindings(ios, res.Warnings, res.Errors); perr != nil {
			return perr
		}
	}
	if err != nil {
		return err
	}
	cmdutil.PrintImportNotes(ios, res.Notes, res.MoreNotes)
	label := ""
	if o.DryRun {
		label = " (dry run, nothing written)"
		fmt.Fprintf(ios.ErrOut, "Dry run: %s is valid (%s).\n", res.File, cmdutil.Count(res.Rows, "row"))
	}
	for _, w := range res.Written {
		fmt.Fprintln(ios.ErrOut, "  "+w)
	}
	if res.MoreWritten > 0 {
		fmt.Fprintf(ios.ErrOut, "  … and %d more\n", res.MoreWritten)
	}
	c := res.Conventions
	fmt.Fprintf(ios.ErrOut, "Conventions%s: created %d, updated %d, unchanged %d; signed %d.\n", label, c.Created, c.Updated, c.Unchanged, res.Signed)
	if !o.DryRun && c.Changed() == 0 {
		fmt.Fprintln(ios.ErrOut, "Nothing changed: the register already holds this file's conventions.")
	}
	if !o.DryRun && c.Changed() > 0 {
		fmt.Fprintln(ios.ErrOut, "See them with: habil convention list")
	}
	if req.Changes {
		return cmdutil.PrintImportPlan(ios, f.Format, res.Plan)
	}
	return nil
}
