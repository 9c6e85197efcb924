package domain

import "strings"

// ImprovementSource says where an improvement action comes from.
type ImprovementSource string

const (
	SourceAudit     ImprovementSource = "audit"
	SourceJury      ImprovementSource = "jury"
	SourceComplaint ImprovementSource = "complaint"
	SourceSurvey    ImprovementSource = "survey"
	SourcePartner   ImprovementSource = "partner"
	SourceOther     ImprovementSource = "other"
)

// ImprovementSources are the accepted sources, in the order shown.
var ImprovementSources = []ImprovementSource{SourceAudit, SourceJury, SourceComplaint, SourceSurvey, SourcePartner, SourceOther}

// ParseImprovementSource reads a source (English, or the French words a
// quality manager would use).
func ParseImprovementSource(s string) (ImprovementSource, error) {
	switch Fold(s) {
	case "audit":
		return SourceAudit, nil
	case "jury":
		return SourceJury, nil
	case "complaint", "reclamation", "plainte":
		return SourceComplaint, nil
	case "survey", "enquete":
		return SourceSurvey, nil
	case "partner", "partenaire":
		return SourcePartner, nil
	case "other", "autre":
		return SourceOther, nil
	}
	return "", Invalid("IMPROVE_SOURCE", "%q is not a source of improvement: use audit, jury, complaint, survey, partner or other", strings.TrimSpace(s))
}

// French is the source as printed in French documents.
func (s ImprovementSource) French() string {
	switch s {
	case SourceAudit:
		return "audit"
	case SourceJury:
		return "jury"
	case SourceComplaint:
		return "réclamation"
	case SourceSurvey:
		return "enquête"
	case SourcePartner:
		return "partenaire"
	case SourceOther:
		return "autre"
	}
	return string(s)
}

// ImprovementAction is one continuous-improvement action (Qualiopi
// indicator 32), followed to its closure.
type ImprovementAction struct {
	ID            int64
	Source        ImprovementSource
	Text          string
	Partner       SIRET // "" when it concerns no partner
	PartnerName   string
	Certification CertCode // "" when it concerns no certification
	OpenedOn      Date
	Due           Date // zero: no deadline
	ClosedOn      Date // zero: open
	Outcome       string
	// Origin names what the action was made from ("audit 3 QUAL-02",
	// "session-event 7"); one origin makes at most one action.
	Origin    string
	CreatedAt string
}

// Open reports whether the action is not closed.
func (a *ImprovementAction) Open() bool { return a.ClosedOn.IsZero() }

// Overdue reports whether the action is open past its due date at a day.
func (a *ImprovementAction) Overdue(at Date) bool {
	return a.Open() && !a.Due.IsZero() && a.Due.Before(at)
}

// Close closes the action on date with its outcome.
func (a *ImprovementAction) Close(date Date, outcome string) error {
	outcome = strings.TrimSpace(outcome)
	if outcome == "" {
		return Invalid("IMPROVE_OUTCOME", "the outcome of an improvement action cannot be empty").
			WithHint("say what was done, e.g. --outcome \"grille d'évaluation révisée\"")
	}
	if !a.Open() {
		return Conflict("IMPROVE_CLOSED", "improvement action %d was already closed on %s", a.ID, a.ClosedOn).
			WithHint("list the open actions with 'habil improve list --open'")
	}
	if date.Before(a.OpenedOn) {
		return Conflict("IMPROVE_CLOSE_DATE", "improvement action %d cannot be closed on %s, before it was opened (%s)", a.ID, date, a.OpenedOn)
	}
	a.ClosedOn, a.Outcome = date, outcome
	return nil
}

// ImprovementFilter selects improvement actions.
type ImprovementFilter struct {
	OpenOnly bool
	Origin   string // exact origin
}

// CommitteeMember is one member of an improvement committee meeting.
type CommitteeMember struct {
	Name string
	Role string
}

// ParseCommitteeMember reads "NAME, ROLE" (the role may be omitted).
func ParseCommitteeMember(s string) (CommitteeMember, error) {
	name, role, _ := strings.Cut(s, ",")
	m := CommitteeMember{Name: strings.TrimSpace(name), Role: strings.TrimSpace(role)}
	if m.Name == "" {
		return m, Invalid("COMMITTEE_MEMBER", "%q is not a committee member: give \"NAME, ROLE\"", strings.TrimSpace(s)).
			WithHint("e.g. --member \"Claire Martin, représentante de la branche\"")
	}
	return m, nil
}

// CommitteeMeeting is one meeting of a certification's improvement
// committee (conseil de perfectionnement).
type CommitteeMeeting struct {
	ID                 int64
	Certification      CertCode
	CertificationTitle string // filled on read
	Date               Date
	Members            []CommitteeMember
	Decisions          []string
	CreatedAt          string
}

// CommitteeFilter selects committee meetings.
type CommitteeFilter struct {
	Certification CertCode
}
