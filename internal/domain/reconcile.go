package domain

import (
	"fmt"
	"sort"
	"strings"
)

// Severity of a finding.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Rank orders severities: error 0, warning 1, info 2.
func (s Severity) Rank() int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// Finding codes of the reconciliation with the France Compétences register.
const (
	// FCUnknownPartner: an organisation listed there as active for one of our
	// certifications is not our active partner habilitated for it.
	FCUnknownPartner = "FC_UNKNOWN_PARTNER"
	// FCRegisterMismatch: another difference (to declare, status, code).
	FCRegisterMismatch = "FC_REGISTER_MISMATCH"
	// FCFicheMissing: one of our certifications could not be compared.
	FCFicheMissing = "FC_FICHE_MISSING"
	// FCCertifierListed: the certifier itself is listed (it trains) but is
	// not recorded as a partner.
	FCCertifierListed = "FC_CERTIFIER_LISTED"
)

// Kinds of reconciliation findings (Finding.Kind).
const (
	ReconcileUnknown        = "unknown"         // listed active, not in our register
	ReconcileNotActive      = "not_active"      // listed active, prospect/suspended/withdrawn here
	ReconcileNotHabilitated = "not_habilitated" // listed active, active here but no habilitation in force on it
	ReconcileNotListed      = "not_listed"      // habilitated here, not listed (active) there: to declare
	ReconcileListedInactive = "listed_inactive" // listed Supprimé/Inactif there, active and habilitated here
	ReconcileCodeDiffers    = "code_differs"    // listed with another habilitation code
	ReconcileFicheMissing   = "fiche_missing"   // the certification is not in the source
)

// ReconcileFiche is the France Compétences list of partners of one of our
// certifications.
type ReconcileFiche struct {
	Cert     CertCode
	Partners []PublishedPartner
	// HasStatus is false when the source carries no habilitation status (the
	// CSV export): every listed organisation is then taken as active.
	HasStatus bool
}

// ReconcileSkip is one of our certifications that could not be compared.
type ReconcileSkip struct {
	Cert   CertCode
	Reason string
}

// ReconcileInput is what Reconcile compares.
type ReconcileInput struct {
	Partners       []*Partner // our register, with habilitations
	Fiches         []ReconcileFiche
	Skipped        []ReconcileSkip
	CertifierSIRET SIRET // the certifier itself may be listed (it trains)
	At             Date
}

// PublishedActive reports whether a published status means "active": Actif,
// or no status at all (CSV export). Inactif and Supprimé are not.
func PublishedActive(status string) bool {
	s := Fold(status)
	return s == "" || s == "actif" || s == "active"
}

// publishedScope combines the codes an organisation is listed with (FORMER
// and ORGANISER listed separately amount to ORGA_FORM).
func publishedScope(codes []string) (Scope, bool) {
	train, assess := false, false
	for _, c := range codes {
		s, ok := ScopeFromFCCode(c)
		if !ok {
			return "", false
		}
		train = train || s.Trains()
		assess = assess || s.Assesses()
	}
	switch {
	case train && assess:
		return ScopeBoth, true
	case train:
		return ScopeTrain, true
	case assess:
		return ScopeAssess, true
	}
	return "", false
}

// Reconcile compares our register with the France Compétences lists. It
// returns every finding, including habilitations not listed yet whatever
// their age: DueFindings applies the declaration grace period. Findings are
// sorted (see SortFindings).
func Reconcile(in ReconcileInput) []Finding {
	var out []Finding
	bySIRET := map[SIRET]*Partner{}
	for _, p := range in.Partners {
		bySIRET[p.SIRET] = p
	}
	for _, s := range in.Skipped {
		out = append(out, Finding{Code: FCFicheMissing, Severity: SeverityInfo, Subject: string(s.Cert), Kind: ReconcileFicheMissing,
			Certification: s.Cert, Message: fmt.Sprintf("%s was not compared: %s", s.Cert, s.Reason)})
	}
	for _, fiche := range in.Fiches {
		c := fiche.Cert
		// The organisations listed, by SIRET, active rows and inactive rows apart.
		type listed struct {
			name     string
			active   []string // habilitation codes listed as active
			inactive []string // "HABILITATION_X (Supprimé)"
		}
		rows := map[string]*listed{}
		var order []string
		for _, pp := range fiche.Partners {
			siret := CleanDigits(pp.SIRET)
			l := rows[siret]
			if l == nil {
				l = &listed{name: pp.Name}
				rows[siret] = l
				order = append(order, siret)
			}
			if !fiche.HasStatus || PublishedActive(pp.Status) {
				l.active = append(l.active, pp.Habilitation)
			} else {
				l.inactive = append(l.inactive, strings.TrimSpace(pp.Habilitation+" ("+pp.Status+")"))
			}
		}
		sort.Strings(order)
		for _, siret := range order {
			l := rows[siret]
			p := bySIRET[SIRET(siret)]
			h := inForceOn(p, c, in.At)
			label := l.name + " (" + FormatSIRET(siret) + ")"
			if len(l.active) == 0 {
				// Listed only as Supprimé/Inactif: a problem when it is active and habilitated here.
				if p != nil && p.Status == StatusActive && h != nil {
					out = append(out, Finding{Code: FCRegisterMismatch, Severity: SeverityWarning, Subject: siret, Kind: ReconcileListedInactive,
						Certification: c, SIRET: siret,
						Message: fmt.Sprintf("%s is listed by France Compétences for %s as %s, but it is active here with habilitation #%d (%s, %s): declare it again or end the habilitation",
							label, c, strings.Join(l.inactive, ", "), h.ID, h.Scope, h.Period())})
				}
				continue
			}
			codes := strings.Join(l.active, ", ")
			switch {
			case p == nil && SIRET(siret) == in.CertifierSIRET && siret != "":
				out = append(out, Finding{Code: FCCertifierListed, Severity: SeverityInfo, Subject: siret, Kind: ReconcileUnknown,
					Certification: c, SIRET: siret,
					Message: fmt.Sprintf("the certifier itself is listed for %s as %s (it trains): record it as a partner to follow it like the others", c, codes)})
			case p == nil:
				out = append(out, Finding{Code: FCUnknownPartner, Severity: SeverityError, Subject: siret, Kind: ReconcileUnknown,
					Certification: c, SIRET: siret,
					Message: fmt.Sprintf("%s is listed by France Compétences as habilitated for %s (%s) but is not in our register: it can sell %s on Mon Compte Formation; ask France Compétences to remove it, or record it", label, c, codes, c)})
			case p.Status != StatusActive:
				since := ""
				if !p.StatusSince.IsZero() {
					since = " since " + p.StatusSince.String()
				}
				out = append(out, Finding{Code: FCUnknownPartner, Severity: SeverityError, Subject: siret, Kind: ReconcileNotActive,
					Certification: c, SIRET: siret,
					Message: fmt.Sprintf("%s is listed by France Compétences as habilitated for %s (%s) but is %s here%s: ask France Compétences to remove it", label, c, codes, p.Status, since)})
			case h == nil:
				out = append(out, Finding{Code: FCUnknownPartner, Severity: SeverityError, Subject: siret, Kind: ReconcileNotHabilitated,
					Certification: c, SIRET: siret,
					Message: fmt.Sprintf("%s is listed by France Compétences as habilitated for %s (%s) but has no habilitation on %s in force on %s here: ask France Compétences to remove it, or record the habilitation", label, c, codes, c, in.At)})
			default:
				if got, ok := publishedScope(l.active); !ok || got != h.Scope {
					out = append(out, Finding{Code: FCRegisterMismatch, Severity: SeverityWarning, Subject: siret, Kind: ReconcileCodeDiffers,
						Certification: c, SIRET: siret,
						Message: fmt.Sprintf("%s is listed for %s as %s, but its habilitation #%d here is %s (%s): correct the declaration or the habilitation", label, c, codes, h.ID, h.FCCode(), h.Scope)})
				}
			}
		}
		// Our habilitations in force that are not listed as active.
		for _, p := range in.Partners {
			if p.Status != StatusActive {
				continue
			}
			h := inForceOn(p, c, in.At)
			if h == nil {
				continue
			}
			if l := rows[string(p.SIRET)]; l != nil {
				continue // listed: active (compared above) or inactive (reported above)
			}
			out = append(out, Finding{Code: FCRegisterMismatch, Severity: SeverityWarning, Subject: string(p.SIRET), Kind: ReconcileNotListed,
				Certification: c, SIRET: string(p.SIRET), Since: h.From,
				Message: fmt.Sprintf("%s (%s) is habilitated here for %s since %s (habilitation #%d, %s) but is not listed by France Compétences: declare it on the certifier space",
					p.Name, p.SIRET.Formatted(), c, h.From, h.ID, h.FCCode())})
		}
	}
	SortFindings(out)
	return out
}

// inForceOn returns p's habilitation on c in force at at (nil when none).
func inForceOn(p *Partner, c CertCode, at Date) *Habilitation {
	if p == nil {
		return nil
	}
	for i := range p.Habilitations {
		h := &p.Habilitations[i]
		if h.Certification == c && h.InForce(at) {
			return h
		}
	}
	return nil
}

// DueFindings drops the "not listed yet" findings whose habilitation started
// less than graceDays before at: France Compétences needs time to publish a
// declaration.
func DueFindings(all []Finding, at Date, graceDays int) []Finding {
	limit := at.AddDays(-graceDays)
	out := make([]Finding, 0, len(all))
	for _, f := range all {
		if f.Kind == ReconcileNotListed && !f.Since.IsZero() && !f.Since.Before(limit) { // "more than" graceDays
			continue
		}
		out = append(out, f)
	}
	return out
}

// SortFindings orders findings by severity (errors first), certification,
// subject, code and message.
func SortFindings(l []Finding) {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() < b.Severity.Rank()
		}
		if a.Certification != b.Certification {
			return a.Certification < b.Certification
		}
		if a.Subject != b.Subject {
			return a.Subject < b.Subject
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}
