package check_test

import (
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

func actionIn(at, due, closed string) check.Snapshot {
	in := check.Snapshot{At: ckDate(at), Limits: domain.DefaultCheckLimits()}
	a := &domain.ImprovementAction{ID: 4, Source: domain.SourceComplaint, Text: "délai de délivrance", OpenedOn: ckDate("2025-01-01")}
	if due != "" {
		a.Due = ckDate(due)
	}
	if closed != "" {
		a.ClosedOn, a.Outcome = ckDate(closed), "fait"
	}
	in.Improvements = []*domain.ImprovementAction{a}
	return in
}

func TestImprovementOverdue(t *testing.T) {
	// Due today: not yet overdue (boundary); the day after: a warning.
	if l := ckRun(t, actionIn("2025-06-30", "2025-06-30", ""), check.ImprovementOverdue); len(l) != 0 {
		t.Errorf("due today: %v", l)
	}
	f := ckOne(t, actionIn("2025-07-01", "2025-06-30", ""), check.ImprovementOverdue, "improvement action 4 (complaint)", "was due by 2025-06-30", "habil improve close 4")
	if f.Severity != domain.SeverityWarning || f.DueDate != ckDate("2025-06-30") || f.Subject != "improvement 4" {
		t.Errorf("finding: %+v", f)
	}
	// Closed, or no due date: nothing.
	if l := ckRun(t, actionIn("2025-07-01", "2025-06-30", "2025-07-01"), check.ImprovementOverdue); len(l) != 0 {
		t.Errorf("closed: %v", l)
	}
	if l := ckRun(t, actionIn("2030-01-01", "", ""), check.ImprovementOverdue); len(l) != 0 {
		t.Errorf("no due date: %v", l)
	}
	// The partner is named when the action concerns one.
	in := actionIn("2025-07-01", "2025-06-30", "")
	in.Partners = []*domain.Partner{ckPartner(ckA, "Alpha", domain.StatusActive, "")}
	in.Improvements[0].Partner = ckA
	if f := ckOne(t, in, check.ImprovementOverdue, "for Alpha"); f.SIRET != ckA {
		t.Errorf("siret: %+v", f)
	}
}

func committeeIn(at string, meetings ...string) check.Snapshot {
	in := check.Snapshot{At: ckDate(at), Limits: domain.DefaultCheckLimits()}
	in.Certifications = []*domain.Certification{{Code: ckRNCP, Title: "RH", EndDate: ckDate("2030-01-01")}, {Code: "RS5000", Title: "Autre", EndDate: ckDate("2030-01-01")}}
	for i, d := range meetings {
		in.Committees = append(in.Committees, &domain.CommitteeMeeting{ID: int64(i + 1), Certification: ckRNCP, Date: ckDate(d)})
	}
	return in
}

func TestCommitteeDue(t *testing.T) {
	// No committee ever held: silent (the Code requires none).
	if l := ckRun(t, committeeIn("2027-01-01"), check.CommitteeDue); len(l) != 0 {
		t.Errorf("no committee at all: %v", l)
	}
	// 12 months to the day after the last meeting: not yet (boundary).
	if l := ckRun(t, committeeIn("2026-03-12", "2025-03-12"), check.CommitteeDue); len(l) != 0 {
		t.Errorf("12 months to the day: %v", l)
	}
	// The day after: both certifications are due, the one that never met
	// counted from the certifier's first meeting.
	l := ckRun(t, committeeIn("2026-03-13", "2024-01-10", "2025-03-12"), check.CommitteeDue)
	if len(l) != 2 {
		t.Fatalf("findings: %v", l)
	}
	one := committeeIn("2026-03-13", "2025-03-12")
	one.Certifications = one.Certifications[:1]
	f := ckOne(t, one, check.CommitteeDue, "last met on 2025-03-12", "due by 2026-03-12")
	if f.Severity != domain.SeverityWarning || f.Certification != ckRNCP {
		t.Errorf("finding: %+v", f)
	}
	for _, x := range l {
		if x.Certification == "RS5000" && x.DueDate != ckDate("2025-01-10") {
			t.Errorf("never met: due %s, want 12 months after the first meeting (2025-01-10)", x.DueDate)
		}
	}
	// A meeting after the evaluation date does not count.
	if l := ckRun(t, committeeIn("2026-03-13", "2025-03-12", "2026-06-01"), check.CommitteeDue); len(l) != 2 {
		t.Errorf("a later meeting counted: %v", l)
	}
	// 0 disables the rule; another threshold is the configuration's.
	in := committeeIn("2030-01-01", "2025-03-12")
	in.Limits.CommitteeDueMonths = 0
	if l := ckRun(t, in, check.CommitteeDue); len(l) != 0 {
		t.Errorf("disabled: %v", l)
	}
	in = committeeIn("2026-03-13", "2025-03-12")
	in.Certifications = in.Certifications[:1]
	in.Limits.CommitteeDueMonths = 24
	if l := ckRun(t, in, check.CommitteeDue); len(l) != 0 {
		t.Errorf("24 months: %v", l)
	}
	// A certification past its registration end is not reported.
	in = committeeIn("2026-03-13", "2025-03-12")
	in.Certifications[0].EndDate = ckDate("2026-01-01")
	in.Certifications = in.Certifications[:1]
	if l := ckRun(t, in, check.CommitteeDue); len(l) != 0 {
		t.Errorf("ended registration: %v", l)
	}
}

func royaltyIn(at string, total, paid domain.Money) check.Snapshot {
	in := check.Snapshot{At: ckDate(at), Limits: domain.DefaultCheckLimits()}
	in.Partners = []*domain.Partner{ckPartner(ckA, "Alpha", domain.StatusActive, "")}
	in.Royalties = []*domain.RoyaltyStatement{{SIRET: ckA, PartnerName: "Alpha", Period: 2025, Version: 2, Total: total, Paid: paid}}
	return in
}

func TestRoyaltyUnpaid(t *testing.T) {
	// 60 days after 31 December 2025 is 1 March 2026: not yet on that day.
	if l := ckRun(t, royaltyIn("2026-03-01", 341082, 0), check.RoyaltyUnpaid); len(l) != 0 {
		t.Errorf("on the 60th day: %v", l)
	}
	f := ckOne(t, royaltyIn("2026-03-02", 341082, 100000), check.RoyaltyUnpaid, "Alpha", "owes 2410.82 of its 2025 royalties", "version 2", "due by 2026-03-01")
	if f.Severity != domain.SeverityWarning || f.SIRET != ckA {
		t.Errorf("finding: %+v", f)
	}
	// Fully paid (or more): nothing.
	if l := ckRun(t, royaltyIn("2027-01-01", 341082, 341082), check.RoyaltyUnpaid); len(l) != 0 {
		t.Errorf("paid: %v", l)
	}
	in := royaltyIn("2026-03-02", 341082, 0)
	in.Limits.RoyaltyUnpaidDays = 90
	if l := ckRun(t, in, check.RoyaltyUnpaid); len(l) != 0 {
		t.Errorf("90 days: %v", l)
	}
}
