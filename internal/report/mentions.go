package report

import (
	"fmt"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/habil-app/habil/internal/domain"
)

// Mention is a mention the law makes mandatory in a convention
// d'habilitation (décret n° 2025-500, Code du travail R6113-16 to
// R6113-16-8). A convention template holds each in a named block,
// {{define "NAME"}}…{{end}}, printed with {{template "NAME" .}}: a custom
// template that lacks one is refused before any file is written.
type Mention struct {
	Name    string // the block's name in the template
	Article string // its legal basis
	French  string // what it says, in French (as in the default template)
	English string // what it says, in English (for messages)
}

// MandatoryMentions is the contract between habil and a convention
// template: every block a template must define and print. A block may
// print nothing for a scope it does not concern (e.g. "apprentissage"
// when the apprenticeship route is not covered).
var MandatoryMentions = []Mention{
	{"base-legale", "R6113-16 et R6113-16-1 2°", "fondement de l'habilitation par convention", "legal basis: a habilitation is granted by a convention"},
	{"parties", "R6113-16-2 1°", "identification des parties", "the parties"},
	{"perimetre", "R6113-16-2 2°", "certification et blocs de compétences couverts", "the certification and blocs covered"},
	{"missions", "R6113-16-2 3°", "missions confiées : préparer, organiser l'évaluation, ou les deux", "the missions: prepare, organise the evaluation, or both"},
	{"duree", "R6113-16-2 4°", "durée, dans la limite de l'enregistrement", "the duration, within the registration"},
	{"sous-traitance", "R6113-16-2 5°", "conditions de recours à la sous-traitance (L. 6323-9-2)", "subcontracting (L6323-9-2 when CPF-funded) and the subcontractors' obligations"},
	{"moyens", "R6113-16-2 6°", "moyens techniques, pédagogiques et d'encadrement", "the technical, teaching and supervision means"},
	{"apprentissage", "R6113-16-2 7°", "gestion administrative de la formation par apprentissage avec un CFA", "apprenticeship: the work with a CFA (L6232-1)"},
	{"obligations-formation", "R6113-16-3", "obligations du partenaire qui prépare à la certification", "the duties of a partner that prepares candidates"},
	{"obligations-evaluation", "R6113-16-4", "obligations du partenaire qui organise l'évaluation", "the duties of a partner that organises the evaluation"},
	{"declaration-changements", "R6113-16-5", "déclaration des changements à France compétences dans les deux mois", "changes declared to France Compétences within two months"},
	{"suspension-resiliation", "R6113-16-6", "suspension à titre conservatoire, puis résiliation après observations", "suspension as a precaution, then termination after hearing the partner"},
	{"controles", "R6113-16-8", "documents fournis pour les contrôles de France compétences", "documents for France Compétences' controls"},
	{"candidats-engages", "L6113-9", "candidats en cours de parcours à la fin de la convention", "candidates already in training when the convention ends"},
	{"donnees-personnelles", "RGPD art. 28", "clauses de sous-traitance des données personnelles", "the GDPR processor clauses"},
}

func isMention(name string) bool {
	for _, m := range MandatoryMentions {
		if m.Name == name {
			return true
		}
	}
	return false
}

// checkMentions refuses a template that does not define, or never prints,
// or leaves empty, a block of MandatoryMentions (every problem in one
// message).
func checkMentions(name string, t *template.Template) error {
	printed := map[string]bool{}
	var walk func(n parse.Node)
	seen := map[string]bool{}
	walk = func(n parse.Node) {
		switch x := n.(type) {
		case *parse.ListNode:
			if x == nil {
				return
			}
			for _, c := range x.Nodes {
				walk(c)
			}
		case *parse.IfNode:
			walk(x.List)
			walk(x.ElseList)
		case *parse.RangeNode:
			walk(x.List)
			walk(x.ElseList)
		case *parse.WithNode:
			walk(x.List)
			walk(x.ElseList)
		case *parse.TemplateNode:
			printed[x.Name] = true
			if !seen[x.Name] {
				seen[x.Name] = true
				if sub := t.Lookup(x.Name); sub != nil && sub.Tree != nil {
					walk(sub.Tree.Root)
				}
			}
		}
	}
	if t.Tree != nil {
		walk(t.Tree.Root)
	}
	var missing, unprinted, empty []string
	for _, m := range MandatoryMentions {
		label := fmt.Sprintf("%q (%s)", m.Name, m.Article)
		sub := t.Lookup(m.Name)
		switch {
		case sub == nil || sub.Tree == nil:
			missing = append(missing, label)
		case !printed[m.Name]:
			unprinted = append(unprinted, label)
		case blank(sub.Tree.Root):
			empty = append(empty, label)
		}
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "does not define the mandatory block "+strings.Join(missing, ", "))
	}
	if len(unprinted) > 0 {
		parts = append(parts, "never prints the block "+strings.Join(unprinted, ", "))
	}
	if len(empty) > 0 {
		parts = append(parts, "leaves the block "+strings.Join(empty, ", ")+" empty")
	}
	if len(parts) == 0 {
		return nil
	}
	return domain.Errorf(domain.KindRejected, "TEMPLATE_MENTION_MISSING", "template %s %s", name, strings.Join(parts, "; ")).
		WithHint(`each mention of the decree is a block, {{define "NAME"}}…{{end}} printed with {{template "NAME" .}}: copy the missing ones from 'habil convention text --out FILE'`)
}

// blank reports whether a template body holds no text and no action.
func blank(l *parse.ListNode) bool {
	if l == nil {
		return true
	}
	for _, n := range l.Nodes {
		if tn, ok := n.(*parse.TextNode); ok && strings.TrimSpace(string(tn.Text)) == "" {
			continue
		}
		return false
	}
	return true
}
