package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

// The helpers of this file are prefixed with "fdn" (foundation) so that they
// never collide with the helpers of other test files of the package.

var fdnClock = time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC)

func fdnOpen(t *testing.T, path string, o Options) *DB {
	t.Helper()
	if o.Now == nil {
		o.Now = func() time.Time { return fdnClock }
	}
	db, err := Open(context.Background(), path, o)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func fdnWantCode(t *testing.T, err error, kind domain.Kind, code string) *domain.Error {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("got %T %v, want a domain error %s", err, err, code)
	}
	if de.Kind != kind || de.Code != code {
		t.Fatalf("got kind %d code %s (%v), want kind %d code %s", de.Kind, de.Code, err, kind, code)
	}
	return de
}

func fdnMode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

func fdnSaveCertifier(t *testing.T, db *DB, name string) {
	t.Helper()
	err := db.WithTx(context.Background(), func(tx *Tx) error {
		_, _, err := tx.SaveCertifier(domain.Certifier{Name: name, SIRET: "73282932000074"})
		return err
	})
	if err != nil {
		t.Fatalf("SaveCertifier: %v", err)
	}
}

func fdnTables(t *testing.T, db *DB) map[string]bool {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT name FROM sqlite_schema WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[n] = true
	}
	return out
}

func TestOpenCreatesAndMigrates(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nested", "folder", "habil.db")
	backups := 0
	db := fdnOpen(t, path, Options{OnBackup: func(string) { backups++ }})
	ctx := context.Background()

	v, err := db.SchemaVersion(ctx)
	if err != nil || v != LatestVersion() {
		t.Fatalf("user_version = %d, %v; want %d", v, err, LatestVersion())
	}
	if LatestVersion() < 2 {
		t.Fatalf("LatestVersion() = %d: the embedded migrations are missing", LatestVersion())
	}
	tables := fdnTables(t, db)
	for _, name := range []string{"certifier", "journal", "certification", "partner"} {
		if !tables[name] {
			t.Errorf("table %s was not created (tables: %v)", name, tables)
		}
	}
	// Every table is STRICT.
	var strictless []string
	rows, err := db.SQL().Query(`SELECT name FROM pragma_table_list WHERE type = 'table' AND schema = 'main' AND strict = 0 AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		strictless = append(strictless, n)
	}
	rows.Close()
	if len(strictless) > 0 {
		t.Errorf("tables without STRICT: %v", strictless)
	}
	if backups != 0 {
		t.Errorf("a new database was backed up %d times", backups)
	}
	if db.Path() != path {
		t.Errorf("Path() = %s, want %s", db.Path(), path)
	}
	// Pragmas on every pooled connection.
	var fk, busy int
	var jm string
	db.SQL().QueryRow("PRAGMA foreign_keys").Scan(&fk)
	db.SQL().QueryRow("PRAGMA busy_timeout").Scan(&busy)
	db.SQL().QueryRow("PRAGMA journal_mode").Scan(&jm)
	if fk != 1 || busy != 5000 || jm != "wal" {
		t.Errorf("foreign_keys=%d busy_timeout=%d journal_mode=%s; want 1, 5000, wal", fk, busy, jm)
	}
	// File and folder modes: the database holds personal data.
	fdnSaveCertifier(t, db, "Académie")
	if m := fdnMode(t, path); m != 0o600 {
		t.Errorf("database mode %04o, want 0600", m)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); err == nil {
			if m := fdnMode(t, path+suffix); m != 0o600 {
				t.Errorf("%s mode %04o, want 0600", suffix, m)
			}
		}
	}
	if m := fdnMode(t, filepath.Dir(path)); m != 0o700 {
		t.Errorf("created folder mode %04o, want 0700", m)
	}
}

func TestReopenIsNoOp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "habil.db")
	db, err := Open(context.Background(), path, Options{Now: func() time.Time { return fdnClock }})
	if err != nil {
		t.Fatal(err)
	}
	fdnSaveCertifier(t, db, "Académie")
	db.Close()

	backups := 0
	db2 := fdnOpen(t, path, Options{OnBackup: func(string) { backups++ }})
	if v, _ := db2.SchemaVersion(context.Background()); v != LatestVersion() {
		t.Errorf("user_version = %d after reopening", v)
	}
	c, err := db2.Certifier(context.Background())
	if err != nil || c.Name != "Académie" {
		t.Errorf("certifier after reopening: %+v, %v", c, err)
	}
	if backups != 0 {
		t.Errorf("reopening an up-to-date database took %d backups", backups)
	}
	if baks, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.bak")); len(baks) != 0 {
		t.Errorf("backups written: %v", baks)
	}
	j, err := db2.Journal(context.Background(), JournalFilter{})
	if err != nil || len(j) != 1 {
		t.Errorf("journal after reopening: %d entries, %v; want 1", len(j), err)
	}
}

// fdnSetUserVersion writes PRAGMA user_version then closes, leaving no WAL.
func fdnSetUserVersion(t *testing.T, path string, v int) {
	t.Helper()
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "habil.db")
	fdnSetUserVersion(t, path, LatestVersion()+1)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{false, true} {
		db, err := Open(context.Background(), path, Options{ReadOnly: ro})
		if err == nil {
			db.Close()
			t.Fatalf("ReadOnly=%v: a database of schema %d was opened by a habil that knows %d", ro, LatestVersion()+1, LatestVersion())
		}
		de := fdnWantCode(t, err, domain.KindConflict, "DB_NEWER")
		if !strings.Contains(de.Msg, fmt.Sprintf("schema version %d, newer than this habil knows (%d)", LatestVersion()+1, LatestVersion())) ||
			!strings.Contains(de.Hint, "install the newer habil") {
			t.Errorf("message %q, hint %q", de.Msg, de.Hint)
		}
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the newer database was modified")
	}
	if baks, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.bak")); len(baks) != 0 {
		t.Errorf("backups written: %v", baks)
	}
}

// fdnCreateV1 creates a database at schema version 1 by applying the first
// embedded migration by hand, with one certifier row in it.
func fdnCreateV1(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	h, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	m := migrations()[0]
	if m.version != 1 {
		t.Fatalf("first migration is %s", m.name)
	}
	for _, q := range []string{m.sql, "PRAGMA user_version = 1",
		`INSERT INTO certifier(id, name, siret, created_at, updated_at) VALUES (1, 'Ancienne Académie', '73282932000074', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`} {
		if _, err := h.Exec(q); err != nil {
			t.Fatalf("%.40s: %v", q, err)
		}
	}
}

func TestBackupBeforeMigrating(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "habil.db")
	fdnCreateV1(t, path)

	var got []string
	db := fdnOpen(t, path, Options{OnBackup: func(p string) { got = append(got, p) }})
	want := filepath.Join(dir, fmt.Sprintf("habil.pre-v%d-20260115-103000.bak", LatestVersion()))
	if len(got) != 1 || got[0] != want {
		t.Fatalf("OnBackup called with %v, want [%s]", got, want)
	}
	if m := fdnMode(t, want); m != 0o600 {
		t.Errorf("backup mode %04o, want 0600", m)
	}
	// The database is migrated and kept its data.
	if v, _ := db.SchemaVersion(context.Background()); v != LatestVersion() {
		t.Errorf("user_version = %d after migrating", v)
	}
	if c, err := db.Certifier(context.Background()); err != nil || c.Name != "Ancienne Académie" {
		t.Errorf("certifier after migrating: %+v, %v", c, err)
	}
	// The backup is the version-1 database, data included.
	h, err := sql.Open("sqlite", "file:"+filepath.ToSlash(want)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var v int
	var name string
	if err := h.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != 1 {
		t.Errorf("backup user_version = %d, %v; want 1", v, err)
	}
	if err := h.QueryRow("SELECT name FROM certifier").Scan(&name); err != nil || name != "Ancienne Académie" {
		t.Errorf("backup certifier = %q, %v", name, err)
	}
	var n int
	h.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'partner'").Scan(&n)
	if n != 0 {
		t.Error("the backup holds the new schema: it was taken after migrating")
	}
}

func TestForeignFileRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "notes.db")
	content := bytes.Repeat([]byte("Liste des partenaires, à ne pas effacer.\n"), 200)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{false, true} {
		db, err := Open(context.Background(), path, Options{ReadOnly: ro})
		if err == nil {
			db.Close()
			t.Fatalf("ReadOnly=%v: a text file was opened as a database", ro)
		}
		var de *domain.Error
		if !errors.As(err, &de) || (de.Code != "DB_NOT_SQLITE" && de.Code != "DB_CORRUPT") {
			t.Fatalf("ReadOnly=%v: got %v, want DB_NOT_SQLITE", ro, err)
		}
		if !strings.Contains(de.Msg, path) || !strings.Contains(de.Msg, "not a") || !strings.Contains(de.Hint, "never overwrites") {
			t.Errorf("message %q, hint %q", de.Msg, de.Hint)
		}
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(after, content) {
		t.Error("the foreign file was modified")
	}
	if m := fdnMode(t, path); m != 0o644 {
		t.Errorf("the foreign file's mode changed to %04o", m)
	}
	for _, suffix := range []string{"-wal", "-journal"} {
		if st, err := os.Stat(path + suffix); err == nil && st.Size() > 0 {
			t.Errorf("%s%s was written", path, suffix)
		}
	}
}

func TestOpenFolderAndBadOptions(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(context.Background(), dir, Options{})
	de := fdnWantCode(t, err, domain.KindInternal, "DB_PATH")
	if !strings.Contains(de.Msg, "is a folder") || !strings.Contains(de.Hint, filepath.Join(dir, "habil.db")) {
		t.Errorf("message %q, hint %q", de.Msg, de.Hint)
	}
	_, err = Open(context.Background(), filepath.Join(dir, "x.db"), Options{JournalMode: "MEMORY"})
	fdnWantCode(t, err, domain.KindInvalid, "CONFIG")
	_, err = Open(context.Background(), filepath.Join(dir, "missing.db"), Options{ReadOnly: true})
	fdnWantCode(t, err, domain.KindNotFound, "DB_MISSING")
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("a read-only open created the file")
	}
	// A folder that cannot be created (its parent is a file).
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o600)
	_, err = Open(context.Background(), filepath.Join(file, "sub", "habil.db"), Options{})
	de = fdnWantCode(t, err, domain.KindInternal, "DB_PATH")
	if !strings.Contains(de.Msg, "cannot create the database folder") {
		t.Errorf("message %q", de.Msg)
	}
	// DELETE journal mode for network drives.
	db := fdnOpen(t, filepath.Join(dir, "net.db"), Options{JournalMode: "delete"})
	var jm string
	db.SQL().QueryRow("PRAGMA journal_mode").Scan(&jm)
	if jm != "delete" {
		t.Errorf("journal_mode = %s, want delete", jm)
	}
}

func fdnCountCertifiers(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow("SELECT count(*) FROM certifier").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWithTxCommitsAndJournals(t *testing.T) {
	db := fdnOpen(t, filepath.Join(t.TempDir(), "habil.db"), Options{Actor: Actor{User: "marie", Command: "habil init"}})
	fdnSaveCertifier(t, db, "Académie")
	if n := fdnCountCertifiers(t, db); n != 1 {
		t.Fatalf("%d certifiers after commit", n)
	}
	j, err := db.Journal(context.Background(), JournalFilter{Entity: "certifier"})
	if err != nil || len(j) != 1 {
		t.Fatalf("journal: %v, %v", j, err)
	}
	e := j[0]
	if e.Action != "create" || e.ID != "73282932000074" || e.User != "marie" || e.Command != "habil init" ||
		e.At != "2026-01-15T10:30:00Z" || e.Before != nil || !strings.Contains(string(e.After), `"name":"Académie"`) {
		t.Errorf("journal entry %+v after=%s", e, e.After)
	}
}

func TestWithTxRollsBackOnError(t *testing.T) {
	db := fdnOpen(t, filepath.Join(t.TempDir(), "habil.db"), Options{})
	boom := domain.Conflict("BOOM", "refused by a rule")
	err := db.WithTx(context.Background(), func(tx *Tx) error {
		if _, _, err := tx.SaveCertifier(domain.Certifier{Name: "X", SIRET: "73282932000074"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || domain.KindOf(err) != domain.KindConflict {
		t.Fatalf("WithTx returned %v, want the function's error", err)
	}
	if n := fdnCountCertifiers(t, db); n != 0 {
		t.Errorf("%d certifiers after a rolled-back transaction", n)
	}
	if j, _ := db.Journal(context.Background(), JournalFilter{}); len(j) != 0 {
		t.Errorf("journal kept %d entries of a rolled-back transaction", len(j))
	}
	// The connection is usable again.
	fdnSaveCertifier(t, db, "Y")
}

func TestWithTxRollsBackOnPanic(t *testing.T) {
	db := fdnOpen(t, filepath.Join(t.TempDir(), "habil.db"), Options{})
	func() {
		defer func() {
			if p := recover(); p != "bug" {
				t.Errorf("recovered %v, want the panic to go on", p)
			}
		}()
		db.WithTx(context.Background(), func(tx *Tx) error {
			if _, _, err := tx.SaveCertifier(domain.Certifier{Name: "X", SIRET: "73282932000074"}); err != nil {
				t.Fatal(err)
			}
			panic("bug")
		})
	}()
	if n := fdnCountCertifiers(t, db); n != 0 {
		t.Errorf("%d certifiers after a panicking transaction", n)
	}
	// No transaction was left open: another writer gets through at once.
	done := make(chan error, 1)
	go func() {
		done <- db.WithTx(context.Background(), func(tx *Tx) error {
			_, _, err := tx.SaveCertifier(domain.Certifier{Name: "Y", SIRET: "73282932000074"})
			return err
		})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("a transaction stayed open after the panic")
	}
}

func TestSecondWriterIsBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "habil.db")
	holder := fdnOpen(t, path, Options{})
	ctx := context.Background()
	tx, err := holder.SQL().BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock=immediate): takes the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`INSERT INTO certifier(id, name, siret, created_at, updated_at) VALUES (1, 'A', '73282932000074', 'x', 'x')`); err != nil {
		t.Fatal(err)
	}

	other := fdnOpen(t, path, Options{BusyTimeout: 150 * time.Millisecond})
	// Reading is not blocked by the writer (WAL).
	if n := fdnCountCertifiers(t, other); n != 0 {
		t.Errorf("reader saw %d uncommitted certifiers", n)
	}
	start := time.Now()
	called := false
	err = other.WithTx(ctx, func(tx *Tx) error { called = true; return nil })
	waited := time.Since(start)
	de := fdnWantCode(t, err, domain.KindBusy, "DB_BUSY")
	if !strings.Contains(de.Msg, path) || !strings.Contains(de.Hint, "exit code 5") {
		t.Errorf("message %q hint %q", de.Msg, de.Hint)
	}
	if called {
		t.Error("the function ran without the write lock")
	}
	if waited < 100*time.Millisecond || waited > 5*time.Second {
		t.Errorf("waited %v, want about the 150ms busy timeout", waited)
	}
	// Once the first writer is done, the second one gets through.
	tx.Rollback()
	if err := other.WithTx(ctx, func(tx *Tx) error { return nil }); err != nil {
		t.Errorf("after the lock was released: %v", err)
	}
}

func TestWithTxCancelled(t *testing.T) {
	db := fdnOpen(t, filepath.Join(t.TempDir(), "habil.db"), Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := db.WithTx(ctx, func(tx *Tx) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("WithTx on a cancelled context = %v, want context.Canceled", err)
	}
}

func TestForeignSQLiteDatabaseRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "places.sqlite")
	h, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"CREATE TABLE places(id INTEGER PRIMARY KEY, url TEXT)", "INSERT INTO places(url) VALUES ('https://example.org')"} {
		if _, err := h.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	h.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	_, err = Open(context.Background(), path, Options{})
	de := fdnWantCode(t, err, domain.KindInternal, "DB_FOREIGN")
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the foreign database's bytes changed (e.g. switched to WAL) although it was refused")
	}
	if !strings.Contains(de.Msg, path+" is not a habil database (an SQLite database of another application") || !strings.Contains(de.Msg, "nothing was changed") || !strings.Contains(de.Hint, "--db") {
		t.Errorf("message %q hint %q", de.Msg, de.Hint)
	}
	// None of habil's tables was created in it, and its data is intact.
	h, err = sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var tables, rows, v int
	h.QueryRow("SELECT count(*) FROM sqlite_schema").Scan(&tables)
	h.QueryRow("SELECT count(*) FROM places").Scan(&rows)
	h.QueryRow("PRAGMA user_version").Scan(&v)
	if tables != 1 || rows != 1 || v != 0 {
		t.Errorf("after the refusal: %d schema objects, %d rows, user_version %d; want 1, 1, 0", tables, rows, v)
	}
}
