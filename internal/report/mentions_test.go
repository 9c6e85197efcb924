package report_test

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/report"
)

// withBlocks appends to a test template a short definition and a print of
// every mandatory block, so that it passes the mention check.
func withBlocks(src string) string {
	var b strings.Builder
	b.WriteString(src)
	b.WriteString("\n")
	for _, m := range report.MandatoryMentions {
		fmt.Fprintf(&b, "{{define %q}}Mention %s.{{end}}\n{{template %q .}}\n\n", m.Name, m.Article, m.Name)
	}
	return b.String()
}

// plain is the text with its no-break spaces as plain spaces, for phrase
// assertions.
func plain(s string) string {
	return strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(s)
}

// scopeCase is one combination of what a convention covers.
type scopeCase struct {
	scope   domain.Scope
	rs      bool
	route   domain.Access // "", CA or VAE
	fees    bool
	byScore bool
}

func (c scopeCase) String() string {
	reg := "RNCP"
	if c.rs {
		reg = "RS"
	}
	route := string(c.route)
	if route == "" {
		route = "FC"
	}
	return fmt.Sprintf("%s/%s/%s/fees=%v/score=%v", c.scope, reg, route, c.fees, c.byScore)
}

func (c scopeCase) input() report.ConventionInput {
	in := input()
	cert := *in.Certification
	if c.rs {
		cert = domain.Certification{Code: "RS5568", Title: "Piloter un projet numérique", EndDate: date("2027-06-30")}
	}
	cert.Access = []domain.Access{domain.AccessFC, domain.AccessCA, domain.AccessVAE}
	if c.byScore {
		cert.Params.Award = domain.AwardScore
	}
	in.Certification = &cert
	conv := *in.Convention
	conv.Certification = cert.Code
	v := domain.ConventionTerms{Version: 1, Date: date("2025-01-10"), Scope: c.scope, From: date("2025-02-01"), To: date("2026-12-31"),
		Access: []domain.Access{domain.AccessFC}}
	if !c.rs {
		v.Blocs = []string{"RNCP35419BC01"}
	}
	if c.route != "" {
		v.Access = append(v.Access, c.route)
	}
	if c.fees {
		v.Fees = domain.Fees{PerCandidate: 15000, FlatYearly: 120000}
		if c.scope.Assesses() {
			v.Fees.PerExam = 9900
		}
	}
	conv.Versions = []domain.ConventionTerms{v}
	in.Convention = &conv
	return in
}

func allCases() []scopeCase {
	var out []scopeCase
	for _, s := range []domain.Scope{domain.ScopeTrain, domain.ScopeAssess, domain.ScopeBoth} {
		for _, rs := range []bool{false, true} {
			for _, route := range []domain.Access{"", domain.AccessCA, domain.AccessVAE} {
				for _, fees := range []bool{false, true} {
					for _, score := range []bool{false, true} {
						out = append(out, scopeCase{s, rs, route, fees, score})
					}
				}
			}
		}
	}
	return out
}

// requirement is what the law makes a convention of a given scope say:
// key phrases of a mandatory mention (or of a rule of issue 8) that must be
// in the text when it applies, and phrases that must not be.
type requirement struct {
	what    string
	applies func(c scopeCase) bool
	want    []string
	never   []string // when it applies
}

func always(scopeCase) bool { return true }

var requirements = []requirement{
	{"base-legale R6113-16 / R6113-16-1 2°", always, []string{"R. 6113-16 et R. 6113-16-1 (2°)", "convention d'habilitation"}, []string{"L. 6113-1 et suivants"}},
	{"organisme certificateur (L6113-2)", always, []string{"organisme certificateur, au sens de l'article L. 6113-2"}, []string{"est titulaire de la certification", "certification de la certification"}},
	{"parties R6113-16-2 1°", always, []string{"Entre les soussignés", "SIRET de l'établissement habilité"}, nil},
	{"perimetre R6113-16-2 2°", always, []string{"L'habilitation porte sur", "Voies d'accès"}, nil},
	{"missions R6113-16-2 3°", always, []string{"Missions confiées au partenaire"}, nil},
	{"missions: prepares", func(c scopeCase) bool { return c.scope.Trains() }, []string{"préparation des candidats à la certification : oui"}, nil},
	{"missions: does not prepare", func(c scopeCase) bool { return !c.scope.Trains() }, []string{"préparation des candidats à la certification : non"}, nil},
	{"missions: assesses", func(c scopeCase) bool { return c.scope.Assesses() }, []string{"organisation de l'évaluation : oui"}, nil},
	{"missions: does not assess", func(c scopeCase) bool { return !c.scope.Assesses() }, []string{"organisation de l'évaluation : non"}, nil},
	{"duree R6113-16-2 4°", always, []string{"Sa durée ne peut excéder celle de l'enregistrement de la certification"}, nil},
	{"sous-traitance R6113-16-2 5°", always, []string{"accord écrit préalable du certificateur", "L. 6323-9-2", "mêmes obligations que le partenaire", "seul responsable"}, nil},
	{"moyens R6113-16-2 6°", always, []string{"moyens techniques :", "moyens pédagogiques :", "moyens d'encadrement :"}, nil},
	{"apprentissage R6113-16-2 7°", func(c scopeCase) bool { return c.route == domain.AccessCA && c.scope.Trains() }, []string{"L. 6232-1", "gestion administrative de la formation par apprentissage"}, nil},
	{"no CFA clause without the apprenticeship route, or for a partner that does not train", func(c scopeCase) bool { return c.route != domain.AccessCA || !c.scope.Trains() }, nil, []string{"L. 6232-1"}},
	{"VAE support", func(c scopeCase) bool { return c.route == domain.AccessVAE }, []string{"ccompagnement des candidats à la VAE"}, nil},
	{"no VAE clause without the VAE route", func(c scopeCase) bool { return c.route != domain.AccessVAE }, nil, []string{"ccompagnement des candidats à la VAE"}},
	{"obligations-formation R6113-16-3", func(c scopeCase) bool { return c.scope.Trains() }, []string{"R. 6113-16-3", "intitulé exact de la certification",
		"Mon Compte Formation (EDOF)", "documents qu'il transmet aux financeurs", "toutes les compétences du référentiel", "durée minimale de formation",
		"durées minimale et maximale de stage", "formation en présentiel", "nombre maximal de stagiaires par formateur"}, nil},
	{"assess-only says nothing of EDOF offers", func(c scopeCase) bool { return !c.scope.Trains() }, nil, []string{"EDOF", "R. 6113-16-3", "offres publiées"}},
	{"obligations-evaluation R6113-16-4", func(c scopeCase) bool { return c.scope.Assesses() }, []string{"R. 6113-16-4", "dans le respect du référentiel d'évaluation"}, nil},
	{"R6113-16-4 2°: own trainees in its sessions", func(c scopeCase) bool { return c.scope == domain.ScopeBoth }, []string{"inscrire les candidats qu'il a lui-même préparés à une session d'évaluation qu'il organise"}, nil},
	{"train-only has no evaluation duties", func(c scopeCase) bool { return !c.scope.Assesses() }, nil, []string{"R. 6113-16-4", "qu'il a lui-même préparés"}},
	{"declaration-changements R6113-16-5", always, []string{"permet au certificateur de déclarer à France compétences, dans le délai de deux mois prévu à l'article R. 6113-16-5", "C'est le certificateur qui procède à ces déclarations"}, nil},
	{"suspension-resiliation R6113-16-6", always, []string{"R. 6113-16-6", "suspendre l'habilitation à titre conservatoire", "résilier la présente convention d'habilitation",
		"les motifs de la résiliation envisagée", "présenter ses observations"}, []string{"retire le partenaire", "qui retire"}},
	{"controles R6113-16-8", always, []string{"R. 6113-16-8", "support papier ou électronique"}, nil},
	{"candidats-engages L6113-9", always, []string{"L. 6113-9", "date limite de délivrance", "Le certificateur organise leur évaluation"}, nil},
	{"donnees-personnelles RGPD art. 28(3)", always, []string{"article 28 du RGPD", "instruction documentée", "tenues à la confidentialité", "mesures de sécurité",
		"ne recourir à un autre sous-traitant qu'avec l'autorisation écrite préalable", "droits des personnes concernées", "toute violation de données",
		"supprimer ces données ou les lui renvoyer", "audits"}, nil},
	{"habilitation incessible", always, []string{"Elle est incessible", "autre SIRET"}, nil},
	{"a named court", always, []string{"tribunal judiciaire dans le ressort duquel le certificateur a son siège"}, []string{"juridictions compétentes"}},
	{"jury wording", func(c scopeCase) bool { return !c.byScore }, []string{"après délibération du jury"}, nil},
	{"no jury for a certification obtained by a score", func(c scopeCase) bool { return c.byScore }, []string{"au vu du score obtenu"}, []string{"jury", "Jury"}},
	{"RS: a certification, not a certification professionnelle", func(c scopeCase) bool { return c.rs }, []string{"la certification RS5568 « Piloter un projet numérique »", "répertoire spécifique"},
		[]string{"certification professionnelle RS", "Répertoire national"}},
	{"RNCP: certification professionnelle", func(c scopeCase) bool { return !c.rs }, []string{"certification professionnelle RNCP35419"}, nil},
	{"no fees", func(c scopeCase) bool { return !c.fees }, []string{"sans redevance"}, []string{"Barème", "Pénalités", "pénalités", "facturée", "annexe 3"}},
	{"fees", func(c scopeCase) bool { return c.fees }, []string{"Annexe 3 — Barème des redevances", "Pénalités de retard et indemnité forfaitaire de recouvrement : voir l'article", "pénalités calculées",
		"La redevance forfaitaire est facturée au début de chaque année"}, nil},
	{"a fee per exam only when assessing", func(c scopeCase) bool { return c.fees && c.scope.Assesses() }, []string{"frais d'examen de 99,00 €"}, nil},
	{"no exam fee on a train-only convention", func(c scopeCase) bool { return !c.scope.Assesses() }, nil, []string{"frais d'examen", "Par session d'évaluation organisée"}},
}

// problems lists what a template's text misses, for every scope
// combination; "" when it says all it must.
func problems(t *testing.T, tmpl *report.ConventionTemplate) []string {
	t.Helper()
	var out []string
	for _, c := range allCases() {
		doc, _, err := tmpl.Build(c.input())
		if err != nil {
			out = append(out, fmt.Sprintf("%s: %v", c, err))
			continue
		}
		text := plain(allText(doc))
		for _, r := range requirements {
			if !r.applies(c) {
				continue
			}
			for _, w := range r.want {
				if !strings.Contains(text, w) {
					out = append(out, fmt.Sprintf("%s: %s: missing %q", c, r.what, w))
				}
			}
			for _, n := range r.never {
				if strings.Contains(text, n) {
					out = append(out, fmt.Sprintf("%s: %s: has %q", c, r.what, n))
				}
			}
		}
		out = append(out, layoutProblems(c, doc)...)
	}
	return out
}

var (
	reArticle = regexp.MustCompile(`^Article (\d+) — `)
	reAnnex   = regexp.MustCompile(`^Annexe (\d+) — `)
	reSub     = regexp.MustCompile(`^(\d+)\.(\d+) `)
)

// layoutProblems checks the numbering (no gap, no "5.1 then 5.3") and the
// lists (none ends on ";").
func layoutProblems(c scopeCase, doc *report.Document) []string {
	var out []string
	art, annex, sub := 0, 0, 0
	for _, b := range doc.Blocks {
		switch x := b.(type) {
		case report.Heading:
			if m := reArticle.FindStringSubmatch(x.Text); m != nil {
				art++
				sub = 0
				if m[1] != strconv.Itoa(art) {
					out = append(out, fmt.Sprintf("%s: %q follows article %d", c, x.Text, art-1))
				}
			}
			if m := reAnnex.FindStringSubmatch(x.Text); m != nil {
				annex++
				if m[1] != strconv.Itoa(annex) {
					out = append(out, fmt.Sprintf("%s: %q follows annex %d", c, x.Text, annex-1))
				}
			}
			if m := reSub.FindStringSubmatch(x.Text); m != nil {
				sub++
				if m[1] != strconv.Itoa(art) || m[2] != strconv.Itoa(sub) {
					out = append(out, fmt.Sprintf("%s: %q in article %d after %d.%d", c, x.Text, art, art, sub-1))
				}
			}
			if strings.Contains(x.Text, "[[") || strings.Contains(x.Text, "{#") {
				out = append(out, fmt.Sprintf("%s: unresolved %q", c, x.Text))
			}
		case report.List:
			last := x.Items[len(x.Items)-1]
			text := strings.TrimSpace(last[len(last)-1].Text)
			if strings.HasSuffix(text, ";") {
				out = append(out, fmt.Sprintf("%s: a list ends on %q", c, text))
			}
		}
	}
	if art < 10 {
		out = append(out, fmt.Sprintf("%s: only %d articles numbered", c, art))
	}
	return out
}

// Every scope combination (train, assess, both × RNCP/RS × CA/VAE/none ×
// fees/no fees × jury/score) says every mention the decree requires of it.
func TestDefaultTemplateMandatoryMentions(t *testing.T) {
	for _, p := range problems(t, defaultTemplate(t)) {
		t.Error(p)
	}
}

// The check above fails when a sentence is removed from the template:
// proven by removing the two-month declaration and the precautionary
// suspension.
func TestMentionCheckCatchesARemovedSentence(t *testing.T) {
	src := report.DefaultConventionTemplate()
	for _, cut := range []string{
		"Ce délai permet au certificateur de déclarer à France compétences, dans le délai de **deux mois** prévu à l'article R. 6113-16-5 du code du travail, toute modification de l'habilitation (périmètre, suspension, fin). ",
		"- suspendre l'habilitation **à titre conservatoire**, avec effet immédiat, par décision écrite notifiée au partenaire ;\n",
	} {
		if !strings.Contains(src, cut) {
			t.Fatalf("the template no longer has %q: update this test", cut)
		}
		tmpl, err := report.ParseConventionTemplate("cut.tmpl", strings.Replace(src, cut, "", 1))
		if err != nil {
			t.Fatal(err)
		}
		if len(problems(t, tmpl)) == 0 {
			t.Errorf("removing %q goes unnoticed", cut)
		}
	}
}

// A custom template must define and print every mandatory block: refused
// before anything is built, naming the block and its legal basis.
func TestTemplateMentionMissing(t *testing.T) {
	full := withBlocks("::titre Convention\n")
	if _, err := report.ParseConventionTemplate("full.tmpl", full); err != nil {
		t.Fatalf("a template with every block is refused: %v", err)
	}
	missing := strings.Replace(full, `{{define "sous-traitance"}}Mention R6113-16-2 5°.{{end}}`, "", 1)
	wantTemplateErr(t, missing, "TEMPLATE_MENTION_MISSING", `mine.tmpl does not define the mandatory block "sous-traitance" (R6113-16-2 5°)`)
	unprinted := strings.Replace(full, `{{template "controles" .}}`, "", 1)
	wantTemplateErr(t, unprinted, "TEMPLATE_MENTION_MISSING", `never prints the block "controles" (R6113-16-8)`)
	empty := strings.Replace(full, `{{define "moyens"}}Mention R6113-16-2 6°.{{end}}`, `{{define "moyens"}}  {{end}}`, 1)
	wantTemplateErr(t, empty, "TEMPLATE_MENTION_MISSING", `leaves the block "moyens" (R6113-16-2 6°) empty`)
	// Printed only in a branch (a scope-specific block) or from another block: fine.
	cond := strings.Replace(full, `{{template "apprentissage" .}}`, `{{if .Scope.CA}}{{template "apprentissage" .}}{{end}}`, 1)
	nested := strings.Replace(cond, `{{template "duree" .}}`, "", 1)
	nested = strings.Replace(nested, `{{define "missions"}}Mention R6113-16-2 3°.{{end}}`, `{{define "missions"}}Mention.{{template "duree" .}}{{end}}`, 1)
	if _, err := report.ParseConventionTemplate("cond.tmpl", nested); err != nil {
		t.Errorf("blocks printed conditionally or from a block: %v", err)
	}
	// The default template's hint names the way out.
	_, err := report.ParseConventionTemplate("x.tmpl", "::titre X\n")
	var de *domain.Error
	if !errors.As(err, &de) || !strings.Contains(de.Hint, "habil convention text --out FILE") {
		t.Errorf("hint: %v", err)
	}
	for _, m := range report.MandatoryMentions {
		if !strings.Contains(err.Error(), fmt.Sprintf("%q (%s)", m.Name, m.Article)) {
			t.Errorf("%s is not named in %v", m.Name, err)
		}
	}
}
