package domain_test

import (
	"fmt"
	"strings"
	"testing"

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
	p := &domain.Partner{SIRET: domain.SIRET(siret), Name: name, Status: status}
	p.Qualiopi.ValidUntil = ckDate(qualiopi)
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
func ckInput() domain.CheckInput {
	return domain.CheckInput{
		At:             ckAt,
		Certifications: []*domain.Certification{ckCert(ckRNCP, "2028-05-26")},
		Partners:       []*domain.Partner{ckPartner(ckA, "Formapro Lyon", domain.StatusActive, "", ckHab(1, ckRNCP, "2025-01-01", ""))},
		Reconcile:      &domain.CheckReconcile{At: ckAt, Source: "export.xml"},
		Limits:         domain.DefaultCheckLimits(),
	}
}

// ckCodes runs the check and returns "severity CODE subject" per finding,
// only for the given codes (all when none).
func ckCodes(t *testing.T, in domain.CheckInput, codes ...string) []string {
	t.Helper()
	var out []string
	for _, f := range ckRun(t, in, codes...) {
		out = append(out, fmt.Sprintf("%s %s %s", f.Severity, f.Code, f.Subject))
	}
	return out
}

func ckRun(t *testing.T, in domain.CheckInput, codes ...string) []domain.Finding {
	t.Helper()
	var out []domain.Finding
	for _, f := range domain.Check(in) {
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

func ckOne(t *testing.T, in domain.CheckInput, code string, fragments ...string) domain.Finding {
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

func TestCheckConventionMissing(t *testing.T) {
	const m = domain.CheckConventionMissing
	in := ckInput()
	f := ckOne(t, in, m, "Formapro Lyon (888 777 265 00016) is active and habilitated for RNCP36141 (habilitation #1, both, since 2025-01-01)",
		"no signed convention is in force on 2026-11-26", "habil convention create --partner 88877726500016 --certification RNCP36141 --from 2026-11-26")
	if f.Severity != domain.SeverityError || f.Subject != ckA || f.Certification != ckRNCP || f.SIRET != ckA {
		t.Errorf("finding = %+v", f)
	}

	// A signed convention covering the date: nothing.
	in.Conventions = []*domain.Convention{ckConv(1, ckA, ckRNCP, domain.ConventionSigned, "2026-01-01", "2027-12-31", "2025-12-20")}
	ckWant(t, "signed convention in force", ckCodes(t, in, m))
	// Its first day and its last day are covered.
	in.At = ckDate("2026-01-01")
	ckWant(t, "first day", ckCodes(t, in, m))
	in.At = ckDate("2027-12-31")
	ckWant(t, "last day", ckCodes(t, in, m))
	// The day before it starts: missing, and the message points at it.
	in.At = ckDate("2025-12-31")
	ckOne(t, in, m, "CONV-2025-0001 is signed but starts only on 2026-01-01")
	// Signed after --at: not in force at --at.
	in.At = ckDate("2026-01-05")
	in.Conventions[0].SignedOn = ckDate("2026-01-06")
	ckOne(t, in, m, ": CONV-2025-0001 was signed only on 2026-01-06")

	// A draft or sent convention: missing, with the command to record the signature.
	in = ckInput()
	in.Conventions = []*domain.Convention{ckConv(7, ckA, ckRNCP, domain.ConventionSent, "2026-01-01", "2027-12-31", "")}
	ckOne(t, in, m, "CONV-2025-0007 (2026-01-01 → 2027-12-31) is sent, not signed yet", "habil convention sign 7 --date D")
	// Another partner's or another certification's convention does not count.
	in.Conventions = []*domain.Convention{
		ckConv(1, ckB, ckRNCP, domain.ConventionSigned, "2026-01-01", "2027-12-31", "2025-12-20"),
		ckConv(2, ckA, ckRS, domain.ConventionSigned, "2026-01-01", "2027-12-31", "2025-12-20"),
	}
	ckWant(t, "other partner / certification", ckCodes(t, in, m), "error CONVENTION_MISSING "+ckA)

	// Only active partners: suspended, prospect and withdrawn ones are left out.
	for _, s := range []domain.PartnerStatus{domain.StatusSuspended, domain.StatusProspect, domain.StatusWithdrawn} {
		in = ckInput()
		in.Partners[0].Status = s
		ckWant(t, "partner "+string(s), ckCodes(t, in, m))
	}
	// Only habilitations in force: not started, ended, or beyond the registration end.
	for what, h := range map[string]domain.Habilitation{
		"starts tomorrow": ckHab(1, ckRNCP, "2026-11-27", ""),
		"ended yesterday": ckHab(1, ckRNCP, "2025-01-01", "2026-11-25"),
	} {
		in = ckInput()
		in.Partners[0].Habilitations = []domain.Habilitation{h}
		ckWant(t, what, ckCodes(t, in, m))
	}
	in = ckInput()
	in.Partners[0].Habilitations = []domain.Habilitation{ckHab(1, ckRNCP, "2025-01-01", "2026-11-26")}
	ckWant(t, "habilitation ending today is in force", ckCodes(t, in, m), "error CONVENTION_MISSING "+ckA)
	in.Certifications[0].EndDate = ckDate("2026-11-25")
	in.Partners[0].Habilitations = []domain.Habilitation{ckHab(1, ckRNCP, "2025-01-01", "")}
	ckWant(t, "open-ended habilitation after the registration ended", ckCodes(t, in, m))
	in.Certifications[0].EndDate = ckDate("2026-11-26")
	ckWant(t, "open-ended habilitation on the registration's last day", ckCodes(t, in, m), "error CONVENTION_MISSING "+ckA)
}

func TestCheckConventionExpiring(t *testing.T) {
	const w = domain.CheckConventionExpiring
	in := ckInput()
	conv := func(to string) []*domain.Convention {
		return []*domain.Convention{ckConv(3, ckA, ckRNCP, domain.ConventionSigned, "2025-01-01", to, "2024-12-15")}
	}
	// Boundaries: exactly 90 days ahead warns, 91 does not; the end day itself warns.
	in.Conventions = conv("2027-02-24")
	f := ckOne(t, in, w, "CONV-2025-0003 with Formapro Lyon (888 777 265 00016) for RNCP36141 ends on 2027-02-24 (in 90 days)",
		"the partner stays habilitated after it (habilitation #1", "renew it ('habil convention renew 3')")
	if f.Severity != domain.SeverityWarning || f.Subject != "CONV-2025-0003" || f.Convention != "CONV-2025-0003" || f.DueDate != ckDate("2027-02-24") {
		t.Errorf("finding = %+v", f)
	}
	in.Conventions = conv("2027-02-25")
	ckWant(t, "91 days", ckCodes(t, in, w))
	in.Conventions = conv("2026-11-26")
	ckOne(t, in, w, "ends on 2026-11-26 (today)")
	// The limit comes from the configuration.
	in.Conventions = conv("2026-12-27")
	in.Limits.ConventionExpiringDays = 30
	ckWant(t, "31 days with a 30-day limit", ckCodes(t, in, w))
	in.Limits.ConventionExpiringDays = 31
	ckOne(t, in, w, "(in 31 days)")
	in.Limits = domain.DefaultCheckLimits()

	// A signed renewal that starts the next day takes over; a draft one does not.
	in.Conventions = append(conv("2027-01-10"), ckConv(4, ckA, ckRNCP, domain.ConventionSigned, "2027-01-11", "2028-05-26", "2026-11-20"))
	ckWant(t, "signed renewal", ckCodes(t, in, w))
	in.Conventions[1].Status, in.Conventions[1].SignedOn = domain.ConventionDraft, domain.Date{}
	ckOne(t, in, w, "its renewal CONV-2025-0004 is draft, not signed yet ('habil convention sign 4 --date D')")
	// A renewal signed after --at does not take over yet.
	in.Conventions[1].Status, in.Conventions[1].SignedOn = domain.ConventionSigned, ckDate("2026-12-01")
	ckOne(t, in, w)
	// A signed successor that leaves a gap does not take over.
	in.Conventions[1].SignedOn = ckDate("2026-11-20")
	in.Conventions[1].Versions[0].From = ckDate("2027-02-01")
	ckOne(t, in, w, "CONV-2025-0004 starts only on 2027-02-01")

	// The partnership ends with it: habilitation or registration ending the same day.
	in = ckInput()
	in.Conventions = conv("2027-01-10")
	in.Partners[0].Habilitations[0].To = ckDate("2027-01-10")
	ckWant(t, "habilitation ends the same day", ckCodes(t, in, w))
	in.Partners[0].Habilitations[0].To = domain.Date{}
	in.Certifications[0].EndDate = ckDate("2027-01-10")
	ckWant(t, "registration ends the same day", ckCodes(t, in, w))

	// Suspended partners, and conventions not signed or no longer signed, are left out.
	in = ckInput()
	in.Conventions = conv("2027-01-10")
	in.Partners[0].Status = domain.StatusSuspended
	ckWant(t, "suspended partner", ckCodes(t, in, w))
	in.Partners[0].Status = domain.StatusActive
	in.Conventions[0].Status, in.Conventions[0].TerminatedOn = domain.ConventionTerminated, ckDate("2027-01-10")
	ckWant(t, "terminated on a future date", ckCodes(t, in, w))
}

func TestCheckConventionExpired(t *testing.T) {
	const e = domain.CheckConventionExpired
	in := ckInput()
	// The day after its end: expired (not missing), with the renewal command.
	in.Conventions = []*domain.Convention{ckConv(3, ckA, ckRNCP, domain.ConventionSigned, "2025-01-01", "2026-11-25", "2024-12-15")}
	f := ckOne(t, in, e, "CONV-2025-0003 with Formapro Lyon (888 777 265 00016) for RNCP36141 ended on 2026-11-25 (yesterday)",
		"still active and habilitated (habilitation #1, both, since 2025-01-01)", "habil convention renew 3", "habil partner habilitation end 1")
	if f.Severity != domain.SeverityError || f.Subject != "CONV-2025-0003" || f.DueDate != ckDate("2026-11-25") {
		t.Errorf("finding = %+v", f)
	}
	ckWant(t, "no CONVENTION_MISSING besides", ckCodes(t, in, domain.CheckConventionMissing))
	// Its last day: still in force.
	in.At = ckDate("2026-11-25")
	ckWant(t, "last day", ckCodes(t, in, e, domain.CheckConventionMissing))
	in.At = ckAt

	// Recorded as ended: the same.
	in.Conventions[0].Status, in.Conventions[0].EndedOn = domain.ConventionEnded, ckDate("2026-11-25")
	ckOne(t, in, e, "ended on 2026-11-25")
	// A renewal drawn up but not signed is named.
	in.Conventions = append(in.Conventions, ckConv(4, ckA, ckRNCP, domain.ConventionDraft, "2026-11-26", "2028-05-26", ""))
	ckOne(t, in, e, "its renewal CONV-2025-0004 is draft, not signed yet: 'habil convention sign 4 --date D'")
	// Once signed, the renewal takes over.
	in.Conventions[1].Status, in.Conventions[1].SignedOn = domain.ConventionSigned, ckDate("2026-11-26")
	ckWant(t, "renewal signed", ckCodes(t, in, e, domain.CheckConventionMissing, domain.CheckConventionExpiring))

	// Terminated while the partner is still habilitated.
	in.Conventions = []*domain.Convention{ckConv(3, ckA, ckRNCP, domain.ConventionTerminated, "2025-01-01", "2027-12-31", "2024-12-15")}
	in.Conventions[0].TerminatedOn, in.Conventions[0].TerminationReason = ckDate("2026-09-30"), "manquements"
	ckOne(t, in, e, "was terminated on 2026-09-30 (manquements)", "sign a new convention")
	// A draft abandoned (terminated, never signed) is no convention: missing.
	in.Conventions[0].SignedOn = domain.Date{}
	ckWant(t, "abandoned draft", ckCodes(t, in, e, domain.CheckConventionMissing), "error CONVENTION_MISSING "+ckA)

	// The convention ended with the habilitation: nothing at all.
	in = ckInput()
	in.Partners[0].Habilitations = []domain.Habilitation{ckHab(1, ckRNCP, "2025-01-01", "2026-06-30")}
	in.Conventions = []*domain.Convention{ckConv(3, ckA, ckRNCP, domain.ConventionEnded, "2025-01-01", "2026-06-30", "2024-12-15")}
	ckWant(t, "ended with the habilitation", ckCodes(t, in, e, domain.CheckConventionMissing))
	// A later habilitation without convention is missing one, not expired
	// (the old convention ended long before it started); one that follows
	// the day after is expired.
	in.Partners[0].Habilitations = append(in.Partners[0].Habilitations, ckHab(2, ckRNCP, "2026-09-01", ""))
	ckWant(t, "new habilitation after a gap", ckCodes(t, in, e, domain.CheckConventionMissing), "error CONVENTION_MISSING "+ckA)
	in.Partners[0].Habilitations[1].From = ckDate("2026-07-01")
	ckWant(t, "new habilitation the day after", ckCodes(t, in, e, domain.CheckConventionMissing), "error CONVENTION_EXPIRED CONV-2025-0003")

	// A suspended partner: nothing.
	in = ckInput()
	in.Partners[0].Status = domain.StatusSuspended
	in.Conventions = []*domain.Convention{ckConv(3, ckA, ckRNCP, domain.ConventionSigned, "2025-01-01", "2026-11-25", "2024-12-15")}
	ckWant(t, "suspended", ckCodes(t, in, e, domain.CheckConventionMissing))
}

func TestCheckBeyondRegistration(t *testing.T) {
	const b = domain.CheckBeyondRegistration
	in := ckInput()
	in.Certifications[0].EndDate = ckDate("2027-06-30")
	// Open-ended: runs until the registration end, never past it.
	ckWant(t, "open-ended", ckCodes(t, in, b))
	in.Partners[0].Habilitations[0].To = ckDate("2027-06-30")
	ckWant(t, "ends with the registration", ckCodes(t, in, b))
	in.Partners[0].Habilitations[0].To = ckDate("2027-07-01")
	f := ckOne(t, in, b, "habilitation #1 of Formapro Lyon (888 777 265 00016) for RNCP36141 runs until 2027-07-01, past the registration end of RNCP36141 (2027-06-30)",
		"habil partner habilitation end 1 --date 2027-06-30")
	if f.Severity != domain.SeverityError || f.Subject != ckA || f.DueDate != ckDate("2027-06-30") {
		t.Errorf("finding = %+v", f)
	}
	// A habilitation that starts after the registration ended.
	in.Partners[0].Habilitations[0] = ckHab(1, ckRNCP, "2027-07-01", "")
	ckOne(t, in, b, "starts on 2027-07-01, after the registration of RNCP36141 ended (2027-06-30): it can never be in force")
	// A withdrawn partner's habilitations are history.
	in.Partners[0].Status = domain.StatusWithdrawn
	ckWant(t, "withdrawn", ckCodes(t, in, b))

	// Conventions: draft, sent and signed ones; not ended or terminated ones.
	in = ckInput()
	in.Certifications[0].EndDate = ckDate("2027-06-30")
	in.Conventions = []*domain.Convention{
		ckConv(1, ckA, ckRNCP, domain.ConventionSigned, "2026-01-01", "2027-07-01", "2025-12-01"),
		ckConv(2, ckA, ckRNCP, domain.ConventionDraft, "2026-01-01", "2027-12-31", ""),
		ckConv(3, ckA, ckRNCP, domain.ConventionTerminated, "2025-01-01", "2027-12-31", "2024-12-01"),
		ckConv(4, ckA, ckRNCP, domain.ConventionEnded, "2025-01-01", "2027-12-31", "2024-12-01"),
		ckConv(5, ckA, ckRNCP, domain.ConventionSigned, "2026-01-01", "2027-06-30", "2025-12-01"),
	}
	ckWant(t, "conventions", ckCodes(t, in, b), "error HABILITATION_BEYOND_REGISTRATION CONV-2025-0001", "error HABILITATION_BEYOND_REGISTRATION CONV-2025-0002")
	ckRun(t, in, b) // messages checked by ckRun
	l := ckRun(t, in, b)
	if !strings.Contains(l[0].Message, "CONV-2025-0001 (signed) with") || !strings.Contains(l[0].Message, "runs until 2027-07-01, past the registration end of RNCP36141 (2027-06-30): amend it ('habil convention amend 1 --to 2027-06-30") {
		t.Errorf("message = %q", l[0].Message)
	}
	// No registration end recorded: nothing to compare with.
	in.Certifications[0].EndDate = domain.Date{}
	ckWant(t, "no end date", ckCodes(t, in, b))
}

func TestCheckCertificationEnding(t *testing.T) {
	const c = domain.CheckCertificationEnding
	in := ckInput()
	for _, tc := range []struct {
		end  string
		want []string
		frag string
	}{
		{"2027-11-26", []string{"warning CERTIFICATION_ENDING RNCP36141"}, "ends on 2027-11-26 (in 365 days; 1 active partner habilitated for it)"},
		{"2027-11-27", nil, ""},
		{"2026-11-26", []string{"warning CERTIFICATION_ENDING RNCP36141"}, "ends on 2026-11-26 (today"},
		{"2026-11-25", []string{"warning CERTIFICATION_ENDING RNCP36141"}, "ended on 2026-11-25 (yesterday): no new candidate may enter it"},
		{"2025-11-26", []string{"warning CERTIFICATION_ENDING RNCP36141"}, "ended on 2025-11-26 (365 days ago)"},
		{"2025-11-25", []string{"info CERTIFICATION_ENDING RNCP36141"}, "kept for the history"},
		{"", nil, ""},
	} {
		in.Certifications[0].EndDate = ckDate(tc.end)
		ckWant(t, "end "+tc.end, ckCodes(t, in, c), tc.want...)
		if tc.frag != "" {
			ckOne(t, in, c, tc.frag)
		}
	}
	// The delivery limit is named while it runs.
	in.Certifications[0].EndDate = ckDate("2026-10-31")
	in.Certifications[0].DeliveryLimit = ckDate("2027-10-31")
	ckOne(t, in, c, "(certificates may be delivered until 2027-10-31)")
	// The window comes from the configuration.
	in.Certifications[0].EndDate, in.Certifications[0].DeliveryLimit = ckDate("2027-05-27"), domain.Date{}
	in.Limits.CertificationEndingMonths = 6
	ckWant(t, "6 months", ckCodes(t, in, c))
	in.Certifications[0].EndDate = ckDate("2027-05-26")
	ckWant(t, "6 months, last day", ckCodes(t, in, c), "warning CERTIFICATION_ENDING RNCP36141")
}

func TestCheckQualiopi(t *testing.T) {
	in := ckInput()
	p := in.Partners[0]
	for _, tc := range []struct {
		until string
		want  []string
		frag  string
	}{
		{"2027-01-25", []string{"warning QUALIOPI_EXPIRING " + ckA}, "the Qualiopi certificate of Formapro Lyon (888 777 265 00016) ends on 2027-01-25 (in 60 days)"},
		{"2027-01-26", nil, ""},
		{"2026-11-26", []string{"warning QUALIOPI_EXPIRING " + ckA}, "(today)"},
		{"2026-11-25", []string{"error QUALIOPI_EXPIRED " + ckA}, "ended on 2026-11-25 (yesterday): record the renewed one ('habil partner edit 88877726500016 --qualiopi-until D') or suspend the partner"},
		{"", nil, ""},
	} {
		p.Qualiopi.ValidUntil = ckDate(tc.until)
		ckWant(t, "qualiopi "+tc.until, ckCodes(t, in, domain.CheckQualiopiExpiring, domain.CheckQualiopiExpired), tc.want...)
		if tc.frag != "" {
			l := ckRun(t, in, domain.CheckQualiopiExpiring, domain.CheckQualiopiExpired)
			if !strings.Contains(l[0].Message, tc.frag) {
				t.Errorf("message %q does not contain %q", l[0].Message, tc.frag)
			}
		}
	}
	// Suspended, prospect and withdrawn partners are left out.
	p.Qualiopi.ValidUntil = ckDate("2026-01-01")
	for _, s := range []domain.PartnerStatus{domain.StatusSuspended, domain.StatusProspect, domain.StatusWithdrawn} {
		p.Status = s
		ckWant(t, "partner "+string(s), ckCodes(t, in, domain.CheckQualiopiExpiring, domain.CheckQualiopiExpired))
	}
	p.Status = domain.StatusActive
	p.Qualiopi.ValidUntil = ckDate("2026-12-27")
	in.Limits.QualiopiExpiringDays = 30
	ckWant(t, "31 days with a 30-day limit", ckCodes(t, in, domain.CheckQualiopiExpiring))
}

func TestCheckReconcile(t *testing.T) {
	in := ckInput()
	in.Partners = nil
	// Never run: one note when certifications exist, nothing otherwise.
	in.Reconcile = nil
	in.Certifications = append(in.Certifications, ckCert(ckRS, ""))
	f := ckOne(t, in, domain.CheckReconcileNever, "'habil partner reconcile' was never run")
	if f.Severity != domain.SeverityInfo || f.Subject != "RNCP36141,RS6155" {
		t.Errorf("finding = %+v", f)
	}
	in.Certifications = nil
	ckWant(t, "no certification", ckCodes(t, in))

	// The last run's findings, with the grace period applied at --at.
	in.Reconcile = &domain.CheckReconcile{At: ckDate("2026-10-01"), Source: "export.xml", Findings: []domain.Finding{
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

func TestCheckOrderAndEmpty(t *testing.T) {
	if l := domain.Check(domain.CheckInput{At: ckAt, Limits: domain.DefaultCheckLimits()}); l == nil || len(l) != 0 {
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
		"warning CERTIFICATION_ENDING RS6155",
		"warning QUALIOPI_EXPIRING 81738914100018",
		"info FC_RECONCILE_NEVER RNCP36141,RS6155")
	// The same input in another order gives the same result.
	in.Partners[0], in.Partners[2] = in.Partners[2], in.Partners[0]
	in.Certifications[0], in.Certifications[1] = in.Certifications[1], in.Certifications[0]
	ckWant(t, "input order does not matter", ckCodes(t, in), got...)
}
