package domain

import (
	"fmt"
	"sort"
	"strings"
)

// Finding is one problem found by 'habil check' or 'habil partner
// reconcile'. Code, Severity, Subject and Message are the contract's keys.
type Finding struct {
	Code     string
	Severity Severity
	Subject  string // the SIRET, the convention number or the certification code
	Message  string
	// Kind is the reconciliation kind (ReconcileUnknown…); "" for check's own rules.
	Kind          string
	Certification CertCode
	SIRET         string
	// Since is the start of the habilitation not yet listed (ReconcileNotListed):
	// it is reported only when it started more than the grace period before
	// the evaluation date (see DueFindings).
	Since Date
	// Convention is the number of the convention concerned ("" when none).
	Convention string
	// DueDate is the date the finding is about: the end (of a convention, a
	// Qualiopi certificate, a registration) that is near or has passed.
	DueDate Date
}

// Finding codes of 'habil check' (the contract's, plus FC_RECONCILE_NEVER).
// The reconciliation codes (FC_UNKNOWN_PARTNER…) are in reconcile.go.
const (
	// CheckConventionMissing: an active partner habilitated at the date has
	// no signed convention in force for that certification.
	CheckConventionMissing = "CONVENTION_MISSING"
	// CheckConventionExpiring: a signed convention ends within the limit and
	// the partner stays habilitated after it, with no signed successor.
	CheckConventionExpiring = "CONVENTION_EXPIRING"
	// CheckConventionExpired: the last convention has ended (or was
	// terminated) and the partner is still active and habilitated.
	CheckConventionExpired = "CONVENTION_EXPIRED"
	// CheckBeyondRegistration: a habilitation or a running convention goes
	// past the certification's registration end.
	CheckBeyondRegistration = "HABILITATION_BEYOND_REGISTRATION"
	// CheckCertificationEnding: the registration ends within the limit, or
	// has ended.
	CheckCertificationEnding = "CERTIFICATION_ENDING"
	// CheckQualiopiExpiring and CheckQualiopiExpired: an active partner's
	// recorded Qualiopi certificate ends soon, or has ended.
	CheckQualiopiExpiring = "QUALIOPI_EXPIRING"
	CheckQualiopiExpired  = "QUALIOPI_EXPIRED"
	// CheckReconcileNever: 'partner reconcile' was never run.
	CheckReconcileNever = "FC_RECONCILE_NEVER"
)

// CheckLimits are the configurable thresholds of the check.
type CheckLimits struct {
	ConventionExpiringDays    int // CONVENTION_EXPIRING: a convention ending within this many days
	CertificationEndingMonths int // CERTIFICATION_ENDING: a registration ending within this many months
	QualiopiExpiringDays      int // QUALIOPI_EXPIRING: a Qualiopi certificate ending within this many days
	FCDeclarationGraceDays    int // FC_REGISTER_MISMATCH: days France Compétences has to list a new habilitation
}

// DefaultCheckLimits are the contract's defaults: 90 days, 12 months, 60
// days, 60 days.
func DefaultCheckLimits() CheckLimits {
	return CheckLimits{ConventionExpiringDays: 90, CertificationEndingMonths: 12, QualiopiExpiringDays: 60, FCDeclarationGraceDays: 60}
}

// CheckReconcile is the last stored run of 'partner reconcile'.
type CheckReconcile struct {
	At       Date   // the run's evaluation date
	Source   string // the files compared, or "stored" (the lists kept by 'certification import')
	Findings []Finding
}

// CheckInput is what Check evaluates.
type CheckInput struct {
	At             Date
	Certifications []*Certification
	Partners       []*Partner    // with their habilitations
	Conventions    []*Convention // with their versions
	// Reconcile is the last 'partner reconcile' run, nil when it was never run.
	Reconcile *CheckReconcile
	Limits    CheckLimits
}

// Check evaluates the compliance rules whose data habil holds, at in.At:
//
//   - CONVENTION_MISSING (error): an active partner has a habilitation in
//     force (within the registration) and no signed convention covers the
//     date for that certification, and no ended convention explains it
//     (that is CONVENTION_EXPIRED).
//   - CONVENTION_EXPIRING (warning): a signed convention of an active partner
//     ends within ConventionExpiringDays (its end day included: 0 to N days
//     ahead), the partner is still habilitated the day after, and no signed
//     convention takes over from the next day.
//   - CONVENTION_EXPIRED (error): the last convention signed for a partner and
//     a certification has ended (or was terminated) during the habilitation
//     in force at the date (or the day before it started), the partner is
//     active and no signed convention is in force. A convention that ends
//     with the habilitation or the registration is not a finding.
//   - HABILITATION_BEYOND_REGISTRATION (error): a habilitation of a partner
//     that is not withdrawn ends after (or starts after) its certification's
//     registration end, or a draft, sent or signed convention does. An
//     open-ended habilitation runs until the registration end, never past
//     it. Ended and terminated conventions are history: not checked.
//   - CERTIFICATION_ENDING: warning when the registration ends within
//     CertificationEndingMonths (its end day included) or ended less than
//     that many months ago (no new candidate may enter it; the message says
//     it ended); info once it ended longer ago (kept for history), so that a
//     certification replaced by a new fiche does not fail the nightly check
//     for ever.
//   - QUALIOPI_EXPIRING (warning) / QUALIOPI_EXPIRED (error): an active
//     partner's recorded Qualiopi certificate ends within
//     QualiopiExpiringDays (its last valid day included) / ended before the
//     date. Suspended partners are left out (they may neither train nor
//     assess; reactivating them brings them back), and so is a partner with
//     no recorded end date.
//   - the last 'partner reconcile' findings (FC_UNKNOWN_PARTNER,
//     FC_REGISTER_MISMATCH and its notes) with the declaration grace applied
//     (DueFindings), the run's date and files in each message; when it was
//     never run and certifications exist, FC_RECONCILE_NEVER (info).
//
// Findings are sorted (SortCheckFindings). The result is never nil.
func Check(in CheckInput) []Finding {
	k := newChecker(in)
	out := []Finding{}
	out = append(out, k.certifications()...)
	out = append(out, k.conventionsInForce()...)
	out = append(out, k.conventionsExpiring()...)
	out = append(out, k.beyondRegistration()...)
	out = append(out, k.qualiopi()...)
	out = append(out, k.reconcile()...)
	SortCheckFindings(out)
	return out
}

// SortCheckFindings orders findings by severity (errors first), code,
// subject, certification and message.
func SortCheckFindings(l []Finding) {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() < b.Severity.Rank()
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		if a.Subject != b.Subject {
			return a.Subject < b.Subject
		}
		if a.Certification != b.Certification {
			return a.Certification < b.Certification
		}
		return a.Message < b.Message
	})
}

type pairKey struct {
	siret SIRET
	cert  CertCode
}

type checker struct {
	in       CheckInput
	at       Date
	certs    map[CertCode]*Certification
	partners map[SIRET]*Partner
	convs    map[pairKey][]*Convention
}

func newChecker(in CheckInput) *checker {
	k := &checker{in: in, at: in.At, certs: map[CertCode]*Certification{}, partners: map[SIRET]*Partner{}, convs: map[pairKey][]*Convention{}}
	for _, c := range in.Certifications {
		k.certs[c.Code] = c
	}
	for _, p := range in.Partners {
		k.partners[p.SIRET] = p
	}
	for _, c := range in.Conventions {
		key := pairKey{c.PartnerSIRET, c.Certification}
		k.convs[key] = append(k.convs[key], c)
	}
	return k
}

// regEnd is the registration end of a certification (zero: unknown or open).
func (k *checker) regEnd(code CertCode) Date {
	if c := k.certs[code]; c != nil {
		return c.EndDate
	}
	return Date{}
}

// habilitated returns p's habilitation on code in force on d, within the
// registration (nil when none).
func (k *checker) habilitated(p *Partner, code CertCode, d Date) *Habilitation {
	if end := k.regEnd(code); !end.IsZero() && d.After(end) {
		return nil
	}
	for i := range p.Habilitations {
		h := &p.Habilitations[i]
		if h.Certification == code && h.InForce(d) {
			return h
		}
	}
	return nil
}

func partnerLabel(p *Partner) string { return p.Name + " (" + p.SIRET.Formatted() + ")" }

// inDays says when a date comes relative to the evaluation date.
func inDays(n int) string {
	switch {
	case n == 0:
		return "today"
	case n == 1:
		return "tomorrow"
	case n == -1:
		return "yesterday"
	case n > 0:
		return fmt.Sprintf("in %d days", n)
	}
	return fmt.Sprintf("%d days ago", -n)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// signedBy reports whether c was signed on or before d.
func signedBy(c *Convention, d Date) bool { return !c.SignedOn.IsZero() && !c.SignedOn.After(d) }

// ---------------------------------------------------------------- certifications

func (k *checker) certifications() []Finding {
	var out []Finding
	months := k.in.Limits.CertificationEndingMonths
	for _, c := range k.in.Certifications {
		end := c.EndDate
		if end.IsZero() {
			continue
		}
		habilitated := 0
		for _, p := range k.in.Partners {
			if p.Status == StatusActive && k.habilitated(p, c.Code, k.at) != nil {
				habilitated++
			}
		}
		f := Finding{Code: CheckCertificationEnding, Severity: SeverityWarning, Subject: string(c.Code), Certification: c.Code, DueDate: end}
		days := k.at.DaysUntil(end)
		switch {
		case !end.Before(k.at) && !end.After(k.at.AddMonths(months)):
			f.Message = fmt.Sprintf("the registration of %s ends on %s (%s; %s habilitated for it): prepare the renewal with France Compétences; no habilitation or convention can run past it",
				c.Code, end, inDays(days), plural(habilitated, "active partner", "active partners"))
		case end.Before(k.at):
			delivery := ""
			if !c.DeliveryLimit.IsZero() && !k.at.After(c.DeliveryLimit) {
				delivery = fmt.Sprintf(" (certificates may be delivered until %s)", c.DeliveryLimit)
			}
			if k.at.After(end.AddMonths(months)) {
				f.Severity = SeverityInfo
				f.Message = fmt.Sprintf("the registration of %s ended on %s: no candidate may enter it any more%s; it is kept for the history", c.Code, end, delivery)
			} else {
				f.Message = fmt.Sprintf("the registration of %s ended on %s (%s): no new candidate may enter it%s; import the renewed fiche ('habil certification import FILE'), or record its successor",
					c.Code, end, inDays(days), delivery)
			}
		default:
			continue
		}
		out = append(out, f)
	}
	return out
}

// ---------------------------------------------------------------- conventions

// conventionsInForce: CONVENTION_MISSING and CONVENTION_EXPIRED, one at most
// per active partner and certification it is habilitated for at the date.
func (k *checker) conventionsInForce() []Finding {
	var out []Finding
	for _, p := range k.in.Partners {
		if p.Status != StatusActive {
			continue
		}
		done := map[CertCode]bool{}
		for _, hh := range p.Habilitations {
			code := hh.Certification
			if done[code] {
				continue
			}
			h := k.habilitated(p, code, k.at)
			if h == nil {
				continue
			}
			done[code] = true
			list := k.convs[pairKey{p.SIRET, code}]
			covered := false
			for _, c := range list {
				if c.InForce(k.at) {
					covered = true
				}
			}
			if covered {
				continue
			}
			// The last signed convention that ended during this habilitation
			// (or the day before it started).
			var last *Convention
			for _, c := range list {
				end := c.EffectiveEnd()
				if !signedBy(c, k.at) || !end.Before(k.at) || end.Before(h.From.AddDays(-1)) {
					continue
				}
				if last == nil || end.After(last.EffectiveEnd()) {
					last = c
				}
			}
			if last != nil {
				out = append(out, k.expired(p, h, last, list))
			} else {
				out = append(out, k.missing(p, h, list))
			}
		}
	}
	return out
}

func habDesc(h *Habilitation) string {
	return fmt.Sprintf("habilitation #%d, %s, since %s", h.ID, h.Scope, h.From)
}

func (k *checker) missing(p *Partner, h *Habilitation, list []*Convention) Finding {
	msg := fmt.Sprintf("%s is active and habilitated for %s (%s) but no signed convention is in force on %s",
		partnerLabel(p), h.Certification, habDesc(h), k.at)
	var pending, later, signedLater *Convention
	for _, c := range list {
		t := c.Terms()
		switch {
		case !c.SignedOn.IsZero() && c.SignedOn.After(k.at) && !k.at.After(t.To):
			signedLater = c // evaluated at a past date
		case (c.Status == ConventionDraft || c.Status == ConventionSent) && !k.at.After(t.To):
			if pending == nil || t.From.Before(pending.Terms().From) {
				pending = c
			}
		case signedBy(c, k.at) && t.From.After(k.at) && c.EffectiveEnd().After(k.at):
			if later == nil || t.From.Before(later.Terms().From) {
				later = c
			}
		}
	}
	switch {
	case later != nil:
		msg += fmt.Sprintf(": %s is signed but starts only on %s, and until then the partner may neither train nor assess; if it should cover today, amend its start ('habil convention amend %d --from %s --reason …')",
			later.Number, later.Terms().From, later.ID, k.at)
	case signedLater != nil:
		msg += fmt.Sprintf(": %s was signed only on %s", signedLater.Number, signedLater.SignedOn)
	case pending != nil:
		msg += fmt.Sprintf(": %s (%s → %s) is %s, not signed yet; record the signature with 'habil convention sign %d --date D'",
			pending.Number, pending.Terms().From, pending.Terms().To, pending.Status, pending.ID)
	default:
		msg += fmt.Sprintf(": draw one up with 'habil convention create --partner %s --certification %s --from %s --to D'", p.SIRET, h.Certification, k.at)
	}
	return Finding{Code: CheckConventionMissing, Severity: SeverityError, Subject: string(p.SIRET), Message: msg,
		Certification: h.Certification, SIRET: string(p.SIRET)}
}

func (k *checker) expired(p *Partner, h *Habilitation, c *Convention, list []*Convention) Finding {
	end := c.EffectiveEnd()
	var what, fix string
	if c.Status == ConventionTerminated {
		what = fmt.Sprintf("was terminated on %s (%s)", end, c.TerminationReason)
		fix = fmt.Sprintf("sign a new convention ('habil convention create --partner %s --certification %s …') or end the habilitation ('habil partner habilitation end %d --date D --reason …')",
			p.SIRET, h.Certification, h.ID)
	} else {
		what = fmt.Sprintf("ended on %s (%s)", end, inDays(k.at.DaysUntil(end)))
		fix = fmt.Sprintf("renew it ('habil convention renew %d') or end the habilitation ('habil partner habilitation end %d --date D --reason …')", c.ID, h.ID)
		if r := pendingSuccessor(c, list); r != nil {
			fix = fmt.Sprintf("its renewal %s is %s, not signed yet: 'habil convention sign %d --date D'", r.Number, r.Status, r.ID)
		}
	}
	msg := fmt.Sprintf("%s with %s for %s %s but the partner is still active and habilitated (%s): %s",
		c.Number, partnerLabel(p), h.Certification, what, habDesc(h), fix)
	return Finding{Code: CheckConventionExpired, Severity: SeverityError, Subject: c.Number, Message: msg,
		Certification: h.Certification, SIRET: string(p.SIRET), Convention: c.Number, DueDate: end}
}

// pendingSuccessor is the earliest draft or sent convention that starts
// after c (a renewal not signed yet), nil when none.
func pendingSuccessor(c *Convention, list []*Convention) *Convention {
	var best *Convention
	for _, o := range list {
		if o == c || (o.Status != ConventionDraft && o.Status != ConventionSent) || !o.Terms().From.After(c.Terms().From) {
			continue
		}
		if best == nil || o.Terms().From.Before(best.Terms().From) {
			best = o
		}
	}
	return best
}

// successor is the signed convention (signed by at) that takes over from c:
// it starts on or before the day after c ends and ends after it.
func successor(c *Convention, list []*Convention, at Date) *Convention {
	end := c.EffectiveEnd()
	for _, o := range list {
		if o == c || !signedBy(o, at) {
			continue
		}
		if !o.Terms().From.After(end.AddDays(1)) && o.EffectiveEnd().After(end) {
			return o
		}
	}
	return nil
}

// conventionsExpiring: CONVENTION_EXPIRING.
func (k *checker) conventionsExpiring() []Finding {
	var out []Finding
	limit := k.at.AddDays(k.in.Limits.ConventionExpiringDays)
	for _, c := range k.in.Conventions {
		if c.Status != ConventionSigned || !signedBy(c, k.at) {
			continue
		}
		p := k.partners[c.PartnerSIRET]
		if p == nil || p.Status != StatusActive {
			continue
		}
		end := c.EffectiveEnd()
		if end.Before(k.at) || end.After(limit) {
			continue
		}
		h := k.habilitated(p, c.Certification, end.AddDays(1))
		if h == nil {
			continue // the habilitation (or the registration) ends with it
		}
		list := k.convs[pairKey{c.PartnerSIRET, c.Certification}]
		if successor(c, list, k.at) != nil {
			continue
		}
		msg := fmt.Sprintf("%s with %s for %s ends on %s (%s) and the partner stays habilitated after it (%s): ",
			c.Number, partnerLabel(p), c.Certification, end, inDays(k.at.DaysUntil(end)), habDesc(h))
		if r := pendingSuccessor(c, list); r != nil {
			msg += fmt.Sprintf("its renewal %s is %s, not signed yet ('habil convention sign %d --date D')", r.Number, r.Status, r.ID)
			if r.Terms().From.After(end.AddDays(1)) {
				msg += fmt.Sprintf(", and starts only on %s", r.Terms().From)
			}
		} else {
			msg += fmt.Sprintf("renew it ('habil convention renew %d')", c.ID)
		}
		for _, o := range list {
			if o != c && signedBy(o, k.at) && o.Terms().From.After(end.AddDays(1)) {
				msg += fmt.Sprintf("; %s starts only on %s", o.Number, o.Terms().From)
				break
			}
		}
		out = append(out, Finding{Code: CheckConventionExpiring, Severity: SeverityWarning, Subject: c.Number, Message: msg,
			Certification: c.Certification, SIRET: string(c.PartnerSIRET), Convention: c.Number, DueDate: end})
	}
	return out
}

// ---------------------------------------------------------------- registration

// beyondRegistration: HABILITATION_BEYOND_REGISTRATION.
func (k *checker) beyondRegistration() []Finding {
	var out []Finding
	for _, p := range k.in.Partners {
		if p.Status == StatusWithdrawn {
			continue
		}
		for i := range p.Habilitations {
			h := &p.Habilitations[i]
			end := k.regEnd(h.Certification)
			if end.IsZero() {
				continue
			}
			var msg string
			switch {
			case h.From.After(end):
				msg = fmt.Sprintf("habilitation #%d of %s for %s starts on %s, after the registration of %s ended (%s): it can never be in force; end it ('habil partner habilitation end %d --date %s --reason …'), or import the renewed fiche",
					h.ID, partnerLabel(p), h.Certification, h.From, h.Certification, end, h.ID, h.From)
			case !h.To.IsZero() && h.To.After(end):
				msg = fmt.Sprintf("habilitation #%d of %s for %s runs until %s, past the registration end of %s (%s): end it on %s ('habil partner habilitation end %d --date %s --reason …')",
					h.ID, partnerLabel(p), h.Certification, h.To, h.Certification, end, end, h.ID, end)
			default:
				continue
			}
			out = append(out, Finding{Code: CheckBeyondRegistration, Severity: SeverityError, Subject: string(p.SIRET), Message: msg,
				Certification: h.Certification, SIRET: string(p.SIRET), DueDate: end})
		}
	}
	for _, c := range k.in.Conventions {
		if c.Status.Final() {
			continue
		}
		end := k.regEnd(c.Certification)
		t := c.Terms()
		if end.IsZero() || !t.To.After(end) {
			continue
		}
		name := c.PartnerName
		if p := k.partners[c.PartnerSIRET]; p != nil {
			name = p.Name
		}
		fix := fmt.Sprintf("amend it ('habil convention amend %d --to %s --reason …')", c.ID, end)
		if t.From.After(end) {
			fix = fmt.Sprintf("it starts after it: terminate it ('habil convention terminate %d --reason …')", c.ID)
		}
		msg := fmt.Sprintf("%s (%s) with %s (%s) for %s runs until %s, past the registration end of %s (%s): %s",
			c.Number, c.Status, name, c.PartnerSIRET.Formatted(), c.Certification, t.To, c.Certification, end, fix)
		out = append(out, Finding{Code: CheckBeyondRegistration, Severity: SeverityError, Subject: c.Number, Message: msg,
			Certification: c.Certification, SIRET: string(c.PartnerSIRET), Convention: c.Number, DueDate: end})
	}
	return out
}

// ---------------------------------------------------------------- Qualiopi

func (k *checker) qualiopi() []Finding {
	var out []Finding
	limit := k.at.AddDays(k.in.Limits.QualiopiExpiringDays)
	for _, p := range k.in.Partners {
		q := p.Qualiopi.ValidUntil
		if p.Status != StatusActive || q.IsZero() || q.After(limit) {
			continue
		}
		f := Finding{Subject: string(p.SIRET), SIRET: string(p.SIRET), DueDate: q}
		days := k.at.DaysUntil(q)
		if q.Before(k.at) {
			f.Code, f.Severity = CheckQualiopiExpired, SeverityError
			f.Message = fmt.Sprintf("the Qualiopi certificate of %s ended on %s (%s): record the renewed one ('habil partner edit %s --qualiopi-until D') or suspend the partner",
				partnerLabel(p), q, inDays(days), p.SIRET)
		} else {
			f.Code, f.Severity = CheckQualiopiExpiring, SeverityWarning
			f.Message = fmt.Sprintf("the Qualiopi certificate of %s ends on %s (%s): ask for the renewed certificate, then record it ('habil partner edit %s --qualiopi-until D')",
				partnerLabel(p), q, inDays(days), p.SIRET)
		}
		out = append(out, f)
	}
	return out
}

// ---------------------------------------------------------------- reconcile

func (k *checker) reconcile() []Finding {
	r := k.in.Reconcile
	if r == nil {
		if len(k.in.Certifications) == 0 {
			return nil
		}
		codes := make([]string, len(k.in.Certifications))
		for i, c := range k.in.Certifications {
			codes[i] = string(c.Code)
		}
		sort.Strings(codes)
		return []Finding{{Code: CheckReconcileNever, Severity: SeverityInfo, Subject: strings.Join(codes, ","),
			Message: "'habil partner reconcile' was never run: run it with the France Compétences export to find the organisations listed for your certifications that you have not habilitated (FC_UNKNOWN_PARTNER) and the habilitations still to declare (FC_REGISTER_MISMATCH)"}}
	}
	source := r.Source
	if source == "" || source == "stored" {
		source = "the lists kept by 'certification import'"
	}
	var out []Finding
	for _, f := range DueFindings(r.Findings, k.at, k.in.Limits.FCDeclarationGraceDays) {
		f.Message += fmt.Sprintf(" [partner reconcile of %s against %s", r.At, source)
		if f.Severity != SeverityInfo {
			f.Message += "; run it again once fixed"
		}
		f.Message += "]"
		out = append(out, f)
	}
	return out
}
