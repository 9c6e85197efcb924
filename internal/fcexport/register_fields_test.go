package fcexport

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// The fields issue 9 keeps (certifiers, registration type, successors,
// partial validation, jury composition, prerequisites, bloc evaluation
// modalities), compared with the real samples field by field.

func boolText(p *bool) string {
	switch {
	case p == nil:
		return "nil"
	case *p:
		return "yes"
	}
	return "no"
}

func TestXMLSampleRegisterFields(t *testing.T) {
	r := scanFile(t, fixture(t, "export_fiches_rncp_rs_v4_1_sample.xml"), Selection{All: true})
	c := byCode(t, r, "RNCP35419").Cert
	if len(c.Certifiers) != 1 || c.Certifiers[0] != (domain.FicheCertifier{SIRET: "31134913800017", Name: "ECOLE SUP INFORMATIQUE ELECTRON AUTOMAT"}) {
		t.Errorf("certifiers: %+v", c.Certifiers)
	}
	if c.RegistrationType != "Enregistrement sur demande" {
		t.Errorf("registration type %q", c.RegistrationType)
	}
	if len(c.Successors) != 1 || c.Successors[0] != "RNCP42147" {
		t.Errorf("successors %v", c.Successors)
	}
	if c.PartialValidation != nil {
		t.Errorf("RNCP35419 publishes no VALIDATION_PARTIELLE: got %s", boolText(c.PartialValidation))
	}
	// Five routes publish the same composition, VAE another: one line each.
	wantJury := "FI, CA, FC, CQ, CL : 2 membres de la direction de l'école\n2 membres professionnels du secteur\n" +
		"VAE : Le responsable de la VAE Intech\nLe responsable de la filière ingénierie du logiciel\n2 experts professionnels du secteur \"Ingénierie du logiciel\""
	if c.Published.JuryComposition != wantJury {
		t.Errorf("jury composition\n got %q\nwant %q", c.Published.JuryComposition, wantJury)
	}
	if !strings.HasPrefix(c.Published.Prerequisites, "Le parcours s’adresse à des profils divers, allant de l’étudiant sortant de terminale") ||
		!strings.HasSuffix(c.Published.Prerequisites, "Entretien de motivation et technique d’une durée de 45 minutes minimum devant un jury)") ||
		strings.Count(c.Published.Prerequisites, "\n") != 1 {
		t.Errorf("prerequisites %q", c.Published.Prerequisites)
	}
	evals := []string{
		"Cas pratiques\nMise en situation professionnelle simulée",
		"Mise en situation professionnelle simulée\nCas pratiques\nEtude de cas",
		"Cas pratiques\nEtude de cas",
		"Etude de cas\nCas pratiques",
	}
	for i, b := range c.Blocs {
		if b.PublishedEvaluation != evals[i] || b.Evaluation != "" {
			t.Errorf("bloc %s evaluation %q (recorded %q), want %q", b.Code, b.PublishedEvaluation, b.Evaluation, evals[i])
		}
	}
	// Partners' dates: DATE_ACTIF optional, DATE_DERNIERE_MODIFICATION_ETAT.
	p := c.Partners[0]
	if p.SIRET != "44321186700025" || p.ActiveSince.String() != "2023-04-12" || p.StatusChange.String() != "2023-04-12" {
		t.Errorf("partner dates: %+v", p)
	}

	rs := byCode(t, r, "RS5568").Cert
	if len(rs.Certifiers) != 1 || rs.Certifiers[0].SIRET != "18750002000073" || rs.Certifiers[0].Name != "CCI FRANCE" {
		t.Errorf("RS5568 certifiers %+v", rs.Certifiers)
	}
	if rs.RegistrationType != "Enregistrement sur demande" || boolText(rs.PartialValidation) != "no" || len(rs.Successors) != 0 {
		t.Errorf("RS5568: type %q partial %s successors %v", rs.RegistrationType, boolText(rs.PartialValidation), rs.Successors)
	}
	// CL and VAE are closed and publish no composition: the open routes' one.
	if rs.Published.JuryComposition != "Le jury est composé de deux membres dont un représentant du monde économique" {
		t.Errorf("RS5568 jury %q", rs.Published.JuryComposition)
	}
	if !strings.HasPrefix(rs.Published.Prerequisites, "- justifie d'un titre ou diplôme de niveau 5,\n- dispose des connaissances de base concernant l'informatique") {
		t.Errorf("RS5568 prerequisites %q", rs.Published.Prerequisites)
	}
}

func TestCSVSampleRegisterFields(t *testing.T) {
	r := scanFile(t, fixture(t, "export-fiches-csv-2024-02-22-sample.zip"), Selection{All: true})
	if r.NoSuccessorFile {
		t.Fatal("the sample has its Ancienne_Nouvelle_Certification file")
	}
	rs := byCode(t, r, "RS6117").Cert
	// Co-certification: two certifiers, INBP also a partner of the fiche.
	if len(rs.Certifiers) != 2 || rs.Certifiers[0] != (domain.FicheCertifier{SIRET: "78466840200018", Name: "CONFEDE. NATIONALE BOULANGERS PATISSIERS"}) ||
		rs.Certifiers[1] != (domain.FicheCertifier{SIRET: "31504294500032", Name: "INSTITUT NATIONAL BOULANGERIE PATISSERIE"}) {
		t.Errorf("RS6117 certifiers %+v", rs.Certifiers)
	}
	inbp := false
	for _, p := range rs.Partners {
		inbp = inbp || p.SIRET == "31504294500032"
	}
	if !inbp {
		t.Error("INBP is also a partner of RS6117")
	}
	if rs.RegistrationType != "Enregistrement sur demande" || boolText(rs.PartialValidation) != "no" || len(rs.Successors) != 0 {
		t.Errorf("RS6117: type %q partial %s successors %v", rs.RegistrationType, boolText(rs.PartialValidation), rs.Successors)
	}
	old := byCode(t, r, "RNCP19468").Cert
	if len(old.Successors) != 1 || old.Successors[0] != "RS6117" || old.PartialValidation != nil {
		t.Errorf("RNCP19468 successors %v partial %s", old.Successors, boolText(old.PartialValidation))
	}
	if c := byCode(t, r, "RNCP509").Cert; c.RegistrationType != "Enregistrement de droit" || len(c.Successors) != 1 || c.Successors[0] != "RNCP38228" {
		t.Errorf("RNCP509 type %q successors %v", c.RegistrationType, c.Successors)
	}
	if c := byCode(t, r, "RNCP4049").Cert; len(c.Successors) != 1 || c.Successors[0] != "RNCP22094" {
		t.Errorf("RNCP4049 successors %v", c.Successors)
	}
	if c := byCode(t, r, "RNCP30271").Cert; len(c.Successors) != 0 {
		t.Errorf("RNCP30271 has no successor: %v", c.Successors)
	}
	if c := byCode(t, r, "RS5000").Cert; boolText(c.PartialValidation) != "no" || len(c.Certifiers) != 1 || c.Certifiers[0].Name != "SIMPLON.CO" {
		t.Errorf("RS5000 partial %s certifiers %+v", boolText(c.PartialValidation), c.Certifiers)
	}
	// The CSV carries no jury, prerequisites nor evaluations.
	if rs.Published != (domain.PublishedParams{}) {
		t.Errorf("CSV published params %+v", rs.Published)
	}
}

func TestKeepLackingKeepsPublishedTexts(t *testing.T) {
	yes := true
	prev := &domain.Certification{Code: "RNCP35419", Successors: []domain.CertCode{"RNCP42147"},
		Published: domain.PublishedParams{JuryComposition: "jury", Prerequisites: "bac"},
		Blocs:     []domain.Bloc{{Code: "RNCP35419BC01", PublishedEvaluation: "Cas pratiques"}}, PartialValidation: &yes}
	c := &domain.Certification{Code: "RNCP35419", Blocs: []domain.Bloc{{Code: "RNCP35419BC01"}}}
	r := &Result{Shape: ShapeCSVDir, NoSuccessorFile: true}
	kept := r.KeepLacking(prev, c)
	if got := strings.Join(kept, ", "); got != "jury composition and prerequisites, evaluation modalities, successor fiches" {
		t.Errorf("kept %s", got)
	}
	if c.Published != prev.Published || c.Blocs[0].PublishedEvaluation != "Cas pratiques" || len(c.Successors) != 1 {
		t.Errorf("not kept: %+v", c)
	}
	// With the successor file, no successor means none.
	c = &domain.Certification{Code: "RNCP35419"}
	r.NoSuccessorFile = false
	r.KeepLacking(prev, c)
	if len(c.Successors) != 0 {
		t.Errorf("successors kept although the export lists none: %v", c.Successors)
	}
	// The XML export carries them all: nothing kept.
	c = &domain.Certification{Code: "RNCP35419"}
	if k := (&Result{Shape: ShapeXML}).KeepLacking(prev, c); k != nil {
		t.Errorf("XML kept %v", k)
	}
}
