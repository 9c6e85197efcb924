package check_test

import (
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

func TestCheckConventionMissing(t *testing.T) {
	const m = check.ConventionMissing
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
	const w = check.ConventionExpiring
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
	const e = check.ConventionExpired
	in := ckInput()
	// The day after its end: expired (not missing), with the renewal command.
	in.Conventions = []*domain.Convention{ckConv(3, ckA, ckRNCP, domain.ConventionSigned, "2025-01-01", "2026-11-25", "2024-12-15")}
	f := ckOne(t, in, e, "CONV-2025-0003 with Formapro Lyon (888 777 265 00016) for RNCP36141 ended on 2026-11-25 (yesterday)",
		"still active and habilitated (habilitation #1, both, since 2025-01-01)", "habil convention renew 3", "habil partner habilitation end 1")
	if f.Severity != domain.SeverityError || f.Subject != "CONV-2025-0003" || f.DueDate != ckDate("2026-11-25") {
		t.Errorf("finding = %+v", f)
	}
	ckWant(t, "no CONVENTION_MISSING besides", ckCodes(t, in, check.ConventionMissing))
	// Its last day: still in force.
	in.At = ckDate("2026-11-25")
	ckWant(t, "last day", ckCodes(t, in, e, check.ConventionMissing))
	in.At = ckAt

	// Recorded as ended: the same.
	in.Conventions[0].Status, in.Conventions[0].EndedOn = domain.ConventionEnded, ckDate("2026-11-25")
	ckOne(t, in, e, "ended on 2026-11-25")
	// A renewal drawn up but not signed is named.
	in.Conventions = append(in.Conventions, ckConv(4, ckA, ckRNCP, domain.ConventionDraft, "2026-11-26", "2028-05-26", ""))
	ckOne(t, in, e, "its renewal CONV-2025-0004 is draft, not signed yet: 'habil convention sign 4 --date D'")
	// Once signed, the renewal takes over.
	in.Conventions[1].Status, in.Conventions[1].SignedOn = domain.ConventionSigned, ckDate("2026-11-26")
	ckWant(t, "renewal signed", ckCodes(t, in, e, check.ConventionMissing, check.ConventionExpiring))

	// Terminated while the partner is still habilitated.
	in.Conventions = []*domain.Convention{ckConv(3, ckA, ckRNCP, domain.ConventionTerminated, "2025-01-01", "2027-12-31", "2024-12-15")}
	in.Conventions[0].TerminatedOn, in.Conventions[0].TerminationReason = ckDate("2026-09-30"), "manquements"
	ckOne(t, in, e, "was terminated on 2026-09-30 (manquements)", "sign a new convention")
	// A draft abandoned (terminated, never signed) is no convention: missing.
	in.Conventions[0].SignedOn = domain.Date{}
	ckWant(t, "abandoned draft", ckCodes(t, in, e, check.ConventionMissing), "error CONVENTION_MISSING "+ckA)

	// The convention ended with the habilitation: nothing at all.
	in = ckInput()
	in.Partners[0].Habilitations = []domain.Habilitation{ckHab(1, ckRNCP, "2025-01-01", "2026-06-30")}
	in.Conventions = []*domain.Convention{ckConv(3, ckA, ckRNCP, domain.ConventionEnded, "2025-01-01", "2026-06-30", "2024-12-15")}
	ckWant(t, "ended with the habilitation", ckCodes(t, in, e, check.ConventionMissing))
	// A later habilitation without convention is missing one, not expired
	// (the old convention ended long before it started); one that follows
	// the day after is expired.
	in.Partners[0].Habilitations = append(in.Partners[0].Habilitations, ckHab(2, ckRNCP, "2026-09-01", ""))
	ckWant(t, "new habilitation after a gap", ckCodes(t, in, e, check.ConventionMissing), "error CONVENTION_MISSING "+ckA)
	in.Partners[0].Habilitations[1].From = ckDate("2026-07-01")
	ckWant(t, "new habilitation the day after", ckCodes(t, in, e, check.ConventionMissing), "error CONVENTION_EXPIRED CONV-2025-0003")

	// A suspended partner: nothing.
	in = ckInput()
	in.Partners[0].Status = domain.StatusSuspended
	in.Conventions = []*domain.Convention{ckConv(3, ckA, ckRNCP, domain.ConventionSigned, "2025-01-01", "2026-11-25", "2024-12-15")}
	ckWant(t, "suspended", ckCodes(t, in, e, check.ConventionMissing))
}
