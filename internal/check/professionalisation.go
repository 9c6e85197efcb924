package check

import (
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// Finding codes of the professionalisation of the network (issue 17).
const (
	EvaluatorNotTrained     = "EVALUATOR_NOT_TRAINED"
	DocumentNotAcknowledged = "DOCUMENT_NOT_ACKNOWLEDGED"
)

func init() {
	register(
		Rule{Code: EvaluatorNotTrained, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaPartners,
			Doc:        "once the certifier records trainings ('network training add'), an active partner habilitated to assess had no training within the limit",
			Thresholds: []string{KeyEvaluatorTrainingMonths},
			Reads:      []string{ReadsPartners, ReadsTrainings},
			Eval:       evaluatorNotTrained},
		Rule{Code: DocumentNotAcknowledged, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaPartners,
			Doc:        "an active partner with a habilitation in force has not acknowledged the current version of a published document within the limit",
			Thresholds: []string{KeyDocumentAckDays},
			Reads:      []string{ReadsPartners, ReadsDocuments},
			Eval:       documentNotAcknowledged},
	)
}

func assesses(p *domain.Partner, at domain.Date) bool {
	for _, h := range p.Habilitations {
		if h.InForce(at) && h.Scope.Assesses() {
			return true
		}
	}
	return false
}

func habilitated(p *domain.Partner, at domain.Date) bool {
	for _, h := range p.Habilitations {
		if h.InForce(at) {
			return true
		}
	}
	return false
}

func evaluatorNotTrained(e *Env) []domain.Finding {
	held := false
	last := map[domain.SIRET]domain.Date{}
	for _, t := range e.Trainings {
		if t.Date.After(e.At) {
			continue
		}
		held = true
		for _, s := range t.Partners {
			if t.Date.After(last[s]) {
				last[s] = t.Date
			}
		}
	}
	if !held {
		return nil // the certifier records no trainings yet
	}
	since := e.At.AddMonths(-e.Limits.EvaluatorTrainingMonths)
	var out []domain.Finding
	for _, p := range e.Partners {
		if p.Status != domain.StatusActive || !assesses(p, e.At) {
			continue
		}
		l := last[p.SIRET]
		if !l.IsZero() && !l.Before(since) {
			continue
		}
		what := "has never been trained"
		if !l.IsZero() {
			what = fmt.Sprintf("was last trained on %s", l)
		}
		out = append(out, domain.Finding{Code: EvaluatorNotTrained, Severity: domain.SeverityWarning, Subject: string(p.SIRET), SIRET: string(p.SIRET),
			Message: fmt.Sprintf("%s assesses candidates and %s on the certification and its exams (a training counts %d months); record one with 'habil network training add --date D --topic TEXT --partner %s'",
				partnerLabel(p), what, e.Limits.EvaluatorTrainingMonths, p.SIRET)})
	}
	return out
}

func documentNotAcknowledged(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, d := range domain.CurrentDocuments(e.Documents, e.At) {
		due := d.PublishedOn.AddDays(e.Limits.DocumentAckDays)
		if !e.At.After(due) {
			continue
		}
		for _, p := range e.Partners {
			if p.Status != domain.StatusActive || !habilitated(p, e.At) {
				continue
			}
			if on, ok := d.Acks[p.SIRET]; ok && !on.After(e.At) {
				continue
			}
			out = append(out, domain.Finding{Code: DocumentNotAcknowledged, Severity: domain.SeverityWarning, Subject: string(p.SIRET), SIRET: string(p.SIRET), DueDate: due,
				Message: fmt.Sprintf("%s has not acknowledged version %s of %q, published on %s (due by %s); record it with 'habil network documents ack %s %q --version %s --date D'",
					partnerLabel(p), d.Version, d.Name, d.PublishedOn, due, p.SIRET, d.Name, d.Version)})
		}
	}
	return out
}
