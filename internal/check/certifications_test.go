package check_test

import (
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

func TestCheckCertificationEnding(t *testing.T) {
	const c = check.CertificationEnding
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
