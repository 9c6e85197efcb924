package sqlite

import (
	"context"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func TestReconcileRunStored(t *testing.T) {
	db := prDB(t)
	ctx := context.Background()
	run, err := db.LastReconcile(ctx)
	if err != nil || run != nil {
		t.Fatalf("before any run: %v, %v", run, err)
	}
	for i, src := range []string{"a.xml", "b.zip"} {
		r := &ReconcileRun{At: domain.MustDate("2025-11-01"), Source: src, Shape: "xml", HasStatus: i == 0,
			Certifications: []domain.CertCode{"RNCP36141", "RS6155"}, Published: 3 + i,
			Findings: []domain.Finding{
				{Code: domain.FCUnknownPartner, Severity: domain.SeverityError, Subject: "44321186700025", Message: "m1", Kind: domain.ReconcileUnknown, Certification: "RNCP36141", SIRET: "44321186700025"},
				{Code: domain.FCRegisterMismatch, Severity: domain.SeverityWarning, Subject: "81738914100018", Message: "m2", Kind: domain.ReconcileNotListed, Certification: "RNCP36141", SIRET: "81738914100018", Since: domain.MustDate("2025-10-01")},
			}}
		prMust(t, prTx(t, db, func(tx *Tx) error { return tx.SaveReconcile(r) }))
	}
	run, err = db.LastReconcile(ctx)
	prMust(t, err)
	if run.Source != "b.zip" || run.HasStatus || run.Published != 4 || len(run.Certifications) != 2 || run.At != domain.MustDate("2025-11-01") {
		t.Errorf("last run %+v", run)
	}
	if len(run.Findings) != 2 || run.Findings[1].Since != domain.MustDate("2025-10-01") || run.Findings[0].Severity != domain.SeverityError || run.Findings[1].Kind != domain.ReconcileNotListed {
		t.Errorf("findings %+v", run.Findings)
	}
	if due := domain.DueFindings(run.Findings, domain.MustDate("2025-11-01"), 60); len(due) != 1 {
		t.Errorf("due %+v", due)
	}
	j := prJournal(t, db, "reconcile", "")
	if len(j) != 2 || !strings.Contains(string(j[1].After), `"errors":1`) || !strings.Contains(string(j[1].After), `"warnings":1`) {
		t.Errorf("journal %+v", j)
	}
}
