package domain

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// ConventionStatus is the life-cycle state of a convention de partenariat:
// draft → sent → signed → ended | terminated.
type ConventionStatus string

const (
	ConventionDraft      ConventionStatus = "draft"
	ConventionSent       ConventionStatus = "sent"
	ConventionSigned     ConventionStatus = "signed"
	ConventionEnded      ConventionStatus = "ended"
	ConventionTerminated ConventionStatus = "terminated"
)

// AllConventionStatuses lists the statuses in life-cycle order.
var AllConventionStatuses = []ConventionStatus{ConventionDraft, ConventionSent, ConventionSigned, ConventionEnded, ConventionTerminated}

// ParseConventionStatus reads an English or French status word.
func ParseConventionStatus(s string) (ConventionStatus, error) {
	switch Fold(s) {
	case "draft", "brouillon", "projet":
		return ConventionDraft, nil
	case "sent", "envoyee", "envoye", "transmise":
		return ConventionSent, nil
	case "signed", "signee", "signe", "en vigueur":
		return ConventionSigned, nil
	case "ended", "terminee", "echue", "expiree", "arrivee a terme":
		return ConventionEnded, nil
	case "terminated", "resiliee", "resilie", "annulee":
		return ConventionTerminated, nil
	}
	return "", Invalid("CONVENTION_STATUS", "%q is not a convention status: use draft, sent, signed, ended or terminated", strings.TrimSpace(s))
}

// French is the status as printed in documents.
func (s ConventionStatus) French() string {
	switch s {
	case ConventionDraft:
		return "projet"
	case ConventionSent:
		return "envoyée au partenaire"
	case ConventionSigned:
		return "signée"
	case ConventionEnded:
		return "arrivée à son terme"
	case ConventionTerminated:
		return "résiliée"
	}
	return string(s)
}

// Final reports whether no further change of status is possible.
func (s ConventionStatus) Final() bool { return s == ConventionEnded || s == ConventionTerminated }

// CanTransitionConvention reports whether a convention may go from one
// status to another. The life cycle is draft → sent → signed → ended; a draft
// may also be signed directly (signed in a meeting); any convention that is
// not final may be terminated (a draft or a sent convention that is abandoned,
// a signed one that is resiliated). Ended and terminated are final.
func CanTransitionConvention(from, to ConventionStatus) error {
	if from == to {
		return Conflict("CONVENTION_STATUS_SAME", "the convention is already %s", to)
	}
	if from.Final() {
		e := Conflict("CONVENTION_STATUS_FINAL", "the convention is %s: that status is final", from)
		if from == ConventionEnded {
			return e.WithHint("renew it ('habil convention renew') for a new period")
		}
		return e.WithHint("draw up a new convention ('habil convention create') if the partnership resumes")
	}
	ok := false
	switch from {
	case ConventionDraft:
		ok = to == ConventionSent || to == ConventionSigned || to == ConventionTerminated
	case ConventionSent:
		ok = to == ConventionSigned || to == ConventionTerminated
	case ConventionSigned:
		ok = to == ConventionEnded || to == ConventionTerminated
	}
	if !ok {
		return Conflict("CONVENTION_STATUS_TRANSITION", "a %s convention cannot become %s (life cycle: draft → sent → signed → ended, or terminated)", from, to)
	}
	return nil
}

// Fees are what the partner pays the certifier. A zero amount means that
// fee does not apply; any combination is allowed.
type Fees struct {
	PerCandidate Money // redevance per candidate presented
	PerExam      Money // per exam sitting (session) organised
	FlatYearly   Money // flat fee per year of the convention
}

// Summary is "150.00/candidate + 1200.00/year" for tables and messages,
// "none" when no fee applies.
func (f Fees) Summary() string {
	var parts []string
	if f.PerCandidate != 0 {
		parts = append(parts, f.PerCandidate.Decimal()+"/candidate")
	}
	if f.PerExam != 0 {
		parts = append(parts, f.PerExam.Decimal()+"/exam")
	}
	if f.FlatYearly != 0 {
		parts = append(parts, f.FlatYearly.Decimal()+"/year")
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " + ")
}

// Any reports whether at least one fee applies.
func (f Fees) Any() bool { return f.PerCandidate != 0 || f.PerExam != 0 || f.FlatYearly != 0 }

// Validate refuses negative amounts.
func (f Fees) Validate() error {
	for _, x := range []struct {
		name string
		m    Money
	}{{"fee per candidate", f.PerCandidate}, {"fee per exam", f.PerExam}, {"flat yearly fee", f.FlatYearly}} {
		if x.m < 0 {
			return Invalid("FEE_NEGATIVE", "the %s is negative (%s)", x.name, x.m.French())
		}
	}
	return nil
}

// ConventionTerms are the terms of one version of a convention: version 1 is
// the convention as first drawn up, version N+1 the terms after avenant n° N.
type ConventionTerms struct {
	Version int
	Date    Date   // date the version was drawn up (the avenant's date)
	Reason  string // object of the avenant ("" for version 1)
	Scope   Scope
	Blocs   []string // empty = the whole certification
	Access  []Access // empty = every route the certification opens
	From    Date
	To      Date
	Fees    Fees
}

// Convention is a convention de partenariat between the certifier and a
// partner for one certification. Its scope is copied from the habilitation
// when it is created: a later change of the habilitation does not rewrite it
// (an avenant does).
type Convention struct {
	ID                int64
	Number            string // CONV-2025-0007
	PartnerSIRET      SIRET
	PartnerName       string // filled by the store for listings
	Certification     CertCode
	HabilitationID    int64
	Status            ConventionStatus
	CreatedOn         Date // date the convention was drawn up
	SentOn            Date
	SignedOn          Date
	EndedOn           Date
	TerminatedOn      Date
	EndReason         string
	TerminationReason string
	RenewsID          int64 // the convention this one renews (0: none)
	RenewsNumber      string
	RenewedByID       int64 // the convention that renews this one (0: none)
	RenewedByNumber   string
	Versions          []ConventionTerms // oldest first; never empty once created
	Reference         string            // the certifier's own number (a convention signed before habil), "" when none

	// What was signed: the version, and the SHA-256 of the PDF habil printed
	// for it and of the template text it was printed with ("" before
	// signature, or for a convention signed before habil).
	SignedVersion        int
	SignedPDFSHA256      string
	SignedTemplateSHA256 string
	Attachments          []ConventionAttachment // signed scans, oldest first
}

// ConventionAttachment is a file (the signed scan) recorded with a
// convention: habil keeps its path and fingerprint, not the file.
type ConventionAttachment struct {
	ID         int64
	Path       string // absolute path when recorded
	SHA256     string // hex
	Size       int64  // bytes
	AttachedOn Date
}

// Terms returns the current terms (the last version).
func (c *Convention) Terms() ConventionTerms {
	if len(c.Versions) == 0 {
		return ConventionTerms{}
	}
	return c.Versions[len(c.Versions)-1]
}

// Version returns the current version number (1 before any avenant).
func (c *Convention) Version() int { return c.Terms().Version }

// Amendments returns the versions created by avenants (version ≥ 2).
func (c *Convention) Amendments() []ConventionTerms {
	if len(c.Versions) <= 1 {
		return nil
	}
	return c.Versions[1:]
}

// EffectiveEnd is the last day the convention covers: the termination or
// early end date when there is one, else its end date.
func (c *Convention) EffectiveEnd() Date {
	t := c.Terms()
	switch {
	case c.Status == ConventionTerminated && !c.TerminatedOn.IsZero() && c.TerminatedOn.Before(t.To):
		return c.TerminatedOn
	case c.Status == ConventionEnded && !c.EndedOn.IsZero() && c.EndedOn.Before(t.To):
		return c.EndedOn
	}
	return t.To
}

// InForce reports whether the convention was signed and covers date d.
func (c *Convention) InForce(d Date) bool {
	if c.SignedOn.IsZero() || d.Before(c.SignedOn) {
		return false
	}
	t := c.Terms()
	return !d.Before(t.From) && !d.After(c.EffectiveEnd())
}

// NeverSigned reports whether the convention was abandoned before signature.
func (c *Convention) NeverSigned() bool { return c.SignedOn.IsZero() }

var reConventionNumber = regexp.MustCompile(`^CONV-(\d{4})-(\d{4,})$`)

// ConventionNumber formats the number of the seq-th convention created in year.
func ConventionNumber(year, seq int) string { return fmt.Sprintf("CONV-%04d-%04d", year, seq) }

// ParseConventionNumber splits CONV-2025-0007 into 2025 and 7.
func ParseConventionNumber(s string) (year, seq int, err error) {
	m := reConventionNumber.FindStringSubmatch(strings.ToUpper(strings.TrimSpace(s)))
	if m == nil {
		return 0, 0, Invalid("CONVENTION_NUMBER", "%q is not a convention number (e.g. CONV-2025-0007)", strings.TrimSpace(s))
	}
	year, _ = strconv.Atoi(m[1])
	seq, _ = strconv.Atoi(m[2])
	if seq == 0 {
		return 0, 0, Invalid("CONVENTION_NUMBER", "%q is not a convention number: numbers start at 0001", strings.TrimSpace(s))
	}
	return year, seq, nil
}

// ConventionRequest is what a user asks for when creating (or renewing) a convention.
type ConventionRequest struct {
	CreatedOn Date
	From, To  Date
	Fees      Fees
	Reference string // the certifier's own number, "" when none
}

// CheckConventionPeriod validates a convention period for a partner and a
// certification: dates ordered, within the certification's registration,
// covered by one of the partner's habilitations on that certification. It
// returns the habilitation that covers the period. Refusals name what exists
// and the limit.
func CheckConventionPeriod(p *Partner, c *Certification, from, to Date) (Habilitation, error) {
	if from.IsZero() || to.IsZero() {
		return Habilitation{}, Invalid("CONVENTION_DATES", "a convention needs a start and an end date")
	}
	if to.Before(from) {
		return Habilitation{}, Invalid("DATES_ORDER", "the convention ends (%s) before it starts (%s)", to, from)
	}
	if limit := c.HabilitationLimit(); !limit.IsZero() && to.After(limit) {
		if limit != c.EndDate {
			return Habilitation{}, Conflict("CONVENTION_BEYOND_REGISTRATION",
				"the convention would end %s, after %s", to, c.limitText()).
				WithHint("end it on or before %s; after the renewal of the registration, sign a new convention", limit)
		}
		return Habilitation{}, Conflict("CONVENTION_BEYOND_REGISTRATION",
			"the convention would end %s, after the registration of %s ends (%s)", to, c.Code, c.EndDate).
			WithHint("end it on or before %s; after the renewal of the registration, sign a new convention", c.EndDate)
	}
	var same []Habilitation
	for _, h := range p.Habilitations {
		if h.Certification == c.Code {
			same = append(same, h)
		}
	}
	if len(same) == 0 {
		return Habilitation{}, Conflict("CONVENTION_NO_HABILITATION",
			"%s (%s) has no habilitation on %s: a convention needs one", p.Name, p.SIRET.Formatted(), c.Code).
			WithHint("habilitate it first: habil partner habilitate %s --certification %s --scope train|assess|both --from %s", p.SIRET, c.Code, from)
	}
	for _, h := range same {
		if covers(h, c, from, to) {
			return h, nil
		}
	}
	var periods []string
	for _, h := range same {
		periods = append(periods, describePeriod(h, c))
	}
	// One habilitation that starts in time: name its end as the limit.
	for _, h := range same {
		if !from.Before(h.From) && !from.After(habEnd(h, c)) && !habEnd(h, c).IsZero() {
			return Habilitation{}, Conflict("CONVENTION_BEYOND_HABILITATION",
				"the convention would end %s, after %s's habilitation on %s ends (%s)", to, p.Name, c.Code, habEnd(h, c)).
				WithHint("end the convention on or before %s, or extend the habilitation first", habEnd(h, c))
		}
	}
	return Habilitation{}, Conflict("CONVENTION_BEYOND_HABILITATION",
		"no habilitation of %s on %s covers %s → %s (habilitation: %s)", p.Name, c.Code, from, to, strings.Join(periods, "; ")).
		WithHint("choose dates within the habilitation, or record a habilitation for that period first")
}

// habEnd is the last day a habilitation covers: its end, else the registration end (zero: open).
func habEnd(h Habilitation, c *Certification) Date {
	limit := c.HabilitationLimit() // the delivery deadline, else the registration end
	if !h.To.IsZero() {
		if !limit.IsZero() && limit.Before(h.To) {
			return limit
		}
		return h.To
	}
	return limit
}

func covers(h Habilitation, c *Certification, from, to Date) bool {
	if from.Before(h.From) {
		return false
	}
	end := habEnd(h, c)
	return end.IsZero() || !to.After(end)
}

func describePeriod(h Habilitation, c *Certification) string {
	end := "open-ended"
	if e := habEnd(h, c); !e.IsZero() {
		end = e.String()
	}
	return fmt.Sprintf("%s %s → %s", h.Scope, h.From, end)
}

// NewConvention builds a draft convention from a request: the period is
// checked (CheckConventionPeriod) and the scope is copied from the covering
// habilitation. Warnings (not errors) are returned for a Qualiopi
// certificate that ends before the convention, or that is not recorded.
// The number is given by the store.
func NewConvention(p *Partner, c *Certification, r ConventionRequest) (*Convention, []string, error) {
	if p.Status == StatusWithdrawn {
		return nil, nil, Conflict("PARTNER_WITHDRAWN", "%s (%s) was withdrawn: no new convention can be made with it", p.Name, p.SIRET.Formatted())
	}
	if r.CreatedOn.IsZero() {
		return nil, nil, Invalid("CONVENTION_DATE", "the convention has no date")
	}
	if err := r.Fees.Validate(); err != nil {
		return nil, nil, err
	}
	h, err := CheckConventionPeriod(p, c, r.From, r.To)
	if err != nil {
		return nil, nil, err
	}
	if e := CheckFicheOpen(c, "convention", r.To, r.CreatedOn); e != nil {
		return nil, nil, e
	}
	if err := FeesFitScope(r.Fees, h.Scope); err != nil {
		return nil, nil, err
	}
	ref, err := CheckReference(r.Reference)
	if err != nil {
		return nil, nil, err
	}
	conv := &Convention{
		Reference:      ref,
		PartnerSIRET:   p.SIRET,
		PartnerName:    p.Name,
		Certification:  c.Code,
		HabilitationID: h.ID,
		Status:         ConventionDraft,
		CreatedOn:      r.CreatedOn,
		Versions: []ConventionTerms{{
			Version: 1, Date: r.CreatedOn, Scope: h.Scope,
			Blocs: append([]string(nil), h.Blocs...), Access: append([]Access(nil), h.Access...),
			From: r.From, To: r.To, Fees: r.Fees,
		}},
	}
	return conv, ConventionWarnings(p, r.To), nil
}

// ConventionWarnings are the warnings for a convention of partner p that runs until to.
func ConventionWarnings(p *Partner, to Date) []string {
	var w []string
	switch q := p.Qualiopi.ValidUntil; {
	case q.IsZero():
		w = append(w, fmt.Sprintf("%s (%s) has no Qualiopi certificate recorded: check it before signing (habil partner edit %s --qualiopi-until D)", p.Name, p.SIRET.Formatted(), p.SIRET))
	case q.Before(to):
		w = append(w, fmt.Sprintf("the Qualiopi certificate of %s (%s) ends %s, before the convention (%s): ask for the renewed certificate", p.Name, p.SIRET.Formatted(), q, to))
	}
	if p.Status == StatusSuspended {
		w = append(w, fmt.Sprintf("%s (%s) is suspended", p.Name, p.SIRET.Formatted()))
	}
	return w
}

// Send records that the convention was sent to the partner on d.
func (c *Convention) Send(d Date) error {
	if err := CanTransitionConvention(c.Status, ConventionSent); err != nil {
		return c.statusErr(err)
	}
	if d.Before(c.CreatedOn) {
		return Conflict("CONVENTION_DATE_BEFORE_CREATION", "%s cannot be sent on %s, before it was drawn up (%s)", c.Number, d, c.CreatedOn)
	}
	c.Status, c.SentOn = ConventionSent, d
	return nil
}

// Sign records the signature on d; today is the current day. A convention
// recorded after the fact (a certifier that starts using habil) is signed
// on its real, earlier date: its drawn-up date, and the date of version 1,
// then move to d (the number keeps its year). d may not be in the future,
// nor after the convention's end, nor before it was sent.
func (c *Convention) Sign(d, today Date) error {
	if err := CanTransitionConvention(c.Status, ConventionSigned); err != nil {
		return c.statusErr(err)
	}
	if !today.IsZero() && d.After(today) {
		return Conflict("CONVENTION_SIGN_FUTURE", "%s cannot be signed on %s: that day is in the future (today is %s)", c.Number, d, today).
			WithHint("record the signature on the day it happens, or give the real, past date")
	}
	if !c.SentOn.IsZero() && d.Before(c.SentOn) {
		return Conflict("CONVENTION_SIGN_DATE", "%s cannot be signed on %s, before it was sent (%s)", c.Number, d, c.SentOn).
			WithHint("give the real date of signature, on or after %s", c.SentOn)
	}
	if to := c.Terms().To; d.After(to) {
		return Conflict("CONVENTION_SIGN_DATE", "%s cannot be signed on %s: it ends %s", c.Number, d, to).
			WithHint("renew it or create a new convention for the current period")
	}
	if d.Before(c.CreatedOn) {
		if len(c.Versions) > 0 && c.Versions[0].Date == c.CreatedOn {
			c.Versions[0].Date = d
		}
		c.CreatedOn = d
	}
	c.Status, c.SignedOn = ConventionSigned, d
	return nil
}

// MaxReferenceLen is the longest certifier's own number a convention keeps.
const MaxReferenceLen = 60

// CheckReference trims the certifier's own number of a convention and
// refuses one longer than MaxReferenceLen characters.
func CheckReference(s string) (string, error) {
	s = strings.TrimSpace(s)
	if err := CleanText("the convention's reference", s); err != nil {
		return "", err
	}
	if n := len([]rune(s)); n > MaxReferenceLen {
		return "", Invalid("CONVENTION_REFERENCE", "the reference %q is %d characters long: at most %d", s, n, MaxReferenceLen)
	}
	return s, nil
}

// Attach records a file attached to the convention (the signed scan) on
// a.AttachedOn; today is the current day. The same content (SHA-256) is
// attached once; a date in the future is refused.
func (c *Convention) Attach(a ConventionAttachment, today Date) error {
	if err := CleanText("the attached file's path", a.Path); err != nil {
		return err.(*Error).WithHint("rename the file without it, then attach it again")
	}
	if !today.IsZero() && a.AttachedOn.After(today) {
		return Conflict("ATTACH_DATE_FUTURE", "%s: a file cannot be attached on %s, in the future (today is %s)", c.Number, a.AttachedOn, today).
			WithHint("give the day the signed copy was received, or leave --date out (today)")
	}
	for _, o := range c.Attachments {
		if o.SHA256 == a.SHA256 {
			what := "the same file"
			if o.Path != a.Path {
				what = "a file with the same content (" + o.Path + ")"
			}
			return Conflict("ATTACH_DUPLICATE", "%s: %s was already attached on %s", c.Number, what, o.AttachedOn).
				WithHint("see it with 'habil convention show %d'; nothing was recorded", c.ID)
		}
	}
	c.Attachments = append(c.Attachments, a)
	return nil
}

// ParseConventionStatuses reads a comma-separated list of statuses (English
// or French words); "all" selects every status.
func ParseConventionStatuses(s string) ([]ConventionStatus, error) {
	if Fold(s) == "all" || Fold(s) == "tout" || Fold(s) == "toutes" {
		return append([]ConventionStatus(nil), AllConventionStatuses...), nil
	}
	var out []ConventionStatus
	seen := map[ConventionStatus]bool{}
	for _, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		st, err := ParseConventionStatus(part)
		if err != nil {
			return nil, Invalid("CONVENTION_STATUS", "%q is not a convention status: use draft, sent, signed, ended, terminated (comma-separated), or all", strings.TrimSpace(part))
		}
		if !seen[st] {
			seen[st] = true
			out = append(out, st)
		}
	}
	if len(out) == 0 {
		return nil, Invalid("CONVENTION_STATUS", "no status given: use draft, sent, signed, ended, terminated (comma-separated), or all")
	}
	return out, nil
}

// CurrentConventionStatuses are the conventions in force or awaiting
// signature: what a campaign prints by default.
var CurrentConventionStatuses = []ConventionStatus{ConventionDraft, ConventionSent, ConventionSigned}

// FeesFitScope refuses fees that the convention's scope cannot owe: a fee
// per exam session only on a convention that covers the assessment.
func FeesFitScope(f Fees, s Scope) error {
	if f.PerExam != 0 && !s.Assesses() {
		return Conflict("FEE_PER_EXAM_WITHOUT_ASSESSMENT", "a fee per exam (%s) applies only to a convention that covers the assessment: this one only covers training", f.PerExam.French()).
			WithHint("drop --fee-per-exam, or habilitate the partner to assess first ('habil partner habilitate … --scope both')")
	}
	return nil
}

// Terminate records a termination (résiliation, or abandonment of a draft) on d.
func (c *Convention) Terminate(d Date, reason string) error {
	if err := CanTransitionConvention(c.Status, ConventionTerminated); err != nil {
		return c.statusErr(err)
	}
	if strings.TrimSpace(reason) == "" {
		return Invalid("REASON_MISSING", "a termination needs a reason")
	}
	if err := CleanText("the reason", strings.TrimSpace(reason)); err != nil {
		return err
	}
	if d.Before(c.CreatedOn) {
		return Conflict("CONVENTION_DATE_BEFORE_CREATION", "%s cannot be terminated on %s, before it was drawn up (%s)", c.Number, d, c.CreatedOn)
	}
	if !c.SignedOn.IsZero() && d.Before(c.SignedOn) {
		return Conflict("CONVENTION_TERMINATE_DATE", "%s cannot be terminated on %s, before it was signed (%s)", c.Number, d, c.SignedOn)
	}
	if to := c.Terms().To; c.Status == ConventionSigned && d.After(to) {
		return Conflict("CONVENTION_TERMINATE_DATE", "%s ended on %s: it cannot be terminated on %s", c.Number, to, d).
			WithHint("record its normal end: habil convention end %d", c.ID)
	}
	c.Status, c.TerminatedOn, c.TerminationReason = ConventionTerminated, d, strings.TrimSpace(reason)
	return nil
}

// End records that a signed convention reached its end on d; today is the
// current day. An end before the convention's end date needs a reason. An
// end in the future is refused: until that day the convention is in force,
// and recording it as ended would say otherwise.
func (c *Convention) End(d Date, reason string, today Date) error {
	if err := CanTransitionConvention(c.Status, ConventionEnded); err != nil {
		return c.statusErr(err)
	}
	if d.Before(c.SignedOn) {
		return Conflict("CONVENTION_END_DATE", "%s cannot end on %s, before it was signed (%s)", c.Number, d, c.SignedOn)
	}
	to := c.Terms().To
	if d.After(to) {
		return Conflict("CONVENTION_END_DATE", "%s ends on %s: it cannot end later (%s) without an avenant", c.Number, to, d).
			WithHint("extend it with 'habil convention amend %d --to D', or renew it", c.ID)
	}
	if !today.IsZero() && d.After(today) {
		return Conflict("CONVENTION_END_FUTURE", "%s cannot be recorded as ended on %s: that day is in the future (today is %s); it stays in force until then", c.Number, d, today).
			WithHint("record its end on or after %s ('habil convention end %d'); 'habil convention list --expiring-within DAYS' lists the conventions that end soon", d, c.ID)
	}
	if d.Before(to) && strings.TrimSpace(reason) == "" {
		return Invalid("REASON_MISSING", "%s runs until %s: ending it early (%s) needs --reason", c.Number, to, d)
	}
	if err := CleanText("the reason", strings.TrimSpace(reason)); err != nil {
		return err
	}
	c.Status, c.EndedOn, c.EndReason = ConventionEnded, d, strings.TrimSpace(reason)
	return nil
}

func (c *Convention) statusErr(err error) error {
	var de *Error
	if e, ok := err.(*Error); ok {
		de = e
	}
	if de == nil {
		return err
	}
	out := *de
	out.Msg = c.Number + ": " + de.Msg
	if c.Status == ConventionTerminated && c.TerminatedOn.String() != "" {
		out.Msg += fmt.Sprintf(" (terminated on %s: %s)", c.TerminatedOn, c.TerminationReason)
	}
	return &out
}

// Amendment is what an avenant changes. Nil/zero fields keep the current terms.
type Amendment struct {
	Date   Date
	Reason string
	From   Date
	To     Date
	Fees   *Fees
	// Rescope copies the scope of the habilitation that covers the (new)
	// period, as it is today.
	Rescope bool
}

// Amend adds a version (avenant) to the convention. The new period is
// checked against the partner's habilitations and the registration end.
func (c *Convention) Amend(p *Partner, cert *Certification, a Amendment) (ConventionTerms, error) {
	if c.Status.Final() {
		return ConventionTerms{}, Conflict("CONVENTION_STATUS_FINAL", "%s is %s: it can no longer be amended", c.Number, c.Status).
			WithHint("renew it ('habil convention renew %d') or create a new convention", c.ID)
	}
	if strings.TrimSpace(a.Reason) == "" {
		return ConventionTerms{}, Invalid("REASON_MISSING", "an avenant needs a reason (its object)")
	}
	if err := CleanText("the avenant's reason", strings.TrimSpace(a.Reason)); err != nil {
		return ConventionTerms{}, err
	}
	if a.Date.Before(c.CreatedOn) {
		return ConventionTerms{}, Conflict("CONVENTION_DATE_BEFORE_CREATION", "an avenant to %s cannot be dated %s, before the convention was drawn up (%s)", c.Number, a.Date, c.CreatedOn)
	}
	cur := c.Terms()
	if a.Date.Before(cur.Date) {
		return ConventionTerms{}, Conflict("CONVENTION_AMEND_DATE", "an avenant to %s cannot be dated %s, before the previous version (%s)", c.Number, a.Date, cur.Date)
	}
	next := cur
	next.Blocs = append([]string(nil), cur.Blocs...)
	next.Access = append([]Access(nil), cur.Access...)
	next.Version = cur.Version + 1
	next.Date = a.Date
	next.Reason = strings.TrimSpace(a.Reason)
	if !a.From.IsZero() {
		next.From = a.From
	}
	if !a.To.IsZero() {
		next.To = a.To
	}
	if a.Fees != nil {
		if err := a.Fees.Validate(); err != nil {
			return ConventionTerms{}, err
		}
		next.Fees = *a.Fees
	}
	if c.Status == ConventionSigned && !c.SignedOn.IsZero() && next.To.Before(c.SignedOn) {
		return ConventionTerms{}, Conflict("CONVENTION_AMEND_DATE", "%s was signed on %s: it cannot end before (%s)", c.Number, c.SignedOn, next.To)
	}
	h, err := CheckConventionPeriod(p, cert, next.From, next.To)
	if err != nil {
		return ConventionTerms{}, err
	}
	if a.Rescope {
		next.Scope = h.Scope
		next.Blocs = append([]string(nil), h.Blocs...)
		next.Access = append([]Access(nil), h.Access...)
	}
	if err := FeesFitScope(next.Fees, next.Scope); err != nil {
		return ConventionTerms{}, err
	}
	if sameTerms(cur, next) {
		return ConventionTerms{}, Conflict("CONVENTION_AMEND_NOTHING", "the avenant changes nothing in %s", c.Number).
			WithHint("give --from, --to, a fee or --rescope")
	}
	c.Versions = append(c.Versions, next)
	return next, nil
}

func sameTerms(a, b ConventionTerms) bool {
	return a.Scope == b.Scope && a.From == b.From && a.To == b.To && a.Fees == b.Fees &&
		strings.Join(a.Blocs, ",") == strings.Join(b.Blocs, ",") && AccessCodes(a.Access) == AccessCodes(b.Access)
}

// RenewalPeriod fills the period of a renewal: unless given, it starts the
// day after the previous convention ends and lasts as long, capped at the end
// of the habilitation that covers its start or at the registration end. It
// returns the period and a note when the end was capped.
func RenewalPeriod(prev *Convention, p *Partner, c *Certification, from, to Date) (Date, Date, string) {
	t := prev.Terms()
	if from.IsZero() {
		from = t.To.AddDays(1)
	}
	if !to.IsZero() {
		return from, to, ""
	}
	// As long as the previous one: in whole months when it ran whole months
	// (1 Feb → 31 Dec), else in days.
	if next := t.To.AddDays(1); next.Day() == t.From.Day() {
		months := (next.Year()-t.From.Year())*12 + int(next.Month()) - int(t.From.Month())
		to = from.AddMonths(months).AddDays(-1)
	} else {
		to = from.AddDays(t.From.DaysUntil(t.To))
	}
	// Cap at the end of the habilitation that covers the start, or the registration.
	limit := c.EndDate
	what := "the registration end of " + string(c.Code)
	for _, h := range p.Habilitations {
		if h.Certification == c.Code && !from.Before(h.From) {
			e := habEnd(h, c)
			if !e.IsZero() && !from.After(e) {
				if limit.IsZero() || e.Before(limit) {
					limit = e
					what = "the end of the habilitation"
				}
			}
		}
	}
	if !limit.IsZero() && to.After(limit) && !from.After(limit) {
		return from, limit, fmt.Sprintf("the renewal ends %s (%s)", limit, what)
	}
	return from, to, ""
}

// CheckRenewal refuses to renew a convention that is not signed or ended, or
// that was already renewed.
func CheckRenewal(prev *Convention) error {
	switch prev.Status {
	case ConventionSigned, ConventionEnded:
	case ConventionTerminated:
		return Conflict("CONVENTION_RENEW_TERMINATED", "%s was terminated on %s: it cannot be renewed", prev.Number, prev.TerminatedOn).
			WithHint("create a new convention with 'habil convention create'")
	default:
		return Conflict("CONVENTION_RENEW_UNSIGNED", "%s is %s: only a signed (or ended) convention can be renewed", prev.Number, prev.Status)
	}
	if prev.RenewedByID != 0 {
		return Conflict("CONVENTION_ALREADY_RENEWED", "%s was already renewed by %s", prev.Number, prev.RenewedByNumber).
			WithHint("see it with 'habil convention show %d'", prev.RenewedByID)
	}
	return nil
}

// ConventionsOverlap reports whether two conventions' periods intersect.
// Conventions abandoned before signature never overlap anything.
func ConventionsOverlap(a, b *Convention) bool {
	if (a.Status == ConventionTerminated && a.NeverSigned()) || (b.Status == ConventionTerminated && b.NeverSigned()) {
		return false
	}
	ta, tb := a.Terms(), b.Terms()
	return !a.EffectiveEnd().Before(tb.From) && !b.EffectiveEnd().Before(ta.From)
}

// CheckNoOverlap refuses a convention whose period overlaps another
// convention of the same partner on the same certification.
func CheckNoOverlap(c *Convention, others []*Convention) error {
	for _, o := range others {
		if o.ID == c.ID || o.PartnerSIRET != c.PartnerSIRET || o.Certification != c.Certification {
			continue
		}
		if ConventionsOverlap(c, o) {
			ot := o.Terms()
			return Conflict("CONVENTION_OVERLAP", "%s (%s, %s → %s) already covers part of %s → %s for %s on %s",
				o.Number, o.Status, ot.From, o.EffectiveEnd(), c.Terms().From, c.Terms().To, c.PartnerSIRET.Formatted(), c.Certification).
				WithHint("amend %s ('habil convention amend %d'), renew it, or terminate it first", o.Number, o.ID)
		}
	}
	return nil
}

// Clone returns a deep copy of the convention (the journal's "before").
func (c *Convention) Clone() *Convention {
	out := *c
	out.Versions = make([]ConventionTerms, len(c.Versions))
	for i, v := range c.Versions {
		v.Blocs = append([]string(nil), v.Blocs...)
		v.Access = append([]Access(nil), v.Access...)
		out.Versions[i] = v
	}
	out.Attachments = append([]ConventionAttachment(nil), c.Attachments...)
	return &out
}

// FeeChanges are the fees a user gives for a new convention, a renewal or an
// avenant: a nil amount keeps the base fee, 0 removes it.
type FeeChanges struct {
	PerCandidate, PerExam, FlatYearly *Money
}

// Any reports whether a fee was given.
func (fc FeeChanges) Any() bool {
	return fc.PerCandidate != nil || fc.PerExam != nil || fc.FlatYearly != nil
}

// Apply returns base with the given fees replaced.
func (fc FeeChanges) Apply(base Fees) Fees {
	for _, x := range []struct {
		src *Money
		dst *Money
	}{{fc.PerCandidate, &base.PerCandidate}, {fc.PerExam, &base.PerExam}, {fc.FlatYearly, &base.FlatYearly}} {
		if x.src != nil {
			*x.dst = *x.src
		}
	}
	return base
}

// ExpiringWithin narrows the filter to the renewal campaign: the signed
// conventions whose end date falls within days of at.
func (f *ConventionFilter) ExpiringWithin(at Date, days int) error {
	if days < 0 {
		return Invalid("DAYS", "%d is not a number of days", days)
	}
	f.Status = ConventionSigned
	f.EndsFrom, f.EndsTo = at, at.AddDays(days)
	return nil
}
