//go:build unix

package atomicfile

import (
	"errors"
	"syscall"
)

// pidAlive reports whether a process with that id exists (one of another
// user counts as alive: EPERM).
func pidAlive(pid int) bool {
	if pid <= 0 {
		return true
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
