package check

import (
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// Finding codes of the conventions area.
const (
	// ConventionMissing: an active partner habilitated at the date has no
	// signed convention in force for that certification.
	ConventionMissing = "CONVENTION_MISSING"
	// ConventionExpiring: a signed convention ends within the limit and the
	// partner stays habilitated after it, with no signed successor.
	ConventionExpiring = "CONVENTION_EXPIRING"
	// ConventionExpired: the last convention has ended (or was terminated)
	// and the partner is still active and habilitated.
	ConventionExpired = "CONVENTION_EXPIRED"
)

func init() {
	register(
		// CONVENTION_MISSING: an active partner has a habilitation in force
		// (within the registration) and no signed convention covers the date
		// for that certification, and no ended convention explains it (that
		// is CONVENTION_EXPIRED).
		Rule{Code: ConventionMissing, Severities: []domain.Severity{domain.SeverityError}, Area: AreaConventions,
			Doc:   "an active partner habilitated at --at has no signed convention in force for that certification",
			Reads: []string{ReadsPartners, ReadsConventions, ReadsCertifications},
			Eval:  func(e *Env) []domain.Finding { return only(e.conventionGaps(), ConventionMissing) }},
		// CONVENTION_EXPIRING: a signed convention of an active partner ends
		// within ConventionExpiringDays (its end day included: 0 to N days
		// ahead), the partner is still habilitated the day after, and no
		// signed convention takes over from the next day.
		Rule{Code: ConventionExpiring, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaConventions,
			Doc:        "a signed convention of an active partner ends within the limit, the partner stays habilitated after it, and no signed convention takes over",
			Thresholds: []string{KeyConventionExpiringDays},
			Reads:      []string{ReadsPartners, ReadsConventions, ReadsCertifications},
			Eval:       conventionsExpiring},
		// CONVENTION_EXPIRED: the last convention signed for a partner and a
		// certification has ended (or was terminated) during the habilitation
		// in force at the date (or the day before it started), the partner is
		// active and no signed convention is in force. A convention that ends
		// with the habilitation or the registration is not a finding.
		Rule{Code: ConventionExpired, Severities: []domain.Severity{domain.SeverityError}, Area: AreaConventions,
			Doc:   "the last signed convention has ended (or was terminated) while the partner is still active and habilitated for that certification",
			Reads: []string{ReadsPartners, ReadsConventions, ReadsCertifications},
			Eval:  func(e *Env) []domain.Finding { return only(e.conventionGaps(), ConventionExpired) }},
	)
}

// signedBy reports whether c was signed on or before d.
func signedBy(c *domain.Convention, d domain.Date) bool {
	return !c.SignedOn.IsZero() && !c.SignedOn.After(d)
}

func habDesc(h *domain.Habilitation) string {
	return fmt.Sprintf("habilitation #%d, %s, since %s", h.ID, h.Scope, h.From)
}

// conventionGaps: CONVENTION_MISSING and CONVENTION_EXPIRED, one at most per
// active partner and certification it is habilitated for at the date
// (computed once per Run, shared by both rules).
func (e *Env) conventionGaps() []domain.Finding {
	if e.gapsDone {
		return e.gaps
	}
	e.gapsDone = true
	for _, p := range e.Partners {
		if p.Status != domain.StatusActive {
			continue
		}
		done := map[domain.CertCode]bool{}
		for _, hh := range p.Habilitations {
			code := hh.Certification
			if done[code] {
				continue
			}
			h := e.habilitated(p, code, e.At)
			if h == nil {
				continue
			}
			done[code] = true
			list := e.convs[pairKey{p.SIRET, code}]
			covered := false
			for _, c := range list {
				if c.InForce(e.At) {
					covered = true
				}
			}
			if covered {
				continue
			}
			// The last signed convention that ended during this habilitation
			// (or the day before it started).
			var last *domain.Convention
			for _, c := range list {
				end := c.EffectiveEnd()
				if !signedBy(c, e.At) || !end.Before(e.At) || end.Before(h.From.AddDays(-1)) {
					continue
				}
				if last == nil || end.After(last.EffectiveEnd()) {
					last = c
				}
			}
			if last != nil {
				e.gaps = append(e.gaps, e.expired(p, h, last, list))
			} else {
				e.gaps = append(e.gaps, e.missing(p, h, list))
			}
		}
	}
	return e.gaps
}

func (e *Env) missing(p *domain.Partner, h *domain.Habilitation, list []*domain.Convention) domain.Finding {
	msg := fmt.Sprintf("%s is active and habilitated for %s (%s) but no signed convention is in force on %s",
		partnerLabel(p), h.Certification, habDesc(h), e.At)
	var pending, later, signedLater *domain.Convention
	for _, c := range list {
		t := c.Terms()
		switch {
		case !c.SignedOn.IsZero() && c.SignedOn.After(e.At) && !e.At.After(t.To):
			signedLater = c // evaluated at a past date
		case (c.Status == domain.ConventionDraft || c.Status == domain.ConventionSent) && !e.At.After(t.To):
			if pending == nil || t.From.Before(pending.Terms().From) {
				pending = c
			}
		case signedBy(c, e.At) && t.From.After(e.At) && c.EffectiveEnd().After(e.At):
			if later == nil || t.From.Before(later.Terms().From) {
				later = c
			}
		}
	}
	switch {
	case later != nil:
		msg += fmt.Sprintf(": %s is signed but starts only on %s, and until then the partner may neither train nor assess; if it should cover today, amend its start ('habil convention amend %d --from %s --reason …')",
			later.Number, later.Terms().From, later.ID, e.At)
	case signedLater != nil:
		msg += fmt.Sprintf(": %s was signed only on %s", signedLater.Number, signedLater.SignedOn)
	case pending != nil:
		msg += fmt.Sprintf(": %s (%s → %s) is %s, not signed yet; record the signature with 'habil convention sign %d --date D'",
			pending.Number, pending.Terms().From, pending.Terms().To, pending.Status, pending.ID)
	default:
		msg += fmt.Sprintf(": draw one up with 'habil convention create --partner %s --certification %s --from %s --to D'", p.SIRET, h.Certification, e.At)
	}
	return domain.Finding{Code: ConventionMissing, Severity: domain.SeverityError, Subject: string(p.SIRET), Message: msg,
		Certification: h.Certification, SIRET: string(p.SIRET)}
}

func (e *Env) expired(p *domain.Partner, h *domain.Habilitation, c *domain.Convention, list []*domain.Convention) domain.Finding {
	end := c.EffectiveEnd()
	var what, fix string
	if c.Status == domain.ConventionTerminated {
		what = fmt.Sprintf("was terminated on %s (%s)", end, c.TerminationReason)
		fix = fmt.Sprintf("sign a new convention ('habil convention create --partner %s --certification %s …') or end the habilitation ('habil partner habilitation end %d --date D --reason …')",
			p.SIRET, h.Certification, h.ID)
	} else {
		what = fmt.Sprintf("ended on %s (%s)", end, inDays(e.At.DaysUntil(end)))
		fix = fmt.Sprintf("renew it ('habil convention renew %d') or end the habilitation ('habil partner habilitation end %d --date D --reason …')", c.ID, h.ID)
		if r := pendingSuccessor(c, list); r != nil {
			fix = fmt.Sprintf("its renewal %s is %s, not signed yet: 'habil convention sign %d --date D'", r.Number, r.Status, r.ID)
		}
	}
	msg := fmt.Sprintf("%s with %s for %s %s but the partner is still active and habilitated (%s): %s",
		c.Number, partnerLabel(p), h.Certification, what, habDesc(h), fix)
	return domain.Finding{Code: ConventionExpired, Severity: domain.SeverityError, Subject: c.Number, Message: msg,
		Certification: h.Certification, SIRET: string(p.SIRET), Convention: c.Number, DueDate: end}
}

// pendingSuccessor is the earliest draft or sent convention that starts
// after c (a renewal not signed yet), nil when none.
func pendingSuccessor(c *domain.Convention, list []*domain.Convention) *domain.Convention {
	var best *domain.Convention
	for _, o := range list {
		if o == c || (o.Status != domain.ConventionDraft && o.Status != domain.ConventionSent) || !o.Terms().From.After(c.Terms().From) {
			continue
		}
		if best == nil || o.Terms().From.Before(best.Terms().From) {
			best = o
		}
	}
	return best
}

// successor is the signed convention (signed by at) that takes over from c:
// it starts on or before the day after c ends and ends after it.
func successor(c *domain.Convention, list []*domain.Convention, at domain.Date) *domain.Convention {
	end := c.EffectiveEnd()
	for _, o := range list {
		if o == c || !signedBy(o, at) {
			continue
		}
		if !o.Terms().From.After(end.AddDays(1)) && o.EffectiveEnd().After(end) {
			return o
		}
	}
	return nil
}

// conventionsExpiring: CONVENTION_EXPIRING.
func conventionsExpiring(e *Env) []domain.Finding {
	var out []domain.Finding
	limit := e.At.AddDays(e.Limits.ConventionExpiringDays)
	for _, c := range e.Conventions {
		if c.Status != domain.ConventionSigned || !signedBy(c, e.At) {
			continue
		}
		p := e.partners[c.PartnerSIRET]
		if p == nil || p.Status != domain.StatusActive {
			continue
		}
		end := c.EffectiveEnd()
		if end.Before(e.At) || end.After(limit) {
			continue
		}
		h := e.habilitated(p, c.Certification, end.AddDays(1))
		if h == nil {
			continue // the habilitation (or the registration) ends with it
		}
		list := e.convs[pairKey{c.PartnerSIRET, c.Certification}]
		if successor(c, list, e.At) != nil {
			continue
		}
		msg := fmt.Sprintf("%s with %s for %s ends on %s (%s) and the partner stays habilitated after it (%s): ",
			c.Number, partnerLabel(p), c.Certification, end, inDays(e.At.DaysUntil(end)), habDesc(h))
		if r := pendingSuccessor(c, list); r != nil {
			msg += fmt.Sprintf("its renewal %s is %s, not signed yet ('habil convention sign %d --date D')", r.Number, r.Status, r.ID)
			if r.Terms().From.After(end.AddDays(1)) {
				msg += fmt.Sprintf(", and starts only on %s", r.Terms().From)
			}
		} else {
			msg += fmt.Sprintf("renew it ('habil convention renew %d')", c.ID)
		}
		for _, o := range list {
			if o != c && signedBy(o, e.At) && o.Terms().From.After(end.AddDays(1)) {
				msg += fmt.Sprintf("; %s starts only on %s", o.Number, o.Terms().From)
				break
			}
		}
		out = append(out, domain.Finding{Code: ConventionExpiring, Severity: domain.SeverityWarning, Subject: c.Number, Message: msg,
			Certification: c.Certification, SIRET: string(c.PartnerSIRET), Convention: c.Number, DueDate: end})
	}
	return out
}

// ConventionScopeMismatch: a habilitation in force covers more than the
// signed convention in force: an avenant is needed.
const ConventionScopeMismatch = "CONVENTION_SCOPE_MISMATCH"

func init() {
	// CONVENTION_SCOPE_MISMATCH: for each habilitation in force (within the
	// registration) of a partner that is not withdrawn, and each convention
	// of that partner and certification in force on the date (signed, its
	// current terms), what the habilitation covers and the convention does
	// not: training or assessing, blocs (an empty list is the whole
	// certification), access routes (an empty list is every route the
	// certification opens).
	register(Rule{Code: ConventionScopeMismatch, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaConventions,
		Doc:   "a habilitation in force covers blocs, access routes or a scope that the signed convention in force does not: an avenant is needed",
		Reads: []string{ReadsPartners, ReadsConventions, ReadsCertifications},
		Eval:  conventionScopeMismatch})
}

func conventionScopeMismatch(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, p := range e.Partners {
		if p.Status == domain.StatusWithdrawn {
			continue
		}
		for _, h := range e.inForce(p) {
			for _, c := range e.convs[pairKey{p.SIRET, h.Certification}] {
				if !c.InForce(e.At) {
					continue
				}
				if wider := e.wider(h, c.Terms()); len(wider) > 0 {
					out = append(out, domain.Finding{Code: ConventionScopeMismatch, Severity: domain.SeverityWarning, Subject: c.Number,
						SIRET: string(p.SIRET), Certification: h.Certification, Convention: c.Number,
						Message: fmt.Sprintf("habilitation #%d of %s for %s covers %s, which %s (signed on %s) does not: draw up an avenant ('habil convention amend %d --rescope --reason …') and have it signed, or narrow the habilitation",
							h.ID, partnerLabel(p), h.Certification, strings.Join(wider, "; "), c.Number, c.SignedOn, c.ID)})
				}
			}
		}
	}
	return out
}

// wider lists what h covers beyond the convention terms t.
func (e *Env) wider(h *domain.Habilitation, t domain.ConventionTerms) []string {
	var out []string
	switch {
	case h.Scope.Trains() && !t.Scope.Trains():
		out = append(out, "training (the convention is "+string(t.Scope)+")")
	case h.Scope.Assesses() && !t.Scope.Assesses():
		out = append(out, "assessing (the convention is "+string(t.Scope)+")")
	}
	if len(t.Blocs) > 0 {
		in := map[string]bool{}
		for _, b := range t.Blocs {
			in[b] = true
		}
		var extra []string
		if len(h.Blocs) == 0 {
			if c := e.certs[h.Certification]; c != nil {
				for _, b := range c.Blocs {
					if !in[b.Code] {
						extra = append(extra, b.Code)
					}
				}
			}
			if len(extra) == 0 && (e.certs[h.Certification] == nil || len(e.certs[h.Certification].Blocs) == 0) {
				out = append(out, "the whole certification (the convention names blocs "+strings.Join(t.Blocs, ", ")+")")
			}
		} else {
			for _, b := range h.Blocs {
				if !in[b] {
					extra = append(extra, b)
				}
			}
		}
		if len(extra) > 0 {
			out = append(out, "blocs "+strings.Join(extra, ", "))
		}
	}
	if len(t.Access) > 0 {
		in := map[domain.Access]bool{}
		for _, a := range t.Access {
			in[a] = true
		}
		var extra []string
		for _, a := range e.routes(h) {
			if !in[a] {
				extra = append(extra, string(a))
			}
		}
		if len(extra) > 0 {
			out = append(out, "routes "+strings.Join(extra, ","))
		}
	}
	return out
}
