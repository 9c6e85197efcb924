package domain

import (
	"fmt"
	"strconv"
	"strings"
)

// The partner life cycle: what a status change, a habilitation's end or an
// imported habilitation does, decided here from the partner as stored; the
// store only executes the plan (and journals it).

// StatusPlan is what a partner status change does.
type StatusPlan struct {
	From, To PartnerStatus
	Date     Date
	Reason   string // trimmed
	// BackdateRecording: this is the first change after the partner was
	// recorded and it predates the recording; the recording's date moves
	// back to Date so that the history stays in order.
	BackdateRecording bool
	// Habilitations lists, in the partner's order, what a withdrawal does to
	// its habilitations still running on Date: each one is ended on EndOn
	// with EndReason, or removed (Remove) when it starts on or after Date.
	Habilitations []HabilitationEffect
	EndOn         Date
	EndReason     string
}

// HabilitationEffect is one habilitation touched by a withdrawal, as stored
// before the change.
type HabilitationEffect struct {
	Habilitation Habilitation
	Remove       bool // it had not started: it is deleted rather than ended
}

// PlanStatusChange decides a status change of p to to on date, for reason:
// the reason is required; the transition must be allowed (CanTransition);
// the date may not be earlier than the last change, except for the first
// change after the partner was recorded (the recording is then back-dated
// to it). Withdrawing a partner on date ends its habilitations still
// running then (their last day becomes the day before, end reason "partner
// withdrawn: REASON") and removes those that start on or after it.
// date must be set (the caller defaults it to today).
func PlanStatusChange(p *Partner, to PartnerStatus, date Date, reason string) (StatusPlan, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return StatusPlan{}, Invalid("REASON_MISSING", "a status change needs a reason").WithHint("give --reason \"…\" (it is kept in the partner's history)")
	}
	if err := CleanText("the reason", reason); err != nil {
		return StatusPlan{}, err
	}
	if err := CanTransition(p.Status, to); err != nil {
		return StatusPlan{}, err
	}
	pl := StatusPlan{From: p.Status, To: to, Date: date, Reason: reason}
	pl.BackdateRecording = len(p.History) == 1 && p.History[0].From == "" && date.Before(p.StatusSince)
	if !pl.BackdateRecording && !p.StatusSince.IsZero() && date.Before(p.StatusSince) {
		return StatusPlan{}, Conflict("STATUS_DATE", "the change is dated %s, before the partner's last status change (%s on %s)", date, p.Status, p.StatusSince).
			WithHint("give a --date on or after %s", p.StatusSince)
	}
	if to != StatusWithdrawn {
		return pl, nil
	}
	pl.EndOn, pl.EndReason = date.AddDays(-1), "partner withdrawn: "+reason
	for _, h := range p.Habilitations {
		if !h.To.IsZero() && !h.To.After(pl.EndOn) {
			continue // already over by then
		}
		pl.Habilitations = append(pl.Habilitations, HabilitationEffect{Habilitation: h, Remove: !h.From.Before(date)})
	}
	return pl, nil
}

// CheckHabilitationEnd checks that h may end on date (its last day) for
// reason: a reason is given, the date is not before its start, nor after
// an end already set (extending is an update), nor the same end. It
// returns the trimmed reason.
func CheckHabilitationEnd(h *Habilitation, date Date, reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return "", Invalid("REASON_MISSING", "ending a habilitation needs a reason").WithHint("give --reason \"…\"")
	}
	if err := CleanText("the reason", reason); err != nil {
		return "", err
	}
	if date.Before(h.From) {
		return "", Conflict("END_BEFORE_START", "habilitation #%d starts on %s: it cannot end on %s", h.ID, h.From, date).
			WithHint("give a --date on or after %s", h.From)
	}
	if !h.To.IsZero() && date.After(h.To) {
		return "", Conflict("END_AFTER_END", "habilitation #%d already ends on %s, before %s", h.ID, h.To, date)
	}
	if h.To == date {
		return "", Conflict("END_SAME", "habilitation #%d already ends on %s", h.ID, date)
	}
	return reason, nil
}

// CheckHabilitation normalises h (NormaliseHabilitation) and checks it
// against its certification (ValidateHabilitation) and the partner's other
// habilitations (CheckOverlap). The partner must already be allowed to be
// habilitated (CanHabilitate).
func CheckHabilitation(h *Habilitation, p *Partner, c *Certification) error {
	if err := NormaliseHabilitation(h, c); err != nil {
		return err
	}
	if err := ValidateHabilitation(*h, c); err != nil {
		return err
	}
	return CheckOverlap(*h, p.Habilitations)
}

// MatchHabilitation is the import's rule for a habilitation row h of a
// partner whose habilitations are existing: it updates the one on the same
// certification whose period overlaps it (returned, as a pointer into
// existing), or is added when none does (nil). When h overlaps several, it
// is refused (HABILITATION_AMBIGUOUS).
func MatchHabilitation(h Habilitation, existing []Habilitation) (*Habilitation, error) {
	var hits []*Habilitation
	for i := range existing {
		if o := &existing[i]; o.Certification == h.Certification && h.Overlaps(*o) {
			hits = append(hits, o)
		}
	}
	switch len(hits) {
	case 0:
		return nil, nil
	case 1:
		return hits[0], nil
	}
	var names []string
	for _, o := range hits {
		names = append(names, fmt.Sprintf("#%d (%s)", o.ID, o.Period()))
	}
	return nil, Conflict("HABILITATION_AMBIGUOUS", "the period %s overlaps %d habilitations of %s on %s: %s",
		h.Period(), len(hits), h.PartnerSIRET.Formatted(), h.Certification, strings.Join(names, ", ")).
		WithHint("give a period that overlaps only one of them")
}

// CheckInitialStatus refuses a new partner recorded with another status
// than prospect or active (it goes through its life cycle afterwards).
func CheckInitialStatus(siret SIRET, s PartnerStatus) error {
	if s != StatusProspect && s != StatusActive {
		return Invalid("STATUS", "a new partner is a prospect or active, not %s", s).
			WithHint("record it, then use 'habil partner status %s %s --reason …'", siret, s)
	}
	return nil
}

// Habilitation states at a date, as 'partner list/show' print them.
const (
	HabilitationInForce = "in_force"
	HabilitationFuture  = "future"
	HabilitationEnded   = "ended"
)

// StateAt says whether h is in force, future or ended at date at.
func (h Habilitation) StateAt(at Date) string {
	switch {
	case h.InForce(at):
		return HabilitationInForce
	case at.Before(h.From):
		return HabilitationFuture
	}
	return HabilitationEnded
}

// France Compétences states of a habilitation (report habilitations).
const (
	FCStateActive   = "Actif"
	FCStateInactive = "Inactif"
	FCStateFuture   = "À venir"
	FCStateDeleted  = "Supprimé"
)

// FCHabilitationState is the France Compétences-style state of a
// habilitation of p at a date: Supprimé (partner withdrawn, or the
// habilitation has ended), À venir (it starts later), Actif (in force and
// the partner active), Inactif (otherwise: suspended or prospect).
func FCHabilitationState(p *Partner, h Habilitation, at Date) string {
	switch {
	case p.Status == StatusWithdrawn || (!h.To.IsZero() && h.To.Before(at)):
		return FCStateDeleted
	case at.Before(h.From):
		return FCStateFuture
	case p.Status == StatusSuspended:
		return FCStateInactive
	case p.Status == StatusActive:
		return FCStateActive
	}
	return FCStateInactive
}

// CertCodeLess orders RNCP codes before RS codes, each by number.
func CertCodeLess(a, b CertCode) bool {
	ra, rb := a.Register() == RS, b.Register() == RS
	if ra != rb {
		return !ra
	}
	na, _ := strconv.Atoi(a.Number())
	nb, _ := strconv.Atoi(b.Number())
	if na != nb {
		return na < nb
	}
	return a < b
}
