package app_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/sqlite"
)

// Helpers of this file are prefixed with "conv".

const (
	convSIRET  = domain.SIRET("85262016007290") // Formapro Lyon, habilitated on RNCP35419
	convOther  = domain.SIRET("73282932000074") // Atelier Nord, habilitated on nothing
	convRNCP   = domain.CertCode("RNCP35419")
	convRS     = domain.CertCode("RS5568")
	convToday  = "2025-01-15"
	convHabEnd = "2026-12-31"
)

// convApp is an App over a fresh temp database holding a certifier, two
// certifications (RNCP35419 registered until 2027-12-31, RS5568), Formapro
// Lyon (active, Qualiopi until 2025-06-30, habilitated "both" on
// RNCP35419 bloc 1 via FC and VAE from 2025-01-01 to 2026-12-31) and
// Atelier Nord (active, no habilitation). Today is 2025-01-15.
func convApp(t *testing.T) (*app.App, *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2025, 1, 15, 12, 0, 0, 0, time.Local)
	clock := func() time.Time { return now }
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "habil.db"), sqlite.Options{Now: clock})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{
		`INSERT INTO certifier(id, name, siret, created_at, updated_at) VALUES (1, 'Académie', '73282932000074', 'x', 'x')`,
		`INSERT INTO certification(code, title, level, end_date, created_at, updated_at) VALUES ('RNCP35419', 'Développeur web', 5, '2027-12-31', 'x', 'x')`,
		`INSERT INTO certification(code, title, level, end_date, created_at, updated_at) VALUES ('RS5568', 'Piloter un projet', 0, '2027-06-30', 'x', 'x')`,
		`INSERT INTO partner(siret, name, status, qualiopi_until, created_at, updated_at) VALUES ('85262016007290', 'Formapro Lyon', 'active', '2025-06-30', 'x', 'x')`,
		`INSERT INTO partner(siret, name, status, created_at, updated_at) VALUES ('73282932000074', 'Atelier Nord', 'active', 'x', 'x')`,
		`INSERT INTO habilitation(id, partner_siret, certification, scope, blocs, access, date_from, date_to, created_at, updated_at)
			VALUES (7, '85262016007290', 'RNCP35419', 'both', 'RNCP35419BC01', 'FC,VAE', '2025-01-01', '2026-12-31', 'x', 'x')`,
	} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return app.New(db, app.DefaultConfig(), clock), db
}

func convDate(s string) domain.Date { return domain.MustDate(s) }

func convMoney(m domain.Money) *domain.Money { return &m }

// convCreate draws up a convention for Formapro Lyon on RNCP35419.
func convCreate(t *testing.T, a *app.App, date, from, to string, fees domain.Fees) *domain.Convention {
	t.Helper()
	r := app.ConventionCreate{Partner: convSIRET, Certification: convRNCP, From: convDate(from), To: convDate(to), Fees: fees}
	if date != "" {
		r.Date = convDate(date)
	}
	res, err := a.CreateConvention(context.Background(), r)
	if err != nil {
		t.Fatalf("CreateConvention %s → %s: %v", from, to, err)
	}
	return res.Convention
}

// convErr checks that err is a *domain.Error of that kind and code.
func convErr(t *testing.T, err error, kind domain.Kind, code string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("got error %v, want a *domain.Error %s", err, code)
	}
	if de.Kind != kind || de.Code != code {
		t.Fatalf("got kind %d code %s (%v), want kind %d code %s", de.Kind, de.Code, err, kind, code)
	}
}

// convStored reads a convention back from the store.
func convStored(t *testing.T, a *app.App, ref string) *domain.Convention {
	t.Helper()
	c, err := a.Convention(context.Background(), ref)
	if err != nil {
		t.Fatalf("Convention(%s): %v", ref, err)
	}
	return c
}

// convCount is the number of conventions recorded.
func convCount(t *testing.T, a *app.App) int {
	t.Helper()
	res, err := a.ListConventions(context.Background(), domain.ConventionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(res.Conventions)
}

// convActions lists the journal actions recorded for a convention.
func convActions(t *testing.T, a *app.App, id string) []string {
	t.Helper()
	var out []string
	err := a.Store.Read(context.Background(), func(r domain.Reader) error {
		l, err := r.JournalEntries(domain.JournalFilter{Entity: "convention", ID: id})
		for _, e := range l {
			out = append(out, e.Action)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCreateConvention(t *testing.T) {
	a, _ := convApp(t)
	ctx := context.Background()

	// No --date: drawn up today (the clock), numbered in today's year.
	res, err := a.CreateConvention(ctx, app.ConventionCreate{Partner: convSIRET, Certification: convRNCP,
		From: convDate("2025-02-01"), To: convDate("2025-12-31"), Fees: domain.Fees{PerCandidate: 15000, FlatYearly: 120000}})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Convention
	if c.ID == 0 || c.Number != "CONV-2025-0001" || c.Status != domain.ConventionDraft || c.CreatedOn != convDate(convToday) {
		t.Errorf("created %d %s %s on %s, want a draft CONV-2025-0001 drawn up %s", c.ID, c.Number, c.Status, c.CreatedOn, convToday)
	}
	// The scope is copied from the habilitation.
	tm := c.Terms()
	if c.HabilitationID != 7 || tm.Scope != domain.ScopeBoth || len(tm.Blocs) != 1 || tm.Blocs[0] != "RNCP35419BC01" || domain.AccessCodes(tm.Access) != "FC,VAE" {
		t.Errorf("scope not copied from habilitation 7: %+v (habilitation %d)", tm, c.HabilitationID)
	}
	// The Qualiopi certificate ends before the convention: a warning, not an error.
	if len(res.Warnings) != 1 || res.Renews != "" {
		t.Errorf("warnings %q, renews %q: want the Qualiopi warning only", res.Warnings, res.Renews)
	}
	if got := convStored(t, a, "CONV-2025-0001"); got.Terms().Fees != (domain.Fees{PerCandidate: 15000, FlatYearly: 120000}) || got.PartnerName != "Formapro Lyon" {
		t.Errorf("stored %+v", got)
	}
	if acts := convActions(t, a, "1"); len(acts) != 1 || acts[0] != "create" {
		t.Errorf("journal %v, want [create]", acts)
	}

	// The year of --date gives the number.
	if c := convCreate(t, a, "2026-01-05", "2026-01-01", "2026-06-30", domain.Fees{}); c.Number != "CONV-2026-0001" {
		t.Errorf("drawn up in 2026: numbered %s", c.Number)
	}
}

func TestCreateConventionRefusals(t *testing.T) {
	a, db := convApp(t)
	ctx := context.Background()
	create := func(siret domain.SIRET, code domain.CertCode, from, to string) error {
		_, err := a.CreateConvention(ctx, app.ConventionCreate{Partner: siret, Certification: code, From: convDate(from), To: convDate(to)})
		return err
	}
	// No habilitation on that certification, or none at all: a conflict.
	convErr(t, create(convSIRET, convRS, "2025-02-01", "2025-12-31"), domain.KindConflict, "CONVENTION_NO_HABILITATION")
	convErr(t, create(convOther, convRNCP, "2025-02-01", "2025-12-31"), domain.KindConflict, "CONVENTION_NO_HABILITATION")
	// Beyond the registration, beyond or before the habilitation.
	convErr(t, create(convSIRET, convRNCP, "2025-02-01", "2028-01-31"), domain.KindConflict, "CONVENTION_BEYOND_REGISTRATION")
	convErr(t, create(convSIRET, convRNCP, "2025-02-01", "2027-06-30"), domain.KindConflict, "CONVENTION_BEYOND_HABILITATION")
	convErr(t, create(convSIRET, convRNCP, "2024-09-01", "2025-08-31"), domain.KindConflict, "CONVENTION_BEYOND_HABILITATION")
	// Malformed requests are refused before the store is read.
	convErr(t, create(convSIRET, convRNCP, "2025-12-01", "2025-02-01"), domain.KindInvalid, "DATES_ORDER")
	_, err := a.CreateConvention(ctx, app.ConventionCreate{Partner: convSIRET, Certification: convRNCP,
		From: convDate("2025-02-01"), To: convDate("2025-12-31"), Fees: domain.Fees{PerExam: -1}})
	convErr(t, err, domain.KindInvalid, "FEE_NEGATIVE")
	// Unknown partner or certification.
	var de *domain.Error
	if err := create("44306184100047", convRNCP, "2025-02-01", "2025-12-31"); !errors.As(err, &de) || de.Kind != domain.KindNotFound {
		t.Errorf("unknown partner: %v", err)
	}
	if err := create(convSIRET, "RNCP99999", "2025-02-01", "2025-12-31"); !errors.As(err, &de) || de.Kind != domain.KindNotFound {
		t.Errorf("unknown certification: %v", err)
	}
	if n := convCount(t, a); n != 0 {
		t.Fatalf("%d conventions recorded by refusals", n)
	}

	// An overlap with another convention of the partner on the certification.
	first := convCreate(t, a, "", "2025-02-01", "2025-12-31", domain.Fees{})
	convErr(t, create(convSIRET, convRNCP, "2025-06-01", "2026-05-31"), domain.KindConflict, "CONVENTION_OVERLAP")
	// The refusal consumed no number.
	if c := convCreate(t, a, "", "2026-01-01", "2026-06-30", domain.Fees{}); c.Number != "CONV-2025-0002" || first.Number != "CONV-2025-0001" {
		t.Errorf("numbers %s then %s, want 0001 then 0002", first.Number, c.Number)
	}

	// A withdrawn partner gets none.
	if _, err := db.SQL().ExecContext(ctx, `UPDATE partner SET status = 'withdrawn' WHERE siret = ?`, string(convSIRET)); err != nil {
		t.Fatal(err)
	}
	convErr(t, create(convSIRET, convRNCP, "2026-07-01", "2026-12-31"), domain.KindConflict, "PARTNER_WITHDRAWN")
	if n := convCount(t, a); n != 2 {
		t.Errorf("%d conventions, want 2", n)
	}
}

func TestConventionLifeCycle(t *testing.T) {
	a, _ := convApp(t)
	ctx := context.Background()
	c := convCreate(t, a, "2025-01-10", "2025-02-01", "2025-12-31", domain.Fees{})

	// Sent today (no date), then a signature before it was sent is refused.
	sent, err := a.SendConvention(ctx, c.Number, domain.Date{})
	if err != nil || sent.Status != domain.ConventionSent || sent.SentOn != convDate(convToday) {
		t.Fatalf("send: %v %+v", err, sent)
	}
	_, err = convSign(a, "1", convDate("2025-01-12"))
	convErr(t, err, domain.KindConflict, "CONVENTION_SIGN_DATE")

	// Signed on an earlier real date (after it was sent, before today).
	signed, err := convSign(a, "1", convDate(convToday))
	if err != nil {
		t.Fatal(err)
	}
	if signed.Status != domain.ConventionSigned || signed.SignedOn != convDate(convToday) || !signed.InForce(convDate("2025-06-01")) {
		t.Errorf("signed %+v", signed)
	}
	// The life cycle refuses going back, or signing twice.
	_, err = a.SendConvention(ctx, "1", domain.Date{})
	convErr(t, err, domain.KindConflict, "CONVENTION_STATUS_TRANSITION")
	_, err = convSign(a, "1", domain.Date{})
	convErr(t, err, domain.KindConflict, "CONVENTION_STATUS_SAME")

	// Its end in the future is refused: it is still in force.
	_, err = a.EndConvention(ctx, "1", domain.Date{}, "")
	convErr(t, err, domain.KindConflict, "CONVENTION_END_FUTURE")
	// In January 2026: ending early needs a reason; without a date it ends on its end date.
	a.Clock = func() time.Time { return time.Date(2026, 1, 5, 12, 0, 0, 0, time.Local) }
	_, err = a.EndConvention(ctx, "1", convDate("2025-09-30"), "")
	convErr(t, err, domain.KindInvalid, "REASON_MISSING")
	ended, err := a.EndConvention(ctx, "1", domain.Date{}, "")
	if err != nil || ended.Status != domain.ConventionEnded || ended.EndedOn != convDate("2025-12-31") {
		t.Fatalf("end: %v %+v", err, ended)
	}
	// Ended is final.
	_, err = a.TerminateConvention(ctx, "1", domain.Date{}, "erreur")
	convErr(t, err, domain.KindConflict, "CONVENTION_STATUS_FINAL")

	got := convStored(t, a, "CONV-2025-0001")
	if got.SentOn != convDate(convToday) || got.SignedOn != convDate(convToday) || got.EndedOn != convDate("2025-12-31") {
		t.Errorf("stored %+v", got)
	}
	if acts := convActions(t, a, "1"); strings.Join(acts, ",") != "create,send,sign,end" {
		t.Errorf("journal %v, want create, send, sign, end", acts)
	}
}

func TestSignConventionOnAnEarlierDate(t *testing.T) {
	a, _ := convApp(t) // today is 2025-01-15
	convCreate(t, a, "2025-01-02", "2025-02-01", "2025-12-31", domain.Fees{})
	// In the future: refused, nothing written.
	_, err := convSign(a, "CONV-2025-0001", convDate("2025-01-16"))
	convErr(t, err, domain.KindConflict, "CONVENTION_SIGN_FUTURE")
	if c := convStored(t, a, "1"); c.Status != domain.ConventionDraft || !c.SignedOn.IsZero() {
		t.Fatalf("a refused signature was recorded: %+v", c)
	}
	// Signed before it was recorded in habil (a convention signed on paper
	// last year): accepted, the drawn-up date moves to it, the number keeps its year.
	c, err := convSign(a, "CONV-2025-0001", convDate("2024-12-20"))
	if err != nil {
		t.Fatal(err)
	}
	got := convStored(t, a, "1")
	if c.SignedOn != convDate("2024-12-20") || got.CreatedOn != convDate("2024-12-20") || got.Versions[0].Date != convDate("2024-12-20") ||
		got.Number != "CONV-2025-0001" || !got.InForce(convDate("2025-02-01")) {
		t.Errorf("stored: signed %s, drawn up %s, version 1 %s, number %s", got.SignedOn, got.CreatedOn, got.Versions[0].Date, got.Number)
	}
}

func TestTerminateConvention(t *testing.T) {
	a, _ := convApp(t)
	ctx := context.Background()
	convCreate(t, a, "2025-01-10", "2025-02-01", "2025-12-31", domain.Fees{})
	if _, err := convSign(a, "1", convDate("2025-01-14")); err != nil {
		t.Fatal(err)
	}
	_, err := a.TerminateConvention(ctx, "1", convDate("2025-04-30"), "  ")
	convErr(t, err, domain.KindInvalid, "REASON_MISSING")
	_, err = a.TerminateConvention(ctx, "1", convDate("2025-01-13"), "erreur")
	convErr(t, err, domain.KindConflict, "CONVENTION_TERMINATE_DATE")
	c, err := a.TerminateConvention(ctx, "1", convDate("2025-04-30"), "manquements")
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != domain.ConventionTerminated || c.TerminatedOn != convDate("2025-04-30") || c.TerminationReason != "manquements" {
		t.Errorf("terminated %+v", c)
	}
	// Terminated is final: no signature, avenant or renewal.
	_, err = convSign(a, "1", domain.Date{})
	convErr(t, err, domain.KindConflict, "CONVENTION_STATUS_FINAL")
	_, err = a.AmendConvention(ctx, app.ConventionAmend{Ref: "1", Reason: "prolongation", To: convDate("2026-06-30")})
	convErr(t, err, domain.KindConflict, "CONVENTION_STATUS_FINAL")
	_, err = a.RenewConvention(ctx, app.ConventionRenew{Ref: "1"})
	convErr(t, err, domain.KindConflict, "CONVENTION_RENEW_TERMINATED")
	// The rest of the period is free again.
	if c := convCreate(t, a, "", "2025-05-01", "2025-12-31", domain.Fees{}); c.Number != "CONV-2025-0002" {
		t.Errorf("after the termination: %s", c.Number)
	}
	// A draft abandoned.
	d, err := a.TerminateConvention(ctx, "2", domain.Date{}, "abandon")
	if err != nil || d.TerminatedOn != convDate(convToday) || !d.NeverSigned() {
		t.Errorf("abandon a draft: %v %+v", err, d)
	}
}

func TestAmendConvention(t *testing.T) {
	a, _ := convApp(t)
	ctx := context.Background()
	convCreate(t, a, "2025-01-10", "2025-02-01", "2025-12-31", domain.Fees{PerCandidate: 15000, PerExam: 5000})

	// A reason is required.
	_, err := a.AmendConvention(ctx, app.ConventionAmend{Ref: "1", To: convDate("2026-06-30")})
	convErr(t, err, domain.KindInvalid, "REASON_MISSING")
	// Beyond the habilitation: refused, nothing written.
	_, err = a.AmendConvention(ctx, app.ConventionAmend{Ref: "1", Reason: "prolongation", To: convDate("2027-06-30")})
	convErr(t, err, domain.KindConflict, "CONVENTION_BEYOND_HABILITATION")
	// Nothing changes: refused.
	_, err = a.AmendConvention(ctx, app.ConventionAmend{Ref: "1", Reason: "rien"})
	convErr(t, err, domain.KindConflict, "CONVENTION_AMEND_NOTHING")
	if c := convStored(t, a, "1"); len(c.Versions) != 1 {
		t.Fatalf("refused avenants wrote versions: %+v", c.Versions)
	}

	// One fee given, one removed (0), the third kept; the period extended.
	res, err := a.AmendConvention(ctx, app.ConventionAmend{Ref: "CONV-2025-0001", Reason: "révision", To: convDate(convHabEnd),
		Fees: domain.FeeChanges{PerCandidate: convMoney(16000), PerExam: convMoney(0)}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Terms.Version != 2 || res.Terms.Date != convDate(convToday) || res.Terms.Reason != "révision" || res.Terms.To != convDate(convHabEnd) {
		t.Errorf("avenant terms %+v", res.Terms)
	}
	c := convStored(t, a, "1")
	if len(c.Versions) != 2 || c.Terms().Fees != (domain.Fees{PerCandidate: 16000}) || c.Versions[0].Fees.PerExam != 5000 {
		t.Errorf("stored versions %+v", c.Versions)
	}
	if acts := convActions(t, a, "1"); len(acts) != 2 || acts[1] != "amend" {
		t.Errorf("journal %v", acts)
	}

}

func TestAmendConventionOverlap(t *testing.T) {
	a, _ := convApp(t)
	ctx := context.Background()
	convCreate(t, a, "2025-01-10", "2025-02-01", "2025-12-31", domain.Fees{})
	convCreate(t, a, "2025-01-10", "2026-01-01", "2026-06-30", domain.Fees{})
	_, err := a.AmendConvention(ctx, app.ConventionAmend{Ref: "1", Reason: "prolongation", To: convDate("2026-03-31")})
	convErr(t, err, domain.KindConflict, "CONVENTION_OVERLAP")
	if c := convStored(t, a, "1"); len(c.Versions) != 1 {
		t.Errorf("a refused avenant was recorded: %+v", c.Versions)
	}
}

func TestRenewConvention(t *testing.T) {
	a, _ := convApp(t)
	ctx := context.Background()
	convCreate(t, a, "2025-01-10", "2025-02-01", "2025-12-31", domain.Fees{PerCandidate: 15000, FlatYearly: 120000})

	// Only a signed (or ended) convention is renewed.
	_, err := a.RenewConvention(ctx, app.ConventionRenew{Ref: "1"})
	convErr(t, err, domain.KindConflict, "CONVENTION_RENEW_UNSIGNED")
	if _, err := convSign(a, "1", convDate("2025-01-12")); err != nil {
		t.Fatal(err)
	}

	// By default: from the day after, as long (eleven months), cut at the
	// habilitation's end; the fees copied unless given.
	res, err := a.RenewConvention(ctx, app.ConventionRenew{Ref: "CONV-2025-0001", Fees: domain.FeeChanges{PerCandidate: convMoney(16000)}})
	if err != nil {
		t.Fatal(err)
	}
	n := res.Convention
	tm := n.Terms()
	if tm.From != convDate("2026-01-01") || tm.To != convDate("2026-11-30") || res.Note != "" {
		t.Errorf("renewal period %s → %s (note %q), want 2026-01-01 → 2026-11-30", tm.From, tm.To, res.Note)
	}
	if tm.Fees != (domain.Fees{PerCandidate: 16000, FlatYearly: 120000}) {
		t.Errorf("renewal fees %+v", tm.Fees)
	}
	if res.Renews != "CONV-2025-0001" || n.RenewsNumber != "CONV-2025-0001" || n.Status != domain.ConventionDraft || n.CreatedOn != convDate(convToday) {
		t.Errorf("renewal %+v (renews %q)", n, res.Renews)
	}
	if prev := convStored(t, a, "1"); prev.RenewedByNumber != n.Number {
		t.Errorf("CONV-2025-0001 renewed by %q, want %s", prev.RenewedByNumber, n.Number)
	}
	// A convention is renewed once.
	_, err = a.RenewConvention(ctx, app.ConventionRenew{Ref: "1"})
	convErr(t, err, domain.KindConflict, "CONVENTION_ALREADY_RENEWED")

	// A renewal whose default end passes the habilitation is cut, with a note.
	if _, err := convSign(a, n.Number, convDate(convToday)); err != nil {
		t.Fatal(err)
	}
	res, err = a.RenewConvention(ctx, app.ConventionRenew{Ref: n.Number})
	if err != nil {
		t.Fatal(err)
	}
	if tm := res.Convention.Terms(); tm.From != convDate("2026-12-01") || tm.To != convDate(convHabEnd) || res.Note == "" {
		t.Errorf("capped renewal %s → %s, note %q", tm.From, tm.To, res.Note)
	}
}

func TestRenewConventionDatesOrder(t *testing.T) {
	a, _ := convApp(t)
	ctx := context.Background()
	convCreate(t, a, "2025-01-10", "2025-02-01", "2025-12-31", domain.Fees{})
	if _, err := convSign(a, "1", convDate("2025-01-12")); err != nil {
		t.Fatal(err)
	}
	_, err := a.RenewConvention(ctx, app.ConventionRenew{Ref: "1", To: convDate("2025-12-31")})
	convErr(t, err, domain.KindInvalid, "DATES_ORDER")
	if n := convCount(t, a); n != 1 {
		t.Errorf("%d conventions after a refused renewal", n)
	}
}

func TestListConventions(t *testing.T) {
	a, _ := convApp(t)
	ctx := context.Background()
	res, err := a.ListConventions(ctx, domain.ConventionFilter{})
	if err != nil || len(res.Conventions) != 0 || res.Recorded != 0 {
		t.Fatalf("empty register: %v %+v", err, res)
	}
	convCreate(t, a, "2025-01-10", "2025-02-01", "2025-03-31", domain.Fees{}) // signed, ends in 75 days
	convCreate(t, a, "2025-01-10", "2025-04-01", "2025-12-31", domain.Fees{}) // signed, ends later
	convCreate(t, a, "2025-01-10", "2026-01-01", "2026-02-28", domain.Fees{}) // draft
	for _, id := range []string{"1", "2"} {
		if _, err := convSign(a, id, convDate("2025-01-12")); err != nil {
			t.Fatal(err)
		}
	}
	list := func(f domain.ConventionFilter) []string {
		t.Helper()
		res, err := a.ListConventions(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range res.Conventions {
			out = append(out, c.Number)
		}
		if len(out) == 0 && res.Recorded != 3 {
			t.Errorf("nothing matches: recorded %d, want 3", res.Recorded)
		}
		return out
	}
	eq := func(got []string, want ...string) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("got %v, want %v", got, want)
			return
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("got %v, want %v", got, want)
				return
			}
		}
	}
	eq(list(domain.ConventionFilter{}), "CONV-2025-0001", "CONV-2025-0002", "CONV-2025-0003")
	eq(list(domain.ConventionFilter{Status: domain.ConventionDraft}), "CONV-2025-0003")

	// --expiring-within 90 at today: the signed one ending within 90 days.
	var f domain.ConventionFilter
	if err := f.ExpiringWithin(convDate(convToday), 90); err != nil {
		t.Fatal(err)
	}
	eq(list(f), "CONV-2025-0001")
	f = domain.ConventionFilter{}
	if err := f.ExpiringWithin(convDate("2025-10-15"), 90); err != nil {
		t.Fatal(err)
	}
	eq(list(f), "CONV-2025-0002")
	f = domain.ConventionFilter{}
	if err := f.ExpiringWithin(convDate(convToday), 10); err != nil {
		t.Fatal(err)
	}
	eq(list(f))
	convErr(t, f.ExpiringWithin(convDate(convToday), -3), domain.KindInvalid, "DAYS")

	eq(list(domain.ConventionFilter{Partner: convOther}))
	eq(list(domain.ConventionFilter{Partner: convSIRET, Certification: convRNCP}), "CONV-2025-0001", "CONV-2025-0002", "CONV-2025-0003")
}

func TestConventionRef(t *testing.T) {
	a, _ := convApp(t)
	ctx := context.Background()
	convCreate(t, a, "2025-01-10", "2025-02-01", "2025-12-31", domain.Fees{})
	for _, ref := range []string{"1", "#1", "CONV-2025-0001", "conv-2025-0001"} {
		if c := convStored(t, a, ref); c.ID != 1 || len(c.Versions) != 1 {
			t.Errorf("%s: %+v", ref, c)
		}
	}
	var de *domain.Error
	if _, err := a.Convention(ctx, "99"); !errors.As(err, &de) || de.Kind != domain.KindNotFound {
		t.Errorf("unknown id: %v", err)
	}
	if _, err := convSign(a, "CONV-2025-0099", domain.Date{}); !errors.As(err, &de) || de.Kind != domain.KindNotFound {
		t.Errorf("unknown number: %v", err)
	}
	_, err := a.Convention(ctx, "CONV-25-1")
	convErr(t, err, domain.KindInvalid, "CONVENTION_REF")
}

func TestConventionWriteCancelled(t *testing.T) {
	a, _ := convApp(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := a.CreateConvention(ctx, app.ConventionCreate{Partner: convSIRET, Certification: convRNCP,
		From: convDate("2025-02-01"), To: convDate("2025-12-31")})
	if err == nil {
		t.Fatal("a cancelled create succeeded")
	}
	if n := convCount(t, a); n != 0 {
		t.Errorf("%d conventions recorded by a cancelled create", n)
	}
}
