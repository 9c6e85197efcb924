package check

import (
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// Finding codes of the sessions area: results not recorded long after a
// session, certificates not delivered long after the jury.
const (
	ResultsMissing = "RESULTS_MISSING"
	DeliveryLate   = "DELIVERY_LATE"
)

// AreaSessions is the exam sessions' area.
const AreaSessions Area = "sessions"

// ReadsSessions: the sessions with their counts (enrolled, with a result).
const ReadsSessions = "sessions"

// Configuration keys of the sessions' thresholds.
const (
	KeyResultsMissingDays = "check.results_missing_days"
	KeyDeliveryLateDays   = "check.delivery_late_days"
)

func init() {
	// RESULTS_MISSING (warning): a session not closed, with enrolled
	// candidates, whose last day is ResultsMissingDays or more before the
	// date and whose candidates do not all have a result.
	// DELIVERY_LATE (warning): a jury decision (or validation of scores)
	// DeliveryLateDays or more before the date, and the session not
	// delivered.
	register(
		Rule{Code: ResultsMissing, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaSessions,
			Doc:        "a session ended the limit ago and some enrolled candidates have no result",
			Thresholds: []string{KeyResultsMissingDays},
			Reads:      []string{ReadsSessions},
			Eval:       resultsMissing},
		Rule{Code: DeliveryLate, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaSessions,
			Doc:        "a jury decided the limit ago and the session's certificates are not delivered",
			Thresholds: []string{KeyDeliveryLateDays},
			Reads:      []string{ReadsSessions},
			Eval:       deliveryLate},
	)
}

// sessionFinding fills what every session finding shares: the session id
// as subject, its certification, and the organiser when it is a partner.
func (e *Env) sessionFinding(s *domain.Session, code string, due domain.Date, msg string) domain.Finding {
	f := domain.Finding{Code: code, Severity: domain.SeverityWarning, Subject: fmt.Sprint(s.ID), Certification: s.Certification, DueDate: due, Message: msg}
	if e.partners[s.Partner] != nil {
		f.SIRET = string(s.Partner)
	}
	return f
}

func sessionLabel(s *domain.Session) string {
	who := s.PartnerName
	if who == "" {
		who = s.Partner.Formatted()
	}
	return fmt.Sprintf("session %d (%s, %s, %s)", s.ID, s.Certification, who, s.Date)
}

func resultsMissing(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, s := range e.Sessions {
		if !s.JuryDate.IsZero() || !s.DeliveredOn.IsZero() || s.Enrolled == 0 || s.WithResult >= s.Enrolled {
			continue
		}
		due := s.LastDay().AddDays(e.Limits.ResultsMissingDays)
		if e.At.Before(due) {
			continue
		}
		out = append(out, e.sessionFinding(s, ResultsMissing, due, fmt.Sprintf("%s ended on %s and %d of %d enrolled candidates have no result; record them with 'habil session results %d FILE'",
			sessionLabel(s), s.LastDay(), s.Enrolled-s.WithResult, s.Enrolled, s.ID)))
	}
	return out
}

func deliveryLate(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, s := range e.Sessions {
		if s.JuryDate.IsZero() || !s.DeliveredOn.IsZero() {
			continue
		}
		due := s.JuryDate.AddDays(e.Limits.DeliveryLateDays)
		if e.At.Before(due) {
			continue
		}
		out = append(out, e.sessionFinding(s, DeliveryLate, due, fmt.Sprintf("%s: the jury decided on %s and the certificates are not delivered (%d days); deliver them with 'habil session deliver %d --date D'",
			sessionLabel(s), s.JuryDate, s.JuryDate.DaysUntil(e.At), s.ID)))
	}
	return out
}
