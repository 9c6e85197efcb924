package check

import (
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// BeyondRegistration: a habilitation or a running convention goes past the
// certification's registration end.
const BeyondRegistration = "HABILITATION_BEYOND_REGISTRATION"

func init() {
	// HABILITATION_BEYOND_REGISTRATION: a habilitation of a partner that is
	// not withdrawn ends after (or starts after) its certification's
	// registration end, or a draft, sent or signed convention does. An
	// open-ended habilitation runs until the registration end, never past
	// it. Ended and terminated conventions are history: not checked.
	register(Rule{Code: BeyondRegistration, Severities: []domain.Severity{domain.SeverityError}, Area: AreaHabilitations,
		Doc:   "a habilitation (of a partner not withdrawn), or a draft, sent or signed convention, runs past the fiche's delivery deadline (DATE_LIMITE_DELIVRANCE), or its registration end when it gives none",
		Reads: []string{ReadsPartners, ReadsConventions, ReadsCertifications},
		Eval:  beyondRegistration})
}

// deliveryLimit is the last day a habilitation or convention may run on a
// fiche: its delivery deadline (DATE_LIMITE_DELIVRANCE: candidates already
// engaged may still be certified, L6113-9) when the export gives one, else
// its registration end; what is called a limit in messages.
func (e *Env) deliveryLimit(code domain.CertCode) (domain.Date, string) {
	c := e.certs[code]
	if c == nil {
		return domain.Date{}, ""
	}
	if !c.DeliveryLimit.IsZero() && c.DeliveryLimit.After(c.EndDate) {
		return c.DeliveryLimit, "the delivery deadline of " + string(code)
	}
	return c.EndDate, "the registration end of " + string(code)
}

func beyondRegistration(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, p := range e.Partners {
		if p.Status == domain.StatusWithdrawn {
			continue
		}
		for i := range p.Habilitations {
			h := &p.Habilitations[i]
			end, limit := e.deliveryLimit(h.Certification)
			if end.IsZero() {
				continue
			}
			var msg string
			switch regEnd := e.regEnd(h.Certification); {
			case !regEnd.IsZero() && h.From.After(regEnd):
				end = regEnd
				msg = fmt.Sprintf("habilitation #%d of %s for %s starts on %s, after the registration of %s ended (%s): it can never be in force; end it ('habil partner habilitation end %d --date %s --reason …'), or import the renewed fiche",
					h.ID, partnerLabel(p), h.Certification, h.From, h.Certification, regEnd, h.ID, h.From)
			case !h.To.IsZero() && h.To.After(end):
				msg = fmt.Sprintf("habilitation #%d of %s for %s runs until %s, past %s (%s): end it on %s ('habil partner habilitation end %d --date %s --reason …')",
					h.ID, partnerLabel(p), h.Certification, h.To, limit, end, end, h.ID, end)
			default:
				continue
			}
			out = append(out, domain.Finding{Code: BeyondRegistration, Severity: domain.SeverityError, Subject: string(p.SIRET), Message: msg,
				Certification: h.Certification, SIRET: string(p.SIRET), DueDate: end})
		}
	}
	for _, c := range e.Conventions {
		if c.Status.Final() {
			continue
		}
		end, limit := e.deliveryLimit(c.Certification)
		t := c.Terms()
		if end.IsZero() || !t.To.After(end) {
			continue
		}
		name := c.PartnerName
		if p := e.partners[c.PartnerSIRET]; p != nil {
			name = p.Name
		}
		fix := fmt.Sprintf("amend it ('habil convention amend %d --to %s --reason …')", c.ID, end)
		if t.From.After(end) {
			fix = fmt.Sprintf("it starts after it: terminate it ('habil convention terminate %d --reason …')", c.ID)
		}
		msg := fmt.Sprintf("%s (%s) with %s (%s) for %s runs until %s, past %s (%s): %s",
			c.Number, c.Status, name, c.PartnerSIRET.Formatted(), c.Certification, t.To, limit, end, fix)
		out = append(out, domain.Finding{Code: BeyondRegistration, Severity: domain.SeverityError, Subject: c.Number, Message: msg,
			Certification: c.Certification, SIRET: string(c.PartnerSIRET), Convention: c.Number, DueDate: end})
	}
	return out
}
