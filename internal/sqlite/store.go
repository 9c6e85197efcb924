package sqlite

import (
	"context"
	"database/sql"

	"github.com/habil-app/habil/internal/domain"
)

// This file makes *DB a domain.Store and *Tx a domain.Tx: the application
// layer (internal/app) sees the database only through those interfaces.

var (
	_ domain.Store  = (*DB)(nil)
	_ domain.Tx     = (*Tx)(nil)
	_ domain.Reader = (*reader)(nil)
)

// Update runs fn in one immediate write transaction (see WithTx).
func (db *DB) Update(ctx context.Context, fn func(domain.Tx) error) error {
	return db.WithTx(ctx, func(tx *Tx) error { return fn(tx) })
}

// Read runs fn over one read transaction: every read sees the same
// snapshot of the database, and nothing can be written through it.
func (db *DB) Read(ctx context.Context, fn func(domain.Reader) error) (err error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return db.wrap(err, "")
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return db.wrap(err, "")
	}
	defer func() {
		// A read transaction has nothing to commit: ending it either way
		// releases the snapshot.
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil && err == nil {
			err = db.wrap(rerr, "")
		}
	}()
	return db.wrap(fn(&reader{ctx: ctx, q: conn}), "")
}

// reader answers domain.Reader over one connection.
type reader struct {
	ctx context.Context
	q   interface {
		querier
		ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	}
}

func (r *reader) Certifier() (domain.Certifier, error) { return certifier(r.ctx, r.q) }
func (r *reader) Certification(code domain.CertCode) (*domain.Certification, error) {
	return loadCertification(r.ctx, r.q, code)
}
func (r *reader) Certifications() ([]*domain.Certification, error) {
	return listCertifications(r.ctx, r.q)
}
func (r *reader) Partner(siret domain.SIRET) (*domain.Partner, error) {
	return loadPartner(r.ctx, r.q, siret)
}
func (r *reader) Partners(f domain.PartnerFilter) ([]*domain.Partner, error) {
	return listPartners(r.ctx, r.q, f)
}
func (r *reader) PartnerCount() (int, error) { return partnerCount(r.ctx, r.q) }
func (r *reader) Habilitation(id int64) (*domain.Habilitation, error) {
	return loadHabilitation(r.ctx, r.q, id)
}
func (r *reader) Convention(id int64) (*domain.Convention, error) {
	return loadConvention(r.ctx, r.q, id)
}
func (r *reader) ConventionID(ref string) (int64, error) { return conventionID(r.ctx, r.q, ref) }
func (r *reader) Conventions(f domain.ConventionFilter) ([]*domain.Convention, error) {
	return listConventions(r.ctx, r.q, f)
}
func (r *reader) LastReconcile() (*domain.ReconcileRun, error) { return lastReconcile(r.ctx, r.q) }
func (r *reader) JournalEntries(f domain.JournalFilter) ([]domain.JournalEntry, error) {
	return journal(r.ctx, r.q, f)
}

// Certifications lists every certification inside the transaction.
func (tx *Tx) Certifications() ([]*domain.Certification, error) {
	return listCertifications(tx.ctx, tx)
}

// LastReconcile reads the last reconcile run inside the transaction.
func (tx *Tx) LastReconcile() (*domain.ReconcileRun, error) { return lastReconcile(tx.ctx, tx) }

func partnerCount(ctx context.Context, q querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM partner`).Scan(&n)
	return n, err
}
