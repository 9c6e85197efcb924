package sqlite

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// TestBackupKillHelper is not a test: run by TestBackupKilledBeforeRename
// as a separate process, it backs up the database and kills itself
// (SIGKILL, no cleanup) after the copy is written and before its rename.
func TestBackupKillHelper(t *testing.T) {
	db, out := os.Getenv("HABIL_TEST_BACKUP_DB"), os.Getenv("HABIL_TEST_BACKUP_OUT")
	if db == "" {
		return // only as the helper process
	}
	d, err := Open(context.Background(), db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	backupBeforeRename = func(tmp string) error {
		p, _ := os.FindProcess(os.Getpid())
		p.Kill()
		select {}
	}
	d.BackupTo(context.Background(), out)
	t.Fatal("the helper was not killed")
}

// A backup killed between writing and renaming leaves no file at --out
// (its temporary file is removed by the next backup into the folder), so
// that the next backup to the same name works and is complete.
func TestBackupKilledBeforeRename(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "habil.db")
	db := fdnOpen(t, path, Options{})
	fdnSaveCertifier(t, db, "Académie des Métiers")
	out := filepath.Join(dir, "save", "b.db")
	os.Mkdir(filepath.Dir(out), 0o700)

	cmd := exec.Command(os.Args[0], "-test.run=^TestBackupKillHelper$")
	cmd.Env = append(os.Environ(), "HABIL_TEST_BACKUP_DB="+path, "HABIL_TEST_BACKUP_OUT="+out)
	if b, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("the helper was not killed:\n%s", b)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a killed backup left %s (%v)", out, err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "save", ".b.db.tmp-*"))
	if len(left) != 1 {
		t.Fatalf("expected the killed backup's temporary file, found %v", left)
	}

	ctx := context.Background()
	if err := db.BackupTo(ctx, out); err != nil {
		t.Fatalf("the next backup: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 || entries[0].Name() != "b.db" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the folder holds %v, want only b.db", names)
	}
	copyDB := fdnOpen(t, out, Options{ReadOnly: true})
	if c, err := copyDB.Certifier(ctx); err != nil || c.Name != "Académie des Métiers" {
		t.Errorf("certifier in the backup: %+v, %v", c, err)
	}
}

// A failure after the copy (injected) leaves neither the file nor the
// temporary copy.
func TestBackupFailureBeforeRename(t *testing.T) {
	dir := t.TempDir()
	db := fdnOpen(t, filepath.Join(dir, "habil.db"), Options{})
	fdnSaveCertifier(t, db, "Académie")
	boom := domain.Errorf(domain.KindInternal, "BOOM", "injected")
	backupBeforeRename = func(string) error { return boom }
	defer func() { backupBeforeRename = nil }()
	out := filepath.Join(dir, "b.db")
	if err := db.BackupTo(context.Background(), out); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the injected failure", err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*b.db*"))
	if len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}
