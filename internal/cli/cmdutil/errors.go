package cmdutil

import (
	"errors"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// FlagError is a usage error: the command's usage is printed and habil exits 2.
type FlagError struct {
	Err error
	// NoUsage: the value of a flag is wrong; one line is enough, no usage text.
	NoUsage bool
}

func (e *FlagError) Error() string { return e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

// FlagErrorf builds a FlagError.
func FlagErrorf(format string, args ...any) error {
	return &FlagError{Err: fmt.Errorf(format, args...)}
}

// FlagValue wraps the validation error of a flag value as a usage error that
// names the flag: "--siret: SIRET_CHECKSUM: …".
func FlagValue(flag string, err error) error {
	if err == nil {
		return nil
	}
	name := "--" + flag
	if strings.ToUpper(flag) == flag { // a positional argument, e.g. CODE
		name = "argument " + flag
	}
	var de *domain.Error
	if errors.As(err, &de) {
		msg := name + ": " + de.Error()
		return &FlagError{Err: &domain.Error{Kind: domain.KindInvalid, Msg: msg, Hint: de.Hint}, NoUsage: true}
	}
	return &FlagError{Err: fmt.Errorf("%s: %w", name, err), NoUsage: true}
}

// ExitError ends the command with a given code after the command already
// printed what the user needs (e.g. the list of rejected rows).
type ExitError struct {
	Code int
	Msg  string // printed as "habil: error: Msg" when not empty
	Hint string
}

func (e *ExitError) Error() string { return e.Msg }

// SilentExit ends with code without any further message.
func SilentExit(code int) error { return &ExitError{Code: code} }
