package certification

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/fcexport"
	"github.com/habil-app/habil/internal/sqlite"
	"github.com/spf13/cobra"
)

func init() {
	extraCommands = append(extraCommands, func(f *cmdutil.Factory) *cobra.Command { return NewCmdImport(f, nil) })
}

// ImportOptions are the arguments of 'certification import'.
type ImportOptions struct {
	File  string
	Codes []string
}

// progressMin is the file size from which a TTY gets a progress line.
const progressMin = 8 << 20

// NewCmdImport builds 'certification import'.
func NewCmdImport(f *cmdutil.Factory, runF func(context.Context, *ImportOptions) error) *cobra.Command {
	o := &ImportOptions{}
	cmd := &cobra.Command{
		Use:   "import FILE [--code CODE]...",
		Short: "Import your certifications from the France Compétences open-data export (XML v4.1 or CSV zip)",
		Long: `Read the France Compétences open-data export and record your certifications from it.

FILE is what France Compétences publishes every day on data.gouv.fr, dataset "Répertoire national
des certifications professionnelles et répertoire spécifique":
  - the XML v4.1 export: export-fiches-rncp-v4-1-AAAA-MM-JJ.zip and export-fiches-rs-v4-1-AAAA-MM-JJ.zip
    (RNCP and RS fiches come in two separate files: import both), or the .xml file they hold;
  - the CSV export: export-fiches-csv-AAAA-MM-JJ.zip (10 CSV files), or the folder it unzips to.
The shape is recognised from the content, whatever the file is called. The file is read as a
stream: the 1 GB RNCP export needs no more memory than a small one.

Which fiches: by default those that name the SIRET given to 'habil init' among their certifiers.
France Compétences leaves the certifier SIRET empty on many fiches: when none matches, habil lists
the certifier names it found, and you pick your fiches with --code (repeat it, or separate codes
with commas). --code takes the fiches named, whoever their certifier is.

Kept for each fiche: code, title, level (NIV3…NIV8; none for RS), the active flag, registration
end date, delivery deadline (DATE_LIMITE_DELIVRANCE, when published), blocs de compétences (code,
label), the open access routes (SI_JURY_FI, CA, FC, CQ, CL, VAE with ACTIF=Oui), the published
promotion statistics (year, certified, of which VAE, insertion rate at 6 months, target-job rate
at 2 years) and the published partner list (SIRET, name, habilitation, status, dates), which later
reconciles with your partner register. The long texts (activities, skills, juries) are not kept.

What the CSV export lacks: promotion statistics, the partners' habilitation status and dates, and
the delivery deadline. habil does not invent them: what an earlier XML import recorded is kept (a
CSV import never erases published statistics), the rest stays unknown, and habil says so.

Re-importing the same export changes nothing and says so; a newer export updates the certifications
and lists what changed for each (every change is journaled: habil history --entity certification).
An export older than the one a certification was last imported from (dates read from the file
names) leaves that certification as it is. Certifications of your database that are not in the file are left as they are. Everything is
written in one transaction: on any error nothing is written.

A malformed fiche among those selected (code, title, level, date, number, access route) rejects the
import (exit 3) with one line per problem: FILE:LINE:FIELD: CODE: message (LINE is where the
fiche starts in the XML, the row in the CSV). Malformed fiches of other certifiers are skipped with
a warning.

stdout lists the imported codes, one per line; stderr says what changed and ends with
"created N, updated N, unchanged N".
Exit codes: 1 when FILE cannot be read, no fiche matches, or a --code is not in the file;
3 when FILE is not an export (or is truncated) or a selected fiche is malformed.`,
		Example: `  # The XML exports, as downloaded (RNCP and RS fiches are in two files)
  habil certification import export-fiches-rncp-v4-1-2025-11-20.zip
  habil certification import export-fiches-rs-v4-1-2025-11-20.zip

  # Fiches whose certifier SIRET is missing in the export: name them
  habil certification import export-fiches-rncp-v4-1-2025-11-20.zip --code RNCP35419,RNCP36141

  # The CSV export (no statistics, no partner status)
  habil certification import export-fiches-csv-2025-11-20.zip --code RS5568`,
		Args: cmdutil.ExactArgs(1, "the export FILE (.xml, or .zip as downloaded from data.gouv.fr)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.File = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return importRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringSliceVar(&o.Codes, "code", nil, "take this fiche (RNCP… or RS…) whoever its certifier; repeat or separate with commas")
	return cmd
}

func parseCodes(in []string) ([]domain.CertCode, error) {
	var out []domain.CertCode
	seen := map[domain.CertCode]bool{}
	for _, s := range in {
		for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			c, err := domain.ParseCertCode(part)
			if err != nil {
				return nil, cmdutil.FlagValue("code", err)
			}
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out, nil
}

func importRun(ctx context.Context, f *cmdutil.Factory, o *ImportOptions) error {
	codes, err := parseCodes(o.Codes)
	if err != nil {
		return err
	}
	db, err := f.DB(ctx)
	if err != nil {
		return err
	}
	me, err := db.Certifier(ctx)
	if err != nil {
		return err
	}
	exp, err := fcexport.Open(o.File)
	if err != nil {
		return err
	}
	defer exp.Close()
	w := f.IOStreams.ErrOut
	name := filepath.Base(o.File)

	sel := fcexport.Selection{SIRET: me.SIRET, Name: me.Name, Codes: codes}
	progress := f.IOStreams.IsStderrTTY() && exp.Size >= progressMin
	if progress {
		sel.Progress = func(n int) { fmt.Fprintf(w, "\rscanning %s: %d fiches…", name, n) }
	}
	res, err := exp.Scan(ctx, sel)
	if progress {
		fmt.Fprint(w, "\r\033[K")
	}
	if err != nil {
		return err
	}
	if res.Scanned == 0 {
		return domain.Errorf(domain.KindRejected, "FC_EMPTY", "%s holds no fiche: %s", name, fcexport.Expected).WithHint(fcexport.DownloadHint)
	}
	if len(res.Missing) > 0 {
		return missingCodes(name, res)
	}
	if probs := res.Problems(); len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(w, p.Error())
		}
		var bad []string
		for _, fi := range res.Fiches {
			if len(fi.Problems) > 0 {
				bad = append(bad, fi.Problems[0].Fiche)
			}
		}
		return domain.Errorf(domain.KindRejected, "FC_FICHE_INVALID", "%d problem(s) in the selected fiche(s) %s of %s: nothing was imported",
			len(probs), strings.Join(bad, ", "), name).
			WithHint("these fiches are published malformed by France Compétences: report it to them; meanwhile import your other fiches with --code")
	}
	if len(res.Fiches) == 0 {
		return noMatch(name, me, res)
	}
	warnings(w, res, me, len(codes) > 0)

	type outcome struct {
		code  string
		ch    sqlite.CertificationChange
		kept  []string
		cert  *domain.Certification
		newer string // date of the newer export the stored data came from
	}
	var done []outcome
	err = db.WithTx(ctx, func(tx *sqlite.Tx) error {
		done = done[:0]
		for _, fi := range res.Fiches {
			c := fi.Cert
			prev, err := tx.Certification(c.Code)
			if err != nil && domain.KindOf(err) != domain.KindNotFound {
				return err
			}
			if err != nil {
				prev = nil
			}
			// An older export never overwrites what a newer one recorded.
			if prev != nil && strings.HasPrefix(prev.Source, "fc-") && prev.SourceDate != "" && res.Date != "" && res.Date < prev.SourceDate {
				done = append(done, outcome{code: string(c.Code), cert: &c, newer: prev.SourceDate})
				continue
			}
			kept := fcexport.KeepLacking(res.Shape, prev, &c)
			ch, err := tx.SaveCertification(&c)
			if err != nil {
				return err
			}
			done = append(done, outcome{code: string(c.Code), ch: ch, kept: kept, cert: &c})
		}
		return nil
	})
	if err != nil {
		return err
	}

	var created, updated, unchanged, older int
	for _, d := range done {
		switch {
		case d.newer != "":
			unchanged++
			older++
			fmt.Fprintf(w, "warning: %s was imported from a newer export (%s) than this one (%s): left as it is\n", d.code, d.newer, res.Date)
		case d.ch.Created:
			created++
			fmt.Fprintf(w, "created %s %s (%s)\n", d.code, d.cert.Title, describe(d.cert))
		case d.ch.Unchanged():
			unchanged++
		default:
			updated++
			fmt.Fprintf(w, "updated %s: %s\n", d.code, strings.Join(d.ch.Changes, "; "))
		}
	}
	if res.Shape.IsCSV() {
		fmt.Fprintf(w, "note: the CSV export carries no %s: what an earlier XML import recorded is kept, the rest stays unknown; import the XML export to get them\n",
			strings.Join(res.Shape.Lacks(), ", no "))
		for _, d := range done {
			if len(d.kept) > 0 {
				fmt.Fprintf(w, "note: %s: %s kept from the earlier XML import\n", d.code, strings.Join(d.kept, ", "))
			}
		}
	}
	if len(codes) == 0 {
		leftAlone(ctx, f, w, res)
	}
	src := res.Shape.Describe()
	if res.Date != "" {
		src += " of " + res.Date
	}
	if created+updated+older == 0 {
		fmt.Fprintf(w, "Nothing changed: the database already matches %s.\n", name)
	}
	fmt.Fprintf(w, "created %d, updated %d, unchanged %d (%d fiche(s) selected among %d in %s, %s)\n",
		created, updated, unchanged, len(res.Fiches), res.Scanned, name, src)
	for _, d := range done {
		fmt.Fprintln(f.IOStreams.Out, d.code)
	}
	return nil
}

func describe(c *domain.Certification) string {
	var parts []string
	if c.Level > 0 {
		parts = append(parts, fmt.Sprintf("level %d", c.Level))
	}
	if len(c.Blocs) > 0 {
		parts = append(parts, fmt.Sprintf("%d blocs", len(c.Blocs)))
	}
	if len(c.Access) > 0 {
		parts = append(parts, "routes "+domain.AccessCodes(c.Access))
	} else {
		parts = append(parts, "no access route published")
	}
	if !c.EndDate.IsZero() {
		parts = append(parts, "registration ends "+c.EndDate.String())
	}
	if len(c.Stats) > 0 {
		parts = append(parts, fmt.Sprintf("%d years of statistics", len(c.Stats)))
	}
	if len(c.Partners) > 0 {
		parts = append(parts, fmt.Sprintf("%d published partners", len(c.Partners)))
	}
	return strings.Join(parts, ", ")
}

// warnings prints what the user should know before the import is written.
func warnings(w io.Writer, res *fcexport.Result, me domain.Certifier, explicit bool) {
	if res.Version != "" && !strings.HasPrefix(res.Version, "4.") {
		fmt.Fprintf(w, "warning: the export is version %s; habil reads version 4.1: check the imported certifications\n", res.Version)
	}
	if res.Skipped > 0 {
		var ex []string
		for _, p := range res.SkippedExamples {
			ex = append(ex, p.Short())
		}
		fmt.Fprintf(w, "warning: %d malformed fiche(s) not selected were skipped, e.g. %s\n", res.Skipped, strings.Join(ex, "; "))
	}
	for _, d := range res.Duplicates {
		fmt.Fprintf(w, "warning: %s appears more than once in the file: the last one was kept\n", d)
	}
	for _, fi := range res.Fiches {
		for _, n := range fi.Notes {
			fmt.Fprintf(w, "warning: %s\n", n.Error())
		}
		if fi.Cert.Active != nil && !*fi.Cert.Active {
			fmt.Fprintf(w, "note: %s is marked inactive by France Compétences\n", fi.Cert.Code)
		}
		if !explicit {
			continue
		}
		var others []string
		ours := false
		for _, c := range fi.Certifiers {
			if c.SIRET == "" {
				continue
			}
			if c.SIRET == string(me.SIRET) {
				ours = true
			}
			others = append(others, fmt.Sprintf("%s (SIRET %s)", c.Name, domain.FormatSIRET(c.SIRET)))
		}
		if !ours && len(others) > 0 {
			fmt.Fprintf(w, "note: %s names %s as certifier, not your SIRET %s: imported because --code asks for it\n",
				fi.Cert.Code, strings.Join(others, " and "), me.SIRET.Formatted())
		}
	}
}

func registerHint(res *fcexport.Result, code domain.CertCode) string {
	switch {
	case code.Register() == domain.RS && res.RS == 0:
		return "this file holds no RS fiche: RS fiches are in export-fiches-rs-v4-1-*.zip (or the CSV export)"
	case code.Register() == domain.RNCP && res.RNCP == 0:
		return "this file holds no RNCP fiche: RNCP fiches are in export-fiches-rncp-v4-1-*.zip (or the CSV export)"
	}
	return ""
}

func missingCodes(name string, res *fcexport.Result) error {
	var l []string
	var hints []string
	seen := map[string]bool{}
	for _, c := range res.Missing {
		l = append(l, string(c))
		if h := registerHint(res, c); h != "" && !seen[h] {
			seen[h] = true
			hints = append(hints, h)
		}
	}
	verb := "is"
	if len(l) > 1 {
		verb = "are"
	}
	hints = append(hints, "check the code on the fiche at francecompetences.fr; nothing was imported")
	return domain.Errorf(domain.KindNotFound, "FC_CODE_NOT_FOUND", "%s %s not in %s (%d fiches scanned)", strings.Join(l, ", "), verb, name, res.Scanned).
		WithHint("%s", strings.Join(hints, "; "))
}

func noMatch(name string, me domain.Certifier, res *fcexport.Result) error {
	var hints []string
	example := ""
	if len(res.SameSIREN) > 0 {
		hints = append(hints, "fiches of your company under another SIRET: "+strings.Join(res.SameSIREN, ", "))
		example = strings.Fields(res.SameSIREN[0])[0]
	}
	if len(res.SameName) > 0 {
		hints = append(hints, "fiches of a certifier named like you: "+strings.Join(res.SameName, ", "))
		if example == "" {
			example = res.SameName[0]
		}
	}
	if res.WithoutCertifierSIRET > 0 {
		hints = append(hints, fmt.Sprintf("France Compétences leaves the certifier SIRET empty on many fiches (%d here)", res.WithoutCertifierSIRET))
	}
	if len(res.Certifiers) > 0 {
		var top []string
		for i, c := range res.Certifiers {
			if i == 10 {
				top = append(top, fmt.Sprintf("… (%d certifiers in all)", len(res.Certifiers)))
				break
			}
			top = append(top, fmt.Sprintf("%s (%d fiche%s)", c.Name, c.Fiches, plural(c.Fiches)))
		}
		hints = append(hints, "certifiers found: "+strings.Join(top, ", "))
	}
	if example == "" {
		example = "RNCP12345"
	}
	hints = append(hints, fmt.Sprintf("pick your fiches with --code, e.g. 'habil certification import %s --code %s', or check the SIRET given to 'habil init'", name, example))
	if res.RS == 0 {
		hints = append(hints, "RS fiches are in export-fiches-rs-v4-1-*.zip")
	} else if res.RNCP == 0 {
		hints = append(hints, "RNCP fiches are in export-fiches-rncp-v4-1-*.zip")
	}
	return domain.Errorf(domain.KindNotFound, "FC_NO_MATCH", "no fiche of %s names your SIRET %s (%s) as certifier (%d fiches scanned); nothing was imported",
		name, me.SIRET.Formatted(), me.Name, res.Scanned).WithHint("%s", strings.Join(hints, "; "))
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// leftAlone notes the imported certifications of the database that this
// export (same register) no longer lists under the certifier's SIRET.
func leftAlone(ctx context.Context, f *cmdutil.Factory, w io.Writer, res *fcexport.Result) {
	db, err := f.DB(ctx)
	if err != nil {
		return
	}
	codes, err := db.CertificationCodes(ctx)
	if err != nil {
		return
	}
	got := map[string]bool{}
	for _, fi := range res.Fiches {
		got[string(fi.Cert.Code)] = true
	}
	var left []string
	for _, code := range codes {
		c := domain.CertCode(code)
		if got[code] || (c.Register() == domain.RNCP && res.RNCP == 0) || (c.Register() == domain.RS && res.RS == 0) {
			continue
		}
		cert, err := db.Certification(ctx, c)
		if err != nil || !strings.HasPrefix(cert.Source, "fc-") {
			continue
		}
		left = append(left, code)
	}
	if len(left) > 0 {
		verb, as, obj := "is", "it is", "it"
		if len(left) > 1 {
			verb, as, obj = "are", "they are", "them"
		}
		fmt.Fprintf(w, "note: %s, imported earlier, %s not listed under your SIRET in this export: left as %s (import %s with --code to update)\n",
			strings.Join(left, ", "), verb, as, obj)
	}
}
