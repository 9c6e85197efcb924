package cpf

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

// Build turns the plain flux into the schema's tree: one certifier, its
// certifications in code order, each with its passages sorted by
// idTechnique (deterministic output).
func Build(in domain.CDCFlux) *Flux {
	ps := append([]domain.CDCPassage(nil), in.Passages...)
	domain.SortCDCPassages(ps)
	cert := Certificateur{IDClient: in.ClientID, IDContrat: in.Contract}
	for _, p := range ps {
		n := len(cert.Certifications.Certification)
		if n == 0 || cert.Certifications.Certification[n-1].Code != string(p.CertCode) {
			cert.Certifications.Certification = append(cert.Certifications.Certification, Certification{
				Type: p.CertType(), Code: string(p.CertCode), NatureDeposant: "CERTIFICATEUR",
			})
			n++
		}
		c := &cert.Certifications.Certification[n-1]
		c.PassageCertifications.Passage = append(c.PassageCertifications.Passage, buildPassage(p))
	}
	sender := in.SenderClientID
	if sender == "" {
		sender = in.ClientID
	}
	return &Flux{
		IDFlux:     in.IDFlux,
		Horodatage: Horodatage(in.At),
		Emetteur: Emetteur{
			IDClient:       sender,
			Certificateurs: Certificateurs{Certificateur: []Certificateur{cert}},
		},
	}
}

// Horodatage formats an instant as the schema wants it: seconds, a numeric
// offset, no fraction (UTC is written +00:00, never Z).
func Horodatage(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format("2006-01-02T15:04:05-07:00")
}

func date(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func num(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func buildPassage(p domain.CDCPassage) Passage {
	out := Passage{
		IDTechnique:                 p.IDTechnique,
		ObtentionCertification:      p.Obtention,
		DonneeCertifiee:             "true",
		DateDebutExamen:             date(p.ExamStart),
		DateFinExamen:               date(p.ExamEnd),
		ModalitePassageExamen:       p.ExamMode,
		CodePostalCentreExamen:      p.CentrePostalCode,
		DateDebutValidite:           date(p.ValidFrom),
		DateFinValidite:             Val(date(p.ValidUntil)),
		PresenceNiveauLangueEuro:    "false",
		PresenceNiveauNumeriqueEuro: "false",
		Scoring:                     Val(p.Scoring),
		MentionValidee:              Val(p.Mention),
		ModalitesInscription: ModalitesInscription{
			ModaliteAcces:   Val(p.Modalite),
			VoieAccessVAE:   p.VoieVAE,
			DateInscription: date(p.RegisteredOn),
		},
	}
	if out.DateFinExamen == "" {
		out.DateFinExamen = out.DateDebutExamen
	}
	t := &Titulaire{
		NomNaissance:   p.BirthName,
		NomUsage:       Val(p.UsageName),
		AnneeNaissance: num(p.BirthYear),
		MoisNaissance:  Val(num(p.BirthMonth)),
		JourNaissance:  Val(num(p.BirthDay)),
		Sexe:           p.Sex,
	}
	if len(p.FirstNames) > 0 {
		t.Prenom1 = p.FirstNames[0]
	}
	if len(p.FirstNames) > 1 {
		t.Prenom2 = p.FirstNames[1]
	}
	if len(p.FirstNames) > 2 {
		t.Prenom3 = p.FirstNames[2]
	}
	if p.BirthINSEE != "" {
		t.CodeCommuneNaissance.CodeInseeNaissance = &CodeInseeNaissance{CodeInsee: p.BirthINSEE}
	} else {
		t.CodeCommuneNaissance.CodePostalNaissance = &CodePostalNaissance{CodePostal: Val(p.BirthPostalCode)}
	}
	if p.BornAbroad() {
		t.CodePaysNaissance = p.BirthINSEE[2:]
		t.LibellePaysNaissance = p.BirthCountry
		if p.BirthTown != "" {
			t.LibelleCommuneNaissance = p.BirthTown
		}
	} else {
		t.LibelleCommuneNaissance = p.BirthTown
		if p.BirthINSEE != "" || p.BirthPostalCode != "" {
			t.LibellePaysNaissance = "France"
		}
	}
	out.IdentificationTitulaire.Titulaire = t
	return out
}

// Write writes the flux as the CDC wants it: XML 1.0, UTF-8, every element
// in namespace prefix cpf, xsi declared on the root, indented between
// elements and never inside a value.
func Write(w io.Writer, f *Flux) error {
	// The plain XML is streamed from a second goroutine into the
	// re-prefixing loop, which writes through a buffer: neither the plain
	// nor the final document is held whole in memory (100,000 passages:
	// about 240 MB each, and growing buffers cost more than the encoding).
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		pw.CloseWithError(xml.NewEncoder(pw).Encode(f))
	}()
	defer func() {
		pr.Close() // unblocks the encoder when the loop stopped early
		<-done
	}()
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	dec := xml.NewDecoder(pr)
	root := true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("writing the accrochage XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			se := xml.StartElement{Name: xml.Name{Local: "cpf:" + t.Name.Local}}
			if root {
				se.Attr = []xml.Attr{
					{Name: xml.Name{Local: "xmlns:cpf"}, Value: Namespace},
					{Name: xml.Name{Local: "xmlns:xsi"}, Value: xsiNS},
				}
				root = false
			}
			for _, a := range t.Attr {
				if a.Name.Space == xsiNS {
					se.Attr = append(se.Attr, xml.Attr{Name: xml.Name{Local: "xsi:" + a.Name.Local}, Value: a.Value})
				}
			}
			err = enc.EncodeToken(se)
		case xml.EndElement:
			err = enc.EncodeToken(xml.EndElement{Name: xml.Name{Local: "cpf:" + t.Name.Local}})
		case xml.CharData:
			err = enc.EncodeToken(t.Copy())
		}
		if err != nil {
			return fmt.Errorf("writing the accrochage XML: %w", err)
		}
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	bw.WriteString("\n")
	return bw.Flush()
}

// Limits of what Parse and ParseAck read.
const (
	MaxFluxBytes = 200 << 20 // the CDC's own limit per file
	MaxAckBytes  = 50 << 20
	maxDepth     = 32
)

// Parse reads a flux file (any prefix bound to the CDC namespace). It never
// resolves external entities (encoding/xml reads no DTD) and refuses files
// over the CDC's 200 MB or nested deeper than the schema.
func Parse(r io.Reader) (*Flux, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFluxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFluxBytes {
		return nil, fmt.Errorf("the file is larger than the CDC's 200 MB limit")
	}
	if err := checkDepth(b); err != nil {
		return nil, err
	}
	var f Flux
	dec := xml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not an accrochage file: %v", err)
	}
	if f.XMLName.Space != Namespace {
		return nil, fmt.Errorf("not an accrochage file: root element is not flux in namespace %s", Namespace)
	}
	return &f, nil
}

func checkDepth(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	depth := 0
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("not well-formed XML: %v", err)
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxDepth {
				return fmt.Errorf("the XML is nested more than %d levels deep", maxDepth)
			}
		case xml.EndElement:
			depth--
		case xml.Directive:
			return fmt.Errorf("the XML carries a DTD or entity declaration: refused")
		}
	}
}
