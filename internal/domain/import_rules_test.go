package domain

import "testing"

func TestHabilitationProblemsListsEveryProblem(t *testing.T) {
	c := &Certification{Code: "RNCP36141", EndDate: MustDate("2028-06-30"),
		Blocs: []Bloc{{Code: "RNCP36141BC01"}}, Access: []Access{"FC", "VAE"}}
	h := Habilitation{Certification: "RNCP36141", Scope: ScopeTrain, Blocs: []string{"RNCP36141BC09"},
		Access: []Access{"CL"}, From: MustDate("2026-06-01"), To: MustDate("2026-01-01")}
	var codes []string
	for _, e := range HabilitationProblems(h, c) {
		codes = append(codes, e.Code)
	}
	if len(codes) != 3 || codes[0] != "BLOC_UNKNOWN" || codes[1] != "ACCESS_CLOSED" || codes[2] != "DATES_ORDER" {
		t.Errorf("codes %v, want BLOC_UNKNOWN ACCESS_CLOSED DATES_ORDER", codes)
	}
	// The same verdict as ValidateHabilitation on each single problem.
	ok := Habilitation{Certification: "RNCP36141", Scope: ScopeTrain, From: MustDate("2026-01-01"), To: MustDate("2029-01-01")}
	p := HabilitationProblems(ok, c)
	if len(p) != 1 || p[0].Code != "BEYOND_REGISTRATION" || ValidateHabilitation(ok, c) == nil {
		t.Errorf("beyond registration: %v", p)
	}
	ok.To = MustDate("2027-12-31")
	if p := HabilitationProblems(ok, c); p != nil || ValidateHabilitation(ok, c) != nil {
		t.Errorf("valid habilitation: %v", p)
	}
}

func TestImportedStatus(t *testing.T) {
	cases := []struct {
		exists          bool
		current, given  PartnerStatus
		inForce         bool
		initial, target PartnerStatus
	}{
		{false, "", "", true, StatusActive, StatusActive},
		{false, "", "", false, StatusProspect, StatusProspect},
		{false, "", StatusActive, false, StatusActive, StatusActive},
		{false, "", StatusSuspended, true, StatusProspect, StatusSuspended},
		{true, StatusProspect, "", true, StatusProspect, StatusActive},
		{true, StatusProspect, "", false, StatusProspect, StatusProspect},
		{true, StatusSuspended, "", true, StatusSuspended, StatusSuspended},
		{true, StatusActive, StatusWithdrawn, true, StatusActive, StatusWithdrawn},
	}
	for _, c := range cases {
		i, tg := ImportedStatus(c.exists, c.current, c.given, c.inForce)
		if i != c.initial || tg != c.target {
			t.Errorf("ImportedStatus(%v, %q, %q, %v) = %q, %q; want %q, %q", c.exists, c.current, c.given, c.inForce, i, tg, c.initial, c.target)
		}
	}
}

func TestCheckStatusDate(t *testing.T) {
	since := MustDate("2026-03-01")
	if back, err := CheckStatusDate(StatusProspect, since, MustDate("2026-01-01"), true); err != nil || !back {
		t.Errorf("first change before the recording: %v, %v", back, err)
	}
	if _, err := CheckStatusDate(StatusActive, since, MustDate("2026-01-01"), false); KindOf(err) != KindConflict {
		t.Errorf("change before the last one: %v", err)
	}
	if back, err := CheckStatusDate(StatusActive, since, MustDate("2026-04-01"), false); err != nil || back {
		t.Errorf("later change: %v, %v", back, err)
	}
}
