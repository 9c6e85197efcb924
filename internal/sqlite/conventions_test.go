package sqlite

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// Helpers of this file are prefixed with "conv".

func convDB(t *testing.T) *DB {
	t.Helper()
	db := fdnOpen(t, filepath.Join(t.TempDir(), "habil.db"), Options{})
	ctx := context.Background()
	for _, q := range []string{
		`INSERT INTO certifier(id, name, siret, created_at, updated_at) VALUES (1, 'Académie', '73282932000074', 'x', 'x')`,
		`INSERT INTO certification(code, title, level, end_date, created_at, updated_at) VALUES ('RNCP35419', 'Développeur web', 5, '2027-12-31', 'x', 'x')`,
		`INSERT INTO partner(siret, name, status, created_at, updated_at) VALUES ('85262016007290', 'Formapro Lyon', 'active', 'x', 'x')`,
		`INSERT INTO habilitation(id, partner_siret, certification, scope, blocs, access, date_from, date_to, created_at, updated_at)
			VALUES (7, '85262016007290', 'RNCP35419', 'both', 'RNCP35419BC01', 'FC,VAE', '2025-01-01', '2027-12-31', 'x', 'x')`,
	} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return db
}

func convNew(created, from, to string) *domain.Convention {
	return &domain.Convention{
		PartnerSIRET: "85262016007290", Certification: "RNCP35419", HabilitationID: 7, Status: domain.ConventionDraft,
		CreatedOn: domain.MustDate(created),
		Versions: []domain.ConventionTerms{{Version: 1, Date: domain.MustDate(created), Scope: domain.ScopeBoth,
			Blocs: []string{"RNCP35419BC01"}, Access: []domain.Access{domain.AccessFC, domain.AccessVAE},
			From: domain.MustDate(from), To: domain.MustDate(to), Fees: domain.Fees{PerCandidate: 15000, FlatYearly: 120050}}},
	}
}

func convCreate(t *testing.T, db *DB, c *domain.Convention) *domain.Convention {
	t.Helper()
	if err := db.WithTx(context.Background(), func(tx *Tx) error { return tx.CreateConvention(c) }); err != nil {
		t.Fatalf("CreateConvention: %v", err)
	}
	return c
}

func TestConventionNumbering(t *testing.T) {
	db := convDB(t)
	ctx := context.Background()
	a := convCreate(t, db, convNew("2025-01-10", "2025-02-01", "2025-12-31"))
	b := convCreate(t, db, convNew("2025-03-10", "2026-01-01", "2026-12-31"))
	c := convCreate(t, db, convNew("2026-01-05", "2027-01-01", "2027-06-30"))
	d := convCreate(t, db, convNew("2024-12-20", "2025-01-01", "2025-01-31"))
	for conv, want := range map[*domain.Convention]string{a: "CONV-2025-0001", b: "CONV-2025-0002", c: "CONV-2026-0001", d: "CONV-2024-0001"} {
		if conv.Number != want {
			t.Errorf("convention %d numbered %s, want %s", conv.ID, conv.Number, want)
		}
	}
	// A number is never reused, even if a row disappears.
	if _, err := db.SQL().ExecContext(ctx, `DELETE FROM convention WHERE id = ?`, b.ID); err != nil {
		t.Fatal(err)
	}
	e := convCreate(t, db, convNew("2025-06-01", "2026-01-01", "2026-12-31"))
	if e.Number != "CONV-2025-0003" {
		t.Errorf("after a deletion the next 2025 number is %s, want CONV-2025-0003", e.Number)
	}
	// A failed transaction does not consume a number.
	err := db.WithTx(ctx, func(tx *Tx) error {
		if err := tx.CreateConvention(convNew("2025-06-02", "2026-01-01", "2026-12-31")); err != nil {
			return err
		}
		return domain.Conflict("X", "rolled back")
	})
	if err == nil {
		t.Fatal("expected the rollback error")
	}
	f := convCreate(t, db, convNew("2025-06-03", "2026-01-01", "2026-12-31"))
	if f.Number != "CONV-2025-0004" {
		t.Errorf("after a rollback the next number is %s, want CONV-2025-0004", f.Number)
	}
	l, err := db.Conventions(ctx, ConventionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, c := range l {
		order = append(order, c.Number)
	}
	want := []string{"CONV-2024-0001", "CONV-2025-0001", "CONV-2025-0003", "CONV-2025-0004", "CONV-2026-0001"}
	if len(order) != len(want) {
		t.Fatalf("list = %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("list = %v, want %v", order, want)
		}
	}
}

func TestConventionRoundTripAndLifeCycle(t *testing.T) {
	db := convDB(t)
	ctx := context.Background()
	c := convCreate(t, db, convNew("2025-01-10", "2025-02-01", "2026-12-31"))
	got, err := db.Convention(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	tm := got.Terms()
	if got.Number != "CONV-2025-0001" || got.PartnerName != "Formapro Lyon" || got.HabilitationID != 7 || got.Status != domain.ConventionDraft ||
		tm.Scope != domain.ScopeBoth || len(tm.Blocs) != 1 || domain.AccessCodes(tm.Access) != "FC,VAE" ||
		tm.Fees.PerCandidate != 15000 || tm.Fees.FlatYearly != 120050 || tm.Fees.PerExam != 0 || tm.To != domain.MustDate("2026-12-31") {
		t.Fatalf("round trip: %+v %+v", got, tm)
	}
	// Resolve by id and by number.
	for _, ref := range []string{"1", "CONV-2025-0001", "conv-2025-0001"} {
		id, err := db.ConventionID(ctx, ref)
		if err != nil || id != c.ID {
			t.Errorf("ConventionID(%q) = %d, %v", ref, id, err)
		}
	}
	_, err = db.ConventionID(ctx, "CONV-2025-0099")
	fdnWantCode(t, err, domain.KindNotFound, "NOT_FOUND")
	_, err = db.ConventionID(ctx, "99")
	fdnWantCode(t, err, domain.KindNotFound, "NOT_FOUND")
	_, err = db.ConventionID(ctx, "abc")
	fdnWantCode(t, err, domain.KindInvalid, "CONVENTION_REF")

	// Sign, amend, then the history holds both versions.
	err = db.WithTx(ctx, func(tx *Tx) error {
		cur, err := tx.Convention(c.ID)
		if err != nil {
			return err
		}
		before := *cur
		if err := cur.Sign(domain.MustDate("2025-01-20"), domain.Date{}); err != nil {
			return err
		}
		return tx.SaveConventionStatus("sign", &before, cur)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.WithTx(ctx, func(tx *Tx) error {
		cur, err := tx.Convention(c.ID)
		if err != nil {
			return err
		}
		before := *cur
		before.Versions = append([]domain.ConventionTerms(nil), cur.Versions...)
		cur.Versions = append(cur.Versions, domain.ConventionTerms{Version: 2, Date: domain.MustDate("2025-06-01"), Reason: "révision",
			Scope: domain.ScopeTrain, From: domain.MustDate("2025-02-01"), To: domain.MustDate("2026-06-30"), Fees: domain.Fees{PerExam: 9900}})
		return tx.AddConventionVersion(&before, cur)
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ = db.Convention(ctx, c.ID)
	if got.Status != domain.ConventionSigned || got.SignedOn != domain.MustDate("2025-01-20") || got.Version() != 2 ||
		got.Terms().Fees.PerExam != 9900 || got.Versions[0].Fees.PerCandidate != 15000 || len(got.Terms().Blocs) != 0 {
		t.Fatalf("after sign+amend: %+v", got)
	}
	// Filters: status and end date window (current terms).
	for _, tc := range []struct {
		f    ConventionFilter
		want int
	}{
		{ConventionFilter{Status: domain.ConventionSigned}, 1},
		{ConventionFilter{Status: domain.ConventionDraft}, 0},
		{ConventionFilter{EndsFrom: domain.MustDate("2026-06-01"), EndsTo: domain.MustDate("2026-06-30")}, 1},
		{ConventionFilter{EndsFrom: domain.MustDate("2026-07-01")}, 0},
		{ConventionFilter{Partner: "85262016007290", Certification: "RNCP35419"}, 1},
		{ConventionFilter{Certification: "RS5568"}, 0},
	} {
		l, err := db.Conventions(ctx, tc.f)
		if err != nil || len(l) != tc.want {
			t.Errorf("Conventions(%+v) = %d, %v; want %d", tc.f, len(l), err, tc.want)
		}
	}
	// Every change is journaled in its transaction.
	j, err := db.Journal(ctx, JournalFilter{Entity: "convention", ID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(j) != 3 || j[0].Action != "create" || j[1].Action != "sign" || j[2].Action != "amend" {
		t.Fatalf("journal = %+v", j)
	}
	var after conventionRow
	if err := json.Unmarshal(j[2].After, &after); err != nil || after.Version != 2 || after.FeePerExam != "99.00" || after.To != "2026-06-30" {
		t.Errorf("journal after = %s (%v)", j[2].After, err)
	}
}

func TestConventionRenewalLink(t *testing.T) {
	db := convDB(t)
	ctx := context.Background()
	prev := convCreate(t, db, convNew("2025-01-10", "2025-02-01", "2025-12-31"))
	abandoned := convNew("2025-11-01", "2026-01-01", "2026-12-31")
	abandoned.RenewsID = prev.ID
	abandoned.Status, abandoned.TerminatedOn, abandoned.TerminationReason = domain.ConventionTerminated, domain.MustDate("2025-11-15"), "erreur"
	convCreate(t, db, abandoned)
	got, _ := db.Convention(ctx, prev.ID)
	if got.RenewedByID != 0 {
		t.Errorf("an abandoned renewal counts as a renewal: %+v", got)
	}
	next := convNew("2025-11-20", "2026-01-01", "2026-12-31")
	next.RenewsID = prev.ID
	convCreate(t, db, next)
	got, _ = db.Convention(ctx, prev.ID)
	if got.RenewedByID != next.ID || got.RenewedByNumber != "CONV-2025-0003" {
		t.Errorf("renewed by = %d %s", got.RenewedByID, got.RenewedByNumber)
	}
	n, _ := db.Convention(ctx, next.ID)
	if n.RenewsID != prev.ID || n.RenewsNumber != "CONV-2025-0001" {
		t.Errorf("renews = %d %s", n.RenewsID, n.RenewsNumber)
	}
}

func TestConventionCount(t *testing.T) {
	db := convDB(t)
	ctx := context.Background()
	count := func() (inTx, inRead int) {
		t.Helper()
		if err := db.Update(ctx, func(tx domain.Tx) error {
			var err error
			inTx, err = tx.ConventionCount()
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.Read(ctx, func(r domain.Reader) error {
			var err error
			inRead, err = r.ConventionCount()
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return
	}
	if a, b := count(); a != 0 || b != 0 {
		t.Errorf("empty database counts %d, %d", a, b)
	}
	convCreate(t, db, convNew("2025-01-10", "2025-02-01", "2025-12-31"))
	convCreate(t, db, convNew("2025-01-10", "2026-01-01", "2026-12-31"))
	if a, b := count(); a != 2 || b != 2 {
		t.Errorf("counts %d, %d, want 2", a, b)
	}
}
