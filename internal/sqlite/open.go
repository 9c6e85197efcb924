package sqlite

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/habil-app/habil/internal/domain"
	sqlite "modernc.org/sqlite"
)

// This file decides what a file is before habil writes to it (probe,
// classify), opens a database that cannot be written (openReadOnly), and
// refuses a write open that would fail half-way (checkWritable).

// ApplicationID is habil's PRAGMA application_id ("HBIL"): set on every
// database habil creates or migrates, so that its files are recognised
// whatever their user_version. Databases created before it was set are
// recognised by their tables.
const ApplicationID = 0x4842494c

// querier is satisfied by *sql.DB, *sql.Conn, *sql.Tx and *Tx.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// fileKind is what classify found.
type fileKind int

const (
	kindEmpty   fileKind = iota // no table, user_version 0: a new database
	kindHabil                   // habil's, at some schema version
	kindForeign                 // another application's
)

var reCreateTable = regexp.MustCompile(`(?i)CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["\x60]?(\w+)`)

// requiredTables lists the tables a habil database of schema version v
// has: those the migrations up to v create (none is ever dropped).
func requiredTables(v int) []string {
	var out []string
	for _, m := range migrations() {
		if m.version > v {
			break
		}
		for _, g := range reCreateTable.FindAllStringSubmatch(m.sql, -1) {
			out = append(out, g[1])
		}
	}
	return out
}

// classify tells an empty database, habil's, and another application's,
// from the content only (it writes nothing). detail says why a database is
// foreign, for the message.
func classify(ctx context.Context, q rowQuerier) (kind fileKind, version int, detail string, err error) {
	var appID int64
	if err = q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return
	}
	if err = q.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return
	}
	rows, err := q.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
	if err != nil {
		return
	}
	have := map[string]bool{}
	var names []string
	for rows.Next() {
		var n string
		if err = rows.Scan(&n); err != nil {
			rows.Close()
			return
		}
		have[n] = true
		names = append(names, n)
	}
	rows.Close()
	if err = rows.Err(); err != nil {
		return
	}
	switch {
	case appID == ApplicationID:
		return kindHabil, version, "", nil
	case appID != 0:
		return kindForeign, version, fmt.Sprintf("application_id %#x is another application's", appID), nil
	case version == 0 && len(names) == 0:
		return kindEmpty, 0, "", nil
	}
	describe := func(why string) string {
		list := names
		if len(list) > 5 {
			list = append(append([]string(nil), list[:5]...), "…")
		}
		tables := "no table"
		if len(list) > 0 {
			tables = "tables " + strings.Join(list, ", ")
		}
		return fmt.Sprintf("%s; schema version %d, %s", why, version, tables)
	}
	if version == 0 {
		return kindForeign, version, describe("an SQLite database of another application"), nil
	}
	v := version
	if v > LatestVersion() {
		v = LatestVersion()
	}
	var missing []string
	for _, t := range requiredTables(v) {
		if !have[t] {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return kindForeign, version, describe(fmt.Sprintf("an SQLite database of another application: it lacks habil's table %s", missing[0])), nil
	}
	return kindHabil, version, "", nil
}

func foreignErr(path, detail string) error {
	return domain.Errorf(domain.KindInternal, "DB_FOREIGN", "%s is not a habil database (%s): nothing was changed", path, detail).
		WithHint("check the --db path; habil never writes into a foreign database")
}

func notSQLiteErr(path string) error {
	return domain.Errorf(domain.KindInternal, "DB_NOT_SQLITE", "%s is not a habil database (not an SQLite file): nothing was changed", path).
		WithHint("check the --db path; habil never overwrites a foreign file")
}

// header is what the first 100 bytes of an SQLite file say.
type header struct {
	empty   bool // a file of 0 bytes: a new database
	wal     bool // the file is in WAL mode
	version int  // user_version
	appID   uint32
}

func readHeader(path string) (header, error) {
	f, err := os.Open(path)
	if err != nil {
		return header{}, err
	}
	defer f.Close()
	b := make([]byte, 100)
	n, err := io.ReadFull(f, b)
	if n == 0 && (err == io.EOF || err == nil) {
		return header{empty: true}, nil
	}
	if n < 100 || string(b[:16]) != "SQLite format 3\x00" {
		return header{}, errNotSQLite
	}
	return header{
		wal:     b[18] == 2 || b[19] == 2,
		version: int(int32(binary.BigEndian.Uint32(b[60:64]))),
		appID:   binary.BigEndian.Uint32(b[68:72]),
	}, nil
}

var errNotSQLite = errors.New("not an SQLite file")

func fileURL(path string, q url.Values) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}
	if !strings.HasPrefix(u.Path, "/") { // Windows "C:/…"
		u.Path = "/" + u.Path
	}
	return u.String()
}

// probe refuses, without writing a byte (no WAL switch, no -wal or -shm
// created beside a foreign file), a file that is not an SQLite database,
// another application's database (whatever its user_version), or a newer
// habil's. A missing file passes: it will be created.
func probe(ctx context.Context, path string, busy time.Duration) error {
	hd, err := readHeader(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case errors.Is(err, errNotSQLite):
		return notSQLiteErr(path)
	case err != nil:
		return domain.Errorf(domain.KindInternal, "DB_PATH", "cannot read the database %s: %v", path, unwrapPathErr(err)).
			WithHint("check the permissions of the file and its folder")
	case hd.empty:
		return nil
	case hd.appID == ApplicationID:
		if hd.version > LatestVersion() {
			return newerSchemaErr(path, hd.version)
		}
		return nil
	case hd.appID != 0:
		return foreignErr(path, fmt.Sprintf("application_id %#x is another application's", hd.appID))
	}
	// Read the tables. A WAL file without -wal is entirely in the main
	// file: read it as immutable, which creates no -wal or -shm beside it.
	// Otherwise (a rollback-journal file, or a WAL file in use) a
	// read-only connection creates nothing new.
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	immutable := hd.wal && !fileExists(path+"-wal")
	if immutable {
		q.Set("immutable", "1")
	}
	kind, version, detail, err := classifyFile(ctx, fileURL(path, q))
	if err != nil && immutable {
		// The file changed while it was read (another habil creating it):
		// read it again, as a reader among the others.
		q.Del("immutable")
		kind, version, detail, err = classifyFile(ctx, fileURL(path, q))
	}
	if err != nil {
		if isNotADB(err) {
			return notSQLiteErr(path)
		}
		var se *sqlite.Error
		if errors.As(err, &se) {
			return (&DB{path: path, busy: busy}).wrap(err, "")
		}
		return fmt.Errorf("read %s: %w", path, err)
	}
	switch {
	case kind == kindForeign:
		return foreignErr(path, detail)
	case version > LatestVersion():
		return newerSchemaErr(path, version)
	}
	return nil
}

func classifyFile(ctx context.Context, dsn string) (fileKind, int, string, error) {
	h, err := sql.Open("sqlite", dsn)
	if err != nil {
		return 0, 0, "", err
	}
	defer h.Close()
	conn, err := h.Conn(ctx)
	if err != nil {
		return 0, 0, "", err
	}
	defer conn.Close()
	// One read transaction: the version and the tables of one state.
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		return 0, 0, "", err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	return classify(ctx, conn)
}

// checkWritable refuses, before anything is created, to open for writing a
// database whose file or folder cannot be written: SQLite would fail at
// the first write, or leave -wal and -shm files behind.
func checkWritable(path string) error {
	dir := filepath.Dir(path)
	if err := accessWrite(dir); err != nil {
		return domain.Errorf(domain.KindInternal, "DB_READONLY", "cannot write the database %s: its folder %s is not writable (%v); nothing was changed", path, dir, reason(err)).
			WithHint("SQLite writes its -wal and -shm files beside the database: make the folder writable (chmod u+w %s), or move the database; commands that only read (list, show, check, report, doctor) work as it is", dir)
	}
	if !fileExists(path) {
		return nil
	}
	if p := sideFileProblems(path); len(p) > 0 {
		return domain.Errorf(domain.KindInternal, "DB_READONLY", "cannot write the database %s: %s; nothing was changed", path, p[0]).
			WithHint("run: chmod 600 %s-wal %s-shm (as their owner, or chown them to the database's owner)", path, path)
	}
	if err := accessWrite(path); err != nil {
		mode := ""
		if st, serr := os.Stat(path); serr == nil {
			mode = fmt.Sprintf(", file mode %04o", st.Mode().Perm())
		}
		return domain.Errorf(domain.KindInternal, "DB_READONLY", "cannot write the database %s: %v%s; nothing was changed", path, reason(err), mode).
			WithHint("make it writable (chmod 600 %s) to change it; commands that only read (list, show, check, report, doctor) work as it is", path)
	}
	return nil
}

// reason is the OS reason of a path error ("permission denied").
func reason(err error) string {
	s := unwrapPathErr(err).Error()
	if s == "" {
		return "permission denied"
	}
	return s
}

// Writable reports whether the database at path and its folder can be
// written by this process (a missing file: whether it can be created).
// Commands that only read open a database that is not writable read-only.
func Writable(path string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	return checkWritable(abs) == nil
}

// openReadOnly opens an existing database for reading only: nothing is
// created, migrated or switched. SQLite needs -wal and -shm files beside
// a WAL database; when the folder cannot be written and there is no -wal
// (every change is in the file), the file is opened as immutable, which
// needs neither. When the folder is writable and they are missing, they
// are created here with mode 0600 (SQLite would give them the mode of the
// file, e.g. 0400, and break every later write).
func openReadOnly(ctx context.Context, abs string, o Options) (*DB, error) {
	if _, err := os.Stat(abs); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, domain.Errorf(domain.KindNotFound, "DB_MISSING", "database %s does not exist", abs).
				WithHint("create it with 'habil init --name … --siret …', or give the right --db")
		}
		return nil, domain.Errorf(domain.KindInternal, "DB_PATH", "cannot read the database %s: %v", abs, reason(err)).
			WithHint("check the permissions of the file and its folder")
	}
	if err := probe(ctx, abs, o.BusyTimeout); err != nil {
		return nil, err
	}
	hd, err := readHeader(abs)
	if err != nil || hd.empty {
		return nil, domain.Errorf(domain.KindConflict, "DB_EMPTY", "the database %s is empty: it was never set up", abs).
			WithHint("run 'habil init --name … --siret …' to create it")
	}
	dir := filepath.Dir(abs)
	dirOK := accessWrite(dir) == nil
	walExists := fileExists(abs + "-wal")
	immutable := false
	if hd.wal {
		switch {
		case !dirOK && !walExists:
			immutable = true
		case dirOK && !walExists && accessWrite(abs) != nil:
			// SQLite gives an empty side file the mode of the database
			// (here 0400, which would break every later write once the
			// file is made writable again), so they are created here with
			// one byte: a -wal shorter than its 32-byte header holds no
			// frame, and SQLite initialises a -shm whatever it holds.
			for _, side := range []string{abs + "-wal", abs + "-shm"} {
				if f, err := os.OpenFile(side, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
					f.Write([]byte{0})
					f.Close()
				}
			}
		}
	}
	d := dsn(abs, o)
	if immutable {
		d += "&immutable=1"
	}
	h, err := sql.Open("sqlite", d)
	if err != nil {
		return nil, err
	}
	h.SetMaxOpenConns(4)
	db := &DB{sql: h, path: abs, now: o.Now, actor: o.Actor, busy: o.BusyTimeout}
	fail := func(err error) (*DB, error) {
		h.Close()
		if hd.wal && !dirOK && walExists {
			return nil, domain.Errorf(domain.KindInternal, "DB_READONLY", "cannot read the database %s: its folder %s is read-only and %s-wal holds changes not yet written into the file", abs, dir, filepath.Base(abs)).
				WithHint("make the folder writable (chmod u+w %s) and run 'habil doctor' once; habil never reads the file without its -wal, which could show old data", dir)
		}
		return nil, err
	}
	if err := h.PingContext(ctx); err != nil {
		return fail(db.wrap(err, "open"))
	}
	if err := db.checkHeader(ctx); err != nil {
		return fail(err)
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return fail(err)
	}
	switch {
	case v > LatestVersion():
		h.Close()
		return nil, newerSchemaErr(abs, v)
	case v < LatestVersion():
		h.Close()
		why := "it cannot be written"
		if err := checkWritable(abs); err != nil {
			var de *domain.Error
			if errors.As(err, &de) {
				why = strings.TrimSuffix(strings.TrimPrefix(de.Msg, "cannot write the database "+abs+": "), "; nothing was changed")
			}
		}
		return nil, domain.Errorf(domain.KindConflict, "DB_OLD_READONLY", "database %s has schema version %d, older than this habil's (%d), and cannot be upgraded: %s", abs, v, LatestVersion(), why).
			WithHint("make it writable (chmod 600 %s, and its folder) and run 'habil doctor' once: habil upgrades it after a backup", abs)
	}
	return db, nil
}

// busyHint says what exit 5 means and what to do: how long the other
// writer may take, and the busy timeout that was waited.
func (db *DB) busyHint() string {
	return fmt.Sprintf("another habil command is writing (a 100,000-row import holds the database for 3 to 10 s); try again, or raise busy_timeout (now %s: --busy-timeout, HABIL_BUSY_TIMEOUT or config key busy_timeout); nightly jobs may retry on exit code 5", db.busy)
}

// notWritable reports whether this process may not write the file (a file
// that no longer exists is not a problem).
func notWritable(path string) bool {
	err := accessWrite(path)
	return err != nil && !errors.Is(err, fs.ErrNotExist)
}

// sideFileProblems lists the -wal, -shm and -journal files beside the
// database whose mode or owner would break the next write (e.g. left at
// mode 0400 by a read-only run, or owned by another user).
func sideFileProblems(path string) []string {
	var out []string
	dbSt, err := os.Stat(path)
	if err != nil {
		return nil
	}
	dbUID, dbOwned := ownerOf(dbSt)
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		side := path + suffix
		st, err := os.Lstat(side)
		if err != nil {
			continue
		}
		if !st.Mode().IsRegular() {
			out = append(out, fmt.Sprintf("%s is not a regular file", side))
			continue
		}
		if uid, ok := ownerOf(st); ok && dbOwned && uid != dbUID {
			out = append(out, fmt.Sprintf("%s is owned by uid %d, the database by uid %d: writes will fail", side, uid, dbUID))
			continue
		}
		// SQLite itself gives an empty side file of the database's owner
		// the database's mode when it opens it.
		// A side file another habil is writing (a -journal during its
		// transaction) may vanish between the two looks: that is no problem.
		if st.Size() > 0 && (st.Mode().Perm()&0o200 == 0 || notWritable(side)) {
			out = append(out, fmt.Sprintf("%s has mode %04o: the next write will fail", side, st.Mode().Perm()))
		}
	}
	return out
}
