package cmdutil

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/domain"
)

// CheckOut refuses every spelling of the database and its companions
// (exit 1, the contract's message), and registers the database so that no
// write of the process can replace it.
func TestCheckOut(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "reg.xlsx")
	os.WriteFile(db, []byte("db"), 0o600)
	os.Symlink(db, filepath.Join(dir, "link.xlsx"))
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(dir)

	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HABIL_DB", db)
	ios, _, _, _ := Test()
	f := NewFactory(ios, nil)
	defer f.Close()
	for _, out := range []string{"reg.xlsx", db, "./x/../reg.xlsx", "link.xlsx", "reg.xlsx-wal", db + "-shm", "reg.xlsx-journal"} {
		err := f.CheckOut(out)
		var de *domain.Error
		if !errors.As(err, &de) || de.Kind != domain.KindConflict || de.Code != "OUT_IS_DATABASE" {
			t.Errorf("%s: err = %v, want OUT_IS_DATABASE (exit 1)", out, err)
			continue
		}
		if de.Msg != "--out names the database itself ("+db+"): choose another file" {
			t.Errorf("%s: message %q", out, de.Msg)
		}
	}
	if err := f.CheckOut("export.xlsx", ""); err != nil {
		t.Errorf("another file: %v", err)
	}
	// Any later write of the process is refused too, with the same error.
	err := WriteFile("link.xlsx", 0o600, func(w io.Writer) error { _, err := w.Write([]byte("x")); return err })
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != "OUT_IS_DATABASE" {
		t.Errorf("WriteFile over the database: %v", err)
	}
	if b, _ := os.ReadFile(db); string(b) != "db" {
		t.Errorf("the database was replaced: %q", b)
	}
	f.Close()
	if _, ok := atomicfile.IsProtected(db); ok {
		t.Error("Close did not release the protection")
	}
}
