package sqlite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
)

// writeReason says why the database at path cannot be written, in the
// system's words ("permission denied", "read-only file system", "no space
// left on device"): SQLite's extended codes (SQLITE_CANTOPEN with a
// reason, SQLITE_READONLY_DIRECTORY…) have no text of their own, which left
// "cannot write the database PATH:" with nothing after the colon. It probes
// the file, then its folder (where SQLite creates the -wal, -shm and
// -journal files), and falls back to SQLite's own message. Never empty.
func writeReason(path string, se *sqlite.Error) string {
	if f, err := os.OpenFile(path, os.O_RDWR, 0); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return "the file: " + osReason(err)
		}
	} else {
		f.Close()
	}
	dir := filepath.Dir(path)
	if f, err := os.CreateTemp(dir, ".habil-probe-*"); err != nil {
		return "its folder " + dir + " (where the -wal and -shm files go): " + osReason(err)
	} else {
		f.Close()
		os.Remove(f.Name())
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if f, err := os.OpenFile(path+suffix, os.O_RDWR, 0); err == nil {
			f.Close()
		} else if !errors.Is(err, fs.ErrNotExist) {
			return filepath.Base(path+suffix) + ": " + osReason(err)
		}
	}
	if s := codeText(se); s != "" {
		return s
	}
	return "SQLite refused to write it"
}

// codeText is SQLite's description of an error: of its extended code, else
// of its primary code (extended codes mostly have no text of their own),
// else its message; "" only for a nil error.
func codeText(se *sqlite.Error) string {
	if se == nil {
		return ""
	}
	if s := sqlite.ErrorCodeString[se.Code()]; s != "" {
		return s
	}
	if s := sqlite.ErrorCodeString[se.Code()&0xff]; s != "" {
		return s
	}
	if s := strings.TrimSpace(se.Error()); s != "" {
		return s
	}
	return fmt.Sprintf("SQLite error %d", se.Code())
}

// osReason is the system's reason of a file error, without the path.
func osReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return err.Error()
}
