package sqlite

import (
	"database/sql"
	"errors"
	"time"

	"context"

	"github.com/habil-app/habil/internal/domain"
)

// ErrNotInitialised is returned when init has not been run.
var ErrNotInitialised = domain.Errorf(domain.KindNotFound, "NOT_INITIALISED", "this database has no certifier yet").
	WithHint("run 'habil init --name \"…\" --siret …' first")

type certifierRow struct {
	Name        string `json:"name"`
	SIRET       string `json:"siret"`
	NDA         string `json:"nda"`
	Address     string `json:"address"`
	Signatory   string `json:"signatory"`
	CDCClient   string `json:"cdc_client"`
	CDCContract string `json:"cdc_contract"`
}

func toCertifierRow(c domain.Certifier) certifierRow {
	return certifierRow{c.Name, string(c.SIRET), string(c.NDA), c.Address, c.Signatory, c.CDCClientID, c.CDCContract}
}

// Certifier returns the identity, or ErrNotInitialised.
func (db *DB) Certifier(ctx context.Context) (domain.Certifier, error) {
	return certifier(ctx, db.sql)
}

type querier interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func certifier(ctx context.Context, q querier) (domain.Certifier, error) {
	var c domain.Certifier
	var siret, nda string
	err := q.QueryRowContext(ctx, `SELECT name, siret, nda, address, signatory, cdc_client, cdc_contract FROM certifier WHERE id = 1`).
		Scan(&c.Name, &siret, &nda, &c.Address, &c.Signatory, &c.CDCClientID, &c.CDCContract)
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotInitialised
	}
	c.SIRET, c.NDA = domain.SIRET(siret), domain.NDA(nda)
	return c, err
}

// Certifier reads the identity inside the transaction.
func (tx *Tx) Certifier() (domain.Certifier, error) { return certifier(tx.ctx, tx) }

// SaveCertifier creates or updates the identity. It reports whether anything changed.
func (tx *Tx) SaveCertifier(c domain.Certifier) (created, changed bool, err error) {
	old, err := tx.Certifier()
	now := tx.Now().UTC().Format(time.RFC3339)
	if errors.Is(err, ErrNotInitialised) {
		_, err = tx.ExecContext(tx.ctx, `INSERT INTO certifier(id, name, siret, nda, address, signatory, cdc_client, cdc_contract, created_at, updated_at)
			VALUES (1,?,?,?,?,?,?,?,?,?)`, c.Name, c.SIRET, c.NDA, c.Address, c.Signatory, c.CDCClientID, c.CDCContract, now, now)
		if err != nil {
			return false, false, err
		}
		return true, true, tx.Journal("create", "certifier", string(c.SIRET), nil, toCertifierRow(c))
	}
	if err != nil {
		return false, false, err
	}
	if old == c {
		return false, false, nil
	}
	_, err = tx.ExecContext(tx.ctx, `UPDATE certifier SET name=?, siret=?, nda=?, address=?, signatory=?, cdc_client=?, cdc_contract=?, updated_at=? WHERE id=1`,
		c.Name, c.SIRET, c.NDA, c.Address, c.Signatory, c.CDCClientID, c.CDCContract, now)
	if err != nil {
		return false, false, err
	}
	return false, true, tx.Journal("update", "certifier", string(c.SIRET), toCertifierRow(old), toCertifierRow(c))
}
