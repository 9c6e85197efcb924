package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// foreignDB writes another application's SQLite database: its own tables
// (plus the given ones), the given user_version, in WAL or rollback mode.
func foreignDB(t *testing.T, path string, version int, wal bool, extra ...string) []byte {
	t.Helper()
	q := "file:" + filepath.ToSlash(path)
	if wal {
		q += "?_pragma=journal_mode(WAL)"
	}
	h, err := sql.Open("sqlite", q)
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{"CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)", "INSERT INTO notes(body) VALUES ('à garder')"}
	for _, e := range extra {
		stmts = append(stmts, "CREATE TABLE "+e+"(x)")
	}
	stmts = append(stmts, fmt.Sprintf("PRAGMA user_version = %d", version))
	for _, s := range stmts {
		if _, err := h.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	h.Close() // checkpoints and removes the -wal
	for _, side := range []string{"-wal", "-shm"} {
		if fileExists(path + side) {
			t.Fatalf("setup left %s%s", path, side)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestForeignDatabaseNeverWritten: another application's database is
// refused whatever its user_version, before anything is written: no WAL
// switch, no backup, no -wal or -shm beside it, the same bytes after; the
// read-only open (doctor, list…) refuses it too. (The issue found version
// 1–5 files switched to WAL with a .pre-v5 backup beside them, and "no
// such table: partner" on a version-5 one.)
func TestForeignDatabaseNeverWritten(t *testing.T) {
	for _, v := range []int{1, 2, 3, 4, 5, 9} {
		for _, wal := range []bool{false, true} {
			for _, extra := range [][]string{nil, {"certifier", "journal"}} {
				name := fmt.Sprintf("v%d-wal%v-%d", v, wal, len(extra))
				t.Run(name, func(t *testing.T) {
					dir := t.TempDir()
					path := filepath.Join(dir, "autre.db")
					before := foreignDB(t, path, v, wal, extra...)
					for _, ro := range []bool{false, true} {
						_, err := Open(context.Background(), path, Options{ReadOnly: ro})
						de := fdnWantCode(t, err, domain.KindInternal, "DB_FOREIGN")
						if !strings.HasPrefix(de.Msg, path+" is not a habil database (") || !strings.HasSuffix(de.Msg, "): nothing was changed") {
							t.Errorf("ReadOnly=%v: message %q", ro, de.Msg)
						}
						if !strings.Contains(de.Msg, fmt.Sprintf("schema version %d", v)) || !strings.Contains(de.Msg, "notes") {
							t.Errorf("ReadOnly=%v: message %q does not say what the file holds", ro, de.Msg)
						}
					}
					if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
						t.Error("the foreign database's bytes changed")
					}
					entries, _ := os.ReadDir(dir)
					if len(entries) != 1 {
						var names []string
						for _, e := range entries {
							names = append(names, e.Name())
						}
						t.Errorf("files beside the foreign database after the refusal: %v", names)
					}
				})
			}
		}
	}
}

// TestForeignApplicationID: a database stamped with another application's
// application_id is refused even with all of habil's tables.
func TestForeignApplicationID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "habil.db")
	db := fdnOpen(t, path, Options{})
	db.Close()
	h, _ := sql.Open("sqlite", "file:"+filepath.ToSlash(path))
	if _, err := h.Exec("PRAGMA application_id = 1234"); err != nil {
		t.Fatal(err)
	}
	h.Close()
	_, err := Open(context.Background(), path, Options{})
	de := fdnWantCode(t, err, domain.KindInternal, "DB_FOREIGN")
	if !strings.Contains(de.Msg, "application_id 0x4d2") {
		t.Errorf("message %q", de.Msg)
	}
}

// TestHabilDatabaseRecognised: a database habil creates carries its
// application_id; one from before the application_id (version 1, tables
// only) is recognised by its tables and migrated, and then stamped.
func TestHabilDatabaseRecognised(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "habil.db")
	db := fdnOpen(t, path, Options{})
	var app int64
	db.SQL().QueryRow("PRAGMA application_id").Scan(&app)
	if app != ApplicationID {
		t.Errorf("a new database has application_id %#x, want %#x", app, ApplicationID)
	}
	old := filepath.Join(dir, "old.db")
	fdnCreateV1(t, old)
	db = fdnOpen(t, old, Options{})
	db.SQL().QueryRow("PRAGMA application_id").Scan(&app)
	if v, _ := db.SchemaVersion(context.Background()); v != LatestVersion() || app != ApplicationID {
		t.Errorf("the version-1 database: version %d, application_id %#x after opening", v, app)
	}
}

// TestReadOnlyOldSchema: a database of an older schema opened read-only
// (it cannot be written, so it cannot be upgraded) is refused with what to
// do, and left as it is.
func TestReadOnlyOldSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "habil.db")
	createV4(t, path)
	before, _ := os.ReadFile(path)
	_, err := Open(context.Background(), path, Options{ReadOnly: true})
	de := fdnWantCode(t, err, domain.KindConflict, "DB_OLD_READONLY")
	if !strings.Contains(de.Msg, fmt.Sprintf("database %s has schema version 4, older than this habil's (%d), and cannot be upgraded", path, LatestVersion())) ||
		!strings.Contains(de.Hint, "chmod 600") {
		t.Errorf("message %q hint %q", de.Msg, de.Hint)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the database changed")
	}
}

// TestPreMigrationBackupVerifiedAgainstItself: the copy is checked on its
// own — integrity, schema version and every table's row count against the
// counts read under the lock; a mismatch is an error.
func TestPreMigrationBackupVerifiedAgainstItself(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "habil.db")
	createV4(t, path)
	want := map[string]int64{}
	h, _ := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro")
	got, err := tableCounts(context.Background(), h)
	h.Close()
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range got {
		want[k] = v
	}
	if err := verifyCopy(context.Background(), path, 4, want); err != nil {
		t.Fatalf("the database against its own counts: %v", err)
	}
	want["certifier"] = 2
	if err := verifyCopy(context.Background(), path, 4, want); err == nil || !strings.Contains(err.Error(), "table certifier has 1 rows, the database 2") {
		t.Errorf("a row-count mismatch: %v", err)
	}
	want["certifier"] = 1
	if err := verifyCopy(context.Background(), path, 5, want); err == nil || !strings.Contains(err.Error(), "schema version 4, expected 5") {
		t.Errorf("a version mismatch: %v", err)
	}
	// After a migration, only the backup is left: no .partial.
	db := fdnOpen(t, path, Options{})
	db.Close()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".partial") {
			t.Errorf("%s left after the migration", e.Name())
		}
	}
}
