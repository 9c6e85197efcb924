//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package sqlite

import (
	"io/fs"
	"os"
	"syscall"
)

// accessWrite reports, without creating anything, whether this process
// may write path (access(2) W_OK: the mode bits, the owner, a read-only
// file system).
func accessWrite(path string) error {
	if err := syscall.Access(path, 2 /* W_OK */); err != nil {
		return &fs.PathError{Op: "access", Path: path, Err: err}
	}
	return nil
}

// ownerOf returns the owner's uid of a file (ok false when unknown).
func ownerOf(st os.FileInfo) (uid int, ok bool) {
	if s, isSys := st.Sys().(*syscall.Stat_t); isSys {
		return int(s.Uid), true
	}
	return 0, false
}
