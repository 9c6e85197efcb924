package domain_test

import (
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"N° SIRET":                   "n siret",
		"Déclaration d'activité":     "declaration d activite",
		"Déclaration d’activité":     "declaration d activite",
		"  Raison   sociale ":        "raison sociale",
		"SIRET_PARTENAIRE":           "siret partenaire",
		"Qualiopi (fin de validité)": "qualiopi fin de validite",
		"ÉCOLE SUPÉRIEURE":           "ecole superieure",
		"Cœur & Œuvre":               "coeur oeuvre",
		"e\u0301cole":                "ecole", // combining acute accent
		"Voies d'accès":              "voies d acces",
		"Prénom 1":                   "prenom 1",
		"straße":                     "strasse",
		"co-certificateur":           "co certificateur",
		"\u00a0Nom\u00a0":            "nom",
		"---":                        "",
		"":                           "",
	} {
		if got := domain.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFoldVietnameseAndLatinExtended: every Latin letter with diacritics
// folds to its base letter — Vietnamese dot-below and hook letters
// included — so that "Nguyễn Thị Ánh" typed without accents is the same
// candidate.
func TestFoldVietnameseAndLatinExtended(t *testing.T) {
	for in, want := range map[string]string{
		"Nguyễn Thị Ánh":    "nguyen thi anh",
		"Trần Đức Thịnh":    "tran duc thinh",
		"Phạm Ngọc Hưởng":   "pham ngoc huong",
		"Łukasz Wróblewski": "lukasz wroblewski",
		"Ǆemal Ḩasan":       "ǆemal hasan",
		"Søren Ærø":         "soren aero",
	} {
		if got := domain.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if domain.CandidateKey("Nguyễn", "Thị", domain.MustDate("1995-12-31")) != domain.CandidateKey("NGUYEN", "Thi", domain.MustDate("1995-12-31")) {
		t.Error("a Vietnamese name typed without accents is another candidate")
	}
}
