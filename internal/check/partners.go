package check

import (
	"fmt"
	"strings"

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

// Finding codes of the partners area about what a habilitation requires of
// the partner (issue 9): its status, its Qualiopi certificate and categories,
// its déclaration d'activité.
const (
	PartnerNotActive        = "PARTNER_NOT_ACTIVE"
	QualiopiMissing         = "QUALIOPI_MISSING"
	NDAMissing              = "NDA_MISSING"
	QualiopiCategoryMissing = "QUALIOPI_CATEGORY_MISSING"
)

func init() {
	reads := []string{ReadsPartners, ReadsCertifications}
	register(
		// PARTNER_NOT_ACTIVE: a habilitation is in force on the date (within
		// the registration) while its partner is a prospect or suspended:
		// France Compétences lists what the certifier declares, so the
		// register must say whether the partner may train or assess.
		Rule{Code: PartnerNotActive, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaPartners,
			Doc:   "a habilitation is in force but its partner is prospect or suspended",
			Reads: reads, Eval: partnerNotActive},
		// QUALIOPI_MISSING: a partner habilitated to train (train or both, in
		// force), prospect or active, has no Qualiopi certificate recorded
		// (neither a number nor an end of validity).
		Rule{Code: QualiopiMissing, Severities: []domain.Severity{domain.SeverityError}, Area: AreaPartners,
			Doc:   "a partner (prospect or active) habilitated to train has no Qualiopi certificate recorded",
			Reads: reads, Eval: qualiopiMissing},
		// NDA_MISSING: the same partner has no déclaration d'activité number.
		Rule{Code: NDAMissing, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaPartners,
			Doc:   "a partner (prospect or active) habilitated to train has no déclaration d'activité number recorded",
			Reads: reads, Eval: ndaMissing},
		// QUALIOPI_CATEGORY_MISSING: a partner habilitated to train whose
		// Qualiopi categories are recorded lacks the category a route needs:
		// "VAE" for VAE, "apprentissage" for CA (an empty route list is every
		// route the certification opens). Nothing is guessed when no
		// category is recorded.
		Rule{Code: QualiopiCategoryMissing, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaPartners,
			Doc:   "a partner habilitated to train (train or both) on route CA lacks Qualiopi's apprenticeship category, on route VAE lacks its VAE category (from the categories recorded on the partner)",
			Reads: reads, Eval: qualiopiCategoryMissing},
	)
}

func partnerNotActive(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, p := range e.Partners {
		if p.Status != domain.StatusProspect && p.Status != domain.StatusSuspended {
			continue
		}
		for _, h := range e.inForce(p) {
			var msg string
			if p.Status == domain.StatusProspect {
				msg = fmt.Sprintf("%s is still a prospect but its habilitation #%d for %s (%s, %s) is in force: make it active once the convention is signed ('habil partner status %s active --reason …'), or end the habilitation if it does not hold ('habil partner habilitation end %d --date D --reason …')",
					partnerLabel(p), h.ID, h.Certification, h.Scope, h.Period(), p.SIRET, h.ID)
			} else {
				since := ""
				if !p.StatusSince.IsZero() {
					since = " since " + p.StatusSince.String()
				}
				msg = fmt.Sprintf("%s is suspended%s but its habilitation #%d for %s (%s, %s) is in force: while suspended it may neither train nor assess; reactivate it ('habil partner status %s active --reason …') or end the habilitation ('habil partner habilitation end %d --date D --reason …') and declare it on %s",
					partnerLabel(p), since, h.ID, h.Certification, h.Scope, h.Period(), p.SIRET, h.ID, domain.FCSpace)
			}
			out = append(out, domain.Finding{Code: PartnerNotActive, Severity: domain.SeverityWarning, Subject: string(p.SIRET), SIRET: string(p.SIRET),
				Certification: h.Certification, Message: msg})
		}
	}
	return out
}

// trainsIn returns the habilitations in force through which p trains, for
// a prospect or active partner (suspended and withdrawn partners may not
// train).
func (e *Env) trainsIn(p *domain.Partner) []*domain.Habilitation {
	if p.Status != domain.StatusProspect && p.Status != domain.StatusActive {
		return nil
	}
	var out []*domain.Habilitation
	for _, h := range e.inForce(p) {
		if h.Scope.Trains() {
			out = append(out, h)
		}
	}
	return out
}

func certList(hs []*domain.Habilitation) string {
	seen := map[domain.CertCode]bool{}
	var codes []string
	for _, h := range hs {
		if !seen[h.Certification] {
			seen[h.Certification] = true
			codes = append(codes, string(h.Certification))
		}
	}
	return strings.Join(codes, ", ")
}

func hasQualiopi(p *domain.Partner) bool {
	return p.Qualiopi.Number != "" || !p.Qualiopi.ValidUntil.IsZero()
}

func qualiopiMissing(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, p := range e.Partners {
		hs := e.trainsIn(p)
		if len(hs) == 0 || hasQualiopi(p) {
			continue
		}
		out = append(out, domain.Finding{Code: QualiopiMissing, Severity: domain.SeverityError, Subject: string(p.SIRET), SIRET: string(p.SIRET),
			Certification: hs[0].Certification,
			Message: fmt.Sprintf("%s is habilitated to train for %s but no Qualiopi certificate is recorded: training funded by public or mutualised funds, and Mon Compte Formation, require it (L6316-1); ask for the certificate and record it ('habil partner edit %s --qualiopi-number N --qualiopi-until D --qualiopi-categories formation')",
				partnerLabel(p), certList(hs), p.SIRET)})
	}
	return out
}

func ndaMissing(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, p := range e.Partners {
		hs := e.trainsIn(p)
		if len(hs) == 0 || p.NDA != "" {
			continue
		}
		out = append(out, domain.Finding{Code: NDAMissing, Severity: domain.SeverityWarning, Subject: string(p.SIRET), SIRET: string(p.SIRET),
			Certification: hs[0].Certification,
			Message: fmt.Sprintf("%s is habilitated to train for %s but no déclaration d'activité number is recorded (a training body declares its activity, L6351-1): record it ('habil partner edit %s --nda N')",
				partnerLabel(p), certList(hs), p.SIRET)})
	}
	return out
}

// categoryFor is the Qualiopi category a training route needs ("" none: FI
// and CL).
func categoryFor(a domain.Access) string {
	switch a {
	case domain.AccessCA:
		return domain.QualiopiApprenticeship
	case domain.AccessVAE:
		return domain.QualiopiVAE
	}
	return ""
}

func qualiopiCategoryMissing(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, p := range e.Partners {
		if !hasQualiopi(p) {
			continue // QUALIOPI_MISSING
		}
		if len(p.Qualiopi.Categories) == 0 {
			continue // the rule reads the categories recorded; none are
		}
		has := map[string]bool{}
		for _, c := range p.Qualiopi.Categories {
			has[c] = true
		}
		for _, h := range e.trainsIn(p) {
			missing := map[string][]string{} // category → routes needing it
			var order []string
			for _, a := range e.routes(h) {
				c := categoryFor(a)
				if c == "" || has[c] {
					continue
				}
				if missing[c] == nil {
					order = append(order, c)
				}
				missing[c] = append(missing[c], string(a))
			}
			if len(order) == 0 {
				continue
			}
			var parts []string
			for _, c := range domain.QualiopiCategories {
				if routes := missing[c]; routes != nil {
					parts = append(parts, fmt.Sprintf("%q for route %s", c, strings.Join(routes, ",")))
				}
			}
			recorded := "no category is recorded"
			if len(p.Qualiopi.Categories) > 0 {
				recorded = "it records " + strings.Join(p.Qualiopi.Categories, ", ")
			}
			out = append(out, domain.Finding{Code: QualiopiCategoryMissing, Severity: domain.SeverityWarning, Subject: string(p.SIRET), SIRET: string(p.SIRET),
				Certification: h.Certification,
				Message: fmt.Sprintf("%s is habilitated to train for %s (habilitation #%d) but its Qualiopi certificate lacks the category %s (%s): check its certificate, then record its categories ('habil partner edit %s --qualiopi-categories …') or narrow the habilitation's routes",
					partnerLabel(p), h.Certification, h.ID, strings.Join(parts, " and "), recorded, p.SIRET)})
		}
	}
	return out
}
