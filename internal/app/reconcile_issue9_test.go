package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
)

func rcFind(l []domain.Finding, code, subject string) *domain.Finding {
	for i := range l {
		if l[i].Code == code && l[i].Subject == subject {
			return &l[i]
		}
	}
	return nil
}

// On the real sample, RNCP35419 is marked inactive (ACTIF Non): what is
// listed on it, and our habilitations not listed there, are info — the
// nightly check does not fail on a fiche nobody can enter. The sample's file
// name carries no date: FC_EXPORT_OLD says so, as info.
func TestReconcileInactiveFiche(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe)
	rcNetwork(t, a, db)
	at := domain.MustDate("2025-11-01")
	res, err := a.Reconcile(ctx, app.ReconcileInput{Files: []string{fcFixture("export_fiches_rncp_rs_v4_1_sample.xml")}, At: at})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Due {
		if strings.HasPrefix(f.Code, "FC_") && f.Certification == "RNCP35419" && f.Severity != domain.SeverityInfo {
			t.Errorf("%s %s on the inactive RNCP35419: %s", f.Severity, f.Code, f.Message)
		}
		if strings.Contains(f.Message, "ask France Compétences") {
			t.Errorf("%s: the certifier declares, France Compétences does not remove: %s", f.Code, f.Message)
		}
	}
	f := rcFind(res.Due, domain.FCUnknownPartner, "44321186700025")
	if f == nil || f.Severity != domain.SeverityInfo || !strings.Contains(f.Message, "the export marks RNCP35419 inactive, so no candidate can enter it") {
		t.Fatalf("VISIPLUS on the inactive fiche: %+v", f)
	}
	if f := rcFind(res.Due, "FC_EXPORT_OLD", "export_fiches_rncp_rs_v4_1_sample.xml"); f == nil || f.Severity != domain.SeverityInfo ||
		!strings.Contains(f.Message, "is unknown") {
		t.Errorf("FC_EXPORT_OLD of an undated file: %+v", f)
	}
	// check reports the same, and nothing at error on RNCP35419's listings.
	l, err := a.Check(ctx, at)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range l {
		if strings.HasPrefix(f.Code, "FC_") && f.Certification == "RNCP35419" && f.Severity != domain.SeverityInfo {
			t.Errorf("check: %s %s", f.Code, f.Message)
		}
	}
}

// On an open fiche the hints name what the certifier does and where; an
// ORGANISER-only listing is not told it can sell training; an export older
// than 90 days is FC_EXPORT_OLD.
func TestReconcileWordingAndAge(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe)
	rcNetwork(t, a, db)
	// 2025-10-20 + 90 days = 2026-01-18: not old; the day after, old.
	for _, tc := range []struct {
		at  string
		old bool
	}{{"2026-01-18", false}, {"2026-01-19", true}} {
		res, err := a.Reconcile(ctx, app.ReconcileInput{Files: []string{fcFixture(rcActive)}, At: domain.MustDate(tc.at)})
		if err != nil {
			t.Fatal(err)
		}
		f := rcFind(res.Due, "FC_EXPORT_OLD", rcActive)
		if (f != nil) != tc.old || (f != nil && (f.Severity != domain.SeverityWarning || !strings.Contains(f.Message, "is of 2025-10-20, 91 days old on 2026-01-19"))) {
			t.Errorf("at %s: FC_EXPORT_OLD = %+v", tc.at, f)
		}
		if tc.old {
			l, _ := a.Check(ctx, domain.MustDate(tc.at))
			if rcFind(l, "FC_EXPORT_OLD", rcActive) == nil {
				t.Errorf("check at %s: no FC_EXPORT_OLD in %s", tc.at, ckCodes(l))
			}
		}
		u := rcFind(res.Due, domain.FCUnknownPartner, "44321186700025")
		if u == nil || u.Severity != domain.SeverityError || !strings.Contains(u.Message, "certificationprofessionnelle.fr") ||
			!strings.Contains(u.Message, "R6113-16-5") || !strings.Contains(u.Message, "it can sell training for RNCP35419 on Mon Compte Formation") {
			t.Errorf("unknown partner: %+v", u)
		}
	}
	// ORGANISER only: cannot sell training.
	got := domain.Reconcile(domain.ReconcileInput{At: domain.MustDate("2026-01-01"), Fiches: []domain.ReconcileFiche{{Cert: "RS5568", HasStatus: true,
		Partners: []domain.PublishedPartner{{SIRET: "44321186700025", Name: "VISIPLUS", Habilitation: "HABILITATION_ORGANISER", Status: "Actif"}}}}})
	if len(got) != 1 || !strings.Contains(got[0].Message, "as HABILITATION_ORGANISER it cannot sell training on Mon Compte Formation") ||
		strings.Contains(got[0].Message, "it can sell") {
		t.Errorf("organiser only: %+v", got)
	}
}

// 'partner declared' records a declaration (journaled); check then reports
// the suspension France Compétences still lists as FC_DECLARED, not
// FC_DECLARATION_LATE.
func TestDeclare(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe) // today: 2026-02-01
	rcNetwork(t, a, db)
	// ISCOD, listed ORGA_FORM by the export of 2025-10-20, suspended here on 2025-11-10.
	if _, err := a.ChangeStatus(ctx, "88877726500016", domain.StatusSuspended, domain.MustDate("2025-11-10"), "audit"); err != nil {
		t.Fatal(err)
	}
	at := domain.MustDate("2026-01-10") // 61 days after
	if _, err := a.Reconcile(ctx, app.ReconcileInput{Files: []string{fcFixture(rcActive)}, At: at}); err != nil {
		t.Fatal(err)
	}
	l, _ := a.Check(ctx, at)
	if f := rcFind(l, domain.FCDeclarationLate, "88877726500016"); f == nil || f.Severity != domain.SeverityError {
		t.Fatalf("suspended 61 days ago, still listed: %s", ckCodes(l))
	}
	l, _ = a.Check(ctx, domain.MustDate("2026-01-09"))
	if f := rcFind(l, domain.FCRegisterMismatch, "88877726500016"); f == nil || !strings.Contains(f.Message, "to declare by 2026-01-09") {
		t.Fatalf("suspended 60 days ago: %s", ckCodes(l))
	}
	// Refusals: a future date, an unknown partner or certification.
	_, err := a.Declare(ctx, app.DeclareInput{SIRET: "88877726500016", Date: domain.MustDate("2026-02-02")})
	wantKind(t, err, domain.KindConflict, "DECLARATION_FUTURE")
	_, err = a.Declare(ctx, app.DeclareInput{SIRET: "35600000000055", Date: domain.MustDate("2026-01-05")})
	wantKind(t, err, domain.KindNotFound, "NOT_FOUND")
	_, err = a.Declare(ctx, app.DeclareInput{SIRET: "88877726500016", Certification: "RNCP99999", Date: domain.MustDate("2026-01-05")})
	if domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("unknown certification: %v", err)
	}
	res, err := a.Declare(ctx, app.DeclareInput{SIRET: "88877726500016", Certification: "RNCP35419", Date: domain.MustDate("2025-11-12")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Declaration.ID == 0 || len(res.Answered) != 1 || res.Answered[0].Subject != "88877726500016" {
		t.Errorf("declare: %+v", res)
	}
	l, _ = a.Check(ctx, at)
	if rcFind(l, domain.FCDeclarationLate, "88877726500016") != nil || rcFind(l, domain.FCDeclared, "88877726500016") == nil {
		t.Errorf("after the declaration: %s", ckCodes(l))
	}
	var entries []domain.JournalEntry
	_ = db.Read(ctx, func(r domain.Reader) error {
		entries, err = r.JournalEntries(domain.JournalFilter{Entity: "partner", ID: "88877726500016"})
		return err
	})
	last := entries[len(entries)-1]
	if last.Action != "declare" || !strings.Contains(string(last.After), `"declared_on":"2025-11-12"`) || !strings.Contains(string(last.After), `"certification":"RNCP35419"`) {
		t.Errorf("journal: %+v %s", last, last.After)
	}
}
