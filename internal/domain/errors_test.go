package domain_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func TestErrors(t *testing.T) {
	inv := domain.Invalid("SIRET_LENGTH", "%q has %d digits", "123", 3).WithHint("give %d digits", 14)
	if inv.Error() != `SIRET_LENGTH: "123" has 3 digits` {
		t.Errorf("Invalid.Error() = %q", inv.Error())
	}
	wrapped := fmt.Errorf("row 4: %w", inv)
	if domain.KindOf(wrapped) != domain.KindInvalid || domain.HintOf(wrapped) != "give 14 digits" {
		t.Errorf("KindOf/HintOf through wrapping: %d %q", domain.KindOf(wrapped), domain.HintOf(wrapped))
	}
	nf := domain.NotFound("partner %s does not exist", "73282932000074")
	if nf.Kind != domain.KindNotFound || nf.Code != "NOT_FOUND" || nf.Error() != "partner 73282932000074 does not exist" {
		t.Errorf("NotFound = %+v", nf)
	}
	cf := domain.Conflict("STATUS_FINAL", "final")
	if cf.Kind != domain.KindConflict || cf.Error() != "final" {
		t.Errorf("Conflict = %+v", cf)
	}
	plain := errors.New("disk full")
	if domain.KindOf(plain) != domain.KindInternal || domain.HintOf(plain) != "" {
		t.Error("a plain error is internal and has no hint")
	}
	cause := errors.New("cause")
	e := &domain.Error{Kind: domain.KindBusy, Code: "DB_BUSY", Msg: "busy", Err: cause}
	if !errors.Is(e, cause) || domain.KindOf(fmt.Errorf("x: %w", e)) != domain.KindBusy {
		t.Error("Unwrap")
	}
}
