package domain_test

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func planPartner(siret, name, firstHab string) *domain.Partner {
	p := &domain.Partner{SIRET: domain.SIRET(siret), Name: name, Status: domain.StatusActive}
	if firstHab != "" {
		p.Habilitations = []domain.Habilitation{
			{PartnerSIRET: p.SIRET, Certification: "RNCP1", From: domain.MustDate(firstHab).AddMonths(6)},
			{PartnerSIRET: p.SIRET, Certification: "RNCP2", From: domain.MustDate(firstHab), To: domain.MustDate(firstHab).AddMonths(3)},
		}
	}
	return p
}

func planAudit(siret, date string, items ...domain.AuditItem) *domain.Audit {
	return &domain.Audit{PartnerSIRET: domain.SIRET(siret), Date: domain.MustDate(date), Items: items}
}

func finding(sev domain.FindingSeverity, deadline string) domain.AuditItem {
	return domain.AuditItem{Code: "X", Status: domain.ItemNonCompliant, Severity: sev, Deadline: domain.MustDate(deadline)}
}

func TestAuditReference(t *testing.T) {
	p := planPartner("11111111111111", "A", "2023-02-01")
	if got := domain.AuditReference(p, nil); got.String() != "2023-02-01" {
		t.Errorf("never audited: reference = %s, want the first habilitation's start 2023-02-01 (an ended one counts)", got)
	}
	audits := []*domain.Audit{planAudit("11111111111111", "2024-05-02"), planAudit("11111111111111", "2025-01-10"), planAudit("22222222222222", "2026-01-01")}
	if got := domain.AuditReference(p, audits); got.String() != "2025-01-10" {
		t.Errorf("audited: reference = %s, want its last audit 2025-01-10 (another partner's audit ignored)", got)
	}
	if got := domain.AuditReference(planPartner("33333333333333", "C", ""), nil); !got.IsZero() {
		t.Errorf("no habilitation, no audit: reference = %s, want zero", got)
	}
}

func TestMonthsBetween(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"2025-01-31", "2025-02-28", 1}, {"2025-01-31", "2025-02-27", 0}, {"2025-01-15", "2025-02-15", 1}, {"2024-12-01", "2026-11-30", 23},
		{"2026-01-01", "2025-01-01", 0},
	} {
		if got := domain.MonthsBetween(domain.MustDate(c.a), domain.MustDate(c.b)); got != c.want {
			t.Errorf("MonthsBetween(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func planOrder(l []domain.AuditPlanEntry) string {
	var s []string
	for _, e := range l {
		s = append(s, e.Name)
	}
	return strings.Join(s, " ")
}

// A crafted network: the order follows the criteria, in turn.
func TestRankAuditPlan(t *testing.T) {
	at := domain.MustDate("2026-12-01")
	in := []domain.AuditPlanInput{
		// audited, old audit, nothing open
		{Partner: planPartner("10000000000001", "OldAudit", "2020-01-01"), Audits: []*domain.Audit{planAudit("10000000000001", "2024-01-15")}},
		// audited recently, two open findings
		{Partner: planPartner("10000000000002", "RecentTwo", "2020-01-01"), Audits: []*domain.Audit{
			planAudit("10000000000002", "2026-06-01", finding(domain.SeverityMinor, "2026-09-01"), finding(domain.SeverityMajor, "2027-01-01"))}},
		// audited the same day as RecentTwo, no open finding (one closed)
		{Partner: planPartner("10000000000003", "RecentNone", "2020-01-01"), Audits: []*domain.Audit{
			planAudit("10000000000003", "2026-06-01", domain.AuditItem{Status: domain.ItemNonCompliant, Severity: domain.SeverityMajor, ClosedOn: domain.MustDate("2026-07-01")})}},
		// never audited, habilitated long ago
		{Partner: planPartner("10000000000004", "NeverOld", "2022-03-01")},
		// never audited, habilitated recently: a new partner
		{Partner: planPartner("10000000000005", "NeverNew", "2026-05-01")},
		// never audited, same first habilitation as NeverOld, smaller SIRET
		{Partner: planPartner("10000000000000", "NeverOldTwin", "2022-03-01")},
		// audited in the future of the plan's date: counts as never audited
		{Partner: planPartner("10000000000006", "FutureAudit", "2025-01-01"), Audits: []*domain.Audit{planAudit("10000000000006", "2027-01-01")}},
	}
	got := domain.RankAuditPlan(in, domain.AuditPlanParams{At: at, QualiopiWindowDays: 60})
	want := "NeverOldTwin NeverOld FutureAudit NeverNew OldAudit RecentTwo RecentNone"
	if planOrder(got) != want {
		t.Fatalf("order = %s\nwant    %s", planOrder(got), want)
	}
	// Ties broken by SIRET, the same input in another order gives the same plan.
	rev := append([]domain.AuditPlanInput(nil), in...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	if o := planOrder(domain.RankAuditPlan(rev, domain.AuditPlanParams{At: at, QualiopiWindowDays: 60})); o != want {
		t.Errorf("reversed input: order = %s, want %s", o, want)
	}

	byName := map[string]domain.AuditPlanEntry{}
	for _, e := range got {
		byName[e.Name] = e
	}
	two := byName["RecentTwo"]
	if two.OpenFindings != 2 || two.OpenMajor != 1 || two.Overdue != 1 || two.Compliance != domain.NonCompliant {
		t.Errorf("RecentTwo = %+v, want 2 open (1 major), 1 overdue, not compliant", two)
	}
	wantReasons := []string{
		"6 months since its last audit (2026-06-01) (+6)",
		"2 findings open (1 major, 1 minor) (+20)",
		"1 corrective action past its deadline (+10)",
		"compliance: not compliant (a major finding open) (+20)",
		"candidates presented and pass rate: no session data yet (not scored)",
	}
	if strings.Join(two.Reasons, "\n") != strings.Join(wantReasons, "\n") {
		t.Errorf("RecentTwo reasons:\n%s\nwant:\n%s", strings.Join(two.Reasons, "\n"), strings.Join(wantReasons, "\n"))
	}
	if two.Score != 56 {
		t.Errorf("RecentTwo score = %d, want 56 (the sum of the reasons' points)", two.Score)
	}
	never := byName["NeverOld"]
	if !never.NeverAudited || never.Months != 57 || never.Reasons[0] != "never audited (+30)" ||
		never.Reasons[1] != "57 months since its first habilitation (2022-03-01) (+48)" || never.Score != 78 {
		t.Errorf("NeverOld = %+v: want never audited, 57 months since 2022-03-01 capped at 48 points, score 78", never)
	}
	if n := byName["NeverNew"]; !containsReason(n.Reasons, "new partner: first habilitation on 2026-05-01") {
		t.Errorf("NeverNew reasons %q lack the new-partner reason", n.Reasons)
	}
	if n := byName["OldAudit"]; n.Due.String() != "2025-01-15" || n.Compliance != domain.Compliant {
		t.Errorf("OldAudit due %s, compliance %s; want 2025-01-15, compliant", n.Due, n.Compliance)
	}
	if n := byName["RecentNone"]; n.OpenFindings != 0 || n.Compliance != domain.Compliant {
		t.Errorf("RecentNone: a closed finding is not open (%+v)", n)
	}
}

func containsReason(l []string, frag string) bool {
	for _, r := range l {
		if strings.Contains(r, frag) {
			return true
		}
	}
	return false
}

func TestRankAuditPlanFactors(t *testing.T) {
	at := domain.MustDate("2026-12-01")
	p := planPartner("10000000000001", "A", "2020-01-01")
	p.Qualiopi.ValidUntil = domain.MustDate("2027-01-10")
	ended := planPartner("10000000000002", "B", "2020-01-01")
	ended.Qualiopi.ValidUntil = domain.MustDate("2026-11-01")
	far := planPartner("10000000000003", "C", "2020-01-01")
	far.Qualiopi.ValidUntil = domain.MustDate("2027-06-01")
	in := []domain.AuditPlanInput{
		{Partner: p, Reconcile: make([]domain.Finding, 4), ReconcileDate: domain.MustDate("2026-11-20"),
			Web: make([]domain.WebFinding, 2), WebDate: domain.MustDate("2026-11-25")},
		{Partner: ended, Sessions: &domain.AuditPlanSessions{Candidates: 12, PassRate: 0.5, NetworkPassRate: 0.8}},
		{Partner: far},
	}
	got := domain.RankAuditPlan(in, domain.AuditPlanParams{At: at, QualiopiWindowDays: 60})
	by := map[string][]string{}
	for _, e := range got {
		by[e.Name] = e.Reasons
	}
	for name, frags := range map[string][]string{
		"A": {"Qualiopi certificate ends on 2027-01-10 (in 40 days) (+10)", "4 findings in the last reconcile (2026-11-20) (+15)", "2 findings on its website (audit web of 2026-11-25) (+10)"},
		"B": {"Qualiopi certificate ended on 2026-11-01 (+10)", "12 candidates presented, pass rate 50% (network 80%)"},
	} {
		for _, f := range frags {
			if !containsReason(by[name], f) {
				t.Errorf("%s reasons %q lack %q", name, by[name], f)
			}
		}
	}
	if containsReason(by["C"], "Qualiopi") {
		t.Errorf("C's Qualiopi ends beyond the window, yet: %q", by["C"])
	}
}

func TestRankAuditPlanYear(t *testing.T) {
	at := domain.MustDate("2026-12-01")
	in := []domain.AuditPlanInput{
		{Partner: planPartner("10000000000001", "Due2027", "2020-01-01"), Audits: []*domain.Audit{planAudit("10000000000001", "2026-03-01")}},
		{Partner: planPartner("10000000000002", "Due2028", "2020-01-01"), Audits: []*domain.Audit{planAudit("10000000000002", "2027-02-01")}},
		{Partner: planPartner("10000000000003", "Overdue", "2020-01-01"), Audits: []*domain.Audit{planAudit("10000000000003", "2024-03-01")}},
		{Partner: planPartner("10000000000004", "Never", "2020-01-01")},
	}
	// The 2027 audit of Due2028 is after the plan's date: Due2028 counts as never audited at 2026-12-01.
	if o := planOrder(domain.RankAuditPlan(in, domain.AuditPlanParams{At: at, Year: 2027})); o != "Due2028 Never Overdue Due2027" {
		t.Errorf("--year 2027 at 2026-12-01: %s", o)
	}
	if o := planOrder(domain.RankAuditPlan(in, domain.AuditPlanParams{At: domain.MustDate("2027-03-01"), Year: 2027})); o != "Never Overdue Due2027" {
		t.Errorf("--year 2027 at 2027-03-01: %s (Due2028's audit of 2027-02-01 makes it due in 2028)", o)
	}
	if o := planOrder(domain.RankAuditPlan(in, domain.AuditPlanParams{At: at, Year: 2026})); o != "Due2028 Never Overdue" {
		t.Errorf("--year 2026: %s", o)
	}
}
