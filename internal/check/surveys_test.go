package check_test

import (
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

func TestSurveyDue(t *testing.T) {
	due := domain.SurveyDue{CertificateNumber: "RNCP35419-2025-000001", Certification: "RNCP35419",
		Candidate: domain.Candidate{BirthName: "Martin", FirstNames: []string{"Léa"}}, Wave: domain.Wave6m,
		DueDate: domain.MustDate("2025-07-15"), Closes: domain.MustDate("2026-01-15")}
	s := check.Snapshot{At: domain.MustDate("2025-07-15"), SurveysDue: []domain.SurveyDue{due}}
	ckWant(t, "a wave due", ckCodes(t, s, check.SurveyDue), "info SURVEY_DUE RNCP35419-2025-000001")
	s.SurveysDue = nil
	ckWant(t, "nothing due", ckCodes(t, s, check.SurveyDue))
}

func TestFCStatisticsDue(t *testing.T) {
	at := domain.MustDate("2026-03-01")
	certs := []*domain.Certification{
		{Code: "RNCP35419", EndDate: domain.MustDate("2028-12-31"), RegistrationType: "Enregistrement sur demande"},
		{Code: "RNCP11111", EndDate: domain.MustDate("2028-12-31"), RegistrationType: "Enregistrement de droit"},
		{Code: "RNCP22222", EndDate: domain.MustDate("2025-12-31"), RegistrationType: "Enregistrement sur demande"},                    // ended
		{Code: "RNCP33333", EndDate: domain.MustDate("2028-12-31"), RegistrationType: "Enregistrement sur demande", Active: new(bool)}, // inactive
		{Code: "RS5000", EndDate: domain.MustDate("2028-12-31"), RegistrationType: "Enregistrement sur demande"},
	}
	s := check.Snapshot{At: at, Certifications: certs}
	ckWant(t, "no holder recorded", ckCodes(t, s, check.FCStatisticsDue))
	s.Holders = map[domain.CertCode]int{"RNCP35419": 3, "RNCP11111": 2, "RNCP22222": 1, "RNCP33333": 1, "RS5000": 4}
	ckWant(t, "never sent", ckCodes(t, s, check.FCStatisticsDue), "warning FC_STATISTICS_DUE RNCP35419")
	// Sent exactly 2 years before --at: still within the last 2 years.
	s.FCStatisticsSent = []domain.FCStatisticsSending{{Certification: "RNCP35419", SentOn: domain.MustDate("2024-03-01")}}
	ckWant(t, "sent 2 years ago to the day", ckCodes(t, s, check.FCStatisticsDue))
	// One day more: due again.
	s.FCStatisticsSent[0].SentOn = domain.MustDate("2024-02-29")
	ckWant(t, "sent 2 years and a day ago", ckCodes(t, s, check.FCStatisticsDue), "warning FC_STATISTICS_DUE RNCP35419")
	// A sending recorded after --at does not count at --at.
	s.FCStatisticsSent[0].SentOn = domain.MustDate("2026-03-02")
	ckWant(t, "sent after --at", ckCodes(t, s, check.FCStatisticsDue), "warning FC_STATISTICS_DUE RNCP35419")
	s.FCStatisticsSent[0].SentOn = at
	ckWant(t, "sent on --at", ckCodes(t, s, check.FCStatisticsDue))
}
