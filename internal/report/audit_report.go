package report

import (
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// AuditReportInput is what the report of one recorded audit prints.
type AuditReportInput struct {
	Certifier domain.Certifier
	Partner   *domain.Partner
	Audit     *domain.Audit
	// Section of each item code (from the checklist; "Autres points" when
	// the checklist no longer has it).
	Sections   map[string]string
	Compliance domain.Compliance // the partner's, at At
	At         domain.Date       // the printing date
	Logo       *Image
}

// AuditReport builds the audit report (A4, French): the audit's identity,
// the results per section, the non-conformities with their severity,
// corrective action, deadline and closure, and the partner's compliance.
func AuditReport(in AuditReportInput) *Document {
	a, p := in.Audit, in.Partner
	d := &Document{
		Title:      "Rapport d'audit du partenaire",
		Subtitle:   fmt.Sprintf("%s — SIRET %s — audit du %s", p.Name, p.SIRET.Formatted(), a.Date.French()),
		HeaderText: fmt.Sprintf("Rapport d'audit n° %d — %s — %s", a.ID, p.Name, a.Date.French()),
		FooterText: fmt.Sprintf("Grille %s — %s", a.ChecklistVersion, in.Certifier.Name),
		Author:     in.Certifier.Name,
		Subject:    fmt.Sprintf("Rapport d'audit %d", a.ID),
		Logo:       in.Logo,
	}
	counts := map[domain.ItemStatus]int{}
	for _, it := range a.Items {
		counts[it.Status]++
	}
	open := a.OpenFindings(in.At)
	d.Blocks = append(d.Blocks, KeyValues{Title: "Audit", Pairs: []KeyValue{
		{"Partenaire", p.Name},
		{"SIRET", p.SIRET.Formatted()},
		{"Date de l'audit", a.Date.French()},
		{"Auditeur", a.Auditor},
		{"Grille d'audit", a.ChecklistVersion},
		{"Fichier enregistré", a.Source},
		{"Résultats", fmt.Sprintf("%d points : %d conformes, %d non conformes, %d sans objet", len(a.Items), counts[domain.ItemCompliant], counts[domain.ItemNonCompliant], counts[domain.ItemNA])},
		{"Non-conformités ouvertes au " + in.At.French(), fmt.Sprint(len(open))},
		{"Statut de conformité du partenaire", in.Compliance.French()},
	}})

	// Results per section, in the order of the audit's items.
	var order []string
	bySection := map[string][]domain.AuditItem{}
	for _, it := range a.Items {
		s := in.Sections[it.Code]
		if s == "" {
			s = "Autres points"
		}
		if _, ok := bySection[s]; !ok {
			order = append(order, s)
		}
		bySection[s] = append(bySection[s], it)
	}
	d.Blocks = append(d.Blocks, Heading{Level: 1, Text: "Résultats par section"})
	for _, s := range order {
		t := Table{Header: []string{"Code", "Point de contrôle", "Statut", "Observations"}, Widths: []float64{1.9, 6, 2, 5}}
		for _, it := range bySection[s] {
			t.Rows = append(t.Rows, []string{it.Code, it.Point, it.Status.French(), it.Observations})
		}
		d.Blocks = append(d.Blocks, Heading{Level: 2, Text: s}, t)
	}

	d.Blocks = append(d.Blocks, Heading{Level: 1, Text: "Non-conformités et actions correctives"})
	f := a.Findings()
	if len(f) == 0 {
		d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: "Aucune non-conformité n'a été relevée."}}})
	} else {
		t := Table{Header: []string{"Code", "Gravité", "Action corrective", "Échéance", "Clôture"}, Widths: []float64{1.9, 1.6, 5.2, 2, 4}}
		for _, it := range f {
			closure := "ouverte"
			if !it.ClosedOn.IsZero() {
				closure = "close le " + it.ClosedOn.French()
				if it.Closure != "" {
					closure += " : " + it.Closure
				}
			} else if it.OverdueAt(in.At) {
				closure = "ouverte, échéance dépassée"
			}
			t.Rows = append(t.Rows, []string{it.Code, it.Severity.French(), it.Action, dateOr(it.Deadline), closure})
		}
		d.Blocks = append(d.Blocks, t, Paragraph{Runs: []Run{{Text: "Une non-conformité majeure non levée à son échéance peut conduire le certificateur à suspendre l'habilitation à titre conservatoire, après avoir invité le partenaire à présenter ses observations, puis à résilier la convention (article R6113-16-6 du code du travail)."}}})
	}
	d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: fmt.Sprintf("Rapport établi le %s.", in.At.French())}}})
	return d
}
