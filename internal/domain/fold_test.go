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
