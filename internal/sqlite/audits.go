package sqlite

import (
	"context"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// Audits lists the recorded audits (with their items), oldest first.
func (r *reader) Audits(f domain.AuditFilter) ([]*domain.Audit, error) {
	return listAudits(r.ctx, r.q, f)
}

// Audits lists the audits inside the transaction.
func (tx *Tx) Audits(f domain.AuditFilter) ([]*domain.Audit, error) { return listAudits(tx.ctx, tx, f) }

// Audit returns one audit with its items.
func (r *reader) Audit(id int64) (*domain.Audit, error) { return loadAudit(r.ctx, r.q, id) }

// Audit returns one audit inside the transaction.
func (tx *Tx) Audit(id int64) (*domain.Audit, error) { return loadAudit(tx.ctx, tx, id) }

func loadAudit(ctx context.Context, q querier, id int64) (*domain.Audit, error) {
	l, err := queryAudits(ctx, q, "a.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(l) == 0 {
		return nil, domain.NotFound("audit %d does not exist", id).WithHint("list the audits with 'habil audit list'")
	}
	return l[0], nil
}

func listAudits(ctx context.Context, q querier, f domain.AuditFilter) ([]*domain.Audit, error) {
	if f.Partner != "" {
		return queryAudits(ctx, q, "a.partner_siret = ?", string(f.Partner))
	}
	return queryAudits(ctx, q, "1=1")
}

func queryAudits(ctx context.Context, q querier, where string, args ...any) ([]*domain.Audit, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.partner_siret, COALESCE(p.name, ''), a.date, a.auditor, a.checklist_version, a.source
		FROM audit a LEFT JOIN partner p ON p.siret = a.partner_siret WHERE `+where+` ORDER BY a.date, a.id`, args...)
	if err != nil {
		return nil, err
	}
	var out []*domain.Audit
	byID := map[int64]*domain.Audit{}
	for rows.Next() {
		a := &domain.Audit{}
		var siret, date string
		if err := rows.Scan(&a.ID, &siret, &a.PartnerName, &date, &a.Auditor, &a.ChecklistVersion, &a.Source); err != nil {
			rows.Close()
			return nil, err
		}
		a.PartnerSIRET = domain.SIRET(siret)
		a.Date, _ = domain.ParseOptionalDate(date)
		out = append(out, a)
		byID[a.ID] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	rows, err = q.QueryContext(ctx, `SELECT i.audit_id, i.id, i.code, i.point, i.status, i.observations, i.severity, i.action, i.deadline, i.closed_on, i.closure
		FROM audit_item i WHERE i.audit_id IN (SELECT a.id FROM audit a WHERE `+where+`) ORDER BY i.audit_id, i.position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var aid int64
		var it domain.AuditItem
		var status, sev, deadline, closed string
		if err := rows.Scan(&aid, &it.ID, &it.Code, &it.Point, &status, &it.Observations, &sev, &it.Action, &deadline, &closed, &it.Closure); err != nil {
			return nil, err
		}
		it.Status, it.Severity = domain.ItemStatus(status), domain.FindingSeverity(sev)
		it.Deadline, _ = domain.ParseOptionalDate(deadline)
		it.ClosedOn, _ = domain.ParseOptionalDate(closed)
		if a := byID[aid]; a != nil {
			a.Items = append(a.Items, it)
		}
	}
	return out, rows.Err()
}

// auditRow is the journaled form of an audit.
type auditRow struct {
	ID       int64    `json:"id"`
	Partner  string   `json:"partner_siret"`
	Date     string   `json:"date"`
	Auditor  string   `json:"auditor"`
	Version  string   `json:"checklist_version"`
	Source   string   `json:"source,omitempty"`
	Items    int      `json:"items"`
	Findings []string `json:"findings"`
}

func toAuditRow(a *domain.Audit) auditRow {
	r := auditRow{ID: a.ID, Partner: string(a.PartnerSIRET), Date: a.Date.String(), Auditor: a.Auditor, Version: a.ChecklistVersion,
		Source: a.Source, Items: len(a.Items), Findings: []string{}}
	for _, i := range a.Findings() {
		s := i.Code + " " + string(i.Severity)
		if !i.Deadline.IsZero() {
			s += " due " + i.Deadline.String()
		}
		if !i.ClosedOn.IsZero() {
			s += " closed " + i.ClosedOn.String()
		}
		r.Findings = append(r.Findings, s)
	}
	return r
}

// CreateAudit stores an audit with its items (a.ID and each item's ID are
// set) and journals it.
func (tx *Tx) CreateAudit(a *domain.Audit) error {
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO audit(partner_siret, date, auditor, checklist_version, source, created_at) VALUES (?,?,?,?,?,?)`,
		string(a.PartnerSIRET), a.Date.String(), a.Auditor, a.ChecklistVersion, a.Source, tx.nowText())
	if err != nil {
		return err
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	for i := range a.Items {
		it := &a.Items[i]
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO audit_item(audit_id, position, code, point, status, observations, severity, action, deadline, closed_on, closure)
			VALUES (?,?,?,?,?,?,?,?,?,?,?)`, a.ID, i, it.Code, it.Point, string(it.Status), it.Observations, string(it.Severity), it.Action,
			it.Deadline.String(), it.ClosedOn.String(), it.Closure)
		if err != nil {
			return err
		}
		if it.ID, err = res.LastInsertId(); err != nil {
			return err
		}
	}
	return tx.Journal("create", "audit", strconv.FormatInt(a.ID, 10), nil, toAuditRow(a))
}

// SaveAuditItemClosure writes the closure (date and note) of item itemID
// of audit after, and journals it under "close-finding"; before is the
// audit as it was.
func (tx *Tx) SaveAuditItemClosure(before, after *domain.Audit, itemID int64) error {
	for _, it := range after.Items {
		if it.ID != itemID {
			continue
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE audit_item SET closed_on=?, closure=? WHERE id=? AND audit_id=?`,
			it.ClosedOn.String(), it.Closure, itemID, after.ID); err != nil {
			return err
		}
		return tx.Journal("close-finding", "audit", strconv.FormatInt(after.ID, 10), toAuditRow(before), toAuditRow(after))
	}
	return domain.NotFound("audit %d has no item %d", after.ID, itemID)
}

// WebChecks lists the website checks, oldest first, with their findings.
func (r *reader) WebChecks(f domain.AuditFilter) ([]domain.WebCheck, error) {
	return listWebChecks(r.ctx, r.q, f)
}

// WebChecks lists the website checks inside the transaction.
func (tx *Tx) WebChecks(f domain.AuditFilter) ([]domain.WebCheck, error) {
	return listWebChecks(tx.ctx, tx, f)
}

func listWebChecks(ctx context.Context, q querier, f domain.AuditFilter) ([]domain.WebCheck, error) {
	where, args := "1=1", []any{}
	if f.Partner != "" {
		where, args = "w.partner_siret = ?", []any{string(f.Partner)}
	}
	rows, err := q.QueryContext(ctx, `SELECT w.id, w.partner_siret, w.url, w.checked_on, w.fetched_at, w.http_status, w.sha256, w.size, w.error
		FROM web_check w WHERE `+where+` ORDER BY w.checked_on, w.id`, args...)
	if err != nil {
		return nil, err
	}
	var out []domain.WebCheck
	idx := map[int64]int{}
	for rows.Next() {
		var w domain.WebCheck
		var siret, on string
		if err := rows.Scan(&w.ID, &siret, &w.URL, &on, &w.FetchedAt, &w.HTTPStatus, &w.SHA256, &w.Size, &w.Error); err != nil {
			rows.Close()
			return nil, err
		}
		w.PartnerSIRET = domain.SIRET(siret)
		w.CheckedOn, _ = domain.ParseOptionalDate(on)
		idx[w.ID] = len(out)
		out = append(out, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	rows, err = q.QueryContext(ctx, `SELECT f.web_check_id, f.code, f.severity, f.message FROM web_finding f
		WHERE f.web_check_id IN (SELECT w.id FROM web_check w WHERE `+where+`) ORDER BY f.web_check_id, f.position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var wf domain.WebFinding
		var sev string
		if err := rows.Scan(&id, &wf.Code, &sev, &wf.Message); err != nil {
			return nil, err
		}
		wf.Severity = domain.Severity(sev)
		if i, ok := idx[id]; ok {
			out[i].Findings = append(out[i].Findings, wf)
		}
	}
	return out, rows.Err()
}

// AddWebCheck stores one website check with its findings (w.ID is set) and
// journals it under "web-check" on the partner.
func (tx *Tx) AddWebCheck(w *domain.WebCheck) error {
	if w.FetchedAt == "" {
		w.FetchedAt = tx.nowText()
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO web_check(partner_siret, url, checked_on, fetched_at, http_status, sha256, size, error)
		VALUES (?,?,?,?,?,?,?,?)`, string(w.PartnerSIRET), w.URL, w.CheckedOn.String(), w.FetchedAt, w.HTTPStatus, w.SHA256, w.Size, w.Error)
	if err != nil {
		return err
	}
	if w.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	codes := []string{}
	for i, f := range w.Findings {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO web_finding(web_check_id, position, code, severity, message) VALUES (?,?,?,?,?)`,
			w.ID, i, f.Code, string(f.Severity), f.Message); err != nil {
			return err
		}
		codes = append(codes, f.Code)
	}
	return tx.Journal("web-check", "partner", string(w.PartnerSIRET), nil, map[string]any{
		"url": w.URL, "checked_on": w.CheckedOn.String(), "http_status": w.HTTPStatus, "sha256": w.SHA256, "findings": strings.Join(codes, ","),
	})
}
