package domain

import (
	"strings"
	"testing"
)

func TestCleanTextRefusesControlsAndOverrides(t *testing.T) {
	refused := map[string]string{
		"escape":          "A\x1b[31mB",
		"null":            "A\x00B",
		"bell":            "ok\x07",
		"delete":          "A\x7fB",
		"C1 CSI":          "A\u009b31mB",
		"C1 next line":    "A\u0085B",
		"RLO":             "A\u202eB",
		"LRE":             "\u202aA",
		"isolate":         "A\u2066B",
		"pop isolate":     "A\u2069",
		"line feed":       "A\nB",
		"carriage return": "A\rB",
		"tab":             "A\tB",
	}
	for name, v := range refused {
		err := CleanText("the partner's name", v)
		if err == nil {
			t.Errorf("%s: %q accepted", name, v)
			continue
		}
		e := err.(*Error)
		if e.Kind != KindInvalid || e.Code != CodeControlCharacter || !strings.Contains(e.Msg, "the partner's name") || e.Hint == "" {
			t.Errorf("%s: %+v", name, e)
		}
		if strings.ContainsFunc(e.Msg, UnsafeRune) {
			t.Errorf("%s: the message itself holds the raw character: %q", name, e.Msg)
		}
	}
	for _, v := range []string{"", "Organisme Étoile – Ñandú", "L'Œuvre “formation” …", "Trường Việt", "\u200dzwj", "A\u202fB", "東京"} {
		if err := CleanText("name", v); err != nil {
			t.Errorf("%q refused: %v", v, err)
		}
	}
}

func TestCleanTextNamesCharacterAndPosition(t *testing.T) {
	err := CleanText("the partner's name", "Aé\x1b[31mB")
	if err == nil || !strings.Contains(err.Error(), "U+001B (escape), at character 3") {
		t.Fatalf("got %v", err)
	}
}

func TestCleanLinesKeepsLineBreaksAndNormalises(t *testing.T) {
	got, err := CleanLines("the address", "1 rue X\r\nBât. B\r75001 Paris\n\tcedex")
	if err != nil || got != "1 rue X\nBât. B\n75001 Paris\n\tcedex" {
		t.Fatalf("got %q, %v", got, err)
	}
	if _, err := CleanLines("the address", "1 rue X\n\x1b]0;pwned\x07"); err == nil || KindOf(err) != KindInvalid {
		t.Fatalf("escape accepted in a multi-line text: %v", err)
	}
	if _, err := CleanLines("the address", "1 rue \u202eX"); err == nil {
		t.Fatal("bidi override accepted in a multi-line text")
	}
}

func TestEscapeTextMakesControlsVisible(t *testing.T) {
	for in, want := range map[string]string{
		"A\x1b[31mB":    "A␛[31mB",
		"A\x00\x07\x7f": "A␀␇␡",
		"A\u009bB":      `A\u009bB`,
		"A\u202eB":      `A\u202eB`,
		"plain é":       "plain é",
		"two\nlines\t":  "two\nlines\t",
		"over\rwrite":   "over␍write",
		"bad\xffbyte":   "bad\uFFFDbyte",
	} {
		got := EscapeText(in)
		if got != want {
			t.Errorf("EscapeText(%q) = %q, want %q", in, got, want)
		}
		if strings.ContainsFunc(got, UnsafeRune) {
			t.Errorf("EscapeText(%q) still holds a control: %q", in, got)
		}
	}
}

func TestValidatePartnerAppliesTheTextRule(t *testing.T) {
	base := func() *Partner {
		return &Partner{SIRET: "73282932000074", Name: "Organisme", Role: RolePartner, Status: StatusProspect}
	}
	for field, set := range map[string]func(*Partner){
		"name":           func(p *Partner) { p.Name = "A\x1b[2JB" },
		"representative": func(p *Partner) { p.Representative = "M. X\nDirecteur" },
		"phone":          func(p *Partner) { p.Phone = "01\u202e23" },
		"qualiopi body":  func(p *Partner) { p.Qualiopi.Body = "AFNOR\x00" },
		"address":        func(p *Partner) { p.Address = "1 rue\x1b" },
		"email":          func(p *Partner) { p.Email = "a\x7f@b.fr" },
	} {
		p := base()
		set(p)
		if err := ValidatePartner(p); err == nil || err.(*Error).Code != CodeControlCharacter {
			t.Errorf("%s: got %v", field, err)
		}
	}
	p := base()
	p.Address = "1 rue X\r\n75001 Paris"
	if err := ValidatePartner(p); err != nil || p.Address != "1 rue X\n75001 Paris" {
		t.Fatalf("multi-line address: %q, %v", p.Address, err)
	}
}

func TestReasonsAndReferencesApplyTheTextRule(t *testing.T) {
	p := &Partner{SIRET: "73282932000074", Name: "X", Status: StatusProspect}
	if _, err := PlanStatusChange(p, StatusActive, MustDate("2025-01-01"), "ok\x1b[0m"); err == nil || err.(*Error).Code != CodeControlCharacter {
		t.Errorf("status reason: %v", err)
	}
	h := &Habilitation{ID: 1, From: MustDate("2025-01-01")}
	if _, err := CheckHabilitationEnd(h, MustDate("2025-06-01"), "fin\u202e"); err == nil || err.(*Error).Code != CodeControlCharacter {
		t.Errorf("habilitation end reason: %v", err)
	}
	if _, err := CheckReference("REF\x1b"); err == nil || err.(*Error).Code != CodeControlCharacter {
		t.Errorf("reference: %v", err)
	}
	c := &Convention{Number: "CONV-2025-0001", Status: ConventionDraft, CreatedOn: MustDate("2025-01-01")}
	if err := c.Terminate(MustDate("2025-02-01"), "abandon\x07"); err == nil || err.(*Error).Code != CodeControlCharacter {
		t.Errorf("termination reason: %v", err)
	}
	if c.Status != ConventionDraft {
		t.Errorf("a refused termination changed the status to %s", c.Status)
	}
	if _, err := c.Amend(p, &Certification{Code: "RNCP35419"}, Amendment{Date: MustDate("2025-02-01"), Reason: "avenant\u202e"}); err == nil || err.(*Error).Code != CodeControlCharacter {
		t.Errorf("avenant reason: %v", err)
	}
	if err := c.Attach(ConventionAttachment{Path: "/tmp/sign\x1b[2J.pdf", SHA256: "ab", AttachedOn: MustDate("2025-02-01")}, MustDate("2025-03-01")); err == nil || err.(*Error).Code != CodeControlCharacter {
		t.Errorf("attached path: %v", err)
	}
	if len(c.Versions) != 0 || len(c.Attachments) != 0 {
		t.Errorf("a refused amendment or attachment was recorded: %+v", c)
	}
	signed := &Convention{Number: "CONV-2025-0002", Status: ConventionSigned, CreatedOn: MustDate("2025-01-01"), SignedOn: MustDate("2025-01-02"),
		Versions: []ConventionTerms{{Version: 1, From: MustDate("2025-01-01"), To: MustDate("2026-12-31")}}}
	if err := signed.End(MustDate("2025-06-30"), "fin\x00", MustDate("2025-07-01")); err == nil || err.(*Error).Code != CodeControlCharacter {
		t.Errorf("end reason: %v", err)
	}
	if err := ValidateCertifier(Certifier{Name: "Cert\x1b", SIRET: "73282932000074"}); err == nil || err.(*Error).Code != CodeControlCharacter {
		t.Errorf("certifier name: %v", err)
	}
	cert := &Certification{Code: "RNCP35419", Title: "Titre", Blocs: []Bloc{{Code: "RNCP35419BC01", Label: "Bloc\u0085"}}}
	if err := CleanCertificationTexts(cert); err == nil || !strings.Contains(err.Error(), "bloc RNCP35419BC01") {
		t.Errorf("bloc label: %v", err)
	}
	cert = &Certification{Code: "RNCP35419", Title: "Titre", Params: CertificationParams{Prerequisites: "Bac\r\nou équivalent"}}
	if err := CleanCertificationTexts(cert); err != nil || cert.Params.Prerequisites != "Bac\nou équivalent" {
		t.Errorf("prerequisites: %q, %v", cert.Params.Prerequisites, err)
	}
}
