package domain

import (
	"fmt"
	"strings"
)

// Role of a partner organisation.
type Role string

const (
	RolePartner     Role = "partner"
	RoleCoCertifier Role = "co-certifier"
)

// ParseRole reads partner/partenaire or co-certifier/co-certificateur.
func ParseRole(s string) (Role, error) {
	switch Fold(s) {
	case "", "partner", "partenaire", "partenaire habilite":
		return RolePartner, nil
	case "co certifier", "co certificateur", "cocertificateur", "cocertifier":
		return RoleCoCertifier, nil
	}
	return "", Invalid("ROLE", "%q is not a role: use partner (partenaire) or co-certifier (co-certificateur)", strings.TrimSpace(s))
}

// PartnerStatus is the life-cycle state of a partner.
type PartnerStatus string

const (
	StatusProspect  PartnerStatus = "prospect"
	StatusActive    PartnerStatus = "active"
	StatusSuspended PartnerStatus = "suspended"
	StatusWithdrawn PartnerStatus = "withdrawn"
)

// French is how documents word a partner status.
func (s PartnerStatus) French() string {
	switch s {
	case StatusProspect:
		return "prospect"
	case StatusActive:
		return "actif"
	case StatusSuspended:
		return "suspendu"
	case StatusWithdrawn:
		return "retiré"
	}
	return string(s)
}

// ParsePartnerStatus reads English or French status words.
func ParsePartnerStatus(s string) (PartnerStatus, error) {
	switch Fold(s) {
	case "prospect":
		return StatusProspect, nil
	case "active", "actif", "active e", "en cours":
		return StatusActive, nil
	case "suspended", "suspendu", "suspendue":
		return StatusSuspended, nil
	case "withdrawn", "retire", "retiree", "supprime", "supprimee":
		return StatusWithdrawn, nil
	}
	return "", Invalid("STATUS", "%q is not a partner status: use prospect, active (actif), suspended (suspendu) or withdrawn (retiré)", strings.TrimSpace(s))
}

// CanTransition reports whether a partner may go from one status to another:
// prospect → active → suspended → active | withdrawn; withdrawn is final.
// Any non-final status may also be withdrawn (a prospect that gives up).
func CanTransition(from, to PartnerStatus) error {
	if from == to {
		return Conflict("STATUS_SAME", "the partner is already %s", to)
	}
	ok := false
	switch from {
	case StatusProspect:
		ok = to == StatusActive || to == StatusWithdrawn
	case StatusActive:
		ok = to == StatusSuspended || to == StatusWithdrawn
	case StatusSuspended:
		ok = to == StatusActive || to == StatusWithdrawn
	case StatusWithdrawn:
		return Conflict("STATUS_FINAL", "the partner was withdrawn: withdrawal is final").
			WithHint("its record and history are kept for the audit trail; see 'habil partner show SIRET'")
	}
	if !ok {
		article := "a"
		if from == StatusActive {
			article = "an"
		}
		return Conflict("STATUS_TRANSITION", "%s %s partner cannot become %s (allowed: prospect → active → suspended → active or withdrawn)", article, from, to)
	}
	return nil
}

// Qualiopi describes a partner's Qualiopi certificate.
type Qualiopi struct {
	Body       string   // certification body
	Number     string   // certificate number (no national format)
	Categories []string // actions de formation, bilans de compétences, VAE, apprentissage
	ValidUntil Date
}

// Partner is a training body habilitated (or candidate to be) by the certifier.
type Partner struct {
	SIRET          SIRET
	Name           string
	NDA            NDA
	Role           Role
	Status         PartnerStatus
	Address        string
	Representative string // legal representative (name, title)
	Email          string
	Phone          string
	Website        string
	Qualiopi       Qualiopi
	UAI            string
	// StatusSince is the date of the last status change (zero when unknown).
	StatusSince Date
	// Habilitations are filled by the store, by certification then start date.
	Habilitations []Habilitation
	// History lists the status changes, oldest first (filled by the store).
	History []StatusChange
}

// StatusChange is one step of a partner's life cycle.
type StatusChange struct {
	From       PartnerStatus // "" for the first status
	To         PartnerStatus
	Date       Date
	Reason     string
	RecordedAt string // RFC 3339 instant the change was recorded
	// ObservationsUntil is, for a suspension under R6113-16-6, the deadline
	// given to the partner for its observations (zero otherwise).
	ObservationsUntil Date
}

// Scope is what a partner is habilitated to do for a certification.
type Scope string

const (
	ScopeTrain  Scope = "train"
	ScopeAssess Scope = "assess"
	ScopeBoth   Scope = "both"
)

// ParseScope reads train/assess/both, the French words and the France
// Compétences codes.
func ParseScope(s string) (Scope, error) {
	switch Fold(s) {
	case "train", "former", "preparer", "formation", "habilitation former":
		return ScopeTrain, nil
	case "assess", "evaluer", "organiser", "evaluation", "organiser l evaluation", "habilitation organiser":
		return ScopeAssess, nil
	case "both", "former et evaluer", "former et organiser", "les deux", "habilitation orga form":
		return ScopeBoth, nil
	}
	return "", Invalid("SCOPE", "%q is not a habilitation scope: use train (former), assess (évaluer) or both (former et évaluer)", strings.TrimSpace(s))
}

// FCCode is the France Compétences habilitation code.
func (s Scope) FCCode() string {
	switch s {
	case ScopeTrain:
		return "HABILITATION_FORMER"
	case ScopeAssess:
		return "HABILITATION_ORGANISER"
	case ScopeBoth:
		return "HABILITATION_ORGA_FORM"
	}
	return ""
}

// ScopeFromFCCode maps a France Compétences code back to a scope.
func ScopeFromFCCode(code string) (Scope, bool) {
	switch strings.TrimSpace(code) {
	case "HABILITATION_FORMER":
		return ScopeTrain, true
	case "HABILITATION_ORGANISER":
		return ScopeAssess, true
	case "HABILITATION_ORGA_FORM":
		return ScopeBoth, true
	}
	return "", false
}

// Label is the French wording for documents.
func (s Scope) Label() string {
	switch s {
	case ScopeTrain:
		return "habilitation à former (préparer à la certification)"
	case ScopeAssess:
		return "habilitation à organiser l'évaluation"
	case ScopeBoth:
		return "habilitation à former et à organiser l'évaluation"
	}
	return string(s)
}

// Trains reports whether the scope allows training (and so a CPF offer).
func (s Scope) Trains() bool { return s == ScopeTrain || s == ScopeBoth }

// Assesses reports whether the scope allows organising assessments.
func (s Scope) Assesses() bool { return s == ScopeAssess || s == ScopeBoth }

// Habilitation lets a partner train and/or assess for a certification,
// possibly limited to some blocs and access routes, over a period.
type Habilitation struct {
	ID            int64
	PartnerSIRET  SIRET
	Certification CertCode
	Scope         Scope
	Blocs         []string // empty = whole certification
	Access        []Access // empty = every route the certification opens
	From          Date
	To            Date   // zero = until the certification's registration end
	EndReason     string // why it was ended early (habilitation end), if it was
}

// FCCode is the France Compétences code of the habilitation
// (HABILITATION_FORMER, HABILITATION_ORGANISER or HABILITATION_ORGA_FORM).
func (h Habilitation) FCCode() string { return h.Scope.FCCode() }

// Period prints the habilitation's period: "2025-01-01 → 2027-06-30" or
// "2025-01-01 → (open)".
func (h Habilitation) Period() string {
	to := "(open)"
	if !h.To.IsZero() {
		to = h.To.String()
	}
	return h.From.String() + " → " + to
}

// InForce reports whether the habilitation covers date d.
func (h Habilitation) InForce(d Date) bool {
	if d.Before(h.From) {
		return false
	}
	return h.To.IsZero() || !d.After(h.To)
}

// Overlaps reports whether two periods intersect (a zero To is open-ended).
func (h Habilitation) Overlaps(o Habilitation) bool {
	endsBefore := func(a Habilitation, start Date) bool { return !a.To.IsZero() && a.To.Before(start) }
	return !endsBefore(h, o.From) && !endsBefore(o, h.From)
}

// ValidateHabilitation checks a habilitation against its certification:
// blocs belong to it (and RS has none), routes are open on it, dates are
// ordered and within the registration (HabilitationLimit: the delivery
// deadline when the fiche gives one), and a train-only habilitation does
// not cover the free-candidate route (CL).
func ValidateHabilitation(h Habilitation, c *Certification) error {
	if h.Certification != c.Code {
		return Invalid("CERTIFICATION", "habilitation for %s checked against %s", h.Certification, c.Code)
	}
	if c.Code.Register() == RS && len(h.Blocs) > 0 {
		return Invalid("BLOC_ON_RS", "%s is an RS certification: it has no blocs", c.Code)
	}
	for _, b := range h.Blocs {
		if !c.HasBloc(b) {
			codes := make([]string, len(c.Blocs))
			for i, x := range c.Blocs {
				codes[i] = x.Code
			}
			msg := "it has no blocs recorded"
			if len(codes) > 0 {
				msg = "its blocs are " + strings.Join(codes, ", ")
			}
			return Invalid("BLOC_UNKNOWN", "bloc %s does not belong to %s: %s", b, c.Code, msg)
		}
	}
	if len(c.Access) > 0 {
		for _, a := range h.Access {
			if !c.HasAccess(a) {
				return Invalid("ACCESS_CLOSED", "access route %s is not open on %s (open routes: %s)", a, c.Code, AccessCodes(c.Access))
			}
		}
	}
	if h.From.IsZero() {
		return Invalid("FROM_MISSING", "the habilitation has no start date")
	}
	if !h.To.IsZero() && h.To.Before(h.From) {
		return Invalid("DATES_ORDER", "the habilitation ends (%s) before it starts (%s)", h.To, h.From)
	}
	if e := beyondLimit(c, h.From, h.To); e != nil {
		return e
	}
	if e := checkTrainOnCL(h, c); e != nil {
		return e
	}
	return nil
}

// CheckOverlap refuses h when it overlaps another habilitation of the same
// partner on the same certification (h itself, same ID, is skipped). The
// error names the existing habilitation and its period.
func CheckOverlap(h Habilitation, existing []Habilitation) error {
	for _, o := range existing {
		if o.Certification != h.Certification || (h.ID != 0 && o.ID == h.ID) {
			continue
		}
		if h.Overlaps(o) {
			return Conflict("HABILITATION_OVERLAP", "the period %s overlaps habilitation #%d of %s on %s (%s, %s)",
				h.Period(), o.ID, FormatSIRET(string(o.PartnerSIRET)), o.Certification, o.Scope, o.Period()).
				WithHint("end it first ('habil partner habilitation end %d --date D'), or start the new one after it", o.ID)
		}
	}
	return nil
}

// CanHabilitate refuses a habilitation for a withdrawn partner.
func CanHabilitate(p *Partner) error {
	if p.Status == StatusWithdrawn {
		return Conflict("PARTNER_WITHDRAWN", "%s (%s) was withdrawn: it cannot be habilitated", p.Name, p.SIRET.Formatted()).
			WithHint("withdrawal is final; see its history with 'habil partner show %s'", p.SIRET)
	}
	return nil
}

// ParseEmail checks an e-mail address loosely: one @, a local part, a
// domain with a dot, no spaces. An empty string is accepted (no e-mail).
func ParseEmail(s string) (string, error) {
	e := strings.TrimSpace(s)
	if e == "" {
		return "", nil
	}
	e = strings.TrimPrefix(e, "mailto:")
	local, dom, ok := strings.Cut(e, "@")
	if !ok || local == "" || strings.Contains(dom, "@") || strings.ContainsAny(e, " \t,;<>()[]\\\"") ||
		!strings.Contains(dom, ".") || strings.HasPrefix(dom, ".") || strings.HasSuffix(dom, ".") || strings.Contains(dom, "..") {
		return "", Invalid("EMAIL_FORMAT", "%q is not an e-mail address", e).WithHint("write it as name@domain.fr")
	}
	return local + "@" + strings.ToLower(dom), nil
}

// NormalizeWebsite checks a website address. A bare host ("of-exemple.fr" or
// "www.of-exemple.fr/formations") gets "https://" in front; added reports it.
// Only http and https are accepted. An empty string is accepted (no site).
func NormalizeWebsite(s string) (url string, added bool, err error) {
	u := strings.TrimSpace(s)
	if u == "" {
		return "", false, nil
	}
	lower := strings.ToLower(u)
	if strings.Contains(lower, "://") {
		if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
			return "", false, Invalid("WEBSITE_FORMAT", "%q is not a website address: only http:// and https:// are accepted", u)
		}
	} else {
		u, added = "https://"+u, true
	}
	rest := u[strings.Index(u, "://")+3:]
	host := rest
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if i := strings.LastIndex(host, ":"); i >= 0 {
		host = host[:i]
	}
	if host == "" || !strings.Contains(host, ".") || strings.ContainsAny(u, " \t\"<>") || strings.HasPrefix(host, ".") || strings.HasSuffix(host, ".") {
		return "", false, Invalid("WEBSITE_FORMAT", "%q is not a website address", strings.TrimSpace(s)).
			WithHint("write it as https://www.example.fr")
	}
	return u, added, nil
}

// ValidatePartner checks a partner record before it is saved: a SIRET, a
// name, a valid role and status, and well-formed optional fields.
func ValidatePartner(p *Partner) error {
	if p.SIRET == "" {
		return Invalid("SIRET_MISSING", "the partner has no SIRET")
	}
	if !SIRETChecksumOK(string(p.SIRET)) {
		return Invalid("SIRET_CHECKSUM", "%s is not a valid SIRET (checksum)", p.SIRET.Formatted())
	}
	if strings.TrimSpace(p.Name) == "" {
		return Invalid("NAME_MISSING", "the partner %s has no name", p.SIRET.Formatted()).WithHint("give its legal name (raison sociale)")
	}
	if err := CleanPartnerTexts(p); err != nil {
		return err
	}
	if p.Role != RolePartner && p.Role != RoleCoCertifier {
		return Invalid("ROLE", "%q is not a role: use partner or co-certifier", p.Role)
	}
	switch p.Status {
	case StatusProspect, StatusActive, StatusSuspended, StatusWithdrawn:
	default:
		return Invalid("STATUS", "%q is not a partner status: use prospect, active, suspended or withdrawn", p.Status)
	}
	if p.NDA != "" {
		if _, err := ParseNDA(string(p.NDA)); err != nil {
			return err
		}
	}
	if _, err := ParseEmail(p.Email); err != nil {
		return err
	}
	if p.Website != "" {
		if _, _, err := NormalizeWebsite(p.Website); err != nil {
			return err
		}
	}
	if p.UAI != "" {
		if _, err := ParseUAI(p.UAI); err != nil {
			return err
		}
	}
	return nil
}

// ParseQualiopiCategories reads the Qualiopi action categories (comma or
// semicolon separated): actions de formation (AF), bilans de compétences
// (BC), VAE, apprentissage (CFA). The result is deduplicated, in that order.
func ParseQualiopiCategories(s string) ([]string, error) {
	set := map[string]bool{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' || r == '/' }) {
		k := Fold(part)
		if k == "" {
			continue
		}
		var c string
		switch k {
		case "af", "formation", "actions de formation", "action de formation", "actions de formation continue":
			c = QualiopiTraining
		case "bc", "bilan", "bilans", "bilan de competences", "bilans de competences":
			c = QualiopiSkillsAudit
		case "vae", "validation des acquis de l experience", "actions permettant de faire valider les acquis de l experience":
			c = QualiopiVAE
		case "cfa", "apprentissage", "actions de formation par apprentissage", "formation par apprentissage":
			c = QualiopiApprenticeship
		default:
			return nil, Invalid("QUALIOPI_CATEGORY", "%q is not a Qualiopi category: use formation, bilan, vae or apprentissage", strings.TrimSpace(part))
		}
		set[c] = true
	}
	var out []string
	for _, c := range QualiopiCategories {
		if set[c] {
			out = append(out, c)
		}
	}
	return out, nil
}

// Qualiopi action categories (article L.6313-1 of the Code du travail).
const (
	QualiopiTraining       = "formation"
	QualiopiSkillsAudit    = "bilan"
	QualiopiVAE            = "vae"
	QualiopiApprenticeship = "apprentissage"
)

// QualiopiCategories lists the categories in their legal order.
var QualiopiCategories = []string{QualiopiTraining, QualiopiSkillsAudit, QualiopiVAE, QualiopiApprenticeship}

// DiffPartner lists the identity fields that differ between a and b, one
// line each as `field: "old" → "new"` (the journal's and the import plan's
// wording). The status is not compared.
func DiffPartner(a, b *Partner) []string {
	var d []string
	str := func(field, x, y string) {
		if x != y {
			d = append(d, fmt.Sprintf("%s: %q → %q", field, x, y))
		}
	}
	str("name", a.Name, b.Name)
	str("nda", string(a.NDA), string(b.NDA))
	str("role", string(a.Role), string(b.Role))
	str("address", a.Address, b.Address)
	str("representative", a.Representative, b.Representative)
	str("email", a.Email, b.Email)
	str("phone", a.Phone, b.Phone)
	str("website", a.Website, b.Website)
	str("qualiopi body", a.Qualiopi.Body, b.Qualiopi.Body)
	str("qualiopi number", a.Qualiopi.Number, b.Qualiopi.Number)
	str("qualiopi categories", strings.Join(a.Qualiopi.Categories, ","), strings.Join(b.Qualiopi.Categories, ","))
	str("qualiopi until", a.Qualiopi.ValidUntil.String(), b.Qualiopi.ValidUntil.String())
	str("uai", a.UAI, b.UAI)
	return d
}

// CleanPartnerTexts applies the text rule (CleanText, CleanLines) to every
// free text of p: the address may hold line breaks (normalised to "\n"),
// the other fields are one line.
func CleanPartnerTexts(p *Partner) error {
	for _, f := range []struct{ name, v string }{
		{"the partner's name", p.Name},
		{"the representative", p.Representative},
		{"the e-mail", p.Email},
		{"the phone", p.Phone},
		{"the website", p.Website},
		{"the Qualiopi body", p.Qualiopi.Body},
		{"the Qualiopi number", p.Qualiopi.Number},
		{"the UAI", p.UAI},
	} {
		if err := CleanText(f.name, f.v); err != nil {
			return err
		}
	}
	addr, err := CleanLines("the address", p.Address)
	if err != nil {
		return err
	}
	p.Address = addr
	return nil
}
