package sqlite

import (
	"context"
	"database/sql"
	"strconv"
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
func (r *reader) PartnerStates(sirets []domain.SIRET) (map[domain.SIRET]*domain.Partner, error) {
	return partnerStates(r.ctx, r.q, sirets)
}

// PartnerStates reads the stored partners among sirets inside the transaction.
func (tx *Tx) PartnerStates(sirets []domain.SIRET) (map[domain.SIRET]*domain.Partner, error) {
	return partnerStates(tx.ctx, tx, sirets)
}

// PartnerStates reads the stored partners among sirets.
func (db *DB) PartnerStates(ctx context.Context, sirets []domain.SIRET) (map[domain.SIRET]*domain.Partner, error) {
	m, err := partnerStates(ctx, db.sql, sirets)
	return m, db.wrap(err, "")
}

// The import reads many partners: each partner (with its habilitations,
// one row each, in one joined query) comes back as two texts (the columns
// joined by the unit separator, which imports refuse in a cell), split in
// Go, instead of one driver value per column. A record whose text holds
// the separator anyway is read the ordinary way.
const partnerStateSelect = `SELECT p.siret, p.siret || char(31) || p.name || char(31) || p.nda || char(31) || p.role || char(31) || p.status || char(31) ||
	p.address || char(31) || p.representative || char(31) || p.email || char(31) || p.phone || char(31) || p.website || char(31) ||
	p.qualiopi_body || char(31) || p.qualiopi_number || char(31) || p.qualiopi_categories || char(31) || p.qualiopi_until || char(31) || p.uai,
	h.id, h.partner_siret || char(31) || h.certification || char(31) || h.scope || char(31) || h.blocs || char(31) ||
	h.access || char(31) || h.date_from || char(31) || h.date_to || char(31) || h.end_reason
	FROM partner p LEFT JOIN habilitation h ON h.partner_siret = p.siret WHERE p.siret IN (`

func partnerStates(ctx context.Context, q querier, sirets []domain.SIRET) (map[domain.SIRET]*domain.Partner, error) {
	// An import reads most of a large register once: through the page
	// cache (bounded) rather than the memory map, whose every page read
	// stays in the process's resident memory (40 MB more on 100,000
	// partners). The setting is the connection's; SQLite applies it only
	// when no mapped page is in use.
	var mmap int64
	if err := q.QueryRowContext(ctx, "PRAGMA mmap_size").Scan(&mmap); err != nil {
		return nil, err
	}
	if mmap > 0 {
		if err := q.QueryRowContext(ctx, "PRAGMA mmap_size = 0").Scan(&mmap); err != nil {
			return nil, err
		}
	}
	out := make(map[domain.SIRET]*domain.Partner, len(sirets))
	args := make([]any, 0, importChunk)
	var f [16]string
	odd := map[domain.SIRET]bool{} // records holding the separator: read column by column
	var oddHabs []int64
	split := func(s string, n int) []string {
		k := 0
		for k < n-1 {
			i := strings.IndexByte(s, 31)
			if i < 0 {
				break
			}
			f[k], s = s[:i], s[i+1:]
			k++
		}
		f[k] = s
		return f[:k+1]
	}
	for start := 0; start < len(sirets); start += importChunk {
		part := sirets[start:min(start+importChunk, len(sirets))]
		args = args[:0]
		for _, s := range part {
			args = append(args, string(s))
		}
		if err := func() error {
			rows, err := q.QueryContext(ctx, partnerStateSelect+placeholders(len(part))+`)`, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			var siret, line string
			var hid sql.NullInt64
			var hline sql.NullString
			for rows.Next() {
				if err := rows.Scan(&siret, &line, &hid, &hline); err != nil {
					return err
				}
				p := out[domain.SIRET(siret)]
				if p == nil && !odd[domain.SIRET(siret)] {
					if strings.Count(line, "\x1f") != 14 {
						odd[domain.SIRET(siret)] = true
						continue
					}
					v := split(line, 15)
					p = &domain.Partner{SIRET: domain.SIRET(v[0]), Name: v[1], NDA: domain.NDA(v[2]), Role: domain.Role(v[3]), Status: domain.PartnerStatus(v[4]),
						Address: v[5], Representative: v[6], Email: v[7], Phone: v[8], Website: v[9], UAI: v[14]}
					p.Qualiopi.Body, p.Qualiopi.Number = v[10], v[11]
					p.Qualiopi.Categories = splitList(v[12])
					p.Qualiopi.ValidUntil, _ = domain.ParseOptionalDate(v[13])
					p.Habilitations = []domain.Habilitation{}
					p.History = []domain.StatusChange{}
					out[p.SIRET] = p
				}
				if p == nil || !hid.Valid {
					continue // an odd partner (read below, habilitations included) or none
				}
				if strings.Count(hline.String, "\x1f") != 7 {
					oddHabs = append(oddHabs, hid.Int64)
					continue
				}
				h := domain.Habilitation{ID: hid.Int64}
				v := split(hline.String, 8)
				h.PartnerSIRET, h.Certification, h.Scope = domain.SIRET(v[0]), domain.CertCode(v[1]), domain.Scope(v[2])
				h.Blocs = splitList(v[3])
				h.Access = []domain.Access{}
				for _, a := range splitList(v[4]) {
					h.Access = append(h.Access, domain.Access(a))
				}
				h.From, _ = domain.ParseOptionalDate(v[5])
				h.To, _ = domain.ParseOptionalDate(v[6])
				h.EndReason = v[7]
				p.Habilitations = append(p.Habilitations, h)
			}
			return rows.Err()
		}(); err != nil {
			return nil, err
		}
		for siret := range odd {
			p, err := loadPartner(ctx, q, siret)
			if err != nil {
				return nil, err
			}
			p.History, p.StatusSince = []domain.StatusChange{}, domain.Date{}
			out[siret] = p
		}
		clear(odd)
		for _, id := range oddHabs {
			h, err := loadHabilitation(ctx, q, id)
			if err != nil {
				return nil, err
			}
			if p, ok := out[h.PartnerSIRET]; ok {
				p.Habilitations = append(p.Habilitations, *h)
			}
		}
		oddHabs = oddHabs[:0]
	}
	for _, p := range out {
		if len(p.Habilitations) > 1 {
			sortHabilitations(p.Habilitations)
		}
	}
	return out, nil
}

// PartnerHistories reads the status history of the given partners.
func (r *reader) PartnerHistories(sirets []domain.SIRET) (map[domain.SIRET][]domain.StatusChange, error) {
	return partnerHistories(r.ctx, r.q, sirets)
}

// PartnerHistories reads the status history of the given partners inside the transaction.
func (tx *Tx) PartnerHistories(sirets []domain.SIRET) (map[domain.SIRET][]domain.StatusChange, error) {
	return partnerHistories(tx.ctx, tx, sirets)
}

func partnerHistories(ctx context.Context, q querier, sirets []domain.SIRET) (map[domain.SIRET][]domain.StatusChange, error) {
	out := map[domain.SIRET][]domain.StatusChange{}
	for start := 0; start < len(sirets); start += importChunk {
		part := sirets[start:min(start+importChunk, len(sirets))]
		args := make([]any, len(part))
		for i, s := range part {
			args[i] = string(s)
		}
		m, err := queryHistory(ctx, q, `WHERE siret IN (`+placeholders(len(part))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for k, v := range m {
			out[k] = v
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

// The journal entry of a partner import is compact: one entry per partner
// (entity "partner", id SIRET, action "import"), whose before and after
// hold the partner's changed record (non-empty fields only; the SIRET is
// the entry's id) and the habilitations added or replaced:
//
//	{"partner":{"name":"…","status":"active",…},
//	 "habilitations":[{"id":12,"certification":"RNCP36141","scope":"both","blocs":[…],"access":[…],"from":"2026-01-01","to":""}],
//	 "date":"2026-06-01","reason":"import partenaires.csv"}
//
// so that 'habil history --id SIRET' answers for every record an import
// changed, at a fraction of the size of one full entry per record.

// rowsPerInsert bounds the rows of one multi-row INSERT.
const rowsPerInsert = 125

// multiInsert runs "INSERT INTO table(cols) VALUES (…),(…)" over args
// (ncols values per row), rowsPerInsert rows per statement, and returns
// the rowid of the last row. The first len(consts) columns of cols take
// the same values in every row: they are bound once per statement (?1…?k,
// which every row refers to), not once per row.
func (tx *Tx) multiInsert(table, cols string, consts []any, ncols int, args []any) (int64, error) {
	var last int64
	rows := len(args) / ncols
	var one strings.Builder
	one.WriteByte('(')
	for i := range consts {
		one.WriteString("?" + strconv.Itoa(i+1) + ",")
	}
	one.WriteString(placeholders(ncols) + ")")
	var vals []any
	for start := 0; start < rows; start += rowsPerInsert {
		n := min(rowsPerInsert, rows-start)
		q := "INSERT INTO " + table + "(" + cols + ") VALUES " + strings.Repeat(one.String()+",", n-1) + one.String()
		vals = append(append(vals[:0], consts...), args[start*ncols:(start+n)*ncols]...)
		res, err := tx.ExecContext(tx.ctx, q, vals...)
		if err != nil {
			return 0, err
		}
		if last, err = res.LastInsertId(); err != nil {
			return 0, err
		}
	}
	return last, nil
}

const (
	// The columns every row of a batch shares come first (multiInsert).
	importPartnerCols = `created_at, updated_at, siret, name, nda, role, status, address, representative, email, phone, website,
		qualiopi_body, qualiopi_number, qualiopi_categories, qualiopi_until, uai`
	importHistoryCols = `from_status, date, reason, recorded_at, siret, to_status`
	importHabCols     = `created_at, updated_at, partner_siret, certification, scope, blocs, access, date_from, date_to, end_reason`
	importJournalCols = `at, user, command, action, entity, entity_id, before, after`

	sqlImportUpdatePartner = `UPDATE partner SET name=?, nda=?, role=?, address=?, representative=?, email=?, phone=?, website=?,
		qualiopi_body=?, qualiopi_number=?, qualiopi_categories=?, qualiopi_until=?, uai=?, updated_at=? WHERE siret=?`
	sqlImportUpdateHab = `UPDATE habilitation SET scope=?, blocs=?, access=?, date_from=?, date_to=?, end_reason=?, updated_at=? WHERE id=?`
)

// WritePartnerImport writes planned partner changes (see domain.Tx). The
// caller has checked every rule; a failing statement is a store error.
// New rows go in multi-row INSERTs; new habilitations get consecutive ids
// (one writer, INTEGER PRIMARY KEY: each row takes the largest id + 1).
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
	nh := 0
	for i := range batch {
		nh += len(batch[i].Habilitations)
	}
	partners := make([]any, 0, 15*len(batch))
	history := make([]any, 0, 2*len(batch))
	habs := make([]any, 0, 8*nh)
	newHabs := make([]*domain.Habilitation, 0, nh)
	for i := range batch {
		op := &batch[i]
		p := op.After
		if p == nil {
			continue
		}
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
			partners = append(partners, string(p.SIRET), p.Name, string(p.NDA), string(p.Role), string(p.Status), p.Address, p.Representative,
				p.Email, p.Phone, p.Website, p.Qualiopi.Body, p.Qualiopi.Number, cats, p.Qualiopi.ValidUntil.String(), p.UAI)
			history = append(history, string(p.SIRET), string(p.Status))
			p.StatusSince = date
			continue
		}
		if _, err := tx.ExecContext(tx.ctx, sqlImportUpdatePartner,
			p.Name, string(p.NDA), string(p.Role), p.Address, p.Representative, p.Email, p.Phone, p.Website,
			p.Qualiopi.Body, p.Qualiopi.Number, cats, p.Qualiopi.ValidUntil.String(), p.UAI, now, string(p.SIRET)); err != nil {
			return err
		}
	}
	if _, err := tx.multiInsert("partner", importPartnerCols, []any{now, now}, 15, partners); err != nil {
		return err
	}
	if _, err := tx.multiInsert("partner_status_history", importHistoryCols, []any{"", day, reason, now}, 2, history); err != nil {
		return err
	}
	for i := range batch {
		op := &batch[i]
		siret := importSIRET(op)
		for j := range op.Habilitations {
			hi := &op.Habilitations[j]
			h := &hi.After
			h.PartnerSIRET = siret
			blocs, access := strings.Join(h.Blocs, ","), domain.AccessCodes(h.Access)
			if hi.Before == nil {
				habs = append(habs, string(siret), string(h.Certification), string(h.Scope), blocs, access, h.From.String(), h.To.String(), h.EndReason)
				newHabs = append(newHabs, h)
				continue
			}
			h.ID = hi.Before.ID
			if _, err := tx.ExecContext(tx.ctx, sqlImportUpdateHab, string(h.Scope), blocs, access, h.From.String(), h.To.String(), h.EndReason, now, h.ID); err != nil {
				return err
			}
		}
	}
	// Each statement's rows take consecutive ids: number them back from
	// the last id of each statement.
	for start := 0; start < len(newHabs); start += rowsPerInsert {
		n := min(rowsPerInsert, len(newHabs)-start)
		last, err := tx.multiInsert("habilitation", importHabCols, []any{now, now}, 8, habs[start*8:(start+n)*8])
		if err != nil {
			return err
		}
		for k := 0; k < n; k++ {
			newHabs[start+k].ID = last - int64(n-1-k)
		}
	}
	journal := make([]any, 0, 3*len(batch))
	var buf []byte
	for i := range batch {
		op := &batch[i]
		siret := importSIRET(op)
		if siret == "" {
			continue
		}
		var before any
		if op.Before != nil {
			buf = appendImportJournal(buf[:0], op, true, "", "")
			before = string(buf)
		}
		d := ""
		if op.Before == nil {
			d = day
		}
		buf = appendImportJournal(buf[:0], op, false, d, reason)
		journal = append(journal, string(siret), before, string(buf))
	}
	_, err := tx.multiInsert("journal", importJournalCols, []any{now, tx.db.actor.User, tx.db.actor.Command, "import", "partner"}, 3, journal)
	return err
}

func importSIRET(op *domain.PartnerImport) domain.SIRET {
	switch {
	case op.After != nil:
		return op.After.SIRET
	case op.Before != nil:
		return op.Before.SIRET
	}
	return ""
}

// appendImportJournal appends the before (or after) JSON of one partner's
// import to b.
func appendImportJournal(b []byte, op *domain.PartnerImport, before bool, date, reason string) []byte {
	b = append(b, '{')
	first := true
	field := func(name string) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSONString(b, name)
		b = append(b, ':')
	}
	p := op.After
	if before {
		p = op.Before
	}
	if op.After != nil && p != nil {
		field("partner")
		b = appendPartnerJSON(b, p)
	}
	var habs []*domain.Habilitation
	for j := range op.Habilitations {
		hi := &op.Habilitations[j]
		switch {
		case !before:
			habs = append(habs, &hi.After)
		case hi.Before != nil:
			habs = append(habs, hi.Before)
		}
	}
	if len(habs) > 0 {
		field("habilitations")
		b = append(b, '[')
		for k, h := range habs {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendHabilitationJSON(b, h)
		}
		b = append(b, ']')
	}
	if date != "" {
		field("date")
		b = appendJSONString(b, date)
	}
	if reason != "" {
		field("reason")
		b = appendJSONString(b, reason)
	}
	return append(b, '}')
}

// appendPartnerJSON writes the partner's non-empty fields.
func appendPartnerJSON(b []byte, p *domain.Partner) []byte {
	b = append(b, '{')
	first := true
	str := func(name, v string) {
		if v == "" {
			return
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSONString(b, name)
		b = append(b, ':')
		b = appendJSONString(b, v)
	}
	str("name", p.Name)
	str("nda", string(p.NDA))
	str("role", string(p.Role))
	str("status", string(p.Status))
	str("address", p.Address)
	str("representative", p.Representative)
	str("email", p.Email)
	str("phone", p.Phone)
	str("website", p.Website)
	str("qualiopi_body", p.Qualiopi.Body)
	str("qualiopi_number", p.Qualiopi.Number)
	str("qualiopi_categories", strings.Join(p.Qualiopi.Categories, ","))
	str("qualiopi_until", p.Qualiopi.ValidUntil.String())
	str("uai", p.UAI)
	return append(b, '}')
}

func appendHabilitationJSON(b []byte, h *domain.Habilitation) []byte {
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, h.ID, 10)
	b = append(b, `,"certification":`...)
	b = appendJSONString(b, string(h.Certification))
	b = append(b, `,"scope":`...)
	b = appendJSONString(b, string(h.Scope))
	b = append(b, `,"blocs":[`...)
	for i, x := range h.Blocs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, x)
	}
	b = append(b, `],"access":[`...)
	for i, x := range h.Access {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, string(x))
	}
	b = append(b, `],"from":`...)
	b = appendJSONString(b, h.From.String())
	b = append(b, `,"to":`...)
	b = appendJSONString(b, h.To.String())
	if h.EndReason != "" {
		b = append(b, `,"end_reason":`...)
		b = appendJSONString(b, h.EndReason)
	}
	return append(b, '}')
}

// appendJSONString appends s as a JSON string (UTF-8 kept as is; quotes,
// backslashes and control characters escaped).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
