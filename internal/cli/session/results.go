package session

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

// ResultsOptions are the flags of 'session results'.
type ResultsOptions struct {
	ID, File string
	cmdutil.ImportFlags
}

// NewCmdResults builds 'session results'.
func NewCmdResults(f *cmdutil.Factory, runF func(context.Context, *ResultsOptions) error) *cobra.Command {
	o := &ResultsOptions{}
	cmd := &cobra.Command{
		Use:   "results ID FILE [--dry-run]",
		Short: "Record a session's results from a spreadsheet (.xlsx or French Excel .csv)",
		Long: `Record the results of a session's candidates, one row per candidate, with the columns
Nom de naissance, Prénom, Date de naissance (they identify the enrolled candidate, compared
without accents or case), Résultat (admis, ajourne, absent; also passed, failed), Blocs validés
(codes separated by , ; or spaces), Mention (sans mention, assez bien, bien, tres bien, tres bien
avec felicitations du jury) and Note (decimal comma allowed).

Rules: a row for someone not enrolled in the session is an error; an admitted candidate
validates every bloc (the column may stay empty); a candidate who targeted some blocs only is
assessed on those, and may be admitted when they and the blocs acquired in earlier sessions of
the certification cover it; a failed candidate may validate some blocs (partial success, a bloc
attestation at delivery); an absent candidate has no bloc, mention or score; a mention goes
with admis only. Candidates absent from the file keep their result.

All-or-nothing: every error of every row is listed as FILE:ROW:COLUMN: CODE: message and
nothing is written (exit 3). Importing the same file again changes nothing. Once the jury has
closed the session (habil session close), its results can no longer change (exit 1).`,
		Example: `  habil session results 12 resultats.xlsx --dry-run
  habil session results 12 resultats.xlsx
  habil session results 12 resultats.csv --dry-run --format json   # each planned change`,
		Args: cmdutil.ExactArgs(2, "the session ID and the results FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID, o.File = args[0], args[1]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return resultsRun(cmd.Context(), f, o)
		},
	}
	cmdutil.AddImportFlags(cmd, &o.ImportFlags)
	return cmd
}

func resultsRun(ctx context.Context, f *cmdutil.Factory, o *ResultsOptions) error {
	id, err := parseID(o.ID)
	if err != nil {
		return err
	}
	ios := f.IOStreams
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	req := app.SessionResultsRequest{SessionID: id, File: o.File, Sheet: o.Sheet, DryRun: o.DryRun, Changes: o.DryRun && f.Format != "table"}
	res, err := a.ImportSessionResults(ctx, req)
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
	c := res.Results
	fmt.Fprintf(ios.ErrOut, "Results of session %d%s: new %d, changed %d, unchanged %d.\n", id, label, c.Created, c.Updated, c.Unchanged)
	if res.Missing > 0 {
		fmt.Fprintf(ios.ErrOut, "%s still without a result: see habil session show %d.\n", cmdutil.Count(res.Missing, "enrolled candidate"), id)
	} else if !o.DryRun {
		fmt.Fprintf(ios.ErrOut, "Every candidate has a result: close the session after the jury with habil session close %d --jury-date D.\n", id)
	}
	if req.Changes {
		return cmdutil.PrintImportPlan(ios, f.Format, res.Plan)
	}
	return nil
}
