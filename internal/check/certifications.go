package check

import (
	"fmt"
	"sort"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// CertificationEnding: the registration ends within the limit, or has ended.
const CertificationEnding = "CERTIFICATION_ENDING"

func init() {
	// CERTIFICATION_ENDING: warning when the registration ends within
	// CertificationEndingMonths (its end day included) or ended less than
	// that many months ago (no new candidate may enter it; the message says
	// it ended); info once it ended longer ago (kept for history), so that a
	// certification replaced by a new fiche does not fail the nightly check
	// for ever.
	register(Rule{Code: CertificationEnding, Severities: []domain.Severity{domain.SeverityWarning, domain.SeverityInfo}, Area: AreaCertifications,
		Doc:        "the registration ends within the limit, or ended less than that ago (the message says so); info once it ended longer ago (kept for the history)",
		Thresholds: []string{KeyCertificationEndingMonths},
		Reads:      []string{ReadsCertifications, ReadsPartners},
		Eval:       certificationEnding})
}

func certificationEnding(e *Env) []domain.Finding {
	var out []domain.Finding
	months := e.Limits.CertificationEndingMonths
	for _, c := range e.Certifications {
		end := c.EndDate
		if end.IsZero() {
			continue
		}
		f := domain.Finding{Code: CertificationEnding, Severity: domain.SeverityWarning, Subject: string(c.Code), Certification: c.Code, DueDate: end}
		days := e.At.DaysUntil(end)
		switch {
		case !end.Before(e.At) && !end.After(e.At.AddMonths(months)):
			habilitated := 0
			for _, p := range e.Partners {
				if p.Status == domain.StatusActive && e.habilitated(p, c.Code, e.At) != nil {
					habilitated++
				}
			}
			f.Message = fmt.Sprintf("the registration of %s ends on %s (%s; %s habilitated for it): prepare the renewal with France Compétences; no habilitation or convention can run past it",
				c.Code, end, inDays(days), plural(habilitated, "active partner", "active partners"))
		case end.Before(e.At):
			delivery := ""
			if !c.DeliveryLimit.IsZero() && !e.At.After(c.DeliveryLimit) {
				delivery = fmt.Sprintf(" (certificates may be delivered until %s)", c.DeliveryLimit)
			}
			if e.At.After(end.AddMonths(months)) {
				f.Severity = domain.SeverityInfo
				f.Message = fmt.Sprintf("the registration of %s ended on %s: no candidate may enter it any more%s; it is kept for the history", c.Code, end, delivery)
			} else {
				f.Message = fmt.Sprintf("the registration of %s ended on %s (%s): no new candidate may enter it%s; import the renewed fiche ('habil certification import FILE'), or record its successor",
					c.Code, end, inDays(days), delivery)
			}
		default:
			continue
		}
		out = append(out, f)
	}
	return out
}

// CertificationInactive: a habilitation in force is on a fiche the last
// France Compétences export marks inactive.
const CertificationInactive = "CERTIFICATION_INACTIVE"

func init() {
	// CERTIFICATION_INACTIVE: one finding per inactive fiche (Active false,
	// as the last import of the export recorded it) on which a partner that
	// is not withdrawn has a habilitation in force on the date, naming them.
	register(Rule{Code: CertificationInactive, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaCertifications,
		Doc:   "a habilitation in force is on a fiche that the last France Compétences export marks inactive",
		Reads: []string{ReadsCertifications, ReadsPartners}, Eval: certificationInactive})
}

func certificationInactive(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, c := range e.Certifications {
		if c.Active == nil || *c.Active {
			continue
		}
		var names []string
		var first *domain.Partner
		for _, p := range e.Partners {
			if p.Status == domain.StatusWithdrawn {
				continue
			}
			for _, h := range e.inForce(p) {
				if h.Certification == c.Code {
					names = append(names, partnerLabel(p))
					if first == nil {
						first = p
					}
					break
				}
			}
		}
		if len(names) == 0 {
			continue
		}
		sort.Strings(names)
		shown := names
		if len(shown) > 5 {
			shown = append(append([]string{}, names[:5]...), fmt.Sprintf("%d more", len(names)-5))
		}
		f := domain.Finding{Code: CertificationInactive, Severity: domain.SeverityWarning, Subject: string(c.Code), Certification: c.Code,
			Message: fmt.Sprintf("the last France Compétences export marks %s inactive%s, yet %s habilitated for it: %s; no new candidate may enter it — habilitate them on the fiche that replaces it and end these habilitations ('habil partner habilitation end ID --date D --reason …')",
				c.Code, successorNote(c), plural(len(names), "partner is", "partners are"), strings.Join(shown, ", "))}
		if len(names) == 1 {
			f.SIRET = string(first.SIRET)
		}
		out = append(out, f)
	}
	return out
}

// successorNote names the fiche that replaces c when the export gives one
// (see successorsOf).
func successorNote(c *domain.Certification) string {
	if s := successorsOf(c); len(s) > 0 {
		return " (replaced by " + strings.Join(s, ", ") + ")"
	}
	return ""
}
