package app

import (
	"context"
	"time"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/report"
)

// RoyaltiesOf computes the royalty statements of year at day at (one
// partner when only is set) from what r holds, without recording
// anything: what 'royalty statement' records and 'report all' prints.
func RoyaltiesOf(r domain.Reader, year int, at domain.Date, only domain.SIRET) ([]*domain.RoyaltyStatement, error) {
	me, err := r.Certifier()
	if err != nil {
		return nil, err
	}
	return royaltiesFor(r, me, year, at, only)
}

// royaltiesFor is RoyaltiesOf for the certifier me, already read.
func royaltiesFor(r domain.Reader, me domain.Certifier, year int, at domain.Date, only domain.SIRET) ([]*domain.RoyaltyStatement, error) {
	convs, err := r.Conventions(domain.ConventionFilter{})
	if err != nil {
		return nil, err
	}
	jan1, dec31 := domain.NewDate(year, time.January, 1), domain.NewDate(year, time.December, 31)
	sessions, err := r.Sessions(domain.SessionFilter{From: jan1, To: dec31})
	if err != nil {
		return nil, err
	}
	byID := map[int64]*domain.Session{}
	for _, s := range sessions {
		s.Enrollments = nil
		byID[s.ID] = s
	}
	if len(sessions) > 0 {
		recs, err := r.Enrollments(domain.EnrollmentFilter{})
		if err != nil {
			return nil, err
		}
		for _, e := range recs {
			sid := e.SessionID
			if e.Session != nil {
				sid = e.Session.ID
			}
			if s := byID[sid]; s != nil {
				s.Enrollments = append(s.Enrollments, e.Enrollment)
			}
		}
	}
	names := map[domain.SIRET]string{}
	for _, c := range convs {
		names[c.PartnerSIRET] = c.PartnerName
	}
	out := domain.ComputeRoyalties(year, at, domain.SIRET(me.SIRET), convs, sessions, names, only)
	return out, nil
}

// RoyaltyRequest is what 'royalty statement' asks for.
type RoyaltyRequest struct {
	Period  int
	Partner domain.SIRET // "" = every partner
	At      domain.Date  // the statement's date (sessions held by then; recorded and printed); zero: today
}

// RoyaltyStatement computes the statements of a period (at today), writes
// them with write (the file) and records each partner's total as a new
// version when it changed — in one transaction: a file that cannot be
// written records nothing. It returns the statements and how many
// versions were recorded.
func (a *App) RoyaltyStatement(ctx context.Context, req RoyaltyRequest, write func(domain.Certifier, []*domain.RoyaltyStatement) error) ([]*domain.RoyaltyStatement, int, error) {
	today := a.Today()
	if !req.At.IsZero() {
		today = req.At
	}
	if req.Period < 1900 || req.Period > today.Year() {
		return nil, 0, domain.Invalid("ROYALTY_PERIOD", "%d is not a past or current year", req.Period).WithHint("give --period YYYY, e.g. --period %d", today.Year()-1)
	}
	var out []*domain.RoyaltyStatement
	recorded := 0
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		if req.Partner != "" {
			if _, err := tx.Partner(req.Partner); err != nil {
				return err
			}
		}
		me, err := tx.Certifier()
		if err != nil {
			return err
		}
		if out, err = royaltiesFor(tx, me, req.Period, today, req.Partner); err != nil {
			return err
		}
		for _, st := range out {
			wrote, err := tx.SaveRoyaltyStatement(st, today)
			if err != nil {
				return err
			}
			if wrote {
				recorded++
			}
		}
		return write(me, out)
	})
	if err != nil {
		return nil, 0, err
	}
	return out, recorded, nil
}

// RoyaltyPaid records a payment of a partner for a period that has a
// recorded statement.
func (a *App) RoyaltyPaid(ctx context.Context, p domain.RoyaltyPayment) (*domain.RoyaltyStatement, error) {
	if p.Amount <= 0 {
		return nil, domain.Invalid("ROYALTY_AMOUNT", "the amount paid must be more than 0").WithHint("give --amount EUR, e.g. --amount 1250,50")
	}
	if p.Date.IsZero() {
		p.Date = a.Today()
	}
	if p.Date.After(a.Today()) {
		return nil, domain.Conflict("ROYALTY_PAID_DATE", "%s is in the future: record a payment once it is received", p.Date)
	}
	var st *domain.RoyaltyStatement
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		if _, err := tx.Partner(p.SIRET); err != nil {
			return err
		}
		all, err := tx.RoyaltyStatements()
		if err != nil {
			return err
		}
		for _, s := range all {
			if s.SIRET == p.SIRET && s.Period == p.Period {
				st = s
			}
		}
		if st == nil {
			return domain.Conflict("ROYALTY_NO_STATEMENT", "no royalty statement is recorded for %s for %d: there is nothing to pay", p.SIRET.Formatted(), p.Period).
				WithHint("write it first with 'habil royalty statement --period %d --partner %s --out redevances.xlsx'", p.Period, p.SIRET)
		}
		if err := tx.AddRoyaltyPayment(&p); err != nil {
			return err
		}
		st.Paid += p.Amount
		return nil
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// RoyaltyPDF renders statements of period to out (PDF) with r.
func (a *App) RoyaltyPDF(period int, at domain.Date, sts []*domain.RoyaltyStatement, me domain.Certifier, out string, r Renderer) (Rendered, error) {
	if at.IsZero() {
		at = a.Today()
	}
	return RenderFile(out, ModePublic, dated(r, at), report.RoyaltyStatement(report.RoyaltyStatementInput{Certifier: me, Period: period, Statements: sts, At: at}))
}
