package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/domain"
)

// RestoreResult says what Restore did.
type RestoreResult struct {
	From          string // the backup restored (absolute)
	DB            string // the database replaced (absolute)
	Replaced      string // where the replaced database was kept ("" when there was none)
	SchemaVersion int    // the backup's schema version (migrated on the next open when older)
}

// Restore replaces the database at dbPath with the backup from, after
// checking that from is a habil database (application id and tables), that
// it passes SQLite's integrity check, and that its schema version is not
// newer than this habil's. The backup is first copied (VACUUM INTO) to a
// temporary file beside the database and verified; the current database,
// when there is one, is checkpointed and kept aside as
// NAME-replaced-YYYYMMDD-HHMMSS.db (mode 0600); then the copy takes the
// database's name in one atomic rename. The backup itself is never
// changed.
//
// Without force, a restore that would lose changes — journal entries of
// the current database later than the backup's last one — is refused.
// No other habil command should run during a restore.
func Restore(ctx context.Context, dbPath, from string, now time.Time, force bool) (RestoreResult, error) {
	var res RestoreResult
	var err error
	if res.From, err = filepath.Abs(from); err != nil {
		return res, err
	}
	if res.DB, err = filepath.Abs(dbPath); err != nil {
		return res, err
	}
	st, err := os.Stat(res.From)
	if err != nil {
		return res, domain.NotFound("cannot read the backup %s: %v", res.From, atomicfile.Reason(err)).
			WithHint("give the path of a file written by 'habil backup' (or a NAME.pre-….bak beside the database)")
	}
	if st.IsDir() {
		return res, domain.NotFound("%s is a folder, not a backup file", res.From).
			WithHint("give the path of a file written by 'habil backup'")
	}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if atomicfile.SameFile(res.From, res.DB+suffix) {
			return res, domain.Conflict("RESTORE_SELF", "%s is the database itself, not a backup of it", res.From).
				WithHint("give the path of a backup file")
		}
	}
	if res.SchemaVersion, err = inspectBackup(ctx, res.From); err != nil {
		return res, err
	}
	dbExists := fileExists(res.DB)
	if dbExists {
		if err := probe(ctx, res.DB, 5*time.Second); err != nil {
			var de *domain.Error
			if errors.As(err, &de) && (de.Code == "DB_FOREIGN" || de.Code == "DB_NOT_SQLITE") {
				return res, domain.Conflict("RESTORE_FOREIGN", "%s is not a habil database: habil does not replace it", res.DB).
					WithHint("restore to another path with --db")
			}
			if !(errors.As(err, &de) && de.Code == "DB_NEWER") {
				return res, err
			}
		}
		if !force {
			if n, last, err := laterChanges(ctx, res.DB, res.From); err != nil {
				return res, err
			} else if n > 0 {
				return res, domain.Conflict("RESTORE_LOSES", "the database %s holds %d change(s) made after this backup (the last at %s): restoring would lose them", res.DB, n, last).
					WithHint("run 'habil restore %s --force' to restore anyway: the current database is kept aside", from)
			}
		}
	}
	dir := filepath.Dir(res.DB)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return res, domain.Errorf(domain.KindInternal, "DB_PATH", "cannot create the database folder %s: %v", dir, atomicfile.Reason(err))
	}
	// Copy the backup beside the database and verify the copy.
	f, tmp, err := atomicfile.CreateTemp(res.DB, 0o600)
	if err != nil {
		return res, domain.Errorf(domain.KindInternal, "RESTORE_WRITE", "cannot restore into %s: %v", dir, errors.Unwrap(err)).
			WithHint("check that the folder is writable and has free space")
	}
	f.Close()
	ok := false
	defer func() {
		if !ok {
			os.Remove(tmp)
		}
	}()
	if err := copyInto(ctx, res.From, tmp); err != nil {
		return res, err
	}
	if v, err := inspectBackup(ctx, tmp); err != nil || v != res.SchemaVersion {
		return res, domain.Errorf(domain.KindInternal, "RESTORE_VERIFY", "the copy of %s failed its verification (%v): nothing was changed", res.From, err).
			WithHint("run 'habil doctor', then try again")
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return res, err
	}
	if err := syncFile(tmp); err != nil {
		return res, domain.Errorf(domain.KindInternal, "RESTORE_WRITE", "cannot write %s: %v", tmp, atomicfile.Reason(err))
	}
	if dbExists {
		if err := checkpoint(ctx, res.DB); err != nil {
			return res, err
		}
		base := strings.TrimSuffix(filepath.Base(res.DB), filepath.Ext(res.DB))
		stamp := now.Local().Format("20060102-150405")
		aside := filepath.Join(dir, fmt.Sprintf("%s-replaced-%s.db", base, stamp))
		for i := 2; ; i++ {
			err = os.Link(res.DB, aside)
			if err == nil || !errors.Is(err, fs.ErrExist) || i > 100 {
				break
			}
			aside = filepath.Join(dir, fmt.Sprintf("%s-replaced-%s-%d.db", base, stamp, i))
		}
		if err != nil {
			return res, domain.Errorf(domain.KindInternal, "RESTORE_WRITE", "cannot keep the current database aside as %s: %v; nothing was changed", aside, atomicfile.Reason(err))
		}
		os.Chmod(aside, 0o600)
		res.Replaced = aside
	}
	// The one step that changes the database: an atomic rename.
	if err := os.Rename(tmp, res.DB); err != nil {
		if res.Replaced != "" {
			os.Remove(res.Replaced)
		}
		return res, domain.Errorf(domain.KindInternal, "RESTORE_WRITE", "cannot replace %s: %v; nothing was changed", res.DB, atomicfile.Reason(err))
	}
	ok = true
	// The old file's (checkpointed, empty) -wal and -shm must not be read
	// as the new file's.
	os.Remove(res.DB + "-wal")
	os.Remove(res.DB + "-shm")
	atomicfile.SyncDir(dir)
	return res, nil
}

// inspectBackup checks that path is a habil database that passes the
// integrity check with a schema this habil can open, and returns its
// schema version. What is wrong with the file's content is KindRejected.
func inspectBackup(ctx context.Context, path string) (int, error) {
	rejected := func(why string) error {
		return domain.Errorf(domain.KindRejected, "RESTORE_NOT_HABIL", "%s is not a habil backup (%s): nothing was changed", path, why).
			WithHint("give a file written by 'habil backup' (or a NAME.pre-….bak beside the database)")
	}
	hd, err := readHeader(path)
	switch {
	case errors.Is(err, errNotSQLite):
		return 0, rejected("not an SQLite file")
	case err != nil:
		return 0, domain.NotFound("cannot read the backup %s: %v", path, atomicfile.Reason(err))
	case hd.empty:
		return 0, rejected("the file is empty")
	}
	q := url.Values{}
	q.Set("mode", "ro")
	if !fileExists(path + "-wal") {
		q.Set("immutable", "1")
	}
	kind, version, detail, err := classifyFile(ctx, fileURL(path, q))
	if err != nil {
		if isNotADB(err) {
			return 0, rejected("not an SQLite database")
		}
		return 0, rejected(err.Error())
	}
	switch {
	case kind == kindForeign:
		return 0, rejected(detail)
	case kind == kindEmpty:
		return 0, rejected("an empty database")
	case version > LatestVersion():
		return 0, domain.Errorf(domain.KindConflict, "DB_NEWER", "the backup %s has schema version %d, newer than this habil knows (%d): it was written by a newer habil", path, version, LatestVersion()).
			WithHint("install the newer habil to restore it; nothing was changed")
	}
	h, err := sql.Open("sqlite", fileURL(path, q))
	if err != nil {
		return 0, rejected(err.Error())
	}
	defer h.Close()
	rows, err := h.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return 0, rejected(err.Error())
	}
	var problems []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	rows.Close()
	if len(problems) > 0 {
		return 0, domain.Errorf(domain.KindRejected, "RESTORE_DAMAGED", "the backup %s is damaged (integrity check: %s): nothing was changed", path, problems[0]).
			WithHint("restore an older backup")
	}
	return version, nil
}

// copyInto writes a compact copy of the database from into the empty file
// tmp (VACUUM INTO, reading from without changing it).
func copyInto(ctx context.Context, from, tmp string) error {
	q := url.Values{}
	q.Set("mode", "ro")
	h, err := sql.Open("sqlite", fileURL(from, q))
	if err != nil {
		return err
	}
	defer h.Close()
	if _, err := h.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return domain.Errorf(domain.KindInternal, "RESTORE_WRITE", "cannot copy %s: %v; nothing was changed", from, err).
			WithHint("check that the database's folder has free space")
	}
	return nil
}

// checkpoint writes the current database's WAL into its main file, so that
// the file kept aside is complete on its own.
func checkpoint(ctx context.Context, path string) error {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	h, err := sql.Open("sqlite", fileURL(path, q))
	if err != nil {
		return err
	}
	defer h.Close()
	var busy, logN, done int
	if err := h.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logN, &done); err != nil {
		return (&DB{path: path, busy: 5 * time.Second}).wrap(err, "checkpoint")
	}
	if busy != 0 {
		return domain.Errorf(domain.KindBusy, "DB_BUSY", "the database %s is in use by another habil: it cannot be restored now", path).
			WithHint("wait until the other habil commands end, then run restore again")
	}
	return nil
}

// laterChanges counts the journal entries of the database at dbPath later
// than the last entry of the backup (restores themselves aside: they change
// no data), and returns the last one's time.
func laterChanges(ctx context.Context, dbPath, backup string) (int, string, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	b, err := sql.Open("sqlite", fileURL(backup, q))
	if err != nil {
		return 0, "", err
	}
	defer b.Close()
	var since sql.NullString
	if err := b.QueryRowContext(ctx, "SELECT max(at) FROM journal").Scan(&since); err != nil {
		return 0, "", domain.Errorf(domain.KindRejected, "RESTORE_NOT_HABIL", "%s is not a habil backup (%v)", backup, err)
	}
	q.Add("_pragma", "busy_timeout(5000)")
	h, err := sql.Open("sqlite", fileURL(dbPath, q))
	if err != nil {
		return 0, "", err
	}
	defer h.Close()
	var n int
	var last sql.NullString
	if err := h.QueryRowContext(ctx, "SELECT count(*), max(at) FROM journal WHERE at > ? AND action <> 'restore'", since.String).Scan(&n, &last); err != nil {
		return 0, "", (&DB{path: dbPath, busy: 5 * time.Second}).wrap(err, "read journal")
	}
	return n, last.String, nil
}

// JournalRestore records a restore in the restored database's journal.
func (db *DB) JournalRestore(ctx context.Context, r RestoreResult) error {
	return db.WithTx(ctx, func(tx *Tx) error {
		after := map[string]any{"from": r.From, "schema_version": r.SchemaVersion}
		if r.Replaced != "" {
			after["replaced"] = r.Replaced
		}
		return tx.Journal("restore", "database", filepath.Base(r.DB), nil, after)
	})
}
