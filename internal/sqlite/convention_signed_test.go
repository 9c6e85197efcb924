package sqlite

import (
	"context"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// The reference, what was signed and the attachments are written and read
// back as they were, and the status filter takes a list.
func TestConventionSignedRoundTrip(t *testing.T) {
	db := convDB(t)
	ctx := context.Background()
	c := convNew("2025-01-10", "2025-02-01", "2025-12-31")
	c.Reference = "AMN/2025-012"
	convCreate(t, db, c)
	convCreate(t, db, convNew("2025-01-11", "2026-01-01", "2026-12-31"))

	before := c.Clone()
	c.Status, c.SignedOn, c.CreatedOn = domain.ConventionSigned, domain.MustDate("2024-12-20"), domain.MustDate("2024-12-20")
	c.Versions[0].Date = c.CreatedOn
	c.SignedVersion, c.SignedPDFSHA256, c.SignedTemplateSHA256 = 1, strings.Repeat("a1", 32), strings.Repeat("b2", 32)
	att := domain.ConventionAttachment{Path: "/scans/CONV-2025-0001.pdf", SHA256: strings.Repeat("c3", 32), Size: 123456, AttachedOn: domain.MustDate("2025-01-15")}
	err := db.WithTx(ctx, func(tx *Tx) error {
		if err := tx.SaveConventionStatus("sign", before, c); err != nil {
			return err
		}
		mid := c.Clone()
		c.Attachments = append(c.Attachments, att)
		return tx.AddConventionAttachment(mid, c, &c.Attachments[0])
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Attachments[0].ID == 0 {
		t.Error("the attachment has no id")
	}
	got, err := db.Convention(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Reference != "AMN/2025-012" || got.SignedVersion != 1 || got.SignedPDFSHA256 != c.SignedPDFSHA256 ||
		got.SignedTemplateSHA256 != c.SignedTemplateSHA256 || got.CreatedOn != c.CreatedOn || got.Versions[0].Date != c.CreatedOn {
		t.Errorf("read back %+v", got)
	}
	if len(got.Attachments) != 1 || got.Attachments[0] != c.Attachments[0] {
		t.Errorf("attachments %+v, want %+v", got.Attachments, c.Attachments)
	}
	// In a listing too (the attachments of the conventions selected only).
	l, err := db.Conventions(ctx, domain.ConventionFilter{})
	if err != nil || len(l) != 2 {
		t.Fatalf("list: %v %d", err, len(l))
	}
	if len(l[0].Attachments) != 1 || len(l[1].Attachments) != 0 || l[0].Reference != "AMN/2025-012" {
		t.Errorf("list: %+v / %+v", l[0], l[1])
	}
	// The same content twice is refused by the schema too.
	err = db.WithTx(ctx, func(tx *Tx) error {
		dup := att
		return tx.AddConventionAttachment(c, c, &dup)
	})
	if err == nil {
		t.Error("the same SHA-256 was attached twice")
	}
	// Statuses: a list.
	for _, tc := range []struct {
		st   []domain.ConventionStatus
		want int
	}{
		{[]domain.ConventionStatus{domain.ConventionSigned}, 1},
		{[]domain.ConventionStatus{domain.ConventionDraft, domain.ConventionSigned}, 2},
		{[]domain.ConventionStatus{domain.ConventionEnded, domain.ConventionTerminated}, 0},
	} {
		l, err := db.Conventions(ctx, domain.ConventionFilter{Statuses: tc.st})
		if err != nil || len(l) != tc.want {
			t.Errorf("%v: %d conventions (%v), want %d", tc.st, len(l), err, tc.want)
		}
	}
	// The journal has what was signed and the attachment.
	var n int
	if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM journal WHERE entity = 'convention' AND action = 'attach' AND after LIKE '%CONV-2025-0001.pdf%'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("journal attach entries: %d %v", n, err)
	}
}
