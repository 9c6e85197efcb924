package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// RoyaltyStatements lists the last version of each recorded statement.
func (r *reader) RoyaltyStatements() ([]*domain.RoyaltyStatement, error) {
	return listRoyalties(r.ctx, r.q)
}

// RoyaltyStatements lists the statements inside the transaction.
func (tx *Tx) RoyaltyStatements() ([]*domain.RoyaltyStatement, error) {
	return listRoyalties(tx.ctx, tx)
}

// royaltyLineRow is a line as stored (JSON) and journaled.
type royaltyLineRow struct {
	Convention    string `json:"convention"`
	Certification string `json:"certification"`
	Source        string `json:"source"`
	From          string `json:"from"`
	To            string `json:"to"`
	Quantity      int    `json:"quantity"`
	Divisor       int    `json:"divisor"`
	Unit          string `json:"unit"`
	Total         string `json:"total"`
}

func royaltyLineRows(st *domain.RoyaltyStatement) []royaltyLineRow {
	out := []royaltyLineRow{}
	for _, l := range st.Lines {
		out = append(out, royaltyLineRow{Convention: l.Convention, Certification: string(l.Certification), Source: l.Source, From: l.From.String(), To: l.To.String(),
			Quantity: l.Quantity, Divisor: l.Divisor, Unit: l.Unit.Decimal(), Total: l.Total.Decimal()})
	}
	return out
}

func listRoyalties(ctx context.Context, q querier) ([]*domain.RoyaltyStatement, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.partner_siret, COALESCE(p.name, ''), s.period, s.version, s.total_cents, s.lines, s.recorded_on,
		COALESCE((SELECT SUM(amount_cents) FROM royalty_payment y WHERE y.partner_siret = s.partner_siret AND y.period = s.period), 0)
		FROM royalty_statement s LEFT JOIN partner p ON p.siret = s.partner_siret
		WHERE s.version = (SELECT MAX(version) FROM royalty_statement t WHERE t.partner_siret = s.partner_siret AND t.period = s.period)
		ORDER BY s.period, s.partner_siret`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.RoyaltyStatement
	for rows.Next() {
		st := &domain.RoyaltyStatement{}
		var siret, lines, on string
		var total, paid int64
		if err := rows.Scan(&siret, &st.PartnerName, &st.Period, &st.Version, &total, &lines, &on, &paid); err != nil {
			return nil, err
		}
		st.SIRET, st.Total, st.Paid = domain.SIRET(siret), domain.Money(total), domain.Money(paid)
		st.RecordedOn, _ = domain.ParseOptionalDate(on)
		var ls []royaltyLineRow
		if err := json.Unmarshal([]byte(lines), &ls); err != nil {
			return nil, fmt.Errorf("royalty statement of %s for %d: %w", siret, st.Period, err)
		}
		for _, l := range ls {
			rl := domain.RoyaltyLine{SIRET: st.SIRET, PartnerName: st.PartnerName, Convention: l.Convention, Certification: domain.CertCode(l.Certification),
				Source: l.Source, Quantity: l.Quantity, Divisor: l.Divisor}
			rl.From, _ = domain.ParseOptionalDate(l.From)
			rl.To, _ = domain.ParseOptionalDate(l.To)
			rl.Unit, _ = domain.ParseMoney(l.Unit)
			rl.Total, _ = domain.ParseMoney(l.Total)
			st.Lines = append(st.Lines, rl)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// SaveRoyaltyStatement records a new version of a statement when it changed.
func (tx *Tx) SaveRoyaltyStatement(st *domain.RoyaltyStatement, on domain.Date) (bool, error) {
	lines, err := json.Marshal(royaltyLineRows(st))
	if err != nil {
		return false, err
	}
	var version int
	var total int64
	var prev, prevOn string
	err = tx.QueryRowContext(tx.ctx, `SELECT version, total_cents, lines, recorded_on FROM royalty_statement WHERE partner_siret = ? AND period = ?
		ORDER BY version DESC LIMIT 1`, string(st.SIRET), st.Period).Scan(&version, &total, &prev, &prevOn)
	switch {
	case err == sql.ErrNoRows:
	case err != nil:
		return false, err
	case domain.Money(total) == st.Total && prev == string(lines):
		st.Version = version
		st.RecordedOn, _ = domain.ParseOptionalDate(prevOn)
		return false, nil
	}
	st.Version, st.RecordedOn = version+1, on
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO royalty_statement(partner_siret, period, version, total_cents, lines, recorded_on, created_at) VALUES (?,?,?,?,?,?,?)`,
		string(st.SIRET), st.Period, st.Version, int64(st.Total), string(lines), on.String(), tx.nowText()); err != nil {
		return false, err
	}
	var before any
	if version > 0 {
		before = map[string]any{"period": st.Period, "version": version, "total": domain.Money(total).Decimal()}
	}
	return true, tx.Journal("statement", "royalty", string(st.SIRET), before, map[string]any{
		"period": st.Period, "version": st.Version, "total": st.Total.Decimal(), "lines": royaltyLineRows(st),
	})
}

// AddRoyaltyPayment stores a payment and journals it.
func (tx *Tx) AddRoyaltyPayment(p *domain.RoyaltyPayment) error {
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO royalty_payment(partner_siret, period, amount_cents, date, created_at) VALUES (?,?,?,?,?)`,
		string(p.SIRET), p.Period, int64(p.Amount), p.Date.String(), tx.nowText())
	if err != nil {
		return err
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.Journal("payment", "royalty", string(p.SIRET), nil, map[string]any{"period": p.Period, "amount": p.Amount.Decimal(), "date": p.Date.String()})
}
