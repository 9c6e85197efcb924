package sqlite

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/habil-app/habil/internal/domain"
)

// Trainings lists the trainings with their partners.
func (r *reader) Trainings() ([]*domain.Training, error) { return listTrainings(r.ctx, r.q) }

// Trainings lists the trainings inside the transaction.
func (tx *Tx) Trainings() ([]*domain.Training, error) { return listTrainings(tx.ctx, tx) }

func listTrainings(ctx context.Context, q querier) ([]*domain.Training, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, date, topic, created_at FROM network_training ORDER BY date, id`)
	if err != nil {
		return nil, err
	}
	var out []*domain.Training
	byID := map[int64]*domain.Training{}
	for rows.Next() {
		t := &domain.Training{}
		var date string
		if err := rows.Scan(&t.ID, &date, &t.Topic, &t.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		t.Date, _ = domain.ParseOptionalDate(date)
		out = append(out, t)
		byID[t.ID] = t
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	rows, err = q.QueryContext(ctx, `SELECT training_id, partner_siret FROM network_training_partner ORDER BY training_id, partner_siret`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var siret string
		if err := rows.Scan(&id, &siret); err != nil {
			rows.Close()
			return nil, err
		}
		if t := byID[id]; t != nil {
			t.Partners = append(t.Partners, domain.SIRET(siret))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT training_id, name, partner_siret, role FROM network_training_attendee ORDER BY training_id, position`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var at domain.TrainingAttendee
		var siret string
		if err := rows.Scan(&id, &at.Name, &siret, &at.Role); err != nil {
			return nil, err
		}
		at.Partner = domain.SIRET(siret)
		if t := byID[id]; t != nil {
			t.Attendees = append(t.Attendees, at)
		}
	}
	return out, rows.Err()
}

// AddTraining stores a training and journals it.
func (tx *Tx) AddTraining(t *domain.Training) error {
	t.CreatedAt = tx.nowText()
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO network_training(date, topic, created_at) VALUES (?,?,?)`, t.Date.String(), t.Topic, t.CreatedAt)
	if err != nil {
		return err
	}
	if t.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	sirets := []string{}
	for _, s := range t.Partners {
		if _, err := tx.ExecContext(tx.ctx, `INSERT OR IGNORE INTO network_training_partner(training_id, partner_siret) VALUES (?,?)`, t.ID, string(s)); err != nil {
			return err
		}
		sirets = append(sirets, string(s))
	}
	for i, at := range t.Attendees {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO network_training_attendee(training_id, position, name, partner_siret, role) VALUES (?,?,?,?,?)`,
			t.ID, i, at.Name, string(at.Partner), at.Role); err != nil {
			return err
		}
	}
	return tx.Journal("create", "training", strconv.FormatInt(t.ID, 10), nil, map[string]any{"date": t.Date.String(), "topic": t.Topic, "partners": sirets, "attendees": len(t.Attendees)})
}

// NetworkDocuments lists the document versions with their acknowledgements.
func (r *reader) NetworkDocuments() ([]*domain.NetworkDocument, error) {
	return listDocuments(r.ctx, r.q)
}

// NetworkDocuments lists the documents inside the transaction.
func (tx *Tx) NetworkDocuments() ([]*domain.NetworkDocument, error) { return listDocuments(tx.ctx, tx) }

func listDocuments(ctx context.Context, q querier) ([]*domain.NetworkDocument, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, version, sha256, file_name, size, published_on FROM network_document ORDER BY name, published_on, id`)
	if err != nil {
		return nil, err
	}
	var out []*domain.NetworkDocument
	byID := map[int64]*domain.NetworkDocument{}
	for rows.Next() {
		d := &domain.NetworkDocument{Acks: map[domain.SIRET]domain.Date{}}
		var on string
		if err := rows.Scan(&d.ID, &d.Name, &d.Version, &d.SHA256, &d.FileName, &d.Size, &on); err != nil {
			rows.Close()
			return nil, err
		}
		d.PublishedOn, _ = domain.ParseOptionalDate(on)
		out = append(out, d)
		byID[d.ID] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	rows, err = q.QueryContext(ctx, `SELECT document_id, partner_siret, date FROM network_document_ack`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var siret, date string
		if err := rows.Scan(&id, &siret, &date); err != nil {
			return nil, err
		}
		if d := byID[id]; d != nil {
			d.Acks[domain.SIRET(siret)], _ = domain.ParseOptionalDate(date)
		}
	}
	return out, rows.Err()
}

// PublishDocument stores a document version and journals it.
func (tx *Tx) PublishDocument(d *domain.NetworkDocument) error {
	var id int64
	err := tx.QueryRowContext(tx.ctx, `SELECT id FROM network_document WHERE name = ? AND version = ?`, d.Name, d.Version).Scan(&id)
	if err == nil {
		return domain.Conflict("DOCUMENT_VERSION_EXISTS", "version %s of %q is already published", d.Version, d.Name).
			WithHint("publish the new file under a new --version")
	}
	if err != sql.ErrNoRows {
		return err
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO network_document(name, version, sha256, file_name, size, published_on, created_at) VALUES (?,?,?,?,?,?,?)`,
		d.Name, d.Version, d.SHA256, d.FileName, d.Size, d.PublishedOn.String(), tx.nowText())
	if err != nil {
		return err
	}
	if d.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.Journal("publish", "document", d.Name, nil, map[string]any{"version": d.Version, "sha256": d.SHA256, "file": d.FileName, "published_on": d.PublishedOn.String()})
}

// AckDocument records a partner's acknowledgement and journals it.
func (tx *Tx) AckDocument(d *domain.NetworkDocument, siret domain.SIRET, date domain.Date) error {
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO network_document_ack(document_id, partner_siret, date, created_at) VALUES (?,?,?,?)
		ON CONFLICT(document_id, partner_siret) DO UPDATE SET date = excluded.date`, d.ID, string(siret), date.String(), tx.nowText()); err != nil {
		return err
	}
	return tx.Journal("acknowledge", "document", d.Name, nil, map[string]any{"version": d.Version, "partner_siret": string(siret), "date": date.String()})
}
