package cmdutil

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/importer"
	"github.com/spf13/cobra"
)

// ImportFlags are the flags every 'import FILE' command shares.
type ImportFlags struct {
	Sheet  string
	DryRun bool
}

// AddImportFlags adds --sheet and --dry-run to an import command.
func AddImportFlags(cmd *cobra.Command, o *ImportFlags) {
	cmd.Flags().StringVar(&o.Sheet, "sheet", "", "sheet of the workbook to read (default: the first)")
	cmd.Flags().BoolVar(&o.DryRun, "dry-run", false, "check the file and print what would change; write nothing")
}

// ImportProgress returns the progress callback of an import ("reading
// FILE: N rows…" on a terminal's stderr, nil otherwise) and the function
// that ends its line once the import returns.
func ImportProgress(ios *IOStreams, file string) (progress func(int), done func()) {
	if !ios.IsStderrTTY() {
		return nil, func() {}
	}
	shown := false
	return func(n int) {
			shown = true
			fmt.Fprintf(ios.ErrOut, "\rreading %s: %d rows…", filepath.Base(file), n)
		}, func() {
			if shown {
				fmt.Fprintln(ios.ErrOut)
			}
		}
}

// PrintImportFindings prints what an import found in its file, whatever
// its outcome: the warnings (ignored columns…), then every row error (the
// first 50 lines, then a count).
func PrintImportFindings(ios *IOStreams, warnings []string, errs *importer.ErrorList) error {
	Warn(ios, "", warnings)
	if errs != nil && errs.Len() > 0 {
		return errs.Print(ios.ErrOut, 50)
	}
	return nil
}

// PrintImportPlan prints the changes a dry run planned, one per row of the
// listing (entity, id, action, row, changes), in the --format asked.
func PrintImportPlan(ios *IOStreams, format string, plan *importer.Plan) error {
	changes := plan.Changes()
	rows := make([][]string, len(changes))
	for i, c := range changes {
		rows[i] = []string{c.Entity, c.ID, string(c.Action), strconv.Itoa(c.Row), strings.Join(c.Changes, "; ")}
	}
	return Print(ios, format, Listing{
		Headers: []string{"entity", "id", "action", "row", "changes"},
		Rows:    rows, JSON: changes,
	})
}

// Count writes "1 row", "2 rows".
func Count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
