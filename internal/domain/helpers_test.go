package domain_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// These helpers are shared by the domain tests (other test files of the
// package use them too).

// wantErr fails unless err is a *domain.Error of the given kind and code whose
// message contains every fragment.
func wantErr(t *testing.T, err error, kind domain.Kind, code string, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("got %T %v, want a *domain.Error %s", err, err, code)
	}
	if de.Code != code {
		t.Errorf("code = %s, want %s (message: %s)", de.Code, code, de.Msg)
	}
	if de.Kind != kind {
		t.Errorf("kind = %d, want %d (%s)", de.Kind, kind, code)
	}
	for _, f := range fragments {
		if !strings.Contains(de.Error()+" hint: "+de.Hint, f) {
			t.Errorf("error %q (hint %q) does not contain %q", de.Error(), de.Hint, f)
		}
	}
	if strings.Contains(de.Msg, "\n") {
		t.Errorf("message spans several lines: %q", de.Msg)
	}
}

func wantInvalid(t *testing.T, err error, code string, fragments ...string) {
	t.Helper()
	wantErr(t, err, domain.KindInvalid, code, fragments...)
}

func noErr(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: unexpected error: %v", what, err)
	}
}
