package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/sqlite"
)

// crSIRET returns a valid SIRET built from n (base keeps two files apart).
func crSIRET(base, n int) string {
	return domain.CompleteLuhn(fmt.Sprintf("%013d", 4000000000000+base+n*7))
}

// crWriteCSV writes a partner file of n rows (one partner, one habilitation each).
func crWriteCSV(t *testing.T, path string, base, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "\ufeffN° SIRET;Raison sociale;NDA;Courriel;Code RNCP;Habilitation;Blocs de compétences;Voies d'accès;Date de début;Date de fin\r\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "%s;Organisme de formation n°%d;%011d;contact%d@exemple.fr;RNCP36141;former et évaluer;BC01, BC02;FC;01/01/2026;31/12/2027\r\n",
			crSIRET(base, i), base+i, 11000000000+base+i, base+i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// crCommand runs habil (this test binary as TestHabilProcess) as a
// separate process.
func crCommand(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestHabilProcess$", "--"}, args...)...)
	cmd.Env = []string{"HABIL_CLI_HELPER=1", "HOME=" + dir, "PATH=/usr/bin:/bin", "XDG_CONFIG_HOME=" + filepath.Join(dir, ".config"),
		"XDG_DATA_HOME=" + filepath.Join(dir, ".local"), "SOURCE_DATE_EPOCH=1767225600"}
	cmd.Dir = dir
	return cmd
}

func crRun(t *testing.T, dir string, args ...string) runResult {
	t.Helper()
	cmd := crCommand(dir, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Errorf("habil %v: %v", args, err)
		code = -1
	}
	return runResult{code, out.String(), errOut.String()}
}

// crState opens the database as the next habil would (recovering its
// WAL) and returns its integrity check and partner count.
func crState(t *testing.T, path string) (string, int) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatalf("open after the kill: %v", err)
	}
	defer db.Close()
	var res string
	var n int
	if err := db.SQL().QueryRow("PRAGMA integrity_check").Scan(&res); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRow("SELECT count(*) FROM partner").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return res, n
}

func crCopy(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	out.Close()
}

// crBase makes a database with the certifier and RNCP36141, checkpointed
// into one file that each run copies.
func crBase(t *testing.T, dir string) string {
	t.Helper()
	db := filepath.Join(dir, "base.db")
	for _, args := range [][]string{
		{"--db", db, "init", "--name", "Académie", "--siret", "73282932000074"},
		{"--db", db, "certification", "add", "RNCP36141", "--title", "Responsable RH", "--level", "6", "--end-date", "2028-06-30",
			"--bloc", "RNCP36141BC01=Recruter", "--bloc", "RNCP36141BC02=Former", "--access", "FC,FI"},
	} {
		if r := crRun(t, dir, args...); r.code != 0 {
			t.Fatalf("habil %v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	return db
}

// TestImportKilledAtRandomPoints: a partner import of 20,000 rows killed
// (SIGKILL, no cleanup) at random moments leaves a database that passes
// the integrity check and holds all of the import or nothing of it.
func TestImportKilledAtRandomPoints(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 20,000 rows several times")
	}
	dir := t.TempDir()
	base := crBase(t, dir)
	csv := filepath.Join(dir, "partenaires.csv")
	const rows = 20_000
	crWriteCSV(t, csv, 0, rows)

	// A complete import: how long it takes, and what "all" is.
	full := filepath.Join(dir, "full.db")
	crCopy(t, base, full)
	start := time.Now()
	if r := crRun(t, dir, "--db", full, "partner", "import", csv); r.code != 0 {
		t.Fatalf("the complete import: exit %d\n%s", r.code, r.stderr)
	}
	took := time.Since(start)
	if res, n := crState(t, full); res != "ok" || n != rows {
		t.Fatalf("the complete import: integrity %q, %d partners, want %d", res, n, rows)
	}

	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	killedMidway := 0
	for i := 0; i < 5; i++ {
		db := filepath.Join(dir, fmt.Sprintf("run%d.db", i))
		crCopy(t, base, db)
		cmd := crCommand(dir, "--db", db, "partner", "import", csv)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill points spread over the whole run, from the start to its end.
		delay := time.Duration(rng.Int63n(int64(took)))
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		res, n := crState(t, db)
		if res != "ok" {
			t.Errorf("kill after %v: integrity check says %q", delay, res)
		}
		if n != 0 && n != rows {
			t.Errorf("kill after %v: %d partners, want 0 or %d (all or nothing)", delay, n, rows)
		}
		if err != nil && n == 0 {
			killedMidway++
		}
		t.Logf("kill after %v of %v: %d partners", delay.Round(time.Millisecond), took.Round(time.Millisecond), n)
	}
	if killedMidway == 0 {
		t.Log("no kill landed before the commit this time (the checks still ran)")
	}
}

// TestTwoWritersAndAReader: two processes importing partners at once and a
// third listing them never fail on a lock within the busy timeout.
func TestTwoWritersAndAReader(t *testing.T) {
	if testing.Short() {
		t.Skip("starts several processes")
	}
	dir := t.TempDir()
	db := crBase(t, dir)
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	crWriteCSV(t, a, 0, 3000)
	crWriteCSV(t, b, 1, 3000) // other SIRETs
	var writers sync.WaitGroup
	results := make([]runResult, 2)
	for i, f := range []string{a, b} {
		writers.Add(1)
		go func() {
			defer writers.Done()
			results[i] = crRun(t, dir, "--db", db, "--busy-timeout", "60s", "partner", "import", f)
		}()
	}
	done := make(chan struct{})
	go func() { writers.Wait(); close(done) }()
	var reads []runResult
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
			reads = append(reads, crRun(t, dir, "--db", db, "--busy-timeout", "60s", "partner", "list", "--format", "csv"))
		}
	}
	for i, r := range results {
		if r.code != 0 {
			t.Errorf("writer %d: exit %d\n%s", i, r.code, r.stderr)
		}
	}
	if len(reads) == 0 {
		t.Error("the reader never ran")
	}
	for i, r := range reads {
		if r.code != 0 {
			t.Errorf("read %d: exit %d\n%s", i, r.code, r.stderr)
		}
		if strings.Contains(r.stderr, "panic") {
			t.Errorf("read %d: %s", i, r.stderr)
		}
	}
	if res, n := crState(t, db); res != "ok" || n != 6000 {
		t.Errorf("after both imports: integrity %q, %d partners, want 6000", res, n)
	}
}
