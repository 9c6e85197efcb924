package domain

import "testing"

func TestApplicationCriteriaAndDecide(t *testing.T) {
	if c, ok := FindApplicationCriterion(" Référent handicap et adaptation des parcours "); !ok || c.Code != "referent_handicap" {
		t.Errorf("by label: %+v %v", c, ok)
	}
	if c, ok := FindApplicationCriterion("NDA"); !ok || c.Code != "nda" {
		t.Errorf("by code: %+v %v", c, ok)
	}
	if _, ok := FindApplicationCriterion("locaux"); ok {
		t.Errorf("unknown criterion found")
	}
	for in, want := range map[string]ApplicationDecision{"accept": ApplicationAccept, "Refusée": ApplicationRefuse} {
		if d, err := ParseApplicationDecision(in); err != nil || d != want {
			t.Errorf("%q: %v %v", in, d, err)
		}
	}
	if _, err := ParseApplicationDecision("maybe"); KindOf(err) != KindInvalid {
		t.Errorf("maybe: %v", err)
	}

	a := &Application{ID: 1, Scope: ScopeTrain, Certification: "RNCP1", OpenedOn: MustDate("2026-01-10")}
	if err := a.Decide(ApplicationAccept, MustDate("2026-01-20"), "ok"); KindOf(err) != KindConflict {
		t.Fatalf("not assessed: %v", err)
	}
	a.AssessedOn = MustDate("2026-01-15")
	a.Scores = []ApplicationScore{{Criterion: "nda", Score: 2, Max: 3}, {Criterion: "qualiopi", Score: 3, Max: 3}}
	if a.Status() != "assessed" || a.TotalText() != "5/6 (83 %)" {
		t.Errorf("assessed: %s %s", a.Status(), a.TotalText())
	}
	if err := a.Decide(ApplicationAccept, MustDate("2026-01-14"), "ok"); KindOf(err) != KindConflict {
		t.Errorf("before assessment: %v", err)
	}
	if err := a.Decide(ApplicationAccept, MustDate("2026-01-20"), "  "); KindOf(err) != KindInvalid {
		t.Errorf("no reason: %v", err)
	}
	if err := a.Decide(ApplicationRefuse, MustDate("2026-01-20"), " incomplet "); err != nil || a.Status() != "refused" || a.Reason != "incomplet" {
		t.Fatalf("refuse: %v %+v", err, a)
	}
	if err := a.Decide(ApplicationAccept, MustDate("2026-01-21"), "ok"); KindOf(err) != KindConflict {
		t.Errorf("decided twice: %v", err)
	}
	if !a.CoveredBy(Habilitation{Certification: "RNCP1", Scope: ScopeBoth}) || a.CoveredBy(Habilitation{Certification: "RNCP1", Scope: ScopeAssess}) ||
		a.CoveredBy(Habilitation{Certification: "RNCP2", Scope: ScopeTrain}) {
		t.Errorf("CoveredBy")
	}
}
