package partner

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/fcexport"
	"github.com/habil-app/habil/internal/sqlite"
	"github.com/spf13/cobra"
)

// GraceKey is the configuration key of the declaration grace period.
const GraceKey = "check.fc_declaration_grace_days"

// ReconcileOptions are the flags of 'partner reconcile'.
type ReconcileOptions struct {
	Files []string
	At    cmdutil.DateFlag
}

// NewCmdReconcile builds 'partner reconcile'.
func NewCmdReconcile(f *cmdutil.Factory, runF func(context.Context, *ReconcileOptions) error) *cobra.Command {
	o := &ReconcileOptions{}
	cmd := &cobra.Command{
		Use:   "reconcile [FILE]... [--at D]",
		Short: "Compare the partner register with the France Compétences register",
		Long: `Compare our partners and habilitations with the organisations France Compétences lists for
each of our certifications, in its open-data export: XML v4.1 (.xml, or the export-fiches-rncp-
and export-fiches-rs-v4-1 zips; give both to cover RNCP and RS) or the CSV export zip. Without
FILE, the lists stored by the last 'habil certification import' are used.

Findings (the habilitation state is judged at --at, default today):
  FC_UNKNOWN_PARTNER   error    an organisation listed as active for one of our certifications that
                                we do not know, that is not active here (prospect, suspended,
                                withdrawn), or that has no habilitation in force on it: it can sell
                                the certification on Mon Compte Formation
  FC_REGISTER_MISMATCH warning  an active partner habilitated here for more than
                                check.fc_declaration_grace_days days (default 60) and not listed
                                there (to declare); listed as Supprimé/Inactif while active and
                                habilitated here; or listed with another habilitation code
  FC_FICHE_MISSING     info     one of our certifications is not in the file (or was added by hand)
  FC_CERTIFIER_LISTED  info     the certifier itself is listed (it trains) but is not recorded as a partner

The XML export carries each organisation's status (Actif, Inactif, Supprimé); the CSV export does
not: with it every listed organisation is taken as active, and a note says so.

The result is stored: 'habil check' reports the last one. Exit 0 whatever is found (check turns
errors into exit 4). --format json prints an array of {code, severity, subject, message,
certification, siret}.`,
		Example: `  habil partner reconcile export-fiches-rncp-v4-1-2025-11-20.zip export-fiches-rs-v4-1-2025-11-20.zip
  habil partner reconcile export_fiches_RNCP_V4_1_2025-11-20.xml --format json
  habil partner reconcile          # against the lists kept by 'certification import'`,
		Args: func(cmd *cobra.Command, args []string) error { return nil },
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Files = args
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return reconcileRun(cmd.Context(), f, o)
		},
	}
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

// FindingJSON is a finding in --format json (the contract's keys code,
// severity, subject, message, plus certification and siret).
type FindingJSON struct {
	Code          string  `json:"code"`
	Severity      string  `json:"severity"`
	Subject       string  `json:"subject"`
	Message       string  `json:"message"`
	Certification *string `json:"certification"`
	SIRET         *string `json:"siret"`
}

// ToFindingJSON converts a reconciliation finding.
func ToFindingJSON(x domain.ReconcileFinding) FindingJSON {
	return FindingJSON{Code: x.Code, Severity: string(x.Severity), Subject: x.Subject, Message: x.Message,
		Certification: cmdutil.NullString(string(x.Certification)), SIRET: cmdutil.NullString(x.SIRET)}
}

func reconcileRun(ctx context.Context, f *cmdutil.Factory, o *ReconcileOptions) error {
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	grace := cfg.Check.FCDeclarationGraceDays
	db, err := f.DB(ctx)
	if err != nil {
		return err
	}
	certs, err := db.Certifications(ctx)
	if err != nil {
		return err
	}
	if len(certs) == 0 {
		return domain.NotFound("no certification is recorded: there is nothing to reconcile").
			WithHint("import yours first with 'habil certification import FILE'")
	}
	at := f.At(&o.At)
	in := domain.ReconcileInput{At: at}
	if c, err := db.Certifier(ctx); err == nil {
		in.CertifierSIRET = c.SIRET
	}
	run := &sqlite.ReconcileRun{At: at, HasStatus: true}
	w := f.IOStreams.ErrOut
	if len(o.Files) == 0 {
		run.Source, run.Shape = "stored", "stored"
		for _, c := range certs {
			if c.Source == "" || c.Source == "manual" {
				in.Skipped = append(in.Skipped, domain.ReconcileSkip{Cert: c.Code,
					Reason: "it was recorded by hand, so no France Compétences list is stored for it: give the export file, or import it with 'habil certification import'"})
				continue
			}
			hasStatus := c.Source != "fc-csv"
			run.HasStatus = run.HasStatus && hasStatus
			in.Fiches = append(in.Fiches, domain.ReconcileFiche{Cert: c.Code, Partners: c.Partners, HasStatus: hasStatus})
			if c.SourceDate != "" && c.SourceDate > run.SourceDate {
				run.SourceDate = c.SourceDate
			}
		}
	} else {
		if err := readExports(ctx, o.Files, certs, &in, run, w); err != nil {
			return err
		}
	}
	for _, fi := range in.Fiches {
		run.Certifications = append(run.Certifications, fi.Cert)
		run.Published += len(fi.Partners)
	}
	if in.Partners, err = db.Partners(ctx, sqlite.PartnerFilter{}); err != nil {
		return err
	}
	run.Findings = domain.Reconcile(in)
	if err := db.WithTx(ctx, func(tx *sqlite.Tx) error { return tx.SaveReconcile(run) }); err != nil {
		return err
	}
	due := domain.DueFindings(run.Findings, at, grace)
	if !run.HasStatus {
		fmt.Fprintln(w, "note: the CSV export carries no habilitation status: every listed organisation is taken as active; give the XML export to compare statuses (Actif, Inactif, Supprimé).")
	}
	counts := map[domain.Severity]int{}
	for _, x := range due {
		counts[x.Severity]++
	}
	pending := len(run.Findings) - len(due)
	codes := make([]string, len(run.Certifications))
	for i, c := range run.Certifications {
		codes[i] = string(c)
	}
	compared := "no certification"
	if len(codes) > 0 {
		compared = strings.Join(codes, ", ")
	}
	fmt.Fprintf(w, "Compared %s (%d organisations listed) with %d partners at %s: %d errors, %d warnings, %d notes.\n",
		compared, run.Published, len(in.Partners), at, counts[domain.SeverityError], counts[domain.SeverityWarning], counts[domain.SeverityInfo])
	if pending > 0 {
		fmt.Fprintf(w, "Not reported yet: %d habilitation(s) started less than %d days ago and not listed yet (config %s).\n", pending, grace, GraceKey)
	}
	fmt.Fprintln(w, "Result stored: 'habil check' reports it.")

	js := make([]FindingJSON, 0, len(due))
	var rows [][]string
	for _, x := range due {
		js = append(js, ToFindingJSON(x))
		rows = append(rows, []string{string(x.Severity), x.Code, x.Subject, cmdutil.Orempty(string(x.Certification)), x.Message})
	}
	return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
		Headers: []string{"severity", "code", "subject", "certification", "message"},
		Rows:    rows, JSON: js,
		Empty: "No difference: the France Compétences register matches ours.",
	})
}

// readExports scans each export file for our certifications; a code found in
// several files keeps the last one.
func readExports(ctx context.Context, files []string, certs []*domain.Certification, in *domain.ReconcileInput, run *sqlite.ReconcileRun, w io.Writer) error {
	codes := make([]domain.CertCode, len(certs))
	for i, c := range certs {
		codes[i] = c.Code
	}
	found := map[domain.CertCode]domain.ReconcileFiche{}
	var shapes []string
	for _, path := range files {
		e, err := fcexport.Open(path)
		if err != nil {
			return err
		}
		res, err := e.Scan(ctx, fcexport.Selection{Codes: codes})
		e.Close()
		if err != nil {
			return err
		}
		shapes = append(shapes, string(res.Shape))
		if res.Date > run.SourceDate {
			run.SourceDate = res.Date
		}
		hasStatus := !res.Shape.IsCSV()
		run.HasStatus = run.HasStatus && hasStatus
		for _, fi := range res.Fiches {
			if len(fi.Problems) > 0 {
				fmt.Fprintf(w, "note: fiche %s has malformed fields (%s); its partners are compared anyway.\n", fi.Cert.Code, fi.Problems[0].Short())
			}
			found[fi.Cert.Code] = domain.ReconcileFiche{Cert: fi.Cert.Code, Partners: fi.Cert.Partners, HasStatus: hasStatus}
		}
	}
	run.Source, run.Shape = strings.Join(files, ", "), strings.Join(shapes, ",")
	var keys []domain.CertCode
	for k := range found {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return sqlite.CertCodeLess(keys[i], keys[j]) })
	for _, k := range keys {
		in.Fiches = append(in.Fiches, found[k])
	}
	why := "its fiche is not in " + strings.Join(baseNames(files), ", ")
	if run.HasStatus && len(files) == 1 {
		why += " (the XML export comes as one file for RNCP and one for RS: give both)"
	}
	for _, c := range codes {
		if _, ok := found[c]; !ok {
			in.Skipped = append(in.Skipped, domain.ReconcileSkip{Cert: c, Reason: why})
		}
	}
	return nil
}

func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p
		if j := strings.LastIndexAny(p, `/\`); j >= 0 {
			out[i] = p[j+1:]
		}
	}
	return out
}
