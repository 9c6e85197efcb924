package report

import (
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// AuditChecklistInput is what the audit checklist of one partner prints:
// its identity and situation (pre-filled header) and the control points
// that apply to it.
type AuditChecklistInput struct {
	Certifier domain.Certifier
	Partner   *domain.Partner
	// Version of the checklist (habil-2026.1 or the certifier's file name).
	Version string
	Items   []domain.ChecklistItem
	// Habilitations lines ("RNCP36141 Titre — former et évaluer — blocs
	// BC01, BC02 — voies FI, FC — du … au …"), one per habilitation in force.
	Habilitations []string
	// Conventions lines ("CONV-2026-0001 (signée), du … au …"), in force.
	Conventions []string
	LastAudit   *domain.Audit
	// OpenFindings are the open non-conformities at At, all audits.
	OpenFindings []domain.AuditItem
	Compliance   domain.Compliance
	At           domain.Date // the printing date
	Logo         *Image
}

// AuditChecklist builds the checklist document (A4 landscape, French): a
// pre-filled header, then one table per section with the columns
// Conforme / Non conforme / N/A / Observations and the evidence to
// collect, then the signature block.
func AuditChecklist(in AuditChecklistInput) *Document {
	p := in.Partner
	dash := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return "non renseigné"
		}
		return s
	}
	d := &Document{
		Title:      "Grille d'audit du partenaire",
		Subtitle:   fmt.Sprintf("%s — SIRET %s", p.Name, p.SIRET.Formatted()),
		HeaderText: fmt.Sprintf("Grille d'audit — %s — %s", p.Name, in.At.French()),
		FooterText: fmt.Sprintf("Grille %s — %s", in.Version, dash(in.Certifier.Name)),
		Author:     in.Certifier.Name,
		Subject:    "Grille d'audit " + p.SIRET.String(),
		Page:       PageOptions{Landscape: true},
		Logo:       in.Logo,
	}
	qualiopi := "non renseigné"
	if q := p.Qualiopi; q.Number != "" || !q.ValidUntil.IsZero() {
		qualiopi = strings.TrimSpace(q.Number)
		if q.Body != "" {
			qualiopi += " (" + q.Body + ")"
		}
		if !q.ValidUntil.IsZero() {
			qualiopi += ", valide jusqu'au " + q.ValidUntil.French()
		}
		if len(q.Categories) > 0 {
			qualiopi += " — " + strings.Join(q.Categories, ", ")
		}
		qualiopi = strings.TrimSpace(strings.TrimPrefix(qualiopi, ","))
	}
	id := KeyValues{Title: "Partenaire audité", Pairs: []KeyValue{
		{"Raison sociale", p.Name},
		{"SIRET", p.SIRET.Formatted()},
		{"Déclaration d'activité (NDA)", dash(string(p.NDA))},
		{"Qualiopi", qualiopi},
		{"Adresse", dash(p.Address)},
		{"Représentant", dash(p.Representative)},
		{"Site internet", dash(p.Website)},
		{"Statut du partenaire", p.Status.French()},
	}}
	d.Blocks = append(d.Blocks, id)
	habs := in.Habilitations
	if len(habs) == 0 {
		habs = []string{"aucune habilitation en vigueur"}
	}
	convs := in.Conventions
	if len(convs) == 0 {
		convs = []string{"aucune convention en vigueur"}
	}
	d.Blocks = append(d.Blocks, Heading{Level: 2, Text: "Habilitations en vigueur"}, runList(habs),
		Heading{Level: 2, Text: "Convention d'habilitation en vigueur"}, runList(convs))
	last := "aucun audit enregistré"
	if a := in.LastAudit; a != nil {
		last = fmt.Sprintf("%s, par %s (grille %s)", a.Date.French(), dash(a.Auditor), dash(a.ChecklistVersion))
	}
	situation := KeyValues{Title: "Situation à la date d'impression", Pairs: []KeyValue{
		{"Dernier audit", last},
		{"Non-conformités ouvertes", fmt.Sprint(len(in.OpenFindings))},
		{"Statut de conformité", in.Compliance.French()},
		{"Date d'impression", in.At.French()},
	}}
	d.Blocks = append(d.Blocks, situation)
	if len(in.OpenFindings) > 0 {
		t := Table{Header: []string{"Code", "Point de contrôle", "Gravité", "Action corrective", "Échéance"}, Widths: []float64{1.2, 5, 1.4, 4, 1.6}}
		for _, f := range in.OpenFindings {
			due := dateOr(f.Deadline)
			if !f.Deadline.IsZero() && f.Deadline.Before(in.At) {
				due += " (dépassée)"
			}
			t.Rows = append(t.Rows, []string{f.Code, f.Point, f.Severity.French(), dash(f.Action), due})
		}
		d.Blocks = append(d.Blocks, Heading{Level: 2, Text: "Non-conformités ouvertes"}, t)
	}
	d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: "Pour chaque point, cocher Conforme, Non conforme ou N/A (sans objet) et noter les observations ; les preuves à collecter sont indiquées pour chaque point, avec sa base légale entre crochets. Une non-conformité est qualifiée mineure ou majeure, avec une action corrective et une échéance, lors de la saisie de l'audit ('habil audit template' puis 'habil audit record')."}}})
	var section string
	var t *Table
	flush := func() {
		if t != nil {
			d.Blocks = append(d.Blocks, *t)
		}
	}
	for _, it := range in.Items {
		if it.Section != section || t == nil {
			flush()
			section = it.Section
			d.Blocks = append(d.Blocks, Heading{Level: 1, Text: section})
			t = &Table{Header: []string{"Code", "Point de contrôle", "Preuves à collecter", "Conforme", "Non conforme", "N/A", "Observations"},
				Widths: []float64{1.8, 6.5, 4.2, 2.1, 2.1, 1.1, 4.5}}
		}
		cell := it.Text
		if it.Basis != "" {
			cell += " [" + it.Basis + "]"
		}
		t.Rows = append(t.Rows, []string{it.Code, cell, it.Evidence, "☐", "☐", "☐", ""})
	}
	flush()
	d.Blocks = append(d.Blocks,
		Heading{Level: 1, Text: "Signatures"},
		Paragraph{Runs: []Run{{Text: fmt.Sprintf("Audit réalisé le ____________________ sur la base de la grille %s (%d points de contrôle).", in.Version, len(in.Items))}}},
		Signatures{Parties: []SignatureParty{
			{Caption: "L'auditeur", Lines: []string{"Nom :", "Date :", "Signature :"}},
			{Caption: "Pour le partenaire", Lines: []string{p.Name, "Nom et qualité :", "Signature :"}},
		}})
	return d
}

func runList(lines []string) List {
	l := List{}
	for _, s := range lines {
		l.Items = append(l.Items, []Run{{Text: s}})
	}
	return l
}

func dateOr(d domain.Date) string {
	if d.IsZero() {
		return "—"
	}
	return d.French()
}
