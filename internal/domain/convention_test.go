package domain_test

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func convDate(s string) domain.Date { return domain.MustDate(s) }

func convTestCert() *domain.Certification {
	return &domain.Certification{
		Code: "RNCP35419", Title: "Développeur web et web mobile", Level: 5, EndDate: convDate("2027-12-31"),
		Blocs:  []domain.Bloc{{Code: "RNCP35419BC01", Label: "Développer la partie front-end"}, {Code: "RNCP35419BC02", Label: "Développer la partie back-end"}},
		Access: []domain.Access{domain.AccessFC, domain.AccessCQ, domain.AccessVAE},
	}
}

func convTestPartner() *domain.Partner {
	return &domain.Partner{
		SIRET: "85262016007290", Name: "Formapro Lyon", Status: domain.StatusActive,
		Qualiopi: domain.Qualiopi{ValidUntil: convDate("2028-06-30")},
		Habilitations: []domain.Habilitation{{
			ID: 7, PartnerSIRET: "85262016007290", Certification: "RNCP35419", Scope: domain.ScopeBoth,
			Blocs: []string{"RNCP35419BC01"}, Access: []domain.Access{domain.AccessFC}, From: convDate("2025-01-01"), To: convDate("2026-12-31"),
		}},
	}
}

func TestConventionNumber(t *testing.T) {
	if got := domain.ConventionNumber(2025, 7); got != "CONV-2025-0007" {
		t.Errorf("ConventionNumber(2025, 7) = %s", got)
	}
	if got := domain.ConventionNumber(2026, 12345); got != "CONV-2026-12345" {
		t.Errorf("ConventionNumber(2026, 12345) = %s", got)
	}
	y, n, err := domain.ParseConventionNumber(" conv-2025-0007 ")
	if err != nil || y != 2025 || n != 7 {
		t.Errorf("ParseConventionNumber = %d %d %v", y, n, err)
	}
	for _, bad := range []string{"", "CONV-25-0007", "CONV-2025-7", "CONV-2025-0000", "2025-0007", "CONV-2025-00A7"} {
		_, _, err := domain.ParseConventionNumber(bad)
		wantInvalid(t, err, "CONVENTION_NUMBER")
	}
}

func TestConventionTransitions(t *testing.T) {
	all := domain.AllConventionStatuses
	allowed := map[[2]domain.ConventionStatus]bool{
		{"draft", "sent"}: true, {"draft", "signed"}: true, {"draft", "terminated"}: true,
		{"sent", "signed"}: true, {"sent", "terminated"}: true,
		{"signed", "ended"}: true, {"signed", "terminated"}: true,
	}
	for _, from := range all {
		for _, to := range all {
			err := domain.CanTransitionConvention(from, to)
			switch {
			case allowed[[2]domain.ConventionStatus{from, to}]:
				if err != nil {
					t.Errorf("%s → %s refused: %v", from, to, err)
				}
			case from == to:
				wantErr(t, err, domain.KindConflict, "CONVENTION_STATUS_SAME", "already "+string(to))
			case from.Final():
				wantErr(t, err, domain.KindConflict, "CONVENTION_STATUS_FINAL", string(from), "final")
			default:
				wantErr(t, err, domain.KindConflict, "CONVENTION_STATUS_TRANSITION", string(from), string(to))
			}
		}
	}
}

func TestParseConventionStatus(t *testing.T) {
	for in, want := range map[string]domain.ConventionStatus{
		"draft": "draft", "Brouillon": "draft", "sent": "sent", "Envoyée": "sent", "signed": "signed", "SIGNÉE": "signed",
		"ended": "ended", "échue": "ended", "terminated": "terminated", "Résiliée": "terminated",
	} {
		got, err := domain.ParseConventionStatus(in)
		if err != nil || got != want {
			t.Errorf("ParseConventionStatus(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	_, err := domain.ParseConventionStatus("valid")
	wantInvalid(t, err, "CONVENTION_STATUS", "draft, sent, signed, ended or terminated")
}

func TestConventionFees(t *testing.T) {
	m := func(s string) domain.Money {
		v, err := domain.ParseMoney(s)
		noErr(t, err, s)
		return v
	}
	cases := []struct {
		f   domain.Fees
		any bool
	}{
		{domain.Fees{}, false},
		{domain.Fees{PerCandidate: m("150")}, true},
		{domain.Fees{PerExam: m("75,50")}, true},
		{domain.Fees{FlatYearly: m("1 200,00 €")}, true},
		{domain.Fees{PerCandidate: m("150"), PerExam: m("75,5"), FlatYearly: m("1200")}, true},
		{domain.Fees{PerCandidate: m("0,01"), FlatYearly: m("2 500")}, true},
	}
	for _, c := range cases {
		if c.f.Any() != c.any {
			t.Errorf("%+v Any() = %v", c.f, !c.any)
		}
		noErr(t, c.f.Validate(), "fees")
	}
	if got := m("75,5").Decimal(); got != "75.50" {
		t.Errorf("Decimal = %s", got)
	}
	wantInvalid(t, domain.Fees{PerExam: m("-1")}.Validate(), "FEE_NEGATIVE", "fee per exam")
}

func TestNewConventionCopiesScope(t *testing.T) {
	p, c := convTestPartner(), convTestCert()
	conv, warns, err := domain.NewConvention(p, c, domain.ConventionRequest{
		CreatedOn: convDate("2025-01-10"), From: convDate("2025-02-01"), To: convDate("2026-12-31"), Fees: domain.Fees{PerCandidate: 15000},
	})
	noErr(t, err, "NewConvention")
	if len(warns) != 0 {
		t.Errorf("unexpected warnings %v", warns)
	}
	terms := conv.Terms()
	if conv.Status != domain.ConventionDraft || conv.HabilitationID != 7 || terms.Version != 1 || terms.Scope != domain.ScopeBoth ||
		strings.Join(terms.Blocs, ",") != "RNCP35419BC01" || domain.AccessCodes(terms.Access) != "FC" || terms.Fees.PerCandidate != 15000 {
		t.Errorf("convention = %+v", conv)
	}
	// A later change of the habilitation does not rewrite the convention.
	p.Habilitations[0].Blocs[0] = "RNCP35419BC02"
	p.Habilitations[0].Access[0] = domain.AccessVAE
	if conv.Terms().Blocs[0] != "RNCP35419BC01" || conv.Terms().Access[0] != domain.AccessFC {
		t.Errorf("convention follows the habilitation: %+v", conv.Terms())
	}
}

func TestConventionDateRules(t *testing.T) {
	p, c := convTestPartner(), convTestCert()
	req := func(from, to string) domain.ConventionRequest {
		return domain.ConventionRequest{CreatedOn: convDate("2025-01-10"), From: convDate(from), To: convDate(to)}
	}
	_, _, err := domain.NewConvention(p, c, req("2025-02-01", "2025-01-01"))
	wantInvalid(t, err, "DATES_ORDER")
	_, _, err = domain.NewConvention(p, c, req("2025-02-01", "2028-01-31"))
	wantErr(t, err, domain.KindConflict, "CONVENTION_BEYOND_REGISTRATION", "2027-12-31", "RNCP35419")
	_, _, err = domain.NewConvention(p, c, req("2025-02-01", "2027-06-30"))
	wantErr(t, err, domain.KindConflict, "CONVENTION_BEYOND_HABILITATION", "habilitation on RNCP35419 ends (2026-12-31)")
	_, _, err = domain.NewConvention(p, c, req("2024-06-01", "2025-06-30"))
	wantErr(t, err, domain.KindConflict, "CONVENTION_BEYOND_HABILITATION", "both 2025-01-01 → 2026-12-31")
	// Exactly the habilitation's period is fine.
	_, _, err = domain.NewConvention(p, c, req("2025-01-01", "2026-12-31"))
	noErr(t, err, "exact period")

	// An open-ended habilitation runs until the registration end.
	p.Habilitations[0].To = domain.Date{}
	_, _, err = domain.NewConvention(p, c, req("2025-01-01", "2027-12-31"))
	noErr(t, err, "open-ended habilitation")

	// No habilitation on that certification at all.
	other := convTestCert()
	other.Code = "RS5568"
	_, _, err = domain.NewConvention(p, other, req("2025-01-01", "2025-12-31"))
	wantErr(t, err, domain.KindConflict, "CONVENTION_NO_HABILITATION", "no habilitation on RS5568", "852 620 160 07290")

	// A withdrawn partner gets no convention.
	p.Status = domain.StatusWithdrawn
	_, _, err = domain.NewConvention(p, c, req("2025-01-01", "2025-12-31"))
	wantErr(t, err, domain.KindConflict, "PARTNER_WITHDRAWN")
}

func TestConventionQualiopiWarning(t *testing.T) {
	p, c := convTestPartner(), convTestCert()
	p.Qualiopi.ValidUntil = convDate("2026-03-31")
	_, warns, err := domain.NewConvention(p, c, domain.ConventionRequest{CreatedOn: convDate("2025-01-10"), From: convDate("2025-02-01"), To: convDate("2026-12-31")})
	noErr(t, err, "NewConvention")
	if len(warns) != 1 || !strings.Contains(warns[0], "Qualiopi certificate of Formapro Lyon (852 620 160 07290) ends 2026-03-31") {
		t.Errorf("warnings = %q", warns)
	}
	p.Qualiopi.ValidUntil = domain.Date{}
	_, warns, _ = domain.NewConvention(p, c, domain.ConventionRequest{CreatedOn: convDate("2025-01-10"), From: convDate("2025-02-01"), To: convDate("2026-12-31")})
	if len(warns) != 1 || !strings.Contains(warns[0], "no Qualiopi certificate recorded") {
		t.Errorf("warnings = %q", warns)
	}
}

func newTestConv(t *testing.T) *domain.Convention {
	t.Helper()
	conv, _, err := domain.NewConvention(convTestPartner(), convTestCert(), domain.ConventionRequest{
		CreatedOn: convDate("2025-01-10"), From: convDate("2025-02-01"), To: convDate("2026-12-31")})
	noErr(t, err, "NewConvention")
	conv.ID, conv.Number = 1, "CONV-2025-0001"
	return conv
}

func TestConventionLifeCycle(t *testing.T) {
	c := newTestConv(t)
	wantErr(t, c.Send(convDate("2025-01-09")), domain.KindConflict, "CONVENTION_DATE_BEFORE_CREATION", "before it was drawn up (2025-01-10)")
	noErr(t, c.Send(convDate("2025-01-12")), "send")
	wantErr(t, c.Sign(convDate("2025-01-11"), domain.Date{}), domain.KindConflict, "CONVENTION_SIGN_DATE", "before it was sent")
	wantErr(t, c.Sign(convDate("2027-01-01"), domain.Date{}), domain.KindConflict, "CONVENTION_SIGN_DATE", "it ends 2026-12-31")
	noErr(t, c.Sign(convDate("2025-01-20"), domain.Date{}), "sign")
	if !c.InForce(convDate("2025-02-01")) || c.InForce(convDate("2025-01-31")) || !c.InForce(convDate("2026-12-31")) || c.InForce(convDate("2027-01-01")) {
		t.Error("InForce is wrong around the period")
	}
	wantErr(t, c.Sign(convDate("2025-01-21"), domain.Date{}), domain.KindConflict, "CONVENTION_STATUS_SAME")
	wantErr(t, c.End(convDate("2027-01-05"), "", domain.Date{}), domain.KindConflict, "CONVENTION_END_DATE", "without an avenant")
	wantInvalid(t, c.End(convDate("2026-06-30"), "", domain.Date{}), "REASON_MISSING", "needs --reason")
	noErr(t, c.End(convDate("2026-06-30"), "fermeture du site", domain.Date{}), "end early")
	if c.EffectiveEnd() != convDate("2026-06-30") || c.InForce(convDate("2026-07-01")) {
		t.Errorf("effective end = %s", c.EffectiveEnd())
	}
	wantErr(t, c.Terminate(convDate("2026-07-01"), "x"), domain.KindConflict, "CONVENTION_STATUS_FINAL")
}

func TestConventionTerminate(t *testing.T) {
	c := newTestConv(t)
	wantInvalid(t, c.Terminate(convDate("2025-03-01"), "  "), "REASON_MISSING")
	wantErr(t, c.Terminate(convDate("2025-01-01"), "abandon"), domain.KindConflict, "CONVENTION_DATE_BEFORE_CREATION")
	noErr(t, c.Sign(convDate("2025-01-15"), domain.Date{}), "sign")
	wantErr(t, c.Terminate(convDate("2025-01-14"), "x"), domain.KindConflict, "CONVENTION_TERMINATE_DATE", "before it was signed")
	wantErr(t, c.Terminate(convDate("2027-02-01"), "x"), domain.KindConflict, "CONVENTION_TERMINATE_DATE", "convention end 1")
	noErr(t, c.Terminate(convDate("2025-09-30"), "manquements graves"), "terminate")
	if c.Status != domain.ConventionTerminated || c.TerminationReason != "manquements graves" || c.EffectiveEnd() != convDate("2025-09-30") {
		t.Errorf("terminated convention = %+v", c)
	}
	err := c.Sign(convDate("2025-10-01"), domain.Date{})
	wantErr(t, err, domain.KindConflict, "CONVENTION_STATUS_FINAL", "CONV-2025-0001", "terminated on 2025-09-30: manquements graves")
}

func TestConventionAmend(t *testing.T) {
	p, cert := convTestPartner(), convTestCert()
	c := newTestConv(t)
	noErr(t, c.Sign(convDate("2025-01-20"), domain.Date{}), "sign")
	_, err := c.Amend(p, cert, domain.Amendment{Date: convDate("2025-06-01")})
	wantInvalid(t, err, "REASON_MISSING")
	_, err = c.Amend(p, cert, domain.Amendment{Date: convDate("2025-06-01"), Reason: "rien"})
	wantErr(t, err, domain.KindConflict, "CONVENTION_AMEND_NOTHING")
	_, err = c.Amend(p, cert, domain.Amendment{Date: convDate("2025-06-01"), Reason: "prolongation", To: convDate("2027-06-30")})
	wantErr(t, err, domain.KindConflict, "CONVENTION_BEYOND_HABILITATION", "2026-12-31")
	_, err = c.Amend(p, cert, domain.Amendment{Date: convDate("2025-01-01"), Reason: "x", To: convDate("2026-06-30")})
	wantErr(t, err, domain.KindConflict, "CONVENTION_DATE_BEFORE_CREATION")

	fees := domain.Fees{PerCandidate: 18000, FlatYearly: 50000}
	v2, err := c.Amend(p, cert, domain.Amendment{Date: convDate("2025-06-01"), Reason: "révision des redevances", Fees: &fees})
	noErr(t, err, "amend fees")
	if v2.Version != 2 || c.Version() != 2 || c.Terms().Fees != fees || len(c.Amendments()) != 1 || c.Versions[0].Fees.PerCandidate != 0 {
		t.Errorf("after avenant 1: %+v", c.Versions)
	}
	// The habilitation now covers both blocs: an avenant with --rescope copies it.
	p.Habilitations[0].Blocs = nil
	p.Habilitations[0].Access = []domain.Access{domain.AccessFC, domain.AccessVAE}
	v3, err := c.Amend(p, cert, domain.Amendment{Date: convDate("2025-09-01"), Reason: "extension du périmètre", Rescope: true})
	noErr(t, err, "amend scope")
	if v3.Version != 3 || len(v3.Blocs) != 0 || domain.AccessCodes(v3.Access) != "FC,VAE" || c.Versions[1].Blocs[0] != "RNCP35419BC01" {
		t.Errorf("after avenant 2: %+v", c.Versions)
	}
	_, err = c.Amend(p, cert, domain.Amendment{Date: convDate("2025-08-01"), Reason: "x", To: convDate("2026-06-30")})
	wantErr(t, err, domain.KindConflict, "CONVENTION_AMEND_DATE", "before the previous version")
	noErr(t, c.Terminate(convDate("2025-10-01"), "fin"), "terminate")
	_, err = c.Amend(p, cert, domain.Amendment{Date: convDate("2025-11-01"), Reason: "x", To: convDate("2026-06-30")})
	wantErr(t, err, domain.KindConflict, "CONVENTION_STATUS_FINAL")
}

func TestRenewal(t *testing.T) {
	p, cert := convTestPartner(), convTestCert()
	prev := newTestConv(t)
	wantErr(t, domain.CheckRenewal(prev), domain.KindConflict, "CONVENTION_RENEW_UNSIGNED")
	noErr(t, prev.Sign(convDate("2025-01-20"), domain.Date{}), "sign")
	noErr(t, domain.CheckRenewal(prev), "renew signed")
	// Default period: from the day after, as long, capped at the habilitation end.
	p.Habilitations = append(p.Habilitations, domain.Habilitation{ID: 8, Certification: cert.Code, Scope: domain.ScopeBoth, From: convDate("2027-01-01")})
	from, to, note := domain.RenewalPeriod(prev, p, cert, domain.Date{}, domain.Date{})
	if from != convDate("2027-01-01") || to != convDate("2027-12-31") || !strings.Contains(note, "registration end of RNCP35419") {
		t.Errorf("renewal period = %s → %s (%q)", from, to, note)
	}
	from, to, note = domain.RenewalPeriod(prev, p, cert, convDate("2027-01-01"), convDate("2027-06-30"))
	if from != convDate("2027-01-01") || to != convDate("2027-06-30") || note != "" {
		t.Errorf("explicit renewal period = %s → %s (%q)", from, to, note)
	}
	prev.RenewedByID, prev.RenewedByNumber = 2, "CONV-2026-0001"
	wantErr(t, domain.CheckRenewal(prev), domain.KindConflict, "CONVENTION_ALREADY_RENEWED", "CONV-2026-0001")
	prev.RenewedByID = 0
	noErr(t, prev.Terminate(convDate("2025-05-01"), "x"), "terminate")
	wantErr(t, domain.CheckRenewal(prev), domain.KindConflict, "CONVENTION_RENEW_TERMINATED")
}

func TestConventionOverlap(t *testing.T) {
	a, b := newTestConv(t), newTestConv(t)
	b.ID, b.Number = 2, "CONV-2025-0002"
	wantErr(t, domain.CheckNoOverlap(b, []*domain.Convention{a}), domain.KindConflict, "CONVENTION_OVERLAP", "CONV-2025-0001")
	// A draft abandoned before signature does not block a new convention.
	noErr(t, a.Terminate(convDate("2025-01-15"), "abandon"), "abandon")
	noErr(t, domain.CheckNoOverlap(b, []*domain.Convention{a}), "abandoned draft")
	// A convention ended early frees the rest of its period.
	c := newTestConv(t)
	noErr(t, c.Sign(convDate("2025-01-20"), domain.Date{}), "sign")
	noErr(t, c.End(convDate("2025-12-31"), "fin anticipée d'un commun accord", domain.Date{}), "end")
	b.Versions[0].From = convDate("2026-01-01")
	noErr(t, domain.CheckNoOverlap(b, []*domain.Convention{c}), "after early end")
	b.Versions[0].From = convDate("2025-12-31")
	wantErr(t, domain.CheckNoOverlap(b, []*domain.Convention{c}), domain.KindConflict, "CONVENTION_OVERLAP")
	// Another certification never overlaps.
	b.Certification = "RS5568"
	noErr(t, domain.CheckNoOverlap(b, []*domain.Convention{c}), "other certification")
}

func TestRenewalPeriodLength(t *testing.T) {
	p, cert := convTestPartner(), convTestCert()
	p.Habilitations[0].To = domain.Date{}
	cert.EndDate = convDate("2030-12-31")
	for _, tc := range []struct{ from, to, wantFrom, wantTo string }{
		{"2025-01-01", "2025-12-31", "2026-01-01", "2026-12-31"}, // a calendar year
		{"2023-03-01", "2024-02-29", "2024-03-01", "2025-02-28"}, // twelve months over a leap day
		{"2025-02-01", "2025-12-31", "2026-01-01", "2026-11-30"}, // eleven months
		{"2025-01-15", "2025-03-20", "2025-03-21", "2025-05-24"}, // not whole months: 64 days later
	} {
		prev := newTestConv(t)
		prev.Versions[0].From, prev.Versions[0].To = convDate(tc.from), convDate(tc.to)
		from, to, _ := domain.RenewalPeriod(prev, p, cert, domain.Date{}, domain.Date{})
		if from != convDate(tc.wantFrom) || to != convDate(tc.wantTo) {
			t.Errorf("renewal of %s → %s = %s → %s, want %s → %s", tc.from, tc.to, from, to, tc.wantFrom, tc.wantTo)
		}
	}
}

func TestConventionClone(t *testing.T) {
	c := &domain.Convention{Number: "CONV-2025-0001", Status: domain.ConventionDraft, Versions: []domain.ConventionTerms{{
		Version: 1, Blocs: []string{"RNCP35419BC01"}, Access: []domain.Access{domain.AccessFC}, Fees: domain.Fees{PerCandidate: 15000}}}}
	cp := c.Clone()
	// Changing the original (as Sign or Amend do) leaves the copy as it was.
	c.Status = domain.ConventionSigned
	c.Versions[0].Blocs[0] = "X"
	c.Versions[0].Access[0] = domain.AccessVAE
	c.Versions = append(c.Versions, domain.ConventionTerms{Version: 2})
	if cp.Status != domain.ConventionDraft || len(cp.Versions) != 1 || cp.Versions[0].Blocs[0] != "RNCP35419BC01" || cp.Versions[0].Access[0] != domain.AccessFC {
		t.Errorf("the copy shares data with the original: %+v", cp)
	}
}

func TestFeeChanges(t *testing.T) {
	m := func(v domain.Money) *domain.Money { return &v }
	base := domain.Fees{PerCandidate: 15000, PerExam: 5000, FlatYearly: 120000}
	if (domain.FeeChanges{}).Any() || (domain.FeeChanges{}).Apply(base) != base {
		t.Error("no fee given must keep the base fees")
	}
	fc := domain.FeeChanges{PerCandidate: m(16000), PerExam: m(0)}
	if !fc.Any() {
		t.Error("Any() is false with two fees given")
	}
	if got := fc.Apply(base); got != (domain.Fees{PerCandidate: 16000, FlatYearly: 120000}) {
		t.Errorf("Apply = %+v: a given fee replaces, 0 removes, a fee not given is kept", got)
	}
}

func TestConventionFilterExpiringWithin(t *testing.T) {
	var f domain.ConventionFilter
	if err := f.ExpiringWithin(convDate("2026-10-01"), 90); err != nil {
		t.Fatal(err)
	}
	if f.Status != domain.ConventionSigned || f.EndsFrom != convDate("2026-10-01") || f.EndsTo != convDate("2026-12-30") {
		t.Errorf("filter %+v", f)
	}
	wantErr(t, f.ExpiringWithin(convDate("2026-10-01"), -1), domain.KindInvalid, "DAYS")
}

// A convention recorded after the fact is signed on its real, earlier date:
// the drawn-up date (and version 1's) move to it, the number keeps its year.
func TestConventionSignBeforeRecorded(t *testing.T) {
	c := newTestConv(t) // drawn up 2025-01-10, period 2025-02-01 → 2026-12-31
	today := convDate("2025-03-01")
	wantErr(t, c.Sign(convDate("2025-03-02"), today), domain.KindConflict, "CONVENTION_SIGN_FUTURE", "in the future (today is 2025-03-01)")
	noErr(t, c.Sign(convDate("2024-12-20"), today), "sign before recorded")
	if c.CreatedOn != convDate("2024-12-20") || c.Versions[0].Date != convDate("2024-12-20") || c.SignedOn != convDate("2024-12-20") {
		t.Errorf("created %s, version 1 %s, signed %s: all should be 2024-12-20", c.CreatedOn, c.Versions[0].Date, c.SignedOn)
	}
	if c.Number != "CONV-2025-0001" {
		t.Errorf("number changed to %s", c.Number)
	}
	// Signing on the last day covered is fine; the day after is refused.
	c2 := newTestConv(t)
	wantErr(t, c2.Sign(convDate("2027-01-01"), convDate("2027-06-01")), domain.KindConflict, "CONVENTION_SIGN_DATE", "it ends 2026-12-31")
	noErr(t, c2.Sign(convDate("2026-12-31"), convDate("2027-06-01")), "sign on the last day")
}

func TestFeesFitScope(t *testing.T) {
	exam := domain.Fees{PerExam: 5000}
	wantErr(t, domain.FeesFitScope(exam, domain.ScopeTrain), domain.KindConflict, "FEE_PER_EXAM_WITHOUT_ASSESSMENT", "only covers training")
	noErr(t, domain.FeesFitScope(exam, domain.ScopeAssess), "assess")
	noErr(t, domain.FeesFitScope(exam, domain.ScopeBoth), "both")
	noErr(t, domain.FeesFitScope(domain.Fees{PerCandidate: 100, FlatYearly: 100}, domain.ScopeTrain), "train without exam fee")
}
