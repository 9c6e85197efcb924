package cohort

import (
	"fmt"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/xlsx"
	"github.com/spf13/cobra"

	// The spreadsheet formats register themselves with the importer.
	_ "github.com/habil-app/habil/internal/csvfr"
)

// NewCmdSurveys builds the 'cohort surveys' group.
func NewCmdSurveys(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "surveys",
		Aliases: []string{"survey"},
		Short:   "Insertion surveys at 6 and 24 months: what is due, the mailing list, the answers",
		Long: `The 6-month and 24-month insertion surveys of certificate holders. A wave is due from the jury
decision + 6 (or 24) months until its answer window closes (config surveys.window_6m, default
months 5 to before 12; surveys.window_24m, default 18 to before 36). 'due' lists them, 'export'
writes the mailing list with blank answer columns, 'import' reads the answers back.`,
		Example: `  habil cohort surveys due
  habil cohort surveys export --wave 6m --out enquete-6mois.xlsx
  habil cohort surveys import enquete-6mois.xlsx`,
	}
	cmd.AddCommand(newCmdDue(f), newCmdExport(f), newCmdTemplate(f), newCmdImport(f))
	return cmd
}

func parseWave(v string) (domain.SurveyWave, error) {
	if v == "" {
		return "", nil
	}
	w, err := domain.ParseSurveyWave(v)
	if err != nil {
		return "", cmdutil.FlagValue("wave", err)
	}
	return w, nil
}

func newCmdDue(f *cmdutil.Factory) *cobra.Command {
	var at cmdutil.DateFlag
	var wave string
	cmd := &cobra.Command{
		Use:   "due [--at D] [--wave 6m|24m]",
		Short: "List the survey waves due at --at and not answered yet",
		Long: `List, for each holder, the 6-month and 24-month survey waves that are due at --at (default
today) and have no answer yet: from the jury date + 6 (or 24) months until the wave's answer
window closes. Soonest due first.`,
		Example: `  habil cohort surveys due
  habil cohort surveys due --at 2026-09-01 --format json
  habil cohort surveys due --wave 24m --format csv > relances.csv`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			w, err := parseWave(wave)
			if err != nil {
				return err
			}
			a, err := f.ReadApp(cmd.Context())
			if err != nil {
				return err
			}
			list, err := a.SurveysDue(cmd.Context(), f.At(&at), w)
			if err != nil {
				return err
			}
			type dueJSON struct {
				CertificateNumber string  `json:"certificate_number"`
				Certification     string  `json:"certification"`
				BirthName         string  `json:"birth_name"`
				FirstName         string  `json:"first_name"`
				Email             *string `json:"email"`
				PartnerSIRET      string  `json:"partner_siret"`
				Wave              string  `json:"wave"`
				DueDate           string  `json:"due_date"`
				Closes            string  `json:"answers_until"`
			}
			js := make([]dueJSON, len(list))
			rows := make([][]string, len(list))
			for i, d := range list {
				js[i] = dueJSON{d.CertificateNumber, string(d.Certification), d.Candidate.BirthName, d.Candidate.FirstName(),
					cmdutil.NullString(d.Candidate.Email), string(d.Partner), string(d.Wave), d.DueDate.String(), d.Closes.AddDays(-1).String()}
				rows[i] = []string{d.CertificateNumber, d.Candidate.FullName(), cmdutil.Orempty(d.Candidate.Email), string(d.Wave), js[i].DueDate, js[i].Closes}
			}
			return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
				Headers: []string{"certificate", "holder", "email", "wave", "due", "answers until"},
				Rows:    rows, JSON: js, Empty: "No survey is due at " + f.At(&at).String() + ".",
			})
		},
	}
	cmdutil.AddAtFlag(cmd, &at)
	cmd.Flags().StringVar(&wave, "wave", "", "only this wave: 6m or 24m")
	return cmd
}

// surveyColumns are the export's columns: the import's headers.
func surveyColumns() []xlsx.Column {
	cols := make([]xlsx.Column, len(app.SurveyImportSchema.Fields))
	for i, fl := range app.SurveyImportSchema.Fields {
		cols[i] = xlsx.Column{Header: fl.Label, Text: fl.Key == "certificate" || fl.Key == "partner"}
	}
	return cols
}

func newCmdExport(f *cmdutil.Factory) *cobra.Command {
	var at cmdutil.DateFlag
	var wave, out string
	cmd := &cobra.Command{
		Use:   "export --wave 6m|24m --out FILE.csv|FILE.xlsx [--at D]",
		Short: "Write the mailing list of a wave due, with blank answer columns to fill",
		Long: `Write the holders whose survey wave is due at --at (default today) and not answered: certificate
number, name, birth date, e-mail, partner, due date, then the blank answer columns. The headers are
those 'cohort surveys import' reads, so that the filled list (from a mail merge, a form tool or by
hand) imports back. The file holds personal data: it is written with mode 0600.`,
		Example: `  habil cohort surveys export --wave 6m --out enquete-6mois.xlsx
  habil cohort surveys export --wave 24m --out enquete-2ans.csv --at 2026-09-01
  habil cohort surveys import enquete-6mois.xlsx --dry-run`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if wave == "" {
				return cmdutil.FlagErrorf("--wave is required: 6m or 24m")
			}
			w, err := parseWave(wave)
			if err != nil {
				return err
			}
			if _, err := cmdutil.OutExt(out, ".xlsx", ".csv"); err != nil {
				return err
			}
			if err := f.CheckOut(out); err != nil {
				return err
			}
			a, err := f.ReadApp(cmd.Context())
			if err != nil {
				return err
			}
			list, err := a.SurveysDue(cmd.Context(), f.At(&at), w)
			if err != nil {
				return err
			}
			rows := make([][]any, len(list))
			for i, d := range list {
				row := make([]any, len(app.SurveyImportSchema.Fields))
				for j, fl := range app.SurveyImportSchema.Fields {
					switch fl.Key {
					case "certificate":
						row[j] = xlsx.Text(d.CertificateNumber)
					case "birth_name":
						row[j] = d.Candidate.BirthName
					case "first_name":
						row[j] = d.Candidate.FirstName()
					case "birth_date":
						row[j] = d.Candidate.BirthDate
					case "certification":
						row[j] = string(d.Certification)
					case "email":
						row[j] = d.Candidate.Email
					case "partner":
						row[j] = d.Partner.Formatted()
					case "due":
						row[j] = d.DueDate
					case "wave":
						row[j] = string(d.Wave)
					}
				}
				rows[i] = row
			}
			if err := cmdutil.WriteTableFile(out, 0o600, f.Now(), app.SurveyImportSchema.Name, surveyColumns(), rows); err != nil {
				return err
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "%s due at %s written to %s. Fill the answer columns, then: habil cohort surveys import %s --dry-run\n",
				cmdutil.Count(len(list), w.String()+" survey"), f.At(&at), out, out)
			return nil
		},
	}
	cmdutil.AddAtFlag(cmd, &at)
	cmd.Flags().StringVar(&wave, "wave", "", "the wave: 6m or 24m (required)")
	cmd.Flags().StringVar(&out, "out", "", "file to write (.xlsx or .csv)")
	return cmd
}

func newCmdTemplate(f *cmdutil.Factory) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "template [--out FILE.xlsx]",
		Short: "Write the blank survey answers workbook, with a sheet explaining every column",
		Long: `Write the blank spreadsheet of 'cohort surveys import': the first sheet has the headers the
import reads, the second ("Explications", in French) explains every column and its allowed
values. It opens no database. Default --out: enquetes.xlsx.`,
		Example: `  habil cohort surveys template
  habil cohort surveys template --out reponses.xlsx`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := cmdutil.OutExt(out, ".xlsx"); err != nil {
				return err
			}
			if err := f.CheckOut(out); err != nil {
				return err
			}
			if err := cmdutil.WriteTemplate(out, app.SurveyImportSchema, f.Now()); err != nil {
				return err
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "Template written to %s (%d columns). Fill one row per answer, then: habil cohort surveys import %s --dry-run\n",
				out, len(app.SurveyImportSchema.Fields), out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "enquetes.xlsx", "workbook to write (.xlsx)")
	return cmd
}

func newCmdImport(f *cmdutil.Factory) *cobra.Command {
	o := &cmdutil.ImportFlags{}
	cmd := &cobra.Command{
		Use:   "import FILE [--dry-run]",
		Short: "Import survey answers from a spreadsheet (.xlsx or .csv)",
		Long: `Import the holders' answers to the 6-month and 24-month surveys (the headers of 'cohort surveys
template' and 'cohort surveys export'): a holder is found by certificate number, else by birth
name + first name + birth date (with the certification column when they hold two).

One answer per holder and wave: importing the same answer again changes nothing; a different
answer for the same holder and wave replaces the stored one, and the import says so. The import
is all-or-nothing: every error of every row is listed (someone who is not a holder of that
certification, an unknown situation, a pay that is not a number, an answer dated outside its
wave's window) and nothing is written (exit 3). --dry-run checks and counts, writes nothing.`,
		Example: `  habil cohort surveys import enquete-6mois.xlsx --dry-run
  habil cohort surveys import enquete-6mois.xlsx`,
		Args: cmdutil.ExactArgs(1, "the FILE to import (.xlsx or .csv)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := f.App(ctx)
			if err != nil {
				return err
			}
			res, err := a.ImportSurveys(ctx, app.SurveyImportRequest{File: args[0], Sheet: o.Sheet, DryRun: o.DryRun})
			if res != nil {
				if perr := cmdutil.PrintImportFindings(f.IOStreams, res.Warnings, res.Errors); perr != nil {
					return perr
				}
			}
			if err != nil {
				return err
			}
			label := ""
			if o.DryRun {
				label = " (dry run, nothing written)"
				fmt.Fprintf(f.IOStreams.ErrOut, "Dry run: %s is valid (%s).\n", res.File, cmdutil.Count(res.Rows, "row"))
			}
			for _, l := range res.ReplacedLines {
				fmt.Fprintln(f.IOStreams.ErrOut, "  replaced: "+l)
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "Survey answers%s: created %d, updated %d, unchanged %d.\n", label, res.Created, res.Replaced, res.Unchanged)
			if res.NotAnswered > 0 {
				fmt.Fprintf(f.IOStreams.ErrOut, "%s without any answer skipped (not answered yet).\n", cmdutil.Count(res.NotAnswered, "row"))
			}
			if !o.DryRun && res.Created+res.Replaced == 0 {
				fmt.Fprintln(f.IOStreams.ErrOut, "Nothing changed: these answers are already recorded.")
			}
			return nil
		},
	}
	cmdutil.AddImportFlags(cmd, o)
	return cmd
}
