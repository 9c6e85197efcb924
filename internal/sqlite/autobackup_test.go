package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

// touch writes a non-empty file.
func abTouch(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestPruneAutoBackupsKeepsTheNewestAndNeverAUsersFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "habil.db")
	names := []string{
		"habil.pre-v9-20250101-100000.bak",
		"habil.pre-v10-20250601-100000.bak",
		"habil.pre-purge-20250601-100000-2.bak",
		"habil.pre-v11-20260101-100000.bak",
		"habil.pre-purge-20260201-100000.bak",
	}
	for _, n := range names {
		abTouch(t, filepath.Join(dir, n))
	}
	// Not automatic backups of habil.db: the user's own, another
	// database's, a reserved (empty) name, a copy in progress.
	others := []string{"habil-backup-20240101-100000.db", "my.pre-v9-20200101-100000.bak", "habil.pre-v9-20200101-100000.bak.partial", "habil.pre-vX-20200101-100000.bak"}
	for _, n := range others {
		abTouch(t, filepath.Join(dir, n))
	}
	if err := os.WriteFile(filepath.Join(dir, "habil.pre-v9-20000101-100000.bak"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	got := AutoBackups(db)
	if len(got) != len(names) {
		t.Fatalf("AutoBackups = %v, want the %d automatic ones", got, len(names))
	}
	for i, n := range names {
		if filepath.Base(got[i]) != n {
			t.Errorf("AutoBackups[%d] = %s, want %s (oldest first)", i, filepath.Base(got[i]), n)
		}
	}
	removed := PruneAutoBackups(db, 3)
	if len(removed) != 2 || filepath.Base(removed[0]) != names[0] || filepath.Base(removed[1]) != names[1] {
		t.Errorf("removed %v, want the two oldest", removed)
	}
	for _, n := range append(names[2:], others...) {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s was removed: %v", n, err)
		}
	}
	if r := PruneAutoBackups(db, 0); r != nil {
		t.Errorf("keep 0 removed %v, want nothing (0 keeps all)", r)
	}
}

func TestMigrationPrunesOldAutomaticBackups(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "habil.db")
	for i := range 3 {
		abTouch(t, filepath.Join(dir, fmt.Sprintf("habil.pre-v%d-2025010%d-100000.bak", i+2, i+1)))
	}
	fdnCreateV1(t, path)
	fdnOpen(t, path, Options{KeepBackups: 2})
	got := AutoBackups(path)
	want := []string{"habil.pre-v4-20250103-100000.bak", fmt.Sprintf("habil.pre-v%d-20260115-103000.bak", LatestVersion())}
	if len(got) != 2 || filepath.Base(got[0]) != want[0] || filepath.Base(got[1]) != want[1] {
		t.Errorf("after the migration's backup: %v, want %v", got, want)
	}
}

func TestAutoBackupBeforePurge(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "habil.db")
	db := fdnOpen(t, path, Options{KeepBackups: 1})
	fdnSaveCertifier(t, db, "Académie")
	p1, err := db.AutoBackup(context.Background(), "purge")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(p1) != "habil.pre-purge-20260115-103000.bak" || fdnMode(t, p1) != 0o600 {
		t.Errorf("backup %s mode %04o", p1, fdnMode(t, p1))
	}
	p2, err := db.AutoBackup(context.Background(), "purge")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(p2) != "habil.pre-purge-20260115-103000-2.bak" {
		t.Errorf("second backup in the same second: %s", p2)
	}
	if got := AutoBackups(path); len(got) != 1 || got[0] != p2 {
		t.Errorf("kept %v, want only %s (keep 1)", got, p2)
	}
}

func rsCertifierName(t *testing.T, path string) string {
	t.Helper()
	db, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.Certifier(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c.Name
}

func TestRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "habil.db")
	bak := filepath.Join(dir, "b.db")
	db := fdnOpen(t, path, Options{})
	fdnSaveCertifier(t, db, "Avant")
	if err := db.BackupTo(ctx, bak); err != nil {
		t.Fatal(err)
	}
	later := fdnClock.Add(time.Hour)
	db.now = func() time.Time { return later }
	fdnSaveCertifier(t, db, "Après")
	db.Close()
	bakBytes, _ := os.ReadFile(bak)

	// Changes after the backup: refused without force, nothing changed.
	_, err := Restore(ctx, path, bak, later, false)
	de := fdnWantCode(t, err, domain.KindConflict, "RESTORE_LOSES")
	if !strings.Contains(de.Msg, "1 change(s) made after this backup") {
		t.Errorf("message %q", de.Msg)
	}
	if n := rsCertifierName(t, path); n != "Après" {
		t.Errorf("after a refused restore the certifier is %q", n)
	}

	res, err := Restore(ctx, path, bak, later, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Replaced != filepath.Join(dir, "habil-replaced-"+later.Local().Format("20060102-150405")+".db") {
		t.Errorf("replaced kept as %s", res.Replaced)
	}
	if fdnMode(t, path) != 0o600 || fdnMode(t, res.Replaced) != 0o600 {
		t.Errorf("modes %04o %04o, want 0600", fdnMode(t, path), fdnMode(t, res.Replaced))
	}
	if n := rsCertifierName(t, path); n != "Avant" {
		t.Errorf("restored certifier %q, want Avant", n)
	}
	if n := rsCertifierName(t, res.Replaced); n != "Après" {
		t.Errorf("the file kept aside holds %q, want Après (the replaced database, complete)", n)
	}
	if b, _ := os.ReadFile(bak); string(b) != string(bakBytes) {
		t.Error("the backup file was changed")
	}
	// Journaled in the restored database.
	db2 := fdnOpen(t, path, Options{})
	if err := db2.JournalRestore(ctx, res); err != nil {
		t.Fatal(err)
	}
	j, err := db2.Journal(ctx, JournalFilter{Action: "restore"})
	if err != nil || len(j) != 1 || j[0].Entity != "database" || !strings.Contains(string(j[0].After), "b.db") {
		t.Errorf("journal of the restore: %+v, %v", j, err)
	}
	db2.Close()
}

func TestRestoreRefusesWhatIsNotAHabilBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "habil.db")
	db := fdnOpen(t, path, Options{})
	fdnSaveCertifier(t, db, "Académie")
	db.Close()
	before, _ := os.ReadFile(path)

	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("hello"), 0o600)
	_, err := Restore(ctx, path, text, fdnClock, true)
	fdnWantCode(t, err, domain.KindRejected, "RESTORE_NOT_HABIL")

	newer := filepath.Join(dir, "newer.db")
	fdnSetUserVersion(t, newer, LatestVersion()+1)
	_, err = Restore(ctx, path, newer, fdnClock, true)
	fdnWantCode(t, err, domain.KindConflict, "DB_NEWER")

	// Another application's SQLite database.
	other := filepath.Join(dir, "other.db")
	fdnMakeForeign(t, other)
	_, err = Restore(ctx, path, other, fdnClock, true)
	fdnWantCode(t, err, domain.KindRejected, "RESTORE_NOT_HABIL")

	_, err = Restore(ctx, path, filepath.Join(dir, "missing.db"), fdnClock, true)
	fdnWantCode(t, err, domain.KindNotFound, "NOT_FOUND")

	_, err = Restore(ctx, path, path, fdnClock, true)
	fdnWantCode(t, err, domain.KindConflict, "RESTORE_SELF")

	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("a refused restore changed the database")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*replaced*")); len(m) != 0 {
		t.Errorf("files kept aside by refused restores: %v", m)
	}
}

// fdnMakeForeign writes an SQLite database of another application.
func fdnMakeForeign(t *testing.T, path string) {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if _, err := h.Exec("CREATE TABLE stock(id INTEGER); INSERT INTO stock VALUES (1)"); err != nil {
		t.Fatal(err)
	}
}
