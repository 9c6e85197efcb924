package cmdutil

import (
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/habil-app/habil/internal/sqlite"
)

// The commands that read the whole database (check, reports) open it
// without mapping it and with a soft heap limit, which Close takes back
// (the demo runs other commands in the same process); GOMEMLIMIT, when
// set, is the user's and left alone.
func TestReadAppWholeLimitsMemory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "habil.db")
	db, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HABIL_DB", path)
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)

	for _, userLimit := range []string{"", "1GiB"} {
		ios, _, _, _ := Test()
		f := NewFactory(ios, nil)
		f.Getenv = func(k string) string {
			if k == "GOMEMLIMIT" {
				return userLimit
			}
			return os.Getenv(k)
		}
		if _, err := f.ReadAppWhole(ctx, "test"); err != nil {
			t.Fatal(err)
		}
		want := int64(WholeReadMemoryLimit)
		if userLimit != "" {
			want = before
		}
		if got := debug.SetMemoryLimit(-1); got != want {
			t.Errorf("GOMEMLIMIT=%q: heap limit %d, want %d", userLimit, got, want)
		}
		sdb, err := f.DB(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if sdb.Path() != path {
			t.Fatalf("opened %s, want the test's %s", sdb.Path(), path)
		}
		var mmap, cache int64
		if err := sdb.SQL().QueryRowContext(ctx, "PRAGMA mmap_size").Scan(&mmap); err != nil {
			t.Fatal(err)
		}
		if err := sdb.SQL().QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
			t.Fatal(err)
		}
		if mmap != 0 || cache != -2000 {
			t.Errorf("mmap_size %d, cache_size %d: want 0 and -2000 (2 MB)", mmap, cache)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		if got := debug.SetMemoryLimit(-1); got != before {
			t.Errorf("after Close: heap limit %d, want %d back", got, before)
		}
	}

	// Other commands keep the mapped file and the larger cache.
	ios, _, _, _ := Test()
	f := NewFactory(ios, nil)
	defer f.Close()
	if _, err := f.ReadApp(ctx); err != nil {
		t.Fatal(err)
	}
	sdb, _ := f.DB(ctx)
	var mmap int64
	if err := sdb.SQL().QueryRowContext(ctx, "PRAGMA mmap_size").Scan(&mmap); err != nil {
		t.Fatal(err)
	}
	if mmap == 0 || debug.SetMemoryLimit(-1) != before {
		t.Errorf("ReadApp: mmap_size %d (want mapped), heap limit changed", mmap)
	}
}
