package check

import (
	"fmt"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

// RoyaltyUnpaid: a recorded royalty statement not fully paid some days
// after the end of its period (issue 17).
const RoyaltyUnpaid = "ROYALTY_UNPAID"

func init() {
	register(Rule{Code: RoyaltyUnpaid, Severities: []domain.Severity{domain.SeverityWarning}, Area: AreaPartners,
		Doc:        "a royalty statement's last recorded total for a partner is not fully paid the limit of days after the end of its year",
		Thresholds: []string{KeyRoyaltyUnpaidDays},
		Reads:      []string{ReadsRoyalties},
		Eval:       royaltyUnpaid})
}

func royaltyUnpaid(e *Env) []domain.Finding {
	var out []domain.Finding
	for _, st := range e.Royalties {
		if st.Paid >= st.Total {
			continue
		}
		due := domain.NewDate(st.Period, time.December, 31).AddDays(e.Limits.RoyaltyUnpaidDays)
		if !e.At.After(due) {
			continue
		}
		name := st.PartnerName
		if p := e.partners[st.SIRET]; p != nil {
			name = partnerLabel(p)
		}
		left := st.Total - st.Paid
		out = append(out, domain.Finding{Code: RoyaltyUnpaid, Severity: domain.SeverityWarning, Subject: string(st.SIRET), SIRET: string(st.SIRET), DueDate: due,
			Message: fmt.Sprintf("%s owes %s of its %d royalties (statement version %d: %s, paid %s), due by %s; record a payment with 'habil royalty paid %s --period %d --amount EUR --date D'",
				name, left.Decimal(), st.Period, st.Version, st.Total.Decimal(), st.Paid.Decimal(), due, st.SIRET, st.Period)})
	}
	return out
}
