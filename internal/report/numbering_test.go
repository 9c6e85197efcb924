package report_test

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/report"
)

func headings(d *report.Document) []string {
	var out []string
	for _, b := range d.Blocks {
		if h, ok := b.(report.Heading); ok {
			out = append(out, h.Text)
		}
	}
	return out
}

// Numbers come from what is printed; references are resolved afterwards.
func TestMarkupNumberingAndReferences(t *testing.T) {
	doc, err := report.ParseMarkup(`## Préambule
Voir [[donnees]], [[cdc]] et le point [[#moyens]].
# Article — Objet
# Article — Engagements {#partenaire}
## Moyens {#moyens}
### Détail
## Données
# Article unique
## Non numéroté
# Article — Données personnelles {#donnees}
::tableau 1,1
A | B
voir [[partenaire]] | x
::fin
# Annexe — Cahier des charges {#cdc}
## Exigences
# Annexe — Périmètre
`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Préambule", "Article 1 — Objet", "Article 2 — Engagements", "2.1 Moyens", "2.1.1 Détail", "2.2 Données",
		"Article unique", "Non numéroté", "Article 3 — Données personnelles", "Annexe 1 — Cahier des charges", "Exigences", "Annexe 2 — Périmètre"}
	if got := headings(doc); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("headings\n got %q\nwant %q", got, want)
	}
	p := doc.Blocks[1].(report.Paragraph)
	if got := p.Runs[0].Text; got != "Voir l'article 3, l'annexe 1 et le point 2.1." {
		t.Errorf("references: %q", got)
	}
	for _, b := range doc.Blocks {
		if tb, ok := b.(report.Table); ok && tb.Rows[0][0] != "voir l'article 2" {
			t.Errorf("reference in a table: %q", tb.Rows[0][0])
		}
	}
	for src, frag := range map[string]string{
		"# Article — A\nvoir [[nulle-part]]":        `line 2 of the generated text ("voir [[nulle-part]]"): [[nulle-part]] refers to no heading`,
		"# Article — A {#a}\n# Article — B {#a}":    "the anchor {#a} is used twice",
		"# Article — A {#Données}":                  "is not a label",
		"## Préambule {#pre}":                       "the anchor {#pre} is on a heading that has no number",
		"# Article — A {#a}\n- voir [[b]] et [[a]]": "[[b]] refers to no heading (labels: a)",
	} {
		_, err := report.ParseMarkup(src)
		if err == nil || !strings.Contains(err.Error(), frag) || domain.KindOf(err) != domain.KindRejected {
			t.Errorf("ParseMarkup(%q) = %v, want an error with %q", src, err, frag)
		}
	}
}

func TestFrenchTypography(t *testing.T) {
	const nn, nb = "\u202f", "\u00a0"
	for in, want := range map[string]string{
		"Objet : la convention ; voir « ici » ! Vraiment ?": "Objet" + nn + ": la convention" + nn + "; voir «" + nn + "ici" + nn + "»" + nn + "! Vraiment" + nn + "?",
		"Objet: fin;": "Objet" + nn + ": fin" + nn + ";",
		"«ici»":       "«" + nn + "ici" + nn + "»",
		"n° 12, 35 h, 60 %, 30 jours, 1 200,00 € et L. 6113-9":  "n°" + nb + "12, 35" + nb + "h, 60" + nb + "%, 30" + nb + "jours, 1 200,00" + nb + "€ et L." + nb + "6113-9",
		"à 10:30, https://www.example.fr/a?b=1;c:d et x@y.fr":   "à 10:30, https://www.example.fr/a?b=1;c:d et x@y.fr",
		"voir www.francecompetences.fr/recherche/rs/5568/ : ok": "voir www.francecompetences.fr/recherche/rs/5568/" + nn + ": ok",
		"Quoi ?!":               "Quoi" + nn + "?!",
		"**gras**: suite":       "**gras**" + nn + ": suite",
		"::fiche et a::b":       "::fiche et a::b",
		"35 heures et 2 hommes": "35" + nb + "heures et 2 hommes",
	} {
		got := report.French(in)
		if got != want {
			t.Errorf("French(%q)\n got %q\nwant %q", in, got, want)
		}
		if again := report.French(got); again != got {
			t.Errorf("French is not idempotent on %q: %q", got, again)
		}
	}
	// Applied to the whole document: template text and values alike.
	in := input()
	in.Partner.Name = "Forma: Pro « Lyon »"
	doc, _, err := defaultTemplate(t).Build(in)
	if err != nil {
		t.Fatal(err)
	}
	text := allText(doc)
	for _, want := range []string{"Forma" + nn + ": Pro «" + nn + "Lyon" + nn + "»", "Entre les soussignés" + nn + ":", "n°" + nb + "CONV-2025-0001", "150,00" + nb + "€",
		"https://www.francecompetences.fr/recherche/rncp/35419/"} {
		if !strings.Contains(text, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
	if strings.Contains(text, " :") || strings.Contains(text, " ;") || strings.Contains(text, "« ") {
		t.Error("a plain space is left before a colon or semicolon, or after «")
	}
}

// The watermark follows the status; the certifier's reference is printed
// beside habil's number.
func TestDefaultTemplateStatusAndReference(t *testing.T) {
	tmpl := defaultTemplate(t)
	for _, c := range []struct {
		status   domain.ConventionStatus
		signedOn string
		want     string
	}{
		{domain.ConventionDraft, "", "PROJET"},
		{domain.ConventionSent, "", "PROJET"},
		{domain.ConventionSigned, "2025-01-20", ""},
		{domain.ConventionEnded, "2025-01-20", "ÉCHUE"},
		{domain.ConventionTerminated, "2025-01-20", "RÉSILIÉE"},
		{domain.ConventionTerminated, "", "ABANDONNÉE"},
	} {
		in := input()
		in.Convention.Status = c.status
		if c.signedOn != "" {
			in.Convention.SignedOn = date(c.signedOn)
		}
		doc, _, err := tmpl.Build(in)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Watermark != c.want {
			t.Errorf("%s (signed %q): watermark %q, want %q", c.status, c.signedOn, doc.Watermark, c.want)
		}
	}
	in := input()
	in.Convention.Reference = "ABC-12"
	doc, _, err := tmpl.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	for what, s := range map[string]string{"subtitle": doc.Subtitle, "header": doc.HeaderText} {
		if !strings.Contains(plain(s), "n° CONV-2025-0001 (référence du certificateur : ABC-12)") {
			t.Errorf("%s %q lacks the reference", what, s)
		}
	}
	doc, _, _ = tmpl.Build(input())
	if strings.Contains(doc.HeaderText+doc.Subtitle, "référence du certificateur") {
		t.Error("a reference is printed although none is recorded")
	}
}

// The certifier's parameters are printed in the cahier des charges when
// recorded, French style; else they are said to be set by the certifier.
func TestDefaultTemplateParams(t *testing.T) {
	tmpl := defaultTemplate(t)
	row := func(doc *report.Document, key string) string {
		for _, b := range doc.Blocks {
			if tb, ok := b.(report.Table); ok {
				for _, r := range tb.Rows {
					if r[0] == key {
						return plain(r[1])
					}
				}
			}
		}
		return ""
	}
	doc, _, err := tmpl.Build(input())
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"Durée minimale de formation":                  "fixée par le certificateur et communiquée au partenaire",
		"Nombre maximal de stagiaires par formateur":   "fixé par le certificateur et communiqué au partenaire",
		"Modalités d'évaluation du bloc RNCP35419BC01": "fixées par le référentiel d'évaluation et communiquées au partenaire",
		"Composition du jury":                          "fixée par le certificateur et communiquée au partenaire",
	} {
		if got := row(doc, key); got != want {
			t.Errorf("%s: %q, want %q", key, got, want)
		}
	}
	n := func(v int) *int { return &v }
	in := input()
	in.Certification.Params = domain.CertificationParams{MinTrainingHours: n(400), InternshipMinHours: n(70), InternshipMaxHours: n(280),
		MinInPersonPct: n(60), MaxTraineesPerTrainer: n(12), Prerequisites: "Niveau baccalauréat", JuryComposition: "Trois professionnels du secteur"}
	in.Certification.Blocs[0].Evaluation = "Étude de cas et entretien"
	doc, _, err = tmpl.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"Durée minimale de formation":                 "400 h",
		"Durée minimale de stage":                     "70 h",
		"Durée maximale de stage":                     "280 h",
		"Part minimale de la formation en présentiel": "60 %",
		"Nombre maximal de stagiaires par formateur":  "12",
		"Prérequis": "Niveau baccalauréat",
		"Modalités d'évaluation du bloc RNCP35419BC01": "Étude de cas et entretien",
		"Composition du jury":                          "Trois professionnels du secteur",
	} {
		if got := row(doc, key); got != want {
			t.Errorf("%s: %q, want %q", key, got, want)
		}
	}
	if text := plain(allText(doc)); !strings.Contains(text, "respecter la durée minimale de formation (400 h)") || !strings.Contains(text, "(part minimale : 60 %)") {
		t.Error("the partner's duties do not quote the recorded values")
	}
	// Assess-only: the training requirements are not the partner's.
	in.Convention.Versions[0].Scope = domain.ScopeAssess
	doc, _, _ = tmpl.Build(in)
	if row(doc, "Durée minimale de formation") != "" || row(doc, "Composition du jury") == "" {
		t.Error("an assess-only convention lists the training requirements, or lacks the jury")
	}
}

// The switches a template uses for scope-specific text.
func TestConventionDataSwitches(t *testing.T) {
	in := input()
	in.Convention.Reference = " ABC-12 "
	in.Convention.Status = domain.ConventionSent
	in.Certification.Access = append(in.Certification.Access, domain.AccessCA)
	in.Convention.Versions[0].Access = []domain.Access{domain.AccessCA, domain.AccessFC}
	d, _ := report.NewConventionData(in)
	if !d.Scope.CA || d.Scope.VAE || d.Certification.IsRS || d.Certification.ByScore || d.Convention.StatusCode != "sent" || d.Convention.Reference != "ABC-12" {
		t.Errorf("switches: scope %+v, certification IsRS %v ByScore %v, status %q, reference %q", d.Scope, d.Certification.IsRS, d.Certification.ByScore, d.Convention.StatusCode, d.Convention.Reference)
	}
	// A fee per exam recorded on a train-only convention (before the rule) is not printed, with a warning.
	in = input()
	in.Convention.Versions[0].Scope = domain.ScopeTrain
	in.Convention.Versions[0].Fees = domain.Fees{PerExam: 8000}
	in.Certification = &domain.Certification{Code: "RS5568", Title: "Piloter", Params: domain.CertificationParams{Award: domain.AwardScore}}
	d, warns := report.NewConventionData(in)
	if d.Fees.PerExam != "" || d.Fees.Any || !strings.Contains(strings.Join(warns, "\n"), "the fee per exam is not printed") {
		t.Errorf("fee per exam on a train-only convention: %+v %v", d.Fees, warns)
	}
	if !d.Certification.IsRS || !d.Certification.ByScore || !d.Scope.VAE {
		t.Errorf("RS by score: %+v", d.Certification)
	}
	if report.Hours(35) != "35\u00a0h" || report.Percent(60) != "60\u00a0%" {
		t.Errorf("%q %q", report.Hours(35), report.Percent(60))
	}
}

// A train-only convention that names no route covers every open route but
// the free-candidate one (a free candidate is not trained); several lines
// of a France Compétences text become clauses.
func TestConventionDataTrainOnlyRoutesAndMultilineTexts(t *testing.T) {
	in := input()
	in.Certification.Access = []domain.Access{domain.AccessFC, domain.AccessCL, domain.AccessVAE}
	in.Convention.Versions[0].Scope = domain.ScopeTrain
	in.Convention.Versions[0].Access = nil
	in.Convention.Versions[0].Fees = domain.Fees{}
	in.Certification.Params.JuryComposition = "FI, CA, FC : trois professionnels.\nVAE : deux professionnels et un formateur."
	d, _ := report.NewConventionData(in)
	var covered []string
	for _, a := range d.Scope.Access {
		covered = append(covered, a.Code)
	}
	if strings.Join(covered, ",") != "FC,VAE" {
		t.Errorf("train-only, no route named: covers %v, want FC,VAE (never CL)", covered)
	}
	for _, a := range d.Certification.Access {
		if a.Code == "CL" && a.Covered {
			t.Error("the annex marks CL as covered by a train-only convention")
		}
	}
	if got := d.Certification.Params.JuryComposition; got != "FI, CA, FC : trois professionnels ; VAE : deux professionnels et un formateur" {
		t.Errorf("jury composition = %q", got)
	}
	// Assessing covers CL when no route is named.
	in.Convention.Versions[0].Scope = domain.ScopeBoth
	d, _ = report.NewConventionData(in)
	if len(d.Scope.Access) != 3 {
		t.Errorf("both, no route named: covers %+v, want every open route", d.Scope.Access)
	}
}
