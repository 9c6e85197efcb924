// Package atomicfile writes output files safely: to a temporary name in the
// destination folder, then renamed, so that a crash never leaves half a file.
//
// Temporary files are named .NAME.tmp-PID-N (PID: the writing process). A
// process killed before its rename leaves one behind; the next Write into
// the same folder removes those whose process is no longer alive (never a
// running process's file), and those of the older .NAME.tmp-N pattern once
// they are an hour old.
//
// Paths registered with Protect (the open database and its -wal, -shm and
// -journal files) are never written: Write refuses them with ErrProtected,
// compared by resolved path (symbolic links and relative paths followed).
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// ErrFolder is returned when the destination folder does not exist.
var ErrFolder = errors.New("folder does not exist")

// ErrProtected is returned when the destination is a protected file (the
// open database).
var ErrProtected = errors.New("the file is protected")

// Write creates path with the given mode by calling fn on a temporary file
// in the same folder and renaming it when fn succeeds. The destination
// folder must exist: habil never invents folders the user did not ask for.
func Write(path string, mode os.FileMode, fn func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return fmt.Errorf("cannot write %s: the folder %s does not exist: %w", path, dir, ErrFolder)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("cannot write %s: it is a folder", path)
	}
	if p, ok := IsProtected(path); ok {
		return &ProtectedError{Path: path, Protected: p}
	}
	cleanOnce(dir)
	f, tmp, err := CreateTemp(path, mode)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = fn(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, Reason(err))
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, Reason(err))
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, Reason(err))
	}
	SyncDir(dir)
	return nil
}

// WriteBytes writes b atomically.
func WriteBytes(path string, mode os.FileMode, b []byte) error {
	return Write(path, mode, func(w io.Writer) error { _, err := w.Write(b); return err })
}

// tmpSeq makes temporary names unique within the process.
var tmpSeq struct {
	sync.Mutex
	n int
}

// TempName returns the name of a new temporary file for path: in path's
// folder, .NAME.tmp-PID-N. The file is not created.
func TempName(path string) string {
	tmpSeq.Lock()
	tmpSeq.n++
	n := tmpSeq.n
	tmpSeq.Unlock()
	return filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.tmp-%d-%d", filepath.Base(path), os.Getpid(), n))
}

// CreateTemp creates a new temporary file for path (see TempName) with
// mode and returns it with its name. The error says why, in one line.
func CreateTemp(path string, mode os.FileMode) (*os.File, string, error) {
	for range 100 {
		tmp := TempName(path)
		f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, mode)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, "", fmt.Errorf("cannot write in %s: %w", filepath.Dir(path), Reason(err))
		}
		// The umask may have removed bits of mode; set it exactly.
		if err := f.Chmod(mode); err != nil {
			f.Close()
			os.Remove(tmp)
			return nil, "", fmt.Errorf("cannot write in %s: %w", filepath.Dir(path), Reason(err))
		}
		return f, tmp, nil
	}
	return nil, "", fmt.Errorf("cannot write in %s: too many temporary files", filepath.Dir(path))
}

// Reason strips the operation and path of an *fs.PathError or
// *os.LinkError, leaving the system's reason ("permission denied",
// "read-only file system", "no space left on device").
func Reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// SyncDir flushes a folder's entries (a rename) to disk where the system
// allows it; errors are ignored (some systems cannot sync a folder).
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

var (
	reTmp       = regexp.MustCompile(`^\..+\.tmp-(\d+)-(\d+)$`)
	reTmpLegacy = regexp.MustCompile(`^\..+\.tmp-(\d+)$`)
)

// legacyAge is the age after which a temporary file of the older pattern
// (no process id in its name) is taken as abandoned.
const legacyAge = time.Hour

// abandonedAge is the age after which any temporary file of habil's
// pattern is taken as abandoned, whatever its process id.
const abandonedAge = 24 * time.Hour

// cleaned holds the folders already cleaned by this process: a folder of
// thousands of documents is listed once, not once per file.
var cleaned sync.Map

func cleanOnce(dir string) {
	key := Resolve(dir)
	if _, done := cleaned.LoadOrStore(key, true); !done {
		CleanStale(dir)
	}
}

// CleanStale removes from dir the temporary files of habil's own naming
// pattern left by a process that is no longer running (killed before its
// rename). A file whose process is alive is left alone: it is a concurrent
// run's. Errors are ignored: cleaning is a courtesy, never a failure.
func CleanStale(dir string) (removed []string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	self := os.Getpid()
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		name := e.Name()
		stale := false
		if m := reTmp.FindStringSubmatch(name); m != nil {
			pid, err := strconv.Atoi(m[1])
			stale = err == nil && pid != self && !pidAlive(pid)
			if !stale && pid != self {
				// A process id reused by another program, or a system
				// that cannot tell: a day-old temporary file is abandoned.
				if info, err := e.Info(); err == nil {
					stale = time.Since(info.ModTime()) > abandonedAge
				}
			}
		} else if reTmpLegacy.MatchString(name) {
			if info, err := e.Info(); err == nil {
				stale = time.Since(info.ModTime()) > legacyAge
			}
		}
		if stale {
			p := filepath.Join(dir, name)
			if os.Remove(p) == nil {
				removed = append(removed, p)
			}
		}
	}
	return removed
}

// protected holds the resolved paths Write refuses, with how many
// registrations hold each.
var protected struct {
	sync.Mutex
	paths map[string]*protection // resolved → protection
}

type protection struct {
	path string // as given
	n    int
}

// Protect registers path (and its -wal, -shm and -journal companions) as
// files Write must never replace, until the returned release is called
// (several commands of one process may protect the same database).
func Protect(path string) (release func()) {
	protected.Lock()
	defer protected.Unlock()
	if protected.paths == nil {
		protected.paths = map[string]*protection{}
	}
	var keys []string
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		k := Resolve(path + suffix)
		p := protected.paths[k]
		if p == nil {
			p = &protection{path: path}
			protected.paths[k] = p
		}
		p.n++
		keys = append(keys, k)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			protected.Lock()
			defer protected.Unlock()
			for _, k := range keys {
				if p := protected.paths[k]; p != nil {
					if p.n--; p.n <= 0 {
						delete(protected.paths, k)
					}
				}
			}
		})
	}
}

// IsProtected reports whether path resolves to a protected file, and
// returns the protected path it names.
func IsProtected(path string) (string, bool) {
	protected.Lock()
	defer protected.Unlock()
	if len(protected.paths) == 0 {
		return "", false
	}
	if p, ok := protected.paths[Resolve(path)]; ok {
		return p.path, true
	}
	// A hard link to the database is the database too.
	st, err := os.Stat(path)
	if err != nil {
		return "", false
	}
	for r, p := range protected.paths {
		if ps, err := os.Stat(r); err == nil && os.SameFile(st, ps) {
			return p.path, true
		}
	}
	return "", false
}

// Resolve returns path absolute and clean, with symbolic links followed:
// of the file itself when it exists, else of its folder.
func Resolve(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(d, filepath.Base(abs))
	}
	return abs
}

// SameFile reports whether a and b name the same file: the same resolved
// path, or the same file on disk (a hard link).
func SameFile(a, b string) bool {
	if Resolve(a) == Resolve(b) {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// ProtectedError is the refusal to write a protected file.
type ProtectedError struct {
	Path      string // as given
	Protected string // the protected file it names
}

func (e *ProtectedError) Error() string {
	return fmt.Sprintf("cannot write %s: it is the database %s", e.Path, e.Protected)
}

// Unwrap makes errors.Is(err, ErrProtected) true.
func (e *ProtectedError) Unwrap() error { return ErrProtected }
