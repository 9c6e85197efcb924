package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

func TestWriteReplacesOnlyOnSuccess(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.pdf")
	if err := WriteBytes(path, 0o600, []byte("v1")); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %04o, want 0600", st.Mode().Perm())
	}
	boom := errors.New("renderer failed")
	err := Write(path, 0o600, func(w io.Writer) error {
		w.Write([]byte("half of v2"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the renderer's error", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "v1" {
		t.Errorf("a failed write changed the file: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestWriteMissingFolder(t *testing.T) {
	err := WriteBytes(filepath.Join(t.TempDir(), "nope", "x.csv"), 0o644, []byte("x"))
	if !errors.Is(err, ErrFolder) {
		t.Fatalf("err = %v, want ErrFolder", err)
	}
}

func TestWriteRefusesFolder(t *testing.T) {
	dir := t.TempDir()
	if err := WriteBytes(dir, 0o644, []byte("x")); err == nil {
		t.Fatal("writing over a folder succeeded")
	}
}

// TestMain lets a test run this binary as a helper process that is killed
// in the middle of a write (see TestKilledWriteLeavesNoStaleFile).
func TestMain(m *testing.M) {
	if dest := os.Getenv("ATOMICFILE_WRITE_REPORT"); dest != "" {
		err := WriteBytes(dest, 0o600, []byte("x"))
		fmt.Printf("ERROR[%v]\n", err)
		os.Exit(0)
	}
	if dest := os.Getenv("ATOMICFILE_KILL_DURING_WRITE"); dest != "" {
		Write(dest, 0o600, func(w io.Writer) error {
			w.Write([]byte("half a file"))
			p, _ := os.FindProcess(os.Getpid())
			p.Kill() // SIGKILL: no deferred cleanup runs
			select {}
		})
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// A process killed between writing and renaming leaves its temporary file;
// the next write into the folder removes it, and never the destination.
func TestKilledWriteLeavesNoStaleFile(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "export.csv")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "ATOMICFILE_KILL_DURING_WRITE="+dest)
	if err := cmd.Run(); err == nil {
		t.Fatal("the helper was not killed")
	}
	if _, err := os.Stat(dest); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the killed write left %s: %v", dest, err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".export.csv.tmp-*"))
	if len(left) != 1 {
		t.Fatalf("expected the killed process's temporary file, found %v", left)
	}
	if err := WriteBytes(filepath.Join(dir, "other.pdf"), 0o644, []byte("x")); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "other.pdf" {
		t.Errorf("after the next write the folder holds %v, want only other.pdf", names(entries))
	}
}

func names(entries []os.DirEntry) []string {
	var l []string
	for _, e := range entries {
		l = append(l, e.Name())
	}
	return l
}

// Only habil's own pattern is cleaned, only for a dead process (or an old
// file of the previous pattern): a concurrent run's file stays.
func TestCleanStaleKeepsLiveAndForeignFiles(t *testing.T) {
	dir := t.TempDir()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	deadPID := dead.Process.Pid
	livePID := os.Getppid()
	files := map[string]bool{ // name → must be removed
		fmt.Sprintf(".a.csv.tmp-%d-1", deadPID):   true,
		fmt.Sprintf(".a.csv.tmp-%d-1", livePID):   false,
		".b.xlsx.tmp-123456789":                   true,  // old pattern, two hours old
		".c.xlsx.tmp-987654321":                   false, // old pattern, fresh
		fmt.Sprintf("a.csv.tmp-%d-1", deadPID):    false, // not hidden: not ours
		fmt.Sprintf(".notes.txt.tmp-%d", deadPID): false, // (fresh old pattern)
		"report.pdf":                            false,
		fmt.Sprintf(".a.csv.tmp-%d-x", deadPID): false,
	}
	for n := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(filepath.Join(dir, ".b.xlsx.tmp-123456789"), old, old)
	removed := CleanStale(dir)
	for n, gone := range files {
		_, err := os.Stat(filepath.Join(dir, n))
		if gone != errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: removed=%v, want %v", n, !gone, gone)
		}
	}
	if len(removed) != 2 {
		t.Errorf("removed %v, want 2 files", removed)
	}
}

// A protected file (the open database) is never written, whatever the
// spelling of the path: relative, through a symbolic link, a hard link.
func TestWriteRefusesProtected(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "reg.xlsx")
	if err := os.WriteFile(db, []byte("SQLite format 3\x00"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Symlink(db, filepath.Join(dir, "link.xlsx"))
	os.Link(db, filepath.Join(dir, "hard.xlsx"))
	defer Protect(db)()
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(dir)
	for _, p := range []string{db, "reg.xlsx", "./sub/../reg.xlsx", "link.xlsx", "hard.xlsx", db + "-wal", "reg.xlsx-shm", "reg.xlsx-journal"} {
		os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
		err := WriteBytes(p, 0o644, []byte("export"))
		if !errors.Is(err, ErrProtected) {
			t.Errorf("%s: err = %v, want ErrProtected", p, err)
		}
	}
	if b, _ := os.ReadFile(db); string(b) != "SQLite format 3\x00" {
		t.Errorf("the database was changed: %q", b)
	}
	if err := WriteBytes("other.xlsx", 0o644, []byte("ok")); err != nil {
		t.Errorf("another file refused: %v", err)
	}
}
