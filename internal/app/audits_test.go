package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"

	_ "github.com/habil-app/habil/internal/csvfr"
)

var auChecklist = &domain.Checklist{Version: "test-1", Items: []domain.ChecklistItem{
	{Code: "LEG-01", Section: "Statut juridique", Text: "SIRET actif"},
	{Code: "WEB-02", Section: "Site internet", Text: "Code RNCP sur le site"},
	{Code: "FOR-01", Section: "Formation", Text: "Compétences du référentiel"},
}}

const auHeader = "code;point de contrôle;statut;observations;gravité;action corrective;échéance\n"

func auFile(t *testing.T, rows string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "audit.csv")
	if err := os.WriteFile(p, []byte(auHeader+rows), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func auCount(t *testing.T, a *app.App) int {
	t.Helper()
	l, err := a.AuditList(context.Background(), "", false, domain.Date{})
	if err != nil {
		t.Fatal(err)
	}
	return len(l)
}

func TestRecordAudit(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe) // today 2026-02-01
	ckNetwork(t, db)
	const siret = domain.SIRET("85262016007290")
	good := auFile(t, "LEG-01;;conforme;;;;\nweb-02;;non conforme;pas de code;majeure;publier le code;15/01/2026\nFOR-01;;n/a;;;;\n")
	req := app.AuditRecordRequest{SIRET: siret, File: good, Date: domain.MustDate("2026-01-10"), Auditor: "C. Martin", Checklist: auChecklist}

	// Every error of every row, nothing written.
	bad := auFile(t, "XXX-1;;conforme;;;;\nLEG-01;;oui-non;;;;\nWEB-02;;non conforme;;;;\nFOR-01;;conforme;;mineure;;\n")
	r := req
	r.File = bad
	res, err := a.RecordAudit(ctx, r)
	if domain.KindOf(err) != domain.KindRejected {
		t.Fatalf("bad file: %v", err)
	}
	var got []string
	for _, e := range res.Errors.List() {
		got = append(got, e.String())
	}
	for _, want := range []string{"audit.csv:2:code: AUDIT_UNKNOWN_ITEM", "audit.csv:3:statut: AUDIT_STATUS", "audit.csv:4:gravité: AUDIT_SEVERITY",
		"audit.csv:4:action corrective: AUDIT_ACTION", "audit.csv:4:échéance: AUDIT_DEADLINE", "audit.csv:5:gravité: AUDIT_SEVERITY"} {
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("missing %q in\n%s", want, strings.Join(got, "\n"))
		}
	}
	if n := auCount(t, a); n != 0 {
		t.Fatalf("rejected file wrote %d audits", n)
	}

	// Unknown partner: NotFound. No checklist: refused.
	r = req
	r.SIRET = "35600000000048"
	if _, err := a.RecordAudit(ctx, r); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown partner: %v", err)
	}
	// Dry run: nothing written.
	r = req
	r.DryRun = true
	if res, err := a.RecordAudit(ctx, r); err != nil || res.Audit.ID != 0 || len(res.Audit.Items) != 3 {
		t.Fatalf("dry run: %v %+v", err, res)
	}
	if n := auCount(t, a); n != 0 {
		t.Fatalf("dry run wrote %d audits", n)
	}

	res, err = a.RecordAudit(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	au := res.Audit
	if au.ID == 0 || au.ChecklistVersion != "test-1" || au.Source != "audit.csv" || len(au.Findings()) != 1 {
		t.Fatalf("audit: %+v", au)
	}
	f := au.Findings()[0]
	if f.Code != "WEB-02" || f.Severity != domain.SeverityMajor || f.Deadline != domain.MustDate("2026-01-15") || f.Point != "Code RNCP sur le site" {
		t.Errorf("finding: %+v", f)
	}
	// Twice: refused, naming the audit.
	if _, err := a.RecordAudit(ctx, req); domain.KindOf(err) != domain.KindConflict || !strings.Contains(err.Error(), "already recorded as audit 1") {
		t.Errorf("twice: %v", err)
	}
	// The list: overdue on 2026-02-01, not compliant.
	l, err := a.AuditList(ctx, siret, true, domain.Date{})
	if err != nil || len(l) != 1 || l[0].Findings != 1 || l[0].Open != 1 || l[0].Overdue != 1 || l[0].Compliance != domain.NonCompliant {
		t.Fatalf("list: %+v %v", l, err)
	}
	if c, _ := a.PartnerCompliance(ctx, siret, domain.Date{}); c != domain.NonCompliant {
		t.Errorf("compliance: %s", c)
	}
	// check reports it.
	fs, err := a.Check(ctx, domain.MustDate("2026-02-01"))
	if err != nil || !strings.Contains(ckCodes(fs), "error NONCONFORMITY_OVERDUE 85262016007290") {
		t.Errorf("check: %s %v", ckCodes(fs), err)
	}

	// Closing: the rules, then closed.
	for _, c := range []struct {
		code, date string
		kind       domain.Kind
	}{
		{"LEG-01", "2026-01-20", domain.KindConflict}, // not a finding
		{"ZZZ", "2026-01-20", domain.KindNotFound},
		{"WEB-02", "2026-01-09", domain.KindConflict}, // before the audit
		{"WEB-02", "2026-02-02", domain.KindConflict}, // in the future
	} {
		if _, _, err := a.CloseFinding(ctx, au.ID, c.code, domain.MustDate(c.date), "x"); domain.KindOf(err) != c.kind {
			t.Errorf("close %s on %s: %v", c.code, c.date, err)
		}
	}
	after, it, err := a.CloseFinding(ctx, au.ID, "web-02", domain.MustDate("2026-01-20"), "code publié")
	if err != nil || it.ClosedOn != domain.MustDate("2026-01-20") || it.Closure != "code publié" || len(after.OpenFindings(domain.MustDate("2026-02-01"))) != 0 {
		t.Fatalf("close: %+v %v", it, err)
	}
	if _, _, err := a.CloseFinding(ctx, au.ID, "WEB-02", domain.MustDate("2026-01-21"), "x"); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("closed twice: %v", err)
	}
	if c, _ := a.PartnerCompliance(ctx, siret, domain.Date{}); c != domain.Compliant {
		t.Errorf("compliance after closing: %s", c)
	}
	if l, _ := a.AuditList(ctx, "", true, domain.Date{}); len(l) != 0 {
		t.Errorf("--open after closing: %+v", l)
	}
}
