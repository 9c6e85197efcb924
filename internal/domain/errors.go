// Package domain holds habil's entities, value types and validation rules.
// It imports the standard library only.
package domain

import (
	"errors"
	"fmt"
)

// Kind classifies an error so that the CLI can map it to an exit code.
type Kind int

const (
	// KindInternal is an unexpected failure (I/O, bug).
	KindInternal Kind = iota
	// KindInvalid is a malformed value given by the user (flag or argument).
	KindInvalid
	// KindNotFound is an id, SIRET or code that does not exist.
	KindNotFound
	// KindConflict is an action refused by a business rule.
	KindConflict
	// KindRejected is input data rejected: nothing was written.
	KindRejected
	// KindBusy is a database locked by another writer.
	KindBusy
)

// Error is a user-facing error: a stable code, a one-line message and an
// optional hint telling the user what to do next.
type Error struct {
	Kind Kind
	Code string // stable machine code, e.g. SIRET_CHECKSUM
	Msg  string
	Hint string
	Err  error // wrapped cause, if any
}

func (e *Error) Error() string {
	if e.Code != "" && e.Kind == KindInvalid {
		return e.Code + ": " + e.Msg
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error of the given kind.
func Errorf(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Msg: fmt.Sprintf(format, args...)}
}

// WithHint returns e with a hint attached.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// Invalid reports a malformed value.
func Invalid(code, format string, args ...any) *Error {
	return Errorf(KindInvalid, code, format, args...)
}

// NotFound reports a missing record.
func NotFound(format string, args ...any) *Error {
	return Errorf(KindNotFound, "NOT_FOUND", format, args...)
}

// Conflict reports an action refused by a rule.
func Conflict(code, format string, args ...any) *Error {
	return Errorf(KindConflict, code, format, args...)
}

// KindOf returns the kind of err (KindInternal when it is not a domain error).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// HintOf returns the hint carried by err, if any.
func HintOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Hint
	}
	return ""
}
