package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
)

// TestAuditPlan adds to ckNetwork (Formapro Lyon, active, habilitated since
// 2025-01-01, Qualiopi until 2026-03-31) three active partners and a
// suspended one, audits recorded through the store, and website checks.
func TestAuditPlan(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe)

	// No partner: an empty plan, not an error.
	res, err := a.AuditPlan(ctx, app.AuditPlanInput{At: domain.MustDate("2026-02-01")})
	if err != nil || len(res.Entries) != 0 {
		t.Fatalf("empty register: %+v, %v", res, err)
	}

	ckNetwork(t, db)
	ckUpdate(t, db, func(tx domain.Tx) error {
		for _, p := range []struct {
			siret, name, from string
			status            domain.PartnerStatus
		}{
			{"88877726500016", "ISCOD", "2023-01-01", domain.StatusActive},
			{"81738914100018", "Campus Nord", "2023-06-01", domain.StatusActive},
			{"35600000000048", "Académie La Poste", "2023-06-01", domain.StatusActive},
			{"73282932000074", "Suspendu SA", "2022-01-01", domain.StatusSuspended},
		} {
			from := domain.MustDate(p.from)
			if err := tx.CreatePartner(&domain.Partner{SIRET: domain.SIRET(p.siret), Name: p.name, Status: p.status, Role: domain.RolePartner}, from, ""); err != nil {
				return err
			}
			if err := tx.AddHabilitation(&domain.Habilitation{PartnerSIRET: domain.SIRET(p.siret), Certification: "RNCP35419", Scope: domain.ScopeTrain, From: from}); err != nil {
				return err
			}
		}
		// ISCOD audited in 2024, nothing open; Campus Nord and La Poste
		// audited the same day, Campus Nord with an open major finding
		// past its deadline.
		for _, au := range []*domain.Audit{
			{PartnerSIRET: "88877726500016", Date: domain.MustDate("2024-05-01"), Auditor: "M. Audit",
				Items: []domain.AuditItem{{Code: "COM-01", Status: domain.ItemCompliant}}},
			{PartnerSIRET: "81738914100018", Date: domain.MustDate("2025-09-01"), Auditor: "M. Audit",
				Items: []domain.AuditItem{{Code: "COM-01", Status: domain.ItemNonCompliant, Severity: domain.SeverityMajor,
					Action: "Corriger le site", Deadline: domain.MustDate("2025-11-01")}}},
			{PartnerSIRET: "35600000000048", Date: domain.MustDate("2025-09-01"), Auditor: "M. Audit",
				Items: []domain.AuditItem{{Code: "COM-01", Status: domain.ItemCompliant}}},
		} {
			if err := tx.CreateAudit(au); err != nil {
				return err
			}
		}
		for _, w := range []*domain.WebCheck{
			{PartnerSIRET: "35600000000048", URL: "https://a.example/", CheckedOn: domain.MustDate("2025-12-01"), FetchedAt: "2025-12-01T10:00:00Z",
				Findings: []domain.WebFinding{{Code: "WEB_CERTIFICATION_MISSING", Severity: domain.SeverityWarning, Message: "x"}}},
			// The later check found the page fine: only the last one counts.
			{PartnerSIRET: "35600000000048", URL: "https://a.example/", CheckedOn: domain.MustDate("2026-01-15"), FetchedAt: "2026-01-15T10:00:00Z", HTTPStatus: 200},
			{PartnerSIRET: "81738914100018", URL: "https://b.example/", CheckedOn: domain.MustDate("2026-01-15"), FetchedAt: "2026-01-15T10:00:00Z",
				Findings: []domain.WebFinding{{Code: "WEB_UNREACHABLE", Severity: domain.SeverityWarning, Message: "x"}, {Code: "WEB_NDA_MENTION", Severity: domain.SeverityWarning, Message: "y"}}},
		} {
			if err := tx.AddWebCheck(w); err != nil {
				return err
			}
		}
		return nil
	})

	res, err = a.AuditPlan(ctx, app.AuditPlanInput{At: domain.MustDate("2026-02-01")})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	by := map[string]domain.AuditPlanEntry{}
	for _, e := range res.Entries {
		order = append(order, string(e.SIRET))
		by[string(e.SIRET)] = e
	}
	// Formapro Lyon never audited; then ISCOD (audit 2024-05-01); then the
	// two audited 2025-09-01, Campus Nord first (one open finding);
	// the suspended partner is not in the plan.
	if got, want := strings.Join(order, " "), "85262016007290 88877726500016 81738914100018 35600000000048"; got != want {
		t.Fatalf("order = %s\nwant    %s", got, want)
	}
	fl := by["85262016007290"]
	for _, r := range []string{"never audited (+30)", "13 months since its first habilitation (2025-01-01) (+13)", "Qualiopi certificate ends on 2026-03-31 (in 58 days) (+10)"} {
		if !planHasReason(fl.Reasons, r) {
			t.Errorf("Formapro Lyon reasons %q lack %q", fl.Reasons, r)
		}
	}
	cn := by["81738914100018"]
	if cn.OpenFindings != 1 || cn.Overdue != 1 || cn.Compliance != domain.NonCompliant || !planHasReason(cn.Reasons, "2 findings on its website (audit web of 2026-01-15) (+10)") {
		t.Errorf("Campus Nord = %+v", cn)
	}
	if lp := by["35600000000048"]; planHasReason(lp.Reasons, "website") {
		t.Errorf("La Poste's last website check found nothing, yet: %q", lp.Reasons)
	}

	// The last reconcile's findings on a partner are a reason: not the info
	// ones, nor a habilitation France Compétences has not had the time to
	// list (within check.fc_declaration_grace_days), as check says.
	ckUpdate(t, db, func(tx domain.Tx) error {
		return tx.SaveReconcile(&domain.ReconcileRun{At: domain.MustDate("2026-01-20"), Source: "export.xml", Shape: "xml", HasStatus: true,
			Findings: []domain.Finding{
				{Code: "FC_REGISTER_MISMATCH", Severity: domain.SeverityError, Subject: "88877726500016", SIRET: "88877726500016", Kind: domain.ReconcileCodeDiffers, Message: "x"},
				{Code: "FC_REGISTER_MISMATCH", Severity: domain.SeverityInfo, Subject: "81738914100018", SIRET: "81738914100018", Kind: domain.ReconcileListedInactive, Message: "y"},
				{Code: "FC_REGISTER_MISMATCH", Severity: domain.SeverityWarning, Subject: "35600000000048", SIRET: "35600000000048", Kind: domain.ReconcileNotListed,
					Since: domain.MustDate("2026-01-10"), Message: "z"},
			}})
	})
	res, _ = a.AuditPlan(ctx, app.AuditPlanInput{At: domain.MustDate("2026-02-01")})
	for _, e := range res.Entries {
		got := planHasReason(e.Reasons, "reconcile")
		if want := e.SIRET == "88877726500016"; got != want {
			t.Errorf("%s (%s): reconcile reason %v, want %v: %q", e.Name, e.SIRET, got, want, e.Reasons)
		}
		if e.SIRET == "88877726500016" && !planHasReason(e.Reasons, "1 finding in the last reconcile (2026-01-20) (+5)") {
			t.Errorf("ISCOD reasons %q", e.Reasons)
		}
	}
	// A plan dated before that run does not see it.
	res, _ = a.AuditPlan(ctx, app.AuditPlanInput{At: domain.MustDate("2026-01-19")})
	for _, e := range res.Entries {
		if planHasReason(e.Reasons, "reconcile") {
			t.Errorf("plan at 2026-01-19 shows the run of 2026-01-20: %q", e.Reasons)
		}
	}

	// The Qualiopi window is the check's.
	a.Config.Check.QualiopiExpiringDays = 30
	res, _ = a.AuditPlan(ctx, app.AuditPlanInput{At: domain.MustDate("2026-02-01")})
	if planHasReason(res.Entries[0].Reasons, "Qualiopi") {
		t.Errorf("a 30-day Qualiopi window: %q", res.Entries[0].Reasons)
	}

	// --year 2026: ISCOD (due 2025-05-01, overdue) and the never audited;
	// Campus Nord and La Poste are due in 2026 too (2026-09-01).
	res, _ = a.AuditPlan(ctx, app.AuditPlanInput{At: domain.MustDate("2026-02-01"), Year: 2026})
	if len(res.Entries) != 4 {
		t.Errorf("--year 2026: %d partners, want 4", len(res.Entries))
	}
	res, _ = a.AuditPlan(ctx, app.AuditPlanInput{At: domain.MustDate("2026-02-01"), Year: 2025})
	if len(res.Entries) != 2 || res.Entries[1].SIRET != "88877726500016" {
		t.Errorf("--year 2025: %+v, want Formapro Lyon and ISCOD", res.Entries)
	}
	if _, err := a.AuditPlan(ctx, app.AuditPlanInput{Year: -1}); err == nil {
		t.Error("year -1 accepted")
	}
}

func planHasReason(l []string, frag string) bool {
	for _, r := range l {
		if strings.Contains(r, frag) {
			return true
		}
	}
	return false
}
