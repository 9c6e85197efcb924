package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/sqlite"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Factory gives commands lazy access to configuration and the database, so
// that help, version and completion never touch either.
type Factory struct {
	IOStreams *IOStreams
	Args      []string // command line, for the journal

	// Global flag values (set by the root command).
	DBFlag     string
	ConfigFlag string
	Format     string

	Getenv func(string) string

	cfg          *app.Config
	lowMemory    bool   // see ReadAppWhole
	restoreLimit func() // undoes ReadAppWhole's memory limit
	db           *sqlite.DB
	app          *app.App
	flags        *pflag.FlagSet
	// released undoes this command's atomicfile.Protect calls.
	released []func()
}

// protect registers the database with atomicfile for this command.
func (f *Factory) protect(path string) {
	f.released = append(f.released, atomicfile.Protect(path))
}

// NewFactory returns a Factory over the given streams.
func NewFactory(ios *IOStreams, args []string) *Factory {
	return &Factory{IOStreams: ios, Args: args, Getenv: os.Getenv}
}

// BindFlags remembers the root's persistent flags so that config can honour them.
func (f *Factory) BindFlags(fs *pflag.FlagSet) { f.flags = fs }

// Now is the clock: SOURCE_DATE_EPOCH when set (reproducible output), else the real time.
func (f *Factory) Now() time.Time {
	if s := f.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Now()
}

// Today is the civil date of Now in local time.
func (f *Factory) Today() domain.Date { return domain.DateOf(f.Now().Local()) }

// Config loads and validates the configuration once: a bad value of any
// key is a usage error (exit 2) naming the key, whatever the command.
func (f *Factory) Config() (*app.Config, error) {
	if f.cfg != nil {
		return f.cfg, nil
	}
	v := viper.New()
	v.SetEnvPrefix("HABIL")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	v.AutomaticEnv()
	// No viper defaults: app.LoadConfig applies them, so that IsSet tells
	// a given value from a default.
	for _, k := range app.Keys() {
		_ = v.BindEnv(k.Name)
	}
	if f.flags != nil {
		if fl := f.flags.Lookup("db"); fl != nil {
			_ = v.BindPFlag("db", fl)
		}
		if fl := f.flags.Lookup("busy-timeout"); fl != nil {
			_ = v.BindPFlag("busy_timeout", fl)
		}
	}
	path := f.ConfigFlag
	explicit := path != ""
	if !explicit {
		path = f.Getenv("HABIL_CONFIG")
		explicit = path != ""
	}
	if !explicit {
		if dir, err := os.UserConfigDir(); err == nil {
			path = filepath.Join(dir, "habil", "config.yaml")
		}
	}
	if path != "" {
		v.SetConfigFile(path)
		v.SetConfigType("yaml")
		if err := v.ReadInConfig(); err != nil {
			var pe *fs.PathError
			missing := errors.As(err, &pe) && errors.Is(pe.Err, fs.ErrNotExist)
			if !missing || explicit {
				return nil, &domain.Error{Kind: domain.KindInvalid, Code: "CONFIG",
					Msg:  fmt.Sprintf("cannot read the config file %s: %v", path, trimViper(err)),
					Hint: "fix the YAML (keys are listed in 'habil help config'), or remove --config"}
			}
		}
	}
	read := ""
	if v.ConfigFileUsed() != "" {
		if _, err := os.Stat(path); err == nil {
			read = path
		}
	}
	cfg, err := app.LoadConfig(read, func(key string) (string, bool) {
		if !v.IsSet(key) {
			return "", false
		}
		return v.GetString(key), true
	})
	if err != nil {
		return nil, err
	}
	cfg.FromEnv = map[string]bool{}
	for _, k := range app.Keys() {
		if f.Getenv(k.Env()) != "" {
			cfg.FromEnv[k.Name] = true
		}
	}
	f.cfg = &cfg
	return f.cfg, nil
}

func trimViper(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// DBPath resolves the database path: --db, HABIL_DB, config "db", default.
func (f *Factory) DBPath() (string, error) {
	cfg, err := f.Config()
	if err != nil {
		return "", err
	}
	if p := cfg.DB; p != "" {
		return expandHome(p), nil
	}
	return DefaultDBPath()
}

func expandHome(p string) string {
	if strings.HasPrefix(p, "~/") {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, p[2:])
		}
	}
	return p
}

// DefaultDBPath is <user data dir>/habil/habil.db.
func DefaultDBPath() (string, error) {
	var base string
	switch runtime.GOOS {
	case "windows":
		base = os.Getenv("LOCALAPPDATA")
	case "darwin":
		if h, err := os.UserHomeDir(); err == nil {
			base = filepath.Join(h, "Library", "Application Support")
		}
	default:
		base = os.Getenv("XDG_DATA_HOME")
		if base == "" {
			if h, err := os.UserHomeDir(); err == nil {
				base = filepath.Join(h, ".local", "share")
			}
		}
	}
	if base == "" {
		return "", domain.Errorf(domain.KindInvalid, "DB_PATH", "cannot find a data folder for the database").
			WithHint("give --db PATH or set HABIL_DB")
	}
	return filepath.Join(base, "habil", "habil.db"), nil
}

// DB opens the database once (creating and migrating it when needed).
func (f *Factory) DB(ctx context.Context) (*sqlite.DB, error) { return f.openDB(ctx, false) }

// openDB opens the database once; readOnly opens it without creating,
// migrating or writing anything.
func (f *Factory) openDB(ctx context.Context, readOnly bool) (*sqlite.DB, error) {
	if f.db != nil {
		return f.db, nil
	}
	path, err := f.DBPath()
	if err != nil {
		return nil, err
	}
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	busy := cfg.BusyTimeout
	if busy <= 0 {
		busy = time.Millisecond // busy_timeout 0: do not wait (0 would mean the default)
	}
	db, err := sqlite.Open(ctx, path, sqlite.Options{
		ReadOnly:    readOnly,
		BusyTimeout: busy,
		JournalMode: cfg.JournalMode,
		Now:         f.Now,
		Actor:       sqlite.Actor{User: osUser(), Command: commandLine(f.Args)},
		KeepBackups: cfg.BackupKeep,
		LowMemory:   f.lowMemory,
		OnBackup: func(p string) {
			fmt.Fprintf(f.IOStreams.ErrOut, "habil: the database schema was upgraded to version %d; a verified backup of the previous file was written to %s\n", sqlite.LatestVersion(), p)
		},
	})
	if err != nil {
		return nil, err
	}
	f.db = db
	f.protect(path) // no --out of this process may replace it
	return db, nil
}

// App returns the application layer over the database (opened, created or
// migrated on first use) and the configuration.
func (f *Factory) App(ctx context.Context) (*app.App, error) { return f.openApp(ctx, false) }

func (f *Factory) openApp(ctx context.Context, readOnly bool) (*app.App, error) {
	if f.app != nil {
		return f.app, nil
	}
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	db, err := f.openDB(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	f.app = app.New(db, *cfg, f.Now)
	return f.app, nil
}

// ReadApp is App for the commands that only read (list, show, check,
// report, history, export, doctor, backup, pdf): on a database file that
// does not exist it fails (exit 1, naming the path) and creates nothing,
// so that a mistyped --db in a nightly script is an error, not an empty
// network. A database this user cannot write (mode 0400, a read-only
// folder or file system) is opened read-only: it is read as it is,
// nothing is created or migrated beside it.
func (f *Factory) ReadApp(ctx context.Context) (*app.App, error) { return f.ReadAppFor(ctx, "") }

// ReadAppFor is ReadApp whose error about a missing database ends with
// why (e.g. "there is nothing to check").
func (f *Factory) ReadAppFor(ctx context.Context, why string) (*app.App, error) {
	if f.app == nil {
		path, err := f.DBPath()
		if err != nil {
			return nil, err
		}
		_, statErr := os.Stat(path)
		if errors.Is(statErr, fs.ErrNotExist) {
			msg := fmt.Sprintf("the database %s does not exist", path)
			if why != "" {
				msg += ": " + why
			}
			return nil, domain.NotFound("%s", msg).
				WithHint("give the database with --db PATH or HABIL_DB; 'habil init' creates one")
		}
		if statErr == nil && !sqlite.Writable(path) {
			return f.openApp(ctx, true)
		}
	}
	return f.App(ctx)
}

// WholeReadMemoryLimit is the soft limit of the Go heap for the commands
// that read most of the database once (ReadAppWhole), unless GOMEMLIMIT
// is set: past it the garbage collector runs more often rather than let
// the heap double. With the database read through a small page cache, it
// keeps 'report all' under 200 MB of resident memory for 50,000
// candidates (BENCHMARKS.md) for about a third more CPU time.
const WholeReadMemoryLimit = 144 << 20

// ReadAppWhole is ReadAppFor for the commands that read most of the
// database once (check, report all, report network, the statistics): the
// file is read through a small page cache rather than mapped
// (sqlite.Options.LowMemory) and the heap gets a soft limit
// (WholeReadMemoryLimit), so that a large register does not stay in
// memory. A nightly run sits beside other programs.
func (f *Factory) ReadAppWhole(ctx context.Context, why string) (*app.App, error) {
	if f.app == nil {
		f.lowMemory = true
		if f.Getenv("GOMEMLIMIT") == "" && f.restoreLimit == nil {
			prev := debug.SetMemoryLimit(WholeReadMemoryLimit)
			f.restoreLimit = func() { debug.SetMemoryLimit(prev) }
		}
	}
	return f.ReadAppFor(ctx, why)
}

// Close closes the database if it was opened.
func (f *Factory) Close() error {
	for _, release := range f.released {
		release() // the command is over (the demo runs several in one process)
	}
	f.released = nil
	if f.restoreLimit != nil {
		f.restoreLimit() // the demo runs other commands after a report
		f.restoreLimit = nil
	}
	if f.db != nil {
		err := f.db.Close()
		f.db, f.lowMemory = nil, false
		return err
	}
	return nil
}

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "unknown"
}

func commandLine(args []string) string {
	parts := []string{"habil"}
	for _, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\"'") {
			a = strconv.Quote(a)
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}
