package check_test

import (
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

func TestCheckReconcile(t *testing.T) {
	in := ckInput()
	in.Partners = nil
	// Never run: one note when certifications exist, nothing otherwise.
	in.Reconcile = nil
	in.Certifications = append(in.Certifications, ckCert(ckRS, ""))
	f := ckOne(t, in, check.ReconcileNever, "'habil partner reconcile' was never run")
	if f.Severity != domain.SeverityInfo || f.Subject != "RNCP36141,RS6155" {
		t.Errorf("finding = %+v", f)
	}
	in.Certifications = nil
	ckWant(t, "no certification", ckCodes(t, in))

	// The last run's findings, with the grace period applied at --at.
	in.Reconcile = &domain.ReconcileRun{At: ckDate("2026-10-01"), Source: "export.xml", SourceDate: "2026-09-30", Findings: []domain.Finding{
		{Code: domain.FCUnknownPartner, Severity: domain.SeverityError, Subject: "44321186700025", Kind: domain.ReconcileUnknown, Certification: ckRNCP, Message: "VISIPLUS is listed"},
		{Code: domain.FCRegisterMismatch, Severity: domain.SeverityWarning, Subject: ckB, Kind: domain.ReconcileNotListed, Certification: ckRNCP,
			Since: ckDate("2026-09-27"), Message: "not listed"},
		{Code: domain.FCFicheMissing, Severity: domain.SeverityInfo, Subject: "RS6155", Kind: domain.ReconcileFicheMissing, Message: "RS6155 was not compared"},
	}}
	// The contract: due once the habilitation started MORE than 60 days before --at.
	in.At = ckDate("2026-11-26")
	ckWant(t, "grace: started 60 days ago", ckCodes(t, in), "error FC_UNKNOWN_PARTNER 44321186700025", "info FC_FICHE_MISSING RS6155")
	in.At = ckDate("2026-11-27")
	ckWant(t, "grace: started 61 days ago", ckCodes(t, in),
		"error FC_UNKNOWN_PARTNER 44321186700025", "warning FC_REGISTER_MISMATCH "+ckB, "info FC_FICHE_MISSING RS6155")
	in.Limits.FCDeclarationGraceDays = 90
	ckWant(t, "grace of 90 days", ckCodes(t, in), "error FC_UNKNOWN_PARTNER 44321186700025", "info FC_FICHE_MISSING RS6155")
	ckOne(t, in, domain.FCUnknownPartner, "VISIPLUS is listed [partner reconcile of 2026-10-01 against export.xml; run it again once fixed]")
	ckOne(t, in, domain.FCFicheMissing, "RS6155 was not compared [partner reconcile of 2026-10-01 against export.xml]")
	in.Reconcile.Source = "stored"
	ckOne(t, in, domain.FCUnknownPartner, "against the lists kept by 'certification import'")
	// The stored findings are not modified.
	if in.Reconcile.Findings[0].Message != "VISIPLUS is listed" {
		t.Errorf("the input was modified: %q", in.Reconcile.Findings[0].Message)
	}
}
