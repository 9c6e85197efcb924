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
// convention d'habilitation, as written by 'habil convention text'.
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
	StatusCode    string // draft, sent, signed, ended, terminated
	SignedOn      string // date of signature, "" when not signed
	Reference     string // the certifier's own number, "" when none
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
	IsRS            bool   // registered in the répertoire spécifique (a certification or habilitation, not a "certification professionnelle")
	ByScore         bool   // obtained by a score (a test), without a jury
	HasBlocs        bool
	Blocs           []BlocInfo   // every bloc, Covered telling whether the convention covers it
	Access          []AccessInfo // every route open on the certification
	Params          ParamsInfo   // what the certifier sets and every partner respects
}

// ParamsInfo are the requirements the certifier sets for the certification
// (R6113-16-3), ready to print ("35 h", "60 %"); "" when not recorded.
type ParamsInfo struct {
	MinTrainingHours      string // "35 h"
	InternshipMinHours    string // "70 h"
	InternshipMaxHours    string // "280 h"
	MinInPersonPct        string // "60 %"
	MaxTraineesPerTrainer string // "12"
	Prerequisites         string
	JuryComposition       string
	Any                   bool // at least one requirement or bloc evaluation is recorded
}

// BlocInfo is a bloc de compétences.
type BlocInfo struct {
	Code       string
	Label      string
	Covered    bool
	Yes        string // "oui" or "non"
	Evaluation string // evaluation modalities of the bloc, "" when not recorded
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
	CA         bool         // the apprenticeship route (contrat d'apprentissage) is covered
	VAE        bool         // the VAE route is covered
}

// FeesInfo are the fees in euros ("150,00 €"); "" when the fee does not
// apply (a fee per exam only on a convention that covers assessment).
type FeesInfo struct {
	PerCandidate string
	PerExam      string
	FlatYearly   string
	Any          bool // at least one of them applies
}

// Blank is printed for an identity field that is not recorded, to be
// completed by hand.
const Blank = "……………………………………"

func clean(s string) string {
	s = strings.TrimSpace(s)
	s = strings.NewReplacer("\r\n", ", ", "\n", ", ", "\r", ", ", "\t", " ").Replace(s)
	return s
}

// cleanLines is clean for a text of several lines (the France Compétences
// jury composition per route group, prerequisites): its lines become
// clauses separated by semicolons.
func cleanLines(s string) string {
	var parts []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimRight(clean(l), " ;,."); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ; ")
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
		Status: c.Status.French(), StatusCode: string(c.Status), SignedOn: c.SignedOn.FrenchLong(), Renews: c.RenewsNumber,
		Reference: clean(c.Reference),
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
		IsRS: cert.Code.Register() == domain.RS, ByScore: cert.Params.ByScore(),
	}
	d.Certification.Params = paramsInfo(cert.Params)
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
		bi := BlocInfo{Code: b.Code, Label: clean(b.Label), Covered: in, Yes: yes(in), Evaluation: cleanLines(b.Evaluation)}
		if bi.Evaluation != "" {
			d.Certification.Params.Any = true
		}
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
	// The routes the convention covers: those it names, else every open
	// route (except the free-candidate route for a train-only scope: a free
	// candidate is not trained).
	coveredA := map[domain.Access]bool{}
	for _, a := range domain.CoveredRoutes(t.Scope, t.Access, cert) {
		coveredA[a] = true
	}
	var words []string
	for _, a := range routes {
		in := coveredA[a]
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
	for _, a := range d.Scope.Access {
		switch domain.Access(a.Code) {
		case domain.AccessCA:
			d.Scope.CA = true
		case domain.AccessVAE:
			d.Scope.VAE = true
		}
	}
	d.Scope.Code, d.Scope.Label = t.Scope.FCCode(), t.Scope.Label()
	d.Scope.Trains, d.Scope.Assesses = t.Scope.Trains(), t.Scope.Assesses()
	d.Scope.Whole = whole
	money := func(m domain.Money) string {
		if m == 0 {
			return ""
		}
		return m.French()
	}
	d.Fees = FeesInfo{PerCandidate: money(t.Fees.PerCandidate), FlatYearly: money(t.Fees.FlatYearly)}
	if d.Scope.Assesses { // a fee per exam only on a convention that covers assessment
		d.Fees.PerExam = money(t.Fees.PerExam)
	} else if t.Fees.PerExam != 0 {
		warns = append(warns, "the fee per exam is not printed: the convention does not cover assessment")
	}
	d.Fees.Any = d.Fees.PerCandidate != "" || d.Fees.PerExam != "" || d.Fees.FlatYearly != ""
	return d, warns
}

// Hours is a duration in hours the French way ("35\u00a0h").
func Hours(h int) string { return fmt.Sprintf("%d\u00a0h", h) }

// Percent is a percentage the French way ("60\u00a0%").
func Percent(p int) string { return fmt.Sprintf("%d\u00a0%%", p) }

func paramsInfo(p domain.CertificationParams) ParamsInfo {
	var out ParamsInfo
	num := func(v *int, f func(int) string) string {
		if v == nil {
			return ""
		}
		out.Any = true
		return f(*v)
	}
	out.MinTrainingHours = num(p.MinTrainingHours, Hours)
	out.InternshipMinHours = num(p.InternshipMinHours, Hours)
	out.InternshipMaxHours = num(p.InternshipMaxHours, Hours)
	out.MinInPersonPct = num(p.MinInPersonPct, Percent)
	out.MaxTraineesPerTrainer = num(p.MaxTraineesPerTrainer, func(n int) string { return fmt.Sprint(n) })
	out.Prerequisites, out.JuryComposition = cleanLines(p.Prerequisites), cleanLines(p.JuryComposition)
	if out.Prerequisites != "" || out.JuryComposition != "" {
		out.Any = true
	}
	return out
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
	if err := checkMentions(name, t); err != nil {
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
	doc.Subject = fmt.Sprintf("Convention d'habilitation %s — %s — %s %s", data.Convention.Number, data.Partner.Name, data.Certification.Code, data.Certification.Title)
	if doc.Title == "" {
		doc.Title = "Convention d'habilitation"
	}
	return doc, warns, nil
}
