package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/sqlite"
)

// rcActive is the sample export with RNCP35419 marked active, dated
// 2025-10-20 by its name.
const rcActive = "export_fiches_RNCP_V4_1_2025-10-20_active.xml"

// rcNetwork: RNCP35419 and RS5568 imported from the sample export (RNCP35419
// marked active: rcActive); ISCOD
// (listed ORGA_FORM) habilitated both; Formapro Lyon habilitated since
// 2025-01-01 and not listed; Académie La Poste habilitated since
// 2025-10-01, not listed either.
func rcNetwork(t *testing.T, a *app.App, db *sqlite.DB) {
	t.Helper()
	if _, err := a.ImportCertifications(context.Background(), app.ImportCertificationsInput{File: fcFixture(rcActive),
		Codes: []domain.CertCode{"RNCP35419", "RS5568"}}); err != nil {
		t.Fatal(err)
	}
	ckUpdate(t, db, func(tx domain.Tx) error {
		for _, p := range []struct {
			siret, name, from string
			scope             domain.Scope
		}{
			{"88877726500016", "ISCOD", "2024-01-01", domain.ScopeBoth},
			{"81738914100018", "Formapro Lyon", "2025-01-01", domain.ScopeTrain},
			{"35600000000048", "Académie La Poste", "2025-10-01", domain.ScopeTrain},
		} {
			from := domain.MustDate(p.from)
			if err := tx.CreatePartner(&domain.Partner{SIRET: domain.SIRET(p.siret), Name: p.name, Status: domain.StatusActive, Role: domain.RolePartner}, from, ""); err != nil {
				return err
			}
			if err := tx.AddHabilitation(&domain.Habilitation{PartnerSIRET: domain.SIRET(p.siret), Certification: "RNCP35419", Scope: p.scope, From: from}); err != nil {
				return err
			}
		}
		return nil
	})
}

func rcSubjects(l []domain.Finding, code string) string {
	var out []string
	for _, f := range l {
		if f.Code == code {
			out = append(out, f.Subject)
		}
	}
	return strings.Join(out, ",")
}

func TestReconcile(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe)
	// No certification: nothing to reconcile.
	_, err := a.Reconcile(ctx, app.ReconcileInput{At: domain.MustDate("2025-11-01")})
	wantKind(t, err, domain.KindNotFound, "NOT_FOUND")
	rcNetwork(t, a, db)

	at := domain.MustDate("2025-11-01")
	res, err := a.Reconcile(ctx, app.ReconcileInput{Files: []string{fcFixture(rcActive)}, At: at})
	if err != nil {
		t.Fatal(err)
	}
	run := res.Run
	if run.ID == 0 || !run.HasStatus || run.Published != 19 || len(run.Certifications) != 2 || res.Partners != 3 || res.Grace != 60 {
		t.Fatalf("run = %+v, result = %+v", run, res)
	}
	// Formapro Lyon is due (habilitated 10 months ago); La Poste is within
	// the 60-day grace period: stored, not reported.
	if got := rcSubjects(res.Due, domain.FCRegisterMismatch); got != "81738914100018" {
		t.Errorf("FC_REGISTER_MISMATCH due = %q", got)
	}
	if res.Pending != 1 || !strings.Contains(rcSubjects(run.Findings, domain.FCRegisterMismatch), "35600000000048") {
		t.Errorf("pending = %d; stored: %s", res.Pending, rcSubjects(run.Findings, domain.FCRegisterMismatch))
	}
	if !strings.Contains(rcSubjects(res.Due, domain.FCUnknownPartner), "44321186700025") || strings.Contains(rcSubjects(res.Due, domain.FCUnknownPartner), "88877726500016") {
		t.Errorf("FC_UNKNOWN_PARTNER = %s", rcSubjects(res.Due, domain.FCUnknownPartner))
	}

	// The run is stored: 'check' reports it, with the same grace.
	l, err := a.Check(ctx, at)
	if err != nil {
		t.Fatal(err)
	}
	if rcSubjects(l, domain.FCRegisterMismatch) != "81738914100018" || !strings.Contains(rcSubjects(l, domain.FCUnknownPartner), "44321186700025") || rcSubjects(l, "FC_RECONCILE_NEVER") != "" {
		t.Errorf("check after reconcile: %s", ckCodes(l))
	}

	// The grace period comes from the configuration, for reconcile and check.
	a.Config.Check.FCDeclarationGraceDays = 0
	res, err = a.Reconcile(ctx, app.ReconcileInput{At: at}) // the lists kept by 'certification import'
	if err != nil {
		t.Fatal(err)
	}
	if res.Pending != 0 || rcSubjects(res.Due, domain.FCRegisterMismatch) != "35600000000048,81738914100018" || res.Run.Source != "stored" {
		t.Errorf("grace 0: pending %d, due %s, source %s", res.Pending, rcSubjects(res.Due, domain.FCRegisterMismatch), res.Run.Source)
	}
	l, _ = a.Check(ctx, at)
	if rcSubjects(l, domain.FCRegisterMismatch) != "35600000000048,81738914100018" {
		t.Errorf("check with grace 0: %s", ckCodes(l))
	}

	// Not an export: rejected, nothing stored.
	_, err = a.Reconcile(ctx, app.ReconcileInput{Files: []string{fcFixture("bad/random.bin")}, At: at})
	if domain.KindOf(err) != domain.KindRejected {
		t.Fatalf("random.bin: %v", err)
	}
	var last *domain.ReconcileRun
	_ = db.Read(ctx, func(r domain.Reader) error { last, err = r.LastReconcile(); return err })
	if last == nil || last.ID != res.Run.ID {
		t.Errorf("a rejected reconcile stored a run: %+v", last)
	}
}
