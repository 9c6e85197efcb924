package check

import (
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// RetentionDue: candidates whose last session ended longer ago than the
// retention period still have personal data to purge.
const RetentionDue = "RETENTION_DUE"

// ReadsCandidates: the candidates past the retention period (see
// Snapshot.RetentionDue).
const ReadsCandidates = "candidates"

// KeyRetentionYears is the configuration key of the retention period.
const KeyRetentionYears = "privacy.retention_years"

func init() {
	// RETENTION_DUE (info): one finding, counting the candidates past the
	// retention period (privacy.retention_years) — those without a
	// certificate and the holders whose contact data is left — and giving
	// the purge command. Info: keeping data longer is the certifier's
	// decision, written in its register of processing.
	register(Rule{Code: RetentionDue, Severities: []domain.Severity{domain.SeverityInfo}, Area: AreaCertifications,
		Doc:   "candidates' last session ended more than privacy.retention_years ago and their personal data is still kept (privacy purge)",
		Reads: []string{ReadsCandidates},
		Eval:  retentionDue})
}

func retentionDue(env *Env) []domain.Finding {
	s := env.Snapshot
	if s.RetentionBefore.IsZero() || len(s.RetentionDue) == 0 {
		return nil
	}
	full, contact := 0, 0
	for _, t := range s.RetentionDue {
		if t.Full {
			full++
		} else {
			contact++
		}
	}
	msg := fmt.Sprintf("%d candidate(s) whose last session ended before %s still have personal data past the retention period", len(s.RetentionDue), s.RetentionBefore)
	if contact > 0 {
		msg += fmt.Sprintf(" (%d without the certification, %d holders' contact data)", full, contact)
	}
	msg += fmt.Sprintf(": review them with 'habil privacy purge --before %s --dry-run', then purge", s.RetentionBefore)
	return []domain.Finding{{Code: RetentionDue, Severity: domain.SeverityInfo, Subject: "candidates", Message: msg, DueDate: s.RetentionBefore}}
}
