package report

import (
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// CommitteeMinutesInput is what the minutes of an improvement committee
// meeting print.
type CommitteeMinutesInput struct {
	Certifier domain.Certifier
	Meeting   *domain.CommitteeMeeting
	// Actions are the improvement actions of the certification (or of no
	// certification) open on the meeting's day or closed since the
	// previous meeting: what the committee reviewed.
	Actions []*domain.ImprovementAction
	At      domain.Date // the printing date
	Logo    *Image
}

// CommitteeMinutes builds the compte rendu of a conseil de
// perfectionnement (A4, French): the meeting, its members, the
// improvement actions followed, the decisions and the signature.
func CommitteeMinutes(in CommitteeMinutesInput) *Document {
	m := in.Meeting
	cert := string(m.Certification)
	if m.CertificationTitle != "" {
		cert += " — " + m.CertificationTitle
	}
	d := &Document{
		Title:      "Compte rendu du conseil de perfectionnement",
		Subtitle:   fmt.Sprintf("%s — réunion du %s", cert, m.Date.French()),
		HeaderText: fmt.Sprintf("Conseil de perfectionnement n° %d — %s — %s", m.ID, m.Certification, m.Date.French()),
		FooterText: fmt.Sprintf("%s — compte rendu édité le %s", in.Certifier.Name, in.At.French()),
		Author:     in.Certifier.Name,
		Subject:    fmt.Sprintf("Conseil de perfectionnement %d", m.ID),
		Logo:       in.Logo,
	}
	d.Blocks = append(d.Blocks, KeyValues{Title: "Réunion", Pairs: []KeyValue{
		{"Certificateur", in.Certifier.Name},
		{"Certification", cert},
		{"Date de la réunion", m.Date.French()},
		{"Nombre de membres présents", fmt.Sprint(len(m.Members))},
	}})
	d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: "Le conseil de perfectionnement réunit le certificateur, les représentants de la branche professionnelle et des professionnels du métier pour examiner le fonctionnement de la certification et décider de ses améliorations (amélioration continue, indicateur 32 du référentiel national qualité ; association de la branche, article R6113-9 9° du code du travail)."}}})

	d.Blocks = append(d.Blocks, Heading{Level: 1, Text: "Membres présents"})
	t := Table{Header: []string{"Nom", "Qualité"}, Widths: []float64{5, 9}}
	for _, mb := range m.Members {
		role := mb.Role
		if role == "" {
			role = "—"
		}
		t.Rows = append(t.Rows, []string{mb.Name, role})
	}
	d.Blocks = append(d.Blocks, t)

	d.Blocks = append(d.Blocks, Heading{Level: 1, Text: "Actions d'amélioration examinées"})
	if len(in.Actions) == 0 {
		d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: "Aucune action d'amélioration n'était en cours."}}})
	} else {
		t := Table{Header: []string{"N°", "Origine", "Action", "Échéance", "État"}, Widths: []float64{0.8, 2, 6.4, 2.4, 3.8}}
		for _, a := range in.Actions {
			state := "en cours"
			if !a.ClosedOn.IsZero() && !a.ClosedOn.After(m.Date) {
				state = "close le " + a.ClosedOn.French()
				if a.Outcome != "" {
					state += " : " + a.Outcome
				}
			} else if a.Overdue(m.Date) {
				state = "en retard"
			}
			t.Rows = append(t.Rows, []string{fmt.Sprint(a.ID), a.Source.French(), a.Text, dateOr(a.Due), state})
		}
		d.Blocks = append(d.Blocks, t)
	}

	d.Blocks = append(d.Blocks, Heading{Level: 1, Text: "Décisions"})
	if len(m.Decisions) == 0 {
		d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: "Le conseil n'a pris aucune décision."}}})
	} else {
		l := List{}
		for i, s := range m.Decisions {
			l.Items = append(l.Items, []Run{{Text: fmt.Sprintf("Décision %d : ", i+1), Bold: true}, {Text: s}})
		}
		d.Blocks = append(d.Blocks, l)
	}
	d.Blocks = append(d.Blocks, Signatures{Parties: []SignatureParty{{Caption: "Pour le certificateur", Lines: []string{in.Certifier.Name, "Le " + m.Date.French()}}}})
	return d
}
