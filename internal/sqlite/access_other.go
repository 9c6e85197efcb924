//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly)

package sqlite

import "os"

// accessWrite reports whether path may be written: here only the
// read-only attribute of an existing file is known; SQLite reports the
// rest when it writes.
func accessWrite(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.IsDir() && st.Mode().Perm()&0o200 == 0 {
		return &os.PathError{Op: "open", Path: path, Err: os.ErrPermission}
	}
	return nil
}

// ownerOf is unknown here.
func ownerOf(os.FileInfo) (int, bool) { return 0, false }
