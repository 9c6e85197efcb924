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

func init() {
	// The last 'partner reconcile' findings, with the declaration grace
	// applied at --at (domain.DueFindings) and the run's date and files in
	// each message; when it was never run and certifications exist,
	// FC_RECONCILE_NEVER (info).
	reads := []string{ReadsReconcile}
	register(
		Rule{Code: domain.FCUnknownPartner, Severities: []domain.Severity{domain.SeverityError}, Area: AreaFranceCompetences,
			Doc:   "from the last 'habil partner reconcile': an organisation listed by France Compétences for one of your certifications that is not your active, habilitated partner",
			Reads: reads, Eval: fcFindings(domain.FCUnknownPartner)},
		Rule{Code: domain.FCRegisterMismatch, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaFranceCompetences,
			Doc:        "from the last 'partner reconcile': a habilitation not listed there the grace period after it started, or listed differently (status, habilitation code)",
			Thresholds: []string{KeyFCDeclarationGraceDays},
			Reads:      reads, Eval: fcFindings(domain.FCRegisterMismatch)},
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
	for _, f := range domain.DueFindings(r.Findings, e.At, e.Limits.FCDeclarationGraceDays) {
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
