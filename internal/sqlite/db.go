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
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
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
	// KeepBackups is how many automatic backups (before a migration or a
	// purge) are kept beside the database; older ones are removed after
	// each new one. 0 keeps them all.
	KeepBackups int
	// LowMemory is for the commands that read most of the database once
	// (check, reports): the file is read through a 2 MB page cache
	// instead of being mapped, since every mapped page read stays in the
	// process's resident memory (about 100 MB of a 140 MB database for
	// report all) and a larger cache gains nothing on a single pass.
	LowMemory bool
}

// DB is an open habil database.
type DB struct {
	sql   *sql.DB
	path  string
	now   func() time.Time
	actor Actor
	fault *fault        // a test's injected store failure (InjectFault)
	busy  time.Duration // busy timeout, for the exit-5 hint
	keep  int           // automatic backups kept (Options.KeepBackups)
}

// Path returns the database file path.
func (db *DB) Path() string { return db.path }

// Now returns the journal clock.
func (db *DB) Now() time.Time { return db.now() }

// SQL exposes the handle for read queries in this package's tests.
func (db *DB) SQL() *sql.DB { return db.sql }

// cacheSize is SQLite's page cache: 8 MB, 2 MB for LowMemory.
func cacheSize(o Options) string {
	if o.LowMemory {
		return "cache_size(-2000)"
	}
	return "cache_size(-8000)"
}

func dsn(path string, o Options) string {
	q := url.Values{}
	prag := []string{
		"foreign_keys(1)",
		fmt.Sprintf("busy_timeout(%d)", o.BusyTimeout.Milliseconds()),
		"synchronous(NORMAL)",
		cacheSize(o), // imports write in batches of multi-row INSERTs, most pages once
		"secure_delete(1)",
	}
	if o.JournalMode == "WAL" && !o.LowMemory {
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
//
// A file that is not habil's (see probe) is refused before anything is
// written to it. With ReadOnly, nothing is created or migrated: the file
// is opened read-only (see openReadOnly); otherwise the schema is brought
// up to date under one write lock (see migrate).
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
		return openReadOnly(ctx, abs, o)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, domain.Errorf(domain.KindInternal, "DB_PATH", "cannot create the database folder %s: %v", filepath.Dir(abs), unwrapPathErr(err)).
			WithHint("choose a folder you can write to with --db or HABIL_DB")
	}
	// Look at an existing file before opening it for writing: opening
	// sets WAL mode, which would already change a foreign file.
	if err := probe(ctx, abs, o.BusyTimeout); err != nil {
		return nil, err
	}
	if err := checkWritable(abs); err != nil {
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
		if err := initPages(ctx, abs, o.BusyTimeout); err != nil {
			return nil, (&DB{path: abs, busy: o.BusyTimeout}).wrap(err, "create the database "+abs)
		}
	}
	h, err := sql.Open("sqlite", dsn(abs, o))
	if err != nil {
		return nil, err
	}
	h.SetMaxOpenConns(4)
	db := &DB{sql: h, path: abs, now: o.Now, actor: o.Actor, busy: o.BusyTimeout, keep: o.KeepBackups}
	if err := pingWaiting(ctx, h, o.BusyTimeout); err != nil {
		h.Close()
		return nil, db.wrap(err, "open")
	}
	if err := db.checkHeader(ctx); err != nil {
		h.Close()
		return nil, err
	}
	if err := db.migrate(ctx, o.OnBackup); err != nil {
		h.Close()
		return nil, err
	}
	return db, nil
}

// pingWaiting opens the first connection, which applies the DSN's pragmas.
// Switching a new file to WAL needs it to itself for an instant, and SQLite
// answers SQLITE_BUSY at once, without its busy handler, to a process that
// opens it meanwhile (seen when several habil processes create one file at
// once): such a busy is retried until the busy timeout, like any other.
func pingWaiting(ctx context.Context, h *sql.DB, busy time.Duration) error {
	deadline := time.Now().Add(busy)
	for {
		err := h.PingContext(ctx)
		var se *sqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// pageSize is the page size of a new database: 16 KB pages make a quarter
// of the writes (and system calls) of 4 KB pages for a large import, for
// a few hundred KB more on a small database.
const pageSize = 16384

// initPages writes the header of a new, empty database file with pageSize
// pages: the size can only be chosen before the first page is written,
// and opening with the usual DSN sets WAL mode first, which writes it.
// Several habil processes may create one file at once: each waits for
// the others (busy timeout), and leaves a file another one already set up
// as it is.
func initPages(ctx context.Context, path string, busy time.Duration) error {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	h, err := sql.Open("sqlite", u.String())
	if err != nil {
		return err
	}
	defer h.Close()
	conn, err := h.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// Another process may have created the schema since the file was
	// seen empty: leave it as it is.
	var pages int
	if err := conn.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil || pages > 0 {
		return err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d", pageSize)); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "VACUUM")
	return err
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
//
// A Tx is all or nothing even when the store fails half-way: at its first
// store error (the disk full, an I/O error, out of memory, a damaged file,
// a cancelled statement) it is poisoned. SQLite may already have rolled
// the transaction back by itself (it does on SQLITE_FULL, SQLITE_IOERR,
// SQLITE_NOMEM…), and any later statement would then run outside a
// transaction and commit on its own: so every later call returns that
// first error without touching the database, the transaction is rolled
// back at once, and WithTx returns the error whatever fn returns. A
// rollback SQLite makes by itself, whichever statement it came from (a
// row read as well as a write), poisons the Tx the same way, and refuses
// any commit on the connection until WithTx ends (see txGuard).
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
	// guard sees SQLite's own rollbacks on the transaction's connection.
	guard *txGuard
	// failed is the first store error: the transaction is over.
	failed error
}

// txGuard watches one connection while a write transaction runs on it,
// through SQLite's rollback and commit hooks: once the transaction is
// rolled back (by SQLite after an error, or by anyone), over is set, and
// any commit on the connection is refused (turned into a rollback), so
// that no statement run after the rollback can commit on its own.
type txGuard struct{ over atomic.Bool }

func (g *txGuard) rolledBack() { g.over.Store(true) }

func (g *txGuard) commit() int32 {
	if g.over.Load() {
		return 1 // non-zero: SQLite turns the COMMIT into a ROLLBACK
	}
	return 0
}

// hooker is the part of the modernc driver connection the guard uses.
type hooker interface {
	RegisterCommitHook(sqlite.CommitHookFn)
	RegisterRollbackHook(sqlite.RollbackHookFn)
}

// errRolledBack is the error of a transaction SQLite rolled back by itself
// when the statement that failed did not go through the Tx's methods.
var errRolledBack = errors.New("the database rolled the transaction back after an error")

// usable returns the error that poisoned the transaction, if any: nothing
// may run on it once it is set.
func (tx *Tx) usable() error {
	if tx.failed == nil && tx.guard != nil && tx.guard.over.Load() {
		if err := tx.ctx.Err(); err != nil {
			tx.fail(err) // database/sql rolls back a cancelled transaction
		} else {
			tx.fail(errRolledBack)
		}
	}
	return tx.failed
}

// fail poisons the transaction with err (its first store error) and rolls
// it back at once: every later call through database/sql then fails with
// sql.ErrTxDone without reaching SQLite. It returns err.
func (tx *Tx) fail(err error) error {
	if err == nil {
		return nil
	}
	if tx.failed == nil {
		tx.failed = err
		tx.Tx.Rollback() // over already when SQLite rolled back by itself
	}
	return err
}

func (tx *Tx) stmt(q string) (*sql.Stmt, error) {
	if err := tx.usable(); err != nil {
		return nil, err
	}
	if s, ok := tx.stmts[q]; ok {
		return s, nil
	}
	s, err := tx.Tx.PrepareContext(tx.ctx, q)
	if err != nil {
		return nil, tx.fail(err)
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
	rows, err := s.QueryContext(ctx, args...)
	return rows, tx.fail(err)
}

// QueryRowContext runs a one-row query through the statement cache. Once
// the transaction is poisoned, the row's Scan fails (sql.ErrTxDone) without
// reaching SQLite.
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
	if err := tx.db.fault.hit(tx); err != nil {
		return nil, tx.fail(err)
	}
	res, err := s.ExecContext(ctx, args...)
	return res, tx.fail(err)
}

// execOnce runs a statement that is not worth caching (DDL) on the
// transaction, with the same poisoning as ExecContext.
func (tx *Tx) execOnce(q string) error {
	if err := tx.usable(); err != nil {
		return err
	}
	_, err := tx.Tx.ExecContext(tx.ctx, q)
	return tx.fail(err)
}

// queryOnce runs a query that is not worth caching on the transaction,
// with the same poisoning as QueryContext.
func (tx *Tx) queryOnce(q string) (*sql.Rows, error) {
	if err := tx.usable(); err != nil {
		return nil, err
	}
	rows, err := tx.Tx.QueryContext(tx.ctx, q)
	return rows, tx.fail(err)
}

// Ctx returns the transaction's context.
func (tx *Tx) Ctx() context.Context { return tx.ctx }

// Now returns the journal clock.
func (tx *Tx) Now() time.Time { return tx.db.now() }

// WithTx runs fn in one immediate transaction; it commits when fn returns nil
// and rolls back otherwise (also on panic). After a store error inside the
// transaction (see Tx), it rolls back and returns that error, mapped to
// one line that names the cause and says that nothing was written, even if
// fn went on or returned nil.
func (db *DB) WithTx(ctx context.Context, fn func(*Tx) error) (err error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return db.wrap(err, "")
	}
	defer conn.Close()
	g := &txGuard{}
	hooked := conn.Raw(func(dc any) error {
		h, ok := dc.(hooker)
		if !ok {
			return errors.New("no hooks")
		}
		h.RegisterRollbackHook(g.rolledBack)
		h.RegisterCommitHook(g.commit)
		return nil
	}) == nil
	if hooked {
		defer conn.Raw(func(dc any) error {
			h := dc.(hooker)
			h.RegisterCommitHook(nil)
			h.RegisterRollbackHook(nil)
			return nil
		})
	}
	t, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return db.wrap(err, "")
	}
	tx := &Tx{Tx: t, db: db, ctx: ctx}
	if hooked {
		tx.guard = g
	}
	defer func() {
		if p := recover(); p != nil {
			t.Rollback()
			panic(p)
		}
	}()
	ferr := fn(tx)
	if perr := tx.usable(); perr != nil {
		// A store error ends the transaction, whatever fn made of it
		// (a row error, a retry, nothing).
		t.Rollback()
		if cerr := ctx.Err(); cerr != nil {
			return cerr // interrupted: whatever the store said then
		}
		return db.txFailure(perr)
	}
	if ferr != nil {
		t.Rollback()
		return db.wrap(ferr, "")
	}
	if cerr := t.Commit(); cerr != nil {
		t.Rollback()
		if err := ctx.Err(); err != nil {
			return err
		}
		return db.txFailure(cerr)
	}
	return nil
}

// txFailure maps the store error that ended a write transaction to one
// line naming the cause; the transaction was rolled back: nothing was
// written.
func (db *DB) txFailure(err error) error {
	var de *domain.Error
	if errors.As(err, &de) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	code, ok := sqliteCode(err)
	if !ok {
		if errors.Is(err, errRolledBack) {
			return &domain.Error{Kind: domain.KindInternal, Code: "DB_ROLLED_BACK",
				Msg:  fmt.Sprintf("the database %s rolled the write back after an error: nothing was written", db.path),
				Hint: "run the command again; if it fails again, run 'habil doctor'", Err: err}
		}
		return db.wrap(err, "")
	}
	switch code & 0xff {
	case sqlite3.SQLITE_FULL:
		return &domain.Error{Kind: domain.KindInternal, Code: "DB_FULL",
			Msg:  fmt.Sprintf("the disk is full while writing the database %s: nothing was written", db.path),
			Hint: "free some space on the disk that holds the database (while a large import is written, its data briefly takes room twice: in the journal, then in the database), then run the command again", Err: err}
	case sqlite3.SQLITE_IOERR:
		return &domain.Error{Kind: domain.KindInternal, Code: "DB_IO",
			Msg:  fmt.Sprintf("the disk failed while writing the database %s (%s): nothing was written", db.path, errorCodeString(code)),
			Hint: "check the disk (space, a removed drive, a network share that dropped), then run the command again", Err: err}
	case sqlite3.SQLITE_NOMEM:
		return &domain.Error{Kind: domain.KindInternal, Code: "DB_NOMEM",
			Msg:  fmt.Sprintf("out of memory while writing the database %s: nothing was written", db.path),
			Hint: "close other programs, or import the file in smaller parts, then run the command again", Err: err}
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return &domain.Error{Kind: domain.KindInternal, Code: "DB_CORRUPT",
			Msg:  fmt.Sprintf("the database %s is damaged (%s): nothing was written", db.path, errorCodeString(code)),
			Hint: "run 'habil doctor', and restore the last backup if it confirms the damage", Err: err}
	case sqlite3.SQLITE_INTERRUPT:
		return context.Canceled
	}
	return db.wrap(err, "")
}

// sqliteCode returns the SQLite result code of err (a driver error or an
// injected fault).
func sqliteCode(err error) (int, bool) {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code(), true
	}
	var fe *faultError
	if errors.As(err, &fe) {
		return fe.code, true
	}
	return 0, false
}

// errorCodeString names an SQLite result code: "SQLITE_IOERR_WRITE".
func errorCodeString(code int) string {
	s := sqlite.ErrorCodeString[code]
	if i := strings.LastIndex(s, "(SQLITE_"); i >= 0 && strings.HasSuffix(s, ")") {
		return s[i+1 : len(s)-1]
	}
	if s != "" {
		return s
	}
	return fmt.Sprintf("SQLite error %d", code)
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
				Hint: db.busyHint(), Err: err}
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
