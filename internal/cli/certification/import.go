package certification

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
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
at 2 years) and the published partner list (SIRET, name, habilitation, status, active since, last
status change), which later reconciles with your partner register; the fiche's certifiers
(co-certification lists several), its registration type (TYPE_ENREGISTREMENT: "Enregistrement sur
demande" or "de droit"), the fiches that replace it (NOUVELLES_CERTIFICATIONS), whether it may be
validated bloc by bloc (VALIDATION_PARTIELLE), the jury composition (SI_JURY_*/COMPOSITION, one line
per route when they differ), the entry prerequisites (PREREQUIS_ENTREE_FORMATION) and each bloc's
evaluation modalities (MODALITES_EVALUATION). Other long texts (activities, skills) are not kept.

The jury composition, prerequisites and evaluation modalities fill the certification's parameters
when they are empty and follow the export while you have not edited them; a value you set with
'habil certification edit' is kept by every later import (clear it with --clear to follow the
export again).

What the CSV export lacks: promotion statistics, the partners' habilitation status and dates, the
delivery deadline, the jury composition, prerequisites and evaluation modalities (and the successor
fiches when its Ancienne_Nouvelle_Certification file is missing). habil does not invent them: what an earlier XML import recorded is kept (a
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
  habil certification import export-fiches-csv-2025-11-20.zip --code RS5568

  # Then see what was kept, and set what the export does not say
  habil certification show RNCP35419
  habil certification edit RNCP35419 --min-training-hours 1200 --min-in-person 60`,
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
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	w := f.IOStreams.ErrOut
	in := app.ImportCertificationsInput{File: o.File, Codes: codes, ProgressMin: progressMin}
	progress := false
	if f.IOStreams.IsStderrTTY() {
		name := filepath.Base(o.File)
		in.Progress = func(n int) {
			progress = true
			fmt.Fprintf(w, "\rscanning %s: %d fiches…", name, n)
		}
	}
	res, err := a.ImportCertifications(ctx, in)
	if progress {
		fmt.Fprint(w, "\r\033[K")
	}
	if res != nil {
		for _, p := range res.Problems {
			fmt.Fprintln(w, p)
		}
	}
	if err != nil {
		return err
	}
	for _, l := range res.Warnings {
		fmt.Fprintln(w, l)
	}
	for _, d := range res.Imported {
		switch {
		case d.NewerExport != "":
			fmt.Fprintf(w, "warning: %s was imported from a newer export (%s) than this one (%s): left as it is\n", d.Cert.Code, d.NewerExport, res.Date)
		case d.Change.Created:
			fmt.Fprintf(w, "created %s %s (%s)\n", d.Cert.Code, d.Cert.Title, describe(d.Cert))
		case !d.Change.Unchanged():
			fmt.Fprintf(w, "updated %s: %s\n", d.Cert.Code, strings.Join(d.Change.Changes, "; "))
		}
	}
	if res.Shape.IsCSV() {
		fmt.Fprintf(w, "note: the CSV export carries no %s: what an earlier XML import recorded is kept, the rest stays unknown; import the XML export to get them\n",
			strings.Join(res.Shape.Lacks(), ", no "))
		for _, d := range res.Imported {
			if len(d.Kept) > 0 {
				fmt.Fprintf(w, "note: %s: %s kept from the earlier XML import\n", d.Cert.Code, strings.Join(d.Kept, ", "))
			}
		}
	}
	if left := res.LeftAlone; len(left) > 0 {
		verb, as, obj := "is", "it is", "it"
		if len(left) > 1 {
			verb, as, obj = "are", "they are", "them"
		}
		fmt.Fprintf(w, "note: %s, imported earlier, %s not listed under your SIRET in this export: left as %s (import %s with --code to update)\n",
			strings.Join(left, ", "), verb, as, obj)
	}
	src := res.Shape.Describe()
	if res.Date != "" {
		src += " of " + res.Date
	}
	if !res.Changed() {
		fmt.Fprintf(w, "Nothing changed: the database already matches %s.\n", res.Name)
	}
	fmt.Fprintf(w, "created %d, updated %d, unchanged %d (%d fiche(s) selected among %d in %s, %s)\n",
		res.Created, res.Updated, res.Unchanged, len(res.Imported), res.Scanned, res.Name, src)
	for _, d := range res.Imported {
		fmt.Fprintln(f.IOStreams.Out, d.Cert.Code)
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
