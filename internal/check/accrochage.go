package check

import (
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// The CPF accrochage area: every holder must be accepted by the CDC within
// 3 months of the delivery of their certificate (R6113-17-2), and a
// rejected passage is a correction request the certifier has 3 months to
// answer.
const (
	AccrochageDue      = "ACCROCHAGE_DUE"
	AccrochageOverdue  = "ACCROCHAGE_OVERDUE"
	AccrochageRejected = "ACCROCHAGE_REJECTED"

	AreaAccrochage       Area = "accrochage"
	ReadsAccrochage           = "accrochage" // holders of delivered certificates and their passages
	KeyAccrochageDueDays      = "check.accrochage_due_days"
)

func init() {
	register(
		Rule{Code: AccrochageDue, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaAccrochage,
			Doc:        "a holder is not accepted by the CDC the limit of days after the delivery of their certificate (the law gives 3 months)",
			Thresholds: []string{KeyAccrochageDueDays},
			Reads:      []string{ReadsAccrochage},
			Eval:       accrochageDue},
		Rule{Code: AccrochageOverdue, Severities: []domain.Severity{domain.SeverityError}, Area: AreaAccrochage,
			Doc:   "a holder is not accepted by the CDC 3 months after the delivery of their certificate (R6113-17-2)",
			Reads: []string{ReadsAccrochage},
			Eval:  accrochageOverdue},
		Rule{Code: AccrochageRejected, Severities: []domain.Severity{domain.SeverityError}, Area: AreaAccrochage,
			Doc:   "a passage came back KO, has not been sent again and was not closed with a reason (3 months to correct, R6113-17-2)",
			Reads: []string{ReadsAccrochage},
			Eval:  accrochageRejected},
	)
}

func accrochageWhere(s domain.AccrochageState) string {
	switch s.Passage.Status {
	case domain.AccrochagePending:
		return "sent on " + s.Passage.SentOn.String() + ", no processing report recorded"
	case domain.AccrochageKO:
		return "rejected by the CDC on " + s.Passage.AckOn.String()
	}
	return "never sent"
}

func accrochageDue(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, s := range e.Accrochage {
		deadline := s.Deadline()
		if !s.Pending() || e.At.Before(s.DeliveredOn.AddDays(e.Limits.AccrochageDueDays)) || e.At.After(deadline) {
			continue
		}
		out = append(out, domain.Finding{Code: AccrochageDue, Severity: domain.SeverityWarning, Subject: s.CertificateNumber,
			Certification: s.Certification, DueDate: deadline,
			Message: fmt.Sprintf("%s (%s), delivered on %s, is not accepted by the CDC (%s): declare them by %s with 'habil report accrochage --out FILE.xml'",
				s.Holder, s.CertificateNumber, s.DeliveredOn, accrochageWhere(s), deadline)})
	}
	return out
}

func accrochageOverdue(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, s := range e.Accrochage {
		deadline := s.Deadline()
		if !s.Pending() || !e.At.After(deadline) {
			continue
		}
		out = append(out, domain.Finding{Code: AccrochageOverdue, Severity: domain.SeverityError, Subject: s.CertificateNumber,
			Certification: s.Certification, DueDate: deadline,
			Message: fmt.Sprintf("%s (%s), delivered on %s, is still not accepted by the CDC (%s): the 3-month deadline (R6113-17-2) passed on %s",
				s.Holder, s.CertificateNumber, s.DeliveredOn, accrochageWhere(s), deadline)})
	}
	return out
}

func accrochageRejected(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, s := range e.Accrochage {
		if s.Passage.Status != domain.AccrochageKO {
			continue
		}
		by := s.Passage.AckOn.AddMonths(domain.AccrochageDeadlineMonths)
		out = append(out, domain.Finding{Code: AccrochageRejected, Severity: domain.SeverityError, Subject: s.CertificateNumber,
			Certification: s.Certification, DueDate: by,
			Message: fmt.Sprintf("%s (%s) was rejected by the CDC on %s: %q; send corrected data or explain why by %s (R6113-17-2) with 'habil report accrochage', or close it with 'habil report accrochage --close %s --reason …'",
				s.Holder, s.CertificateNumber, s.Passage.AckOn, s.Passage.Message, by, s.CertificateNumber)})
	}
	return out
}
