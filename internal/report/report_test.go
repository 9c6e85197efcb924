package report_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/report"
)

func date(s string) domain.Date { return domain.MustDate(s) }

func input() report.ConventionInput {
	cert := &domain.Certification{Code: "RNCP35419", Title: "Développeur web et web mobile", Level: 5, EndDate: date("2027-12-31"),
		Blocs:  []domain.Bloc{{Code: "RNCP35419BC01", Label: "Front-end"}, {Code: "RNCP35419BC02", Label: "Back-end"}},
		Access: []domain.Access{domain.AccessFC, domain.AccessCQ, domain.AccessVAE}}
	p := &domain.Partner{SIRET: "85262016007290", Name: "Formapro Lyon", NDA: "84691234569", Address: "27 quai Saint-Vincent\n69001 Lyon",
		Representative: "Jeanne Martin, gérante", Qualiopi: domain.Qualiopi{ValidUntil: date("2027-06-30")}}
	c := &domain.Convention{ID: 1, Number: "CONV-2025-0001", PartnerSIRET: p.SIRET, Certification: cert.Code, Status: domain.ConventionDraft,
		CreatedOn: date("2025-01-10"), Versions: []domain.ConventionTerms{{Version: 1, Date: date("2025-01-10"), Scope: domain.ScopeBoth,
			Blocs: []string{"RNCP35419BC01"}, Access: []domain.Access{domain.AccessFC, domain.AccessVAE}, From: date("2025-02-01"), To: date("2026-12-31"),
			Fees: domain.Fees{PerCandidate: 15000}}}}
	return report.ConventionInput{Certifier: domain.Certifier{Name: "Académie", SIRET: "73282932000074", Address: "Paris", Signatory: "Marie Dupont"},
		Partner: p, Certification: cert, Convention: c, EditedOn: date("2025-01-10")}
}

func defaultTemplate(t *testing.T) *report.ConventionTemplate {
	t.Helper()
	tmpl, err := report.ParseConventionTemplate("convention.tmpl", report.DefaultConventionTemplate())
	if err != nil {
		t.Fatalf("the default template does not parse: %v", err)
	}
	return tmpl
}

// allText flattens a document's text for assertions.
func allText(d *report.Document) string { return strings.Join(d.Texts(), "\n") }

func TestConventionData(t *testing.T) {
	d, warns := report.NewConventionData(input())
	if len(warns) != 0 {
		t.Errorf("warnings %v", warns)
	}
	checks := map[string]string{
		"Partner.SIRET":       d.Partner.SIRET,
		"Partner.NDAText":     d.Partner.NDAText,
		"Partner.Address":     d.Partner.Address,
		"Convention.From":     d.Convention.From,
		"Certification.URL":   d.Certification.URL,
		"Scope.AccessText":    d.Scope.AccessText,
		"Fees.PerCandidate":   d.Fees.PerCandidate,
		"Certifier.NDAText":   d.Certifier.NDAText,
		"Certification.Level": d.Certification.LevelText,
	}
	want := map[string]string{
		"Partner.SIRET":       "852 620 160 07290",
		"Partner.NDAText":     "Déclaration d'activité enregistrée sous le numéro 84691234569 auprès du préfet de région",
		"Partner.Address":     "27 quai Saint-Vincent, 69001 Lyon",
		"Convention.From":     "1er février 2025",
		"Certification.URL":   "https://www.francecompetences.fr/recherche/rncp/35419/",
		"Scope.AccessText":    "formation continue et validation des acquis de l'expérience (VAE)",
		"Fees.PerCandidate":   "150,00\u00a0€",
		"Certifier.NDAText":   "",
		"Certification.Level": "niveau 5 du cadre national des certifications professionnelles",
	}
	for k, v := range want {
		if checks[k] != v {
			t.Errorf("%s = %q, want %q", k, checks[k], v)
		}
	}
	if len(d.Scope.Blocs) != 1 || d.Scope.Blocs[0].Label != "Front-end" || len(d.Certification.Blocs) != 2 || d.Certification.Blocs[1].Yes != "non" {
		t.Errorf("blocs: scope %+v, certification %+v", d.Scope.Blocs, d.Certification.Blocs)
	}
	if len(d.Certification.Access) != 3 || d.Certification.Access[1].Code != "CQ" || d.Certification.Access[1].Covered {
		t.Errorf("access: %+v", d.Certification.Access)
	}
	if d.Fees.PerExam != "" || !d.Fees.Any || d.Scope.Code != "HABILITATION_ORGA_FORM" {
		t.Errorf("fees/scope: %+v %+v", d.Fees, d.Scope)
	}
}

func TestConventionDataBlanksAndWarnings(t *testing.T) {
	in := input()
	in.Partner.Address, in.Partner.Representative, in.Partner.NDA = "", "", ""
	in.Certifier.Signatory = ""
	in.Convention.Versions[0].Blocs = nil // whole certification
	in.Convention.Versions[0].Access = nil
	d, warns := report.NewConventionData(in)
	if d.Partner.Address != report.Blank || d.Partner.Representative != report.Blank || d.Certifier.Signatory != report.Blank {
		t.Errorf("missing identity fields are not blanks: %+v", d.Partner)
	}
	joined := strings.Join(warns, "\n")
	for _, w := range []string{"the partner's address is not recorded", "the partner's legal representative", "NDA", "the certifier's signatory (habil init --signatory)"} {
		if !strings.Contains(joined, w) {
			t.Errorf("no warning about %q in %q", w, joined)
		}
	}
	if !d.Scope.Whole || len(d.Scope.Blocs) != 2 || d.Scope.AccessText != "formation continue, contrat de professionnalisation et validation des acquis de l'expérience (VAE)" {
		t.Errorf("whole certification: %+v", d.Scope)
	}
}

func TestDefaultTemplateVariants(t *testing.T) {
	tmpl := defaultTemplate(t)
	// Habilitated to train only, no fee, an RS certification without blocs.
	in := input()
	in.Certification = &domain.Certification{Code: "RS5568", Title: "Piloter un projet numérique", EndDate: date("2027-06-30")}
	in.Convention.Certification = "RS5568"
	in.Convention.Versions[0] = domain.ConventionTerms{Version: 1, Date: date("2025-01-10"), Scope: domain.ScopeTrain, From: date("2025-02-01"), To: date("2025-12-31")}
	doc, _, err := tmpl.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	text := plain(allText(doc))
	for _, want := range []string{
		// Issue 8: was "à préparer les candidats à la certification de la certification RS5568".
		"habilite le partenaire à préparer les candidats à la certification RS5568 « Piloter un projet numérique », ainsi que",
		"L'habilitation est consentie sans redevance",
		"sans objet, la certification ne comporte pas de blocs de compétences",
		"https://www.francecompetences.fr/recherche/rs/5568/",
		"Article 1 — Objet et missions",
		"6.2 Préparation des candidats",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("train-only RS convention lacks %q", want)
		}
	}
	// No fee: no annex 3 (issue 8: it pointed to penalties in an article that had none).
	for _, absent := range []string{"Organisation de l'évaluation", "niveau", "Répertoire national", "Blocs de compétences couverts", "avenant n°", "Annexe 3", "Aucune redevance"} {
		if strings.Contains(text, absent) {
			t.Errorf("train-only RS convention has %q", absent)
		}
	}
	// Habilitated to assess, with an avenant and a renewal.
	in = input()
	in.Convention.RenewsNumber = "CONV-2023-0004"
	v2 := in.Convention.Versions[0]
	v2.Version, v2.Date, v2.Reason, v2.Scope = 2, date("2025-06-01"), "ajout des frais d'examen", domain.ScopeAssess
	v2.Fees.PerExam = 9900
	in.Convention.Versions = append(in.Convention.Versions, v2)
	doc, _, err = tmpl.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	text = plain(allText(doc))
	for _, want := range []string{"6.2 Organisation de l'évaluation", "avenant n° 1 du 1er juin 2025 : ajout des frais d'examen",
		"renouvelle la convention n° CONV-2023-0004", "**99,00 €**", "Convention d'habilitation n° CONV-2025-0001 du 10 janvier 2025 — version consolidée (avenant n° 1 du 1er juin 2025)"} {
		if !strings.Contains(text, want) && !strings.Contains(text, strings.ReplaceAll(want, "**", "")) {
			t.Errorf("assess convention with an avenant lacks %q", want)
		}
	}
	if strings.Contains(text, "Préparation des candidats") {
		t.Error("an assess-only convention has the training duties")
	}
	if doc.HeaderText == "" || doc.Title != "Convention d'habilitation" || doc.FooterText == "" {
		t.Errorf("title/header/footer: %q %q %q", doc.Title, doc.HeaderText, doc.FooterText)
	}
}

// Every field of the template data is documented at the top of the default
// template, so that a certifier editing it knows what exists.
func TestTemplateDocumentsEveryField(t *testing.T) {
	doc := report.DefaultConventionTemplate()
	head := doc[:strings.Index(doc, "*/")]
	var walk func(typ reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			if !strings.Contains(head, "."+f.Name) {
				t.Errorf("field %s.%s is not documented in the template's comment", path, f.Name)
			}
			ft := f.Type
			if ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				walk(ft, path+"."+f.Name)
			}
		}
	}
	walk(reflect.TypeOf(report.ConventionData{}), "")
}

func wantTemplateErr(t *testing.T, src, code string, fragments ...string) {
	t.Helper()
	_, err := report.ParseConventionTemplate("mine.tmpl", src)
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("template %q: got %v, want a %s error", src, err, code)
	}
	if de.Code != code || de.Kind != domain.KindRejected {
		t.Errorf("template %q: code %s kind %d (%v), want %s rejected", src, de.Code, de.Kind, err, code)
	}
	for _, f := range fragments {
		if !strings.Contains(de.Error(), f) {
			t.Errorf("template %q: %q lacks %q", src, de.Error(), f)
		}
	}
}

func TestTemplateStaticFieldCheck(t *testing.T) {
	// Unknown fields are found in every branch, in range and with bodies, through variables.
	wantTemplateErr(t, "ok\n{{if .Fees.Any}}{{.Partner.Nom}}{{end}}", "TEMPLATE_FIELD", "mine.tmpl:2:", ".Partner.Nom", "Partner has: Name, SIRET")
	wantTemplateErr(t, "{{if .Scope.Trains}}{{else}}{{.Scope.Foo}}{{end}}", "TEMPLATE_FIELD", ".Scope.Foo")
	wantTemplateErr(t, "{{range .Scope.Blocs}}{{.Code}} {{.Libelle}}{{end}}", "TEMPLATE_FIELD", ".Libelle", "Bloc has: Code, Label, Covered, Yes")
	wantTemplateErr(t, "{{range $b := .Certification.Access}}{{$b.Nom}}{{end}}", "TEMPLATE_FIELD", "$b.Nom")
	wantTemplateErr(t, "{{with .Partner.Qualiopi}}{{.Until}}{{end}}", "TEMPLATE_FIELD", ".Until")
	wantTemplateErr(t, "{{range .Scope.Blocs}}{{$.Partner.X}}{{end}}", "TEMPLATE_FIELD", "$.Partner.X")
	wantTemplateErr(t, "{{.Partner.Name.First}}", "TEMPLATE_FIELD", "is a string, it has no field First")
	wantTemplateErr(t, "{{define \"x\"}}{{.Bad}}{{end}}{{template \"x\" .Partner}}", "TEMPLATE_FIELD", ".Bad")
	// Syntax errors name the line.
	wantTemplateErr(t, "a\n{{if .Fees.Any}}", "TEMPLATE", "mine.tmpl:2: unexpected EOF")
	wantTemplateErr(t, "{{.Partner.Name | nosuchfunc}}", "TEMPLATE", `function "nosuchfunc" not defined`)
	// Valid constructs pass.
	for _, ok := range []string{
		"{{range $i, $b := .Scope.Blocs}}{{$i}} {{$b.Label}}{{end}}",
		"{{with $q := .Partner.Qualiopi}}{{$q.Text}}{{end}}",
		"{{if and .Scope.Trains (not .Fees.Any)}}x{{end}}{{len .Scope.Blocs}}{{printf \"%s\" .Partner.Name}}",
	} {
		if _, err := report.ParseConventionTemplate("ok.tmpl", withBlocks(ok)); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
}

func TestMarkup(t *testing.T) {
	doc, err := report.ParseMarkup(`::titre Titre
::sous-titre Sous-titre
::entete En-tête
::pied Pied

# Article 1
Une ligne
qui continue **en gras** et fin.

- premier
  suite du premier
- second **gras**
## Sous-titre
::fiche Partie
Nom | A | B
SIRET | 1
::fin
::tableau 20,80
Code | Libellé
X | un | deux
::fin
::signatures
Pour A | Pour B
a1 | b1
| b2
::fin
::saut-de-page
`)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Titre" || doc.Subtitle != "Sous-titre" || doc.HeaderText != "En-tête" || doc.FooterText != "Pied" {
		t.Errorf("document fields: %+v", doc)
	}
	want := []report.Block{
		report.Heading{Level: 1, Text: "Article 1"},
		report.Paragraph{Runs: []report.Run{{Text: "Une ligne qui continue "}, {Text: "en gras", Bold: true}, {Text: " et fin."}}},
		report.List{Items: [][]report.Run{{{Text: "premier"}, {Text: " suite du premier"}}, {{Text: "second "}, {Text: "gras", Bold: true}}}},
		report.Heading{Level: 2, Text: "Sous-titre"},
		report.KeyValues{Title: "Partie", Pairs: []report.KeyValue{{Key: "Nom", Value: "A | B"}, {Key: "SIRET", Value: "1"}}},
		report.Table{Header: []string{"Code", "Libellé"}, Widths: []float64{20, 80}, Rows: [][]string{{"X", "un | deux"}}},
		report.Signatures{Parties: []report.SignatureParty{{Caption: "Pour A", Lines: []string{"a1"}}, {Caption: "Pour B", Lines: []string{"b1", "b2"}}}},
		report.PageBreak{},
	}
	if !reflect.DeepEqual(doc.Blocks, want) {
		t.Errorf("blocks:\n got %#v\nwant %#v", doc.Blocks, want)
	}
	for src, frag := range map[string]string{
		"::tablo 1,2\na|b\n::fin":     "unknown directive ::tablo",
		"::tableau 1,x\na|b\n::fin":   "column widths",
		"::fiche X\na | b":            "::fiche is not closed by ::fin",
		"::fin":                       "::fin closes nothing",
		"#Titre":                      "a heading is",
		"::tableau\n::fin":            "no header line",
		"::fiche A\n::tableau\n::fin": "::fiche opened on line 1 is not closed",
	} {
		_, err := report.ParseMarkup(src)
		if err == nil || !strings.Contains(err.Error(), frag) || domain.KindOf(err) != domain.KindRejected {
			t.Errorf("ParseMarkup(%q) = %v, want an error with %q", src, err, frag)
		}
	}
}

func TestParseRuns(t *testing.T) {
	for in, want := range map[string][]report.Run{
		"a **b** c":   {{Text: "a "}, {Text: "b", Bold: true}, {Text: " c"}},
		"**tout**":    {{Text: "tout", Bold: true}},
		"5 ** 2":      {{Text: "5 ** 2"}},
		"x **y":       {{Text: "x **y"}},
		"**a** **b**": {{Text: "a", Bold: true}, {Text: " "}, {Text: "b", Bold: true}},
	} {
		if got := report.ParseRuns(in); !reflect.DeepEqual(got, want) {
			t.Errorf("ParseRuns(%q) = %#v, want %#v", in, got, want)
		}
	}
}

// ::filigrane sets the document's watermark; the template can print it on
// drafts only.
func TestWatermarkDirective(t *testing.T) {
	src := "::titre Convention\n{{if eq .Convention.Status \"projet\"}}::filigrane PROJET{{end}}\n\n# Article unique\n"
	tmpl, err := report.ParseConventionTemplate("w.tmpl", withBlocks(src))
	if err != nil {
		t.Fatal(err)
	}
	in := input()
	for status, want := range map[domain.ConventionStatus]string{domain.ConventionDraft: "PROJET", domain.ConventionSigned: ""} {
		c := *in.Convention
		c.Status = status
		in.Convention = &c
		doc, _, err := tmpl.Build(in)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Watermark != want {
			t.Errorf("%s: watermark %q, want %q", status, doc.Watermark, want)
		}
	}
}
