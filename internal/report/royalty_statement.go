package report

import (
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// RoyaltyStatementInput is what a royalty statement prints.
type RoyaltyStatementInput struct {
	Certifier  domain.Certifier
	Period     int
	Statements []*domain.RoyaltyStatement
	At         domain.Date
	Logo       *Image
}

// RoyaltyLineDetail says what a line counts, in French.
func RoyaltyLineDetail(l domain.RoyaltyLine) string {
	switch l.Source {
	case domain.RoyaltyFlat:
		return fmt.Sprintf("du %s au %s, %d jours sur %d", l.From.French(), l.To.French(), l.Quantity, l.Divisor)
	case domain.RoyaltyPerCandidate:
		return fmt.Sprintf("sessions du %s au %s", l.From.French(), l.To.French())
	}
	return fmt.Sprintf("sessions du %s au %s", l.From.French(), l.To.French())
}

// RoyaltyStatement builds the royalty statement of a period (A4, French):
// per partner, one line per source with the quantity, the unit amount and
// the line total, and the partner's total; amounts in the French format.
func RoyaltyStatement(in RoyaltyStatementInput) *Document {
	d := &Document{
		Title:      fmt.Sprintf("Relevé des redevances %d", in.Period),
		Subtitle:   fmt.Sprintf("%s — établi le %s", in.Certifier.Name, in.At.French()),
		HeaderText: fmt.Sprintf("Relevé des redevances %d — %s", in.Period, in.Certifier.Name),
		FooterText: fmt.Sprintf("%s — SIRET %s", in.Certifier.Name, in.Certifier.SIRET.Formatted()),
		Author:     in.Certifier.Name,
		Subject:    fmt.Sprintf("Redevances %d", in.Period),
		Logo:       in.Logo,
	}
	d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: fmt.Sprintf("Redevances dues au titre de l'année %d en application des conventions de partenariat : redevance par candidat présenté (inscrit et non absent) aux sessions tenues dans l'année, frais par session d'examen organisée, forfait annuel au prorata des jours de l'année où la convention était en vigueur. Une modification par avenant s'applique à compter de sa date. Chaque ligne est arrondie au centime.", in.Period)}}})
	if len(in.Statements) == 0 {
		d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: "Aucune redevance n'est due pour cette période."}}})
		return d
	}
	var grand domain.Money
	for _, st := range in.Statements {
		d.Blocks = append(d.Blocks, Heading{Level: 1, Text: fmt.Sprintf("%s — SIRET %s", st.PartnerName, st.SIRET.Formatted())})
		t := Table{Header: []string{"Convention", "Objet", "Détail", "Quantité", "Montant unitaire", "Total"}, Widths: []float64{3.7, 3.0, 3.5, 2.2, 2.2, 2.4}}
		for _, l := range st.Lines {
			t.Rows = append(t.Rows, []string{l.Convention, domain.RoyaltySourceFrench(l.Source), RoyaltyLineDetail(l), l.QuantityText(), l.Unit.French(), l.Total.French()})
		}
		t.Rows = append(t.Rows, []string{"", "Total dû", "", "", "", st.Total.French()})
		d.Blocks = append(d.Blocks, t)
		grand += st.Total
	}
	d.Blocks = append(d.Blocks, KeyValues{Title: "Récapitulatif", Pairs: []KeyValue{
		{"Période", fmt.Sprint(in.Period)},
		{"Partenaires", fmt.Sprint(len(in.Statements))},
		{"Total des redevances", grand.French()},
	}})
	return d
}
