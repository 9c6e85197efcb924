package domain

import (
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
			WithHint("record the organisation again only if it applies anew; its history is kept")
	}
	if !ok {
		return Conflict("STATUS_TRANSITION", "a %s partner cannot become %s (allowed: prospect → active → suspended → active or withdrawn)", from, to)
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
	Habilitations  []Habilitation
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
	To            Date // zero = until the certification's registration end
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
// ordered and within the registration.
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
	if !c.EndDate.IsZero() {
		if h.From.After(c.EndDate) {
			return Invalid("BEYOND_REGISTRATION", "the habilitation starts after %s's registration ends (%s)", c.Code, c.EndDate)
		}
		if !h.To.IsZero() && h.To.After(c.EndDate) {
			return Invalid("BEYOND_REGISTRATION", "the habilitation ends %s, after %s's registration ends (%s)", h.To, c.Code, c.EndDate).
				WithHint("end it on or before %s", c.EndDate)
		}
	}
	return nil
}
