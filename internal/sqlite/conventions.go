package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

// ConventionFilter selects conventions (see domain).
type ConventionFilter = domain.ConventionFilter

// conventionRow is the journaled form of a convention (current terms).
type conventionRow struct {
	ID                int64    `json:"id"`
	Number            string   `json:"number"`
	PartnerSIRET      string   `json:"partner_siret"`
	Certification     string   `json:"certification"`
	HabilitationID    int64    `json:"habilitation_id,omitempty"`
	Status            string   `json:"status"`
	CreatedOn         string   `json:"created_on"`
	SentOn            string   `json:"sent_on,omitempty"`
	SignedOn          string   `json:"signed_on,omitempty"`
	EndedOn           string   `json:"ended_on,omitempty"`
	EndReason         string   `json:"end_reason,omitempty"`
	TerminatedOn      string   `json:"terminated_on,omitempty"`
	TerminationReason string   `json:"termination_reason,omitempty"`
	Renews            string   `json:"renews,omitempty"`
	Version           int      `json:"version"`
	VersionDate       string   `json:"version_date"`
	VersionReason     string   `json:"version_reason,omitempty"`
	Scope             string   `json:"scope"`
	Blocs             []string `json:"blocs"`
	Access            []string `json:"access"`
	From              string   `json:"from"`
	To                string   `json:"to"`
	FeePerCandidate   string   `json:"fee_per_candidate"`
	FeePerExam        string   `json:"fee_per_exam"`
	FlatFee           string   `json:"flat_fee"`
	Reference         string   `json:"reference,omitempty"`
	SignedVersion     int      `json:"signed_version,omitempty"`
	SignedPDFSHA256   string   `json:"signed_pdf_sha256,omitempty"`
	SignedTemplate    string   `json:"signed_template_sha256,omitempty"`
	Attachments       []string `json:"attachments,omitempty"`
}

func toConventionRow(c *domain.Convention) conventionRow {
	t := c.Terms()
	r := conventionRow{
		ID: c.ID, Number: c.Number, PartnerSIRET: string(c.PartnerSIRET), Certification: string(c.Certification),
		HabilitationID: c.HabilitationID, Status: string(c.Status), CreatedOn: c.CreatedOn.String(),
		SentOn: c.SentOn.String(), SignedOn: c.SignedOn.String(), EndedOn: c.EndedOn.String(), EndReason: c.EndReason,
		TerminatedOn: c.TerminatedOn.String(), TerminationReason: c.TerminationReason, Renews: c.RenewsNumber,
		Version: t.Version, VersionDate: t.Date.String(), VersionReason: t.Reason, Scope: string(t.Scope),
		Blocs: append([]string{}, t.Blocs...), From: t.From.String(), To: t.To.String(),
		FeePerCandidate: t.Fees.PerCandidate.Decimal(), FeePerExam: t.Fees.PerExam.Decimal(), FlatFee: t.Fees.FlatYearly.Decimal(),
	}
	r.Access = []string{}
	for _, a := range t.Access {
		r.Access = append(r.Access, string(a))
	}
	r.Reference, r.SignedVersion, r.SignedPDFSHA256, r.SignedTemplate = c.Reference, c.SignedVersion, c.SignedPDFSHA256, c.SignedTemplateSHA256
	for _, a := range c.Attachments {
		r.Attachments = append(r.Attachments, a.SHA256+" "+a.Path)
	}
	return r
}

// ConventionNotFound is the error for an unknown convention id or number.
func ConventionNotFound(ref string) error {
	return domain.NotFound("convention %s does not exist", ref).
		WithHint("see 'habil convention list' for ids and numbers")
}

// ConventionID resolves a reference typed by a user: an id (12) or a
// number (CONV-2025-0007).
func (db *DB) ConventionID(ctx context.Context, ref string) (int64, error) {
	id, err := conventionID(ctx, db.sql, ref)
	return id, db.wrap(err, "")
}

// ConventionID resolves a reference inside the transaction.
func (tx *Tx) ConventionID(ref string) (int64, error) { return conventionID(tx.ctx, tx, ref) }

func conventionID(ctx context.Context, q querier, ref string) (int64, error) {
	ref = strings.TrimSpace(ref)
	var id int64
	var err error
	if n, perr := strconv.ParseInt(strings.TrimPrefix(ref, "#"), 10, 64); perr == nil {
		err = q.QueryRowContext(ctx, `SELECT id FROM convention WHERE id = ?`, n).Scan(&id)
	} else {
		if _, _, perr := domain.ParseConventionNumber(ref); perr != nil {
			return 0, domain.Invalid("CONVENTION_REF", "%q is neither a convention id (12) nor a number (CONV-2025-0007)", ref)
		}
		err = q.QueryRowContext(ctx, `SELECT id FROM convention WHERE number = ?`, strings.ToUpper(ref)).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ConventionNotFound(ref)
	}
	return id, err
}

// Convention returns one convention with all its versions.
func (db *DB) Convention(ctx context.Context, id int64) (*domain.Convention, error) {
	c, err := loadConvention(ctx, db.sql, id)
	return c, db.wrap(err, "")
}

// Convention reads a convention inside the transaction.
func (tx *Tx) Convention(id int64) (*domain.Convention, error) { return loadConvention(tx.ctx, tx, id) }

// Conventions lists conventions by number (year, then sequence).
func (db *DB) Conventions(ctx context.Context, f ConventionFilter) ([]*domain.Convention, error) {
	l, err := listConventions(ctx, db.sql, f)
	return l, db.wrap(err, "")
}

// Conventions lists conventions inside the transaction.
func (tx *Tx) Conventions(f ConventionFilter) ([]*domain.Convention, error) {
	return listConventions(tx.ctx, tx, f)
}

// ConventionCount counts every convention recorded.
func (tx *Tx) ConventionCount() (int, error) { return conventionCount(tx.ctx, tx) }

// ConventionCount counts every convention recorded, in the read snapshot.
func (r *reader) ConventionCount() (int, error) { return conventionCount(r.ctx, r.q) }

func conventionCount(ctx context.Context, q querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM convention`).Scan(&n)
	return n, err
}

func loadConvention(ctx context.Context, q querier, id int64) (*domain.Convention, error) {
	l, err := queryConventions(ctx, q, `c.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(l) == 0 {
		return nil, ConventionNotFound(strconv.FormatInt(id, 10))
	}
	return l[0], nil
}

func listConventions(ctx context.Context, q querier, f ConventionFilter) ([]*domain.Convention, error) {
	where := []string{"1=1"}
	var args []any
	if f.Status != "" {
		where = append(where, "c.status = ?")
		args = append(args, string(f.Status))
	}
	if len(f.Statuses) > 0 {
		marks := strings.TrimSuffix(strings.Repeat("?,", len(f.Statuses)), ",")
		where = append(where, "c.status IN ("+marks+")")
		for _, st := range f.Statuses {
			args = append(args, string(st))
		}
	}
	if f.Partner != "" {
		where = append(where, "c.partner_siret = ?")
		args = append(args, string(f.Partner))
	}
	if f.Certification != "" {
		where = append(where, "c.certification = ?")
		args = append(args, string(f.Certification))
	}
	// The current end date is the last version's (Terms().To); '' (none)
	// sorts before every date, as the zero date does.
	const lastTo = `COALESCE((SELECT v.date_to FROM convention_version v WHERE v.convention_id = c.id ORDER BY v.version DESC LIMIT 1), '')`
	if !f.EndsFrom.IsZero() {
		where = append(where, lastTo+" >= ?")
		args = append(args, f.EndsFrom.String())
	}
	if !f.EndsTo.IsZero() {
		where = append(where, lastTo+" <= ?")
		args = append(args, f.EndsTo.String())
	}
	return queryConventions(ctx, q, strings.Join(where, " AND "), args...)
}

func queryConventions(ctx context.Context, q querier, where string, args ...any) ([]*domain.Convention, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.number, c.partner_siret, COALESCE(p.name, ''), c.certification,
		COALESCE(c.habilitation_id, 0), c.status, c.created_on, c.sent_on, c.signed_on, c.ended_on, c.end_reason,
		c.terminated_on, c.termination_reason, COALESCE(c.renews_id, 0), COALESCE(prev.number, ''),
		c.reference, c.signed_version, c.signed_pdf_sha256, c.signed_template_sha256,
		COALESCE((SELECT n.id FROM convention n WHERE n.renews_id = c.id AND NOT (n.status = 'terminated' AND n.signed_on = '') ORDER BY n.id DESC LIMIT 1), 0),
		COALESCE((SELECT n.number FROM convention n WHERE n.renews_id = c.id AND NOT (n.status = 'terminated' AND n.signed_on = '') ORDER BY n.id DESC LIMIT 1), '')
		FROM convention c
		LEFT JOIN partner p ON p.siret = c.partner_siret
		LEFT JOIN convention prev ON prev.id = c.renews_id
		WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	var out []*domain.Convention
	byID := map[int64]*domain.Convention{}
	for rows.Next() {
		c := &domain.Convention{}
		var siret, cert, status, created, sent, signed, ended, terminated string
		if err := rows.Scan(&c.ID, &c.Number, &siret, &c.PartnerName, &cert, &c.HabilitationID, &status, &created, &sent, &signed,
			&ended, &c.EndReason, &terminated, &c.TerminationReason, &c.RenewsID, &c.RenewsNumber,
			&c.Reference, &c.SignedVersion, &c.SignedPDFSHA256, &c.SignedTemplateSHA256, &c.RenewedByID, &c.RenewedByNumber); err != nil {
			rows.Close()
			return nil, err
		}
		c.PartnerSIRET, c.Certification, c.Status = domain.SIRET(siret), domain.CertCode(cert), domain.ConventionStatus(status)
		c.CreatedOn, _ = domain.ParseOptionalDate(created)
		c.SentOn, _ = domain.ParseOptionalDate(sent)
		c.SignedOn, _ = domain.ParseOptionalDate(signed)
		c.EndedOn, _ = domain.ParseOptionalDate(ended)
		c.TerminatedOn, _ = domain.ParseOptionalDate(terminated)
		out = append(out, c)
		byID[c.ID] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	vq := `SELECT convention_id, version, date, reason, scope, blocs, access, date_from, date_to, fee_per_candidate, fee_per_exam, flat_fee
		FROM convention_version`
	var vargs []any
	if len(out) == 1 {
		vq += ` WHERE convention_id = ?`
		vargs = append(vargs, out[0].ID)
	} else {
		// The versions of the conventions selected only.
		vq += ` WHERE convention_id IN (SELECT c.id FROM convention c WHERE ` + where + `)`
		vargs = args
	}
	rows, err = q.QueryContext(ctx, vq+` ORDER BY convention_id, version`, vargs...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t domain.ConventionTerms
		var date, scope, blocs, access, from, to string
		var fc, fe, ff int64
		if err := rows.Scan(&id, &t.Version, &date, &t.Reason, &scope, &blocs, &access, &from, &to, &fc, &fe, &ff); err != nil {
			return nil, err
		}
		c := byID[id]
		if c == nil {
			continue
		}
		t.Date, _ = domain.ParseOptionalDate(date)
		t.From, _ = domain.ParseOptionalDate(from)
		t.To, _ = domain.ParseOptionalDate(to)
		t.Scope = domain.Scope(scope)
		t.Blocs = convSplit(blocs)
		for _, a := range convSplit(access) {
			t.Access = append(t.Access, domain.Access(a))
		}
		t.Fees = domain.Fees{PerCandidate: domain.Money(fc), PerExam: domain.Money(fe), FlatYearly: domain.Money(ff)}
		c.Versions = append(c.Versions, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if err := loadAttachments(ctx, q, byID, out, where, args); err != nil {
		return nil, err
	}
	SortConventions(out)
	return out, nil
}

// loadAttachments reads the attachments of the conventions selected.
func loadAttachments(ctx context.Context, q querier, byID map[int64]*domain.Convention, out []*domain.Convention, where string, args []any) error {
	aq := `SELECT convention_id, id, path, sha256, size, attached_on FROM convention_attachment`
	var aargs []any
	if len(out) == 1 {
		aq += ` WHERE convention_id = ?`
		aargs = append(aargs, out[0].ID)
	} else {
		aq += ` WHERE convention_id IN (SELECT c.id FROM convention c WHERE ` + where + `)`
		aargs = args
	}
	rows, err := q.QueryContext(ctx, aq+` ORDER BY convention_id, attached_on, id`, aargs...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cid int64
		var a domain.ConventionAttachment
		var on string
		if err := rows.Scan(&cid, &a.ID, &a.Path, &a.SHA256, &a.Size, &on); err != nil {
			return err
		}
		a.AttachedOn, _ = domain.ParseOptionalDate(on)
		if c := byID[cid]; c != nil {
			c.Attachments = append(c.Attachments, a)
		}
	}
	return rows.Err()
}

// SortConventions orders conventions by number: year, then sequence.
func SortConventions(l []*domain.Convention) {
	key := func(c *domain.Convention) (int, int) {
		y, n, _ := domain.ParseConventionNumber(c.Number)
		return y, n
	}
	sort.SliceStable(l, func(i, j int) bool {
		yi, ni := key(l[i])
		yj, nj := key(l[j])
		if yi != yj {
			return yi < yj
		}
		return ni < nj
	})
}

func convSplit(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func convAccessJoin(l []domain.Access) string { return domain.AccessCodes(l) }

func (tx *Tx) convNow() string { return tx.Now().UTC().Format(time.RFC3339) }

// nextConventionNumber takes the next number of the year; numbers are never reused.
func (tx *Tx) nextConventionNumber(year int) (string, error) {
	var last int
	err := tx.QueryRowContext(tx.ctx, `INSERT INTO convention_counter(year, last) VALUES (?, 1)
		ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last`, year).Scan(&last)
	if err != nil {
		return "", err
	}
	return domain.ConventionNumber(year, last), nil
}

// CreateConvention numbers the convention (sequential per year of
// creation), inserts it with its version 1 and journals it. c.ID and
// c.Number are set.
func (tx *Tx) CreateConvention(c *domain.Convention) error {
	if len(c.Versions) != 1 {
		return errors.New("sqlite: a new convention must have exactly one version")
	}
	num, err := tx.nextConventionNumber(c.CreatedOn.Year())
	if err != nil {
		return err
	}
	c.Number = num
	now := tx.convNow()
	var hab, renews any
	if c.HabilitationID != 0 {
		hab = c.HabilitationID
	}
	if c.RenewsID != 0 {
		renews = c.RenewsID
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO convention(number, partner_siret, certification, habilitation_id, status, created_on,
		sent_on, signed_on, ended_on, end_reason, terminated_on, termination_reason, renews_id, reference,
		signed_version, signed_pdf_sha256, signed_template_sha256, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		c.Number, string(c.PartnerSIRET), string(c.Certification), hab, string(c.Status), c.CreatedOn.String(),
		c.SentOn.String(), c.SignedOn.String(), c.EndedOn.String(), c.EndReason, c.TerminatedOn.String(), c.TerminationReason,
		renews, c.Reference, c.SignedVersion, c.SignedPDFSHA256, c.SignedTemplateSHA256, now, now)
	if err != nil {
		return err
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := tx.insertConventionVersion(c.ID, c.Versions[0]); err != nil {
		return err
	}
	return tx.Journal("create", "convention", strconv.FormatInt(c.ID, 10), nil, toConventionRow(c))
}

func (tx *Tx) insertConventionVersion(id int64, t domain.ConventionTerms) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO convention_version(convention_id, version, date, reason, scope, blocs, access,
		date_from, date_to, fee_per_candidate, fee_per_exam, flat_fee, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		id, t.Version, t.Date.String(), t.Reason, string(t.Scope), strings.Join(t.Blocs, ","), convAccessJoin(t.Access),
		t.From.String(), t.To.String(), int64(t.Fees.PerCandidate), int64(t.Fees.PerExam), int64(t.Fees.FlatYearly), tx.convNow())
	return err
}

// SaveConventionStatus writes the status fields of c (after Send, Sign,
// Terminate or End: status and its dates, the drawn-up date and version 1's
// date when a signature on an earlier day moved them, the reference and what
// was signed) and journals the change under action (send, sign…).
func (tx *Tx) SaveConventionStatus(action string, before, after *domain.Convention) error {
	res, err := tx.ExecContext(tx.ctx, `UPDATE convention SET status=?, sent_on=?, signed_on=?, ended_on=?, end_reason=?,
		terminated_on=?, termination_reason=?, created_on=?, reference=?, signed_version=?, signed_pdf_sha256=?,
		signed_template_sha256=?, updated_at=? WHERE id=?`,
		string(after.Status), after.SentOn.String(), after.SignedOn.String(), after.EndedOn.String(), after.EndReason,
		after.TerminatedOn.String(), after.TerminationReason, after.CreatedOn.String(), after.Reference, after.SignedVersion,
		after.SignedPDFSHA256, after.SignedTemplateSHA256, tx.convNow(), after.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ConventionNotFound(strconv.FormatInt(after.ID, 10))
	}
	if len(after.Versions) > 0 && len(before.Versions) > 0 && after.Versions[0].Date != before.Versions[0].Date {
		if _, err := tx.ExecContext(tx.ctx, `UPDATE convention_version SET date=? WHERE convention_id=? AND version=1`,
			after.Versions[0].Date.String(), after.ID); err != nil {
			return err
		}
	}
	return tx.Journal(action, "convention", strconv.FormatInt(after.ID, 10), toConventionRow(before), toConventionRow(after))
}

// AddConventionAttachment records a file attached to convention c (a.ID is
// set) and journals it under "attach"; before is c without it.
func (tx *Tx) AddConventionAttachment(before, after *domain.Convention, a *domain.ConventionAttachment) error {
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO convention_attachment(convention_id, path, sha256, size, attached_on, created_at)
		VALUES (?,?,?,?,?,?)`, after.ID, a.Path, a.SHA256, a.Size, a.AttachedOn.String(), tx.convNow())
	if err != nil {
		return err
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.Journal("attach", "convention", strconv.FormatInt(after.ID, 10), toConventionRow(before), toConventionRow(after))
}

// AddConventionVersion stores the last version of c (an avenant added by
// Convention.Amend) and journals it; before is the convention as it was.
func (tx *Tx) AddConventionVersion(before, after *domain.Convention) error {
	if err := tx.insertConventionVersion(after.ID, after.Terms()); err != nil {
		return err
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE convention SET updated_at=? WHERE id=?`, tx.convNow(), after.ID); err != nil {
		return err
	}
	return tx.Journal("amend", "convention", strconv.FormatInt(after.ID, 10), toConventionRow(before), toConventionRow(after))
}
