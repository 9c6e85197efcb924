package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/habil-app/habil/internal/domain"
)

// The CPF accrochage store: the files generated for the Caisse des Dépôts,
// each holder's passage and the history of its sends. Every write is
// journaled under entity "accrochage" (the file: id = idFlux) or
// "accrochage-passage" (id = idTechnique).

// AccrochagePassages lists every stored passage.
func (r *reader) AccrochagePassages() ([]domain.AccrochagePassage, error) {
	return accrochagePassages(r.ctx, r.q)
}

// AccrochagePassages lists every stored passage inside the transaction.
func (tx *Tx) AccrochagePassages() ([]domain.AccrochagePassage, error) {
	return accrochagePassages(tx.ctx, tx)
}

// AccrochageFlux returns one generated file.
func (r *reader) AccrochageFlux(id string) (*domain.AccrochageFlux, error) {
	return accrochageFlux(r.ctx, r.q, id)
}

// AccrochageFlux returns one generated file inside the transaction.
func (tx *Tx) AccrochageFlux(id string) (*domain.AccrochageFlux, error) {
	return accrochageFlux(tx.ctx, tx, id)
}

func accrochagePassages(ctx context.Context, q querier) ([]domain.AccrochagePassage, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id_technique, p.certificate_number, p.status, p.id_flux, p.sent_on, p.ack_on, p.message,
		p.closed_on, p.closed_reason, (SELECT COUNT(*) FROM accrochage_send s WHERE s.id_technique = p.id_technique)
		FROM accrochage_passage p ORDER BY p.certificate_number`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.AccrochagePassage
	for rows.Next() {
		var p domain.AccrochagePassage
		var status, sent, ack, closed string
		if err := rows.Scan(&p.IDTechnique, &p.CertificateNumber, &status, &p.IDFlux, &sent, &ack, &p.Message, &closed,
			&p.ClosedReason, &p.Sends); err != nil {
			return nil, err
		}
		p.Status = domain.AccrochageStatus(status)
		p.SentOn, _ = domain.ParseOptionalDate(sent)
		p.AckOn, _ = domain.ParseOptionalDate(ack)
		p.ClosedOn, _ = domain.ParseOptionalDate(closed)
		out = append(out, p)
	}
	return out, rows.Err()
}

func accrochageFlux(ctx context.Context, q querier, id string) (*domain.AccrochageFlux, error) {
	f := &domain.AccrochageFlux{IDFlux: id}
	var sent, ack string
	err := q.QueryRowContext(ctx, `SELECT created_at, sent_on, file, sha256, size, ack_on, ack_id FROM accrochage_flux WHERE id_flux = ?`, id).
		Scan(&f.CreatedAt, &sent, &f.File, &f.SHA256, &f.Size, &ack, &f.AckID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.NotFound("habil never generated an accrochage file with idFlux %s", id)
	}
	if err != nil {
		return nil, err
	}
	f.SentOn, _ = domain.ParseOptionalDate(sent)
	f.AckOn, _ = domain.ParseOptionalDate(ack)
	rows, err := q.QueryContext(ctx, `SELECT s.id_technique, p.certificate_number FROM accrochage_send s
		JOIN accrochage_passage p ON p.id_technique = s.id_technique WHERE s.id_flux = ? ORDER BY s.id_technique`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s domain.AccrochageSent
		if err := rows.Scan(&s.IDTechnique, &s.CertificateNumber); err != nil {
			return nil, err
		}
		f.Passages = append(f.Passages, s)
	}
	return f, rows.Err()
}

type accrochageFluxRow struct {
	IDFlux   string   `json:"id_flux"`
	File     string   `json:"file"`
	SHA256   string   `json:"sha256"`
	Size     int64    `json:"size"`
	SentOn   string   `json:"sent_on"`
	Passages []string `json:"passages"`
}

// RecordAccrochageFlux stores a generated file and marks its passages
// pending in it.
func (tx *Tx) RecordAccrochageFlux(f *domain.AccrochageFlux) error {
	f.CreatedAt = tx.nowText()
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO accrochage_flux(id_flux, created_at, sent_on, file, sha256, size, passages) VALUES (?,?,?,?,?,?,?)`,
		f.IDFlux, f.CreatedAt, f.SentOn.String(), f.File, f.SHA256, f.Size, len(f.Passages)); err != nil {
		return err
	}
	row := accrochageFluxRow{IDFlux: f.IDFlux, File: f.File, SHA256: f.SHA256, Size: f.Size, SentOn: f.SentOn.String(), Passages: []string{}}
	for _, p := range f.Passages {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO accrochage_passage(id_technique, certificate_number, status, id_flux, sent_on)
			VALUES (?,?,'pending',?,?)
			ON CONFLICT(id_technique) DO UPDATE SET status = 'pending', id_flux = excluded.id_flux, sent_on = excluded.sent_on, ack_on = '', message = ''`,
			p.IDTechnique, p.CertificateNumber, f.IDFlux, f.SentOn.String()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO accrochage_send(id_technique, id_flux) VALUES (?,?)`, p.IDTechnique, f.IDFlux); err != nil {
			return err
		}
		row.Passages = append(row.Passages, p.IDTechnique+" "+p.CertificateNumber)
	}
	return tx.Journal("send", "accrochage", f.IDFlux, nil, row)
}

type accrochageAckRow struct {
	IDFlux  string   `json:"id_flux"`
	AckID   string   `json:"id_traitement,omitempty"`
	On      string   `json:"on"`
	OK      []string `json:"ok"`
	KO      []string `json:"ko"`
	Ignored []string `json:"superseded,omitempty"`
}

// RecordAccrochageAck records a processing report.
func (tx *Tx) RecordAccrochageAck(idFlux, ackID string, on domain.Date, answers []domain.AccrochageAnswer) error {
	res, err := tx.ExecContext(tx.ctx, `UPDATE accrochage_flux SET ack_on = ?, ack_id = ? WHERE id_flux = ?`, on.String(), ackID, idFlux)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.NotFound("habil never generated an accrochage file with idFlux %s", idFlux)
	}
	row := accrochageAckRow{IDFlux: idFlux, AckID: ackID, On: on.String(), OK: []string{}, KO: []string{}}
	for _, a := range answers {
		status := "ko"
		if a.OK {
			status = "ok"
		}
		res, err := tx.ExecContext(tx.ctx, `UPDATE accrochage_send SET status = ?, ack_on = ?, message = ? WHERE id_technique = ? AND id_flux = ?`,
			status, on.String(), a.Message, a.IDTechnique, idFlux)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.NotFound("passage %s was not sent in file %s", a.IDTechnique, idFlux)
		}
		// The passage follows the answer only when this file is its last
		// send and it was not closed meanwhile.
		res, err = tx.ExecContext(tx.ctx, `UPDATE accrochage_passage SET status = ?, ack_on = ?, message = ?
			WHERE id_technique = ? AND id_flux = ? AND status <> 'closed'`, status, on.String(), a.Message, a.IDTechnique, idFlux)
		if err != nil {
			return err
		}
		switch n, _ := res.RowsAffected(); {
		case n == 0:
			row.Ignored = append(row.Ignored, a.IDTechnique)
		case a.OK:
			row.OK = append(row.OK, a.IDTechnique)
		default:
			row.KO = append(row.KO, a.IDTechnique+": "+a.Message)
		}
	}
	return tx.Journal("ack", "accrochage", idFlux, nil, row)
}

// CloseAccrochagePassage closes a passage with its reason.
func (tx *Tx) CloseAccrochagePassage(idTechnique string, on domain.Date, reason string) error {
	var before struct {
		Status  string `json:"status"`
		Message string `json:"message,omitempty"`
	}
	err := tx.QueryRowContext(tx.ctx, `SELECT status, message FROM accrochage_passage WHERE id_technique = ?`, idTechnique).Scan(&before.Status, &before.Message)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.NotFound("no accrochage passage %s", idTechnique)
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE accrochage_passage SET status = 'closed', closed_on = ?, closed_reason = ? WHERE id_technique = ?`,
		on.String(), reason, idTechnique); err != nil {
		return err
	}
	after := map[string]string{"status": "closed", "closed_on": on.String(), "reason": reason}
	return tx.Journal("close", "accrochage-passage", idTechnique, before, after)
}
