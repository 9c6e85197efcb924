package sqlite

import (
	"context"
	"strconv"

	"github.com/habil-app/habil/internal/domain"
)

// Applications lists the partner applications by id.
func (r *reader) Applications() ([]*domain.Application, error) {
	return queryApplications(r.ctx, r.q, "1=1")
}

// Applications lists the applications inside the transaction.
func (tx *Tx) Applications() ([]*domain.Application, error) {
	return queryApplications(tx.ctx, tx, "1=1")
}

// Application returns one application.
func (r *reader) Application(id int64) (*domain.Application, error) {
	return loadApplication(r.ctx, r.q, id)
}

// Application returns one application inside the transaction.
func (tx *Tx) Application(id int64) (*domain.Application, error) {
	return loadApplication(tx.ctx, tx, id)
}

func loadApplication(ctx context.Context, q querier, id int64) (*domain.Application, error) {
	l, err := queryApplications(ctx, q, "a.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(l) == 0 {
		return nil, domain.NotFound("application %d does not exist", id).WithHint("list the applications with 'habil partner applications'")
	}
	return l[0], nil
}

func queryApplications(ctx context.Context, q querier, where string, args ...any) ([]*domain.Application, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.partner_siret, COALESCE(p.name, ''), a.certification, a.scope, a.opened_on,
		a.assessed_on, a.assessed_from, a.decision, a.decided_on, a.reason, COALESCE(a.convention_id, 0), COALESCE(c.number, ''),
		COALESCE(c.status, ''), COALESCE(a.habilitation_id, 0), a.created_at
		FROM application a LEFT JOIN partner p ON p.siret = a.partner_siret LEFT JOIN convention c ON c.id = a.convention_id
		WHERE `+where+` ORDER BY a.id`, args...)
	if err != nil {
		return nil, err
	}
	var out []*domain.Application
	byID := map[int64]*domain.Application{}
	for rows.Next() {
		a := &domain.Application{}
		var siret, cert, scope, opened, assessed, decision, decided, convStatus string
		if err := rows.Scan(&a.ID, &siret, &a.PartnerName, &cert, &scope, &opened, &assessed, &a.AssessedFrom, &decision, &decided,
			&a.Reason, &a.ConventionID, &a.ConventionNumber, &convStatus, &a.HabilitationID, &a.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		a.Partner, a.Certification, a.Scope, a.Decision = domain.SIRET(siret), domain.CertCode(cert), domain.Scope(scope), domain.ApplicationDecision(decision)
		a.OpenedOn, _ = domain.ParseOptionalDate(opened)
		a.AssessedOn, _ = domain.ParseOptionalDate(assessed)
		a.DecidedOn, _ = domain.ParseOptionalDate(decided)
		a.ConventionSigned = convStatus != "" && convStatus != string(domain.ConventionDraft) && convStatus != string(domain.ConventionSent)
		out = append(out, a)
		byID[a.ID] = a
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	srows, err := q.QueryContext(ctx, `SELECT application_id, criterion, score, max_score, evidence, comment FROM application_score ORDER BY application_id, position`)
	if err != nil {
		return nil, err
	}
	defer srows.Close()
	for srows.Next() {
		var id int64
		var s domain.ApplicationScore
		if err := srows.Scan(&id, &s.Criterion, &s.Score, &s.Max, &s.Evidence, &s.Comment); err != nil {
			return nil, err
		}
		if a := byID[id]; a != nil {
			a.Scores = append(a.Scores, s)
		}
	}
	return out, srows.Err()
}

// applicationRow is the journaled form of an application.
type applicationRow struct {
	ID             int64      `json:"id"`
	Partner        string     `json:"partner_siret"`
	Certification  string     `json:"certification"`
	Scope          string     `json:"scope"`
	OpenedOn       string     `json:"opened_on"`
	AssessedOn     string     `json:"assessed_on,omitempty"`
	AssessedFrom   string     `json:"assessed_from,omitempty"`
	Scores         []scoreRow `json:"scores,omitempty"`
	Decision       string     `json:"decision,omitempty"`
	DecidedOn      string     `json:"decided_on,omitempty"`
	Reason         string     `json:"reason,omitempty"`
	ConventionID   int64      `json:"convention_id,omitempty"`
	HabilitationID int64      `json:"habilitation_id,omitempty"`
}

type scoreRow struct {
	Criterion string `json:"criterion"`
	Score     int    `json:"score"`
	Max       int    `json:"max"`
	Evidence  string `json:"evidence,omitempty"`
	Comment   string `json:"comment,omitempty"`
}

func toApplicationRow(a *domain.Application) applicationRow {
	r := applicationRow{ID: a.ID, Partner: string(a.Partner), Certification: string(a.Certification), Scope: string(a.Scope),
		OpenedOn: a.OpenedOn.String(), AssessedOn: a.AssessedOn.String(), AssessedFrom: a.AssessedFrom, Decision: string(a.Decision),
		DecidedOn: a.DecidedOn.String(), Reason: a.Reason, ConventionID: a.ConventionID, HabilitationID: a.HabilitationID}
	for _, s := range a.Scores {
		r.Scores = append(r.Scores, scoreRow{s.Criterion, s.Score, s.Max, s.Evidence, s.Comment})
	}
	return r
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreateApplication stores an application and journals it.
func (tx *Tx) CreateApplication(a *domain.Application) error {
	a.CreatedAt = tx.nowText()
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO application(partner_siret, certification, scope, opened_on, created_at) VALUES (?,?,?,?,?)`,
		string(a.Partner), string(a.Certification), string(a.Scope), a.OpenedOn.String(), a.CreatedAt)
	if err != nil {
		return err
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.Journal("create", "application", strconv.FormatInt(a.ID, 10), nil, toApplicationRow(a))
}

// SaveApplicationAssessment replaces the scored grid and journals it.
func (tx *Tx) SaveApplicationAssessment(before, after *domain.Application) error {
	if _, err := tx.ExecContext(tx.ctx, `UPDATE application SET assessed_on = ?, assessed_from = ? WHERE id = ?`,
		after.AssessedOn.String(), after.AssessedFrom, after.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(tx.ctx, `DELETE FROM application_score WHERE application_id = ?`, after.ID); err != nil {
		return err
	}
	for i, s := range after.Scores {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO application_score(application_id, position, criterion, score, max_score, evidence, comment)
			VALUES (?,?,?,?,?,?,?)`, after.ID, i+1, s.Criterion, s.Score, s.Max, s.Evidence, s.Comment); err != nil {
			return err
		}
	}
	return tx.Journal("assess", "application", strconv.FormatInt(after.ID, 10), toApplicationRow(before), toApplicationRow(after))
}

// SaveApplicationDecision writes the decision and journals it.
func (tx *Tx) SaveApplicationDecision(before, after *domain.Application) error {
	if _, err := tx.ExecContext(tx.ctx, `UPDATE application SET decision = ?, decided_on = ?, reason = ?, convention_id = ?, habilitation_id = ? WHERE id = ?`,
		string(after.Decision), after.DecidedOn.String(), after.Reason, nullID(after.ConventionID), nullID(after.HabilitationID), after.ID); err != nil {
		return err
	}
	return tx.Journal("decide", "application", strconv.FormatInt(after.ID, 10), toApplicationRow(before), toApplicationRow(after))
}
