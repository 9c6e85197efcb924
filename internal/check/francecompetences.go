package check

import (
	"fmt"
	"sort"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// ReconcileNever: 'partner reconcile' was never run (not a contract code: a
// note). The codes the reconciliation itself finds (domain.FCUnknownPartner…)
// are reported from its last stored run.
const ReconcileNever = "FC_RECONCILE_NEVER"

// FCExportOld: the last reconcile compared an old export (or one of unknown date).
const FCExportOld = "FC_EXPORT_OLD"

func init() {
	// The last 'partner reconcile' findings, with the declaration grace
	// applied at --at (domain.DueFindings) and the run's date and files in
	// each message; when it was never run and certifications exist,
	// FC_RECONCILE_NEVER (info).
	reads := []string{ReadsReconcile}
	register(
		Rule{Code: domain.FCUnknownPartner, Severities: []domain.Severity{domain.SeverityError, domain.SeverityInfo}, Area: AreaFranceCompetences,
			Doc:   "from the last 'habil partner reconcile': an organisation listed by France Compétences for one of your certifications that is not your active, habilitated partner (info on a fiche that is inactive or past its registration end)",
			Reads: reads, Eval: fcFindings(domain.FCUnknownPartner)},
		Rule{Code: domain.FCRegisterMismatch, Severities: []domain.Severity{domain.SeverityWarning, domain.SeverityInfo}, Area: AreaFranceCompetences,
			Doc:        "from the last 'partner reconcile': a habilitation not listed there the grace period after it started, listed differently (status, habilitation code), or a suspension, withdrawal or end still to declare within the grace period",
			Thresholds: []string{KeyFCDeclarationGraceDays},
			Reads:      []string{ReadsReconcile, ReadsDeclarations}, Eval: fcFindings(domain.FCRegisterMismatch)},
		Rule{Code: domain.FCDeclarationLate, Severities: []domain.Severity{domain.SeverityError}, Area: AreaFranceCompetences,
			Doc:        "a habilitation that ended, or a partner suspended or withdrawn, more than the grace period ago is still listed as active by the last 'partner reconcile', and no declaration was recorded ('partner declared')",
			Thresholds: []string{KeyFCDeclarationGraceDays},
			Reads:      []string{ReadsReconcile, ReadsDeclarations}, Eval: fcFindings(domain.FCDeclarationLate)},
		Rule{Code: domain.FCDeclared, Severities: []domain.Severity{domain.SeverityInfo}, Area: AreaFranceCompetences,
			Doc:   "a change found by the last 'partner reconcile' was declared ('partner declared'): the export does not show it yet",
			Reads: []string{ReadsReconcile, ReadsDeclarations}, Eval: fcFindings(domain.FCDeclared)},
		Rule{Code: FCExportOld, Severities: []domain.Severity{domain.SeverityWarning, domain.SeverityInfo}, Area: AreaFranceCompetences,
			Doc:        "the last 'partner reconcile' used an export older than the limit (its date from the file name, …-AAAA-MM-JJ); info when that date is unknown",
			Thresholds: []string{KeyFCExportOldDays},
			Reads:      reads, Eval: exportOld},
		Rule{Code: domain.FCFicheMissing, Severities: []domain.Severity{domain.SeverityInfo}, Area: AreaFranceCompetences,
			Doc:   "from the last 'partner reconcile': one of your certifications was not compared (not in the export, or recorded by hand)",
			Reads: reads, Eval: fcFindings(domain.FCFicheMissing)},
		Rule{Code: domain.FCCertifierListed, Severities: []domain.Severity{domain.SeverityInfo}, Area: AreaFranceCompetences,
			Doc:   "from the last 'partner reconcile': the certifier itself is listed (it trains) but is not recorded as a partner",
			Reads: reads, Eval: fcFindings(domain.FCCertifierListed)},
		Rule{Code: ReconcileNever, Severities: []domain.Severity{domain.SeverityInfo}, Area: AreaFranceCompetences,
			Doc:   "'partner reconcile' was never run (and certifications are recorded)",
			Reads: []string{ReadsReconcile, ReadsCertifications}, Eval: reconcileNever},
	)
}

// fcFindings reports the last run's due findings of one code.
func fcFindings(code string) func(*Env) []domain.Finding {
	return func(e *Env) []domain.Finding { return only(e.reconcileDue(), code) }
}

// reconcileDue is the last run's findings due at --at, each message naming
// the run (computed once per Run). The stored findings are not modified.
func (e *Env) reconcileDue() []domain.Finding {
	if e.fcDueDone {
		return e.fcDue
	}
	e.fcDueDone = true
	r := e.Reconcile
	if r == nil {
		return nil
	}
	source := r.Source
	if source == "" || source == "stored" {
		source = "the lists kept by 'certification import'"
	}
	for _, f := range domain.DueFindingsDeclared(r.Findings, e.At, e.Limits.FCDeclarationGraceDays, e.Declarations) {
		f.Message += fmt.Sprintf(" [partner reconcile of %s against %s", r.At, source)
		if f.Severity != domain.SeverityInfo {
			f.Message += "; run it again once fixed"
		}
		f.Message += "]"
		e.fcDue = append(e.fcDue, f)
	}
	return e.fcDue
}

func reconcileNever(e *Env) []domain.Finding {
	if e.Reconcile != nil || len(e.Certifications) == 0 {
		return nil
	}
	codes := make([]string, len(e.Certifications))
	for i, c := range e.Certifications {
		codes[i] = string(c.Code)
	}
	sort.Strings(codes)
	return []domain.Finding{{Code: ReconcileNever, Severity: domain.SeverityInfo, Subject: strings.Join(codes, ","),
		Message: "'habil partner reconcile' was never run: run it with the France Compétences export to find the organisations listed for your certifications that you have not habilitated (FC_UNKNOWN_PARTNER) and the habilitations still to declare (FC_REGISTER_MISMATCH)"}}
}

func exportOld(e *Env) []domain.Finding {
	if f := ExportOld(e.Reconcile, e.At, e.Limits.FCExportOldDays); f != nil {
		return []domain.Finding{*f}
	}
	return nil
}

// ExportOld is FC_EXPORT_OLD for a reconcile run at at: a warning when the
// export it compared is more than maxDays old, info when its date is unknown
// (said, not guessed), nil otherwise. 'partner reconcile' prints it too.
func ExportOld(r *domain.ReconcileRun, at domain.Date, maxDays int) *domain.Finding {
	if r == nil {
		return nil
	}
	subject := r.Source // the file names, without their folders
	if subject == "" {
		subject = "stored"
	}
	var names []string
	for _, p := range strings.Split(subject, ", ") {
		if i := strings.LastIndexAny(p, `/\`); i >= 0 {
			p = p[i+1:]
		}
		names = append(names, p)
	}
	subject = strings.Join(names, ", ")
	fetch := "download the current export (data.gouv.fr, « Répertoire national des certifications professionnelles et répertoire spécifique ») and run 'habil partner reconcile FILE' again"
	d, err := domain.ParseOptionalDate(r.SourceDate)
	if err != nil || d.IsZero() {
		return &domain.Finding{Code: FCExportOld, Severity: domain.SeverityInfo, Subject: subject,
			Message: fmt.Sprintf("the date of the France Compétences export compared by the 'partner reconcile' of %s is unknown (a file name ending in -AAAA-MM-JJ gives it): make sure it is recent, or %s", r.At, fetch)}
	}
	age := d.DaysUntil(at)
	if age <= maxDays {
		return nil
	}
	return &domain.Finding{Code: FCExportOld, Severity: domain.SeverityWarning, Subject: subject, DueDate: d,
		Message: fmt.Sprintf("the France Compétences export compared by the 'partner reconcile' of %s is of %s, %d days old on %s (more than %d, config %s): its lists of partners may be out of date; %s",
			r.At, d, age, at, maxDays, KeyFCExportOldDays, fetch)}
}
