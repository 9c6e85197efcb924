package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/domain"
)

// BackupTo writes a consistent copy of the database to path with VACUUM INTO.
// The file is created with mode 0600 and must not exist yet.
//
// The copy is first written to a temporary name beside path
// (.NAME.tmp-PID-N, atomicfile's pattern), verified (integrity check,
// schema version, and the row count of every table when no other process
// wrote in the meantime), synced to disk, and only then given its name,
// without ever replacing a file: a kill at any moment leaves path absent or
// complete, never half-written. The temporary files of killed backups are
// removed by the next one into the same folder.
func (db *DB) BackupTo(ctx context.Context, path string) (err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return domain.Errorf(domain.KindInternal, "BACKUP_PATH", "cannot create %s: %v", path, err)
	}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if atomicfile.SameFile(abs, db.path+suffix) {
			return domain.Conflict("BACKUP_SELF", "the backup cannot be the database itself")
		}
	}
	if _, err := os.Lstat(abs); err == nil {
		return backupExists(abs)
	}
	dir := filepath.Dir(abs)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return domain.Errorf(domain.KindInternal, "BACKUP_PATH", "cannot create %s: the folder %s does not exist", abs, dir).
			WithHint("create the folder first, or choose another --out")
	}
	atomicfile.CleanStale(dir)
	f, tmp, err := atomicfile.CreateTemp(abs, 0o600)
	if err != nil {
		return domain.Errorf(domain.KindInternal, "BACKUP_PATH", "cannot create %s: %v", abs, atomicfile.Reason(errors.Unwrap(err))).
			WithHint("check that the folder is writable and has free space, or choose another --out")
	}
	f.Close()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	src, err := db.vacuumInto(ctx, tmp)
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return domain.Errorf(domain.KindInternal, "BACKUP_PATH", "cannot create %s: %v", abs, atomicfile.Reason(err))
	}
	if err := verifyBackup(ctx, tmp, src); err != nil {
		return err
	}
	if err := syncFile(tmp); err != nil {
		return domain.Errorf(domain.KindInternal, "BACKUP_PATH", "cannot write %s: %v", abs, atomicfile.Reason(err)).
			WithHint("check that the disk has free space")
	}
	if backupBeforeRename != nil {
		if err := backupBeforeRename(tmp); err != nil {
			return err
		}
	}
	if err := renameNoReplace(tmp, abs); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return backupExists(abs)
		}
		return domain.Errorf(domain.KindInternal, "BACKUP_PATH", "cannot create %s: %v", abs, atomicfile.Reason(err))
	}
	atomicfile.SyncDir(dir)
	return nil
}

// backupBeforeRename, when set (tests), runs between the verified copy and
// its rename: a failure or a kill there must leave no file at path.
var backupBeforeRename func(tmp string) error

func backupExists(abs string) error {
	return domain.Conflict("BACKUP_EXISTS", "%s already exists: habil never overwrites a backup", abs).
		WithHint("choose another --out")
}

// sourceState is what the source held when it was copied: its schema
// version and the rows of every table, valid when no other connection
// wrote between the count and the copy (same data_version).
type sourceState struct {
	version int
	counts  map[string]int64
	stable  bool
}

// vacuumInto copies the database to tmp on one connection, counting the
// rows of every table just before and reading PRAGMA data_version around
// the copy: when it did not change, nobody else committed in between and
// the copy must hold exactly those rows.
func (db *DB) vacuumInto(ctx context.Context, tmp string) (sourceState, error) {
	var st sourceState
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return st, db.wrap(err, "backup")
	}
	defer conn.Close()
	var v1, v2 int64
	if err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v1); err != nil {
		return st, db.wrap(err, "backup")
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&st.version); err != nil {
		return st, db.wrap(err, "backup")
	}
	if st.counts, err = tableCounts(ctx, conn); err != nil {
		return st, db.wrap(err, "backup")
	}
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return st, db.wrap(err, "backup")
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v2); err != nil {
		return st, db.wrap(err, "backup")
	}
	st.stable = v1 == v2
	return st, nil
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// tableCounts counts the rows of every table of the schema.
func tableCounts(ctx context.Context, q queryer) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	counts := make(map[string]int64, len(names))
	for _, n := range names {
		var c int64
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM "`+strings.ReplaceAll(n, `"`, `""`)+`"`).Scan(&c); err != nil {
			return nil, err
		}
		counts[n] = c
	}
	return counts, nil
}

// verifyBackup opens the copy read-only and checks it against itself
// (integrity) and against what the source held when it was copied.
func verifyBackup(ctx context.Context, path string, src sourceState) error {
	bad := func(format string, args ...any) error {
		return domain.Errorf(domain.KindInternal, "BACKUP_VERIFY", "the backup failed its verification: "+format, args...).
			WithHint("nothing was written; run 'habil doctor', then try again")
	}
	h, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro")
	if err != nil {
		return bad("%v", err)
	}
	defer h.Close()
	var res string
	if err := h.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return bad("%v", err)
	}
	if res != "ok" {
		return bad("integrity check says %q", res)
	}
	var v int
	if err := h.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return bad("%v", err)
	}
	counts, err := tableCounts(ctx, h)
	if err != nil {
		return bad("%v", err)
	}
	if !src.stable {
		return nil // another process wrote during the copy: only the copy's own checks apply
	}
	if v != src.version {
		return bad("schema version %d, expected %d", v, src.version)
	}
	if len(counts) != len(src.counts) {
		return bad("%d tables, expected %d", len(counts), len(src.counts))
	}
	for t, n := range src.counts {
		if counts[t] != n {
			return bad("table %s has %d rows, expected %d", t, counts[t], n)
		}
	}
	return nil
}

// syncFile flushes a file to disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// renameNoReplace gives tmp the name path unless path exists: a hard link
// (which fails on an existing path) then the removal of tmp; where the file
// system has no hard links, a rename after checking that path is absent.
func renameNoReplace(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil {
		os.Remove(tmp)
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return err
	}
	if _, serr := os.Lstat(path); serr == nil {
		return fs.ErrExist
	}
	return os.Rename(tmp, path)
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
