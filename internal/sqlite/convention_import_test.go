package sqlite

import (
	"context"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func TestUpdateConventionDraft(t *testing.T) {
	db := convDB(t)
	ctx := context.Background()
	c := convCreate(t, db, convNew("2025-01-10", "2025-02-01", "2025-12-31"))
	after := c.Clone()
	v := &after.Versions[0]
	v.From, v.To, v.Fees, v.Blocs, v.Access = domain.MustDate("2025-01-01"), domain.MustDate("2026-06-30"), domain.Fees{PerExam: 5000}, nil, nil
	after.Reference, after.CreatedOn = "REF-1", domain.MustDate("2025-01-05")
	if err := db.WithTx(ctx, func(tx *Tx) error { return tx.UpdateConventionDraft("edit", c, after) }); err != nil {
		t.Fatal(err)
	}
	got, err := db.Convention(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	tm := got.Terms()
	if len(got.Versions) != 1 || tm.From != v.From || tm.To != v.To || tm.Fees != v.Fees || len(tm.Blocs) != 0 || len(tm.Access) != 0 ||
		got.Reference != "REF-1" || got.CreatedOn != after.CreatedOn || got.Number != c.Number {
		t.Errorf("stored %+v, terms %+v", got, tm)
	}
	entries, err := db.Journal(ctx, JournalFilter{Entity: "convention"})
	if err != nil || len(entries) != 2 || entries[1].Action != "edit" {
		t.Fatalf("journal %+v (%v), want create then edit", entries, err)
	}
	// Only a draft is rewritten.
	signed := got.Clone()
	signed.Status, signed.SignedOn = domain.ConventionSigned, domain.MustDate("2025-01-20")
	if err := db.WithTx(ctx, func(tx *Tx) error { return tx.SaveConventionStatus("sign", got, signed) }); err != nil {
		t.Fatal(err)
	}
	again := signed.Clone()
	again.Versions[0].Fees = domain.Fees{}
	if err := db.WithTx(ctx, func(tx *Tx) error { return tx.UpdateConventionDraft("edit", signed, again) }); err == nil {
		t.Error("a signed convention was rewritten as a draft")
	}
}
