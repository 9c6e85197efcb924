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
	type key struct {
		siret domain.SIRET
		url   string
	}
	last := map[key]int{}
	var order []key
	for i, w := range e.WebChecks {
		if w.CheckedOn.After(e.At) {
			continue
		}
		k := key{w.PartnerSIRET, w.URL}
		j, seen := last[k]
		if !seen {
			order = append(order, k)
		}
		if !seen || !e.WebChecks[j].CheckedOn.After(w.CheckedOn) { // oldest first: a later id on the same day wins
			last[k] = i
		}
	}
	var out []domain.Finding
	for _, k := range order {
		w := e.WebChecks[last[k]]
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
