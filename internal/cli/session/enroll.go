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

// EnrollOptions are the flags of 'session enroll'.
type EnrollOptions struct {
	ID   string
	File string
	cmdutil.ImportFlags
}

// NewCmdEnroll builds 'session enroll'.
func NewCmdEnroll(f *cmdutil.Factory, runF func(context.Context, *EnrollOptions) error) *cobra.Command {
	o := &EnrollOptions{}
	cmd := &cobra.Command{
		Use:   "enroll ID FILE [--dry-run]",
		Short: "Enrol the candidates of a spreadsheet (.xlsx or French Excel .csv) in a session",
		Long: `Enrol candidates in a session from a spreadsheet, one row per candidate, with the columns
Nom de naissance, Nom d'usage, Prénom (Prénom 2, Prénom 3), Date de naissance, Sexe, Code INSEE
commune de naissance, Commune de naissance, Code postal de naissance, Pays de naissance, Email,
Voie d'accès, Type de VAE, Blocs visés, N° dossier CPF, Date d'inscription, Organisme de
formation, Aménagement ('habil session template candidates' writes the blank workbook and
explains every column; headers are matched without regard to case, accents or punctuation).

Each row is checked: the identity as the CDC declaration needs it (names up to 60 characters in
any script, a real birth date neither in the future nor absurd, sex M/F, the INSEE code of the
birth commune — 2A/2B for Corsica — or 99xxx for a country, an e-mail address); the access route
open on the certification and within the habilitation (for a session the certifier organises:
within the habilitation of the partner that trained the candidate, which must then be given,
except for free candidates and VAE); the targeted blocs within the habilitation's; the VAE type
for VAE candidates only; after the registration end, a registration date before it.
A partner habilitated to train and assess whose trainees sit another organiser's session gets a
warning (R6113-16-4 2°).

The same person (birth name + first name + birth date, compared without accents or case) is one
candidate across sessions. The import is all-or-nothing: every error of every row is listed as
FILE:ROW:COLUMN: CODE: message and nothing is written (exit 3). It is idempotent: importing the
same file again changes nothing. A session whose jury deliberated, or that was delivered, takes
no more candidates (exit 1). --dry-run checks and prints what would change without writing.`,
		Example: `  habil session template candidates --out candidats.xlsx
  habil session enroll 4 candidats.xlsx --dry-run
  habil session enroll 4 candidats.xlsx
  habil session enroll 4 "Candidats juin 2026.csv"`,
		Args: cmdutil.ExactArgs(2, "the session's id and the FILE to import (.xlsx or .csv)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID, o.File = args[0], args[1]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return enrollRun(cmd.Context(), f, o)
		},
	}
	cmdutil.AddImportFlags(cmd, &o.ImportFlags)
	return cmd
}

func enrollRun(ctx context.Context, f *cmdutil.Factory, o *EnrollOptions) error {
	id, err := parseID(o.ID)
	if err != nil {
		return err
	}
	ios := f.IOStreams
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	progress, done := cmdutil.ImportProgress(ios, o.File)
	req := app.EnrollRequest{SessionID: id, File: o.File, Sheet: o.Sheet, DryRun: o.DryRun,
		Changes: o.DryRun && f.Format != "table", Progress: progress}
	res, err := a.EnrollCandidates(ctx, req)
	done()
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
	c := res.Candidates
	fmt.Fprintf(ios.ErrOut, "Candidates of session %d%s: created %d, updated %d, unchanged %d.\n", id, label, c.Created, c.Updated, c.Unchanged)
	if !o.DryRun && c.Changed() == 0 {
		fmt.Fprintln(ios.ErrOut, "Nothing changed: the session already holds this file's candidates.")
	}
	if !o.DryRun && c.Changed() > 0 {
		fmt.Fprintf(ios.ErrOut, "See them with: habil session show %d\n", id)
	}
	if req.Changes {
		return cmdutil.PrintImportPlan(ios, f.Format, res.Plan)
	}
	return nil
}
