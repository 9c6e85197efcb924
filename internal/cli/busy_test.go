package cli

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/sqlite"
)

// holdWriteLock opens the database at path and takes its write lock
// (BEGIN IMMEDIATE), as another habil writing would; release ends it.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	ctx := context.Background()
	holder, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := holder.SQL().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			tx.Rollback()
			holder.Close()
		})
	}
	t.Cleanup(release)
	return release
}

// TestBusyTimeoutConfigurable: a held write lock gives exit 5 with a hint
// that says how long the other writer may take and the timeout waited;
// with a longer busy_timeout — flag, environment or config file — the
// second writer waits and succeeds.
func TestBusyTimeoutConfigurable(t *testing.T) {
	path := isolateHabil(t)
	init := []string{"init", "--name", "Académie", "--siret", "73282932000074"}

	release := holdWriteLock(t, path)
	r := runHabil(append([]string{"--busy-timeout", "150ms"}, init...)...)
	wantExit(t, r, ExitBusy, "habil: error: the database "+path+" is busy")
	if !strings.Contains(r.stderr, "habil: hint: another habil command is writing (a 100,000-row import holds the database for 3 to 10 s); try again, or raise busy_timeout (now 150ms") {
		t.Errorf("hint:\n%s", r.stderr)
	}
	release()

	cases := []struct {
		name  string
		setup func(t *testing.T) []string // extra arguments
	}{
		{"flag", func(t *testing.T) []string {
			t.Setenv("HABIL_BUSY_TIMEOUT", "100ms") // the flag wins over the environment
			return []string{"--busy-timeout", "20s"}
		}},
		{"env", func(t *testing.T) []string {
			t.Setenv("HABIL_BUSY_TIMEOUT", "20s")
			return nil
		}},
		{"config", func(t *testing.T) []string {
			cfg := filepath.Join(t.TempDir(), "config.yaml")
			os.WriteFile(cfg, []byte("busy_timeout: 20s\n"), 0o600)
			return []string{"--config", cfg}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := isolateHabil(t)
			extra := c.setup(t)
			release := holdWriteLock(t, path)
			time.AfterFunc(600*time.Millisecond, release)
			start := time.Now()
			r := runHabil(append(extra, init...)...)
			if r.code != 0 {
				t.Fatalf("the second writer did not wait: exit %d\n%s", r.code, r.stderr)
			}
			if d := time.Since(start); d < 500*time.Millisecond {
				t.Errorf("done in %v although the lock was held 600ms", d)
			}
			db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var name string
			if err := db.QueryRow("SELECT name FROM certifier").Scan(&name); err != nil || name != "Académie" {
				t.Errorf("certifier after waiting: %q, %v", name, err)
			}
		})
	}

	// A malformed value is a usage error naming the key.
	r = runHabil(append([]string{"--busy-timeout", "long"}, init...)...)
	wantExit(t, r, ExitUsage, `habil: error: CONFIG: busy_timeout is "long": it must be a duration`)
}

// TestConcurrentCommandsOnNewDatabase: eight habil processes running a
// writing command on one database that does not exist yet all succeed
// (the issue measured 44 failures in 80: "table certifier already
// exists", "SQLite database of another application").
func TestConcurrentCommandsOnNewDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 24 processes")
	}
	u := newUnprivileged(t)
	for round := 0; round < 3; round++ {
		dir := u.mkdir(fmt.Sprintf("round%d", round))
		db := filepath.Join(dir, "habil.db")
		var wg sync.WaitGroup
		results := make([]runResult, 8)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = u.run("--db", db, "--busy-timeout", "30s", "init", "--name", "Académie", "--siret", "73282932000074")
			}()
		}
		wg.Wait()
		for i, r := range results {
			if r.code != 0 {
				t.Errorf("round %d, process %d: exit %d\n%s", round, i, r.code, r.stderr)
			}
		}
		if r := u.mustRun("--db", db, "doctor"); !strings.Contains(r.stderr, "The database is healthy.") {
			t.Errorf("round %d: doctor:\n%s", round, r.stderr)
		}
	}
}
