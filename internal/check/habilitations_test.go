package check_test

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

func TestCheckBeyondRegistration(t *testing.T) {
	const b = check.BeyondRegistration
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
	// The fiche gives a delivery deadline (DATE_LIMITE_DELIVRANCE) after its
	// registration end: that is the limit, for candidates already engaged.
	in.Certifications[0].DeliveryLimit = ckDate("2027-12-31")
	ckWant(t, "delivery deadline", ckCodes(t, in, b))
	in.Conventions[1] = ckConv(2, ckA, ckRNCP, domain.ConventionDraft, "2026-01-01", "2028-01-01", "")
	ckWant(t, "past the delivery deadline", ckCodes(t, in, b), "error HABILITATION_BEYOND_REGISTRATION CONV-2025-0002")
	ckOne(t, in, b, "runs until 2028-01-01, past the delivery deadline of RNCP36141 (2027-12-31)")
	in.Conventions = nil
	in.Partners[0].Habilitations[0].To = ckDate("2028-01-01")
	ckOne(t, in, b, "habilitation #1 of Formapro Lyon (888 777 265 00016) for RNCP36141 runs until 2028-01-01, past the delivery deadline of RNCP36141 (2027-12-31)")
	in.Partners[0].Habilitations[0].To = ckDate("2027-12-31")
	ckWant(t, "ends on the delivery deadline", ckCodes(t, in, b))
	// Starting after the registration ended is never right, deadline or not.
	in.Partners[0].Habilitations[0] = ckHab(1, ckRNCP, "2027-07-01", "2027-09-30")
	ckOne(t, in, b, "starts on 2027-07-01, after the registration of RNCP36141 ended (2027-06-30)")
	in.Certifications[0].DeliveryLimit = domain.Date{}
	in.Partners[0].Habilitations[0] = ckHab(1, ckRNCP, "2025-01-01", "")
	// No registration end recorded: nothing to compare with.
	in.Certifications[0].EndDate = domain.Date{}
	ckWant(t, "no end date", ckCodes(t, in, b))
}
