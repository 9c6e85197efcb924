package check_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

// TestRegistry: every rule declares its code, severities, area, a one-line
// doc, known thresholds and what it reads; codes are unique.
func TestRegistry(t *testing.T) {
	rules := check.Rules()
	if len(rules) < 12 {
		t.Fatalf("only %d rules registered", len(rules))
	}
	keys := []string{check.KeyConventionExpiringDays, check.KeyCertificationEndingMonths, check.KeyQualiopiExpiringDays, check.KeyFCDeclarationGraceDays, check.KeyFCExportOldDays, check.KeyAuditOverdueMonths, check.KeyResultsMissingDays, check.KeyDeliveryLateDays, check.KeyAccrochageDueDays}
	keys = append(keys, check.KeyCommitteeDueMonths, check.KeyRoyaltyUnpaidDays, check.KeyEvaluatorTrainingMonths, check.KeyDocumentAckDays)
	areas := []check.Area{check.AreaConventions, check.AreaHabilitations, check.AreaCertifications, check.AreaPartners, check.AreaFranceCompetences, check.AreaSessions, check.AreaAccrochage}
	seen := map[string]bool{}
	for _, r := range rules {
		if r.Code == "" || strings.ToUpper(r.Code) != r.Code || strings.ContainsAny(r.Code, " -") {
			t.Errorf("rule %+v: the code must be an upper-case identifier", r.Code)
		}
		if seen[r.Code] {
			t.Errorf("%s is registered twice", r.Code)
		}
		seen[r.Code] = true
		if len(r.Severities) == 0 {
			t.Errorf("%s declares no severity", r.Code)
		}
		for _, s := range r.Severities {
			if s != domain.SeverityError && s != domain.SeverityWarning && s != domain.SeverityInfo {
				t.Errorf("%s: severity %q", r.Code, s)
			}
		}
		if strings.TrimSpace(r.Doc) == "" || strings.Contains(r.Doc, "\n") {
			t.Errorf("%s: needs a one-line doc", r.Code)
		}
		if !slices.Contains(areas, r.Area) {
			t.Errorf("%s: area %q is not one of %v", r.Code, r.Area, areas)
		}
		for _, k := range r.Thresholds {
			if !slices.Contains(keys, k) {
				t.Errorf("%s: threshold %q is not a check.* configuration key", r.Code, k)
			}
		}
		if len(r.Reads) == 0 {
			t.Errorf("%s: says nothing of what it reads", r.Code)
		}
		for _, x := range r.Reads {
			if !slices.Contains(check.Reads, x) {
				t.Errorf("%s: reads %q, not one of %v", r.Code, x, check.Reads)
			}
		}
		if r.Eval == nil {
			t.Errorf("%s: no Eval", r.Code)
		}
		if got, ok := check.RuleOf(r.Code); !ok || got.Code != r.Code {
			t.Errorf("RuleOf(%s) = %v, %v", r.Code, got.Code, ok)
		}
	}
	// The contract's codes: the severity declared by the rule is the
	// contract's, and what is not registered says why.
	for _, c := range check.Contract {
		r, ok := check.RuleOf(c.Code)
		switch {
		case ok && r.Severities[0] != c.Severity:
			t.Errorf("%s: rule severity %s, the contract says %s", c.Code, r.Severities[0], c.Severity)
		case ok && c.Until != "":
			t.Errorf("%s is evaluated: drop its Until (%q)", c.Code, c.Until)
		case !ok && c.Until == "":
			t.Errorf("%s is in the contract, not registered and says nothing of when it will be", c.Code)
		}
	}
	for _, c := range check.NotEvaluated() {
		if seen[c.Code] {
			t.Errorf("%s is registered but listed as not evaluated", c.Code)
		}
	}
	// Every code 'partner reconcile' stores is reported by a rule: check
	// must not drop a stored finding.
	for _, code := range []string{domain.FCUnknownPartner, domain.FCRegisterMismatch, domain.FCFicheMissing, domain.FCCertifierListed} {
		if !seen[code] {
			t.Errorf("%s (found by partner reconcile) is not reported by check", code)
		}
	}
}

// TestRunEvaluatesEveryRule: each rule's findings carry its own code and one
// of its declared severities.
func TestRunEvaluatesEveryRule(t *testing.T) {
	in := ckInput()
	in.Certifications = append(in.Certifications, ckCert(ckRS, "2027-03-01"))
	in.Partners = append(in.Partners,
		ckPartner(ckB, "Zeta", domain.StatusActive, "2026-12-01", ckHab(2, ckRS, "2025-01-01", "2027-06-01")),
		ckPartner("18263001200231", "Alpha", domain.StatusActive, "2026-11-01"))
	in.Conventions = []*domain.Convention{ckConv(3, ckA, ckRNCP, domain.ConventionSigned, "2025-01-01", "2026-12-10", "2024-12-15")}
	in.Reconcile.Findings = []domain.Finding{{Code: domain.FCUnknownPartner, Severity: domain.SeverityError, Subject: "44321186700025", Message: "m"}}
	// Each rule reports only its own code, at a severity it declares.
	for _, r := range check.Rules() {
		for _, f := range r.Eval(check.NewEnv(in)) {
			if f.Code != r.Code || !slices.Contains(r.Severities, f.Severity) {
				t.Errorf("rule %s reported %s %s (declares %v)", r.Code, f.Severity, f.Code, r.Severities)
			}
		}
	}
	codes := map[string]bool{}
	for _, f := range check.Run(in) {
		r, ok := check.RuleOf(f.Code)
		if !ok {
			t.Errorf("finding %s comes from no registered rule", f.Code)
			continue
		}
		if !slices.Contains(r.Severities, f.Severity) {
			t.Errorf("%s reported as %s, declared %v", f.Code, f.Severity, r.Severities)
		}
		codes[f.Code] = true
	}
	for _, c := range []string{check.ConventionExpiring, check.CertificationEnding, check.QualiopiExpiring, check.QualiopiExpired, check.BeyondRegistration, domain.FCUnknownPartner, check.ConventionMissing} {
		if !codes[c] {
			t.Errorf("%s not found in a network built to trigger it", c)
		}
	}
}
