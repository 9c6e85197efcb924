package domain_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// Helpers of this file are prefixed with "pt".

func ptErr(t *testing.T, err error, kind domain.Kind, code string, fragments ...string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("got %v, want a domain error %s", err, code)
	}
	if de.Code != code || de.Kind != kind {
		t.Fatalf("got kind %d code %s (%s), want kind %d code %s", de.Kind, de.Code, de.Msg, kind, code)
	}
	for _, f := range fragments {
		if !strings.Contains(de.Msg+" | "+de.Hint, f) {
			t.Errorf("%q (hint %q) does not contain %q", de.Msg, de.Hint, f)
		}
	}
}

func TestCanTransition(t *testing.T) {
	all := []domain.PartnerStatus{domain.StatusProspect, domain.StatusActive, domain.StatusSuspended, domain.StatusWithdrawn}
	allowed := map[[2]domain.PartnerStatus]bool{
		{domain.StatusProspect, domain.StatusActive}:     true,
		{domain.StatusProspect, domain.StatusWithdrawn}:  true,
		{domain.StatusActive, domain.StatusSuspended}:    true,
		{domain.StatusActive, domain.StatusWithdrawn}:    true,
		{domain.StatusSuspended, domain.StatusActive}:    true,
		{domain.StatusSuspended, domain.StatusWithdrawn}: true,
	}
	for _, from := range all {
		for _, to := range all {
			err := domain.CanTransition(from, to)
			switch {
			case allowed[[2]domain.PartnerStatus{from, to}]:
				if err != nil {
					t.Errorf("%s → %s refused: %v", from, to, err)
				}
			case from == to:
				ptErr(t, err, domain.KindConflict, "STATUS_SAME", "already "+string(to))
			case from == domain.StatusWithdrawn:
				ptErr(t, err, domain.KindConflict, "STATUS_FINAL", "final")
			default:
				ptErr(t, err, domain.KindConflict, "STATUS_TRANSITION", "cannot become "+string(to))
			}
		}
	}
}

func TestParsePartnerStatusAndRole(t *testing.T) {
	for in, want := range map[string]domain.PartnerStatus{"Actif": domain.StatusActive, "suspendue": domain.StatusSuspended,
		"Retiré": domain.StatusWithdrawn, " prospect ": domain.StatusProspect, "withdrawn": domain.StatusWithdrawn} {
		got, err := domain.ParsePartnerStatus(in)
		if err != nil || got != want {
			t.Errorf("ParsePartnerStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := domain.ParsePartnerStatus("dormant")
	ptErr(t, err, domain.KindInvalid, "STATUS", "dormant")
	for in, want := range map[string]domain.Role{"": domain.RolePartner, "Partenaire": domain.RolePartner,
		"co-certificateur": domain.RoleCoCertifier, "Co-Certifier": domain.RoleCoCertifier} {
		got, err := domain.ParseRole(in)
		if err != nil || got != want {
			t.Errorf("ParseRole(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err = domain.ParseRole("sous-traitant")
	ptErr(t, err, domain.KindInvalid, "ROLE")
}

func TestScopeFCCode(t *testing.T) {
	cases := []struct {
		in    string
		scope domain.Scope
		code  string
	}{
		{"train", domain.ScopeTrain, "HABILITATION_FORMER"},
		{"Former", domain.ScopeTrain, "HABILITATION_FORMER"},
		{"HABILITATION_FORMER", domain.ScopeTrain, "HABILITATION_FORMER"},
		{"évaluer", domain.ScopeAssess, "HABILITATION_ORGANISER"},
		{"HABILITATION_ORGANISER", domain.ScopeAssess, "HABILITATION_ORGANISER"},
		{"both", domain.ScopeBoth, "HABILITATION_ORGA_FORM"},
		{"Former et évaluer", domain.ScopeBoth, "HABILITATION_ORGA_FORM"},
		{"HABILITATION_ORGA_FORM", domain.ScopeBoth, "HABILITATION_ORGA_FORM"},
	}
	for _, c := range cases {
		s, err := domain.ParseScope(c.in)
		if err != nil || s != c.scope {
			t.Errorf("ParseScope(%q) = %q, %v; want %q", c.in, s, err, c.scope)
			continue
		}
		h := domain.Habilitation{Scope: s}
		if h.FCCode() != c.code {
			t.Errorf("FCCode(%s) = %s, want %s", s, h.FCCode(), c.code)
		}
		back, ok := domain.ScopeFromFCCode(c.code)
		if !ok || back != s {
			t.Errorf("ScopeFromFCCode(%s) = %s", c.code, back)
		}
	}
	if !domain.ScopeTrain.Trains() || domain.ScopeAssess.Trains() || !domain.ScopeBoth.Trains() || !domain.ScopeBoth.Assesses() {
		t.Error("Trains/Assesses are wrong")
	}
	_, err := domain.ParseScope("vendre")
	ptErr(t, err, domain.KindInvalid, "SCOPE", "vendre")
}

func hab(id int64, from, to string) domain.Habilitation {
	h := domain.Habilitation{ID: id, PartnerSIRET: "81738914100018", Certification: "RNCP36141", Scope: domain.ScopeBoth, From: domain.MustDate(from)}
	if to != "" {
		h.To = domain.MustDate(to)
	}
	return h
}

func TestInForceAndOverlaps(t *testing.T) {
	h := hab(1, "2025-01-01", "2025-12-31")
	for d, want := range map[string]bool{"2024-12-31": false, "2025-01-01": true, "2025-12-31": true, "2026-01-01": false} {
		if got := h.InForce(domain.MustDate(d)); got != want {
			t.Errorf("InForce(%s) = %v", d, got)
		}
	}
	open := hab(2, "2026-01-01", "")
	if !open.InForce(domain.MustDate("2099-01-01")) {
		t.Error("an open-ended habilitation must be in force later")
	}
	cases := []struct {
		a, b domain.Habilitation
		want bool
	}{
		{h, open, false},                                 // ends the day before
		{h, hab(3, "2025-12-31", ""), true},              // one common day
		{open, hab(3, "2030-01-01", "2030-02-01"), true}, // inside an open one
		{hab(4, "2024-01-01", "2024-06-30"), h, false},
		{hab(5, "2024-01-01", ""), hab(6, "2020-01-01", "2023-12-31"), false},
	}
	for i, c := range cases {
		if got := c.a.Overlaps(c.b); got != c.want {
			t.Errorf("case %d: %s overlaps %s = %v, want %v", i, c.a.Period(), c.b.Period(), got, c.want)
		}
		if got := c.b.Overlaps(c.a); got != c.want {
			t.Errorf("case %d reversed: %v", i, got)
		}
	}
}

func TestCheckOverlap(t *testing.T) {
	existing := []domain.Habilitation{hab(1, "2025-01-01", "2025-12-31")}
	other := hab(2, "2025-06-01", "")
	other.Certification = "RS6155"
	existing = append(existing, other)
	if err := domain.CheckOverlap(hab(0, "2026-01-01", ""), existing); err != nil {
		t.Errorf("next day refused: %v", err)
	}
	err := domain.CheckOverlap(hab(0, "2025-12-01", "2026-06-30"), existing)
	ptErr(t, err, domain.KindConflict, "HABILITATION_OVERLAP", "#1", "2025-01-01 → 2025-12-31", "RNCP36141", "habilitation end 1")
	// Updating habilitation 1 itself is not an overlap with itself.
	if err := domain.CheckOverlap(hab(1, "2025-02-01", "2025-11-30"), existing); err != nil {
		t.Errorf("self overlap: %v", err)
	}
}

func TestValidateHabilitation(t *testing.T) {
	rncp := &domain.Certification{Code: "RNCP36141", EndDate: domain.MustDate("2028-12-31"),
		Blocs:  []domain.Bloc{{Code: "RNCP36141BC01"}, {Code: "RNCP36141BC02"}},
		Access: []domain.Access{domain.AccessFI, domain.AccessCA, domain.AccessVAE}}
	rs := &domain.Certification{Code: "RS6155"}
	ok := hab(0, "2025-01-01", "2028-12-31")
	ok.Blocs, ok.Access = []string{"RNCP36141BC02"}, []domain.Access{domain.AccessVAE}
	if err := domain.ValidateHabilitation(ok, rncp); err != nil {
		t.Fatalf("valid habilitation refused: %v", err)
	}
	bad := ok
	bad.Blocs = []string{"RNCP36141BC05"}
	ptErr(t, domain.ValidateHabilitation(bad, rncp), domain.KindInvalid, "BLOC_UNKNOWN", "RNCP36141BC05", "RNCP36141BC01, RNCP36141BC02")
	bad = ok
	bad.Access = []domain.Access{domain.AccessCL}
	ptErr(t, domain.ValidateHabilitation(bad, rncp), domain.KindInvalid, "ACCESS_CLOSED", "CL", "FI,CA,VAE")
	bad = ok
	bad.To = domain.MustDate("2029-01-01")
	ptErr(t, domain.ValidateHabilitation(bad, rncp), domain.KindInvalid, "BEYOND_REGISTRATION", "2028-12-31")
	bad = hab(0, "2029-01-01", "")
	ptErr(t, domain.ValidateHabilitation(bad, rncp), domain.KindInvalid, "BEYOND_REGISTRATION", "starts after")
	bad = hab(0, "2025-01-01", "2024-01-01")
	ptErr(t, domain.ValidateHabilitation(bad, rncp), domain.KindInvalid, "DATES_ORDER")
	bad = domain.Habilitation{Certification: "RNCP36141", Scope: domain.ScopeTrain}
	ptErr(t, domain.ValidateHabilitation(bad, rncp), domain.KindInvalid, "FROM_MISSING")
	onRS := hab(0, "2025-01-01", "")
	onRS.Certification, onRS.Blocs = "RS6155", []string{"RS6155BC01"}
	ptErr(t, domain.ValidateHabilitation(onRS, rs), domain.KindInvalid, "BLOC_ON_RS")
	// A certification with no routes recorded accepts every route.
	onRS.Blocs, onRS.Access = nil, []domain.Access{domain.AccessCL}
	if err := domain.ValidateHabilitation(onRS, rs); err != nil {
		t.Errorf("RS without recorded routes: %v", err)
	}
}

func TestCanHabilitate(t *testing.T) {
	p := &domain.Partner{SIRET: "81738914100018", Name: "Formapro", Status: domain.StatusWithdrawn}
	ptErr(t, domain.CanHabilitate(p), domain.KindConflict, "PARTNER_WITHDRAWN", "Formapro", "817 389 141 00018")
	for _, s := range []domain.PartnerStatus{domain.StatusProspect, domain.StatusActive, domain.StatusSuspended} {
		p.Status = s
		if err := domain.CanHabilitate(p); err != nil {
			t.Errorf("%s refused: %v", s, err)
		}
	}
}

func TestParseEmail(t *testing.T) {
	for in, want := range map[string]string{"": "", " contact@Formapro.FR ": "contact@formapro.fr", "mailto:a.b+c@x.org": "a.b+c@x.org"} {
		got, err := domain.ParseEmail(in)
		if err != nil || got != want {
			t.Errorf("ParseEmail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"contact", "contact@", "@x.fr", "a@b", "a b@c.fr", "a@@b.fr", "a@b..fr", "a@.b.fr", "a@b.fr;c@d.fr"} {
		_, err := domain.ParseEmail(in)
		ptErr(t, err, domain.KindInvalid, "EMAIL_FORMAT")
	}
}

func TestNormalizeWebsite(t *testing.T) {
	cases := []struct {
		in, want string
		added    bool
	}{
		{"", "", false},
		{"www.formapro.fr", "https://www.formapro.fr", true},
		{"formapro.fr/formations?x=1", "https://formapro.fr/formations?x=1", true},
		{"http://formapro.fr", "http://formapro.fr", false},
		{"HTTPS://Formapro.fr:8443/a", "HTTPS://Formapro.fr:8443/a", false},
	}
	for _, c := range cases {
		got, added, err := domain.NormalizeWebsite(c.in)
		if err != nil || got != c.want || added != c.added {
			t.Errorf("NormalizeWebsite(%q) = %q, %v, %v; want %q, %v", c.in, got, added, err, c.want, c.added)
		}
	}
	for _, in := range []string{"ftp://formapro.fr", "formapro", "https://", "https://exa mple.fr", "javascript:alert(1)"} {
		_, _, err := domain.NormalizeWebsite(in)
		ptErr(t, err, domain.KindInvalid, "WEBSITE_FORMAT")
	}
}

func TestValidatePartner(t *testing.T) {
	good := domain.Partner{SIRET: "81738914100018", Name: "Formapro", Role: domain.RolePartner, Status: domain.StatusProspect,
		NDA: "84691234569", Email: "a@b.fr", Website: "https://b.fr", UAI: "0751234J"}
	if err := domain.ValidatePartner(&good); err != nil {
		t.Fatalf("valid partner refused: %v", err)
	}
	for code, mutate := range map[string]func(*domain.Partner){
		"SIRET_MISSING":  func(p *domain.Partner) { p.SIRET = "" },
		"SIRET_CHECKSUM": func(p *domain.Partner) { p.SIRET = "81738914100019" },
		"NAME_MISSING":   func(p *domain.Partner) { p.Name = "  " },
		"ROLE":           func(p *domain.Partner) { p.Role = "boss" },
		"STATUS":         func(p *domain.Partner) { p.Status = "" },
		"NDA_FORMAT":     func(p *domain.Partner) { p.NDA = "123" },
		"EMAIL_FORMAT":   func(p *domain.Partner) { p.Email = "nope" },
		"WEBSITE_FORMAT": func(p *domain.Partner) { p.Website = "ftp://x.fr" },
		"UAI_CHECKSUM":   func(p *domain.Partner) { p.UAI = "0751234A" },
	} {
		p := good
		mutate(&p)
		ptErr(t, domain.ValidatePartner(&p), domain.KindInvalid, code)
	}
}

func TestParseQualiopiCategories(t *testing.T) {
	got, err := domain.ParseQualiopiCategories("VAE; Actions de formation, apprentissage,vae")
	if err != nil || strings.Join(got, ",") != "formation,vae,apprentissage" {
		t.Errorf("got %v, %v", got, err)
	}
	got, err = domain.ParseQualiopiCategories("")
	if err != nil || len(got) != 0 {
		t.Errorf("empty: %v, %v", got, err)
	}
	_, err = domain.ParseQualiopiCategories("formation, coaching")
	ptErr(t, err, domain.KindInvalid, "QUALIOPI_CATEGORY", "coaching")
}

func TestDiffPartner(t *testing.T) {
	a := &domain.Partner{Name: "Formapro", Email: "a@x.fr", Qualiopi: domain.Qualiopi{Categories: []string{}}}
	b := *a
	if d := domain.DiffPartner(a, &b); len(d) != 0 {
		t.Errorf("same partner: %v", d)
	}
	b.Name, b.Qualiopi.ValidUntil = "Formapro Lyon", domain.MustDate("2027-06-30")
	d := domain.DiffPartner(a, &b)
	want := []string{`name: "Formapro" → "Formapro Lyon"`, `qualiopi until: "" → "2027-06-30"`}
	if len(d) != 2 || d[0] != want[0] || d[1] != want[1] {
		t.Errorf("diff = %q, want %q", d, want)
	}
}
