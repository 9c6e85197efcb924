package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/habil-app/habil/internal/domain"
)

// BackupTo writes a consistent copy of the database to path with VACUUM INTO.
// The file is created with mode 0600 and must not exist yet. The copy is then
// opened and checked (integrity and schema version).
func (db *DB) BackupTo(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if abs == db.path {
		return domain.Conflict("BACKUP_SELF", "the backup cannot be the database itself")
	}
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return domain.Conflict("BACKUP_EXISTS", "%s already exists: habil never overwrites a backup", abs).
				WithHint("choose another --out")
		}
		return domain.Errorf(domain.KindInternal, "BACKUP_PATH", "cannot create %s: %v", abs, unwrapPathErr(err))
	}
	f.Close()
	ok := false
	defer func() {
		if !ok {
			os.Remove(abs)
		}
	}()
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", abs); err != nil {
		return db.wrap(err, "backup")
	}
	if err := os.Chmod(abs, 0o600); err != nil {
		return err
	}
	if err := verifyBackup(ctx, abs, db); err != nil {
		return err
	}
	ok = true
	return nil
}

func verifyBackup(ctx context.Context, path string, src *DB) error {
	h, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro")
	if err != nil {
		return err
	}
	defer h.Close()
	var res string
	if err := h.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("verify backup: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("verify backup %s: integrity check says %q", path, res)
	}
	var v1, v2 int
	h.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v1)
	src.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v2)
	if v1 != v2 {
		return fmt.Errorf("verify backup %s: schema version %d, expected %d", path, v1, v2)
	}
	return nil
}

// Health is what doctor reports (see domain).
type Health = domain.Health

// Doctor runs the integrity and foreign-key checks.
func (db *DB) Doctor(ctx context.Context) (Health, error) {
	h := Health{Path: db.path, LatestVersion: LatestVersion()}
	st, err := os.Stat(db.path)
	if err != nil {
		return h, err
	}
	h.Mode = uint32(st.Mode().Perm())
	h.SizeBytes = st.Size()
	h.FileProblems = sideFileProblems(db.path)
	if h.SchemaVersion, err = db.SchemaVersion(ctx); err != nil {
		return h, err
	}
	db.sql.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&h.JournalMode)
	rows, err := db.sql.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return h, db.wrap(err, "integrity check")
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		h.Integrity = append(h.Integrity, s)
	}
	rows.Close()
	rows, err = db.sql.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return h, db.wrap(err, "foreign key check")
	}
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		rows.Scan(&table, &rowid, &parent, &fkid)
		h.ForeignKeyErrs = append(h.ForeignKeyErrs, fmt.Sprintf("%s row %d refers to a missing %s", table, rowid.Int64, parent))
	}
	rows.Close()
	return h, nil
}
