package admin

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// NewCmdPrivacy builds 'habil privacy' (export, purge).
func NewCmdPrivacy(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "privacy",
		Short: "Personal data (GDPR): export everything about a person, purge past retention",
		Long: `The certifier's duties towards the people in the database (GDPR): give a person
everything habil holds about them (export), and forget people once the retention period
is over (purge; config key privacy.retention_years, and 'habil check' reports
RETENTION_DUE). habil never stores a social security number (NIR).`,
		Example: "  habil privacy export --person \"Kowalczyk;Zoé;14/07/1988\" --out zoe.json\n  habil privacy purge --before 2021-01-01 --dry-run",
		Args:    cmdutil.NoArgs,
	}
	cmd.AddCommand(newCmdPrivacyExport(f), newCmdPrivacyPurge(f))
	return cmd
}

// PrivacyExportOptions are the flags of 'habil privacy export'.
type PrivacyExportOptions struct {
	Person    string
	Candidate string
	Email     string
	Out       string
}

func newCmdPrivacyExport(f *cmdutil.Factory) *cobra.Command {
	o := &PrivacyExportOptions{}
	cmd := &cobra.Command{
		Use:   "export (--person \"BIRTH NAME;FIRST NAME;DD/MM/YYYY\" | --candidate KEY | --email E) --out FILE.json",
		Short: "Write everything habil holds about one person (JSON, mode 0600)",
		Long: `Write everything habil holds about one person to a JSON file (mode 0600: it is
personal data): identity, enrolments with their sessions, results, certificates and
attestations, and survey answers. Give the person by identity (--person, names compared
without case or accents), by the key the journal shows (--candidate
"BIRTHNAME|FIRSTNAME|YYYY-MM-DD"), or by e-mail (--email: everyone with that address).
No match exits 1.`,
		Example: "  habil privacy export --person \"Kowalczyk;Zoé;14/07/1988\" --out zoe.json\n  habil privacy export --email zoe.k@example.org --out zoe.json",
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			n := 0
			for _, s := range []string{o.Person, o.Candidate, o.Email} {
				if strings.TrimSpace(s) != "" {
					n++
				}
			}
			if n != 1 {
				return cmdutil.FlagErrorf("give exactly one of --person, --candidate, --email")
			}
			if o.Out == "" {
				return cmdutil.FlagErrorf("--out FILE.json is required")
			}
			q := app.PersonQuery{Key: o.Candidate, Email: strings.TrimSpace(o.Email)}
			if o.Person != "" {
				parts := strings.Split(o.Person, ";")
				if len(parts) != 3 {
					return cmdutil.FlagValue("person", fmt.Errorf("%q: write \"BIRTH NAME;FIRST NAME;DD/MM/YYYY\"", o.Person))
				}
				d, err := domain.ParseDate(strings.TrimSpace(parts[2]))
				if err != nil {
					return cmdutil.FlagValue("person", err)
				}
				q.BirthName, q.FirstName, q.BirthDate = strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1]), d
			}
			return privacyExportRun(cmd.Context(), f, q, o.Out)
		},
	}
	cmd.Flags().StringVar(&o.Person, "person", "", "the person's identity: \"BIRTH NAME;FIRST NAME;DD/MM/YYYY\"")
	cmd.Flags().StringVar(&o.Candidate, "candidate", "", "the candidate's key as the journal shows it")
	cmd.Flags().StringVar(&o.Email, "email", "", "the person's e-mail address")
	cmd.Flags().StringVar(&o.Out, "out", "", "JSON file to write (mode 0600)")
	return cmd
}

func privacyExportRun(ctx context.Context, f *cmdutil.Factory, q app.PersonQuery, out string) error {
	if err := f.CheckOut(out); err != nil {
		return err
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	exp, err := a.PrivacyExport(ctx, q, out)
	if err != nil {
		return err
	}
	fmt.Fprintln(f.IOStreams.Out, out)
	fmt.Fprintf(f.IOStreams.ErrOut, "Wrote everything about %d person(s) matching %s to %s (mode 0600: it is personal data).\n", len(exp.People), exp.Query, out)
	return nil
}

// PrivacyPurgeOptions are the flags of 'habil privacy purge'.
type PrivacyPurgeOptions struct {
	Before         cmdutil.DateFlag
	DryRun         bool
	IncludeHolders bool
}

func newCmdPrivacyPurge(f *cmdutil.Factory) *cobra.Command {
	o := &PrivacyPurgeOptions{}
	cmd := &cobra.Command{
		Use:   "purge --before D [--dry-run] [--include-holders]",
		Short: "Anonymise the candidates whose last session ended before a date",
		Long: `Anonymise every candidate whose last session ended before D:
  - candidates who never obtained the certification lose all personal data: names,
    birth date (its year is kept), birth place, e-mail, CPF file number, exam
    accommodations; their enrolments and results stay, anonymous, for the statistics;
  - holders lose their contact data (e-mail) and the link to their survey answers; their
    identity and certificate stay, since the register of holders is the proof of their
    certification (--include-holders anonymises them too, for a certifier whose
    retention policy allows it).
Nobody whose last session ended on or after D is touched, and D cannot be after today.

Before writing, habil makes a verified automatic backup (NAME.pre-purge-STAMP.bak, kept
with the others by backup.keep). The same personal values are redacted in the change
journal; the database runs with secure_delete and its write-ahead log is emptied, so no
copy stays in free pages of the file. The purge names the backups that still hold the
data: delete them (or keep them under the same retention) yourself.

--dry-run lists who would be anonymised and writes nothing.`,
		Example: "  habil privacy purge --before 2021-01-01 --dry-run\n  habil privacy purge --before 2021-01-01\n  habil privacy purge --before 2016-01-01 --include-holders",
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !o.Before.IsSet() {
				return cmdutil.FlagErrorf("--before D is required")
			}
			return privacyPurgeRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().Var(&o.Before, "before", "anonymise candidates whose last session ended before this date")
	cmd.Flags().BoolVar(&o.DryRun, "dry-run", false, "list who would be anonymised, write nothing")
	cmd.Flags().BoolVar(&o.IncludeHolders, "include-holders", false, "anonymise holders of the certification too (the register of holders loses them)")
	return cmd
}

type purgeJSON struct {
	CandidateID int64  `json:"candidate_id"`
	Name        string `json:"name"`
	LastSession string `json:"last_session"`
	Holder      bool   `json:"holder"`
	Scope       string `json:"scope"`
}

func privacyPurgeRun(ctx context.Context, f *cmdutil.Factory, o *PrivacyPurgeOptions) error {
	var a *app.App
	var err error
	if o.DryRun {
		a, err = f.ReadApp(ctx)
	} else {
		a, err = f.App(ctx)
	}
	if err != nil {
		return err
	}
	rep, err := a.PrivacyPurge(ctx, app.PurgeRequest{Before: o.Before.Date, DryRun: o.DryRun, IncludeHolders: o.IncludeHolders})
	if err != nil {
		return err
	}
	js := make([]purgeJSON, 0, len(rep.Targets))
	var rows [][]string
	for _, t := range rep.Targets {
		scope := "contact data"
		if t.Full {
			scope = "all personal data"
		}
		js = append(js, purgeJSON{t.CandidateID, t.Name, t.LastSession.String(), t.Holder, scope})
		rows = append(rows, []string{fmt.Sprint(t.CandidateID), t.Name, t.LastSession.String(), yesNo(t.Holder), scope})
	}
	err = cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
		Headers: []string{"candidate", "name", "last session", "holder", "anonymised"},
		Rows:    rows, JSON: js, Empty: fmt.Sprintf("No candidate's last session ended before %s with data left to purge.", rep.Before),
	})
	if err != nil {
		return err
	}
	w := f.IOStreams.ErrOut
	if o.DryRun {
		fmt.Fprintf(w, "Dry run: %d candidate(s) would be anonymised entirely, %d holder(s) would lose their contact data; nothing was written.\n", rep.Full(), len(rep.Targets)-rep.Full())
		return nil
	}
	if len(rep.Targets) == 0 {
		return nil
	}
	fmt.Fprintf(w, "Anonymised %d candidate(s); erased the contact data of %d holder(s); redacted %d journal entr(ies); detached %d survey answer(s).\n",
		rep.Effect.Anonymised, rep.Effect.ContactsErased, rep.Effect.JournalRedacted, rep.Effect.SurveyLinks)
	fmt.Fprintf(w, "A verified backup was written first: %s\n", rep.Backup)
	if len(rep.Backups) > 0 {
		fmt.Fprintf(w, "These backups still hold the purged data (delete them, or keep them under the same retention):\n")
		for _, b := range rep.Backups {
			fmt.Fprintf(w, "  %s\n", b)
		}
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
