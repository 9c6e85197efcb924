package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

// This file is the partner register: partners, their status history and
// their habilitations. Every write goes through a *Tx and is journaled in it:
//
//	entity "partner"      id SIRET   actions create, update, status
//	entity "habilitation" id "12"    actions create, update, end, delete
//
// Reads return *domain.Partner with Habilitations (by certification, then
// start date) and History (oldest first) filled.

// The register's value types live in domain (the store interfaces use
// them); these aliases keep this package's callers short.
type (
	ChangeKind    = domain.ChangeKind
	PartnerChange = domain.PartnerChange
	PartnerFilter = domain.PartnerFilter
)

const (
	ChangeUnchanged = domain.ChangeUnchanged
	ChangeCreated   = domain.ChangeCreated
	ChangeUpdated   = domain.ChangeUpdated
)

// ---------------------------------------------------------------- reads

// PartnerNotFound is the error for a SIRET that is not in the register.
func PartnerNotFound(siret domain.SIRET) error {
	return domain.NotFound("partner %s is not in the register", siret.Formatted()).
		WithHint("see 'habil partner list', or add it with 'habil partner add --siret %s --name …'", siret)
}

// Partner returns one partner with its habilitations and status history, or
// a NotFound error (exit 1) with a hint.
func (db *DB) Partner(ctx context.Context, siret domain.SIRET) (*domain.Partner, error) {
	p, err := loadPartner(ctx, db.sql, siret)
	return p, db.wrap(err, "")
}

// Partner reads a partner inside the transaction (same result as DB.Partner).
func (tx *Tx) Partner(siret domain.SIRET) (*domain.Partner, error) {
	return loadPartner(tx.ctx, tx, siret)
}

// PartnerCount returns the number of partners in the register.
func (tx *Tx) PartnerCount() (int, error) { return partnerCount(tx.ctx, tx) }

// PartnerExists reports whether the SIRET is in the register.
func (tx *Tx) PartnerExists(siret domain.SIRET) (bool, error) {
	var n int
	err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM partner WHERE siret = ?`, string(siret)).Scan(&n)
	return n > 0, err
}

// PartnerSorts are the accepted PartnerFilter.Sort values.
var PartnerSorts = domain.PartnerSorts

// Partners lists the partners matching f, with habilitations and history.
func (db *DB) Partners(ctx context.Context, f PartnerFilter) ([]*domain.Partner, error) {
	l, err := listPartners(ctx, db.sql, f)
	return l, db.wrap(err, "")
}

// Partners lists partners inside the transaction.
func (tx *Tx) Partners(f PartnerFilter) ([]*domain.Partner, error) {
	return listPartners(tx.ctx, tx, f)
}

// Habilitation returns one habilitation by id.
func (db *DB) Habilitation(ctx context.Context, id int64) (*domain.Habilitation, error) {
	h, err := loadHabilitation(ctx, db.sql, id)
	return h, db.wrap(err, "")
}

// Habilitation reads one habilitation inside the transaction.
func (tx *Tx) Habilitation(id int64) (*domain.Habilitation, error) {
	return loadHabilitation(tx.ctx, tx, id)
}

const partnerSelect = `SELECT siret, name, nda, role, status, address, representative, email, phone, website,
	qualiopi_body, qualiopi_number, qualiopi_categories, qualiopi_until, uai,
	COALESCE((SELECT date FROM partner_status_history h WHERE h.siret = partner.siret ORDER BY h.id DESC LIMIT 1), '')
	FROM partner`

// partnerListSelect is partnerSelect without the status date, which a
// listing takes from the history it loads anyway.
const partnerListSelect = `SELECT siret, name, nda, role, status, address, representative, email, phone, website,
	qualiopi_body, qualiopi_number, qualiopi_categories, qualiopi_until, uai, ''
	FROM partner`

type rowScanner interface{ Scan(dest ...any) error }

func scanPartner(r rowScanner) (*domain.Partner, error) {
	p := &domain.Partner{}
	var siret, nda, role, status, cats, until, since string
	err := r.Scan(&siret, &p.Name, &nda, &role, &status, &p.Address, &p.Representative, &p.Email, &p.Phone, &p.Website,
		&p.Qualiopi.Body, &p.Qualiopi.Number, &cats, &until, &p.UAI, &since)
	if err != nil {
		return nil, err
	}
	p.SIRET, p.NDA, p.Role, p.Status = domain.SIRET(siret), domain.NDA(nda), domain.Role(role), domain.PartnerStatus(status)
	p.Qualiopi.Categories = splitList(cats)
	p.Qualiopi.ValidUntil, _ = domain.ParseOptionalDate(until)
	p.StatusSince, _ = domain.ParseOptionalDate(since)
	p.Habilitations = []domain.Habilitation{}
	p.History = []domain.StatusChange{}
	return p, nil
}

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

func loadPartner(ctx context.Context, q querier, siret domain.SIRET) (*domain.Partner, error) {
	p, err := scanPartner(q.QueryRowContext(ctx, partnerSelect+` WHERE siret = ?`, string(siret)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, PartnerNotFound(siret)
	}
	if err != nil {
		return nil, err
	}
	habs, err := queryHabilitations(ctx, q, `WHERE partner_siret = ?`, string(siret))
	if err != nil {
		return nil, err
	}
	p.Habilitations = append(p.Habilitations, habs...)
	hist, err := queryHistory(ctx, q, `WHERE siret = ?`, string(siret))
	if err != nil {
		return nil, err
	}
	p.History = append(p.History, hist[siret]...)
	return p, nil
}

const habilitationSelect = `SELECT id, partner_siret, certification, scope, blocs, access, date_from, date_to, end_reason FROM habilitation `

func scanHabilitation(r rowScanner) (domain.Habilitation, error) {
	var h domain.Habilitation
	var siret, cert, scope, blocs, access, from, to string
	if err := r.Scan(&h.ID, &siret, &cert, &scope, &blocs, &access, &from, &to, &h.EndReason); err != nil {
		return h, err
	}
	h.PartnerSIRET, h.Certification, h.Scope = domain.SIRET(siret), domain.CertCode(cert), domain.Scope(scope)
	h.Blocs = splitList(blocs)
	for _, a := range splitList(access) {
		h.Access = append(h.Access, domain.Access(a))
	}
	if h.Access == nil {
		h.Access = []domain.Access{}
	}
	h.From, _ = domain.ParseOptionalDate(from)
	h.To, _ = domain.ParseOptionalDate(to)
	return h, nil
}

// queryHabilitations returns habilitations ordered by partner, certification
// (RNCP before RS, by number), start date and id.
func queryHabilitations(ctx context.Context, q querier, where string, args ...any) ([]domain.Habilitation, error) {
	rows, err := q.QueryContext(ctx, habilitationSelect+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Habilitation
	for rows.Next() {
		h, err := scanHabilitation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortHabilitations(out)
	return out, nil
}

func sortHabilitations(l []domain.Habilitation) {
	if len(l) < 2 {
		return // most partners of a large register: no sort to set up
	}
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.PartnerSIRET != b.PartnerSIRET {
			return a.PartnerSIRET < b.PartnerSIRET
		}
		if a.Certification != b.Certification {
			return domain.CertCodeLess(a.Certification, b.Certification)
		}
		if c := a.From.Compare(b.From); c != 0 {
			return c < 0
		}
		return a.ID < b.ID
	})
}

func loadHabilitation(ctx context.Context, q querier, id int64) (*domain.Habilitation, error) {
	h, err := scanHabilitation(q.QueryRowContext(ctx, habilitationSelect+`WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.NotFound("habilitation #%d does not exist", id).
			WithHint("habilitation numbers are shown by 'habil partner show SIRET'")
	}
	if err != nil {
		return nil, err
	}
	return &h, nil
}

func queryHistory(ctx context.Context, q querier, where string, args ...any) (map[domain.SIRET][]domain.StatusChange, error) {
	out := map[domain.SIRET][]domain.StatusChange{}
	err := eachHistory(ctx, q, where, args, func(siret domain.SIRET, c domain.StatusChange) {
		out[siret] = append(out[siret], c)
	})
	return out, err
}

// eachHistory calls fn for every status change the query returns, oldest first.
func eachHistory(ctx context.Context, q querier, where string, args []any, fn func(domain.SIRET, domain.StatusChange)) error {
	rows, err := q.QueryContext(ctx, `SELECT siret, from_status, to_status, date, reason, recorded_at, observations_until FROM partner_status_history `+where+` ORDER BY id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var siret, from, to, date, until string
		var c domain.StatusChange
		if err := rows.Scan(&siret, &from, &to, &date, &c.Reason, &c.RecordedAt, &until); err != nil {
			return err
		}
		c.ObservationsUntil, _ = domain.ParseOptionalDate(until)
		c.From, c.To = domain.PartnerStatus(from), domain.PartnerStatus(to)
		c.Date, _ = domain.ParseOptionalDate(date)
		fn(domain.SIRET(siret), c)
	}
	return rows.Err()
}

// partnerWhere turns a filter into an SQL condition on the partner table
// (every filter runs in SQL, on the indexes of migration 0006).
func partnerWhere(f PartnerFilter) (string, []any) {
	var conds []string
	var args []any
	if len(f.Status) > 0 {
		marks := make([]string, len(f.Status))
		for i, st := range f.Status {
			marks[i] = "?"
			args = append(args, string(st))
		}
		conds = append(conds, "partner.status IN ("+strings.Join(marks, ",")+")")
	}
	if f.Role != "" {
		conds = append(conds, "partner.role = ?")
		args = append(args, string(f.Role))
	}
	if f.Certification != "" || !f.HabilitatedAt.IsZero() {
		sub := "SELECT 1 FROM habilitation h WHERE h.partner_siret = partner.siret"
		if f.Certification != "" {
			sub += " AND h.certification = ?"
			args = append(args, string(f.Certification))
		}
		if !f.HabilitatedAt.IsZero() {
			at := f.HabilitatedAt.String()
			sub += " AND h.date_from <= ? AND (h.date_to = '' OR h.date_to >= ?)"
			args = append(args, at, at)
		}
		conds = append(conds, "EXISTS ("+sub+")")
	}
	if !f.QualiopiBefore.IsZero() {
		conds = append(conds, "partner.qualiopi_until <> '' AND partner.qualiopi_until < ?")
		args = append(args, f.QualiopiBefore.String())
	}
	if f.QualiopiMissing {
		conds = append(conds, "partner.qualiopi_until = ''")
	}
	if s := domain.Fold(f.Search); s != "" {
		cond := "instr(partner.search_fold, ?) > 0"
		args = append(args, s)
		if digits := domain.CleanDigits(f.Search); digits != "" && strings.Trim(digits, "0123456789") == "" {
			cond = "(" + cond + " OR instr(partner.siret, ?) > 0 OR instr(partner.nda, ?) > 0)"
			args = append(args, digits, digits)
		}
		conds = append(conds, cond)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// partnerOrder is the ORDER BY of a PartnerFilter.Sort (the tests compare it
// with refSort, the same order in Go).
func partnerOrder(by string) string {
	const byName = "partner.name_fold, partner.siret"
	switch by {
	case "siret":
		return " ORDER BY partner.siret"
	case "status":
		return " ORDER BY CASE partner.status WHEN 'active' THEN 0 WHEN 'prospect' THEN 1 WHEN 'suspended' THEN 2 ELSE 3 END, " + byName
	case "qualiopi":
		return " ORDER BY partner.qualiopi_until = '', partner.qualiopi_until, " + byName
	}
	return " ORDER BY " + byName
}

// listPartners selects and orders the partners in SQL, then loads the
// habilitations and the history of the partners selected only, one query
// each. The order comes from one query on the indexes (SIRETs only: an
// index-ordered read of whole rows would jump around the table); the rows
// are then read in table order and put in their place. A small selection
// is read by SIRET; a large one by repeating the filter.
func listPartners(ctx context.Context, q querier, f PartnerFilter) ([]*domain.Partner, error) {
	where, args := partnerWhere(f)
	pos := map[domain.SIRET]int{}
	var order []any
	rows, err := q.QueryContext(ctx, `SELECT siret FROM partner`+where+partnerOrder(f.Sort), args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var siret string
		if err := rows.Scan(&siret); err != nil {
			rows.Close()
			return nil, err
		}
		pos[domain.SIRET(siret)] = len(order)
		order = append(order, siret)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*domain.Partner, len(order))
	if len(order) == 0 {
		return out, nil
	}
	// sel restricts a query on table.column to the selection.
	sel := func(column string) (string, []any) {
		switch {
		case len(order) <= smallSelection:
			return " WHERE " + column + " IN (?" + strings.Repeat(",?", len(order)-1) + ")", order
		case where == "":
			return "", nil
		}
		return " WHERE " + column + " IN (SELECT siret FROM partner" + where + ")", args
	}
	pw, pargs := where, args
	if len(order) <= smallSelection {
		pw, pargs = sel("siret")
	}
	rows, err = q.QueryContext(ctx, partnerListSelect+pw, pargs...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		p, err := scanPartner(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		if i, ok := pos[p.SIRET]; ok {
			out[i] = p
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if slices.Contains(out, nil) {
		// Outside a transaction a partner may change between the two
		// reads: list it as it is now, or not at all.
		out = slices.DeleteFunc(out, func(p *domain.Partner) bool { return p == nil })
		clear(pos)
		for i, p := range out {
			pos[p.SIRET] = i
		}
	}
	// No ORDER BY: a scan in id order; each partner's few habilitations are
	// sorted in Go.
	hw, hargs := sel("partner_siret")
	if err := eachHabilitation(ctx, q, hw, hargs, func(h domain.Habilitation) {
		if i, ok := pos[h.PartnerSIRET]; ok {
			out[i].Habilitations = append(out[i].Habilitations, h)
		}
	}); err != nil {
		return nil, err
	}
	for _, p := range out {
		sortHabilitations(p.Habilitations)
	}
	if f.NoHistory {
		return out, nil
	}
	sw, sargs := sel("siret")
	err = eachHistory(ctx, q, sw, sargs, func(siret domain.SIRET, c domain.StatusChange) {
		if i, ok := pos[siret]; ok {
			out[i].History = append(out[i].History, c)
			out[i].StatusSince = c.Date // the last change is the status date
		}
	})
	return out, err
}

// smallSelection is the largest selection read by SIRET (IN (?,…)).
const smallSelection = 5000

// eachHabilitation calls fn for every habilitation the query returns.
func eachHabilitation(ctx context.Context, q querier, where string, args []any, fn func(domain.Habilitation)) error {
	rows, err := q.QueryContext(ctx, habilitationSelect+where, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		h, err := scanHabilitation(rows)
		if err != nil {
			return err
		}
		fn(h)
	}
	return rows.Err()
}

// PartnerCount returns the number of partners matching f (counted in SQL).
func (db *DB) PartnerCount(ctx context.Context, f PartnerFilter) (int, error) {
	n, err := countPartners(ctx, db.sql, f)
	return n, db.wrap(err, "")
}

func countPartners(ctx context.Context, q querier, f PartnerFilter) (int, error) {
	where, args := partnerWhere(f)
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM partner`+where, args...).Scan(&n)
	return n, err
}

// ---------------------------------------------------------------- journal forms

type partnerRow struct {
	SIRET              string   `json:"siret"`
	Name               string   `json:"name"`
	NDA                string   `json:"nda"`
	Role               string   `json:"role"`
	Status             string   `json:"status"`
	Address            string   `json:"address"`
	Representative     string   `json:"representative"`
	Email              string   `json:"email"`
	Phone              string   `json:"phone"`
	Website            string   `json:"website"`
	QualiopiBody       string   `json:"qualiopi_body"`
	QualiopiNumber     string   `json:"qualiopi_number"`
	QualiopiCategories []string `json:"qualiopi_categories"`
	QualiopiUntil      string   `json:"qualiopi_until"`
	UAI                string   `json:"uai"`
}

func toPartnerRow(p *domain.Partner) partnerRow {
	cats := p.Qualiopi.Categories
	if cats == nil {
		cats = []string{}
	}
	return partnerRow{string(p.SIRET), p.Name, string(p.NDA), string(p.Role), string(p.Status), p.Address, p.Representative,
		p.Email, p.Phone, p.Website, p.Qualiopi.Body, p.Qualiopi.Number, cats, p.Qualiopi.ValidUntil.String(), p.UAI}
}

type statusJournal struct {
	Status string `json:"status"`
	Date   string `json:"date,omitempty"`
	Reason string `json:"reason,omitempty"`
}

type habilitationRow struct {
	ID            int64    `json:"id"`
	Partner       string   `json:"partner_siret"`
	Certification string   `json:"certification"`
	Scope         string   `json:"scope"`
	FCCode        string   `json:"fc_code"`
	Blocs         []string `json:"blocs"`
	Access        []string `json:"access"`
	From          string   `json:"from"`
	To            string   `json:"to"`
	EndReason     string   `json:"end_reason,omitempty"`
}

func toHabilitationRow(h *domain.Habilitation) habilitationRow {
	r := habilitationRow{ID: h.ID, Partner: string(h.PartnerSIRET), Certification: string(h.Certification), Scope: string(h.Scope),
		FCCode: h.FCCode(), Blocs: append([]string{}, h.Blocs...), Access: []string{}, From: h.From.String(), To: h.To.String(), EndReason: h.EndReason}
	for _, a := range h.Access {
		r.Access = append(r.Access, string(a))
	}
	return r
}

// ---------------------------------------------------------------- partner writes

func (tx *Tx) nowText() string { return tx.Now().UTC().Format(time.RFC3339) }

// normalisePartner fills defaults and checks the record.
func normalisePartner(p *domain.Partner) error {
	p.Name = strings.TrimSpace(p.Name)
	if p.Role == "" {
		p.Role = domain.RolePartner
	}
	if p.Status == "" {
		p.Status = domain.StatusProspect
	}
	if p.Qualiopi.Categories == nil {
		p.Qualiopi.Categories = []string{}
	}
	return domain.ValidatePartner(p)
}

// CreatePartner records a new partner. Its status is p.Status (prospect
// when empty), recorded in the history on date with reason (default "recorded").
// A SIRET already in the register is refused (PARTNER_EXISTS, exit 1).
func (tx *Tx) CreatePartner(p *domain.Partner, date domain.Date, reason string) error {
	if err := normalisePartner(p); err != nil {
		return err
	}
	exists, err := tx.PartnerExists(p.SIRET)
	if err != nil {
		return err
	}
	if exists {
		old, _ := tx.Partner(p.SIRET)
		name := ""
		if old != nil {
			name = " (" + old.Name + ")"
		}
		return domain.Conflict("PARTNER_EXISTS", "partner %s%s is already in the register", p.SIRET.Formatted(), name).
			WithHint("change it with 'habil partner edit %s --…', or see it with 'habil partner show %s'", p.SIRET, p.SIRET)
	}
	if date.IsZero() {
		date = domain.DateOf(tx.Now())
	}
	if strings.TrimSpace(reason) == "" {
		reason = "recorded"
	}
	now := tx.nowText()
	_, err = tx.ExecContext(tx.ctx, `INSERT INTO partner(siret, name, nda, role, status, address, representative, email, phone, website,
		qualiopi_body, qualiopi_number, qualiopi_categories, qualiopi_until, uai, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		string(p.SIRET), p.Name, string(p.NDA), string(p.Role), string(p.Status), p.Address, p.Representative, p.Email, p.Phone, p.Website,
		p.Qualiopi.Body, p.Qualiopi.Number, strings.Join(p.Qualiopi.Categories, ","), p.Qualiopi.ValidUntil.String(), p.UAI, now, now)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO partner_status_history(siret, from_status, to_status, date, reason, recorded_at) VALUES (?,?,?,?,?,?)`,
		string(p.SIRET), "", string(p.Status), date.String(), strings.TrimSpace(reason), now); err != nil {
		return err
	}
	p.StatusSince = date
	return tx.Journal("create", "partner", string(p.SIRET), nil, toPartnerRow(p))
}

// UpdatePartner replaces the identity fields of an existing partner with
// p's (name, NDA, role, address, representative, e-mail, phone, website,
// Qualiopi, UAI). The status is not touched: use SetStatus. Identical data
// writes nothing.
func (tx *Tx) UpdatePartner(p *domain.Partner) (PartnerChange, error) {
	old, err := tx.Partner(p.SIRET)
	if err != nil {
		return PartnerChange{}, err
	}
	p.Status = old.Status
	if err := normalisePartner(p); err != nil {
		return PartnerChange{}, err
	}
	ch := PartnerChange{Changes: domain.DiffPartner(old, p)}
	if len(ch.Changes) == 0 {
		return ch, nil
	}
	ch.Kind = ChangeUpdated
	_, err = tx.ExecContext(tx.ctx, `UPDATE partner SET name=?, nda=?, role=?, address=?, representative=?, email=?, phone=?, website=?,
		qualiopi_body=?, qualiopi_number=?, qualiopi_categories=?, qualiopi_until=?, uai=?, updated_at=? WHERE siret=?`,
		p.Name, string(p.NDA), string(p.Role), p.Address, p.Representative, p.Email, p.Phone, p.Website,
		p.Qualiopi.Body, p.Qualiopi.Number, strings.Join(p.Qualiopi.Categories, ","), p.Qualiopi.ValidUntil.String(), p.UAI, tx.nowText(), string(p.SIRET))
	if err != nil {
		return ch, err
	}
	return ch, tx.Journal("update", "partner", string(p.SIRET), toPartnerRow(old), toPartnerRow(p))
}

// SetStatus moves a partner to another status on date (today when zero),
// for reason (required). The rules and their consequences are decided by
// domain.PlanStatusChange (allowed transition, date not before the last
// change except the back-dated first one, a withdrawal ending or removing
// the habilitations still running); SetStatus executes that plan and
// journals it. The habilitations ended or removed are listed in the
// result's Ended.
func (tx *Tx) SetStatus(siret domain.SIRET, to domain.PartnerStatus, date domain.Date, reason string) (PartnerChange, error) {
	p, err := tx.Partner(siret)
	if err != nil {
		return PartnerChange{}, err
	}
	if date.IsZero() {
		date = domain.DateOf(tx.Now())
	}
	plan, err := domain.PlanStatusChange(p, to, date, reason)
	if err != nil {
		return PartnerChange{}, err
	}
	return tx.applyStatusPlan(siret, plan)
}

// applyStatusPlan writes a status change decided by domain.PlanStatusChange.
func (tx *Tx) applyStatusPlan(siret domain.SIRET, plan domain.StatusPlan) (PartnerChange, error) {
	now := tx.nowText()
	if plan.BackdateRecording {
		if _, err := tx.ExecContext(tx.ctx, `UPDATE partner_status_history SET date = ? WHERE siret = ? AND from_status = ''`, plan.Date.String(), string(siret)); err != nil {
			return PartnerChange{}, err
		}
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE partner SET status = ?, updated_at = ? WHERE siret = ?`, string(plan.To), now, string(siret)); err != nil {
		return PartnerChange{}, err
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO partner_status_history(siret, from_status, to_status, date, reason, recorded_at) VALUES (?,?,?,?,?,?)`,
		string(siret), string(plan.From), string(plan.To), plan.Date.String(), plan.Reason, now); err != nil {
		return PartnerChange{}, err
	}
	if err := tx.Journal("status", "partner", string(siret),
		statusJournal{Status: string(plan.From)}, statusJournal{Status: string(plan.To), Date: plan.Date.String(), Reason: plan.Reason}); err != nil {
		return PartnerChange{}, err
	}
	ch := PartnerChange{Kind: ChangeUpdated, Changes: []string{fmt.Sprintf("status: %s → %s", plan.From, plan.To)}}
	for _, e := range plan.Habilitations {
		h := e.Habilitation
		if e.Remove {
			if _, err := tx.ExecContext(tx.ctx, `DELETE FROM habilitation WHERE id = ?`, h.ID); err != nil {
				return ch, err
			}
			if err := tx.Journal("delete", "habilitation", strconv.FormatInt(h.ID, 10), toHabilitationRow(&h), nil); err != nil {
				return ch, err
			}
			ch.Ended = append(ch.Ended, h)
			continue
		}
		if _, err := tx.endHabilitation(&h, plan.EndOn, plan.EndReason); err != nil {
			return ch, err
		}
		ch.Ended = append(ch.Ended, h)
	}
	return ch, nil
}

// ---------------------------------------------------------------- habilitation writes

// prepareHabilitation normalises h (blocs completed and sorted, routes in
// official order) and checks every rule: the partner exists and is not
// withdrawn, the certification exists (else the error lists the known
// ones), domain.ValidateHabilitation, and no overlap with another
// habilitation of the partner on the same certification.
func (tx *Tx) prepareHabilitation(h *domain.Habilitation) (*domain.Partner, error) {
	p, err := tx.Partner(h.PartnerSIRET)
	if err != nil {
		return nil, err
	}
	if err := domain.CanHabilitate(p); err != nil {
		return nil, err
	}
	c, err := tx.certification(h.Certification)
	if err != nil {
		return nil, err
	}
	if err := domain.CheckHabilitation(h, p, c); err != nil {
		return nil, err
	}
	return p, nil
}

// AddHabilitation records a new habilitation after checking every rule (see
// prepareHabilitation); it sets h.ID.
func (tx *Tx) AddHabilitation(h *domain.Habilitation) error {
	h.ID = 0
	if _, err := tx.prepareHabilitation(h); err != nil {
		return err
	}
	now := tx.nowText()
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO habilitation(partner_siret, certification, scope, blocs, access, date_from, date_to, end_reason, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, string(h.PartnerSIRET), string(h.Certification), string(h.Scope), strings.Join(h.Blocs, ","),
		domain.AccessCodes(h.Access), h.From.String(), h.To.String(), h.EndReason, now, now)
	if err != nil {
		return err
	}
	if h.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.Journal("create", "habilitation", strconv.FormatInt(h.ID, 10), nil, toHabilitationRow(h))
}

// UpdateHabilitation replaces habilitation h.ID with h (same partner and
// certification), after the same checks as AddHabilitation (its own period
// is not an overlap). Identical data writes nothing.
func (tx *Tx) UpdateHabilitation(h domain.Habilitation) (ChangeKind, error) {
	old, err := tx.Habilitation(h.ID)
	if err != nil {
		return ChangeUnchanged, err
	}
	if old.PartnerSIRET != h.PartnerSIRET || old.Certification != h.Certification {
		return ChangeUnchanged, domain.Conflict("HABILITATION_MOVE", "habilitation #%d is for %s on %s: it cannot be moved to %s on %s",
			h.ID, old.PartnerSIRET.Formatted(), old.Certification, h.PartnerSIRET.Formatted(), h.Certification)
	}
	// Identical data is "unchanged" whatever the partner's state: re-importing
	// an export that holds a withdrawn partner's ended habilitations is fine.
	if c, err := tx.certification(h.Certification); err == nil {
		n := h
		if domain.NormaliseHabilitation(&n, c) == nil && old.SameTerms(&n) {
			return ChangeUnchanged, nil
		}
	}
	if _, err := tx.prepareHabilitation(&h); err != nil {
		return ChangeUnchanged, err
	}
	if old.SameTerms(&h) {
		return ChangeUnchanged, nil
	}
	_, err = tx.ExecContext(tx.ctx, `UPDATE habilitation SET scope=?, blocs=?, access=?, date_from=?, date_to=?, end_reason=?, updated_at=? WHERE id=?`,
		string(h.Scope), strings.Join(h.Blocs, ","), domain.AccessCodes(h.Access), h.From.String(), h.To.String(), h.EndReason, tx.nowText(), h.ID)
	if err != nil {
		return ChangeUnchanged, err
	}
	return ChangeUpdated, tx.Journal("update", "habilitation", strconv.FormatInt(h.ID, 10), toHabilitationRow(old), toHabilitationRow(&h))
}

// EndHabilitation ends habilitation id on date (its last day), for reason.
// The date must not be before its start, nor after an end already set (use
// UpdateHabilitation to extend it).
func (tx *Tx) EndHabilitation(id int64, date domain.Date, reason string) (*domain.Habilitation, error) {
	h, err := tx.Habilitation(id)
	if err != nil {
		return nil, err
	}
	if reason, err = domain.CheckHabilitationEnd(h, date, reason); err != nil {
		return nil, err
	}
	return tx.endHabilitation(h, date, reason)
}

func (tx *Tx) endHabilitation(h *domain.Habilitation, date domain.Date, reason string) (*domain.Habilitation, error) {
	before := toHabilitationRow(h)
	h.To, h.EndReason = date, reason
	if _, err := tx.ExecContext(tx.ctx, `UPDATE habilitation SET date_to=?, end_reason=?, updated_at=? WHERE id=?`, date.String(), reason, tx.nowText(), h.ID); err != nil {
		return nil, err
	}
	return h, tx.Journal("end", "habilitation", strconv.FormatInt(h.ID, 10), before, toHabilitationRow(h))
}

// SetObservationsUntil records, on the partner's last status change (a
// suspension under R6113-16-6), the deadline given for its observations,
// journaled "observations".
func (tx *Tx) SetObservationsUntil(siret domain.SIRET, until domain.Date) error {
	res, err := tx.ExecContext(tx.ctx, `UPDATE partner_status_history SET observations_until = ?
		WHERE id = (SELECT MAX(id) FROM partner_status_history WHERE siret = ?)`, until.String(), string(siret))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return domain.NotFound("partner %s has no status change to set a deadline for observations on", siret.Formatted())
	}
	return tx.Journal("observations", "partner", string(siret), nil, map[string]string{"observations_until": until.String()})
}
