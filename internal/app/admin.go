package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// The set-up and data-safety use cases: the certifier's identity (init),
// the database's health (doctor), backups and the change journal (history).

// CertifierUpdate lists the identity fields to set; nil leaves a field as
// it is. Values are already parsed (SIRET, NDA, CDC identifiers).
type CertifierUpdate struct {
	Name, Address, Signatory *string
	SIRET                    *domain.SIRET
	NDA                      *domain.NDA
	CDCClientID, CDCContract *string
}

// Empty reports whether the update sets nothing.
func (u CertifierUpdate) Empty() bool {
	return u.Name == nil && u.Address == nil && u.Signatory == nil && u.SIRET == nil && u.NDA == nil &&
		u.CDCClientID == nil && u.CDCContract == nil
}

// InitResult is what Init did.
type InitResult struct {
	Certifier domain.Certifier
	Created   bool // the database had no certifier yet
	Changed   bool // an existing identity was updated
}

// ErrInitIdentity refuses to initialise a database without a name and a SIRET.
var ErrInitIdentity = domain.Invalid("INIT_IDENTITY", "a new database needs --name and --siret")

func isNotInitialised(err error) bool {
	var de *domain.Error
	return errors.As(err, &de) && de.Code == "NOT_INITIALISED"
}

// Init records the certifier's identity, or updates the fields given. A new
// database needs at least the name and the SIRET (ErrInitIdentity).
func (a *App) Init(ctx context.Context, u CertifierUpdate) (InitResult, error) {
	var res InitResult
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		c, err := tx.Certifier()
		if err != nil && !isNotInitialised(err) {
			return err
		}
		if isNotInitialised(err) && (u.Name == nil || u.SIRET == nil) {
			return ErrInitIdentity
		}
		set := func(dst *string, v *string) {
			if v != nil {
				*dst = *v
			}
		}
		set(&c.Name, u.Name)
		if u.SIRET != nil {
			c.SIRET = *u.SIRET
		}
		if u.NDA != nil {
			c.NDA = *u.NDA
		}
		set(&c.Address, u.Address)
		set(&c.Signatory, u.Signatory)
		set(&c.CDCClientID, u.CDCClientID)
		set(&c.CDCContract, u.CDCContract)
		if err := domain.ValidateCertifier(c); err != nil {
			return err
		}
		res.Certifier = c
		res.Created, res.Changed, err = tx.SaveCertifier(c)
		return err
	})
	return res, err
}

// Certifier returns the certifier's identity (NOT_INITIALISED when init
// has not been run).
func (a *App) Certifier(ctx context.Context) (domain.Certifier, error) {
	var c domain.Certifier
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		c, err = r.Certifier()
		return err
	})
	return c, err
}

// Doctor checks the database file: integrity, foreign keys, schema
// version, journal mode, file mode (Health.Problems lists what is wrong).
func (a *App) Doctor(ctx context.Context) (domain.Health, error) {
	return a.Store.Doctor(ctx)
}

// Backup writes a consistent, verified copy of the database to out (mode
// 0600, never over an existing file); without out, next to the database
// as NAME-backup-YYYYMMDD-HHMMSS.db. It returns the absolute path written.
func (a *App) Backup(ctx context.Context, out string) (string, error) {
	if out == "" {
		p := a.Store.Path()
		base := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
		out = filepath.Join(filepath.Dir(p), fmt.Sprintf("%s-backup-%s.db", base, a.Clock().Local().Format("20060102-150405")))
	}
	if err := a.Store.BackupTo(ctx, out); err != nil {
		return "", err
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return out, nil
	}
	return abs, nil
}

// History returns the change journal's entries matching f.
func (a *App) History(ctx context.Context, f domain.JournalFilter) ([]domain.JournalEntry, error) {
	var l []domain.JournalEntry
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		l, err = r.JournalEntries(f)
		return err
	})
	return l, err
}
