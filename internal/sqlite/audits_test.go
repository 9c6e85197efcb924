package sqlite

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// An audit and its items, a finding closed, a website check with its
// evidence: stored, read back whole, journaled.
func TestAuditsAndWebChecksStored(t *testing.T) {
	db := prDB(t)
	ctx := context.Background()
	prMust(t, prTx(t, db, func(tx *Tx) error {
		return tx.CreatePartner(prPartner(prSIRET, "Formapro Lyon"), domain.MustDate("2025-01-06"), "")
	}))
	a := &domain.Audit{PartnerSIRET: prSIRET, Date: domain.MustDate("2026-03-10"), Auditor: "Claire Martin", ChecklistVersion: "habil-2026.1", Source: "audit.xlsx",
		Items: []domain.AuditItem{
			{Code: "LEG-01", Point: "Établissement actif", Status: domain.ItemCompliant},
			{Code: "COM-02", Point: "Intitulé exact", Status: domain.ItemNonCompliant, Severity: domain.SeverityMajor, Action: "corriger le site", Deadline: domain.MustDate("2026-04-10")},
			{Code: "VAE-01", Point: "Accompagnement VAE", Status: domain.ItemNA},
		}}
	prMust(t, prTx(t, db, func(tx *Tx) error { return tx.CreateAudit(a) }))
	var got []*domain.Audit
	prMust(t, db.Read(ctx, func(r domain.Reader) error {
		var err error
		got, err = r.Audits(domain.AuditFilter{Partner: prSIRET})
		return err
	}))
	if len(got) != 1 || got[0].ID != a.ID || got[0].PartnerName != "Formapro Lyon" || len(got[0].Items) != 3 || got[0].Items[1].Deadline != domain.MustDate("2026-04-10") {
		t.Fatalf("audits read back: %+v", got)
	}
	if c := domain.ComplianceAt(got, domain.MustDate("2026-03-11")); c != domain.NonCompliant {
		t.Errorf("compliance with an open major finding = %s", c)
	}
	prMust(t, prTx(t, db, func(tx *Tx) error {
		before, err := tx.Audit(a.ID)
		if err != nil {
			return err
		}
		after := *before
		after.Items = append([]domain.AuditItem(nil), before.Items...)
		after.Items[1].ClosedOn, after.Items[1].Closure = domain.MustDate("2026-04-01"), "site corrigé"
		return tx.SaveAuditItemClosure(before, &after, after.Items[1].ID)
	}))
	prMust(t, db.Read(ctx, func(r domain.Reader) error {
		x, err := r.Audit(a.ID)
		if err == nil && (x.Items[1].Closure != "site corrigé" || x.Items[1].OpenAt(domain.MustDate("2026-04-01"))) {
			t.Errorf("closure not stored: %+v", x.Items[1])
		}
		return err
	}))
	w := &domain.WebCheck{PartnerSIRET: prSIRET, URL: "https://formapro.example/", CheckedOn: domain.MustDate("2026-03-12"), HTTPStatus: 200,
		SHA256: strings.Repeat("ab", 32), Size: 1234, Findings: []domain.WebFinding{{Code: "WEB_CERTIFIER_MISSING", Severity: domain.SeverityWarning, Message: "m"}}}
	prMust(t, prTx(t, db, func(tx *Tx) error { return tx.AddWebCheck(w) }))
	prMust(t, db.Read(ctx, func(r domain.Reader) error {
		l, err := r.WebChecks(domain.AuditFilter{})
		if err == nil && (len(l) != 1 || l[0].SHA256 != w.SHA256 || len(l[0].Findings) != 1 || l[0].Findings[0].Code != "WEB_CERTIFIER_MISSING") {
			t.Errorf("web checks read back: %+v", l)
		}
		return err
	}))
	if j := prJournal(t, db, "audit", ""); len(j) != 2 || j[1].Action != "close-finding" {
		t.Errorf("audit journal %+v", j)
	}
	var nf *domain.Error
	prMust(t, db.Read(ctx, func(r domain.Reader) error {
		_, err := r.Audit(99)
		if !errors.As(err, &nf) || nf.Kind != domain.KindNotFound {
			t.Errorf("unknown audit: %v", err)
		}
		return nil
	}))
}
