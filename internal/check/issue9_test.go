package check_test

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

// The rules of issue 9, each positive, negative and on its boundary day. The
// check runs on 2026-11-26 (ckAt).

func TestCheckPartnerNotActive(t *testing.T) {
	in := ckInput()
	p := in.Partners[0]
	p.Status = domain.StatusProspect
	f := ckOne(t, in, check.PartnerNotActive, "Formapro Lyon (888 777 265 00016) is still a prospect but its habilitation #1 for RNCP36141 (both, 2025-01-01 → (open)) is in force",
		"'habil partner status 88877726500016 active --reason …'")
	if f.Severity != domain.SeverityWarning || f.SIRET != ckA || f.Certification != ckRNCP {
		t.Errorf("finding = %+v", f)
	}
	p.Status = domain.StatusSuspended
	p.StatusSince = ckDate("2026-10-01")
	ckOne(t, in, check.PartnerNotActive, "is suspended since 2026-10-01 but its habilitation #1", "may neither train nor assess")
	for _, s := range []domain.PartnerStatus{domain.StatusActive, domain.StatusWithdrawn} {
		p.Status = s
		ckWant(t, "partner "+string(s), ckCodes(t, in, check.PartnerNotActive))
	}
	// Boundary days: a habilitation starting tomorrow is not in force; one
	// that ends today still is, one that ended yesterday no longer.
	p.Status = domain.StatusProspect
	p.Habilitations[0].From = ckAt.AddDays(1)
	ckWant(t, "starts tomorrow", ckCodes(t, in, check.PartnerNotActive))
	p.Habilitations[0].From = ckAt
	ckWant(t, "starts today", ckCodes(t, in, check.PartnerNotActive), "warning PARTNER_NOT_ACTIVE "+ckA)
	p.Habilitations[0].From, p.Habilitations[0].To = ckDate("2025-01-01"), ckAt
	ckWant(t, "ends today", ckCodes(t, in, check.PartnerNotActive), "warning PARTNER_NOT_ACTIVE "+ckA)
	p.Habilitations[0].To = ckAt.AddDays(-1)
	ckWant(t, "ended yesterday", ckCodes(t, in, check.PartnerNotActive))
}

func TestCheckQualiopiAndNDAMissing(t *testing.T) {
	in := ckInput()
	p := in.Partners[0]
	p.Qualiopi = domain.Qualiopi{}
	p.NDA = ""
	codes := []string{check.QualiopiMissing, check.NDAMissing}
	ckWant(t, "trains, nothing recorded", ckCodes(t, in, codes...), "error QUALIOPI_MISSING "+ckA, "warning NDA_MISSING "+ckA)
	ckOne(t, in, check.QualiopiMissing, "Formapro Lyon (888 777 265 00016) is habilitated to train for RNCP36141 but no Qualiopi certificate is recorded",
		"'habil partner edit 88877726500016 --qualiopi-number N --qualiopi-until D --qualiopi-categories formation'")
	ckOne(t, in, check.NDAMissing, "no déclaration d'activité number is recorded", "'habil partner edit 88877726500016 --nda N'")
	// A prospect that trains too; a suspended one may not train.
	p.Status = domain.StatusProspect
	ckWant(t, "prospect", ckCodes(t, in, codes...), "error QUALIOPI_MISSING "+ckA, "warning NDA_MISSING "+ckA)
	p.Status = domain.StatusSuspended
	ckWant(t, "suspended", ckCodes(t, in, codes...))
	p.Status = domain.StatusActive
	// Assessing only needs neither.
	p.Habilitations[0].Scope = domain.ScopeAssess
	ckWant(t, "assess only", ckCodes(t, in, codes...))
	p.Habilitations[0].Scope = domain.ScopeTrain
	// Recorded: a certificate number (or an end of validity), an NDA.
	p.Qualiopi.Number, p.NDA = "FR-123", "11755555575"
	ckWant(t, "recorded", ckCodes(t, in, codes...))
	p.Qualiopi.Number, p.NDA = "", ""
	// Boundary: a habilitation that starts tomorrow is not in force yet.
	p.Habilitations[0].From = ckAt.AddDays(1)
	ckWant(t, "starts tomorrow", ckCodes(t, in, codes...))
	p.Habilitations[0].From = ckAt
	ckWant(t, "starts today", ckCodes(t, in, codes...), "error QUALIOPI_MISSING "+ckA, "warning NDA_MISSING "+ckA)
	// Past the registration end, nothing is in force.
	in.Certifications[0].EndDate = ckAt.AddDays(-1)
	ckWant(t, "registration ended yesterday", ckCodes(t, in, codes...))
}

func TestCheckQualiopiCategoryMissing(t *testing.T) {
	in := ckInput()
	in.Certifications[0].Access = []domain.Access{domain.AccessFI, domain.AccessCA, domain.AccessFC, domain.AccessVAE}
	p := in.Partners[0]
	h := &p.Habilitations[0]
	h.Access = []domain.Access{domain.AccessVAE}
	p.Qualiopi.Categories = []string{domain.QualiopiTraining}
	f := ckOne(t, in, check.QualiopiCategoryMissing, "habilitation #1", `lacks the category "vae" for route VAE (it records formation)`,
		"'habil partner edit 88877726500016 --qualiopi-categories …'")
	if f.Severity != domain.SeverityWarning || f.Certification != ckRNCP {
		t.Errorf("finding = %+v", f)
	}
	p.Qualiopi.Categories = []string{domain.QualiopiVAE}
	ckWant(t, "VAE recorded", ckCodes(t, in, check.QualiopiCategoryMissing))
	// An empty route list is every route the certification opens: CA needs
	// apprenticeship; FI and FC no category of the contract's rule.
	h.Access = nil
	f = ckOne(t, in, check.QualiopiCategoryMissing, `lacks the category "apprentissage" for route CA (it records vae)`)
	if strings.Contains(f.Message, "route FC") {
		t.Errorf("FC needs no category under the contract's rule: %s", f.Message)
	}
	// No category recorded: nothing is guessed.
	p.Qualiopi.Categories = nil
	ckWant(t, "no category recorded", ckCodes(t, in, check.QualiopiCategoryMissing))
	p.Qualiopi.Categories = []string{domain.QualiopiVAE}
	// Assessing needs no category; no certificate at all is QUALIOPI_MISSING.
	h.Scope = domain.ScopeAssess
	ckWant(t, "assess only", ckCodes(t, in, check.QualiopiCategoryMissing))
	h.Scope = domain.ScopeBoth
	p.Qualiopi = domain.Qualiopi{}
	ckWant(t, "no certificate", ckCodes(t, in, check.QualiopiCategoryMissing))
	// Boundary: a habilitation that ended yesterday is not in force.
	p.Qualiopi.Number = "FR-1"
	p.Qualiopi.Categories = []string{domain.QualiopiVAE}
	h.To = ckAt
	ckWant(t, "ends today", ckCodes(t, in, check.QualiopiCategoryMissing), "warning QUALIOPI_CATEGORY_MISSING "+ckA)
	h.To = ckAt.AddDays(-1)
	ckWant(t, "ended yesterday", ckCodes(t, in, check.QualiopiCategoryMissing))
}

func TestCheckCertificationInactive(t *testing.T) {
	in := ckInput()
	c := in.Certifications[0]
	inactive, active := false, true
	c.Active = &inactive
	f := ckOne(t, in, check.CertificationInactive, "the last France Compétences export marks RNCP36141 inactive, yet 1 partner is habilitated for it: Formapro Lyon (888 777 265 00016)")
	if f.Severity != domain.SeverityWarning || f.Subject != string(ckRNCP) || f.SIRET != ckA {
		t.Errorf("finding = %+v", f)
	}
	// The message names the successor fiche the export gives.
	c.Successors = []domain.CertCode{"RNCP42147"}
	ckOne(t, in, check.CertificationInactive, "RNCP36141 inactive (replaced by RNCP42147)")
	c.Successors = nil
	c.Active = &active
	ckWant(t, "active", ckCodes(t, in, check.CertificationInactive))
	c.Active = nil
	ckWant(t, "unknown", ckCodes(t, in, check.CertificationInactive))
	c.Active = &inactive
	in.Partners[0].Habilitations[0].To = ckAt.AddDays(-1)
	ckWant(t, "habilitation ended yesterday", ckCodes(t, in, check.CertificationInactive))
	in.Partners[0].Habilitations[0].To = ckAt
	ckWant(t, "habilitation ends today", ckCodes(t, in, check.CertificationInactive), "warning CERTIFICATION_INACTIVE RNCP36141")
	in.Partners[0].Status = domain.StatusWithdrawn
	ckWant(t, "withdrawn partner", ckCodes(t, in, check.CertificationInactive))
}

func TestCheckConventionScopeMismatch(t *testing.T) {
	in := ckInput()
	c := in.Certifications[0]
	c.Blocs = []domain.Bloc{{Code: "RNCP36141BC01"}, {Code: "RNCP36141BC02"}, {Code: "RNCP36141BC03"}}
	c.Access = []domain.Access{domain.AccessFC, domain.AccessVAE}
	h := &in.Partners[0].Habilitations[0]
	conv := ckConv(3, ckA, ckRNCP, domain.ConventionSigned, "2025-01-01", "2027-12-31", "2025-01-01")
	in.Conventions = []*domain.Convention{conv}
	ckWant(t, "same scope", ckCodes(t, in, check.ConventionScopeMismatch))
	// The convention names two blocs; the habilitation is the whole certification.
	conv.Versions[0].Blocs = []string{"RNCP36141BC01", "RNCP36141BC02"}
	f := ckOne(t, in, check.ConventionScopeMismatch, "habilitation #1 of Formapro Lyon (888 777 265 00016) for RNCP36141 covers blocs RNCP36141BC03, which CONV-2025-0003 (signed on 2025-01-01) does not",
		"'habil convention amend 3 --rescope --reason …'")
	if f.Severity != domain.SeverityWarning || f.Subject != "CONV-2025-0003" || f.SIRET != ckA || f.Convention != "CONV-2025-0003" {
		t.Errorf("finding = %+v", f)
	}
	h.Blocs = []string{"RNCP36141BC02"}
	ckWant(t, "within the blocs", ckCodes(t, in, check.ConventionScopeMismatch))
	// Scope and routes.
	conv.Versions[0].Scope = domain.ScopeTrain
	conv.Versions[0].Access = []domain.Access{domain.AccessFC}
	ckOne(t, in, check.ConventionScopeMismatch, "covers assessing (the convention is train); routes VAE,")
	h.Access = []domain.Access{domain.AccessFC}
	h.Scope = domain.ScopeTrain
	ckWant(t, "narrower habilitation", ckCodes(t, in, check.ConventionScopeMismatch))
	h.Scope = domain.ScopeBoth
	// Boundary: a convention signed tomorrow is not in force today (that is
	// CONVENTION_MISSING); signed today, it is.
	conv.SignedOn = ckAt.AddDays(1)
	ckWant(t, "signed tomorrow", ckCodes(t, in, check.ConventionScopeMismatch))
	conv.SignedOn = ckAt
	ckWant(t, "signed today", ckCodes(t, in, check.ConventionScopeMismatch), "warning CONVENTION_SCOPE_MISMATCH CONV-2025-0003")
	// A draft convention is not the signed convention in force.
	conv.Status, conv.SignedOn = domain.ConventionDraft, domain.Date{}
	ckWant(t, "draft", ckCodes(t, in, check.ConventionScopeMismatch))
}

func TestCheckExportOld(t *testing.T) {
	in := ckInput()
	in.Reconcile.SourceDate = ckAt.AddDays(-90).String()
	ckWant(t, "90 days old", ckCodes(t, in, check.FCExportOld))
	in.Reconcile.SourceDate = ckAt.AddDays(-91).String()
	f := ckOne(t, in, check.FCExportOld, "is of 2026-08-27, 91 days old on 2026-11-26 (more than 90, config check.fc_export_old_days)", "run 'habil partner reconcile FILE' again")
	if f.Severity != domain.SeverityWarning || f.Subject != "export.xml" {
		t.Errorf("finding = %+v", f)
	}
	in.Limits.FCExportOldDays = 120
	ckWant(t, "limit 120", ckCodes(t, in, check.FCExportOld))
	// Unknown: said, not guessed.
	in.Reconcile.SourceDate = ""
	f = ckOne(t, in, check.FCExportOld, "is unknown (a file name ending in -AAAA-MM-JJ gives it)")
	if f.Severity != domain.SeverityInfo {
		t.Errorf("unknown date: %+v", f)
	}
	in.Reconcile = nil
	ckWant(t, "never reconciled", ckCodes(t, in, check.FCExportOld))
}

func TestCheckDeclarationLate(t *testing.T) {
	in := ckInput()
	// ZETA was suspended on 2026-09-26 here, and the last reconcile found it
	// still listed as active.
	suspended := ckDate("2026-09-26")
	in.Reconcile.Findings = []domain.Finding{{Code: domain.FCUnknownPartner, Severity: domain.SeverityError, Subject: ckB, SIRET: ckB,
		Kind: domain.ReconcileNotActive, Certification: ckRNCP, Since: suspended, Message: "ZETA is listed by France Compétences as habilitated for RNCP36141 (HABILITATION_FORMER) but is suspended here since 2026-09-26: declare it"}}
	codes := []string{domain.FCDeclarationLate, domain.FCRegisterMismatch, domain.FCUnknownPartner, domain.FCDeclared}
	// 61 days: late.
	in.At = suspended.AddDays(61)
	ckWant(t, "61 days after", ckCodes(t, in, codes...), "error FC_DECLARATION_LATE "+ckB)
	ckOne(t, in, domain.FCDeclarationLate, "[changed on 2026-09-26, 61 days ago: more than the 60 days to declare it]")
	// 60 days: still within the two months, to declare.
	in.At = suspended.AddDays(60)
	ckWant(t, "60 days after", ckCodes(t, in, codes...), "warning FC_REGISTER_MISMATCH "+ckB)
	ckOne(t, in, domain.FCRegisterMismatch, "[changed on 2026-09-26: to declare by 2026-11-25]")
	// A declaration on or after the change clears it, for the certification
	// or for every certification of the partner; one before the change, or
	// for another certification, does not.
	in.At = suspended.AddDays(61)
	for _, tc := range []struct {
		d    domain.FCDeclaration
		want string
	}{
		{domain.FCDeclaration{SIRET: ckB, Certification: ckRNCP, Date: suspended}, "info FC_DECLARED " + ckB},
		{domain.FCDeclaration{SIRET: ckB, Date: suspended.AddDays(5)}, "info FC_DECLARED " + ckB},
		{domain.FCDeclaration{SIRET: ckB, Certification: ckRNCP, Date: suspended.AddDays(-1)}, "error FC_DECLARATION_LATE " + ckB},
		{domain.FCDeclaration{SIRET: ckB, Certification: ckRS, Date: suspended}, "error FC_DECLARATION_LATE " + ckB},
		{domain.FCDeclaration{SIRET: ckA, Date: suspended}, "error FC_DECLARATION_LATE " + ckB},
	} {
		in.Declarations = []domain.FCDeclaration{tc.d}
		ckWant(t, "declaration "+tc.d.Date.String()+" "+string(tc.d.SIRET)+" "+string(tc.d.Certification), ckCodes(t, in, codes...), tc.want)
	}
	in.Declarations = []domain.FCDeclaration{{SIRET: ckB, Date: suspended.AddDays(3)}}
	ckOne(t, in, domain.FCDeclared, "ZETA is listed by France Compétences as habilitated for RNCP36141 (HABILITATION_FORMER) but is suspended here since 2026-09-26 — declared on 2026-09-29 on your France Compétences space: the export does not show it yet")
	// A habilitation not listed yet, declared: FC_DECLARED instead of FC_REGISTER_MISMATCH.
	in.Declarations = []domain.FCDeclaration{{SIRET: ckA, Certification: ckRNCP, Date: ckDate("2026-01-10")}}
	in.Reconcile.Findings = []domain.Finding{{Code: domain.FCRegisterMismatch, Severity: domain.SeverityWarning, Subject: ckA, SIRET: ckA,
		Kind: domain.ReconcileNotListed, Certification: ckRNCP, Since: ckDate("2026-01-01"), Message: "Formapro is habilitated here but is not listed by France Compétences: declare it"}}
	ckWant(t, "not listed, declared", ckCodes(t, in, codes...), "info FC_DECLARED "+ckA)
	in.Declarations = nil
	ckWant(t, "not listed, not declared", ckCodes(t, in, codes...), "warning FC_REGISTER_MISMATCH "+ckA)
	// An info finding (a fiche nobody can enter) stays info.
	in.Reconcile.Findings[0].Severity = domain.SeverityInfo
	ckWant(t, "closed fiche", ckCodes(t, in, codes...), "info FC_REGISTER_MISMATCH "+ckA)
}
