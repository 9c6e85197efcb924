package check

import (
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// WebsiteFinding is the code of the rule on partners' websites.
const WebsiteFinding = "WEBSITE_FINDING"

func init() {
	// WEBSITE_FINDING (warning): the last 'audit web' check of a partner's
	// page (per partner and address, on or before the date) found a
	// problem; one finding per problem, naming its WEB_ code. A withdrawn
	// partner is left out; a later clean check of the same page clears it.
	register(Rule{Code: WebsiteFinding, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaPartners,
		Doc:   "the last 'audit web' check of a partner's website found a problem",
		Reads: []string{ReadsPartners, ReadsWebChecks},
		Eval:  websiteFindings})
}

func websiteFindings(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, w := range domain.LastWebChecks(e.WebChecks, e.At) {
		p := e.partners[w.PartnerSIRET]
		if p == nil || p.Status == domain.StatusWithdrawn {
			continue
		}
		for _, f := range w.Findings {
			out = append(out, domain.Finding{Code: WebsiteFinding, Severity: domain.SeverityWarning, Subject: string(p.SIRET),
				SIRET: string(p.SIRET), URL: w.URL,
				Message: fmt.Sprintf("%s (%s, 'audit web' of %s on %s)", f.Message, f.Code, w.URL, w.CheckedOn)})
		}
	}
	return out
}
