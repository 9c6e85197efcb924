package check

import (
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// BlocUnknown: a habilitation or a running convention is limited to a bloc
// the certification no longer has (a re-imported fiche lost it).
const BlocUnknown = "HABILITATION_BLOC_UNKNOWN"

func init() {
	// HABILITATION_BLOC_UNKNOWN: the fiche as recorded now (re-imported, or
	// re-entered with 'certification add --update') has lost a bloc that a
	// habilitation still in force or to come (of a partner not withdrawn), or
	// a draft, sent or signed convention, is limited to. Ended habilitations
	// and ended or terminated conventions are history: not checked (the
	// contract's code; issue 10 evaluates it).
	register(Rule{Code: BlocUnknown, Severities: []domain.Severity{domain.SeverityError}, Area: AreaHabilitations,
		Doc:   "a habilitation in force or to come (of a partner not withdrawn), or a draft, sent or signed convention, is limited to a bloc the recorded fiche no longer has (a re-imported fiche lost it)",
		Reads: []string{ReadsPartners, ReadsConventions, ReadsCertifications},
		Eval:  blocUnknown})
}

// VanishedBlocs returns the blocs of blocs that certification c does not
// have, in their order ("" when c is nil: the certification is not
// recorded, which other rules report).
func VanishedBlocs(c *domain.Certification, blocs []string) []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, b := range blocs {
		if !c.HasBloc(b) {
			out = append(out, b)
		}
	}
	return out
}

// blocsNow names the blocs the fiche has now, for a message.
func blocsNow(c *domain.Certification) string {
	if len(c.Blocs) == 0 {
		return "the fiche now has no blocs"
	}
	codes := make([]string, len(c.Blocs))
	for i, b := range c.Blocs {
		codes[i] = b.Code
	}
	return "its blocs are now " + strings.Join(codes, ", ")
}

func blocWord(l []string) string {
	if len(l) == 1 {
		return "bloc " + l[0] + ", which the fiche no longer has"
	}
	return "blocs " + strings.Join(l, ", ") + ", which the fiche no longer has"
}

func blocUnknown(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, p := range e.Partners {
		if p.Status == domain.StatusWithdrawn {
			continue
		}
		for i := range p.Habilitations {
			h := &p.Habilitations[i]
			if !h.To.IsZero() && h.To.Before(e.At) {
				continue // ended: history
			}
			c := e.certs[h.Certification]
			gone := VanishedBlocs(c, h.Blocs)
			if len(gone) == 0 {
				continue
			}
			msg := fmt.Sprintf("habilitation #%d of %s for %s is limited to %s (%s): end it ('habil partner habilitation end %d --date D --reason …') and habilitate the partner on the fiche's blocs, or import a fiche that has it",
				h.ID, partnerLabel(p), h.Certification, blocWord(gone), blocsNow(c), h.ID)
			out = append(out, domain.Finding{Code: BlocUnknown, Severity: domain.SeverityError, Subject: string(p.SIRET), Message: msg,
				Certification: h.Certification, SIRET: string(p.SIRET)})
		}
	}
	for _, cv := range e.Conventions {
		if cv.Status.Final() {
			continue
		}
		c := e.certs[cv.Certification]
		gone := VanishedBlocs(c, cv.Terms().Blocs)
		if len(gone) == 0 {
			continue
		}
		name := cv.PartnerName
		if p := e.partners[cv.PartnerSIRET]; p != nil {
			name = p.Name
		}
		msg := fmt.Sprintf("%s (%s) with %s (%s) for %s is limited to %s (%s): once the habilitation is on the fiche's blocs, amend the convention ('habil convention amend %d --rescope --reason …')",
			cv.Number, cv.Status, name, cv.PartnerSIRET.Formatted(), cv.Certification, blocWord(gone), blocsNow(c), cv.ID)
		out = append(out, domain.Finding{Code: BlocUnknown, Severity: domain.SeverityError, Subject: cv.Number, Message: msg,
			Certification: cv.Certification, SIRET: string(cv.PartnerSIRET), Convention: cv.Number})
	}
	return out
}
