package check_test

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

func TestRetentionDue(t *testing.T) {
	s := check.Snapshot{At: domain.MustDate("2026-01-15")}
	if f := check.Run(s); pvHasCode(f, check.RetentionDue) {
		t.Errorf("no retention period: %v", f)
	}
	s.RetentionBefore = domain.MustDate("2021-01-15")
	if f := check.Run(s); pvHasCode(f, check.RetentionDue) {
		t.Errorf("nobody past retention: %v", f)
	}
	s.RetentionDue = []domain.PurgeTarget{{CandidateID: 1, Full: true}, {CandidateID: 2, Full: true}, {CandidateID: 3, Holder: true}}
	var got []domain.Finding
	for _, f := range check.Run(s) {
		if f.Code == check.RetentionDue {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].Severity != domain.SeverityInfo ||
		!strings.Contains(got[0].Message, "3 candidate(s) whose last session ended before 2021-01-15") ||
		!strings.Contains(got[0].Message, "2 without the certification, 1 holders' contact data") ||
		!strings.Contains(got[0].Message, "privacy purge --before 2021-01-15 --dry-run") {
		t.Errorf("RETENTION_DUE: %+v", got)
	}
}

func pvHasCode(fs []domain.Finding, code string) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}
