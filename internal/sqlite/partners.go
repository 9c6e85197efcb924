package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.PartnerSIRET != b.PartnerSIRET {
			return a.PartnerSIRET < b.PartnerSIRET
		}
		if a.Certification != b.Certification {
			return CertCodeLess(a.Certification, b.Certification)
		}
		if c := a.From.Compare(b.From); c != 0 {
			return c < 0
		}
		return a.ID < b.ID
	})
}

// CertCodeLess orders RNCP codes before RS codes, each by number.
func CertCodeLess(a, b domain.CertCode) bool {
	ra, rb := a.Register() == domain.RS, b.Register() == domain.RS
	if ra != rb {
		return !ra
	}
	na, _ := strconv.Atoi(a.Number())
	nb, _ := strconv.Atoi(b.Number())
	if na != nb {
		return na < nb
	}
	return a < b
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
	rows, err := q.QueryContext(ctx, `SELECT siret, from_status, to_status, date, reason, recorded_at FROM partner_status_history `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[domain.SIRET][]domain.StatusChange{}
	for rows.Next() {
		var siret, from, to, date string
		var c domain.StatusChange
		if err := rows.Scan(&siret, &from, &to, &date, &c.Reason, &c.RecordedAt); err != nil {
			return nil, err
		}
		c.From, c.To = domain.PartnerStatus(from), domain.PartnerStatus(to)
		c.Date, _ = domain.ParseOptionalDate(date)
		out[domain.SIRET(siret)] = append(out[domain.SIRET(siret)], c)
	}
	return out, rows.Err()
}

func listPartners(ctx context.Context, q querier, f PartnerFilter) ([]*domain.Partner, error) {
	rows, err := q.QueryContext(ctx, partnerSelect)
	if err != nil {
		return nil, err
	}
	var all []*domain.Partner
	for rows.Next() {
		p, err := scanPartner(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		all = append(all, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	habs, err := queryHabilitations(ctx, q, "")
	if err != nil {
		return nil, err
	}
	bySIRET := map[domain.SIRET][]domain.Habilitation{}
	for _, h := range habs {
		bySIRET[h.PartnerSIRET] = append(bySIRET[h.PartnerSIRET], h)
	}
	hist, err := queryHistory(ctx, q, "")
	if err != nil {
		return nil, err
	}
	out := make([]*domain.Partner, 0, len(all))
	for _, p := range all {
		p.Habilitations = append(p.Habilitations, bySIRET[p.SIRET]...)
		p.History = append(p.History, hist[p.SIRET]...)
		if matchPartner(f, p) {
			out = append(out, p)
		}
	}
	SortPartners(out, f.Sort)
	return out, nil
}

func matchPartner(f PartnerFilter, p *domain.Partner) bool {
	if len(f.Status) > 0 {
		ok := false
		for _, s := range f.Status {
			ok = ok || p.Status == s
		}
		if !ok {
			return false
		}
	}
	if f.Role != "" && p.Role != f.Role {
		return false
	}
	if f.Certification != "" || !f.HabilitatedAt.IsZero() {
		ok := false
		for _, h := range p.Habilitations {
			if f.Certification != "" && h.Certification != f.Certification {
				continue
			}
			if !f.HabilitatedAt.IsZero() && !h.InForce(f.HabilitatedAt) {
				continue
			}
			ok = true
		}
		if !ok {
			return false
		}
	}
	if !f.QualiopiBefore.IsZero() && (p.Qualiopi.ValidUntil.IsZero() || !p.Qualiopi.ValidUntil.Before(f.QualiopiBefore)) {
		return false
	}
	if f.QualiopiMissing && !p.Qualiopi.ValidUntil.IsZero() {
		return false
	}
	if s := domain.Fold(f.Search); s != "" {
		digits := domain.CleanDigits(f.Search)
		hit := strings.Contains(domain.Fold(p.Name)+" | "+domain.Fold(p.Email), s)
		if !hit && digits != "" && strings.Trim(digits, "0123456789") == "" {
			hit = strings.Contains(string(p.SIRET), digits) || strings.Contains(string(p.NDA), digits)
		}
		if !hit {
			return false
		}
	}
	return true
}

var statusRank = map[domain.PartnerStatus]int{domain.StatusProspect: 1, domain.StatusActive: 0, domain.StatusSuspended: 2, domain.StatusWithdrawn: 3}

// SortPartners orders partners by name (default; without case or accents),
// siret, status (active, prospect, suspended, withdrawn, then name) or
// qualiopi (soonest end first, unknown last, then name). Ties fall back to SIRET.
func SortPartners(l []*domain.Partner, by string) {
	byName := func(a, b *domain.Partner) int {
		if x, y := domain.Fold(a.Name), domain.Fold(b.Name); x != y {
			if x < y {
				return -1
			}
			return 1
		}
		return strings.Compare(string(a.SIRET), string(b.SIRET))
	}
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		switch by {
		case "siret":
			return a.SIRET < b.SIRET
		case "status":
			if statusRank[a.Status] != statusRank[b.Status] {
				return statusRank[a.Status] < statusRank[b.Status]
			}
		case "qualiopi":
			qa, qb := a.Qualiopi.ValidUntil, b.Qualiopi.ValidUntil
			if qa.IsZero() != qb.IsZero() {
				return qb.IsZero()
			}
			if c := qa.Compare(qb); c != 0 {
				return c < 0
			}
		}
		return byName(a, b) < 0
	})
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
	ch := PartnerChange{Changes: diffPartner(old, p)}
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

// UpsertPartner is the import's write: it creates the partner when the SIRET
// is new (status p.Status, prospect when empty, dated date with reason), and
// otherwise updates it, where an empty field of p keeps the stored value (an
// import file may leave columns out). When p.Status is set and differs from
// the stored one, the status changes through SetStatus (same rules, same
// date and reason). Importing the same data twice returns ChangeUnchanged.
func (tx *Tx) UpsertPartner(p domain.Partner, date domain.Date, reason string) (PartnerChange, error) {
	old, err := tx.Partner(p.SIRET)
	if domain.KindOf(err) == domain.KindNotFound {
		if err := tx.CreatePartner(&p, date, reason); err != nil {
			return PartnerChange{}, err
		}
		return PartnerChange{Kind: ChangeCreated}, nil
	}
	if err != nil {
		return PartnerChange{}, err
	}
	merged := *old
	keep := func(dst *string, v string) {
		if strings.TrimSpace(v) != "" {
			*dst = v
		}
	}
	keep(&merged.Name, p.Name)
	if p.NDA != "" {
		merged.NDA = p.NDA
	}
	if p.Role != "" {
		merged.Role = p.Role
	}
	keep(&merged.Address, p.Address)
	keep(&merged.Representative, p.Representative)
	keep(&merged.Email, p.Email)
	keep(&merged.Phone, p.Phone)
	keep(&merged.Website, p.Website)
	keep(&merged.Qualiopi.Body, p.Qualiopi.Body)
	keep(&merged.Qualiopi.Number, p.Qualiopi.Number)
	if len(p.Qualiopi.Categories) > 0 {
		merged.Qualiopi.Categories = p.Qualiopi.Categories
	}
	if !p.Qualiopi.ValidUntil.IsZero() {
		merged.Qualiopi.ValidUntil = p.Qualiopi.ValidUntil
	}
	keep(&merged.UAI, p.UAI)
	ch, err := tx.UpdatePartner(&merged)
	if err != nil {
		return ch, err
	}
	if p.Status != "" && p.Status != old.Status {
		sc, err := tx.SetStatus(p.SIRET, p.Status, date, reason)
		if err != nil {
			return ch, err
		}
		ch.Kind = ChangeUpdated
		ch.Changes = append(ch.Changes, fmt.Sprintf("status: %s → %s", old.Status, p.Status))
		ch.Ended = sc.Ended
	}
	return ch, nil
}

func diffPartner(a, b *domain.Partner) []string {
	var d []string
	str := func(field, x, y string) {
		if x != y {
			d = append(d, fmt.Sprintf("%s: %q → %q", field, x, y))
		}
	}
	str("name", a.Name, b.Name)
	str("nda", string(a.NDA), string(b.NDA))
	str("role", string(a.Role), string(b.Role))
	str("address", a.Address, b.Address)
	str("representative", a.Representative, b.Representative)
	str("email", a.Email, b.Email)
	str("phone", a.Phone, b.Phone)
	str("website", a.Website, b.Website)
	str("qualiopi body", a.Qualiopi.Body, b.Qualiopi.Body)
	str("qualiopi number", a.Qualiopi.Number, b.Qualiopi.Number)
	str("qualiopi categories", strings.Join(a.Qualiopi.Categories, ","), strings.Join(b.Qualiopi.Categories, ","))
	str("qualiopi until", a.Qualiopi.ValidUntil.String(), b.Qualiopi.ValidUntil.String())
	str("uai", a.UAI, b.UAI)
	return d
}

// SetStatus moves a partner to another status on date (today when zero),
// for reason (required). The transition must be allowed
// (domain.CanTransition) and the date not earlier than the last change,
// except for the first change after the partner was recorded: the
// recording's date is then moved back to it.
// Withdrawing a partner on date ends its habilitations still running then
// (To = the day before, end reason "partner withdrawn: REASON") and removes
// those that start on or after it; they are listed in the result's Ended.
func (tx *Tx) SetStatus(siret domain.SIRET, to domain.PartnerStatus, date domain.Date, reason string) (PartnerChange, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return PartnerChange{}, domain.Invalid("REASON_MISSING", "a status change needs a reason").WithHint("give --reason \"…\" (it is kept in the partner's history)")
	}
	p, err := tx.Partner(siret)
	if err != nil {
		return PartnerChange{}, err
	}
	if err := domain.CanTransition(p.Status, to); err != nil {
		return PartnerChange{}, err
	}
	if date.IsZero() {
		date = domain.DateOf(tx.Now())
	}
	backdate := len(p.History) == 1 && p.History[0].From == "" && date.Before(p.StatusSince)
	if !backdate && !p.StatusSince.IsZero() && date.Before(p.StatusSince) {
		return PartnerChange{}, domain.Conflict("STATUS_DATE", "the change is dated %s, before the partner's last status change (%s on %s)", date, p.Status, p.StatusSince).
			WithHint("give a --date on or after %s", p.StatusSince)
	}
	now := tx.nowText()
	if backdate {
		// The first change after recording may predate it (a partner recorded
		// today that has been active since January): the recording is moved
		// back to that date so that the history stays in order.
		if _, err := tx.ExecContext(tx.ctx, `UPDATE partner_status_history SET date = ? WHERE siret = ? AND from_status = ''`, date.String(), string(siret)); err != nil {
			return PartnerChange{}, err
		}
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE partner SET status = ?, updated_at = ? WHERE siret = ?`, string(to), now, string(siret)); err != nil {
		return PartnerChange{}, err
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO partner_status_history(siret, from_status, to_status, date, reason, recorded_at) VALUES (?,?,?,?,?,?)`,
		string(siret), string(p.Status), string(to), date.String(), reason, now); err != nil {
		return PartnerChange{}, err
	}
	if err := tx.Journal("status", "partner", string(siret),
		statusJournal{Status: string(p.Status)}, statusJournal{Status: string(to), Date: date.String(), Reason: reason}); err != nil {
		return PartnerChange{}, err
	}
	ch := PartnerChange{Kind: ChangeUpdated, Changes: []string{fmt.Sprintf("status: %s → %s", p.Status, to)}}
	if to != domain.StatusWithdrawn {
		return ch, nil
	}
	last := date.AddDays(-1)
	for _, h := range p.Habilitations {
		if !h.To.IsZero() && !h.To.After(last) {
			continue
		}
		h := h
		if !h.From.Before(date) {
			if _, err := tx.ExecContext(tx.ctx, `DELETE FROM habilitation WHERE id = ?`, h.ID); err != nil {
				return ch, err
			}
			if err := tx.Journal("delete", "habilitation", strconv.FormatInt(h.ID, 10), toHabilitationRow(&h), nil); err != nil {
				return ch, err
			}
			ch.Ended = append(ch.Ended, h)
			continue
		}
		if _, err := tx.endHabilitation(&h, last, "partner withdrawn: "+reason); err != nil {
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
	if err := NormaliseHabilitation(h, c); err != nil {
		return nil, err
	}
	if err := domain.ValidateHabilitation(*h, c); err != nil {
		return nil, err
	}
	if err := domain.CheckOverlap(*h, p.Habilitations); err != nil {
		return nil, err
	}
	return p, nil
}

// NormaliseHabilitation completes short bloc codes, removes duplicates and
// orders blocs and routes: see domain.NormaliseHabilitation.
func NormaliseHabilitation(h *domain.Habilitation, c *domain.Certification) error {
	return domain.NormaliseHabilitation(h, c)
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
		if NormaliseHabilitation(&n, c) == nil && sameHabilitation(old, &n) {
			return ChangeUnchanged, nil
		}
	}
	if _, err := tx.prepareHabilitation(&h); err != nil {
		return ChangeUnchanged, err
	}
	if sameHabilitation(old, &h) {
		return ChangeUnchanged, nil
	}
	_, err = tx.ExecContext(tx.ctx, `UPDATE habilitation SET scope=?, blocs=?, access=?, date_from=?, date_to=?, end_reason=?, updated_at=? WHERE id=?`,
		string(h.Scope), strings.Join(h.Blocs, ","), domain.AccessCodes(h.Access), h.From.String(), h.To.String(), h.EndReason, tx.nowText(), h.ID)
	if err != nil {
		return ChangeUnchanged, err
	}
	return ChangeUpdated, tx.Journal("update", "habilitation", strconv.FormatInt(h.ID, 10), toHabilitationRow(old), toHabilitationRow(&h))
}

func sameHabilitation(a, b *domain.Habilitation) bool {
	return a.Scope == b.Scope && strings.Join(a.Blocs, ",") == strings.Join(b.Blocs, ",") &&
		domain.AccessCodes(a.Access) == domain.AccessCodes(b.Access) && a.From == b.From && a.To == b.To && a.EndReason == b.EndReason
}

// UpsertHabilitation is the import's rule: h updates the partner's
// habilitation on the same certification whose period overlaps it, or is
// added when none does. When h overlaps several, it is refused
// (HABILITATION_AMBIGUOUS). h.ID is set to the habilitation written.
func (tx *Tx) UpsertHabilitation(h *domain.Habilitation) (ChangeKind, error) {
	p, err := tx.Partner(h.PartnerSIRET)
	if err != nil {
		return ChangeUnchanged, err
	}
	var hits []domain.Habilitation
	for _, o := range p.Habilitations {
		if o.Certification == h.Certification && h.Overlaps(o) {
			hits = append(hits, o)
		}
	}
	switch len(hits) {
	case 0:
		return ChangeCreated, tx.AddHabilitation(h)
	case 1:
		h.ID = hits[0].ID
		if h.EndReason == "" {
			h.EndReason = hits[0].EndReason
		}
		return tx.UpdateHabilitation(*h)
	}
	var names []string
	for _, o := range hits {
		names = append(names, fmt.Sprintf("#%d (%s)", o.ID, o.Period()))
	}
	return ChangeUnchanged, domain.Conflict("HABILITATION_AMBIGUOUS", "the period %s overlaps %d habilitations of %s on %s: %s",
		h.Period(), len(hits), h.PartnerSIRET.Formatted(), h.Certification, strings.Join(names, ", ")).
		WithHint("give a period that overlaps only one of them")
}

// EndHabilitation ends habilitation id on date (its last day), for reason.
// The date must not be before its start, nor after an end already set (use
// UpdateHabilitation to extend it).
func (tx *Tx) EndHabilitation(id int64, date domain.Date, reason string) (*domain.Habilitation, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, domain.Invalid("REASON_MISSING", "ending a habilitation needs a reason").WithHint("give --reason \"…\"")
	}
	h, err := tx.Habilitation(id)
	if err != nil {
		return nil, err
	}
	if date.Before(h.From) {
		return nil, domain.Conflict("END_BEFORE_START", "habilitation #%d starts on %s: it cannot end on %s", id, h.From, date).
			WithHint("give a --date on or after %s", h.From)
	}
	if !h.To.IsZero() && date.After(h.To) {
		return nil, domain.Conflict("END_AFTER_END", "habilitation #%d already ends on %s, before %s", id, h.To, date)
	}
	if h.To == date {
		return nil, domain.Conflict("END_SAME", "habilitation #%d already ends on %s", id, date)
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
