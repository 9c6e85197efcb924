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
	// FCDeclarationLate: a change (a suspension, a withdrawal, an ended
	// habilitation) is still not shown by France Compétences more than the
	// grace period after it, and no declaration was recorded.
	FCDeclarationLate = "FC_DECLARATION_LATE"
	// FCDeclared: the change was declared ('partner declared'); the export
	// does not show it yet.
	FCDeclared = "FC_DECLARED"
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
	// Inactive: the export marks the fiche inactive; EndDate is its
	// registration end (zero: unknown). On an inactive fiche, or one whose
	// registration ended before the comparison date, no candidate may enter
	// and nobody can sell training for it: every finding on it is info.
	Inactive bool
	EndDate  Date
}

// closed says why the fiche takes no new candidate at at ("" when it does).
func (f ReconcileFiche) closed(at Date) string {
	switch {
	case f.Inactive:
		return fmt.Sprintf("the export marks %s inactive", f.Cert)
	case !f.EndDate.IsZero() && f.EndDate.Before(at):
		return fmt.Sprintf("the registration of %s ended on %s", f.Cert, f.EndDate)
	}
	return ""
}

// FCSpace is where the certifier declares its partners' changes.
const FCSpace = "your France Compétences space (l'espace officiel de la certification professionnelle, certificationprofessionnelle.fr)"

// declareHint says what the certifier does for a change: declare it on its
// space within two months (R6113-16-5), then record that it did.
func declareHint(what string, siret string, c CertCode) string {
	return fmt.Sprintf("declare %s on %s within two months of the change (R6113-16-5), then record it here ('habil partner declared %s --date D --certification %s')",
		what, FCSpace, siret, c)
}

// canSell says what a listing lets an organisation do: only a FORMER or
// ORGA_FORM listing can sell training on Mon Compte Formation.
func canSell(codes []string, c CertCode) string {
	for _, code := range codes {
		if s, ok := ScopeFromFCCode(code); ok && s.Trains() {
			return fmt.Sprintf("it can sell training for %s on Mon Compte Formation", c)
		}
	}
	return fmt.Sprintf("as HABILITATION_ORGANISER it cannot sell training on Mon Compte Formation, but it can organise the assessments of %s in your name", c)
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
		closed := fiche.closed(in.At)
		start := len(out)
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
						Message: fmt.Sprintf("%s is listed by France Compétences for %s as %s, but it is active here with habilitation #%d (%s, %s)",
							label, c, strings.Join(l.inactive, ", "), h.ID, h.Scope, h.Period()) + ": " +
							"if it still holds, declare it again on " + FCSpace + "; else end the habilitation ('habil partner habilitation end " + fmt.Sprint(h.ID) + " --date D --reason …')"})
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
					Message: fmt.Sprintf("%s is listed by France Compétences as habilitated for %s (%s) but is not in our register: %s; if it is not your partner, remove it from the fiche's organisations on %s — the certifier declares its partners, within two months of a change (R6113-16-5); if it is, record it ('habil partner add --siret %s --name …')",
						label, c, codes, canSell(l.active, c), FCSpace, siret)})
			case p.Status != StatusActive:
				since, changed := "", Date{}
				if !p.StatusSince.IsZero() {
					since = " since " + p.StatusSince.String()
				}
				what := "its " + map[PartnerStatus]string{StatusSuspended: "suspension", StatusWithdrawn: "withdrawal"}[p.Status]
				if p.Status == StatusSuspended || p.Status == StatusWithdrawn {
					changed = p.StatusSince // the change France Compétences must be told about
				} else {
					what = "that it is not habilitated"
				}
				out = append(out, Finding{Code: FCUnknownPartner, Severity: SeverityError, Subject: siret, Kind: ReconcileNotActive,
					Certification: c, SIRET: siret, Since: changed,
					Message: fmt.Sprintf("%s is listed by France Compétences as habilitated for %s (%s) but is %s here%s: %s; %s",
						label, c, codes, p.Status, since, canSell(l.active, c), declareHint(what, siret, c))})
			case h == nil:
				ended := lastEnded(p, c, in.At)
				what, changed := "that it is not habilitated", Date{}
				if ended != nil {
					what, changed = fmt.Sprintf("the end of its habilitation #%d (%s)", ended.ID, ended.Period()), ended.To
				}
				out = append(out, Finding{Code: FCUnknownPartner, Severity: SeverityError, Subject: siret, Kind: ReconcileNotHabilitated,
					Certification: c, SIRET: siret, Since: changed,
					Message: fmt.Sprintf("%s is listed by France Compétences as habilitated for %s (%s) but has no habilitation on %s in force on %s here: %s; %s, or record the habilitation if it still holds",
						label, c, codes, c, in.At, canSell(l.active, c), declareHint(what, siret, c))})
			default:
				if got, ok := publishedScope(l.active); !ok || got != h.Scope {
					out = append(out, Finding{Code: FCRegisterMismatch, Severity: SeverityWarning, Subject: siret, Kind: ReconcileCodeDiffers,
						Certification: c, SIRET: siret,
						Message: fmt.Sprintf("%s is listed for %s as %s, but its habilitation #%d here is %s (%s): correct the declaration on %s, or the habilitation",
							label, c, codes, h.ID, h.FCCode(), h.Scope, FCSpace)})
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
				Message: fmt.Sprintf("%s (%s) is habilitated here for %s since %s (habilitation #%d, %s) but is not listed by France Compétences: %s",
					p.Name, p.SIRET.Formatted(), c, h.From, h.ID, h.FCCode(), declareHint("it", string(p.SIRET), c))})
		}
		if closed != "" {
			// Nobody can enter the fiche any more: what is listed on it is for the record.
			for i := start; i < len(out); i++ {
				f := &out[i]
				f.Severity = SeverityInfo
				f.Message = fmt.Sprintf("%s (for the record: %s, so no candidate can enter it and nobody can sell training for it; nothing to declare)", cutHint(f.Message), closed)
			}
		}
	}
	SortFindings(out)
	return out
}

// lastEnded returns p's habilitation on c that ended last before at (nil
// when none).
func lastEnded(p *Partner, c CertCode, at Date) *Habilitation {
	var best *Habilitation
	for i := range p.Habilitations {
		h := &p.Habilitations[i]
		if h.Certification != c || h.To.IsZero() || !h.To.Before(at) {
			continue
		}
		if best == nil || h.To.After(best.To) {
			best = h
		}
	}
	return best
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
	return DueFindingsDeclared(all, at, graceDays, nil)
}

// DueFindingsDeclared is DueFindings with the declarations the certifier
// recorded ('partner declared'). A change here that France Compétences still
// does not show (a habilitation not listed, a suspension, a withdrawal or an
// ended habilitation still listed as active) is, at at:
//   - declared (a declaration for the partner and the certification, or all
//     its certifications, dated on or after the change): FC_DECLARED, info —
//     the export has not caught up yet;
//   - a new habilitation within the grace: not reported;
//   - a partner or habilitation change within the grace: FC_REGISTER_MISMATCH,
//     warning, with the day it must be declared by;
//   - a partner or habilitation change more than graceDays old:
//     FC_DECLARATION_LATE, error.
//
// Findings that are info (a fiche nobody can enter any more) are kept as they
// are.
func DueFindingsDeclared(all []Finding, at Date, graceDays int, decls []FCDeclaration) []Finding {
	limit := at.AddDays(-graceDays)
	out := make([]Finding, 0, len(all))
	for _, f := range all {
		if f.Kind == ReconcileNotListed && !f.Since.IsZero() && !f.Since.Before(limit) {
			continue // France Compétences has not had the time to list it
		}
		if f.Severity == SeverityInfo || f.Since.IsZero() {
			out = append(out, f)
			continue
		}
		change := f.Kind == ReconcileNotActive || f.Kind == ReconcileNotHabilitated
		if f.Kind != ReconcileNotListed && !change {
			out = append(out, f)
			continue
		}
		var declared *FCDeclaration
		for i := range decls {
			if decls[i].Covers(f.SIRET, f.Certification, f.Since) && (declared == nil || decls[i].Date.After(declared.Date)) {
				declared = &decls[i]
			}
		}
		within := !f.Since.Before(limit) // changed graceDays ago or less
		switch {
		case declared != nil:
			f.Code, f.Severity = FCDeclared, SeverityInfo
			f.Message = fmt.Sprintf("%s — declared on %s on your France Compétences space: the export does not show it yet", cutHint(f.Message), declared.Date)
		case f.Kind == ReconcileNotListed && within:
			continue
		case f.Kind == ReconcileNotListed:
		case within:
			f.Code, f.Severity = FCRegisterMismatch, SeverityWarning
			f.Message = fmt.Sprintf("%s [changed on %s: to declare by %s]", f.Message, f.Since, f.Since.AddDays(graceDays))
		default:
			f.Code = FCDeclarationLate
			f.Message = fmt.Sprintf("%s [changed on %s, %d days ago: more than the %d days to declare it]", f.Message, f.Since, f.Since.DaysUntil(at), graceDays)
		}
		out = append(out, f)
	}
	return out
}

// cutHint keeps a finding's message up to its hint (the first ": " after
// " but ").
func cutHint(msg string) string {
	if j := strings.Index(msg, " but "); j >= 0 {
		if k := strings.Index(msg[j:], ": "); k >= 0 {
			return msg[:j+k]
		}
	}
	return msg
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

// FCDeclaration records that the certifier declared a change about a partner
// (a habilitation that starts or ends, a suspension, a withdrawal, a change
// of scope) on its France Compétences space ('habil partner declared').
// France Compétences publishes it in its open-data export only later.
type FCDeclaration struct {
	ID            int64
	SIRET         SIRET
	Certification CertCode // "" = every certification of the partner
	Date          Date     // the day it was declared
	RecordedAt    string   // RFC 3339 instant it was recorded
}

// Covers reports whether the declaration concerns the partner siret on the
// certification code and was made on or after the change dated since.
func (d FCDeclaration) Covers(siret string, code CertCode, since Date) bool {
	return string(d.SIRET) == siret && (d.Certification == "" || d.Certification == code) && !d.Date.Before(since)
}

// CheckDeclarationDate refuses a declaration dated after today.
func CheckDeclarationDate(d, today Date) error {
	if d.IsZero() {
		return Invalid("DATE_MISSING", "the declaration needs its date").WithHint("give --date D, the day you declared the change on your France Compétences space")
	}
	if d.After(today) {
		return Conflict("DECLARATION_FUTURE", "a declaration cannot be dated in the future (%s, today is %s)", d, today).
			WithHint("record it once it is made, with the day it was made")
	}
	return nil
}
