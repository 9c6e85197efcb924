//go:build unix

package sqlite

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/habil-app/habil/internal/domain"
	"modernc.org/sqlite"
)

// nobody is the unprivileged user the permission tests run as when the
// tests run as root (root ignores file modes).
const nobody = 65534

// runUnprivileged runs the test named test of this binary in a separate
// process with env, as an unprivileged user: as nobody when the tests run
// as root (the binary is copied where nobody can run it), else as the
// current user. It returns the process's output.
func runUnprivileged(t *testing.T, test string, env ...string) string {
	t.Helper()
	bin := os.Args[0]
	cmd := exec.Command(bin, "-test.run=^"+test+"$", "-test.v")
	if os.Geteuid() == 0 {
		dir, err := os.MkdirTemp("", "habil-unpriv-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		os.Chmod(dir, 0o755)
		copyExe(t, bin, filepath.Join(dir, "test.exe"))
		cmd = exec.Command(filepath.Join(dir, "test.exe"), "-test.run=^"+test+"$", "-test.v")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
		cmd.Dir = dir
	}
	cmd.Env = append(os.Environ(), env...)
	cmd.Env = append(cmd.Env, "HOME="+os.TempDir())
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", test, err, b)
	}
	return string(b)
}

func copyExe(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// unprivDir is a folder the unprivileged user may enter.
func unprivDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "habil-ro-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		os.Chmod(filepath.Join(dir, "db"), 0o755)
		os.RemoveAll(dir)
	})
	os.Chmod(dir, 0o755)
	return dir
}

// TestWriteReasonHelper is not a test: run by TestWriteReasonReadOnlyFolder
// as an unprivileged process, it writes to the database and prints the
// error.
func TestWriteReasonHelper(t *testing.T) {
	path := os.Getenv("HABIL_TEST_REASON_DB")
	if path == "" {
		return // only as the helper process
	}
	db, err := Open(context.Background(), path, Options{})
	if err == nil {
		err = db.WithTx(context.Background(), func(tx *Tx) error {
			_, _, err := tx.SaveCertifier(domain.Certifier{Name: "Autre nom", SIRET: "73282932000074"})
			return err
		})
		db.Close()
	}
	t.Logf("ERROR[%v]", err)
}

// A database in a read-only folder cannot be written (SQLite cannot create
// its -wal file there): the error gives the system's reason, never an
// empty one after the colon (issue 10, item 10).
func TestWriteReasonReadOnlyFolder(t *testing.T) {
	base := unprivDir(t)
	dir := filepath.Join(base, "db")
	os.Mkdir(dir, 0o755)
	path := filepath.Join(dir, "h.db")
	db := fdnOpen(t, path, Options{})
	fdnSaveCertifier(t, db, "Académie")
	db.Close()
	if os.Geteuid() == 0 {
		os.Chown(path, nobody, nobody)
	}
	os.Chmod(dir, 0o555)
	out := runUnprivileged(t, "TestWriteReasonHelper", "HABIL_TEST_REASON_DB="+path)
	i := strings.Index(out, "ERROR[")
	if i < 0 {
		t.Fatalf("no result from the helper:\n%s", out)
	}
	msg := out[i+len("ERROR[") : strings.Index(out[i:], "]\n")+i]
	if msg == "<nil>" {
		t.Fatalf("writing into a read-only folder succeeded")
	}
	if strings.HasSuffix(strings.TrimSpace(msg), ":") || !strings.Contains(msg, "permission denied") {
		t.Errorf("error %q: want the system's reason (permission denied)", msg)
	}
}

// An extended code without a text of its own still gets one.
func TestCodeTextNeverEmpty(t *testing.T) {
	db := fdnOpen(t, filepath.Join(t.TempDir(), "h.db"), Options{})
	_, err := db.SQL().Exec("INSERT INTO nosuchtable VALUES (1)")
	var se *sqlite.Error
	if !errors.As(err, &se) {
		t.Fatalf("err = %v", err)
	}
	if codeText(se) == "" {
		t.Error("empty text")
	}
	for _, code := range []int{14 | 1<<8, 14 | 6<<8, 11 | 1<<8, 8 | 6<<8} { // CANTOPEN_NOTEMPDIR, _SYMLINK, CORRUPT_VTAB, READONLY_DIRECTORY
		if s := sqlite.ErrorCodeString[code&0xff]; s == "" {
			t.Errorf("code %d: no primary text", code)
		}
	}
}
