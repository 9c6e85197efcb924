package check_test

import (
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

func wcCheck(siret, url, on string, codes ...string) domain.WebCheck {
	w := domain.WebCheck{PartnerSIRET: domain.SIRET(siret), URL: url, CheckedOn: domain.MustDate(on)}
	for _, c := range codes {
		w.Findings = append(w.Findings, domain.WebFinding{Code: c, Severity: domain.SeverityWarning, Message: "Formapro Lyon: " + c})
	}
	return w
}

func TestWebsiteFindingFromTheLastCheckOnly(t *testing.T) {
	in := ckInput()
	in.WebChecks = []domain.WebCheck{
		wcCheck(ckA, "https://a.example", "2026-01-10", "WEB_CERTIFIER_MISSING", "WEB_NDA_MENTION"),
		wcCheck(ckA, "https://a.example", "2026-02-10", "WEB_TITLE_INEXACT"),
	}
	f := ckOne(t, in, check.WebsiteFinding, "WEB_TITLE_INEXACT", "https://a.example", "2026-02-10")
	if f.Severity != domain.SeverityWarning || f.SIRET != ckA || f.Subject != ckA || f.URL != "https://a.example" {
		t.Errorf("finding %+v", f)
	}

	// A later clean check clears it; one after the date does not count.
	in.WebChecks = append(in.WebChecks, wcCheck(ckA, "https://a.example", "2026-03-01"))
	if l := ckRun(t, in, check.WebsiteFinding); len(l) != 0 {
		t.Errorf("after a clean check: %v", l)
	}
	in.WebChecks = append(in.WebChecks, wcCheck(ckA, "https://a.example", "2099-01-01", "WEB_UNREACHABLE"))
	if l := ckRun(t, in, check.WebsiteFinding); len(l) != 0 {
		t.Errorf("a check after --at counts: %v", l)
	}
}

func TestWebsiteFindingPerPartnerAndPage(t *testing.T) {
	in := ckInput()
	in.Partners = append(in.Partners, ckPartner("73282932000074", "Parti", domain.StatusWithdrawn, ""))
	in.WebChecks = []domain.WebCheck{
		wcCheck(ckA, "https://a.example", "2026-01-10", "WEB_CERTIFIER_MISSING", "WEB_NDA_MENTION"),
		wcCheck(ckA, "https://a.example/formation", "2026-01-10", "WEB_NOT_HABILITATED"),
		wcCheck("73282932000074", "https://partner.example", "2026-01-10", "WEB_UNREACHABLE"),
	}
	got := ckCodes(t, in, check.WebsiteFinding)
	ckWant(t, "website findings", got,
		"warning WEBSITE_FINDING "+ckA, "warning WEBSITE_FINDING "+ckA, "warning WEBSITE_FINDING "+ckA)
}

func TestWebsiteFindingIsEvaluated(t *testing.T) {
	for _, c := range check.NotEvaluated() {
		if c.Code == check.WebsiteFinding {
			t.Fatal("WEBSITE_FINDING is still listed as not evaluated")
		}
	}
}
