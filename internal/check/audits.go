package check

import (
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// Finding codes of the audits area: an active partner not audited for too
// long; a non-conformity past its corrective-action deadline.
const (
	AuditOverdue         = "AUDIT_OVERDUE"
	NonconformityOverdue = "NONCONFORMITY_OVERDUE"
)

func init() {
	// AUDIT_OVERDUE (warning): an active partner whose last audit (or,
	// never audited, the start of its first habilitation) is more than
	// AuditOverdueMonths before the date — the same start the audit plan
	// ranks by.
	// NONCONFORMITY_OVERDUE: a non-conformity still open past its
	// deadline; a major one is an error and proposes the procedure of
	// R6113-16-6 (precautionary suspension, observations, résiliation), a
	// minor one is a warning.
	register(
		Rule{Code: AuditOverdue, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaPartners,
			Doc:        "an active partner has not been audited for the limit (never audited: since its first habilitation)",
			Thresholds: []string{KeyAuditOverdueMonths},
			Reads:      []string{ReadsPartners, ReadsAudits},
			Eval:       auditOverdue},
		Rule{Code: NonconformityOverdue, Severities: []domain.Severity{domain.SeverityError}, Area: AreaPartners,
			Doc:   "a corrective action (a non-conformity found by an audit) is open past its deadline (a major one: the hint gives the procedure of R6113-16-6)",
			Reads: []string{ReadsPartners, ReadsAudits},
			Eval:  nonconformityOverdue},
	)
}

// AuditDue is when a partner is next due for an audit, given its audits:
// months after domain.AuditReference (the rule the audit plan ranks by)
// over its audits on or before at, that is after its last one, or, never
// audited, after the start of its first habilitation (zero when it has
// none). audited reports whether an audit was found.
func AuditDue(p *domain.Partner, audits []*domain.Audit, at domain.Date, months int) (due, since domain.Date, audited bool) {
	var before []*domain.Audit
	for _, a := range audits {
		if a.PartnerSIRET == p.SIRET && !a.Date.After(at) && !a.Date.IsZero() {
			before = append(before, a)
		}
	}
	since = domain.AuditReference(p, before)
	if since.IsZero() {
		return domain.Date{}, since, false
	}
	return since.AddMonths(months), since, len(before) > 0
}

func auditOverdue(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, p := range e.Partners {
		if p.Status != domain.StatusActive {
			continue
		}
		due, since, audited := AuditDue(p, e.Audits, e.At, e.Limits.AuditOverdueMonths)
		if due.IsZero() || !e.At.After(due) {
			continue
		}
		what := fmt.Sprintf("was last audited on %s", since)
		if !audited {
			what = fmt.Sprintf("has never been audited (first habilitation from %s)", since)
		}
		out = append(out, domain.Finding{Code: AuditOverdue, Severity: domain.SeverityWarning, Subject: string(p.SIRET), SIRET: string(p.SIRET), DueDate: due,
			Message: fmt.Sprintf("%s %s: an audit was due by %s (every %d months); print the checklist with 'habil audit checklist %s --out audit.pdf'",
				partnerLabel(p), what, due, e.Limits.AuditOverdueMonths, p.SIRET)})
	}
	return out
}

func nonconformityOverdue(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, a := range e.Audits {
		p := e.partners[a.PartnerSIRET]
		if p == nil || p.Status == domain.StatusWithdrawn {
			continue
		}
		for _, it := range a.Items {
			if !it.OverdueAt(e.At) {
				continue
			}
			f := domain.Finding{Code: NonconformityOverdue, Severity: domain.SeverityError, Subject: string(p.SIRET), SIRET: string(p.SIRET), DueDate: it.Deadline}
			head := fmt.Sprintf("the %s non-conformity %s of audit %d (%s) of %s was due by %s (%s)", it.Severity, it.Code, a.ID, a.Date, partnerLabel(p), it.Deadline, it.Action)
			switch {
			case it.Severity != domain.SeverityMajor:
				f.Message = fmt.Sprintf("%s; once corrected, close it with 'habil audit close-finding %d %s --date D --note TEXT'", head, a.ID, it.Code)
			case p.Status == domain.StatusSuspended:
				f.Message = fmt.Sprintf("%s; the partner is suspended: once the deadline for its observations has passed, complete the résiliation with 'habil convention terminate' (R6113-16-6), or close the finding with 'habil audit close-finding %d %s' and reactivate it", head, a.ID, it.Code)
			default:
				f.Message = fmt.Sprintf("%s; R6113-16-6: suspend the partner as a precaution and notify it with a deadline for its observations ('habil partner status %s suspended --reason \"non-conformité majeure %s\" --observations-until D --letter suspension.pdf'); after it, 'habil convention terminate' completes the résiliation", head, p.SIRET, it.Code)
			}
			out = append(out, f)
		}
	}
	return out
}
