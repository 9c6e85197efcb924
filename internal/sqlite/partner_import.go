package sqlite

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// This file is the partner import's side of the store: the stored state of
// the partners of one batch of the file, read with set-based queries (a few
// statements per few hundred partners, instead of a full reload per row),
// and the batch writes, through the transaction's cached statements, with
// one compact journal entry per partner.

// importChunk bounds the SIRETs of one IN (…) query.
const importChunk = 500

// PartnerStates reads the stored partners among sirets with their
// habilitations (see domain.Reader).
func (r *reader) PartnerStates(sirets []domain.SIRET) (map[domain.SIRET]domain.PartnerState, error) {
	return partnerStates(r.ctx, r.q, sirets)
}

// PartnerStates reads the stored partners among sirets inside the transaction.
func (tx *Tx) PartnerStates(sirets []domain.SIRET) (map[domain.SIRET]domain.PartnerState, error) {
	return partnerStates(tx.ctx, tx, sirets)
}

// PartnerStates reads the stored partners among sirets.
func (db *DB) PartnerStates(ctx context.Context, sirets []domain.SIRET) (map[domain.SIRET]domain.PartnerState, error) {
	m, err := partnerStates(ctx, db.sql, sirets)
	return m, db.wrap(err, "")
}

const partnerStateSelect = `SELECT siret, name, nda, role, status, address, representative, email, phone, website,
	qualiopi_body, qualiopi_number, qualiopi_categories, qualiopi_until, uai,
	COALESCE((SELECT date FROM partner_status_history h WHERE h.siret = partner.siret ORDER BY h.id DESC LIMIT 1), ''),
	(SELECT count(*) FROM partner_status_history h WHERE h.siret = partner.siret)
	FROM partner WHERE siret IN (`

func partnerStates(ctx context.Context, q querier, sirets []domain.SIRET) (map[domain.SIRET]domain.PartnerState, error) {
	out := make(map[domain.SIRET]domain.PartnerState, len(sirets))
	args := make([]any, 0, importChunk)
	for start := 0; start < len(sirets); start += importChunk {
		part := sirets[start:min(start+importChunk, len(sirets))]
		args = args[:0]
		for _, s := range part {
			args = append(args, string(s))
		}
		in := placeholders(len(part))
		if err := func() error {
			rows, err := q.QueryContext(ctx, partnerStateSelect+in+`)`, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				p := &domain.Partner{}
				var siret, nda, role, status, cats, until, since string
				var changes int
				if err := rows.Scan(&siret, &p.Name, &nda, &role, &status, &p.Address, &p.Representative, &p.Email, &p.Phone, &p.Website,
					&p.Qualiopi.Body, &p.Qualiopi.Number, &cats, &until, &p.UAI, &since, &changes); err != nil {
					return err
				}
				p.SIRET, p.NDA, p.Role, p.Status = domain.SIRET(siret), domain.NDA(nda), domain.Role(role), domain.PartnerStatus(status)
				p.Qualiopi.Categories = splitList(cats)
				p.Qualiopi.ValidUntil, _ = domain.ParseOptionalDate(until)
				p.StatusSince, _ = domain.ParseOptionalDate(since)
				p.Habilitations = []domain.Habilitation{}
				p.History = []domain.StatusChange{}
				out[p.SIRET] = domain.PartnerState{Partner: p, OnlyRecorded: changes == 1}
			}
			return rows.Err()
		}(); err != nil {
			return nil, err
		}
		if len(out) == 0 {
			continue // a fresh register: no habilitation to read either
		}
		habs, err := queryHabilitations(ctx, q, `WHERE partner_siret IN (`+in+`)`, args...)
		if err != nil {
			return nil, err
		}
		for _, h := range habs {
			if st, ok := out[h.PartnerSIRET]; ok {
				st.Partner.Habilitations = append(st.Partner.Habilitations, h)
			}
		}
	}
	return out, nil
}

func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?,", n-1) + "?"
}

// importJournal is the compact journal form of one partner's import: the
// partner record (when it changed) and the habilitations it adds or
// replaces, before and after.
type importJournal struct {
	Partner       *partnerRow       `json:"partner,omitempty"`
	Habilitations []habilitationRow `json:"habilitations,omitempty"`
	Date          string            `json:"date,omitempty"`
	Reason        string            `json:"reason,omitempty"`
}

const (
	sqlImportInsertPartner = `INSERT INTO partner(siret, name, nda, role, status, address, representative, email, phone, website,
		qualiopi_body, qualiopi_number, qualiopi_categories, qualiopi_until, uai, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`
	sqlImportInsertHistory = `INSERT INTO partner_status_history(siret, from_status, to_status, date, reason, recorded_at) VALUES (?,?,?,?,?,?)`
	sqlImportUpdatePartner = `UPDATE partner SET name=?, nda=?, role=?, address=?, representative=?, email=?, phone=?, website=?,
		qualiopi_body=?, qualiopi_number=?, qualiopi_categories=?, qualiopi_until=?, uai=?, updated_at=? WHERE siret=?`
	sqlImportInsertHab = `INSERT INTO habilitation(partner_siret, certification, scope, blocs, access, date_from, date_to, end_reason, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?)`
	sqlImportUpdateHab = `UPDATE habilitation SET scope=?, blocs=?, access=?, date_from=?, date_to=?, end_reason=?, updated_at=? WHERE id=?`
	sqlImportJournal   = `INSERT INTO journal(at, user, command, action, entity, entity_id, before, after) VALUES (?,?,?,?,?,?,?,?)`
)

// WritePartnerImport writes planned partner changes (see domain.Tx). The
// caller has checked every rule; a failing statement is a store error.
func (tx *Tx) WritePartnerImport(batch []domain.PartnerImport, date domain.Date, reason string) error {
	if date.IsZero() {
		date = domain.DateOf(tx.Now())
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		reason = "recorded"
	}
	now := tx.nowText()
	day := date.String()
	for i := range batch {
		op := &batch[i]
		var siret domain.SIRET
		var before, after importJournal
		switch {
		case op.After != nil:
			siret = op.After.SIRET
		case op.Before != nil:
			siret = op.Before.SIRET
		default:
			continue
		}
		if p := op.After; p != nil {
			if p.Role == "" {
				p.Role = domain.RolePartner
			}
			if p.Status == "" {
				p.Status = domain.StatusProspect
			}
			if p.Qualiopi.Categories == nil {
				p.Qualiopi.Categories = []string{}
			}
			cats := strings.Join(p.Qualiopi.Categories, ",")
			if op.Before == nil {
				if _, err := tx.ExecContext(tx.ctx, sqlImportInsertPartner,
					string(p.SIRET), p.Name, string(p.NDA), string(p.Role), string(p.Status), p.Address, p.Representative, p.Email, p.Phone, p.Website,
					p.Qualiopi.Body, p.Qualiopi.Number, cats, p.Qualiopi.ValidUntil.String(), p.UAI, now, now); err != nil {
					return err
				}
				if _, err := tx.ExecContext(tx.ctx, sqlImportInsertHistory, string(p.SIRET), "", string(p.Status), day, reason, now); err != nil {
					return err
				}
				p.StatusSince = date
				after.Date, after.Reason = day, reason
			} else {
				if _, err := tx.ExecContext(tx.ctx, sqlImportUpdatePartner,
					p.Name, string(p.NDA), string(p.Role), p.Address, p.Representative, p.Email, p.Phone, p.Website,
					p.Qualiopi.Body, p.Qualiopi.Number, cats, p.Qualiopi.ValidUntil.String(), p.UAI, now, string(p.SIRET)); err != nil {
					return err
				}
				b := toPartnerRow(op.Before)
				before.Partner = &b
				after.Reason = reason
			}
			a := toPartnerRow(p)
			after.Partner = &a
		}
		for j := range op.Habilitations {
			hi := &op.Habilitations[j]
			h := &hi.After
			h.PartnerSIRET = siret
			blocs, access := strings.Join(h.Blocs, ","), domain.AccessCodes(h.Access)
			if hi.Before == nil {
				res, err := tx.ExecContext(tx.ctx, sqlImportInsertHab, string(siret), string(h.Certification), string(h.Scope), blocs, access,
					h.From.String(), h.To.String(), h.EndReason, now, now)
				if err != nil {
					return err
				}
				if h.ID, err = res.LastInsertId(); err != nil {
					return err
				}
			} else {
				h.ID = hi.Before.ID
				if _, err := tx.ExecContext(tx.ctx, sqlImportUpdateHab, string(h.Scope), blocs, access, h.From.String(), h.To.String(), h.EndReason, now, h.ID); err != nil {
					return err
				}
				before.Habilitations = append(before.Habilitations, toHabilitationRow(hi.Before))
			}
			after.Habilitations = append(after.Habilitations, toHabilitationRow(h))
		}
		var b any
		if op.Before != nil {
			js, err := json.Marshal(before)
			if err != nil {
				return err
			}
			b = string(js)
		}
		if after.Reason == "" {
			after.Reason = reason
		}
		a, err := json.Marshal(after)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, sqlImportJournal, now, tx.db.actor.User, tx.db.actor.Command, "import", "partner", string(siret), b, string(a)); err != nil {
			return err
		}
	}
	return nil
}
