package check_test

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

func TestSessionRules(t *testing.T) {
	d := domain.MustDate
	p := &domain.Partner{SIRET: "85262016007290", Name: "Formapro Lyon", Status: domain.StatusActive}
	sessions := []*domain.Session{
		// 1: ended 30 days before, one result missing → RESULTS_MISSING.
		{ID: 1, Certification: "RNCP38123", Partner: p.SIRET, PartnerName: p.Name, Date: d("2026-05-31"), Enrolled: 3, WithResult: 2},
		// 2: ended 29 days before → not yet.
		{ID: 2, Certification: "RNCP38123", Partner: p.SIRET, Date: d("2026-06-01"), Enrolled: 3, WithResult: 0},
		// 3: every result in, no jury → nothing.
		{ID: 3, Certification: "RNCP38123", Partner: p.SIRET, Date: d("2026-01-10"), Enrolled: 2, WithResult: 2},
		// 4: jury 30 days before, not delivered → DELIVERY_LATE; the certifier's own session: no SIRET.
		{ID: 4, Certification: "RNCP38123", Partner: "73282932000074", Date: d("2026-05-20"), JuryDate: d("2026-05-31"), Enrolled: 2, WithResult: 2},
		// 5: jury 29 days before → not yet; 6: delivered → nothing.
		{ID: 5, Certification: "RNCP38123", Partner: p.SIRET, Date: d("2026-05-20"), JuryDate: d("2026-06-01"), Enrolled: 2, WithResult: 2},
		{ID: 6, Certification: "RNCP38123", Partner: p.SIRET, Date: d("2026-01-20"), JuryDate: d("2026-02-01"), DeliveredOn: d("2026-02-10"), Enrolled: 2, WithResult: 2},
		// 7: no candidate → nothing.
		{ID: 7, Certification: "RNCP38123", Partner: p.SIRET, Date: d("2026-01-20")},
	}
	snap := check.Snapshot{At: d("2026-06-30"), Limits: domain.DefaultCheckLimits(), Partners: []*domain.Partner{p}, Sessions: sessions}
	var got []string
	for _, f := range check.Run(snap) {
		if f.Code != check.ResultsMissing && f.Code != check.DeliveryLate {
			continue
		}
		got = append(got, f.Code+" "+f.Subject+" "+f.SIRET+" "+string(f.Certification))
		if f.Severity != domain.SeverityWarning {
			t.Errorf("%s: severity %s", f.Code, f.Severity)
		}
		if f.Code == check.ResultsMissing && !strings.Contains(f.Message, "habil session results 1 FILE") {
			t.Errorf("message: %s", f.Message)
		}
		if f.Code == check.DeliveryLate && !strings.Contains(f.Message, "habil session deliver 4 --date D") {
			t.Errorf("message: %s", f.Message)
		}
	}
	want := "DELIVERY_LATE 4  RNCP38123|RESULTS_MISSING 1 85262016007290 RNCP38123"
	if strings.Join(got, "|") != want {
		t.Errorf("findings:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	// The thresholds come from the configuration.
	snap.Limits.ResultsMissingDays, snap.Limits.DeliveryLateDays = 10, 60
	got = nil
	for _, f := range check.Run(snap) {
		if f.Code == check.ResultsMissing || f.Code == check.DeliveryLate {
			got = append(got, f.Code+" "+f.Subject)
		}
	}
	if strings.Join(got, "|") != "RESULTS_MISSING 1|RESULTS_MISSING 2" {
		t.Errorf("with other limits: %v", got)
	}
}
