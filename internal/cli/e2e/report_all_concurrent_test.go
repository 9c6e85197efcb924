package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/habil-app/habil/internal/xlsx"
)

// TestReportAllDuringImport (issue 15): the nightly 'report all' running
// while another habil process imports 8,000 partners. Neither fails (the
// report exits 0 or 4, the import 0), and every report sees the import
// whole or not at all: its habilitations.xlsx lists the rows before the
// import or all of them, never part.
func TestReportAllDuringImport(t *testing.T) {
	h := newHabilDir(t)
	first := filepath.Join(h.dir, "avant.csv")
	writeLargeImport(t, first, 50)
	h.run("partner", "import", first, "--at", "2026-06-01")
	big := filepath.Join(h.dir, "partenaires.csv")
	writeLargeImport(t, big, 8_000) // its first 50 rows are the partners above

	imp := exec.Command(h.bin, "--busy-timeout", "60s", "partner", "import", big, "--at", "2026-06-01")
	imp.Env = h.env
	var impErr bytes.Buffer
	imp.Stderr = &impErr
	if err := imp.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- imp.Wait() }()

	seen := map[int]int{}
	var importErr error
	finished := false
	for run := 0; run < 40 && !(finished && run > 1); run++ {
		select {
		case importErr = <-done:
			finished = true
		default:
		}
		out := filepath.Join(h.dir, fmt.Sprintf("run-%d", run))
		cmd := exec.Command(h.bin, "--busy-timeout", "60s", "report", "all", "--out", out, "--at", "2026-06-02")
		cmd.Env = h.env
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		err := cmd.Run()
		var ee *exec.ExitError
		if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 4) {
			t.Fatalf("report all during the import (run %d): %v\n%s", run, err, errOut.String())
		}
		n := habilitationRows(t, filepath.Join(out, "habilitations.xlsx"))
		if n != 50 && n != 8_000 {
			t.Fatalf("run %d saw %d habilitations: part of an import (want 50 or 8000)", run, n)
		}
		seen[n]++
		if _, err := os.Stat(filepath.Join(out, "manifest.json")); err != nil {
			t.Fatalf("run %d: no manifest: %v", run, err)
		}
	}
	if !finished {
		importErr = <-done
	}
	if importErr != nil {
		t.Fatalf("the import failed while reports ran: %v\n%s", importErr, impErr.String())
	}
	t.Logf("reports that saw the data before / after the import: %d / %d", seen[50], seen[8_000])
	if seen[8_000] == 0 {
		t.Error("no report saw the finished import")
	}
}

// habilitationRows counts the data rows of a habilitations workbook.
func habilitationRows(t *testing.T, path string) int {
	t.Helper()
	src, err := xlsx.Open(path, "")
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer src.Close()
	n := -1 // the header
	for {
		_, _, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		n++
	}
	return n
}
