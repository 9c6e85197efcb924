package check

import (
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// Finding codes of continuous improvement (issue 17): an improvement
// action open past its due date; a certification whose improvement
// committee has not met for too long.
const (
	ImprovementOverdue = "IMPROVEMENT_OVERDUE"
	CommitteeDue       = "COMMITTEE_DUE"
)

func init() {
	register(
		Rule{Code: ImprovementOverdue, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaPartners,
			Doc:   "an improvement action ('improve add') is open past its due date",
			Reads: []string{ReadsImprovements},
			Eval:  improvementOverdue},
		Rule{Code: CommitteeDue, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaCertifications,
			Doc:        "once the certifier holds improvement committees ('committee meet'), a certification in force had no meeting for the limit (0 disables the rule: the Code requires no committee)",
			Thresholds: []string{KeyCommitteeDueMonths},
			Reads:      []string{ReadsCertifications, ReadsCommittees},
			Eval:       committeeDue},
	)
}

func improvementOverdue(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, a := range e.Improvements {
		if !a.Overdue(e.At) {
			continue
		}
		f := domain.Finding{Code: ImprovementOverdue, Severity: domain.SeverityWarning, Subject: fmt.Sprintf("improvement %d", a.ID),
			SIRET: string(a.Partner), Certification: a.Certification, DueDate: a.Due}
		about := ""
		if p := e.partners[a.Partner]; p != nil {
			about = " for " + partnerLabel(p)
		} else if a.Partner != "" {
			about = " for " + a.Partner.Formatted()
		}
		f.Message = fmt.Sprintf("improvement action %d (%s)%s was due by %s: %s; once done, close it with 'habil improve close %d --outcome TEXT'",
			a.ID, a.Source, about, a.Due, a.Text, a.ID)
		out = append(out, f)
	}
	return out
}

// CommitteeDueDate is when a certification's next improvement committee
// meeting is due: months after its last meeting on or before at; never
// met, months after the first meeting the certifier held for any
// certification (zero when it never held one: the rule is then silent).
func CommitteeDueDate(code domain.CertCode, meetings []*domain.CommitteeMeeting, at domain.Date, months int) (due, last domain.Date) {
	var first domain.Date
	for _, m := range meetings {
		if m.Date.After(at) {
			continue
		}
		if first.IsZero() || m.Date.Before(first) {
			first = m.Date
		}
		if m.Certification == code && m.Date.After(last) {
			last = m.Date
		}
	}
	switch {
	case !last.IsZero():
		return last.AddMonths(months), last
	case !first.IsZero():
		return first.AddMonths(months), last
	}
	return domain.Date{}, last
}

func committeeDue(e *Env) []domain.Finding {
	months := e.Limits.CommitteeDueMonths
	if months <= 0 {
		return nil
	}
	var out []domain.Finding
	for _, c := range e.Certifications {
		if c.Active != nil && !*c.Active {
			continue
		}
		if !c.EndDate.IsZero() && c.EndDate.Before(e.At) {
			continue
		}
		due, last := CommitteeDueDate(c.Code, e.Committees, e.At, months)
		if due.IsZero() || !e.At.After(due) {
			continue
		}
		what := fmt.Sprintf("last met on %s", last)
		if last.IsZero() {
			what = "never met"
		}
		out = append(out, domain.Finding{Code: CommitteeDue, Severity: domain.SeverityWarning, Subject: string(c.Code), Certification: c.Code, DueDate: due,
			Message: fmt.Sprintf("the improvement committee of %s %s: a meeting was due by %s (every %d months; 0 in check.committee_due_months turns this off); record it with 'habil committee meet --certification %s --date D --member \"NAME, ROLE\"'",
				c.Code, what, due, months, c.Code)})
	}
	return out
}
