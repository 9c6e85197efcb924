// Package atomicfile writes output files safely: to a temporary name in the
// destination folder, then renamed, so that a crash never leaves half a file.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrFolder is returned when the destination folder does not exist.
var ErrFolder = errors.New("folder does not exist")

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
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = f.Chmod(mode); err != nil {
		return err
	}
	if err = fn(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// WriteBytes writes b atomically.
func WriteBytes(path string, mode os.FileMode, b []byte) error {
	return Write(path, mode, func(w io.Writer) error { _, err := w.Write(b); return err })
}
