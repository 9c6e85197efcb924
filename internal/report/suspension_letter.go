package report

import (
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// SuspensionLetterInput is what the notification of a precautionary
// suspension (R6113-16-6) prints.
type SuspensionLetterInput struct {
	Certifier         domain.Certifier
	Partner           *domain.Partner
	Date              domain.Date // the suspension's date, printed as the letter's
	Reason            string
	ObservationsUntil domain.Date
	// Findings are the grounds: the non-conformities open past their
	// deadline, with the audit each comes from.
	Findings []SuspensionGround
	Logo     *Image
}

// SuspensionGround is one non-conformity cited in the letter.
type SuspensionGround struct {
	AuditID   int64
	AuditDate domain.Date
	Item      domain.AuditItem
}

// SuspensionLetter builds the letter notifying a partner of the
// precautionary suspension of its habilitations (A4, French).
func SuspensionLetter(in SuspensionLetterInput) *Document {
	p := in.Partner
	d := &Document{
		Title:      "Notification de suspension à titre conservatoire",
		Subtitle:   fmt.Sprintf("%s — SIRET %s", p.Name, p.SIRET.Formatted()),
		HeaderText: fmt.Sprintf("%s — %s", in.Certifier.Name, in.Date.French()),
		FooterText: fmt.Sprintf("%s — notification du %s", in.Certifier.Name, in.Date.French()),
		Author:     in.Certifier.Name,
		Subject:    "Suspension " + p.SIRET.String(),
		Logo:       in.Logo,
	}
	addr := p.Address
	if addr == "" {
		addr = "adresse non renseignée"
	}
	para := func(s string) Paragraph { return Paragraph{Runs: []Run{{Text: s}}} }
	d.Blocks = append(d.Blocks,
		KeyValues{Title: "Destinataire", Pairs: []KeyValue{
			{"Organisme", p.Name}, {"SIRET", p.SIRET.Formatted()}, {"Adresse", addr},
			{"Représentant légal", orDash(p.Representative)}, {"Date", in.Date.French()},
		}},
		para("Objet : suspension à titre conservatoire de l'habilitation — article R6113-16-6 du code du travail"),
		para("Madame, Monsieur,"),
		para(groundsSentence(in)))
	if len(in.Findings) > 0 {
		t := Table{Header: []string{"Audit", "Point", "Gravité", "Constat et action corrective", "Échéance"}, Widths: []float64{2.2, 1.9, 1.6, 6.5, 2}}
		for _, g := range in.Findings {
			it := g.Item
			text := it.Point
			if it.Observations != "" {
				text += " — " + it.Observations
			}
			if it.Action != "" {
				text += " — action demandée : " + it.Action
			}
			t.Rows = append(t.Rows, []string{fmt.Sprintf("n° %d du %s", g.AuditID, g.AuditDate.French()), it.Code, it.Severity.French(), text, dateOr(it.Deadline)})
		}
		d.Blocks = append(d.Blocks, Heading{Level: 2, Text: "Non-conformités non levées"}, t)
	}
	d.Blocks = append(d.Blocks,
		para(fmt.Sprintf("En application de l'article R6113-16-6 du code du travail, nous suspendons à titre conservatoire, à compter du %s, l'ensemble des habilitations de votre organisme : pendant la suspension, vous ne pouvez ni préparer de nouveaux candidats à nos certifications ni organiser leurs épreuves.", in.Date.French())),
		para(fmt.Sprintf("Vous pouvez présenter vos observations écrites, accompagnées de toute pièce justifiant la correction des manquements, jusqu'au %s inclus.", in.ObservationsUntil.French())),
		para(fmt.Sprintf("À défaut d'observations de nature à lever les manquements à cette date, nous procéderons à la résiliation de la convention d'habilitation qui nous lie. Conformément à l'article R6113-16-5 du code du travail, la suspension, puis le cas échéant le retrait de l'habilitation, sont déclarés à France Compétences dans un délai de deux mois.")),
		para("Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées."),
		Signatures{Parties: []SignatureParty{{Caption: "Pour " + in.Certifier.Name, Lines: []string{"Nom et qualité :", "Signature :"}}}},
	)
	return d
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// groundsSentence states why the partner is suspended: the audit's
// non-conformities not corrected in time when there are some, else the
// breach the certifier gives as the reason (fraud, misleading
// communication…).
func groundsSentence(in SuspensionLetterInput) string {
	intro := fmt.Sprintf("Dans le cadre du contrôle que %s exerce sur les organismes qu'il habilite à préparer à ses certifications ou à organiser leurs épreuves, ", in.Certifier.Name)
	if len(in.Findings) > 0 {
		return intro + fmt.Sprintf("des manquements ont été constatés lors de l'audit de votre organisme et n'ont pas été corrigés dans les délais fixés. Motif : %s.", in.Reason)
	}
	return intro + fmt.Sprintf("un manquement à vos obligations a été constaté. Motif : %s.", in.Reason)
}
