package app_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
)

// The built-in audit checklist and the certifier's own checklist file.
// Helpers of these tests are prefixed with "ac".

func TestAuditChecklistDefault(t *testing.T) {
	a := paApp(t)
	c, err := a.AuditChecklist()
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != "habil-2026.1" {
		t.Errorf("version %q, want habil-2026.1", c.Version)
	}
	if n := len(c.Items); n < 35 || n > 50 {
		t.Errorf("%d items, want about 35 to 45", n)
	}
	seen := map[string]bool{}
	sections := map[string]bool{}
	for _, it := range c.Items {
		if seen[it.Code] {
			t.Errorf("code %s used twice", it.Code)
		}
		seen[it.Code] = true
		sections[it.Section] = true
		if it.Text == "" || it.Evidence == "" {
			t.Errorf("%s: no text or no evidence", it.Code)
		}
		switch it.Scope {
		case "", "train", "assess", "vae":
		default:
			t.Errorf("%s: scope %q", it.Code, it.Scope)
		}
	}
	for _, s := range []string{"Situation juridique", "Site internet", "Mon Compte Formation", "Carif-Oref", "Formation",
		"Moyens et sous-traitance", "Organisation des évaluations", "Qualiopi", "VAE", "Traçabilité et preuves",
		"Transmission des données candidats et titulaires", "Réclamations et anomalies", "Redevances"} {
		if !sections[s] {
			t.Errorf("no section %q", s)
		}
	}
	for _, code := range []string{"LEG-01", "WEB-01", "MCF-01", "CAR-01", "FOR-01", "MOY-01", "EVA-01", "QUA-01", "VAE-01", "TRA-01", "DON-01", "REC-01", "RED-01"} {
		if c.Item(strings.ToLower(code)) == nil {
			t.Errorf("no item %s", code)
		}
	}
	if it := c.Item("EVA-02"); it == nil || it.Basis != "R6113-16-4 2°" || it.Scope != "assess" {
		t.Errorf("EVA-02 = %+v, want the R6113-16-4 2° item for assessors", it)
	}
}

func TestChecklistForScopes(t *testing.T) {
	c := app.DefaultChecklist()
	has := func(items []domain.ChecklistItem, code string) bool {
		for _, it := range items {
			if it.Code == code {
				return true
			}
		}
		return false
	}
	assessOnly := app.ChecklistFor(c, false, true, false)
	if has(assessOnly, "FOR-01") || has(assessOnly, "WEB-01") || has(assessOnly, "VAE-01") {
		t.Error("an assess-only partner gets training, training-communication or VAE items")
	}
	if !has(assessOnly, "EVA-01") || !has(assessOnly, "LEG-01") || !has(assessOnly, "WEB-02") {
		t.Error("an assess-only partner misses exam or every-partner items")
	}
	trainOnly := app.ChecklistFor(c, true, false, false)
	if has(trainOnly, "EVA-01") || !has(trainOnly, "FOR-03") || !has(trainOnly, "MCF-01") {
		t.Error("a train-only partner: wrong items")
	}
	all := app.ChecklistFor(c, true, true, true)
	if len(all) != len(c.Items) {
		t.Errorf("a partner with every scope gets %d items of %d", len(all), len(c.Items))
	}
}

func TestAuditChecklistCustomFile(t *testing.T) {
	a := paApp(t)
	a.Config.AuditChecklist = writeFile(t, "grille-maison.csv", "Grille d'audit maison\n\n"+
		"Code;Section;Point de contrôle;Preuves à collecter;Base légale;Périmètre\n"+
		"x-01;Site internet;Intitulé exact;Captures;R6113-16-3 1°;préparation\n"+
		"X-02;Examens;Surveillance;Planning;;évaluation\n"+
		"X-03;Général;Convention signée;Convention;;\n")
	c, err := a.AuditChecklist()
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != "grille-maison.csv" || len(c.Items) != 3 {
		t.Fatalf("got version %q with %d items", c.Version, len(c.Items))
	}
	if it := c.Items[0]; it.Code != "X-01" || it.Scope != "train" || it.Basis != "R6113-16-3 1°" || it.Evidence != "Captures" {
		t.Errorf("first item %+v", it)
	}
	if c.Items[1].Scope != "assess" || c.Items[2].Scope != "" {
		t.Errorf("scopes %q %q", c.Items[1].Scope, c.Items[2].Scope)
	}
}

func TestAuditChecklistCustomFileInvalid(t *testing.T) {
	for name, tc := range map[string]struct{ text, want string }{
		"duplicate": {"code;section;point de contrôle\nA-1;S;T\na-1;S;U\n", "grille.csv:3:code"},
		"scope":     {"code;section;point de contrôle;périmètre\nA-1;S;T;partout\n", "grille.csv:2:périmètre"},
		"blank":     {"code;section;point de contrôle\nA-1;;T\n", "grille.csv:2:section"},
		"column":    {"code;section\nA-1;S\n", "point de contrôle"},
	} {
		t.Run(name, func(t *testing.T) {
			a := paApp(t)
			a.Config.AuditChecklist = writeFile(t, "grille.csv", tc.text)
			_, err := a.AuditChecklist()
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != domain.KindRejected {
				t.Fatalf("err = %v, want a rejection", err)
			}
			if !strings.Contains(de.Error(), tc.want) {
				t.Errorf("error %q does not name %q", de.Error(), tc.want)
			}
		})
	}
	a := paApp(t)
	a.Config.AuditChecklist = filepath.Join(t.TempDir(), "none.xlsx")
	if _, err := a.AuditChecklist(); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("a missing file: %v, want not found", err)
	}
}
