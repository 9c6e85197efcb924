// Package sqlite is habil's store: one SQLite file opened through the pure-Go
// modernc.org/sqlite driver, embedded migrations, transactions and the change
// journal. It speaks domain types.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/habil-app/habil/internal/domain"
	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Actor says who changes data, for the journal.
type Actor struct {
	User    string // OS user
	Command string // command line
}

// Options tune Open.
type Options struct {
	// BusyTimeout is how long a writer waits for another one (default 5 s).
	BusyTimeout time.Duration
	// JournalMode is WAL (default) or DELETE (for network drives).
	JournalMode string
	// ReadOnly opens the file without creating or migrating it.
	ReadOnly bool
	// Now is the clock used for journal timestamps (default time.Now).
	Now func() time.Time
	// Actor is recorded in the journal.
	Actor Actor
	// OnBackup is called with the path of the backup taken before a migration.
	OnBackup func(path string)
}

// DB is an open habil database.
type DB struct {
	sql   *sql.DB
	path  string
	now   func() time.Time
	actor Actor
}

// Path returns the database file path.
func (db *DB) Path() string { return db.path }

// Now returns the journal clock.
func (db *DB) Now() time.Time { return db.now() }

// SQL exposes the handle for read queries in this package's tests.
func (db *DB) SQL() *sql.DB { return db.sql }

func dsn(path string, o Options) string {
	q := url.Values{}
	prag := []string{
		"foreign_keys(1)",
		fmt.Sprintf("busy_timeout(%d)", o.BusyTimeout.Milliseconds()),
		"synchronous(NORMAL)",
		"cache_size(-8000)", // 8 MB: imports write in batches of multi-row INSERTs, most pages once
		"secure_delete(1)",
	}
	if o.JournalMode == "WAL" {
		// A local file: reads of a large register map it rather than copy
		// every page into the cache (which closing would then free page by
		// page). Not on network drives (journal_mode DELETE).
		prag = append(prag, "mmap_size(268435456)")
	}
	if !o.ReadOnly {
		prag = append(prag, "journal_mode("+o.JournalMode+")")
	} else {
		q.Set("mode", "ro")
	}
	for _, p := range prag {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}
	if !strings.HasPrefix(u.Path, "/") { // Windows "C:/…"
		u.Path = "/" + u.Path
	}
	return u.String()
}

// Open opens (creating and migrating when needed) the database at path. The
// file and its folder are created with modes 0600 and 0700.
func Open(ctx context.Context, path string, o Options) (*DB, error) {
	if o.BusyTimeout == 0 {
		o.BusyTimeout = 5 * time.Second
	}
	if o.JournalMode == "" {
		o.JournalMode = "WAL"
	}
	o.JournalMode = strings.ToUpper(o.JournalMode)
	if o.JournalMode != "WAL" && o.JournalMode != "DELETE" {
		return nil, domain.Invalid("CONFIG", "journal_mode %q is not supported: use WAL or DELETE", o.JournalMode)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(abs); err == nil && st.IsDir() {
		return nil, domain.Errorf(domain.KindInternal, "DB_PATH", "database path %s is a folder, not a file", abs).
			WithHint("give a file name, e.g. --db %s", filepath.Join(abs, "habil.db"))
	}
	if o.ReadOnly {
		if _, err := os.Stat(abs); err != nil {
			return nil, domain.Errorf(domain.KindNotFound, "DB_MISSING", "database %s does not exist", abs).
				WithHint("create it with 'habil init --name … --siret …', or give the right --db")
		}
	} else {
		if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
			return nil, domain.Errorf(domain.KindInternal, "DB_PATH", "cannot create the database folder %s: %v", filepath.Dir(abs), unwrapPathErr(err)).
				WithHint("choose a folder you can write to with --db or HABIL_DB")
		}
		// Look at an existing file before opening it for writing: opening
		// sets WAL mode, which would already change a foreign file.
		if err := probe(ctx, abs); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, domain.Errorf(domain.KindInternal, "DB_PATH", "cannot open the database %s: %v", abs, unwrapPathErr(err)).
				WithHint("check the folder's permissions, or choose another path with --db")
		}
		st, _ := f.Stat()
		f.Close()
		if st != nil && st.Size() == 0 {
			if err := initPages(ctx, abs); err != nil {
				return nil, err
			}
		}
	}
	h, err := sql.Open("sqlite", dsn(abs, o))
	if err != nil {
		return nil, err
	}
	h.SetMaxOpenConns(4)
	db := &DB{sql: h, path: abs, now: o.Now, actor: o.Actor}
	if err := h.PingContext(ctx); err != nil {
		h.Close()
		return nil, db.wrap(err, "open")
	}
	if err := db.checkHeader(ctx); err != nil {
		h.Close()
		return nil, err
	}
	if !o.ReadOnly {
		if err := db.migrate(ctx, o.OnBackup); err != nil {
			h.Close()
			return nil, err
		}
	} else if v, err := db.SchemaVersion(ctx); err == nil && v > LatestVersion() {
		h.Close()
		return nil, newerSchemaErr(abs, v)
	}
	return db, nil
}

// pageSize is the page size of a new database: 16 KB pages make a quarter
// of the writes (and system calls) of 4 KB pages for a large import, for
// a few hundred KB more on a small database.
const pageSize = 16384

// initPages writes the header of a new, empty database file with pageSize
// pages: the size can only be chosen before the first page is written,
// and opening with the usual DSN sets WAL mode first, which writes it.
func initPages(ctx context.Context, path string) error {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	h, err := sql.Open("sqlite", u.String())
	if err != nil {
		return err
	}
	defer h.Close()
	if _, err := h.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d", pageSize)); err != nil {
		return err
	}
	_, err = h.ExecContext(ctx, "VACUUM")
	return err
}

// probe refuses, without writing a byte, a file that is not an SQLite
// database, another application's database, or a newer habil's.
func probe(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // missing: it will be created; unreadable: reported by the open
	}
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	f.Close()
	if n == 0 {
		return nil // empty file: a new database
	}
	if string(head[:n]) != "SQLite format 3\x00" {
		return domain.Errorf(domain.KindInternal, "DB_NOT_SQLITE", "%s is not a habil database (not an SQLite file)", path).
			WithHint("check the --db path; habil never overwrites a foreign file")
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: "mode=ro"}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	h, err := sql.Open("sqlite", u.String())
	if err != nil {
		return err
	}
	defer h.Close()
	var version, tables int
	if err := h.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return nil // let the normal open report it
	}
	if err := h.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
		return nil
	}
	switch {
	case version > LatestVersion():
		return newerSchemaErr(path, version)
	case version == 0 && tables > 0:
		return domain.Errorf(domain.KindInternal, "DB_FOREIGN", "%s is an SQLite database of another application, not a habil database", path).
			WithHint("check the --db path; habil never writes into a foreign database")
	}
	return nil
}

func fileExists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkHeader refuses a file that is not an SQLite database.
func (db *DB) checkHeader(ctx context.Context) error {
	var n int
	if err := db.sql.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		if isNotADB(err) {
			return domain.Errorf(domain.KindInternal, "DB_NOT_SQLITE", "%s is not a habil database (not an SQLite file)", db.path).
				WithHint("check the --db path; habil never overwrites a foreign file")
		}
		return db.wrap(err, "open")
	}
	return nil
}

// Close closes the database (checkpointing the WAL).
func (db *DB) Close() error { return db.sql.Close() }

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() []migration {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		panic(err)
	}
	var out []migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic("sqlite: bad migration name " + name)
		}
		b, err := migrationFS.ReadFile("migrations/" + name)
		if err != nil {
			panic(err)
		}
		out = append(out, migration{v, name, string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out
}

// LatestVersion is the schema version this binary knows.
func LatestVersion() int {
	m := migrations()
	return m[len(m)-1].version
}

// SchemaVersion reads PRAGMA user_version.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, db.wrap(err, "read schema version")
}

func newerSchemaErr(path string, v int) error {
	return domain.Errorf(domain.KindConflict, "DB_NEWER", "database %s has schema version %d, newer than this habil knows (%d): it was written by a newer habil", path, v, LatestVersion()).
		WithHint("install the newer habil; nothing was changed")
}

func (db *DB) migrate(ctx context.Context, onBackup func(string)) error {
	cur, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	latest := LatestVersion()
	if cur > latest {
		return newerSchemaErr(db.path, cur)
	}
	if cur == latest {
		return nil
	}
	if cur == 0 {
		// Schema version 0 with tables: another application's database.
		var n int
		if err := db.sql.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
			return db.wrap(err, "open")
		}
		if n > 0 {
			return domain.Errorf(domain.KindInternal, "DB_FOREIGN", "%s is an SQLite database of another application, not a habil database", db.path).
				WithHint("check the --db path; habil never writes into a foreign database")
		}
	}
	if cur > 0 {
		stamp := db.now().UTC().Format("20060102-150405")
		base := fmt.Sprintf("%s.pre-v%d-%s", strings.TrimSuffix(db.path, filepath.Ext(db.path)), latest, stamp)
		bak := base + ".bak"
		for i := 2; fileExists(bak); i++ { // two upgrades in the same second
			bak = fmt.Sprintf("%s-%d.bak", base, i)
		}
		if err := db.BackupTo(ctx, bak); err != nil {
			return fmt.Errorf("backup before migrating: %w", err)
		}
		if onBackup != nil {
			onBackup(bak)
		}
	}
	// All pending migrations run in one transaction: an upgrade is complete
	// or nothing changes.
	err = db.rawTx(ctx, func(tx *sql.Tx) error {
		for _, m := range migrations() {
			if m.version <= cur {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if domain.KindOf(db.wrap(err, "")) == domain.KindBusy {
			return db.wrap(err, "")
		}
		return &domain.Error{Kind: domain.KindInternal, Code: "DB_MIGRATE",
			Msg:  fmt.Sprintf("cannot upgrade %s from schema version %d to %d: %v; nothing was changed", db.path, cur, latest, err),
			Hint: "this is a bug in habil or a damaged database: run 'habil doctor' and report it with 'habil version'", Err: err}
	}
	return nil
}

func (db *DB) rawTx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Tx is a write transaction. Every change made through it is journaled in it.
type Tx struct {
	*sql.Tx
	db  *DB
	ctx context.Context
	// certs memoises certifications read by the habilitation rules during a
	// large import (cleared by SaveCertification).
	certs map[domain.CertCode]*domain.Certification
	// stmts caches the transaction's prepared statements: an import runs the
	// same few queries for every row, and preparing dominates their cost.
	stmts map[string]*sql.Stmt
}

func (tx *Tx) stmt(q string) (*sql.Stmt, error) {
	if s, ok := tx.stmts[q]; ok {
		return s, nil
	}
	s, err := tx.Tx.PrepareContext(tx.ctx, q)
	if err != nil {
		return nil, err
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[q] = s
	return s, nil
}

// QueryContext runs a query through the statement cache.
func (tx *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	s, err := tx.stmt(q)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// QueryRowContext runs a one-row query through the statement cache.
func (tx *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	s, err := tx.stmt(q)
	if err != nil {
		return tx.Tx.QueryRowContext(ctx, q, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// ExecContext runs one statement through the statement cache (a single
// statement: the cache prepares only the first of several).
func (tx *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	s, err := tx.stmt(q)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

// Ctx returns the transaction's context.
func (tx *Tx) Ctx() context.Context { return tx.ctx }

// Now returns the journal clock.
func (tx *Tx) Now() time.Time { return tx.db.now() }

// WithTx runs fn in one immediate transaction; it commits when fn returns nil
// and rolls back otherwise (also on panic).
func (db *DB) WithTx(ctx context.Context, fn func(*Tx) error) error {
	err := db.rawTx(ctx, func(t *sql.Tx) error { return fn(&Tx{Tx: t, db: db, ctx: ctx}) })
	return db.wrap(err, "")
}

// Journal appends one entry to the change journal. before and after are
// marshalled to JSON (nil gives SQL NULL).
func (tx *Tx) Journal(action, entity, id string, before, after any) error {
	enc := func(v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		if string(b) == "null" {
			return nil, nil
		}
		return string(b), nil
	}
	b, err := enc(before)
	if err != nil {
		return err
	}
	a, err := enc(after)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(tx.ctx, `INSERT INTO journal(at, user, command, action, entity, entity_id, before, after)
		VALUES (?,?,?,?,?,?,?,?)`, tx.db.now().UTC().Format(time.RFC3339), tx.db.actor.User, tx.db.actor.Command,
		action, entity, id, b, a)
	return err
}

// wrap maps driver errors to domain errors (busy → KindBusy).
func (db *DB) wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return &domain.Error{Kind: domain.KindBusy, Code: "DB_BUSY",
				Msg:  fmt.Sprintf("the database %s is busy: another habil is writing to it", db.path),
				Hint: "try again in a moment (nightly jobs may retry on exit code 5)", Err: err}
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM:
			return &domain.Error{Kind: domain.KindInternal, Code: "DB_READONLY",
				Msg:  fmt.Sprintf("cannot write the database %s: %s", db.path, writeReason(db.path, se)),
				Hint: "check the permissions of the file and its folder", Err: err}
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return &domain.Error{Kind: domain.KindInternal, Code: "DB_CORRUPT",
				Msg:  fmt.Sprintf("%s is not a valid habil database (%s)", db.path, codeText(se)),
				Hint: "check the --db path (habil never overwrites a foreign file), or restore a backup", Err: err}
		}
	}
	if what != "" {
		return fmt.Errorf("%s: %w", what, err)
	}
	return err
}

func isNotADB(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code() & 0xff
		return c == sqlite3.SQLITE_NOTADB || c == sqlite3.SQLITE_CORRUPT
	}
	return false
}
