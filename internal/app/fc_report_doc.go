package app

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/report"
)

// cellText formats a report cell for the PDF.
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case int:
		return strconv.Itoa(x)
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case domain.Date:
		if x.IsZero() {
			return ""
		}
		return x.French()
	case domain.Money:
		return x.French()
	}
	return fmt.Sprint(v)
}

// routeTotals are the indicators of every year together, by access route.
func (r *FCReport) routeTotals() []domain.Indicators {
	var in []domain.IndicatorHolder
	for _, h := range r.Holders {
		x := h.IndicatorHolder()
		x.Year = 0
		in = append(in, x)
	}
	return domain.ComputeIndicators(in, r.Rules, domain.ByRoute)
}

// Document is the PDF of the statistics report (landscape A4, French): the
// official columns, the detail with its denominators, bar charts of the
// rates per year and per access route, the figures France Compétences
// publishes beside ours (differences flagged) and the rules applied.
func (r *FCReport) Document() *report.Document { return r.document(r.Sheets()) }

// document is Document over the sheets r.Sheets() built (every holder's
// row and the comparisons: 'report all' builds them once for the workbook
// and the PDF).
func (r *FCReport) document(sheets []FCSheet) *report.Document {
	c := r.Certification
	d := &report.Document{
		Title:      "Statistiques des promotions pour France Compétences",
		Subtitle:   fmt.Sprintf("%s — %s", c.Code, c.Title),
		HeaderText: fmt.Sprintf("%s — statistiques des promotions — état au %s", c.Code, r.At.French()),
		FooterText: r.Certifier.Name,
		Author:     r.Certifier.Name,
		Subject:    fmt.Sprintf("Statistiques %s", c.Code),
		Page:       report.PageOptions{Landscape: true},
	}
	p := func(s string) { d.Blocks = append(d.Blocks, report.Paragraph{Runs: []report.Run{{Text: s}}}) }
	p(fmt.Sprintf("Une promotion réunit les titulaires admis par une décision de jury de l'année civile, toutes voies d'accès confondues. "+
		"Les taux sont des pourcentages entiers arrondis au plus proche (la moitié vers le haut) : en emploi ÷ (répondants − neutralisés). "+
		"Un taux sans dénominateur est laissé vide (—). Enquêtes : vague à 6 mois (réponses de %d à moins de %d mois après le jury), vague à 24 mois (de %d à moins de %d mois).",
		r.windows.W6m.From, r.windows.W6m.To, r.windows.W24m.From, r.windows.W24m.To))
	if len(r.Predecessors) > 0 {
		p(fmt.Sprintf("Renouvellement : les titulaires de %s (fiche précédente) sont comptés avec %s ; le tableau des titulaires nomme la fiche de chacun.",
			strings.Join(Fiches(r.Predecessors), ", "), c.Code))
	}
	d.Blocks = append(d.Blocks, report.Heading{Level: 1, Text: "Règles de neutralisation appliquées"})
	var items [][]report.Run
	for _, s := range r.Rules.Descriptions() {
		items = append(items, []report.Run{{Text: s}})
	}
	d.Blocks = append(d.Blocks, report.List{Items: items})
	if !r.LastSent.IsZero() {
		p(fmt.Sprintf("Dernier envoi des statistiques enregistré : %s.", r.LastSent.French()))
	}
	if !r.Sent.IsZero() {
		p(fmt.Sprintf("Statistiques envoyées à France Compétences le %s.", r.Sent.French()))
	}

	// Charts.
	if len(r.Rows) > 0 {
		var labels []string
		s := []report.BarSeries{{Name: "insertion à 6 mois"}, {Name: "métier visé à 6 mois"}, {Name: "insertion à 24 mois"}, {Name: "métier visé à 24 mois"}}
		for _, in := range r.Rows {
			labels = append(labels, strconv.Itoa(in.Year))
			s[0].Values = append(s[0].Values, in.W6m.InsertionRate)
			s[1].Values = append(s[1].Values, in.W6m.TargetJobRate)
			s[2].Values = append(s[2].Values, in.W24m.InsertionRate)
			s[3].Values = append(s[3].Values, in.W24m.TargetJobRate)
		}
		d.Blocks = append(d.Blocks, report.BarChart{Title: "Taux par promotion (%)", Labels: labels, Series: s})
		var rl []string
		rs := []report.BarSeries{{Name: "insertion à 6 mois"}, {Name: "métier visé à 24 mois"}, {Name: "réponse à 6 mois"}}
		for _, in := range r.routeTotals() {
			rl = append(rl, fmt.Sprintf("%s (%d)", in.Route, in.Certified))
			rs[0].Values = append(rs[0].Values, in.W6m.InsertionRate)
			rs[1].Values = append(rs[1].Values, in.W24m.TargetJobRate)
			rs[2].Values = append(rs[2].Values, in.W6m.ResponseRate)
		}
		d.Blocks = append(d.Blocks, report.BarChart{Title: "Taux par voie d'accès, toutes promotions (%) — entre parenthèses : certifiés", Labels: rl, Series: rs})
	} else {
		p("Aucun titulaire n'a encore reçu son certificat : aucune promotion à présenter.")
	}

	for _, sh := range sheets {
		d.Blocks = append(d.Blocks, report.Heading{Level: 1, Text: sh.Title})
		if sh.Name == "Comparaison" {
			n := 0 // the comparisons that differ: their rows say ÉCART
			for _, row := range sh.Rows {
				if row[4] == "ÉCART" {
					n++
				}
			}
			switch {
			case len(c.Stats) == 0:
				p("France Compétences ne publie aucune statistique pour cette fiche dans l'export importé.")
			case n == 0:
				p("Les chiffres publiés concordent avec les chiffres calculés.")
			default:
				p(fmt.Sprintf("%d écart(s) entre les chiffres publiés et les chiffres calculés (marqués ÉCART) : à vérifier avant l'envoi.", n))
			}
		}
		if len(sh.Rows) == 0 {
			p("Aucune donnée.")
			continue
		}
		if sh.Name == "Titulaires" && len(sh.Rows) > MaxHolderRowsInPDF {
			// Thousands of holders would make a PDF of hundreds of pages
			// (and hundreds of MB to lay out): the workbook has them.
			p(fmt.Sprintf("%d titulaires répondants : leur situation (emploi, contrat, salaire, statut cadre) figure ligne à ligne dans le classeur (feuille « Titulaires » de report france-competences --out FICHIER.xlsx).", len(sh.Rows)))
			continue
		}
		t := report.Table{Header: make([]string, len(sh.Headers))}
		for i, h := range sh.Headers {
			t.Header[i] = shortHeader.Replace(h)
		}
		for _, row := range sh.Rows {
			cells := make([]string, len(row))
			for i, v := range row {
				cells[i] = cellText(v)
			}
			t.Rows = append(t.Rows, cells)
		}
		d.Blocks = append(d.Blocks, t)
	}
	return d
}

// shortHeader abbreviates the wide tables' headers in the PDF.
var shortHeader = strings.NewReplacer("répondants", "rép.", "neutralisés", "neutr.", "dénominateur", "dénom.", "en emploi", "emploi",
	"dans le métier visé", "métier", "taux d'insertion (%)", "% ins.", "taux métier visé (%)", "% métier", "taux de réponse", "% rép.",
	" 6 mois (%)", " 6m", " 24 mois (%)", " 24m", " 6 mois", " 6m", " 24 mois", " 24m")

// Fiches are the codes as strings (to join them in a message).
func Fiches(l []domain.CertCode) []string {
	out := make([]string, len(l))
	for i, c := range l {
		out[i] = string(c)
	}
	return out
}

// MaxHolderRowsInPDF is the largest "Titulaires" table the statistics PDF
// prints; beyond it the PDF refers to the workbook's sheet.
const MaxHolderRowsInPDF = 500
