package check_test

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

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
		ckWant(t, "qualiopi "+tc.until, ckCodes(t, in, check.QualiopiExpiring, check.QualiopiExpired), tc.want...)
		if tc.frag != "" {
			l := ckRun(t, in, check.QualiopiExpiring, check.QualiopiExpired)
			if !strings.Contains(l[0].Message, tc.frag) {
				t.Errorf("message %q does not contain %q", l[0].Message, tc.frag)
			}
		}
	}
	// Suspended, prospect and withdrawn partners are left out.
	p.Qualiopi.ValidUntil = ckDate("2026-01-01")
	for _, s := range []domain.PartnerStatus{domain.StatusSuspended, domain.StatusProspect, domain.StatusWithdrawn} {
		p.Status = s
		ckWant(t, "partner "+string(s), ckCodes(t, in, check.QualiopiExpiring, check.QualiopiExpired))
	}
	p.Status = domain.StatusActive
	p.Qualiopi.ValidUntil = ckDate("2026-12-27")
	in.Limits.QualiopiExpiringDays = 30
	ckWant(t, "31 days with a 30-day limit", ckCodes(t, in, check.QualiopiExpiring))
}
