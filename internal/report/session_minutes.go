package report

import (
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// MinutesInput is what the jury minutes (procès-verbal de jury) print.
type MinutesInput struct {
	Certifier     domain.Certifier
	Certification *domain.Certification
	Session       *domain.Session // with its Enrollments
	// Prior gives, by enrolment id, the blocs the candidate acquired in
	// earlier sessions of the certification ("blocs acquis antérieurement").
	Prior map[int64][]string
	// Draft prints the minutes before the jury closed: marked PROJET,
	// without decision date; At is then the printing date.
	Draft bool
	At    domain.Date
	Logo  *Image
}

// SessionMinutes builds the jury minutes: A4 landscape, the certification,
// the session, the jury with a signature box per member, one row per
// candidate (the header repeated on every page), the totals and the
// decision.
func SessionMinutes(in MinutesInput) *Document {
	s, c := in.Session, in.Certification
	byScore := c.Params.ByScore()
	title := "Procès-verbal de jury de certification"
	if byScore {
		title = "Procès-verbal de validation des résultats"
	}
	date := s.JuryDate
	if in.Draft || date.IsZero() {
		date = in.At
	}
	d := &Document{
		Title:      title,
		Subtitle:   fmt.Sprintf("%s — %s", c.Code, c.Title),
		HeaderText: fmt.Sprintf("%s — session n° %d du %s", in.Certifier.Name, s.ID, s.Date.French()),
		FooterText: fmt.Sprintf("%s — procès-verbal de la session n° %d", c.Code, s.ID),
		Author:     in.Certifier.Name,
		Subject:    fmt.Sprintf("Procès-verbal session %d", s.ID),
		Page:       PageOptions{Landscape: true, Margins: Margins{Top: 20, Bottom: 18, Left: 15, Right: 15}},
		Logo:       in.Logo,
	}
	if in.Draft {
		d.Watermark = "PROJET"
	}
	level := "—"
	if c.Level > 0 {
		level = fmt.Sprintf("niveau %d", c.Level)
	}
	dates := s.Date.French()
	if !s.EndDate.IsZero() && s.EndDate != s.Date {
		dates = fmt.Sprintf("du %s au %s", s.Date.French(), s.EndDate.French())
	}
	organiser := s.PartnerName
	if organiser == "" {
		organiser = in.Certifier.Name
	}
	place := s.Place
	if s.PostalCode != "" {
		place = strings.TrimSpace(place + " (" + s.PostalCode + ")")
	}
	d.Blocks = append(d.Blocks,
		KeyValues{Title: "Certification et session", Pairs: []KeyValue{
			{"Certificateur", in.Certifier.Name}, {"Certification", fmt.Sprintf("%s — %s (%s)", c.Code, c.Title, level)},
			{"Organisateur", fmt.Sprintf("%s (SIRET %s)", organiser, s.Partner.Formatted())}, {"Dates", dates},
			{"Lieu", orDash(place)}, {"Modalité", modeFrench(s.Mode)},
		}},
	)
	// The candidates.
	t := Table{Header: []string{"N°", "Candidat", "Né(e) le", "Voie d'accès", "Aménagement", "Résultat", "Blocs validés", "Mention"},
		Widths: []float64{0.6, 3.6, 1.6, 2.6, 2.2, 1.3, 3.4, 1.9}}
	var admitted, failed, absent, partial, pending int
	for i, e := range s.Enrollments {
		blocs := strings.Join(e.BlocsValidated, ", ")
		if p := in.Prior[e.ID]; len(p) > 0 {
			if blocs != "" {
				blocs += " ; "
			}
			blocs += "acquis antérieurement : " + strings.Join(p, ", ")
		}
		switch e.Result {
		case domain.ResultAdmitted:
			admitted++
		case domain.ResultFailed:
			failed++
			if len(e.BlocsValidated) > 0 {
				partial++
			}
		case domain.ResultAbsent:
			absent++
		default:
			pending++
		}
		t.Rows = append(t.Rows, []string{fmt.Sprint(i + 1), e.Candidate.FullName(), e.Candidate.BirthDate.French(), e.Access.Label(),
			orDash(e.Accommodation), e.Result.French(), orDash(blocs), orDash(e.Mention.French())})
	}
	d.Blocks = append(d.Blocks, Heading{Level: 2, Text: "Candidats"})
	if len(t.Rows) == 0 {
		d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: "Aucun candidat inscrit."}}})
	} else {
		d.Blocks = append(d.Blocks, t)
	}
	tot := fmt.Sprintf("Candidats inscrits : %d — admis : %d — ajournés : %d (dont %d avec validation partielle de blocs) — absents : %d",
		len(s.Enrollments), admitted, failed, partial, absent)
	if pending > 0 {
		tot += fmt.Sprintf(" — sans résultat : %d", pending)
	}
	d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: "Totaux : ", Bold: true}, {Text: tot}}})
	// The decision.
	var decision string
	switch {
	case in.Draft:
		decision = "Projet de procès-verbal : le jury n'a pas encore délibéré ; ce document n'a pas valeur de décision."
	case byScore:
		decision = fmt.Sprintf("Les résultats ci-dessus ont été validés le %s.", s.JuryDate.FrenchLong())
	default:
		decision = fmt.Sprintf("Le jury, réuni le %s, a délibéré et arrêté les résultats ci-dessus.", s.JuryDate.FrenchLong())
	}
	town := placeTown(s.Place, in.Certifier.Address)
	d.Blocks = append(d.Blocks, Heading{Level: 2, Text: "Décision"}, Paragraph{Runs: []Run{{Text: decision}}, KeepWithNext: true},
		Paragraph{Runs: []Run{{Text: fmt.Sprintf("Fait à %s, le %s", town, date.FrenchLong())}}, KeepWithNext: true})
	// The jury, a signature box per member, four per row.
	d.Blocks = append(d.Blocks, Heading{Level: 2, Text: "Membres du jury"})
	if len(s.Jury) == 0 {
		d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: "Composition du jury non renseignée."}}})
	}
	for i := 0; i < len(s.Jury); i += 4 {
		var sig Signatures
		for _, m := range s.Jury[i:min(i+4, len(s.Jury))] {
			name, role, _ := strings.Cut(m, ",")
			lines := []string{}
			if strings.TrimSpace(role) != "" {
				lines = append(lines, strings.TrimSpace(role))
			}
			sig.Parties = append(sig.Parties, SignatureParty{Caption: strings.TrimSpace(name), Lines: append(lines, "Signature :")})
		}
		d.Blocks = append(d.Blocks, sig)
	}
	return d
}

func modeFrench(m domain.ExamMode) string {
	switch m {
	case domain.ModeOnsite:
		return "en présentiel"
	case domain.ModeRemote:
		return "à distance"
	case domain.ModeMixed:
		return "mixte"
	}
	return "—"
}

// placeTown is the town written in "Fait à …": the session's place, else
// the last line of the certifier's address (its postal code left out),
// else a blank to fill by hand.
func placeTown(place, address string) string {
	if p := strings.TrimSpace(place); p != "" {
		return p
	}
	lines := strings.FieldsFunc(strings.TrimSpace(address), func(r rune) bool { return r == '\n' || r == ',' })
	last := ""
	if len(lines) > 0 {
		last = strings.TrimSpace(lines[len(lines)-1])
	}
	if f := strings.Fields(last); len(f) > 1 && len(f[0]) == 5 && strings.Trim(f[0], "0123456789") == "" {
		last = strings.Join(f[1:], " ")
	}
	if last == "" {
		return "…"
	}
	return last
}
