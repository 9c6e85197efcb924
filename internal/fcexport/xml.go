package fcexport

import (
	"bufio"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// xmlFiche holds the few FICHE children habil keeps; the decoder skips the
// others (long texts such as CAPACITES_ATTESTEES are never stored).
type xmlFiche struct {
	Code       string         `xml:"NUMERO_FICHE"`
	Title      string         `xml:"INTITULE"`
	Level      string         `xml:"NOMENCLATURE_EUROPE>NIVEAU"`
	Active     string         `xml:"ACTIF"`
	EndDate    string         `xml:"DATE_FIN_ENREGISTREMENT"`
	Limit      string         `xml:"DATE_LIMITE_DELIVRANCE"`
	RegType    string         `xml:"TYPE_ENREGISTREMENT"`
	Partial    string         `xml:"VALIDATION_PARTIELLE"`
	Prereq     string         `xml:"PREREQUIS_ENTREE_FORMATION"`
	Successors []string       `xml:"NOUVELLES_CERTIFICATIONS>NOUVELLE_CERTIFICATION>ID_FICHE_NOUVELLE_CERTIFICATION"`
	Certifiers []xmlCertifier `xml:"CERTIFICATEURS>CERTIFICATEUR"`
	Partners   []xmlPartner   `xml:"PARTENAIRES>PARTENAIRE"`
	Blocs      []xmlBloc      `xml:"BLOCS_COMPETENCES>BLOC_COMPETENCES"`
	Stats      []xmlStat      `xml:"STATISTIQUES_PROMOTIONS>STATISTIQUES_PROMOTION"`
	// Other catches every other child; only SI_JURY_* (their ACTIF) is used.
	Other []xmlOther `xml:",any"`
}

type xmlCertifier struct {
	SIRET string `xml:"SIRET_CERTIFICATEUR"`
	Name  string `xml:"NOM_CERTIFICATEUR"`
}

type xmlPartner struct {
	Name         string `xml:"NOM_PARTENAIRE"`
	SIRET        string `xml:"SIRET_PARTENAIRE"`
	Habilitation string `xml:"HABILITATION_PARTENAIRE"`
	Status       string `xml:"ETAT_HABILITATION"`
	Since        string `xml:"DATE_ACTIF"`
	Change       string `xml:"DATE_DERNIERE_MODIFICATION_ETAT"`
}

type xmlBloc struct {
	Code  string `xml:"CODE"`
	Label string `xml:"LIBELLE"`
	Eval  string `xml:"MODALITES_EVALUATION"`
}

type xmlStat struct {
	Year         string `xml:"ANNEE"`
	Certified    string `xml:"NOMBRE_CERTIFIES"`
	CertifiedVAE string `xml:"NOMBRE_CERTIFIES_VAE"`
	Insertion6m  string `xml:"TAUX_INSERTION_GLOBAL_6MOIS"`
	TargetJob24m string `xml:"TAUX_INSERTION_METIER_2ANS"`
}

type xmlOther struct {
	XMLName     xml.Name
	Active      string `xml:"ACTIF"`
	Composition string `xml:"COMPOSITION"`
}

// reset empties the fiche for reuse; keeping the slices' capacity saves
// allocations on a 30,000-fiche export. The decoder grows a slice without
// zeroing the element it decodes into, so the old elements must be cleared:
// otherwise a field absent from this fiche would keep the previous value.
func (x *xmlFiche) reset() {
	clear(x.Certifiers[:cap(x.Certifiers)])
	clear(x.Partners[:cap(x.Partners)])
	clear(x.Blocs[:cap(x.Blocs)])
	clear(x.Stats[:cap(x.Stats)])
	clear(x.Other[:cap(x.Other)])
	clear(x.Successors[:cap(x.Successors)])
	*x = xmlFiche{Certifiers: x.Certifiers[:0], Partners: x.Partners[:0], Blocs: x.Blocs[:0], Stats: x.Stats[:0], Other: x.Other[:0],
		Successors: x.Successors[:0]}
}

// scanXML streams one XML v4.1 document: the root must be FICHES, each
// FICHE child is decoded on its own.
func (s *scanner) scanXML(ctx context.Context, r io.Reader, name string) error {
	g := newXMLGuard(r)
	d := xml.NewDecoder(bufio.NewReaderSize(g, 256<<10))
	sawRoot := false
	var xf xmlFiche
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			if !sawRoot {
				return rejected("FC_XML", "%s holds no <FICHES> element: %s", name, Expected).WithHint(DownloadHint)
			}
			return s.xmlReadError(d, name, io.ErrUnexpectedEOF)
		}
		if err != nil {
			return s.xmlReadError(d, name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !sawRoot {
				if t.Name.Local != "FICHES" {
					return rejected("FC_XML_ROOT", "%s: the XML root element is <%s>, expected <FICHES> of the France Compétences XML v4.1 export", name, t.Name.Local).
						WithHint(DownloadHint)
				}
				sawRoot = true
				continue
			}
			switch t.Name.Local {
			case "FICHE":
				line, _ := d.InputPos()
				xf.reset()
				g.startFiche()
				err := d.DecodeElement(&xf, &t)
				g.endFiche()
				if err != nil {
					return s.xmlReadError(d, name, err)
				}
				s.xmlFiche(&xf, name, line)
				if err := ctx.Err(); err != nil {
					return err
				}
			case "VERSION_FLUX":
				var v string
				if err := d.DecodeElement(&v, &t); err != nil {
					return s.xmlReadError(d, name, err)
				}
				s.res.Version = clean(v)
			default:
				if err := d.Skip(); err != nil {
					return s.xmlReadError(d, name, err)
				}
			}
		case xml.EndElement:
			// Children of FICHES are consumed whole: this is </FICHES>.
			return nil
		}
	}
}

func (s *scanner) xmlReadError(d *xml.Decoder, name string, err error) error {
	if le, ok := asLimit(err); ok {
		return rejectLimit(name, le)
	}
	line, _ := d.InputPos()
	var se *xml.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || (errors.As(err, &se) && strings.Contains(se.Msg, "unexpected EOF")):
		return rejected("FC_TRUNCATED", "%s ends at line %d before </FICHES> (after %d fiches): the file is truncated; nothing was imported", name, line, s.res.Scanned).
			WithHint("download the export again; " + DownloadHint)
	case errors.As(err, &se):
		return rejected("FC_XML", "%s:%d: XML syntax error: %s; nothing was imported", name, se.Line, se.Msg).
			WithHint("download the export again; " + DownloadHint)
	}
	if strings.Contains(err.Error(), "CharsetReader") {
		return rejected("FC_XML", "%s: %v: habil reads the UTF-8 export as published", name, err).WithHint(DownloadHint)
	}
	return rejected("FC_DAMAGED", "%s: cannot read past line %d (%v): the file is damaged; nothing was imported", name, line, err).
		WithHint("download the export again; " + DownloadHint)
}

// xmlFiche converts one decoded FICHE and applies the selection.
func (s *scanner) xmlFiche(xf *xmlFiche, file string, line int) {
	code, _ := normCode(xf.Code)
	s.count(code)
	b := newBuilder(file, line, xf.Code)
	withSIRET := false
	for _, c := range xf.Certifiers {
		b.certifier(c.SIRET, c.Name)
	}
	selected := s.wanted(code, b.f.Certifiers)
	for _, c := range b.f.Certifiers {
		s.countCertifier(code, c, selected)
		if c.SIRET != "" {
			withSIRET = true
		}
	}
	if !withSIRET {
		s.res.WithoutCertifierSIRET++
	}

	b.code("NUMERO_FICHE")
	b.title("INTITULE", xf.Title)
	b.level("NOMENCLATURE_EUROPE/NIVEAU", xf.Level)
	c := &b.f.Cert
	c.Active = b.flag("ACTIF", xf.Active)
	c.EndDate = b.date(line, "DATE_FIN_ENREGISTREMENT", xf.EndDate, true)
	c.DeliveryLimit = b.date(line, "DATE_LIMITE_DELIVRANCE", xf.Limit, true)
	c.RegistrationType = b.text(line, "TYPE_ENREGISTREMENT", xf.RegType)
	c.PartialValidation = b.flag("VALIDATION_PARTIELLE", xf.Partial)
	c.Published.Prerequisites = b.longText(line, "PREREQUIS_ENTREE_FORMATION", xf.Prereq)
	for _, x := range xf.Successors {
		b.successor(line, "NOUVELLE_CERTIFICATION/ID_FICHE_NOUVELLE_CERTIFICATION", x)
	}
	for _, x := range xf.Blocs {
		b.bloc(line, "BLOC_COMPETENCES/CODE", "BLOC_COMPETENCES/LIBELLE", x.Code, x.Label)
		b.blocEvaluation(line, "BLOC_COMPETENCES/MODALITES_EVALUATION", x.Code, x.Eval)
	}
	for _, o := range xf.Other {
		a, ok := domain.AccessFromXMLTag(o.XMLName.Local)
		if !ok {
			continue
		}
		open := b.flag(o.XMLName.Local+"/ACTIF", o.Active)
		if open != nil && *open {
			b.route(a)
		}
		b.jury(a, open != nil && *open, b.longText(line, o.XMLName.Local+"/COMPOSITION", o.Composition))
	}
	for _, x := range xf.Stats {
		b.stat(line, x.Year, x.Certified, x.CertifiedVAE, x.Insertion6m, x.TargetJob24m)
	}
	for _, p := range xf.Partners {
		b.partner(domain.PublishedPartner{SIRET: p.SIRET, Name: p.Name, Habilitation: p.Habilitation, Status: p.Status,
			ActiveSince:  b.date(line, "PARTENAIRE/DATE_ACTIF", p.Since, false),
			StatusChange: b.date(line, "PARTENAIRE/DATE_DERNIERE_MODIFICATION_ETAT", p.Change, false)})
	}
	if selected {
		s.keep(code, b.done(s.res.Shape, s.res.Date))
		return
	}
	s.skip(b.f.Problems)
}
