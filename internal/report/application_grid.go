package report

import (
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// ApplicationGridInput is what the filled selection grid of a partner
// application prints.
type ApplicationGridInput struct {
	Certifier     domain.Certifier
	Application   *domain.Application
	Certification *domain.Certification
	At            domain.Date // the printing date
	Logo          *Image
}

var scopeFrench = map[domain.Scope]string{
	domain.ScopeTrain:  "préparer à la certification (former)",
	domain.ScopeAssess: "organiser les épreuves d'évaluation",
	domain.ScopeBoth:   "former et organiser les épreuves d'évaluation",
}

// ApplicationGrid builds the grille d'analyse of an application (A4,
// French): the applicant, the criteria of the cahier des charges with
// their notes, evidence and comments, the total and the decision.
func ApplicationGrid(in ApplicationGridInput) *Document {
	a := in.Application
	cert := string(a.Certification)
	if in.Certification != nil && in.Certification.Title != "" {
		cert += " — " + in.Certification.Title
	}
	d := &Document{
		Title:      "Grille d'analyse de candidature",
		Subtitle:   fmt.Sprintf("%s — %s", a.PartnerName, cert),
		HeaderText: fmt.Sprintf("Candidature n° %d — %s — %s", a.ID, a.PartnerName, a.Certification),
		FooterText: fmt.Sprintf("%s — grille éditée le %s", in.Certifier.Name, in.At.French()),
		Author:     in.Certifier.Name,
		Subject:    fmt.Sprintf("Candidature %d", a.ID),
		Logo:       in.Logo,
	}
	d.Blocks = append(d.Blocks, KeyValues{Title: "Candidature", Pairs: []KeyValue{
		{"Organisme candidat", a.PartnerName},
		{"SIRET", a.Partner.Formatted()},
		{"Certification", cert},
		{"Habilitation demandée", scopeFrench[a.Scope]},
		{"Date de la candidature", a.OpenedOn.French()},
		{"Date de l'analyse", dateOr(a.AssessedOn)},
	}})
	d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: "Le dossier de l'organisme candidat est analysé au regard des critères du cahier des charges du certificateur. Chaque critère est noté de 0 (absent) à 3 (pleinement satisfait) ; « n/a » signale un critère sans objet pour l'habilitation demandée."}}})
	d.Blocks = append(d.Blocks, Heading{Level: 1, Text: "Critères du cahier des charges"})
	if a.AssessedOn.IsZero() {
		d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: "Le dossier n'a pas encore été analysé."}}})
	} else {
		scored := map[string]domain.ApplicationScore{}
		for _, s := range a.Scores {
			scored[s.Criterion] = s
		}
		t := Table{Header: []string{"Critère", "Note", "Preuves", "Commentaire"}, Widths: []float64{5.4, 1.4, 4.6, 4}}
		for _, c := range domain.ApplicationCriteria {
			s, ok := scored[c.Code]
			note := "n/a"
			if ok {
				note = fmt.Sprintf("%d/%d", s.Score, s.Max)
			}
			t.Rows = append(t.Rows, []string{c.Label, note, orDash(s.Evidence), orDash(s.Comment)})
		}
		d.Blocks = append(d.Blocks, t)
		d.Blocks = append(d.Blocks, KeyValues{Title: "Synthèse", Pairs: []KeyValue{{"Total", a.TotalText()}}})
	}
	d.Blocks = append(d.Blocks, Heading{Level: 1, Text: "Décision"})
	switch a.Decision {
	case domain.ApplicationAccept:
		text := fmt.Sprintf("Candidature acceptée le %s. Motifs : %s", a.DecidedOn.French(), a.Reason)
		d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: text}}})
		sign := "L'habilitation prend effet à la signature de la convention de partenariat"
		if a.ConventionNumber != "" {
			sign += " " + a.ConventionNumber
		}
		if a.ConventionSigned {
			sign += " (signée)."
		} else {
			sign += ", qui reste à signer (article R6113-16-1 du code du travail)."
		}
		d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: sign}}})
	case domain.ApplicationRefuse:
		d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: fmt.Sprintf("Candidature refusée le %s. Motifs : %s", a.DecidedOn.French(), a.Reason)}}})
	default:
		d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: "Aucune décision n'a encore été prise."}}})
	}
	d.Blocks = append(d.Blocks, Signatures{Parties: []SignatureParty{{Caption: "Pour le certificateur", Lines: []string{in.Certifier.Name, "Le " + in.At.French()}}}})
	return d
}
