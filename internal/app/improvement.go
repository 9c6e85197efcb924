package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/report"
)

// ImprovementRequest is what 'improve add' records.
type ImprovementRequest struct {
	Source        domain.ImprovementSource
	Text          string
	Partner       domain.SIRET
	Certification domain.CertCode
	Due           domain.Date
	Date          domain.Date // opened on; zero: today
}

// AddImprovement records an improvement action: an unknown partner or
// certification is refused and nothing is written.
func (a *App) AddImprovement(ctx context.Context, req ImprovementRequest) (*domain.ImprovementAction, error) {
	act := &domain.ImprovementAction{Source: req.Source, Text: strings.TrimSpace(req.Text), Partner: req.Partner,
		Certification: req.Certification, Due: req.Due, OpenedOn: req.Date}
	if act.OpenedOn.IsZero() {
		act.OpenedOn = a.Today()
	}
	if act.Text == "" {
		return nil, domain.Invalid("IMPROVE_TEXT", "the text of an improvement action cannot be empty").WithHint("say what must be improved with --text")
	}
	if !act.Due.IsZero() && act.Due.Before(act.OpenedOn) {
		return nil, domain.Conflict("IMPROVE_DUE", "the due date %s is before the action is opened (%s)", act.Due, act.OpenedOn).WithHint("give a later --due")
	}
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		return createImprovement(tx, act)
	})
	if err != nil {
		return nil, err
	}
	return act, nil
}

func createImprovement(tx domain.Tx, act *domain.ImprovementAction) error {
	if act.Partner != "" {
		p, err := tx.Partner(act.Partner)
		if err != nil {
			return err
		}
		act.PartnerName = p.Name
	}
	if act.Certification != "" {
		if _, err := tx.Certification(act.Certification); err != nil {
			return err
		}
	}
	return tx.CreateImprovementAction(act)
}

// CloseImprovement closes an open action on date (zero: today) with its
// outcome.
func (a *App) CloseImprovement(ctx context.Context, id int64, date domain.Date, outcome string) (*domain.ImprovementAction, error) {
	if date.IsZero() {
		date = a.Today()
	}
	if date.After(a.Today()) {
		return nil, domain.Conflict("IMPROVE_CLOSE_DATE", "%s is in the future", date).WithHint("close the action once it is done")
	}
	var after *domain.ImprovementAction
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		before, err := tx.ImprovementAction(id)
		if err != nil {
			return err
		}
		cp := *before
		after = &cp
		if err := after.Close(date, outcome); err != nil {
			return err
		}
		return tx.CloseImprovementAction(before, after)
	})
	if err != nil {
		return nil, err
	}
	return after, nil
}

// ImprovementList lists the improvement actions (open ones only when asked).
func (a *App) ImprovementList(ctx context.Context, openOnly bool) ([]*domain.ImprovementAction, error) {
	var out []*domain.ImprovementAction
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		out, err = r.ImprovementActions(domain.ImprovementFilter{OpenOnly: openOnly})
		return err
	})
	return out, err
}

// ImprovementFromFinding turns a non-conformity of an audit into an
// improvement action (source audit, the audit's partner, the finding's
// deadline as due date). One finding makes one action.
func (a *App) ImprovementFromFinding(ctx context.Context, auditID int64, code string) (*domain.ImprovementAction, error) {
	var act *domain.ImprovementAction
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		au, err := tx.Audit(auditID)
		if err != nil {
			return err
		}
		item, err := au.Finding(code, "improve")
		if err != nil {
			return err
		}
		text := item.Action
		if text == "" {
			text = item.Point
		}
		if item.Observations != "" {
			text = strings.TrimSpace(text + " — " + item.Observations)
		}
		if text == "" {
			text = "non-conformité " + item.Code
		}
		act = &domain.ImprovementAction{Source: domain.SourceAudit, Partner: au.PartnerSIRET, Text: fmt.Sprintf("Audit du %s, %s : %s", au.Date.French(), item.Code, text),
			Due: item.Deadline, OpenedOn: au.Date, Origin: fmt.Sprintf("audit %d %s", au.ID, item.Code)} // opened by the audit
		if !item.ClosedOn.IsZero() {
			act.ClosedOn, act.Outcome = item.ClosedOn, item.Closure
		}
		return createImprovement(tx, act)
	})
	if err != nil {
		return nil, err
	}
	return act, nil
}

// CommitteeRequest is what 'committee meet' records.
type CommitteeRequest struct {
	Certification domain.CertCode
	Date          domain.Date
	Members       []domain.CommitteeMember
	Decisions     []string
}

// CommitteeMeet records a meeting of a certification's improvement committee.
func (a *App) CommitteeMeet(ctx context.Context, req CommitteeRequest) (*domain.CommitteeMeeting, error) {
	if req.Date.IsZero() {
		return nil, domain.Invalid("COMMITTEE_DATE", "the meeting's date is required").WithHint("give --date YYYY-MM-DD")
	}
	if req.Date.After(a.Today()) {
		return nil, domain.Conflict("COMMITTEE_DATE", "%s is in the future: record a meeting once it was held", req.Date)
	}
	if len(req.Members) == 0 {
		return nil, domain.Invalid("COMMITTEE_MEMBERS", "a meeting needs its members").WithHint("give --member \"NAME, ROLE\" once per member")
	}
	m := &domain.CommitteeMeeting{Certification: req.Certification, Date: req.Date, Members: req.Members}
	for _, d := range req.Decisions {
		if d = strings.TrimSpace(d); d != "" {
			m.Decisions = append(m.Decisions, d)
		}
	}
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		c, err := tx.Certification(req.Certification)
		if err != nil {
			return err
		}
		m.CertificationTitle = c.Title
		return tx.CreateCommitteeMeeting(m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// CommitteeList lists the meetings (of one certification when given).
func (a *App) CommitteeList(ctx context.Context, cert domain.CertCode) ([]*domain.CommitteeMeeting, error) {
	var out []*domain.CommitteeMeeting
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		out, err = r.CommitteeMeetings(domain.CommitteeFilter{Certification: cert})
		return err
	})
	return out, err
}

// CommitteeMeeting reads one meeting.
func (a *App) CommitteeMeeting(ctx context.Context, id int64) (*domain.CommitteeMeeting, error) {
	var out *domain.CommitteeMeeting
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		out, err = r.CommitteeMeeting(id)
		return err
	})
	return out, err
}

// CommitteeMinutesPDF writes the minutes of meeting id to out, printed at
// at (today when zero), with the
// improvement actions the committee followed (those of its certification
// or of none, opened by the meeting's day and not closed before the
// previous meeting).
func (a *App) CommitteeMinutesPDF(ctx context.Context, id int64, at domain.Date, out string, r Renderer) (Rendered, error) {
	if at.IsZero() {
		at = a.Today()
	}
	in := report.CommitteeMinutesInput{At: at}
	err := a.Store.Read(ctx, func(rd domain.Reader) error {
		var err error
		if in.Certifier, err = rd.Certifier(); err != nil {
			return err
		}
		if in.Meeting, err = rd.CommitteeMeeting(id); err != nil {
			return err
		}
		prev := domain.Date{}
		all, err := rd.CommitteeMeetings(domain.CommitteeFilter{Certification: in.Meeting.Certification})
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.ID != id && o.Date.Before(in.Meeting.Date) {
				prev = o.Date
			}
		}
		acts, err := rd.ImprovementActions(domain.ImprovementFilter{})
		if err != nil {
			return err
		}
		for _, x := range acts {
			if x.Certification != "" && x.Certification != in.Meeting.Certification {
				continue
			}
			if x.OpenedOn.After(in.Meeting.Date) {
				continue
			}
			if !x.ClosedOn.IsZero() && (x.ClosedOn.Before(prev) || (prev.IsZero() && x.ClosedOn.Before(in.Meeting.Date.AddMonths(-12)))) {
				continue
			}
			in.Actions = append(in.Actions, x)
		}
		return nil
	})
	if err != nil {
		return Rendered{}, err
	}
	if in.Logo, err = a.Logo(); err != nil {
		return Rendered{}, err
	}
	return RenderFile(out, ModePublic, dated(r, at), report.CommitteeMinutes(in))
}

// ImprovementFromIncident turns an incident of a session's log into an
// improvement action (source jury, the session's certification, and its
// organiser when a partner). One incident makes one action.
func (a *App) ImprovementFromIncident(ctx context.Context, eventID int64, due domain.Date) (*domain.ImprovementAction, error) {
	var act *domain.ImprovementAction
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		me, err := tx.Certifier()
		if err != nil {
			return err
		}
		ev, err := tx.SessionEvent(eventID)
		if domain.KindOf(err) == domain.KindNotFound {
			return domain.NotFound("session log entry %d does not exist", eventID).WithHint("see a session's log with 'habil session show ID'")
		}
		if err != nil {
			return err
		}
		if ev.Kind != domain.EventIncident {
			return domain.Conflict("IMPROVE_NOT_AN_INCIDENT", "session log entry %d is an %s, not an incident", eventID, ev.Kind)
		}
		sess, err := tx.Session(ev.SessionID)
		if err != nil {
			return err
		}
		act = &domain.ImprovementAction{Source: domain.SourceJury, Certification: sess.Certification, OpenedOn: ev.Date, Due: due,
			Text:   fmt.Sprintf("Incident de la session %d du %s : %s", sess.ID, sess.Date.French(), ev.Text),
			Origin: fmt.Sprintf("session-event %d", ev.ID)}
		if act.OpenedOn.IsZero() {
			act.OpenedOn = a.Today()
		}
		if !due.IsZero() && due.Before(act.OpenedOn) {
			return domain.Conflict("IMPROVE_DUE", "the due date %s is before the incident (%s)", due, act.OpenedOn).WithHint("give a later --due")
		}
		if sess.Partner != me.SIRET {
			act.Partner = sess.Partner
		}
		return createImprovement(tx, act)
	})
	if err != nil {
		return nil, err
	}
	return act, nil
}
