package domain_test

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func TestConventionEndNotInTheFuture(t *testing.T) {
	c := newTestConv(t) // 2025-02-01 → 2026-12-31
	noErr(t, c.Sign(convDate("2025-01-20"), convDate("2025-01-20")), "sign")
	// Today is 2025-06-01: its end date, or an early end next month, is in the future.
	today := convDate("2025-06-01")
	wantErr(t, c.End(convDate("2026-12-31"), "", today), domain.KindConflict, "CONVENTION_END_FUTURE", "in the future (today is 2025-06-01)", "stays in force")
	wantErr(t, c.End(convDate("2025-07-31"), "commun accord", today), domain.KindConflict, "CONVENTION_END_FUTURE")
	if c.Status != domain.ConventionSigned || !c.EndedOn.IsZero() {
		t.Fatalf("a refused end changed the convention: %s %s", c.Status, c.EndedOn)
	}
	// Today itself, or a past day, is accepted.
	noErr(t, c.End(today, "commun accord", today), "end today")
	if c.Status != domain.ConventionEnded || c.EndedOn != today {
		t.Errorf("ended %s on %s", c.Status, c.EndedOn)
	}
}

func TestConventionReference(t *testing.T) {
	ref, err := domain.CheckReference("  AMN/2025-012 ")
	noErr(t, err, "reference")
	if ref != "AMN/2025-012" {
		t.Errorf("reference %q, want it trimmed", ref)
	}
	_, err = domain.CheckReference(strings.Repeat("é", 61))
	wantInvalid(t, err, "CONVENTION_REFERENCE", "61 characters long: at most 60")
	if _, err := domain.CheckReference(strings.Repeat("é", 60)); err != nil {
		t.Errorf("60 characters (accented) refused: %v", err)
	}
	_, _, err = domain.NewConvention(convTestPartner(), convTestCert(), domain.ConventionRequest{CreatedOn: convDate("2025-01-10"),
		From: convDate("2025-02-01"), To: convDate("2026-12-31"), Reference: strings.Repeat("x", 61)})
	wantInvalid(t, err, "CONVENTION_REFERENCE")
	c, _, err := domain.NewConvention(convTestPartner(), convTestCert(), domain.ConventionRequest{CreatedOn: convDate("2025-01-10"),
		From: convDate("2025-02-01"), To: convDate("2026-12-31"), Reference: " Conv. n° 12 "})
	noErr(t, err, "NewConvention")
	if c.Reference != "Conv. n° 12" {
		t.Errorf("reference %q", c.Reference)
	}
}

func TestConventionAttach(t *testing.T) {
	c := newTestConv(t)
	today := convDate("2025-03-01")
	sha := strings.Repeat("ab", 32)
	a := domain.ConventionAttachment{Path: "/scans/conv.pdf", SHA256: sha, Size: 10, AttachedOn: convDate("2025-02-05")}
	noErr(t, c.Attach(a, today), "attach")
	// The same content again, under the same path or another: refused, naming the day.
	wantErr(t, c.Attach(a, today), domain.KindConflict, "ATTACH_DUPLICATE", "the same file was already attached on 2025-02-05")
	b := a
	b.Path, b.AttachedOn = "/scans/copie.pdf", today
	wantErr(t, c.Attach(b, today), domain.KindConflict, "ATTACH_DUPLICATE", "same content (/scans/conv.pdf) was already attached on 2025-02-05")
	// In the future: refused.
	b.SHA256, b.AttachedOn = strings.Repeat("cd", 32), convDate("2025-03-02")
	wantErr(t, c.Attach(b, today), domain.KindConflict, "ATTACH_DATE_FUTURE")
	if len(c.Attachments) != 1 {
		t.Errorf("%d attachments, want 1", len(c.Attachments))
	}
}

func TestParseConventionStatuses(t *testing.T) {
	for in, want := range map[string]string{
		"draft": "draft", "ended,terminated": "ended,terminated", "signée, résiliée": "signed,terminated",
		"all": "draft,sent,signed,ended,terminated", "signed,signed": "signed",
	} {
		l, err := domain.ParseConventionStatuses(in)
		noErr(t, err, in)
		var got []string
		for _, s := range l {
			got = append(got, string(s))
		}
		if strings.Join(got, ",") != want {
			t.Errorf("%q → %v, want %s", in, got, want)
		}
	}
	_, err := domain.ParseConventionStatuses("signed,valid")
	wantInvalid(t, err, "CONVENTION_STATUS", `"valid" is not a convention status`, "draft, sent, signed, ended, terminated", "all")
	_, err = domain.ParseConventionStatuses(" , ")
	wantInvalid(t, err, "CONVENTION_STATUS")
}
