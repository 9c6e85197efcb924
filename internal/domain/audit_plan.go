package domain

import (
	"fmt"
	"sort"
)

// The risk-based audit plan ('habil audit plan'): every active partner
// ranked by risk, most urgent first, with the reasons shown.
//
// The order is the issue's, exactly: a partner never audited comes before
// one audited; then the one whose reference is older (AuditReference: the
// last audit, or for a partner never audited its first habilitation's
// start); then the one with more open findings; then the higher score;
// ties are broken by SIRET. The score adds up the factors shown as reasons
// so that the quality manager sees why a partner is high in the plan.

// Points of each factor of the audit-plan score.
const (
	PlanPointsNeverAudited  = 30 // never audited
	PlanPointsPerMonth      = 1  // per whole month since the reference (capped)
	PlanMaxMonthPoints      = 48 // cap of the months' points
	PlanPointsMajorFinding  = 15 // per open major finding
	PlanPointsMinorFinding  = 5  // per open minor finding
	PlanPointsOverdue       = 10 // per open finding past its deadline
	PlanPointsNewPartner    = 10 // first habilitation less than 12 months ago
	PlanPointsQualiopi      = 10 // Qualiopi ending within the window, or ended
	PlanPointsReconcile     = 5  // per reconcile finding on the partner (capped)
	PlanPointsWeb           = 5  // per website finding of its last check (capped)
	PlanMaxListPoints       = 15 // cap of the reconcile points and of the website points
	PlanPointsNotCompliant  = 20 // compliance not_compliant
	PlanPointsPartCompliant = 10 // compliance partially_compliant
)

// PlanNoSessions is the reason a partner carries while habil records none
// of its sessions (shown, not scored).
const PlanNoSessions = "candidates presented and pass rate: no session data yet (not scored)"

// AuditPlanInput is what the ranking knows of one partner.
type AuditPlanInput struct {
	Partner *Partner
	// Audits are the partner's recorded audits (any order); those after
	// the plan's date are ignored.
	Audits []*Audit
	// Reconcile are the findings of the last 'partner reconcile' on the
	// partner (due at the plan's date); ReconcileDate is that run's date.
	Reconcile     []Finding
	ReconcileDate Date
	// Web are the findings of the partner's last website check
	// ('audit web'), made on WebDate (zero: never checked).
	Web     []WebFinding
	WebDate Date
	// Sessions is the hook for the session factors (candidates presented,
	// pass rate against the network's): nil while habil records no
	// sessions, and then not scored.
	Sessions *AuditPlanSessions
}

// AuditPlanSessions are the session figures of a partner and of the
// network, once habil records sessions.
type AuditPlanSessions struct {
	Candidates      int     // candidates the partner presented
	PassRate        float64 // the partner's pass rate (0-1)
	NetworkPassRate float64 // the network's pass rate (0-1)
}

// AuditPlanParams are the plan's date and thresholds.
type AuditPlanParams struct {
	At Date
	// QualiopiWindowDays: a Qualiopi certificate ending within this many
	// days of At (check.qualiopi_expiring_days) is a reason.
	QualiopiWindowDays int
	// Year, when not 0, keeps the partners due in that year or before:
	// never audited, or whose last audit + 12 months falls on or before
	// the 31 December of Year (an audit overdue since an earlier year is
	// still due).
	Year int
}

// AuditPlanEntry is one partner of the plan.
type AuditPlanEntry struct {
	SIRET        SIRET
	Name         string
	Score        int
	Reasons      []string
	NeverAudited bool
	// Reference is the last audit, or the first habilitation's start for a
	// partner never audited (zero: neither is known).
	Reference    Date
	LastAudit    Date // zero when never audited
	Due          Date // last audit + 12 months (zero when never audited)
	Months       int  // whole months from Reference to the plan's date
	OpenFindings int
	OpenMajor    int
	Overdue      int
	Compliance   Compliance
}

// AuditReference is the date from which a partner's next audit is
// counted: its last audit on record, or, never audited, the start of its
// first habilitation (zero when it has neither). AUDIT_OVERDUE and the
// audit plan share it.
func AuditReference(p *Partner, audits []*Audit) Date {
	if last := lastAudit(p, audits); !last.IsZero() {
		return last
	}
	return FirstHabilitation(p)
}

// FirstHabilitation is the earliest start among the partner's
// habilitations, ended ones included (zero when it has none).
func FirstHabilitation(p *Partner) Date {
	var first Date
	for _, h := range p.Habilitations {
		if !h.From.IsZero() && (first.IsZero() || h.From.Before(first)) {
			first = h.From
		}
	}
	return first
}

// lastAudit is the date of the partner's last audit among audits (those
// of another partner are ignored).
func lastAudit(p *Partner, audits []*Audit) Date {
	var last Date
	for _, a := range audits {
		if a.PartnerSIRET != "" && a.PartnerSIRET != p.SIRET {
			continue
		}
		if last.IsZero() || a.Date.After(last) {
			last = a.Date
		}
	}
	return last
}

// MonthsBetween is the number of whole months from a to b (0 when b is not
// after a).
func MonthsBetween(a, b Date) int {
	if a.IsZero() || !b.After(a) {
		return 0
	}
	n := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if a.AddMonths(n).After(b) {
		n--
	}
	if n < 0 {
		return 0
	}
	return n
}

// RankAuditPlan scores and orders the partners (see the file comment).
// It is a pure function of its input.
func RankAuditPlan(in []AuditPlanInput, prm AuditPlanParams) []AuditPlanEntry {
	out := make([]AuditPlanEntry, 0, len(in))
	for _, x := range in {
		e := planEntry(x, prm)
		if prm.Year != 0 && !e.NeverAudited && e.Due.Year() > prm.Year {
			continue
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return planLess(out[i], out[j]) })
	return out
}

func planLess(a, b AuditPlanEntry) bool {
	if a.NeverAudited != b.NeverAudited {
		return a.NeverAudited
	}
	if a.Reference != b.Reference {
		// An unknown reference (never habilitated, never audited) is the
		// oldest of all: nothing says when it was last looked at.
		if a.Reference.IsZero() || b.Reference.IsZero() {
			return a.Reference.IsZero()
		}
		return a.Reference.Before(b.Reference)
	}
	if a.OpenFindings != b.OpenFindings {
		return a.OpenFindings > b.OpenFindings
	}
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.SIRET < b.SIRET
}

func planEntry(x AuditPlanInput, prm AuditPlanParams) AuditPlanEntry {
	p, at := x.Partner, prm.At
	var audits []*Audit
	for _, a := range x.Audits {
		if !a.Date.After(at) && (a.PartnerSIRET == "" || a.PartnerSIRET == p.SIRET) {
			audits = append(audits, a)
		}
	}
	e := AuditPlanEntry{SIRET: p.SIRET, Name: p.Name, Compliance: ComplianceAt(audits, at)}
	e.LastAudit = lastAudit(p, audits)
	e.NeverAudited = e.LastAudit.IsZero()
	e.Reference = AuditReference(p, audits)
	e.Months = MonthsBetween(e.Reference, at)
	add := func(points int, format string, args ...any) {
		e.Score += points
		r := fmt.Sprintf(format, args...)
		if points > 0 {
			r += fmt.Sprintf(" (+%d)", points)
		}
		e.Reasons = append(e.Reasons, r)
	}
	monthPoints := min(e.Months*PlanPointsPerMonth, PlanMaxMonthPoints)
	switch {
	case e.NeverAudited && e.Reference.IsZero():
		add(PlanPointsNeverAudited, "never audited, no habilitation start on record")
	case e.NeverAudited:
		add(PlanPointsNeverAudited, "never audited")
		add(monthPoints, "%s since its first habilitation (%s)", planMonths(e.Months), e.Reference)
	default:
		e.Due = e.LastAudit.AddMonths(12)
		add(monthPoints, "%s since its last audit (%s)", planMonths(e.Months), e.LastAudit)
	}

	for _, a := range audits {
		for _, i := range a.OpenFindings(at) {
			e.OpenFindings++
			if i.Severity == SeverityMajor {
				e.OpenMajor++
			}
			if i.OverdueAt(at) {
				e.Overdue++
			}
		}
	}
	if e.OpenFindings > 0 {
		minor := e.OpenFindings - e.OpenMajor
		add(e.OpenMajor*PlanPointsMajorFinding+minor*PlanPointsMinorFinding,
			"%s open (%d major, %d minor)", planPlural(e.OpenFindings, "finding"), e.OpenMajor, minor)
	}
	if e.Overdue > 0 {
		add(e.Overdue*PlanPointsOverdue, "%s past its deadline", planPlural(e.Overdue, "corrective action"))
	}
	switch e.Compliance {
	case NonCompliant:
		add(PlanPointsNotCompliant, "compliance: not compliant (a major finding open)")
	case CompliancePartial:
		add(PlanPointsPartCompliant, "compliance: partially compliant (minor findings open)")
	}

	if first := FirstHabilitation(p); !first.IsZero() && at.Before(first.AddMonths(12)) {
		add(PlanPointsNewPartner, "new partner: first habilitation on %s, less than 12 months ago", first)
	}
	if q := p.Qualiopi.ValidUntil; !q.IsZero() {
		switch {
		case q.Before(at):
			add(PlanPointsQualiopi, "Qualiopi certificate ended on %s", q)
		case !q.After(at.AddDays(prm.QualiopiWindowDays)):
			add(PlanPointsQualiopi, "Qualiopi certificate ends on %s (in %s)", q, planPlural(at.DaysUntil(q), "day"))
		}
	}
	if n := len(x.Reconcile); n > 0 {
		add(min(n*PlanPointsReconcile, PlanMaxListPoints), "%s in the last reconcile (%s)", planPlural(n, "finding"), x.ReconcileDate)
	}
	if n := len(x.Web); n > 0 {
		add(min(n*PlanPointsWeb, PlanMaxListPoints), "%s on its website (audit web of %s)", planPlural(n, "finding"), x.WebDate)
	}
	if s := x.Sessions; s == nil {
		e.Reasons = append(e.Reasons, PlanNoSessions)
	} else {
		// The hook for sessions: shown, not scored until the weights are agreed.
		e.Reasons = append(e.Reasons, fmt.Sprintf("%s presented, pass rate %.0f%% (network %.0f%%)",
			planPlural(s.Candidates, "candidate"), s.PassRate*100, s.NetworkPassRate*100))
	}
	return e
}

func planMonths(n int) string { return planPlural(n, "month") }

func planPlural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
