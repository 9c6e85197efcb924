package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/sqlite"
)

type runResult struct {
	code           int
	stdout, stderr string
}

// isolate points habil's config and data at a temporary folder, so that the
// user's own files are never read, and returns a database path in it.
func isolateHabil(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, ".config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, ".local", "share"))
	t.Setenv("HABIL_CONFIG", "")
	t.Setenv("HABIL_DB", filepath.Join(dir, "habil.db"))
	t.Setenv("HABIL_BUSY_TIMEOUT", "")
	t.Setenv("HABIL_JOURNAL_MODE", "")
	return filepath.Join(dir, "habil.db")
}

func runHabilCtx(ctx context.Context, args ...string) runResult {
	ios, _, out, errOut := cmdutil.Test()
	code := Run(ctx, args, ios)
	return runResult{code, out.String(), errOut.String()}
}

func runHabil(args ...string) runResult { return runHabilCtx(context.Background(), args...) }

// wantExit checks the code, that stdout is empty (errors never go there) and
// that stderr's first line is the expected error.
func wantExit(t *testing.T, r runResult, code int, firstLine string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code %d, want %d\nstderr:\n%s", r.code, code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout is not empty on an error:\n%s", r.stdout)
	}
	first, _, _ := strings.Cut(r.stderr, "\n")
	if !strings.HasPrefix(first, firstLine) {
		t.Errorf("stderr starts with %q, want %q", first, firstLine)
	}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic") {
		t.Errorf("stderr shows a Go panic:\n%s", r.stderr)
	}
}

func stderrLines(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") }

func TestExitOK(t *testing.T) {
	isolateHabil(t)
	r := runHabil("version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "habil ") || r.stderr != "" {
		t.Errorf("version: %+v", r)
	}
	r = runHabil("--help")
	if r.code != 0 || !strings.Contains(r.stdout, "Usage:") {
		t.Errorf("--help: %+v", r)
	}
	r = runHabil("init", "--name", "Académie", "--siret", "73282932000074")
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "recorded in") {
		t.Errorf("init: %+v", r)
	}
}

func TestExitUnknownFlag(t *testing.T) {
	isolateHabil(t)
	r := runHabil("init", "--nope")
	wantExit(t, r, ExitUsage, "habil: error: unknown flag: --nope")
	if !strings.Contains(r.stderr, "Usage:\n  habil init [flags]") {
		t.Errorf("the usage of init is not printed:\n%s", r.stderr)
	}
	r = runHabil("--nope")
	wantExit(t, r, ExitUsage, "habil: error: unknown flag: --nope")
	if !strings.Contains(r.stderr, "Usage:") {
		t.Errorf("no usage:\n%s", r.stderr)
	}
}

func TestExitBadFlagValue(t *testing.T) {
	isolateHabil(t)
	for _, args := range [][]string{
		{"history", "--limit", "ten"},
		{"demo", "--scale", "x"},
		{"demo", "--at", "31/04/2026"},
	} {
		r := runHabil(args...)
		wantExit(t, r, ExitUsage, "habil: error: ")
		if n := len(stderrLines(r.stderr)); n != 1 {
			t.Errorf("%v: %d lines on stderr, want one:\n%s", args, n, r.stderr)
		}
		if strings.Contains(r.stderr, "Usage:") {
			t.Errorf("%v: a bad value printed the usage", args)
		}
	}
	r := runHabil("init", "--name", "Académie", "--siret", "7328293200007")
	wantExit(t, r, ExitUsage, "habil: error: --siret: SIRET_LENGTH: ")
	if strings.Contains(r.stderr, "Usage:") {
		t.Errorf("a bad SIRET printed the usage:\n%s", r.stderr)
	}
	// The database was not touched by a refused value.
	if _, err := os.Stat(os.Getenv("HABIL_DB")); err == nil {
		t.Error("a usage error created the database")
	}
	r = runHabil("--format", "xml", "version")
	wantExit(t, r, ExitUsage, "habil: error: ")
	if !strings.Contains(r.stderr, "table, json or csv") {
		t.Errorf("--format xml: %s", r.stderr)
	}
}

func TestExitUnknownCommandAndArgs(t *testing.T) {
	isolateHabil(t)
	r := runHabil("nope")
	wantExit(t, r, ExitUsage, `habil: error: unknown command "nope" for "habil"`)
	r = runHabil("doctor", "extra")
	wantExit(t, r, ExitUsage, `habil: error: unexpected argument "extra"`)
	r = runHabil("backup", "--out")
	wantExit(t, r, ExitUsage, "habil: error: flag needs an argument: --out")
}

func TestExitDatabaseFolderCannotBeCreated(t *testing.T) {
	dir := filepath.Dir(isolateHabil(t))
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runHabil("--db", filepath.Join(file, "sub", "habil.db"), "doctor")
	wantExit(t, r, ExitFailure, "habil: error: cannot create the database folder "+filepath.Join(file, "sub"))
	if !strings.Contains(r.stderr, "habil: hint: choose a folder you can write to") {
		t.Errorf("no hint:\n%s", r.stderr)
	}
	// A folder given as the database.
	r = runHabil("--db", dir, "doctor")
	wantExit(t, r, ExitFailure, "habil: error: database path "+dir+" is a folder, not a file")
}

func TestExitNotInitialised(t *testing.T) {
	isolateHabil(t)
	r := runHabil("init")
	wantExit(t, r, ExitFailure, "habil: error: this database has no certifier yet")
	if !strings.Contains(r.stderr, "habil: hint: run 'habil init") {
		t.Errorf("no hint:\n%s", r.stderr)
	}
}

func TestExitBusy(t *testing.T) {
	path := isolateHabil(t)
	t.Setenv("HABIL_BUSY_TIMEOUT", "100ms")
	ctx := context.Background()
	holder, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	tx, err := holder.SQL().BeginTx(ctx, nil) // BEGIN IMMEDIATE: holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()

	r := runHabil("init", "--name", "Académie", "--siret", "73282932000074")
	wantExit(t, r, ExitBusy, "habil: error: the database "+path+" is busy")
	// The hint says how long the other writer may take and the timeout
	// that was waited, and how to raise it.
	if !strings.Contains(r.stderr, "habil: hint: another habil command is writing (a 100,000-row import holds the database for 3 to 10 s)") ||
		!strings.Contains(r.stderr, "try again, or raise busy_timeout (now 100ms") {
		t.Errorf("no hint:\n%s", r.stderr)
	}
	tx.Rollback()
	if r := runHabil("init", "--name", "Académie", "--siret", "73282932000074"); r.code != 0 {
		t.Errorf("after the lock was released: exit %d\n%s", r.code, r.stderr)
	}
}

func TestExitInterrupted(t *testing.T) {
	isolateHabil(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := runHabilCtx(ctx, "init", "--name", "Académie", "--siret", "73282932000074")
	wantExit(t, r, ExitInterrupted, "habil: interrupted")
	if r := runHabil("init"); r.code != ExitFailure {
		t.Errorf("the interrupted init recorded the certifier (init exit %d)", r.code)
	}
}

func TestExitNewerSchema(t *testing.T) {
	path := isolateHabil(t)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	newer := sqlite.LatestVersion() + 1
	if _, err := db.SQL().Exec(fmt.Sprintf("PRAGMA user_version = %d", newer)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(path)

	for _, args := range [][]string{{"doctor"}, {"init"}, {"backup"}, {"init", "--name", "X", "--siret", "73282932000074"}} {
		r := runHabil(args...)
		wantExit(t, r, ExitFailure, fmt.Sprintf("habil: error: database %s has schema version %d, newer than this habil knows (%d)", path, newer, sqlite.LatestVersion()))
		if !strings.Contains(r.stderr, "habil: hint: install the newer habil; nothing was changed") {
			t.Errorf("%v: no hint:\n%s", args, r.stderr)
		}
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the newer database was modified")
	}
}

func TestExitForeignFile(t *testing.T) {
	dir := filepath.Dir(isolateHabil(t))
	path := filepath.Join(dir, "notes.txt")
	content := strings.Repeat("Ceci n'est pas une base de données.\n", 50)
	os.WriteFile(path, []byte(content), 0o644)
	r := runHabil("--db", path, "init", "--name", "X", "--siret", "73282932000074")
	wantExit(t, r, ExitFailure, "habil: error: "+path+" is not a")
	if b, _ := os.ReadFile(path); string(b) != content {
		t.Error("the foreign file was modified")
	}
}

// TestExitWhileWaitingForTheLock: Ctrl-C while another habil holds the
// database ends the wait at once with 130, not after the busy timeout.
func TestExitInterruptedWhileWaiting(t *testing.T) {
	path := isolateHabil(t)
	t.Setenv("HABIL_BUSY_TIMEOUT", "30s")
	ctx := context.Background()
	holder, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	tx, err := holder.SQL().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()

	cctx, cancel := context.WithCancel(ctx)
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	r := runHabilCtx(cctx, "init", "--name", "Académie", "--siret", "73282932000074")
	wantExit(t, r, ExitInterrupted, "habil: interrupted")
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the interrupted command waited %v", d)
	}
}

// TestExitCodeMapping covers the one place that turns errors into exit codes.
func TestExitCodeMapping(t *testing.T) {
	cases := []struct {
		err   error
		code  int
		lines []string
	}{
		{domain.Invalid("SIRET_LENGTH", "bad"), ExitUsage, []string{"habil: error: SIRET_LENGTH: bad"}},
		{domain.NotFound("partner 1 does not exist").WithHint("list them with 'habil partner list'"), ExitFailure,
			[]string{"habil: error: partner 1 does not exist", "habil: hint: list them with 'habil partner list'"}},
		{domain.Conflict("STATUS_FINAL", "final"), ExitFailure, []string{"habil: error: final"}},
		{domain.Errorf(domain.KindRejected, "ROWS", "3 rows rejected; nothing was written"), ExitRejected, []string{"habil: error: 3 rows rejected; nothing was written"}},
		{fmt.Errorf("import: %w", domain.Errorf(domain.KindBusy, "DB_BUSY", "busy")), ExitBusy, []string{"habil: error: import: busy"}},
		{errors.New("disk full"), ExitFailure, []string{"habil: error: disk full"}},
		{errors.New("two\nlines"), ExitFailure, []string{"habil: error: two lines"}},
		{&cmdutil.ExitError{Code: ExitFindings}, ExitFindings, nil},
		{&cmdutil.ExitError{Code: ExitRejected, Msg: "2 rows rejected", Hint: "fix them"}, ExitRejected, []string{"habil: error: 2 rows rejected", "habil: hint: fix them"}},
		{fmt.Errorf("step: %w", context.Canceled), ExitInterrupted, []string{"habil: interrupted; nothing was committed by the interrupted step"}},
		{fmt.Errorf("step: %w", context.DeadlineExceeded), ExitInterrupted, []string{"habil: interrupted; nothing was committed by the interrupted step"}},
		{&domain.Error{Code: "INTERRUPTED", Msg: "interrupted: nothing was written", Err: context.Canceled}, ExitInterrupted, []string{"habil: interrupted: nothing was written"}},
		{&domain.Error{Code: "DB_FULL", Msg: "the disk is full while writing the database /x/habil.db: nothing was written", Hint: "free some space"}, ExitFailure,
			[]string{"habil: error: the disk is full while writing the database /x/habil.db: nothing was written", "habil: hint: free some space"}},
		{cmdutil.FlagValue("at", domain.Invalid("DATE_RANGE", "no such day")), ExitUsage, []string{"habil: error: --at: DATE_RANGE: no such day"}},
		// A domain error is mapped by its kind, whatever its words: these
		// look like cobra's usage messages but are not usage errors.
		{domain.Errorf(domain.KindRejected, "XSD", "the XSD accepts only PAR_ADMISSION or PAR_SCORING"), ExitRejected, []string{"habil: error: the XSD accepts only PAR_ADMISSION or PAR_SCORING"}},
		{domain.Conflict("X", "unknown command in the file: invalid argument"), ExitFailure, []string{"habil: error: unknown command in the file: invalid argument"}},
	}
	for _, c := range cases {
		ios, _, out, errOut := cmdutil.Test()
		got := exitCode(ios, nil, c.err)
		if got != c.code {
			t.Errorf("%v: exit %d, want %d", c.err, got, c.code)
		}
		if out.Len() != 0 {
			t.Errorf("%v: wrote on stdout: %q", c.err, out.String())
		}
		var gotLines []string
		if errOut.Len() > 0 {
			gotLines = stderrLines(errOut.String())
		}
		if strings.Join(gotLines, "\n") != strings.Join(c.lines, "\n") {
			t.Errorf("%v: stderr\n%s\nwant\n%s", c.err, strings.Join(gotLines, "\n"), strings.Join(c.lines, "\n"))
		}
	}
	if exitCode(nil, nil, nil) != ExitOK {
		t.Error("nil error is not 0")
	}
}
