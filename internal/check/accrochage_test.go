package check_test

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

func acRun(at string, states ...domain.AccrochageState) []domain.Finding {
	s := check.Snapshot{At: domain.MustDate(at), Limits: domain.DefaultCheckLimits(), Accrochage: states}
	var out []domain.Finding
	for _, f := range check.Run(s) {
		if strings.HasPrefix(f.Code, "ACCROCHAGE_") {
			out = append(out, f)
		}
	}
	return out
}

func acState(status domain.AccrochageStatus) domain.AccrochageState {
	s := domain.AccrochageState{CertificateNumber: "RNCP35419-2025-000001", Certification: "RNCP35419", Holder: "Zoé MARTIN",
		DeliveredOn: domain.MustDate("2025-11-03")}
	s.Passage.Status = status
	switch status {
	case domain.AccrochagePending:
		s.Passage.SentOn = domain.MustDate("2025-11-10")
	case domain.AccrochageOK, domain.AccrochageKO:
		s.Passage.SentOn, s.Passage.AckOn = domain.MustDate("2025-11-10"), domain.MustDate("2025-11-20")
		if status == domain.AccrochageKO {
			s.Passage.Message = "Aucun titulaire ne correspond aux critères obligatoires"
		}
	case domain.AccrochageClosed:
		s.Passage.ClosedOn, s.Passage.ClosedReason = domain.MustDate("2025-12-01"), "pas de NIR"
	}
	return s
}

func acCodes(l []domain.Finding) string {
	var out []string
	for _, f := range l {
		out = append(out, string(f.Severity)+" "+f.Code)
	}
	return strings.Join(out, ", ")
}

// ACCROCHAGE_DUE: from 60 days after the delivery (2026-01-02) to the
// 3-month deadline (2026-02-03) included, for a holder not accepted.
func TestAccrochageDue(t *testing.T) {
	never := acState(domain.AccrochageNever)
	if got := acCodes(acRun("2026-01-01", never)); got != "" {
		t.Errorf("day 59: %s", got)
	}
	got := acRun("2026-01-02", never)
	if acCodes(got) != "warning ACCROCHAGE_DUE" || got[0].DueDate != domain.MustDate("2026-02-03") ||
		!strings.Contains(got[0].Message, "by 2026-02-03") || !strings.Contains(got[0].Message, "never sent") {
		t.Errorf("day 60: %+v", got)
	}
	if got := acCodes(acRun("2026-02-03", acState(domain.AccrochagePending))); got != "warning ACCROCHAGE_DUE" {
		t.Errorf("deadline day, pending: %s", got)
	}
	for _, st := range []domain.AccrochageStatus{domain.AccrochageOK, domain.AccrochageClosed} {
		if got := acCodes(acRun("2026-01-15", acState(st))); got != "" {
			t.Errorf("%s: %s", st, got)
		}
	}
}

// ACCROCHAGE_OVERDUE: the day after the 3-month deadline.
func TestAccrochageOverdue(t *testing.T) {
	if got := acCodes(acRun("2026-02-04", acState(domain.AccrochagePending))); got != "error ACCROCHAGE_OVERDUE" {
		t.Errorf("the day after the deadline: %s", got)
	}
	if got := acCodes(acRun("2026-02-03", acState(domain.AccrochagePending))); strings.Contains(got, "OVERDUE") {
		t.Errorf("on the deadline: %s", got)
	}
	if got := acCodes(acRun("2027-01-01", acState(domain.AccrochageOK), acState(domain.AccrochageClosed))); got != "" {
		t.Errorf("accepted or closed: %s", got)
	}
}

// ACCROCHAGE_REJECTED: a KO not sent again nor closed, from the day of the
// processing report; the message gives the correction deadline (KO + 3 months).
func TestAccrochageRejected(t *testing.T) {
	got := acRun("2025-11-20", acState(domain.AccrochageKO))
	if acCodes(got) != "error ACCROCHAGE_REJECTED" || !strings.Contains(got[0].Message, "by 2026-02-20") ||
		!strings.Contains(got[0].Message, "Aucun titulaire") || !strings.Contains(got[0].Message, "R6113-17-2") {
		t.Fatalf("KO: %+v", got)
	}
	for _, st := range []domain.AccrochageStatus{domain.AccrochagePending, domain.AccrochageClosed, domain.AccrochageOK} {
		if got := acCodes(acRun("2025-11-25", acState(st))); got != "" {
			t.Errorf("%s: %s", st, got)
		}
	}
}
