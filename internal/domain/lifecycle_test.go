package domain_test

import (
	"fmt"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// Partner status, scope and habilitation rules. Helpers of this file are
// prefixed with "lc".

func TestCanTransitionEveryPair(t *testing.T) {
	const (
		P = domain.StatusProspect
		A = domain.StatusActive
		S = domain.StatusSuspended
		W = domain.StatusWithdrawn
	)
	// "" = allowed, else the conflict code.
	want := map[[2]domain.PartnerStatus]string{
		{P, P}: "STATUS_SAME", {P, A}: "", {P, S}: "STATUS_TRANSITION", {P, W}: "",
		{A, P}: "STATUS_TRANSITION", {A, A}: "STATUS_SAME", {A, S}: "", {A, W}: "",
		{S, P}: "STATUS_TRANSITION", {S, A}: "", {S, S}: "STATUS_SAME", {S, W}: "",
		{W, P}: "STATUS_FINAL", {W, A}: "STATUS_FINAL", {W, S}: "STATUS_FINAL", {W, W}: "STATUS_SAME",
	}
	all := []domain.PartnerStatus{P, A, S, W}
	for _, from := range all {
		for _, to := range all {
			code, ok := want[[2]domain.PartnerStatus{from, to}]
			if !ok {
				t.Fatalf("pair %s→%s missing from the table", from, to)
			}
			t.Run(fmt.Sprintf("%s→%s", from, to), func(t *testing.T) {
				err := domain.CanTransition(from, to)
				if code == "" {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					return
				}
				wantErr(t, err, domain.KindConflict, code)
			})
		}
	}
	wantErr(t, domain.CanTransition(W, A), domain.KindConflict, "STATUS_FINAL", "withdrawal is final")
	wantErr(t, domain.CanTransition(P, S), domain.KindConflict, "STATUS_TRANSITION", "a prospect partner cannot become suspended")
}

func TestParsePartnerStatus(t *testing.T) {
	for in, want := range map[string]domain.PartnerStatus{
		"prospect": domain.StatusProspect, "Prospect": domain.StatusProspect,
		"active": domain.StatusActive, "Actif": domain.StatusActive, "ACTIVE": domain.StatusActive, "Active": domain.StatusActive,
		"suspended": domain.StatusSuspended, "suspendu": domain.StatusSuspended, "Suspendue": domain.StatusSuspended,
		"withdrawn": domain.StatusWithdrawn, "retiré": domain.StatusWithdrawn, "Retirée": domain.StatusWithdrawn, "Supprimé": domain.StatusWithdrawn,
	} {
		got, err := domain.ParsePartnerStatus(in)
		if err != nil || got != want {
			t.Errorf("ParsePartnerStatus(%q) = %q, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "inactif", "closed"} {
		_, err := domain.ParsePartnerStatus(in)
		wantInvalid(t, err, "STATUS", "prospect, active (actif), suspended (suspendu) or withdrawn (retiré)")
	}
}

func TestParseRole(t *testing.T) {
	for in, want := range map[string]domain.Role{
		"": domain.RolePartner, "partner": domain.RolePartner, "Partenaire": domain.RolePartner,
		"co-certifier": domain.RoleCoCertifier, "Co-certificateur": domain.RoleCoCertifier, "cocertificateur": domain.RoleCoCertifier,
	} {
		got, err := domain.ParseRole(in)
		if err != nil || got != want {
			t.Errorf("ParseRole(%q) = %q, %v; want %s", in, got, err, want)
		}
	}
	_, err := domain.ParseRole("sous-traitant")
	wantInvalid(t, err, "ROLE", "partner (partenaire) or co-certifier (co-certificateur)")
}

func TestScopeParsingAndCodes(t *testing.T) {
	for in, want := range map[string]domain.Scope{
		"train": domain.ScopeTrain, "former": domain.ScopeTrain, "Préparer": domain.ScopeTrain, "HABILITATION_FORMER": domain.ScopeTrain,
		"assess": domain.ScopeAssess, "évaluer": domain.ScopeAssess, "organiser": domain.ScopeAssess, "HABILITATION_ORGANISER": domain.ScopeAssess,
		"both": domain.ScopeBoth, "former et évaluer": domain.ScopeBoth, "Former et organiser": domain.ScopeBoth, "HABILITATION_ORGA_FORM": domain.ScopeBoth,
	} {
		got, err := domain.ParseScope(in)
		if err != nil || got != want {
			t.Errorf("ParseScope(%q) = %q, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "all", "HABILITATION"} {
		_, err := domain.ParseScope(in)
		wantInvalid(t, err, "SCOPE", "train (former), assess (évaluer) or both")
	}
	codes := map[domain.Scope]string{
		domain.ScopeTrain:  "HABILITATION_FORMER",
		domain.ScopeAssess: "HABILITATION_ORGANISER",
		domain.ScopeBoth:   "HABILITATION_ORGA_FORM",
	}
	for s, code := range codes {
		if s.FCCode() != code {
			t.Errorf("%s.FCCode() = %q, want %s", s, s.FCCode(), code)
		}
		back, ok := domain.ScopeFromFCCode(" " + code + " ")
		if !ok || back != s {
			t.Errorf("ScopeFromFCCode(%s) = %s, %v", code, back, ok)
		}
		if s.Label() == string(s) || s.Label() == "" {
			t.Errorf("%s has no French label", s)
		}
	}
	if _, ok := domain.ScopeFromFCCode("HABILITATION_AUTRE"); ok {
		t.Error("ScopeFromFCCode accepted an unknown code")
	}
	if domain.Scope("x").FCCode() != "" {
		t.Error("unknown scope has an FC code")
	}
	// Only train and both allow a training offer (CPF).
	if !domain.ScopeTrain.Trains() || domain.ScopeAssess.Trains() || !domain.ScopeBoth.Trains() {
		t.Error("Trains")
	}
	if domain.ScopeTrain.Assesses() || !domain.ScopeAssess.Assesses() || !domain.ScopeBoth.Assesses() {
		t.Error("Assesses")
	}
}

func lcCert() *domain.Certification {
	return &domain.Certification{
		Code:    "RNCP35419",
		Title:   "Développeur web",
		Level:   5,
		EndDate: domain.MustDate("2027-12-31"),
		Blocs:   []domain.Bloc{{Code: "RNCP35419BC01", Label: "Concevoir"}, {Code: "RNCP35419BC02", Label: "Développer"}},
		Access:  []domain.Access{domain.AccessFI, domain.AccessFC, domain.AccessVAE},
	}
}

func lcHab(from, to string) domain.Habilitation {
	h := domain.Habilitation{PartnerSIRET: "81738914100018", Certification: "RNCP35419", Scope: domain.ScopeBoth}
	if from != "" {
		h.From = domain.MustDate(from)
	}
	if to != "" {
		h.To = domain.MustDate(to)
	}
	return h
}

func TestValidateHabilitationRules(t *testing.T) {
	c := lcCert()
	ok := []domain.Habilitation{
		lcHab("2025-01-01", ""),
		lcHab("2025-01-01", "2027-12-31"), // up to the registration end
		lcHab("2025-01-01", "2025-01-01"), // one day
		func() domain.Habilitation {
			h := lcHab("2025-01-01", "2026-12-31")
			h.Blocs = []string{"RNCP35419BC01", "RNCP35419BC02"}
			h.Access = []domain.Access{domain.AccessFC, domain.AccessVAE}
			return h
		}(),
	}
	for i, h := range ok {
		if err := domain.ValidateHabilitation(h, c); err != nil {
			t.Errorf("case %d: %v", i, err)
		}
	}

	h := lcHab("2025-01-01", "")
	h.Blocs = []string{"RNCP35419BC01", "RNCP35419BC03"}
	wantInvalid(t, domain.ValidateHabilitation(h, c), "BLOC_UNKNOWN",
		"bloc RNCP35419BC03 does not belong to RNCP35419", "its blocs are RNCP35419BC01, RNCP35419BC02")

	noBlocs := lcCert()
	noBlocs.Blocs = nil
	wantInvalid(t, domain.ValidateHabilitation(h, noBlocs), "BLOC_UNKNOWN", "it has no blocs recorded")

	rs := &domain.Certification{Code: "RS5568", EndDate: domain.MustDate("2027-12-31")}
	hrs := lcHab("2025-01-01", "")
	hrs.Certification = "RS5568"
	if err := domain.ValidateHabilitation(hrs, rs); err != nil {
		t.Errorf("RS without blocs: %v", err)
	}
	hrs.Blocs = []string{"RNCP35419BC01"}
	wantInvalid(t, domain.ValidateHabilitation(hrs, rs), "BLOC_ON_RS", "RS5568 is an RS certification")

	h = lcHab("2025-01-01", "")
	h.Access = []domain.Access{domain.AccessFI, domain.AccessCA}
	wantInvalid(t, domain.ValidateHabilitation(h, c), "ACCESS_CLOSED", "access route CA is not open on RNCP35419", "open routes: FI,FC,VAE")
	// No routes recorded on the certification: nothing to check against.
	open := lcCert()
	open.Access = nil
	if err := domain.ValidateHabilitation(h, open); err != nil {
		t.Errorf("certification without recorded routes: %v", err)
	}

	wantInvalid(t, domain.ValidateHabilitation(lcHab("", ""), c), "FROM_MISSING")
	wantInvalid(t, domain.ValidateHabilitation(lcHab("2026-01-01", "2025-12-31"), c), "DATES_ORDER",
		"ends (2025-12-31) before it starts (2026-01-01)")
	wantInvalid(t, domain.ValidateHabilitation(lcHab("2025-01-01", "2028-01-01"), c), "BEYOND_REGISTRATION",
		"ends 2028-01-01, after RNCP35419's registration ends (2027-12-31)", "end it on or before 2027-12-31")
	wantInvalid(t, domain.ValidateHabilitation(lcHab("2028-01-01", ""), c), "BEYOND_REGISTRATION", "starts after")

	// No registration end recorded: any end is accepted.
	noEnd := lcCert()
	noEnd.EndDate = domain.Date{}
	if err := domain.ValidateHabilitation(lcHab("2025-01-01", "2035-01-01"), noEnd); err != nil {
		t.Errorf("no registration end: %v", err)
	}

	other := lcHab("2025-01-01", "")
	other.Certification = "RNCP99999"
	wantInvalid(t, domain.ValidateHabilitation(other, c), "CERTIFICATION")
}

func TestHabilitationInForce(t *testing.T) {
	h := lcHab("2025-01-01", "2025-12-31")
	for d, want := range map[string]bool{
		"2024-12-31": false, "2025-01-01": true, "2025-06-15": true, "2025-12-31": true, "2026-01-01": false,
	} {
		if got := h.InForce(domain.MustDate(d)); got != want {
			t.Errorf("InForce(%s) = %v, want %v", d, got, want)
		}
	}
	open := lcHab("2025-01-01", "")
	if !open.InForce(domain.MustDate("2099-01-01")) || open.InForce(domain.MustDate("2024-12-31")) {
		t.Error("open-ended habilitation")
	}
}

func TestHabilitationOverlaps(t *testing.T) {
	cases := []struct {
		a, b [2]string
		want bool
	}{
		{[2]string{"2025-01-01", "2025-06-30"}, [2]string{"2025-07-01", "2025-12-31"}, false},
		{[2]string{"2025-01-01", "2025-06-30"}, [2]string{"2025-06-30", "2025-12-31"}, true}, // same last/first day
		{[2]string{"2025-01-01", "2025-12-31"}, [2]string{"2025-03-01", "2025-04-01"}, true}, // contained
		{[2]string{"2025-01-01", ""}, [2]string{"2030-01-01", "2030-12-31"}, true},           // open-ended
		{[2]string{"2025-01-01", ""}, [2]string{"2020-01-01", "2024-12-31"}, false},
		{[2]string{"2025-01-01", ""}, [2]string{"2020-01-01", ""}, true},
		{[2]string{"2025-01-01", "2025-01-01"}, [2]string{"2025-01-01", "2025-01-01"}, true},
	}
	for _, c := range cases {
		a, b := lcHab(c.a[0], c.a[1]), lcHab(c.b[0], c.b[1])
		if got := a.Overlaps(b); got != c.want {
			t.Errorf("%v overlaps %v = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := b.Overlaps(a); got != c.want {
			t.Errorf("%v overlaps %v = %v, want %v (symmetry)", c.b, c.a, got, c.want)
		}
	}
}

func TestCertificationHelpers(t *testing.T) {
	c := lcCert()
	if !c.HasBloc("RNCP35419BC02") || c.HasBloc("RNCP35419BC03") {
		t.Error("HasBloc")
	}
	if !c.HasAccess(domain.AccessVAE) || c.HasAccess(domain.AccessCA) {
		t.Error("HasAccess")
	}
	if err := domain.ValidateLevel("RNCP35419", 5); err != nil {
		t.Error(err)
	}
	if err := domain.ValidateLevel("RNCP35419", 0); err != nil {
		t.Error(err)
	}
	wantInvalid(t, domain.ValidateLevel("RNCP35419", 9), "LEVEL_RANGE", "use 3 to 8")
	wantInvalid(t, domain.ValidateLevel("RNCP35419", 2), "LEVEL_RANGE")
	wantInvalid(t, domain.ValidateLevel("RS5568", 5), "LEVEL_ON_RS", "no level")
	if err := domain.ValidateLevel("RS5568", 0); err != nil {
		t.Error(err)
	}
	wantInvalid(t, domain.ValidateCertifier(domain.Certifier{SIRET: "73282932000074"}), "NAME_MISSING", "give --name")
	wantInvalid(t, domain.ValidateCertifier(domain.Certifier{Name: "X"}), "SIRET_MISSING", "give --siret")
	if err := domain.ValidateCertifier(domain.Certifier{Name: "X", SIRET: "73282932000074"}); err != nil {
		t.Error(err)
	}
}
