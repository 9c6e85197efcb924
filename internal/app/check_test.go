package app_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/sqlite"
)

// ckApp opens an application over a fresh temporary database whose
// certifier is certifier (none when nil).
func ckApp(t *testing.T, certifier *domain.Certifier) (*app.App, *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC) }
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "habil.db"), sqlite.Options{Now: clock, Actor: sqlite.Actor{User: "test", Command: "habil test"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if certifier != nil {
		ckUpdate(t, db, func(tx domain.Tx) error { _, _, err := tx.SaveCertifier(*certifier); return err })
	}
	return app.New(db, app.DefaultConfig(), clock), db
}

func ckUpdate(t *testing.T, db *sqlite.DB, fn func(tx domain.Tx) error) {
	t.Helper()
	if err := db.Update(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

var ckMe = &domain.Certifier{Name: "Académie des Métiers du Numérique", SIRET: "73282932000074"}

// ckNetwork records RNCP35419 (registration until 2027-12-31) and Formapro
// Lyon, active, habilitated on it since 2025-01-01, Qualiopi until
// 2026-03-31, with no convention.
func ckNetwork(t *testing.T, db *sqlite.DB) {
	t.Helper()
	ckUpdate(t, db, func(tx domain.Tx) error {
		if _, err := tx.SaveCertification(&domain.Certification{Code: "RNCP35419", Title: "Développeur web et web mobile", Level: 5,
			EndDate: domain.MustDate("2027-12-31"), Source: "manual"}); err != nil {
			return err
		}
		p := &domain.Partner{SIRET: "85262016007290", Name: "Formapro Lyon", Status: domain.StatusActive, Role: domain.RolePartner, NDA: "84691234569"}
		p.Qualiopi.ValidUntil = domain.MustDate("2026-03-31")
		p.Qualiopi.Categories = []string{domain.QualiopiTraining, domain.QualiopiVAE, domain.QualiopiApprenticeship}
		if err := tx.CreatePartner(p, domain.MustDate("2025-01-01"), ""); err != nil {
			return err
		}
		return tx.AddHabilitation(&domain.Habilitation{PartnerSIRET: p.SIRET, Certification: "RNCP35419", Scope: domain.ScopeBoth, From: domain.MustDate("2025-01-01")})
	})
}

func ckCodes(l []domain.Finding) string {
	var out []string
	for _, f := range l {
		out = append(out, string(f.Severity)+" "+f.Code+" "+f.Subject)
	}
	return strings.Join(out, "; ")
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe)
	// Nothing recorded: nothing found, an empty non-nil list.
	l, err := a.Check(ctx, domain.MustDate("2026-02-01"))
	if err != nil || l == nil || len(l) != 0 {
		t.Fatalf("empty register: %v, %v", l, err)
	}
	ckNetwork(t, db)
	l, err = a.Check(ctx, domain.MustDate("2026-02-01"))
	if err != nil {
		t.Fatal(err)
	}
	// AUDIT_OVERDUE (issue 11): habilitated more than 12 months before, never audited.
	want := "error CONVENTION_MISSING 85262016007290; warning AUDIT_OVERDUE 85262016007290; warning QUALIOPI_EXPIRING 85262016007290; info FC_RECONCILE_NEVER RNCP35419"
	if got := ckCodes(l); got != want {
		t.Errorf("findings:\ngot  %s\nwant %s", got, want)
	}
	// The thresholds come from the configuration.
	a.Config.Check.QualiopiExpiringDays = 30
	l, _ = a.Check(ctx, domain.MustDate("2026-02-01"))
	if got := ckCodes(l); strings.Contains(got, check.QualiopiExpiring) {
		t.Errorf("a 30-day Qualiopi limit: %s", got)
	}
	// The same findings as the registry run over the snapshot.
	s, err := a.CheckSnapshot(ctx, domain.MustDate("2026-04-01"))
	if err != nil || len(s.Partners) != 1 || len(s.Partners[0].Habilitations) != 1 || len(s.Certifications) != 1 || s.Reconcile != nil || s.Limits.QualiopiExpiringDays != 30 {
		t.Fatalf("snapshot = %+v, %v", s, err)
	}
	l, _ = a.Check(ctx, domain.MustDate("2026-04-01"))
	if ckCodes(l) != ckCodes(check.Run(s)) {
		t.Errorf("Check and Run(snapshot) differ: %s / %s", ckCodes(l), ckCodes(check.Run(s)))
	}
	// The check only reads: the journal is unchanged.
	before, _ := journalLen(t, db)
	_, _ = a.Check(ctx, domain.MustDate("2026-04-01"))
	if after, _ := journalLen(t, db); after != before {
		t.Errorf("the check wrote %d journal entries", after-before)
	}
}

func journalLen(t *testing.T, db *sqlite.DB) (int, error) {
	t.Helper()
	n := 0
	err := db.Read(context.Background(), func(r domain.Reader) error {
		l, err := r.JournalEntries(domain.JournalFilter{})
		n = len(l)
		return err
	})
	return n, err
}

func TestCheckNeedsInit(t *testing.T) {
	a, _ := ckApp(t, nil)
	if _, err := a.Check(context.Background(), domain.MustDate("2026-02-01")); err == nil || domain.KindOf(err) == domain.KindInternal {
		t.Fatalf("a database without certifier: got %v, want a clear error", err)
	}
}
