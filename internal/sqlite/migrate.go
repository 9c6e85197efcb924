package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// migrate brings the schema up to date. Several habil processes may open
// one new or old database at once: the version is read, and the
// migrations applied, inside one write transaction (BEGIN IMMEDIATE), so
// that exactly one of them migrates and the others find it done. A
// database already at the latest version is not locked at all (a reader
// never waits for a writer).
func (db *DB) migrate(ctx context.Context, onBackup func(string)) error {
	latest := LatestVersion()
	cur, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if cur > latest {
		return newerSchemaErr(db.path, cur)
	}
	if cur == latest {
		return nil
	}
	if hookBeforeMigrationLock != nil {
		hookBeforeMigrationLock()
	}
	tx, err := db.sql.BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock=immediate)
	if err != nil {
		return db.wrap(err, "")
	}
	defer tx.Rollback()
	// Everything below is decided on what the transaction sees.
	kind, cur, detail, err := classify(ctx, tx)
	if err != nil {
		return db.wrap(err, "open")
	}
	switch {
	case kind == kindForeign:
		return foreignErr(db.path, detail)
	case cur > latest:
		return newerSchemaErr(db.path, cur)
	case cur == latest:
		return nil // another habil migrated it meanwhile
	}
	bak := ""
	if cur > 0 {
		if bak, err = db.preMigrationBackup(ctx, tx, cur); err != nil {
			return err
		}
	}
	// All pending migrations run in one transaction: an upgrade is complete
	// or nothing changes.
	err = func() error {
		for _, m := range migrations() {
			if m.version <= cur {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
			return err
		}
		return tx.Commit()
	}()
	if err != nil {
		if domain.KindOf(db.wrap(err, "")) == domain.KindBusy || errors.Is(err, context.Canceled) {
			return db.wrap(err, "")
		}
		return &domain.Error{Kind: domain.KindInternal, Code: "DB_MIGRATE",
			Msg:  fmt.Sprintf("cannot upgrade %s from schema version %d to %d: %v; nothing was changed", db.path, cur, latest, err),
			Hint: "this is a bug in habil or a damaged database: run 'habil doctor' and report it with 'habil version'", Err: err}
	}
	if bak != "" {
		PruneAutoBackups(db.path, db.keep)
		if onBackup != nil {
			onBackup(bak)
		}
	}
	return nil
}

// hookBeforeMigrationLock lets a test widen the window between reading
// the version and taking the lock.
var hookBeforeMigrationLock func()

// preMigrationBackup copies the database (at schema version cur) next to
// it as NAME.pre-vLATEST-STAMP.bak, mode 0600, while tx holds the write
// lock: nothing can change between the copy and the migration. The copy
// is verified against itself: its integrity check, its schema version,
// and the row count of every table against the counts tx reads.
func (db *DB) preMigrationBackup(ctx context.Context, tx *sql.Tx, cur int) (string, error) {
	latest := LatestVersion()
	removeDeadBackups(db.path)
	stamp := db.now().UTC().Format("20060102-150405")
	base := fmt.Sprintf("%s.pre-v%d-%s", strings.TrimSuffix(db.path, filepath.Ext(db.path)), latest, stamp)
	bak := base + ".bak"
	var f *os.File
	var err error
	for i := 2; ; i++ { // two upgrades in the same second
		f, err = os.OpenFile(bak, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil || !errors.Is(err, os.ErrExist) || i > 100 {
			break
		}
		bak = fmt.Sprintf("%s-%d.bak", base, i)
	}
	fail := func(err error) (string, error) {
		return "", &domain.Error{Kind: domain.KindInternal, Code: "DB_BACKUP",
			Msg:  fmt.Sprintf("cannot back up %s before upgrading it from schema version %d to %d: %v; nothing was changed", db.path, cur, latest, err),
			Hint: "free some disk space or check the folder's permissions, then run the command again", Err: err}
	}
	if err != nil {
		return fail(unwrapPathErr(err))
	}
	f.Close()
	// The copy is written as NAME.partial, then renamed over the reserved
	// (empty) name once verified: a kill leaves no file that looks like a
	// complete backup.
	partial := bak + ".partial"
	ok := false
	defer func() {
		if !ok {
			os.Remove(partial)
			os.Remove(bak)
		}
	}()
	want, err := tableCounts(ctx, tx)
	if err != nil {
		return fail(err)
	}
	pf, err := os.OpenFile(partial, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fail(unwrapPathErr(err))
	}
	pf.Close()
	// VACUUM INTO cannot run inside a transaction: it runs on another
	// connection, which reads the same state, since tx holds the write
	// lock.
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", partial); err != nil {
		if errors.Is(err, context.Canceled) {
			return "", err
		}
		return fail(db.wrap(err, ""))
	}
	if err := os.Chmod(partial, 0o600); err != nil {
		return fail(err)
	}
	if err := verifyCopy(ctx, partial, cur, want); err != nil {
		return fail(err)
	}
	if err := syncFile(partial); err != nil {
		return fail(err)
	}
	if err := os.Rename(partial, bak); err != nil {
		return fail(unwrapPathErr(err))
	}
	ok = true
	return bak, nil
}

// removeDeadBackups removes what a pre-migration backup killed midway left
// beside the database: its NAME.pre-vN-STAMP.bak.partial copy and the empty
// .bak name it had reserved. It runs under the write lock, so no other habil
// is backing this database up: every .partial found is dead. A complete
// backup (a .bak that is not empty) is never touched.
func removeDeadBackups(dbPath string) {
	partials, _ := filepath.Glob(strings.TrimSuffix(dbPath, filepath.Ext(dbPath)) + ".pre-v*.bak.partial")
	for _, p := range partials {
		os.Remove(p)
		bak := strings.TrimSuffix(p, ".partial")
		if st, err := os.Lstat(bak); err == nil && st.Mode().IsRegular() && st.Size() == 0 {
			os.Remove(bak)
		}
	}
}

// verifyCopy checks a copy on its own: integrity, schema version, and the
// row counts of every table.
func verifyCopy(ctx context.Context, path string, version int, want map[string]int64) error {
	q := "file:" + filepath.ToSlash(path) + "?mode=ro"
	h, err := sql.Open("sqlite", q)
	if err != nil {
		return err
	}
	defer h.Close()
	var res string
	if err := h.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("verify the backup %s: %w", path, err)
	}
	if res != "ok" {
		return fmt.Errorf("verify the backup %s: integrity check says %q", path, res)
	}
	var v int
	if err := h.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("verify the backup %s: %w", path, err)
	}
	if v != version {
		return fmt.Errorf("verify the backup %s: schema version %d, expected %d", path, v, version)
	}
	got, err := tableCounts(ctx, h)
	if err != nil {
		return fmt.Errorf("verify the backup %s: %w", path, err)
	}
	for t, n := range want {
		if got[t] != n {
			return fmt.Errorf("verify the backup %s: table %s has %d rows, the database %d", path, t, got[t], n)
		}
	}
	if len(got) != len(want) {
		return fmt.Errorf("verify the backup %s: %d tables, the database %d", path, len(got), len(want))
	}
	return nil
}
