package sqlite

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func TestBackupTo(t *testing.T) {
	dir := t.TempDir()
	db := fdnOpen(t, filepath.Join(dir, "habil.db"), Options{})
	fdnSaveCertifier(t, db, "Académie des Métiers")
	ctx := context.Background()

	bak := filepath.Join(dir, "backup.db")
	if err := db.BackupTo(ctx, bak); err != nil {
		t.Fatalf("BackupTo: %v", err)
	}
	if m := fdnMode(t, bak); m != 0o600 {
		t.Errorf("backup mode %04o, want 0600", m)
	}
	// The copy is a complete, current habil database.
	copyDB := fdnOpen(t, bak, Options{ReadOnly: true})
	if c, err := copyDB.Certifier(ctx); err != nil || c.Name != "Académie des Métiers" {
		t.Errorf("certifier in the backup: %+v, %v", c, err)
	}
	if v, _ := copyDB.SchemaVersion(ctx); v != LatestVersion() {
		t.Errorf("backup schema version %d", v)
	}
	if j, _ := copyDB.Journal(ctx, JournalFilter{}); len(j) != 1 {
		t.Errorf("backup journal has %d entries, want 1", len(j))
	}
	copyDB.Close()

	// An existing file is never overwritten, even an empty one (VACUUM INTO
	// would accept an empty file).
	before, _ := os.ReadFile(bak)
	err := db.BackupTo(ctx, bak)
	de := fdnWantCode(t, err, domain.KindConflict, "BACKUP_EXISTS")
	if !strings.Contains(de.Msg, bak) || !strings.Contains(de.Msg, "never overwrites") || de.Hint == "" {
		t.Errorf("message %q hint %q", de.Msg, de.Hint)
	}
	if after, _ := os.ReadFile(bak); !bytes.Equal(before, after) {
		t.Error("the existing backup was modified")
	}
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	fdnWantCode(t, db.BackupTo(ctx, empty), domain.KindConflict, "BACKUP_EXISTS")
	if st, _ := os.Stat(empty); st.Size() != 0 {
		t.Error("the empty file was written")
	}

	// The database itself.
	fdnWantCode(t, db.BackupTo(ctx, db.Path()), domain.KindConflict, "BACKUP_SELF")
	rel, _ := filepath.Rel(fdnGetwd(t), db.Path())
	fdnWantCode(t, db.BackupTo(ctx, rel), domain.KindConflict, "BACKUP_SELF")

	// A folder that does not exist: an error, and nothing left behind.
	missing := filepath.Join(dir, "no", "such", "folder", "b.db")
	err = db.BackupTo(ctx, missing)
	de = fdnWantCode(t, err, domain.KindInternal, "BACKUP_PATH")
	if !strings.Contains(de.Msg, "cannot create") {
		t.Errorf("message %q", de.Msg)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a file was left behind")
	}
}

func fdnGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

func TestBackupVerifiesTheCopy(t *testing.T) {
	dir := t.TempDir()
	db := fdnOpen(t, filepath.Join(dir, "habil.db"), Options{})
	fdnSaveCertifier(t, db, "Académie")
	ctx := context.Background()
	out := filepath.Join(dir, "b.db")
	if err := db.BackupTo(ctx, out); err != nil {
		t.Fatal(err)
	}
	// The verification is what doctor would say about the copy.
	copyDB := fdnOpen(t, out, Options{})
	h, err := copyDB.Doctor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p := h.Problems(); len(p) != 0 {
		t.Errorf("problems in the backup: %v", p)
	}
	// A copy whose schema version differs from the source fails verification.
	if _, err := copyDB.SQL().Exec("PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	if err := verifyBackup(ctx, out, fdnState(t, db)); err == nil || !strings.Contains(err.Error(), "schema version 1") {
		t.Errorf("verifyBackup of a copy at version 1 = %v", err)
	}
	if _, err := copyDB.SQL().Exec(fmt.Sprintf("PRAGMA user_version = %d", LatestVersion())); err != nil {
		t.Fatal(err)
	}
	// A copy that lost rows fails verification, naming the table.
	if _, err := copyDB.SQL().Exec("DELETE FROM journal"); err != nil {
		t.Fatal(err)
	}
	err = verifyBackup(ctx, out, fdnState(t, db))
	if de, ok := err.(*domain.Error); !ok || de.Code != "BACKUP_VERIFY" || !strings.Contains(de.Msg, "table journal has 0 rows, expected 1") {
		t.Errorf("verifyBackup of a copy without its journal = %v", err)
	}
}

// fdnState is what vacuumInto records of the source.
func fdnState(t *testing.T, db *DB) sourceState {
	t.Helper()
	st := sourceState{stable: true}
	ctx := context.Background()
	if err := db.SQL().QueryRow("PRAGMA user_version").Scan(&st.version); err != nil {
		t.Fatal(err)
	}
	var err error
	if st.counts, err = tableCounts(ctx, db.SQL()); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestDoctor(t *testing.T) {
	path := filepath.Join(t.TempDir(), "habil.db")
	db := fdnOpen(t, path, Options{})
	fdnSaveCertifier(t, db, "Académie")
	ctx := context.Background()

	h, err := db.Doctor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h.Path != path || h.Mode != 0o600 || h.SchemaVersion != LatestVersion() || h.LatestVersion != LatestVersion() ||
		h.JournalMode != "wal" || h.SizeBytes <= 0 || len(h.Integrity) != 1 || h.Integrity[0] != "ok" || len(h.ForeignKeyErrs) != 0 {
		t.Errorf("health of a fresh database: %+v", h)
	}
	if p := h.Problems(); len(p) != 0 {
		t.Errorf("problems of a fresh database: %v", p)
	}

	// A file other users can read.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	h, err = db.Doctor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := h.Problems()
	if len(p) != 1 || !strings.Contains(p[0], "file mode is 0644") || !strings.Contains(p[0], "chmod 600 "+path) {
		t.Errorf("problems of a 0644 database: %q", p)
	}

	// A broken reference (foreign keys off on one connection to plant it).
	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF")
	_, err = conn.ExecContext(ctx, `INSERT INTO certification_bloc(certification, code, label, position) VALUES ('RNCP99999', 'RNCP99999BC01', 'x', 1)`)
	conn.ExecContext(ctx, "PRAGMA foreign_keys = ON")
	conn.Close()
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o600)
	h, err = db.Doctor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p = h.Problems()
	if len(p) != 1 || !strings.Contains(p[0], "certification_bloc row") || !strings.Contains(p[0], "missing certification") {
		t.Errorf("problems with a broken reference: %q", p)
	}

	// Schema and integrity problems are reported too.
	bad := Health{Path: path, Mode: 0o600, SchemaVersion: 1, LatestVersion: 2, Integrity: []string{"row 3 missing from index x"}}
	p = bad.Problems()
	if len(p) != 2 || !strings.Contains(p[0], "integrity check: row 3 missing") || !strings.Contains(p[1], "schema version 1, this habil expects 2") {
		t.Errorf("problems: %q", p)
	}
}
