package e2e

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestImportDiskFailure (issue 10, item 1): the real habil process
// importing 20,000 rows while its files may not grow past 2 MB (the
// shell's 'ulimit -f': every write beyond fails, as on a full or failing
// disk) exits 1 with one error line naming the cause and saying that
// nothing was written, and nothing was: no partner, the same journal, a
// healthy database that takes the same import once the limit is lifted.
func TestImportDiskFailure(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no ulimit on Windows")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatalf("sh: %v", err)
	}
	h := newHabilDir(t)
	history := h.run("history", "--format", "json")
	file := filepath.Join(h.dir, "partenaires.csv")
	writeLargeImport(t, file, 20_000)

	cmd := exec.Command(sh, "-c", `ulimit -f 4096 && exec "$0" "$@"`, h.bin, "partner", "import", file, "--at", "2026-06-01")
	cmd.Env = h.env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("import on a failing disk: %v, want exit 1\n%s", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSuffix(errOut.String(), "\n"), "\n")
	db := filepath.Join(h.dir, "habil.db")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "habil: error: the disk failed while writing the database "+db+" (SQLITE_IOERR_WRITE): nothing was written") ||
		!strings.HasPrefix(lines[1], "habil: hint: ") {
		t.Errorf("stderr, want one error line naming the cause and a hint:\n%s", firstLines(errOut.String(), 6))
	}
	if got := h.run("partner", "list", "--format", "json"); strings.TrimSpace(got) != "[]" {
		t.Fatalf("partners were written: %s", firstLines(got, 5))
	}
	if got := h.run("history", "--format", "json"); got != history {
		t.Fatalf("the journal changed:\n%s", firstLines(got, 20))
	}
	if got := h.run("doctor"); !strings.Contains(got, "integrity check  ok") {
		t.Errorf("doctor:\n%s", got)
	}
	h.run("partner", "import", file, "--at", "2026-06-01")
	if got := h.run("partner", "list", "--format", "json"); strings.Count(got, `"siret"`) != 20_000 {
		t.Errorf("the import without the limit gave %d partners", strings.Count(got, `"siret"`))
	}
}
