package domain_test

import (
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func TestParseAccess(t *testing.T) {
	cases := map[string]domain.Access{
		// Codes, any case.
		"FI": domain.AccessFI, "ca": domain.AccessCA, " Fc ": domain.AccessFC, "CQ": domain.AccessCQ,
		"cl": domain.AccessCL, "vae": domain.AccessVAE, "VAE": domain.AccessVAE,
		// Official France Compétences labels (CSV "Si_Jury").
		"Après un parcours de formation sous statut d'élève ou d'étudiant": domain.AccessFI,
		"En contrat d'apprentissage":              domain.AccessCA,
		"Après un parcours de formation continue": domain.AccessFC,
		"En contrat de professionnalisation":      domain.AccessCQ,
		"Par candidature individuelle":            domain.AccessCL,
		"Par expérience":                          domain.AccessVAE,
		"APRES UN PARCOURS DE FORMATION CONTINUE": domain.AccessFC,
		// CDC modaliteAcces values.
		"FORMATION_INITIALE_HORS_APPRENTISSAGE":                   domain.AccessFI,
		"FORMATION_INITIALE_APPRENTISSAGE":                        domain.AccessCA,
		"FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION": domain.AccessFC,
		"FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION":      domain.AccessCQ,
		"CANDIDAT_LIBRE": domain.AccessCL,
		// Common French wordings.
		"formation initiale":                          domain.AccessFI,
		"Apprentissage":                               domain.AccessCA,
		"contrat d’apprentissage":                     domain.AccessCA, // typographic apostrophe
		"Formation continue":                          domain.AccessFC,
		"professionnalisation":                        domain.AccessCQ,
		"Contrat de professionnalisation":             domain.AccessCQ,
		"candidat libre":                              domain.AccessCL,
		"Candidature individuelle":                    domain.AccessCL,
		"expérience":                                  domain.AccessVAE,
		"Validation des acquis de l'expérience":       domain.AccessVAE,
		"validation des acquis de l'expérience (VAE)": domain.AccessVAE,
	}
	for in, want := range cases {
		got, err := domain.ParseAccess(in)
		if err != nil || got != want {
			t.Errorf("ParseAccess(%q) = %q, %v; want %s", in, got, err, want)
		}
	}
	_, err := domain.ParseAccess("  ")
	wantInvalid(t, err, "ACCESS_EMPTY")
	for _, in := range []string{"FX", "EQUIVALENCE_DIPLOME_ETRANGER", "alternance", "FI CA"} {
		_, err := domain.ParseAccess(in)
		wantInvalid(t, err, "ACCESS_UNKNOWN", "use FI, CA, FC, CQ, CL or VAE")
	}
}

func TestAccessLabels(t *testing.T) {
	want := map[domain.Access][3]string{
		domain.AccessFI:  {"Après un parcours de formation sous statut d'élève ou d'étudiant", "FORMATION_INITIALE_HORS_APPRENTISSAGE", "SI_JURY_FI"},
		domain.AccessCA:  {"En contrat d'apprentissage", "FORMATION_INITIALE_APPRENTISSAGE", "SI_JURY_CA"},
		domain.AccessFC:  {"Après un parcours de formation continue", "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION", "SI_JURY_FC"},
		domain.AccessCQ:  {"En contrat de professionnalisation", "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION", "SI_JURY_CQ"},
		domain.AccessCL:  {"Par candidature individuelle", "CANDIDAT_LIBRE", "SI_JURY_CL"},
		domain.AccessVAE: {"Par expérience", "VAE", "SI_JURY_VAE"},
	}
	if len(domain.AllAccess) != 6 {
		t.Fatalf("AllAccess has %d routes, want 6", len(domain.AllAccess))
	}
	for _, a := range domain.AllAccess {
		w := want[a]
		if a.FCLabel() != w[0] || a.CDCModalite() != w[1] || a.XMLTag() != w[2] {
			t.Errorf("%s: FC %q CDC %q XML %q", a, a.FCLabel(), a.CDCModalite(), a.XMLTag())
		}
		if a.Label() == "" {
			t.Errorf("%s has no French label", a)
		}
		back, ok := domain.AccessFromXMLTag(w[2])
		if !ok || back != a {
			t.Errorf("AccessFromXMLTag(%s) = %s, %v", w[2], back, ok)
		}
		// Every label reads back as the route.
		for _, s := range []string{a.FCLabel(), a.Label(), a.CDCModalite(), string(a)} {
			if got, err := domain.ParseAccess(s); err != nil || got != a {
				t.Errorf("ParseAccess(%q) = %s, %v; want %s", s, got, err, a)
			}
		}
	}
	if _, ok := domain.AccessFromXMLTag("SI_JURY_XX"); ok {
		t.Error("AccessFromXMLTag accepted SI_JURY_XX")
	}
}

func TestParseAccessList(t *testing.T) {
	cases := map[string]string{
		"":                   "",
		"FI, CA":             "FI,CA",
		"FI CA":              "FI,CA",
		"FC;VAE":             "FC,VAE",
		"fi ca fc cq cl vae": "FI,CA,FC,CQ,CL,VAE",
		"VAE, FI":            "FI,VAE", // official order
		"VAE;FI;VAE;fi":      "FI,VAE", // deduplicated
		"CA | FC / VAE":      "CA,FC,VAE",
		"FI,,CA;":            "FI,CA",
		"formation continue": "FC",
		"Par expérience; En contrat d'apprentissage": "CA,VAE",
		"FORMATION_INITIALE_APPRENTISSAGE, VAE":      "CA,VAE",
	}
	for in, want := range cases {
		got, err := domain.ParseAccessList(in)
		if err != nil {
			t.Errorf("ParseAccessList(%q): %v", in, err)
			continue
		}
		if s := domain.AccessCodes(got); s != want {
			t.Errorf("ParseAccessList(%q) = %s, want %s", in, s, want)
		}
	}
	_, err := domain.ParseAccessList("FI, XX")
	wantInvalid(t, err, "ACCESS_UNKNOWN", `"XX"`)
	_, err = domain.ParseAccessList("FI XX")
	wantInvalid(t, err, "ACCESS_UNKNOWN")
}
