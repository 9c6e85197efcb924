package check

import (
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// Finding codes of the partners area: an active partner's recorded Qualiopi
// certificate ends soon, or has ended.
const (
	QualiopiExpiring = "QUALIOPI_EXPIRING"
	QualiopiExpired  = "QUALIOPI_EXPIRED"
)

func init() {
	// QUALIOPI_EXPIRING (warning) / QUALIOPI_EXPIRED (error): an active
	// partner's recorded Qualiopi certificate ends within
	// QualiopiExpiringDays (its last valid day included) / ended before the
	// date. Suspended partners are left out (they may neither train nor
	// assess; reactivating them brings them back), and so is a partner with
	// no recorded end date.
	register(
		Rule{Code: QualiopiExpiring, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaPartners,
			Doc:        "an active partner's recorded Qualiopi certificate ends within the limit",
			Thresholds: []string{KeyQualiopiExpiringDays},
			Reads:      []string{ReadsPartners},
			Eval:       qualiopiExpiring},
		Rule{Code: QualiopiExpired, Severities: []domain.Severity{domain.SeverityError}, Area: AreaPartners,
			Doc:   "an active partner's recorded Qualiopi certificate has ended",
			Reads: []string{ReadsPartners},
			Eval:  qualiopiExpired},
	)
}

func qualiopiExpiring(e *Env) []domain.Finding {
	var out []domain.Finding
	limit := e.At.AddDays(e.Limits.QualiopiExpiringDays)
	for _, p := range e.Partners {
		q := p.Qualiopi.ValidUntil
		if p.Status != domain.StatusActive || q.IsZero() || q.After(limit) || q.Before(e.At) {
			continue
		}
		out = append(out, domain.Finding{Code: QualiopiExpiring, Severity: domain.SeverityWarning, Subject: string(p.SIRET), SIRET: string(p.SIRET), DueDate: q,
			Message: fmt.Sprintf("the Qualiopi certificate of %s ends on %s (%s): ask for the renewed certificate, then record it ('habil partner edit %s --qualiopi-until D')",
				partnerLabel(p), q, inDays(e.At.DaysUntil(q)), p.SIRET)})
	}
	return out
}

// qualiopiExpired needs no threshold: an ended certificate is an error
// whatever check.qualiopi_expiring_days says.
func qualiopiExpired(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, p := range e.Partners {
		q := p.Qualiopi.ValidUntil
		if p.Status != domain.StatusActive || q.IsZero() || !q.Before(e.At) {
			continue
		}
		out = append(out, domain.Finding{Code: QualiopiExpired, Severity: domain.SeverityError, Subject: string(p.SIRET), SIRET: string(p.SIRET), DueDate: q,
			Message: fmt.Sprintf("the Qualiopi certificate of %s ended on %s (%s): record the renewed one ('habil partner edit %s --qualiopi-until D') or suspend the partner",
				partnerLabel(p), q, inDays(e.At.DaysUntil(q)), p.SIRET)})
	}
	return out
}
