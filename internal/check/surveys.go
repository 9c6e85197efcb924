package check

import (
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// Survey and statistics rules (issue 14).
const (
	SurveyDue       = "SURVEY_DUE"
	FCStatisticsDue = "FC_STATISTICS_DUE"

	// ReadsSurveys: the survey waves due at At (computed from the holders,
	// their jury dates and their recorded answers).
	ReadsSurveys = "surveys"
	// ReadsStatistics: the statistics sent to France Compétences
	// ('report france-competences --sent').
	ReadsStatistics = "statistics"
)

func init() {
	register(Rule{Code: SurveyDue, Severities: []domain.Severity{domain.SeverityInfo}, Area: AreaFranceCompetences,
		Doc:   "a holder's 6-month or 24-month insertion survey is due (from the jury date + 6 or 24 months until its answer window closes) and not answered",
		Reads: []string{ReadsSurveys},
		Eval:  surveyDue})
	register(Rule{Code: FCStatisticsDue, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaFranceCompetences,
		Doc:   "an active RNCP certification registered \"sur demande\" with holders recorded in habil has no statistics sent to France Compétences in the last 2 years (R6113-15; record a sending with 'report france-competences --sent D')",
		Reads: []string{ReadsCertifications, ReadsStatistics, ReadsSurveys},
		Eval:  fcStatisticsDue})
}

func surveyDue(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, d := range e.SurveysDue {
		wave := "6-month"
		if d.Wave == domain.Wave24m {
			wave = "24-month"
		}
		out = append(out, domain.Finding{Code: SurveyDue, Severity: domain.SeverityInfo, Subject: d.CertificateNumber, Certification: d.Certification,
			DueDate: d.DueDate,
			Message: fmt.Sprintf("the %s survey of %s (%s) is due since %s, answers accepted until %s: send it with 'habil cohort surveys export --wave %s --out FILE'",
				wave, d.Candidate.FullName(), d.CertificateNumber, d.DueDate, d.Closes.AddDays(-1), d.Wave)})
	}
	return out
}

// OnDemand reports whether a registration type is "sur demande".
func OnDemand(registrationType string) bool {
	return strings.Contains(domain.Fold(registrationType), "sur demande")
}

func fcStatisticsDue(e *Env) []domain.Finding {
	last := map[domain.CertCode]domain.Date{}
	for _, s := range e.FCStatisticsSent {
		if !s.SentOn.After(e.At) && s.SentOn.After(last[s.Certification]) {
			last[s.Certification] = s.SentOn
		}
	}
	var out []domain.Finding
	since := e.At.AddMonths(-24)
	for _, c := range e.Certifications {
		if c.Code.Register() != domain.RNCP || !OnDemand(c.RegistrationType) || c.State(e.At) != domain.FicheActive || e.Holders[c.Code] == 0 {
			continue
		}
		l := last[c.Code]
		if !l.IsZero() && !l.Before(since) {
			continue
		}
		f := domain.Finding{Code: FCStatisticsDue, Severity: domain.SeverityWarning, Subject: string(c.Code), Certification: c.Code}
		if l.IsZero() {
			f.Message = fmt.Sprintf("no statistics of %s (registered sur demande) are recorded as sent to France Compétences: they are due at least every 2 years (R6113-15); write them with 'habil report france-competences --certification %s --out FILE.xlsx --sent D'", c.Code, c.Code)
		} else {
			f.DueDate = l.AddMonths(24)
			f.Message = fmt.Sprintf("the statistics of %s were last sent to France Compétences on %s, more than 2 years ago (due every 2 years, R6113-15): send them again and record it with 'habil report france-competences --certification %s --out FILE.xlsx --sent D'", c.Code, l, c.Code)
		}
		out = append(out, f)
	}
	return out
}
