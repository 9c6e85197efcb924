package cli

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/habil-app/habil/internal/cli/cmdutil"
)

// TestHabilProcess is not a test: re-executed with HABIL_CLI_HELPER=1, the
// test binary is habil (the arguments after "--"), so that a test can run
// it as another user.
func TestHabilProcess(t *testing.T) {
	if os.Getenv("HABIL_CLI_HELPER") != "1" {
		return
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(Run(context.Background(), args, cmdutil.System()))
}

// unprivileged runs habil as an unprivileged user: when the tests run as
// root (CI does), as nobody (uid 65534) through SysProcAttr.Credential, so
// that file modes are enforced; otherwise as the current user.
type unprivileged struct {
	t        *testing.T
	root     string // a folder the user owns, cleaned up at the end
	bin      string
	uid, gid int
	env      []string
}

func newUnprivileged(t *testing.T) *unprivileged {
	t.Helper()
	root, err := os.MkdirTemp("", "habil-perm-")
	if err != nil {
		t.Fatal(err)
	}
	u := &unprivileged{t: t, root: root, uid: os.Geteuid(), gid: os.Getegid()}
	t.Cleanup(func() {
		filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
			if err == nil && info.IsDir() {
				os.Chmod(p, 0o700)
			}
			return nil
		})
		os.RemoveAll(root)
	})
	if u.uid == 0 {
		u.uid, u.gid = 65534, 65534
	}
	// The test binary, copied where the user can run it.
	u.bin = filepath.Join(root, "habil.test")
	src, err := os.Open(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(u.bin, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	dst.Close()
	os.Chmod(root, 0o755)
	home := u.mkdir("home")
	u.env = []string{"HABIL_CLI_HELPER=1", "HOME=" + home, "PATH=/usr/bin:/bin",
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"SOURCE_DATE_EPOCH=1767225600"}
	return u
}

// mkdir makes a folder owned by the user.
func (u *unprivileged) mkdir(name string) string {
	p := filepath.Join(u.root, name)
	if err := os.MkdirAll(p, 0o700); err != nil {
		u.t.Fatal(err)
	}
	u.chown(p)
	return p
}

func (u *unprivileged) chown(p string) {
	if os.Geteuid() == 0 {
		if err := os.Chown(p, u.uid, u.gid); err != nil {
			u.t.Fatal(err)
		}
	}
}

func (u *unprivileged) run(args ...string) runResult {
	u.t.Helper()
	cmd := exec.Command(u.bin, append([]string{"-test.run=^TestHabilProcess$", "--"}, args...)...)
	cmd.Env = u.env
	cmd.Dir = u.root
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(u.uid), Gid: uint32(u.gid)}}
	}
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		u.t.Errorf("habil %v: %v", args, err) // may run on another goroutine: no Fatal
		code = -1
	}
	return runResult{code, out.String(), errOut.String()}
}

func (u *unprivileged) mustRun(args ...string) runResult {
	u.t.Helper()
	r := u.run(args...)
	if r.code != 0 {
		u.t.Fatalf("habil %v: exit %d\n%s", args, r.code, r.stderr)
	}
	return r
}

// listDir names the files in dir with their modes.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		info, _ := e.Info()
		out = append(out, e.Name()+" "+info.Mode().Perm().String())
	}
	sort.Strings(out)
	return out
}

// seed creates a database with a certifier and a partner, as the user.
func (u *unprivileged) seed(db string) {
	u.mustRun("--db", db, "init", "--name", "Académie", "--siret", "73282932000074")
	u.mustRun("--db", db, "partner", "add", "--siret", "35600000000048", "--name", "Organisme Lecture")
}

var readCommands = [][]string{
	{"partner", "list"},
	{"partner", "show", "35600000000048"},
	{"certification", "list"},
	{"history"},
	{"doctor"},
	{"check"},
}

// TestReadOnlyDatabaseFile: a database file at mode 0400 (as an
// unprivileged user): every read-only command works, no -wal/-shm is left
// with a mode that would break later writes, a write command exits 1
// naming the file and the reason and creates nothing, and after chmod 600
// writes work again. (The issue found even check, list and doctor refused,
// and -wal/-shm left at 0400 breaking every later write.)
func TestReadOnlyDatabaseFile(t *testing.T) {
	u := newUnprivileged(t)
	dir := u.mkdir("data")
	db := filepath.Join(dir, "habil.db")
	u.seed(db)
	if err := os.Chmod(db, 0o400); err != nil {
		t.Fatal(err)
	}
	for _, args := range readCommands {
		r := u.run(append([]string{"--db", db}, args...)...)
		if r.code != 0 && !(args[0] == "check" && r.code == ExitFindings) {
			t.Errorf("habil %v on a 0400 database: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	if r := u.run("--db", db, "partner", "list"); !strings.Contains(r.stdout, "Organisme Lecture") {
		t.Errorf("partner list did not list the partner:\n%s", r.stdout)
	}
	for _, f := range listDir(t, dir) {
		if f != "habil.db -r--------" && !strings.HasSuffix(f, " -rw-------") {
			t.Errorf("after the read-only commands: %s (a -wal/-shm habil creates is 0600)", f)
		}
	}
	before := listDir(t, dir)
	r := u.run("--db", db, "partner", "add", "--siret", "40483304800022", "--name", "Second")
	if r.code != ExitFailure || !strings.Contains(r.stderr, "habil: error: cannot write the database "+db+": permission denied") {
		t.Errorf("a write on a 0400 database: exit %d\n%s", r.code, r.stderr)
	}
	if after := listDir(t, dir); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Errorf("the refused write changed the folder: %v → %v", before, after)
	}
	// Made writable again, the database takes writes.
	os.Chmod(db, 0o600)
	u.mustRun("--db", db, "partner", "add", "--siret", "40483304800022", "--name", "Second")
	if r := u.mustRun("--db", db, "doctor"); !strings.Contains(r.stderr, "The database is healthy.") {
		t.Errorf("doctor after the writes:\n%s", r.stderr)
	}
}

// TestReadOnlyDatabaseFolder: a database in a folder the user cannot
// write (and no -wal): read-only commands work (the file is read as
// immutable) and create nothing; a write command exits 1 naming the folder
// and the reason, nothing created.
func TestReadOnlyDatabaseFolder(t *testing.T) {
	u := newUnprivileged(t)
	dir := u.mkdir("data")
	db := filepath.Join(dir, "habil.db")
	u.seed(db)
	before := listDir(t, dir)
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	for _, args := range readCommands {
		r := u.run(append([]string{"--db", db}, args...)...)
		if r.code != 0 && !(args[0] == "check" && r.code == ExitFindings) {
			t.Errorf("habil %v in a read-only folder: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	r := u.run("--db", db, "partner", "add", "--siret", "40483304800022", "--name", "Second")
	if r.code != ExitFailure || !strings.Contains(r.stderr, "habil: error: cannot write the database "+db+": its folder "+dir+" is not writable (permission denied)") {
		t.Errorf("a write in a read-only folder: exit %d\n%s", r.code, r.stderr)
	}
	if after := listDir(t, dir); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Errorf("the folder changed: %v → %v", before, after)
	}
}

// TestDoctorFlagsSideFiles: a -shm left at mode 0400 (by a read-only run
// of an earlier habil) breaks the next write: doctor says so and how to
// fix it, a write command refuses naming the file, read-only commands
// still work, and after chmod 600 writes work. (The issue found doctor
// calling such a database healthy.)
func TestDoctorFlagsSideFiles(t *testing.T) {
	u := newUnprivileged(t)
	dir := u.mkdir("data")
	db := filepath.Join(dir, "habil.db")
	u.seed(db)
	// What the issue found after a read-only run: an empty -wal and a
	// 32 KB -shm, both at the database's mode 0400.
	for side, size := range map[string]int{db + "-wal": 0, db + "-shm": 32768} {
		if err := os.WriteFile(side, make([]byte, size), 0o400); err != nil {
			t.Fatal(err)
		}
		os.Chmod(side, 0o400)
		u.chown(side)
	}
	r := u.run("--db", db, "doctor")
	if r.code != ExitFailure || !strings.Contains(r.stderr, "habil: problem: "+db+"-shm has mode 0400") ||
		!strings.Contains(r.stderr, "chmod 600 "+db+"-wal "+db+"-shm") {
		t.Errorf("doctor with a 0400 -shm: exit %d\n%s", r.code, r.stderr)
	}
	if r := u.run("--db", db, "partner", "list"); r.code != 0 || !strings.Contains(r.stdout, "Organisme Lecture") {
		t.Errorf("partner list with a 0400 -shm: exit %d\n%s", r.code, r.stderr)
	}
	r = u.run("--db", db, "partner", "add", "--siret", "40483304800022", "--name", "Second")
	if r.code != ExitFailure || !strings.Contains(r.stderr, "cannot write the database "+db+": "+db+"-shm has mode 0400") {
		t.Errorf("a write with a 0400 -shm: exit %d\n%s", r.code, r.stderr)
	}
	os.Chmod(db+"-wal", 0o600)
	os.Chmod(db+"-shm", 0o600)
	u.mustRun("--db", db, "partner", "add", "--siret", "40483304800022", "--name", "Second")
	if r := u.mustRun("--db", db, "doctor"); !strings.Contains(r.stderr, "The database is healthy.") {
		t.Errorf("doctor after chmod 600:\n%s", r.stderr)
	}
}

// TestReadOnlyFolderWithWAL: in a read-only folder, a database whose -wal
// holds changes not yet in the file (and no -shm) is not read as
// immutable, which would show old data: a clear error says what to do.
func TestReadOnlyFolderWithWAL(t *testing.T) {
	u := newUnprivileged(t)
	src := u.mkdir("live")
	db := filepath.Join(src, "habil.db")
	u.seed(db)
	// Copy the database and its -wal while a connection holds changes
	// in the -wal (as after a crash).
	h, err := sql.Open("sqlite", "file:"+db+"?_pragma=wal_autocheckpoint(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	conn, err := h.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), `INSERT INTO journal(at, user, command, action, entity, entity_id) VALUES ('2026-01-01T00:00:00Z', 'u', 'c', 'a', 'e', '1')`); err != nil {
		t.Fatal(err)
	}
	dir := u.mkdir("copy")
	for _, name := range []string{"habil.db", "habil.db-wal"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if len(b) == 0 {
			t.Fatalf("%s is empty", name)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		u.chown(p)
	}
	conn.Close()
	os.Chmod(dir, 0o500)
	cp := filepath.Join(dir, "habil.db")
	r := u.run("--db", cp, "history")
	if r.code != ExitFailure || !strings.Contains(r.stderr, "habil: error: cannot read the database "+cp+": its folder "+dir+" is read-only and habil.db-wal holds changes not yet written into the file") ||
		!strings.Contains(r.stderr, "habil: hint: make the folder writable") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	// Made writable, the database is read with its -wal.
	os.Chmod(dir, 0o700)
	if r := u.mustRun("--db", cp, "history", "--format", "csv"); strings.Count(r.stdout, "\n") < 3 {
		t.Errorf("history after the folder was made writable:\n%s", r.stdout)
	}
}
