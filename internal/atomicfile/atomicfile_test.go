package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
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
