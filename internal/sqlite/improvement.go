package sqlite

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/habil-app/habil/internal/domain"
)

// ImprovementActions lists improvement actions by id.
func (r *reader) ImprovementActions(f domain.ImprovementFilter) ([]*domain.ImprovementAction, error) {
	return listImprovements(r.ctx, r.q, f)
}

// ImprovementActions lists improvement actions inside the transaction.
func (tx *Tx) ImprovementActions(f domain.ImprovementFilter) ([]*domain.ImprovementAction, error) {
	return listImprovements(tx.ctx, tx, f)
}

// ImprovementAction returns one improvement action.
func (r *reader) ImprovementAction(id int64) (*domain.ImprovementAction, error) {
	return loadImprovement(r.ctx, r.q, id)
}

// ImprovementAction returns one improvement action inside the transaction.
func (tx *Tx) ImprovementAction(id int64) (*domain.ImprovementAction, error) {
	return loadImprovement(tx.ctx, tx, id)
}

func loadImprovement(ctx context.Context, q querier, id int64) (*domain.ImprovementAction, error) {
	l, err := queryImprovements(ctx, q, "i.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(l) == 0 {
		return nil, domain.NotFound("improvement action %d does not exist", id).WithHint("list the actions with 'habil improve list'")
	}
	return l[0], nil
}

func listImprovements(ctx context.Context, q querier, f domain.ImprovementFilter) ([]*domain.ImprovementAction, error) {
	where, args := "1=1", []any{}
	if f.OpenOnly {
		where += " AND i.closed_on = ''"
	}
	if f.Origin != "" {
		where += " AND i.origin = ?"
		args = append(args, f.Origin)
	}
	return queryImprovements(ctx, q, where, args...)
}

func queryImprovements(ctx context.Context, q querier, where string, args ...any) ([]*domain.ImprovementAction, error) {
	rows, err := q.QueryContext(ctx, `SELECT i.id, i.source, i.text, COALESCE(i.partner_siret, ''), COALESCE(p.name, ''), i.certification,
		i.opened_on, i.due, i.closed_on, i.outcome, i.origin, i.created_at
		FROM improvement_action i LEFT JOIN partner p ON p.siret = i.partner_siret WHERE `+where+` ORDER BY i.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.ImprovementAction
	for rows.Next() {
		a := &domain.ImprovementAction{}
		var src, siret, cert, opened, due, closed string
		if err := rows.Scan(&a.ID, &src, &a.Text, &siret, &a.PartnerName, &cert, &opened, &due, &closed, &a.Outcome, &a.Origin, &a.CreatedAt); err != nil {
			return nil, err
		}
		a.Source, a.Partner, a.Certification = domain.ImprovementSource(src), domain.SIRET(siret), domain.CertCode(cert)
		a.OpenedOn, _ = domain.ParseOptionalDate(opened)
		a.Due, _ = domain.ParseOptionalDate(due)
		a.ClosedOn, _ = domain.ParseOptionalDate(closed)
		out = append(out, a)
	}
	return out, rows.Err()
}

// improvementRow is the journaled form of an improvement action.
type improvementRow struct {
	ID            int64  `json:"id"`
	Source        string `json:"source"`
	Text          string `json:"text"`
	Partner       string `json:"partner_siret,omitempty"`
	Certification string `json:"certification,omitempty"`
	OpenedOn      string `json:"opened_on"`
	Due           string `json:"due,omitempty"`
	ClosedOn      string `json:"closed_on,omitempty"`
	Outcome       string `json:"outcome,omitempty"`
	Origin        string `json:"origin,omitempty"`
}

func toImprovementRow(a *domain.ImprovementAction) improvementRow {
	return improvementRow{ID: a.ID, Source: string(a.Source), Text: a.Text, Partner: string(a.Partner), Certification: string(a.Certification),
		OpenedOn: a.OpenedOn.String(), Due: a.Due.String(), ClosedOn: a.ClosedOn.String(), Outcome: a.Outcome, Origin: a.Origin}
}

// CreateImprovementAction stores an action and journals it.
func (tx *Tx) CreateImprovementAction(a *domain.ImprovementAction) error {
	if a.Origin != "" {
		var id int64
		err := tx.QueryRowContext(tx.ctx, `SELECT id FROM improvement_action WHERE origin = ?`, a.Origin).Scan(&id)
		if err == nil {
			return domain.Conflict("IMPROVE_DUPLICATE", "%s is already improvement action %d", a.Origin, id).
				WithHint("see it with 'habil improve list'")
		}
		if err != sql.ErrNoRows {
			return err
		}
	}
	var partner any
	if a.Partner != "" {
		partner = string(a.Partner)
	}
	a.CreatedAt = tx.nowText()
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO improvement_action(source, text, partner_siret, certification, opened_on, due, closed_on, outcome, origin, created_at)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, string(a.Source), a.Text, partner, string(a.Certification), a.OpenedOn.String(), a.Due.String(),
		a.ClosedOn.String(), a.Outcome, a.Origin, a.CreatedAt)
	if err != nil {
		return err
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.Journal("create", "improvement", strconv.FormatInt(a.ID, 10), nil, toImprovementRow(a))
}

// CloseImprovementAction writes the closure of an action and journals it.
func (tx *Tx) CloseImprovementAction(before, after *domain.ImprovementAction) error {
	if _, err := tx.ExecContext(tx.ctx, `UPDATE improvement_action SET closed_on = ?, outcome = ? WHERE id = ?`,
		after.ClosedOn.String(), after.Outcome, after.ID); err != nil {
		return err
	}
	return tx.Journal("close", "improvement", strconv.FormatInt(after.ID, 10), toImprovementRow(before), toImprovementRow(after))
}

// CommitteeMeetings lists the improvement committee meetings.
func (r *reader) CommitteeMeetings(f domain.CommitteeFilter) ([]*domain.CommitteeMeeting, error) {
	return listMeetings(r.ctx, r.q, f)
}

// CommitteeMeetings lists the meetings inside the transaction.
func (tx *Tx) CommitteeMeetings(f domain.CommitteeFilter) ([]*domain.CommitteeMeeting, error) {
	return listMeetings(tx.ctx, tx, f)
}

// CommitteeMeeting returns one meeting.
func (r *reader) CommitteeMeeting(id int64) (*domain.CommitteeMeeting, error) {
	return loadMeeting(r.ctx, r.q, id)
}

// CommitteeMeeting returns one meeting inside the transaction.
func (tx *Tx) CommitteeMeeting(id int64) (*domain.CommitteeMeeting, error) {
	return loadMeeting(tx.ctx, tx, id)
}

func loadMeeting(ctx context.Context, q querier, id int64) (*domain.CommitteeMeeting, error) {
	l, err := queryMeetings(ctx, q, "m.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(l) == 0 {
		return nil, domain.NotFound("committee meeting %d does not exist", id).WithHint("list the meetings with 'habil committee list'")
	}
	return l[0], nil
}

func listMeetings(ctx context.Context, q querier, f domain.CommitteeFilter) ([]*domain.CommitteeMeeting, error) {
	if f.Certification != "" {
		return queryMeetings(ctx, q, "m.certification = ?", string(f.Certification))
	}
	return queryMeetings(ctx, q, "1=1")
}

func queryMeetings(ctx context.Context, q querier, where string, args ...any) ([]*domain.CommitteeMeeting, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.id, m.certification, COALESCE(c.title, ''), m.date, m.created_at
		FROM committee_meeting m LEFT JOIN certification c ON c.code = m.certification WHERE `+where+` ORDER BY m.date, m.id`, args...)
	if err != nil {
		return nil, err
	}
	var out []*domain.CommitteeMeeting
	byID := map[int64]*domain.CommitteeMeeting{}
	for rows.Next() {
		m := &domain.CommitteeMeeting{}
		var cert, date string
		if err := rows.Scan(&m.ID, &cert, &m.CertificationTitle, &date, &m.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		m.Certification = domain.CertCode(cert)
		m.Date, _ = domain.ParseOptionalDate(date)
		out = append(out, m)
		byID[m.ID] = m
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	sub := `(SELECT m.id FROM committee_meeting m WHERE ` + where + `)`
	rows, err = q.QueryContext(ctx, `SELECT meeting_id, name, role FROM committee_member WHERE meeting_id IN `+sub+` ORDER BY meeting_id, position`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var mb domain.CommitteeMember
		if err := rows.Scan(&id, &mb.Name, &mb.Role); err != nil {
			rows.Close()
			return nil, err
		}
		if m := byID[id]; m != nil {
			m.Members = append(m.Members, mb)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT meeting_id, text FROM committee_decision WHERE meeting_id IN `+sub+` ORDER BY meeting_id, position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, err
		}
		if m := byID[id]; m != nil {
			m.Decisions = append(m.Decisions, text)
		}
	}
	return out, rows.Err()
}

// CreateCommitteeMeeting stores a meeting with its members and decisions
// and journals it.
func (tx *Tx) CreateCommitteeMeeting(m *domain.CommitteeMeeting) error {
	m.CreatedAt = tx.nowText()
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO committee_meeting(certification, date, created_at) VALUES (?,?,?)`,
		string(m.Certification), m.Date.String(), m.CreatedAt)
	if err != nil {
		return err
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	members := []string{}
	for i, mb := range m.Members {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO committee_member(meeting_id, position, name, role) VALUES (?,?,?,?)`, m.ID, i, mb.Name, mb.Role); err != nil {
			return err
		}
		s := mb.Name
		if mb.Role != "" {
			s += ", " + mb.Role
		}
		members = append(members, s)
	}
	for i, d := range m.Decisions {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO committee_decision(meeting_id, position, text) VALUES (?,?,?)`, m.ID, i, d); err != nil {
			return err
		}
	}
	decisions := m.Decisions
	if decisions == nil {
		decisions = []string{}
	}
	return tx.Journal("create", "committee", strconv.FormatInt(m.ID, 10), nil, map[string]any{
		"certification": string(m.Certification), "date": m.Date.String(), "members": members, "decisions": decisions,
	})
}
