package app

import (
	"context"
	"fmt"
	"sort"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/report"
)

// The network dashboard's topics of issues 13 and 14: where the holders
// stand with the CPF accrochage, and the survey response rates.

func init() {
	RegisterNetworkTopic(accrochageTopic)
	RegisterNetworkTopic(surveysTopic)
}

var accrochageFrench = map[domain.AccrochageStatus]string{
	domain.AccrochageNever: "jamais envoyé", domain.AccrochagePending: "en attente du retour de la CDC",
	domain.AccrochageOK: "accepté (OK)", domain.AccrochageKO: "rejeté (KO)", domain.AccrochageClosed: "clos avec motif",
}

func accrochageTopic(_ context.Context, a *App, r domain.Reader, at domain.Date) ([]NetworkTopic, error) {
	states, err := accrochageStates(r)
	if err != nil {
		return nil, err
	}
	order := []domain.AccrochageStatus{domain.AccrochageNever, domain.AccrochagePending, domain.AccrochageOK, domain.AccrochageKO, domain.AccrochageClosed}
	type agg struct {
		n map[domain.AccrochageStatus]int
	}
	by := map[domain.CertCode]*agg{}
	late := map[domain.CertCode]int{}
	for _, s := range states {
		g := by[s.Certification]
		if g == nil {
			g = &agg{n: map[domain.AccrochageStatus]int{}}
			by[s.Certification] = g
		}
		g.n[s.Passage.Status]++
		if s.Pending() && at.After(s.Deadline()) {
			late[s.Certification]++
		}
	}
	t := &Table{Sheet: "Accrochage CPF", Columns: []Column{{Header: "Certification", Width: 14}}}
	for _, st := range order {
		t.Columns = append(t.Columns, Column{Header: accrochageFrench[st], Width: 14})
	}
	t.Columns = append(t.Columns, Column{Header: "Hors délai (3 mois après la délivrance)", Width: 18})
	codes := make([]string, 0, len(by))
	for c := range by {
		codes = append(codes, string(c))
	}
	sort.Strings(codes)
	chart := &report.BarChart{Title: "Titulaires acceptés par la CDC (%)", Series: []report.BarSeries{{Name: "OK ÷ titulaires"}}}
	for _, c := range codes {
		g := by[domain.CertCode(c)]
		row := []any{c}
		total := 0
		for _, st := range order {
			row = append(row, g.n[st])
			total += g.n[st]
		}
		row = append(row, late[domain.CertCode(c)])
		t.Rows = append(t.Rows, row)
		chart.Labels = append(chart.Labels, c)
		chart.Series[0].Values = append(chart.Series[0].Values, domain.RatePercent(g.n[domain.AccrochageOK], total))
	}
	return []NetworkTopic{{Heading: "Déclaration des titulaires à la Caisse des Dépôts (accrochage CPF)", Table: t, Chart: chart,
		Note:  "Titulaires d'un certificat délivré, par état de leur déclaration ; le délai légal est de 3 mois après la délivrance (R6113-17-2).",
		Empty: "Aucun certificat délivré."}}, nil
}

func surveysTopic(_ context.Context, a *App, r domain.Reader, at domain.Date) ([]NetworkTopic, error) {
	d, err := loadCohorts(r)
	if err != nil {
		return nil, err
	}
	type agg struct{ due6, ans6, due24, ans24 int }
	cohorts := groupCohorts(d, "") // by certification then year
	t := &Table{Sheet: "Enquêtes", Columns: []Column{{Header: "Certification", Width: 14}, {Header: "Promotion", Width: 10},
		{Header: "Titulaires", Width: 10}, {Header: "Enquête à 6 mois ouverte", Width: 12}, {Header: "Réponses à 6 mois", Width: 12},
		{Header: "Taux de réponse à 6 mois (%)", Width: 14}, {Header: "Enquête à 24 mois ouverte", Width: 12},
		{Header: "Réponses à 24 mois", Width: 12}, {Header: "Taux de réponse à 24 mois (%)", Width: 14}}}
	chart := &report.BarChart{Title: "Taux de réponse aux enquêtes (%)", Series: []report.BarSeries{{Name: "6 mois"}, {Name: "24 mois"}}}
	for _, c := range cohorts {
		var g agg
		for _, h := range c.Holders {
			if !at.Before(h.JuryDate.AddMonths(domain.Wave6m.Months())) {
				g.due6++
				if h.Answers[domain.Wave6m] != nil {
					g.ans6++
				}
			}
			if !at.Before(h.JuryDate.AddMonths(domain.Wave24m.Months())) {
				g.due24++
				if h.Answers[domain.Wave24m] != nil {
					g.ans24++
				}
			}
		}
		r6, r24 := domain.RatePercent(g.ans6, g.due6), domain.RatePercent(g.ans24, g.due24)
		t.Rows = append(t.Rows, []any{string(c.Certification), c.Year, len(c.Holders), g.due6, g.ans6, rateCell(r6), g.due24, g.ans24, rateCell(r24)})
		chart.Labels = append(chart.Labels, fmt.Sprintf("%s %d", c.Certification, c.Year))
		chart.Series[0].Values = append(chart.Series[0].Values, r6)
		chart.Series[1].Values = append(chart.Series[1].Values, r24)
	}
	return []NetworkTopic{{Heading: "Enquêtes d'insertion : taux de réponse par promotion", Table: t, Chart: chart,
		Note:  "Une promotion est l'année de la décision du jury ; le taux de réponse porte sur les titulaires dont l'enquête est ouverte à la date du tableau de bord.",
		Empty: "Aucun titulaire."}}, nil
}
