package check_test

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

// auditIn is one active partner habilitated since from, audited on the
// given dates (no finding), evaluated at at.
func auditIn(at, from string, audited ...string) check.Snapshot {
	in := check.Snapshot{At: ckDate(at), Limits: domain.DefaultCheckLimits()}
	in.Partners = []*domain.Partner{ckPartner(ckA, "Alpha", domain.StatusActive, "", ckHab(1, ckRNCP, from, ""))}
	for i, d := range audited {
		in.Audits = append(in.Audits, &domain.Audit{ID: int64(i + 1), PartnerSIRET: ckA, Date: ckDate(d)})
	}
	return in
}

func TestAuditOverdue(t *testing.T) {
	// Never audited: counted from the first habilitation (12 months).
	if l := ckRun(t, auditIn("2026-01-15", "2025-01-15"), check.AuditOverdue); len(l) != 0 {
		t.Errorf("exactly 12 months after the first habilitation: %v", l)
	}
	f := ckOne(t, auditIn("2026-01-16", "2025-01-15"), check.AuditOverdue, "has never been audited (first habilitation from 2025-01-15)", "due by 2026-01-15")
	if f.Severity != domain.SeverityWarning || f.SIRET != ckA || f.DueDate != ckDate("2026-01-15") {
		t.Errorf("finding: %+v", f)
	}
	// Audited: counted from the last audit on or before the date.
	if l := ckRun(t, auditIn("2026-06-01", "2024-01-01", "2025-06-01"), check.AuditOverdue); len(l) != 0 {
		t.Errorf("audited 12 months ago to the day: %v", l)
	}
	ckOne(t, auditIn("2026-06-02", "2024-01-01", "2024-03-01", "2025-06-01"), check.AuditOverdue, "was last audited on 2025-06-01")
	// An audit after the evaluation date does not count.
	ckOne(t, auditIn("2026-06-02", "2024-01-01", "2025-06-01", "2026-07-01"), check.AuditOverdue, "was last audited on 2025-06-01")
	// The threshold is the configuration's.
	in := auditIn("2026-06-02", "2024-01-01", "2025-06-01")
	in.Limits.AuditOverdueMonths = 18
	if l := ckRun(t, in, check.AuditOverdue); len(l) != 0 {
		t.Errorf("18 months: %v", l)
	}
	// Not active, or no habilitation: nothing.
	in = auditIn("2027-01-01", "2024-01-01")
	in.Partners[0].Status = domain.StatusSuspended
	if l := ckRun(t, in, check.AuditOverdue); len(l) != 0 {
		t.Errorf("suspended: %v", l)
	}
	in = auditIn("2027-01-01", "2024-01-01")
	in.Partners[0].Habilitations = nil
	if l := ckRun(t, in, check.AuditOverdue); len(l) != 0 {
		t.Errorf("no habilitation: %v", l)
	}
}

func TestNonconformityOverdue(t *testing.T) {
	mk := func(at string, sev domain.FindingSeverity, closed string) check.Snapshot {
		in := auditIn(at, "2025-01-01", "2026-03-01")
		in.Audits[0].Items = []domain.AuditItem{
			{Code: "LEG-01", Status: domain.ItemCompliant},
			{Code: "WEB-02", Status: domain.ItemNonCompliant, Severity: sev, Action: "publier le code RNCP", Deadline: ckDate("2026-04-30"), ClosedOn: ckDate(closed)},
		}
		return in
	}
	// On the deadline: not overdue; the day after: a major one is an error
	// proposing the R6113-16-6 procedure.
	if l := ckRun(t, mk("2026-04-30", domain.SeverityMajor, ""), check.NonconformityOverdue); len(l) != 0 {
		t.Errorf("on the deadline: %v", l)
	}
	f := ckOne(t, mk("2026-05-01", domain.SeverityMajor, ""), check.NonconformityOverdue,
		"major non-conformity WEB-02 of audit 1", "due by 2026-04-30", "R6113-16-6", "habil partner status "+ckA+" suspended")
	if f.Severity != domain.SeverityError {
		t.Errorf("major: %s", f.Severity)
	}
	// A minor one is an error too (the contract's severity), without the
	// suspension procedure.
	f = ckOne(t, mk("2026-05-01", domain.SeverityMinor, ""), check.NonconformityOverdue, "minor non-conformity", "habil audit close-finding 1 WEB-02")
	if f.Severity != domain.SeverityError || strings.Contains(f.Message, "R6113-16-6") {
		t.Errorf("minor: %s", f.Severity)
	}
	// Closed (even late): nothing from its closing day on.
	if l := ckRun(t, mk("2026-06-01", domain.SeverityMajor, "2026-05-10"), check.NonconformityOverdue); len(l) != 0 {
		t.Errorf("closed: %v", l)
	}
	ckOne(t, mk("2026-05-09", domain.SeverityMajor, "2026-05-10"), check.NonconformityOverdue, "major")
	// Suspended: the next step is the résiliation.
	in := mk("2026-05-01", domain.SeverityMajor, "")
	in.Partners[0].Status = domain.StatusSuspended
	ckOne(t, in, check.NonconformityOverdue, "the partner is suspended", "convention terminate")
	// Withdrawn: nothing.
	in.Partners[0].Status = domain.StatusWithdrawn
	if l := ckRun(t, in, check.NonconformityOverdue); len(l) != 0 {
		t.Errorf("withdrawn: %v", l)
	}
}
