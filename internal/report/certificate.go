package report

import (
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// CertificateInput is what a certificate (parchemin) or a bloc attestation
// prints.
type CertificateInput struct {
	Certifier     domain.Certifier
	Certification *domain.Certification
	Candidate     domain.Candidate
	Certificate   domain.Certificate // Number, Kind, Blocs, JuryDate, IssuedOn
	Mention       domain.Mention
	Place         string // "Fait à …" ("" : the certifier's town)
	// Duplicate marks a reprint: DUPLICATA across the page and the day it
	// was printed (DuplicateOn).
	Duplicate   bool
	DuplicateOn domain.Date
	Logo        *Image
}

// CertificateDoc builds a certificate, or a bloc attestation when the
// certificate's kind is an attestation: one A4 landscape page laid out at
// fixed places.
func CertificateDoc(in CertificateInput) *Document {
	c, k := in.Certification, in.Certificate
	attest := k.Kind == domain.KindAttestation
	title := "Certificat de certification professionnelle"
	if attest {
		title = "Attestation de validation de blocs de compétences"
	}
	d := &Document{
		Title:        title,
		Author:       in.Certifier.Name,
		Subject:      k.Number,
		Page:         PageOptions{Landscape: true, Margins: Margins{Top: 12, Bottom: 12, Left: 20, Right: 20}},
		NoTitleBlock: true,
	}
	const left, width = 20.0, 257.0
	at := func(y, size float64, bold bool, text string) Fixed {
		return Fixed{X: left, Y: y, Width: width, Size: size, Align: AlignCenter, Runs: []Run{{Text: text, Bold: bold}}}
	}
	if in.Logo != nil {
		d.Blocks = append(d.Blocks, Fixed{X: left, Y: 14, Width: 40, Image: in.Logo})
	}
	reg := "Répertoire national des certifications professionnelles"
	level := ""
	if c.Code.Register() != domain.RNCP {
		reg = "Répertoire spécifique"
	} else if c.Level > 0 {
		level = fmt.Sprintf(" — niveau %d", c.Level)
	}
	d.Blocks = append(d.Blocks,
		at(16, 13, true, in.Certifier.Name),
		at(34, 24, true, strings.ToUpper(map[bool]string{false: "Certificat", true: "Attestation"}[attest])),
	)
	if attest {
		d.Blocks = append(d.Blocks, at(47, 13, false, "de validation de blocs de compétences de la certification professionnelle"))
	} else {
		d.Blocks = append(d.Blocks, at(47, 13, false, "de certification professionnelle"))
	}
	d.Blocks = append(d.Blocks,
		at(57, 16, true, c.Title),
		at(66, 11, false, fmt.Sprintf("%s%s — enregistrée au %s", c.Code, level, reg)),
		at(80, 11, false, map[bool]string{false: "décerné à", true: "délivrée à"}[attest]),
		at(88, 22, true, in.Candidate.FullName()),
		at(100, 11, false, "né(e) le "+in.Candidate.BirthDate.FrenchLong()),
	)
	decision := "par décision du jury du " + k.JuryDate.FrenchLong()
	if c.Params.ByScore() {
		decision = "au vu des résultats validés le " + k.JuryDate.FrenchLong()
	}
	y := 112.0
	if attest {
		d.Blocks = append(d.Blocks, at(y, 11, false, "qui a validé, "+decision+", les blocs de compétences suivants :"))
		y += 8
		labels := map[string]string{}
		for _, b := range c.Blocs {
			labels[b.Code] = b.Label
		}
		for _, b := range k.Blocs {
			line := b
			if l := labels[b]; l != "" {
				line += " — " + l
			}
			d.Blocks = append(d.Blocks, Fixed{X: left + 30, Y: y, Width: width - 60, Size: 10, Runs: []Run{{Text: "• "}, {Text: line}}})
			y += 6
		}
	} else {
		d.Blocks = append(d.Blocks, at(y, 11, false, decision))
		y += 8
		if m := in.Mention.French(); m != "" && in.Mention != domain.MentionSans {
			d.Blocks = append(d.Blocks, at(y, 12, true, "Mention "+m))
		}
	}
	town := placeTown(in.Place, in.Certifier.Address)
	d.Blocks = append(d.Blocks,
		Fixed{X: left, Y: 160, Width: 120, Size: 10, Runs: []Run{{Text: fmt.Sprintf("Fait à %s, le %s", town, k.IssuedOn.FrenchLong())}}},
		Fixed{X: left, Y: 167, Width: 120, Size: 10, Runs: []Run{{Text: map[bool]string{false: "Délivré le ", true: "Délivrée le "}[attest] + k.IssuedOn.French()}}},
		Fixed{X: left, Y: 184, Width: 140, Size: 10, Runs: []Run{{Text: "N° "}, {Text: k.Number, Bold: true}}},
		Fixed{X: 170, Y: 160, Width: 107, Size: 10, Align: AlignCenter, Runs: []Run{{Text: "Pour " + in.Certifier.Name, Bold: true}}},
		Fixed{X: 170, Y: 184, Width: 107, Size: 10, Align: AlignCenter, Runs: []Run{{Text: orDash(in.Certifier.Signatory)}}},
	)
	if in.Duplicate {
		d.Watermark = "DUPLICATA"
		d.Blocks = append(d.Blocks, Fixed{X: 170, Y: 14, Width: 107, Size: 11, Align: AlignRight,
			Runs: []Run{{Text: "DUPLICATA", Bold: true}, {Text: " établi le " + in.DuplicateOn.French()}}})
	}
	return d
}
