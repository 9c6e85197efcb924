package sqlite

import (
	"context"

	"github.com/habil-app/habil/internal/domain"
)

// SessionEvent returns one entry of a session's log.
func (r *reader) SessionEvent(id int64) (*domain.SessionEvent, error) {
	return loadSessionEvent(r.ctx, r.q, id)
}

// SessionEvent returns one entry of a session's log inside the transaction.
func (tx *Tx) SessionEvent(id int64) (*domain.SessionEvent, error) {
	return loadSessionEvent(tx.ctx, tx, id)
}

func loadSessionEvent(ctx context.Context, q querier, id int64) (*domain.SessionEvent, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, session_id, kind, date, text, COALESCE(enrollment_id, 0), outcome, outcome_date, path, sha256, size, recorded_at
		FROM session_event WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, domain.NotFound("session log entry %d does not exist", id)
	}
	e := &domain.SessionEvent{}
	var kind, date, outcomeDate string
	if err := rows.Scan(&e.ID, &e.SessionID, &kind, &date, &e.Text, &e.EnrollmentID, &e.Outcome, &outcomeDate, &e.Path, &e.SHA256, &e.Size, &e.RecordedAt); err != nil {
		return nil, err
	}
	e.Kind = domain.SessionEventKind(kind)
	e.Date, _ = domain.ParseOptionalDate(date)
	e.OutcomeDate, _ = domain.ParseOptionalDate(outcomeDate)
	return e, rows.Err()
}
