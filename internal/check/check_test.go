package check_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

// The check is evaluated on 2026-11-26 unless a test says otherwise.
var ckAt = domain.MustDate("2026-11-26")

const (
	ckRNCP = domain.CertCode("RNCP36141")
	ckRS   = domain.CertCode("RS6155")
	ckA    = "88877726500016"
	ckB    = "81738914100018"
)

func ckCert(code domain.CertCode, end string) *domain.Certification {
	c := &domain.Certification{Code: code, Title: "titre " + string(code)}
	if end != "" {
		c.EndDate = domain.MustDate(end)
	}
	return c
}

func ckDate(s string) domain.Date {
	if s == "" {
		return domain.Date{}
	}
	return domain.MustDate(s)
}

func ckPartner(siret, name string, status domain.PartnerStatus, qualiopi string, habs ...domain.Habilitation) *domain.Partner {
	// A partner that trains has its NDA and a Qualiopi certificate with
	// every category recorded (the rules about them clear these).
	p := &domain.Partner{SIRET: domain.SIRET(siret), Name: name, Status: status, NDA: "11755555575"}
	p.Qualiopi.ValidUntil = ckDate(qualiopi)
	p.Qualiopi.Number = "Q-" + siret
	p.Qualiopi.Categories = append([]string{}, domain.QualiopiCategories...)
	for _, h := range habs {
		h.PartnerSIRET = p.SIRET
		p.Habilitations = append(p.Habilitations, h)
	}
	return p
}

func ckHab(id int64, cert domain.CertCode, from, to string) domain.Habilitation {
	return domain.Habilitation{ID: id, Certification: cert, Scope: domain.ScopeBoth, From: ckDate(from), To: ckDate(to)}
}

// ckConv builds a convention; signed == "" leaves it unsigned.
func ckConv(id int64, siret string, cert domain.CertCode, status domain.ConventionStatus, from, to, signed string) *domain.Convention {
	c := &domain.Convention{ID: id, Number: fmt.Sprintf("CONV-2025-%04d", id), PartnerSIRET: domain.SIRET(siret), Certification: cert,
		Status: status, CreatedOn: domain.MustDate("2024-01-01"), SignedOn: ckDate(signed),
		Versions: []domain.ConventionTerms{{Version: 1, From: ckDate(from), To: ckDate(to), Scope: domain.ScopeBoth}}}
	return c
}

// ckInput is a network with one active partner A habilitated on the RNCP
// (open-ended, registration until 2028-05-26) and no convention.
func ckInput() check.Snapshot {
	return check.Snapshot{
		At:             ckAt,
		Certifications: []*domain.Certification{ckCert(ckRNCP, "2028-05-26")},
		Partners:       []*domain.Partner{ckPartner(ckA, "Formapro Lyon", domain.StatusActive, "", ckHab(1, ckRNCP, "2025-01-01", ""))},
		Reconcile:      &domain.ReconcileRun{At: ckAt, Source: "export.xml", SourceDate: "2026-11-20"},
		Limits:         domain.DefaultCheckLimits(),
	}
}

// ckCodes runs the check and returns "severity CODE subject" per finding,
// only for the given codes (all when none).
func ckCodes(t *testing.T, in check.Snapshot, codes ...string) []string {
	t.Helper()
	var out []string
	for _, f := range ckRun(t, in, codes...) {
		out = append(out, fmt.Sprintf("%s %s %s", f.Severity, f.Code, f.Subject))
	}
	return out
}

func ckRun(t *testing.T, in check.Snapshot, codes ...string) []domain.Finding {
	t.Helper()
	var out []domain.Finding
	for _, f := range check.Run(in) {
		if f.Message == "" || strings.Contains(f.Message, "\n") {
			t.Errorf("%s %s: message must be one non-empty line: %q", f.Code, f.Subject, f.Message)
		}
		keep := len(codes) == 0
		for _, c := range codes {
			keep = keep || f.Code == c
		}
		if keep {
			out = append(out, f)
		}
	}
	return out
}

func ckWant(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot  %q\nwant %q", what, got, want)
	}
}

func ckOne(t *testing.T, in check.Snapshot, code string, fragments ...string) domain.Finding {
	t.Helper()
	l := ckRun(t, in, code)
	if len(l) != 1 {
		t.Fatalf("want one %s, got %d: %v", code, len(l), l)
	}
	for _, fr := range fragments {
		if !strings.Contains(l[0].Message, fr) {
			t.Errorf("%s message %q does not contain %q", code, l[0].Message, fr)
		}
	}
	return l[0]
}

func TestCheckOrderAndEmpty(t *testing.T) {
	if l := check.Run(check.Snapshot{At: ckAt, Limits: domain.DefaultCheckLimits()}); l == nil || len(l) != 0 {
		t.Fatalf("empty network: got %#v, want an empty non-nil slice", l)
	}
	in := ckInput()
	in.Certifications = append(in.Certifications, ckCert(ckRS, "2027-03-01"))
	in.Partners = append(in.Partners,
		ckPartner(ckB, "Zeta", domain.StatusActive, "2026-12-01", ckHab(2, ckRS, "2025-01-01", "")),
		ckPartner("18263001200231", "Alpha", domain.StatusActive, "2026-11-01"))
	in.Reconcile = nil
	got := ckCodes(t, in)
	ckWant(t, "order: severity, code, subject", got,
		"error CONVENTION_MISSING 81738914100018",
		"error CONVENTION_MISSING 88877726500016",
		"error QUALIOPI_EXPIRED 18263001200231",
		"warning AUDIT_OVERDUE 81738914100018", // habilitated since 2025, never audited (issue 11)
		"warning AUDIT_OVERDUE 88877726500016",
		"warning CERTIFICATION_ENDING RS6155",
		"warning QUALIOPI_EXPIRING 81738914100018",
		"info FC_RECONCILE_NEVER RNCP36141,RS6155")
	// The same input in another order gives the same result.
	in.Partners[0], in.Partners[2] = in.Partners[2], in.Partners[0]
	in.Certifications[0], in.Certifications[1] = in.Certifications[1], in.Certifications[0]
	ckWant(t, "input order does not matter", ckCodes(t, in), got...)
}
