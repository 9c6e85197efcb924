package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"text/template"

	"github.com/habil-app/habil/internal/domain"
)

//go:embed templates/convention.tmpl
var defaultConventionTemplate string

// DefaultConventionTemplate returns the default article texts of the
// convention, as written by 'habil convention text'.
func DefaultConventionTemplate() string { return defaultConventionTemplate }

// ConventionInput is everything a convention document is built from.
type ConventionInput struct {
	Certifier     domain.Certifier
	Partner       *domain.Partner
	Certification *domain.Certification
	Convention    *domain.Convention
	EditedOn      domain.Date // the day the document is printed
}

// ConventionData is what the template sees. Every value is ready to print
// (French dates, formatted SIRET, amounts in euros); an unknown value is "".
type ConventionData struct {
	Convention    ConventionInfo
	Certifier     CertifierInfo
	Partner       PartnerInfo
	Certification CertificationInfo
	Scope         ScopeInfo
	Fees          FeesInfo
	EditedOn      string // date of printing, "3 mars 2026"
}

// ConventionInfo describes the convention itself.
type ConventionInfo struct {
	Number        string // CONV-2025-0007
	Version       int    // 1, then 2 after avenant n° 1…
	Amended       bool   // at least one avenant
	LastAmendment int    // number of the last avenant (0 when none)
	Date          string // date of the current version ("3 mars 2025")
	CreatedOn     string // date the convention was drawn up
	From          string // first day covered
	To            string // last day covered
	Status        string // projet, envoyée au partenaire, signée…
	SignedOn      string // date of signature, "" when not signed
	Renews        string // number of the convention it renews, "" when none
	Amendments    []AmendmentInfo
}

// AmendmentInfo is one avenant.
type AmendmentInfo struct {
	Number int    // avenant n° 1, 2…
	Date   string // its date
	Reason string // its object
}

// CertifierInfo is the certifier's identity (habil init).
type CertifierInfo struct {
	Name      string
	SIRET     string // "732 829 320 00074"
	NDA       string // 11 digits, "" when none
	NDAText   string // "Déclaration d'activité enregistrée sous le numéro … auprès du préfet de région", "" when no NDA
	Address   string
	Signatory string // name and title of the person who signs
}

// PartnerInfo is the partner's identity.
type PartnerInfo struct {
	Name           string
	SIRET          string // "852 620 160 07290"
	NDA            string
	NDAText        string
	Address        string
	Representative string
	Email          string
	Phone          string
	Website        string
	UAI            string
	Role           string // partenaire, co-certificateur
	Qualiopi       QualiopiInfo
}

// QualiopiInfo is the partner's Qualiopi certificate.
type QualiopiInfo struct {
	Body       string
	Number     string
	Categories string // "actions de formation, VAE"
	ValidUntil string
	Text       string // one sentence describing the certificate, or "" when nothing is recorded
}

// CertificationInfo describes the certification.
type CertificationInfo struct {
	Code            string // RNCP35419
	Title           string // exact title
	Register        string // RNCP or RS
	RegisterName    string // Répertoire national des certifications professionnelles…
	Level           string // "5", "" for RS
	LevelText       string // "niveau 5 du cadre national des certifications professionnelles", ""
	RegistrationEnd string // end of the registration, "" when unknown
	URL             string // the fiche on francecompetences.fr
	HasBlocs        bool
	Blocs           []BlocInfo   // every bloc, Covered telling whether the convention covers it
	Access          []AccessInfo // every route open on the certification
}

// BlocInfo is a bloc de compétences.
type BlocInfo struct {
	Code    string
	Label   string
	Covered bool
	Yes     string // "oui" or "non"
}

// AccessInfo is an access route.
type AccessInfo struct {
	Code    string // FI, CA, FC, CQ, CL, VAE
	Label   string // in words
	Covered bool
	Yes     string // "oui" or "non"
}

// ScopeInfo is what the convention covers (copied from the habilitation).
type ScopeInfo struct {
	Code       string // HABILITATION_FORMER, HABILITATION_ORGANISER, HABILITATION_ORGA_FORM
	Label      string // habilitation à former et à organiser l'évaluation
	Trains     bool
	Assesses   bool
	Whole      bool         // the whole certification (every bloc)
	Blocs      []BlocInfo   // the blocs covered
	Access     []AccessInfo // the routes covered
	AccessText string       // "formation continue, contrat de professionnalisation et VAE"
}

// FeesInfo are the fees in euros ("150,00 €"); "" when the fee does not apply.
type FeesInfo struct {
	PerCandidate string
	PerExam      string
	FlatYearly   string
	Any          bool
}

// Blank is printed for an identity field that is not recorded, to be
// completed by hand.
const Blank = "……………………………………"

func clean(s string) string {
	s = strings.TrimSpace(s)
	s = strings.NewReplacer("\r\n", ", ", "\n", ", ", "\r", ", ", "\t", " ").Replace(s)
	return s
}

// NDAText is the wording required on conventions for a déclaration
// d'activité. The region is not derived from the number (its prefix is not
// an official rule).
func NDAText(nda domain.NDA) string {
	if nda == "" {
		return ""
	}
	return fmt.Sprintf("Déclaration d'activité enregistrée sous le numéro %s auprès du préfet de région", nda)
}

// FicheURL is the public page of the certification on francecompetences.fr.
func FicheURL(code domain.CertCode) string {
	if code.Register() == domain.RS {
		return "https://www.francecompetences.fr/recherche/rs/" + code.Number() + "/"
	}
	return "https://www.francecompetences.fr/recherche/rncp/" + code.Number() + "/"
}

func frenchList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " et " + items[len(items)-1]
}

func yes(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}

// NewConventionData prepares the template data. Warnings name the identity
// fields that are not recorded (printed as blanks to complete by hand).
func NewConventionData(in ConventionInput) (ConventionData, []string) {
	var warns []string
	c, p, cert := in.Convention, in.Partner, in.Certification
	t := c.Terms()
	or := func(v, what string) string {
		v = clean(v)
		if v == "" {
			warns = append(warns, what+" is not recorded: the PDF has a blank to complete by hand")
			return Blank
		}
		return v
	}
	d := ConventionData{EditedOn: in.EditedOn.FrenchLong()}
	d.Convention = ConventionInfo{
		Number: c.Number, Version: t.Version, Amended: t.Version > 1, LastAmendment: t.Version - 1,
		Date: t.Date.FrenchLong(), CreatedOn: c.CreatedOn.FrenchLong(), From: t.From.FrenchLong(), To: t.To.FrenchLong(),
		Status: c.Status.French(), SignedOn: c.SignedOn.FrenchLong(), Renews: c.RenewsNumber,
	}
	for _, a := range c.Amendments() {
		d.Convention.Amendments = append(d.Convention.Amendments, AmendmentInfo{Number: a.Version - 1, Date: a.Date.FrenchLong(), Reason: clean(a.Reason)})
	}
	ci := in.Certifier
	d.Certifier = CertifierInfo{
		Name: clean(ci.Name), SIRET: ci.SIRET.Formatted(), NDA: string(ci.NDA), NDAText: NDAText(ci.NDA),
		Address:   or(ci.Address, "the certifier's address (habil init --address)"),
		Signatory: or(ci.Signatory, "the certifier's signatory (habil init --signatory)"),
	}
	role := "partenaire"
	if p.Role == domain.RoleCoCertifier {
		role = "co-certificateur"
	}
	d.Partner = PartnerInfo{
		Name: clean(p.Name), SIRET: p.SIRET.Formatted(), NDA: string(p.NDA), NDAText: NDAText(p.NDA),
		Address:        or(p.Address, "the partner's address"),
		Representative: or(p.Representative, "the partner's legal representative"),
		Email:          clean(p.Email), Phone: clean(p.Phone), Website: clean(p.Website), UAI: clean(p.UAI), Role: role,
	}
	if p.NDA == "" {
		warns = append(warns, "the partner's déclaration d'activité number (NDA) is not recorded")
	}
	q := p.Qualiopi
	d.Partner.Qualiopi = QualiopiInfo{Body: clean(q.Body), Number: clean(q.Number), Categories: strings.Join(q.Categories, ", "), ValidUntil: q.ValidUntil.FrenchLong()}
	if q.Number != "" || q.Body != "" || !q.ValidUntil.IsZero() {
		var parts []string
		s := "certificat Qualiopi"
		if q.Number != "" {
			s += " n° " + clean(q.Number)
		}
		parts = append(parts, s)
		if q.Body != "" {
			parts = append(parts, "délivré par "+clean(q.Body))
		}
		if len(q.Categories) > 0 {
			parts = append(parts, "au titre de la catégorie "+strings.Join(q.Categories, ", "))
		}
		if !q.ValidUntil.IsZero() {
			parts = append(parts, "valable jusqu'au "+q.ValidUntil.FrenchLong())
		}
		d.Partner.Qualiopi.Text = strings.Join(parts, ", ")
	}

	level := ""
	if cert.Level > 0 {
		level = fmt.Sprint(cert.Level)
	}
	d.Certification = CertificationInfo{
		Code: string(cert.Code), Title: clean(cert.Title), Register: string(cert.Code.Register()), Level: level,
		RegistrationEnd: cert.EndDate.FrenchLong(), URL: FicheURL(cert.Code), HasBlocs: len(cert.Blocs) > 0,
	}
	if cert.Code.Register() == domain.RS {
		d.Certification.RegisterName = "Répertoire spécifique des certifications et habilitations"
	} else {
		d.Certification.RegisterName = "Répertoire national des certifications professionnelles"
	}
	if level != "" {
		d.Certification.LevelText = "niveau " + level + " du cadre national des certifications professionnelles"
	}
	if cert.EndDate.IsZero() {
		warns = append(warns, fmt.Sprintf("the registration end of %s is not recorded", cert.Code))
	}
	covered := map[string]bool{}
	for _, b := range t.Blocs {
		covered[b] = true
	}
	whole := len(t.Blocs) == 0
	for _, b := range cert.Blocs {
		in := whole || covered[b.Code]
		bi := BlocInfo{Code: b.Code, Label: clean(b.Label), Covered: in, Yes: yes(in)}
		d.Certification.Blocs = append(d.Certification.Blocs, bi)
		if in {
			d.Scope.Blocs = append(d.Scope.Blocs, bi)
		}
	}
	// Blocs of the convention missing from the certification (renamed fiche): keep them visible.
	for _, b := range t.Blocs {
		if !cert.HasBloc(b) {
			bi := BlocInfo{Code: b, Label: "(bloc absent de la fiche enregistrée)", Covered: true, Yes: "oui"}
			d.Scope.Blocs = append(d.Scope.Blocs, bi)
			d.Certification.Blocs = append(d.Certification.Blocs, bi)
			warns = append(warns, fmt.Sprintf("bloc %s of the convention is not a bloc of %s any more", b, cert.Code))
		}
	}
	routes := cert.Access
	if len(routes) == 0 {
		routes = domain.AllAccess
	}
	coveredA := map[domain.Access]bool{}
	for _, a := range t.Access {
		coveredA[a] = true
	}
	var words []string
	for _, a := range routes {
		in := len(t.Access) == 0 || coveredA[a]
		ai := AccessInfo{Code: string(a), Label: a.Label(), Covered: in, Yes: yes(in)}
		d.Certification.Access = append(d.Certification.Access, ai)
		if in {
			d.Scope.Access = append(d.Scope.Access, ai)
			words = append(words, a.Label())
		}
	}
	for _, a := range t.Access {
		if len(cert.Access) > 0 && !cert.HasAccess(a) {
			ai := AccessInfo{Code: string(a), Label: a.Label(), Covered: true, Yes: "oui"}
			d.Scope.Access = append(d.Scope.Access, ai)
			words = append(words, a.Label())
		}
	}
	d.Scope.AccessText = frenchList(words)
	d.Scope.Code, d.Scope.Label = t.Scope.FCCode(), t.Scope.Label()
	d.Scope.Trains, d.Scope.Assesses = t.Scope.Trains(), t.Scope.Assesses()
	d.Scope.Whole = whole
	money := func(m domain.Money) string {
		if m == 0 {
			return ""
		}
		return m.French()
	}
	d.Fees = FeesInfo{PerCandidate: money(t.Fees.PerCandidate), PerExam: money(t.Fees.PerExam), FlatYearly: money(t.Fees.FlatYearly), Any: t.Fees.Any()}
	return d, warns
}

// ConventionTemplate is a parsed and checked convention template.
type ConventionTemplate struct {
	name string
	t    *template.Template
}

// ParseConventionTemplate parses a template (name is the file name shown in
// errors) and checks statically that every field it uses exists, so that a
// mistake is reported before any document is written, whatever the data.
func ParseConventionTemplate(name, src string) (*ConventionTemplate, error) {
	t, err := template.New(name).Option("missingkey=error").Parse(src)
	if err != nil {
		return nil, templateErr(name, err)
	}
	if err := checkFields(name, t, ConventionData{}); err != nil {
		return nil, err
	}
	return &ConventionTemplate{name: name, t: t}, nil
}

// Build executes the template on the convention's data and parses the
// resulting markup into a document.
func (ct *ConventionTemplate) Build(in ConventionInput) (*Document, []string, error) {
	data, warns := NewConventionData(in)
	var buf bytes.Buffer
	if err := ct.t.Execute(&buf, data); err != nil {
		return nil, nil, templateErr(ct.name, err)
	}
	doc, err := ParseMarkup(buf.String())
	if err != nil {
		return nil, nil, err
	}
	doc.Author = data.Certifier.Name
	doc.Subject = fmt.Sprintf("Convention de partenariat %s — %s — %s %s", data.Convention.Number, data.Partner.Name, data.Certification.Code, data.Certification.Title)
	if doc.Title == "" {
		doc.Title = "Convention de partenariat"
	}
	return doc, warns, nil
}
