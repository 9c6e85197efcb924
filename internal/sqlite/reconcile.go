package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// ReconcileRun is one run of 'habil partner reconcile' (see domain).
type ReconcileRun = domain.ReconcileRun

type reconcileJournal struct {
	Source         string   `json:"source"`
	Shape          string   `json:"shape"`
	At             string   `json:"at"`
	Certifications []string `json:"certifications"`
	Published      int      `json:"published"`
	Errors         int      `json:"errors"`
	Warnings       int      `json:"warnings"`
	Infos          int      `json:"infos"`
}

// SaveReconcile stores a run with its findings (journaled as entity
// "reconcile"); it sets run.ID and run.RunAt. Earlier runs are kept; 'check'
// reads the last one (LastReconcile).
func (tx *Tx) SaveReconcile(run *ReconcileRun) error {
	run.RunAt = tx.nowText()
	codes := make([]string, len(run.Certifications))
	for i, c := range run.Certifications {
		codes[i] = string(c)
	}
	hs := 0
	if run.HasStatus {
		hs = 1
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO reconcile_run(run_at, as_of, source, shape, source_date, has_status, certifications, published)
		VALUES (?,?,?,?,?,?,?,?)`, run.RunAt, run.At.String(), run.Source, run.Shape, run.SourceDate, hs, strings.Join(codes, ","), run.Published)
	if err != nil {
		return err
	}
	if run.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	stmt, err := tx.PrepareContext(tx.ctx, `INSERT INTO reconcile_finding(run_id, position, code, severity, subject, message, kind, certification, siret, since)
		VALUES (?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	j := reconcileJournal{Source: run.Source, Shape: run.Shape, At: run.At.String(), Certifications: codes, Published: run.Published}
	for i, f := range run.Findings {
		if _, err := stmt.ExecContext(tx.ctx, run.ID, i, f.Code, string(f.Severity), f.Subject, f.Message, f.Kind,
			string(f.Certification), f.SIRET, f.Since.String()); err != nil {
			return err
		}
		switch f.Severity {
		case domain.SeverityError:
			j.Errors++
		case domain.SeverityWarning:
			j.Warnings++
		default:
			j.Infos++
		}
	}
	return tx.Journal("create", "reconcile", strconv.FormatInt(run.ID, 10), nil, j)
}

// LastReconcile returns the most recent run with its findings, or nil (and
// no error) when reconcile was never run.
func (db *DB) LastReconcile(ctx context.Context) (*ReconcileRun, error) {
	run, err := lastReconcile(ctx, db.sql)
	return run, db.wrap(err, "")
}

func lastReconcile(ctx context.Context, q querier) (*ReconcileRun, error) {
	run := &ReconcileRun{}
	var at, codes string
	var hs int
	err := q.QueryRowContext(ctx, `SELECT id, run_at, as_of, source, shape, source_date, has_status, certifications, published
		FROM reconcile_run ORDER BY id DESC LIMIT 1`).Scan(&run.ID, &run.RunAt, &at, &run.Source, &run.Shape, &run.SourceDate, &hs, &codes, &run.Published)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	run.At, _ = domain.ParseOptionalDate(at)
	run.HasStatus = hs == 1
	for _, c := range splitList(codes) {
		run.Certifications = append(run.Certifications, domain.CertCode(c))
	}
	rows, err := q.QueryContext(ctx, `SELECT code, severity, subject, message, kind, certification, siret, since
		FROM reconcile_finding WHERE run_id = ? ORDER BY position`, run.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	run.Findings = []domain.Finding{}
	for rows.Next() {
		var f domain.Finding
		var sev, cert, since string
		if err := rows.Scan(&f.Code, &sev, &f.Subject, &f.Message, &f.Kind, &cert, &f.SIRET, &since); err != nil {
			return nil, err
		}
		f.Severity, f.Certification = domain.Severity(sev), domain.CertCode(cert)
		f.Since, _ = domain.ParseOptionalDate(since)
		run.Findings = append(run.Findings, f)
	}
	return run, rows.Err()
}

// FCDeclarations lists the declarations recorded by 'partner declared'.
func (r *reader) FCDeclarations() ([]domain.FCDeclaration, error) { return fcDeclarations(r.ctx, r.q) }

// FCDeclarations lists the declarations inside the transaction.
func (tx *Tx) FCDeclarations() ([]domain.FCDeclaration, error) { return fcDeclarations(tx.ctx, tx) }

func fcDeclarations(ctx context.Context, q querier) ([]domain.FCDeclaration, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, siret, certification, declared_on, recorded_at FROM fc_declaration ORDER BY declared_on, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.FCDeclaration
	for rows.Next() {
		var d domain.FCDeclaration
		var siret, code, on string
		if err := rows.Scan(&d.ID, &siret, &code, &on, &d.RecordedAt); err != nil {
			return nil, err
		}
		d.SIRET, d.Certification = domain.SIRET(siret), domain.CertCode(code)
		if d.Date, err = domain.ParseOptionalDate(on); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

type declarationJournal struct {
	Certification *string `json:"certification"`
	DeclaredOn    string  `json:"declared_on"`
}

// AddFCDeclaration records a declaration, journaled as action "declare" on
// the partner.
func (tx *Tx) AddFCDeclaration(d *domain.FCDeclaration) error {
	d.RecordedAt = tx.nowText()
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO fc_declaration(siret, certification, declared_on, recorded_at) VALUES (?,?,?,?)`,
		string(d.SIRET), string(d.Certification), d.Date.String(), d.RecordedAt)
	if err != nil {
		return err
	}
	if d.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	j := declarationJournal{DeclaredOn: d.Date.String()}
	if d.Certification != "" {
		c := string(d.Certification)
		j.Certification = &c
	}
	return tx.Journal("declare", "partner", string(d.SIRET), nil, j)
}
