package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// The session store: sessions, candidates, enrolments with their results,
// certificates (numbered through certificate_counter, never reused) and
// the session log. Every write is journaled: entity "session" (the session
// itself, its enrolments, results and log), "candidate" (identity created
// or changed; only the key fields are journaled) and "certificate".

// Session returns one session with its enrolments and log.
func (r *reader) Session(id int64) (*domain.Session, error) { return loadSession(r.ctx, r.q, id) }

// Session returns one session inside the transaction.
func (tx *Tx) Session(id int64) (*domain.Session, error) { return loadSession(tx.ctx, tx, id) }

// Sessions lists sessions with their counts.
func (r *reader) Sessions(f domain.SessionFilter) ([]*domain.Session, error) {
	return listSessions(r.ctx, r.q, f)
}

// Sessions lists sessions inside the transaction.
func (tx *Tx) Sessions(f domain.SessionFilter) ([]*domain.Session, error) {
	return listSessions(tx.ctx, tx, f)
}

// CandidatesByKey returns the stored candidates among keys.
func (r *reader) CandidatesByKey(keys []string) (map[string]*domain.Candidate, error) {
	return candidatesByKey(r.ctx, r.q, keys)
}

// CandidatesByKey returns the stored candidates among keys inside the transaction.
func (tx *Tx) CandidatesByKey(keys []string) (map[string]*domain.Candidate, error) {
	return candidatesByKey(tx.ctx, tx, keys)
}

// Enrollments lists enrolments with their session.
func (r *reader) Enrollments(f domain.EnrollmentFilter) ([]domain.EnrollmentRecord, error) {
	return listEnrollments(r.ctx, r.q, f, true)
}

// Enrollments lists enrolments inside the transaction.
func (tx *Tx) Enrollments(f domain.EnrollmentFilter) ([]domain.EnrollmentRecord, error) {
	return listEnrollments(tx.ctx, tx, f, true)
}

const sessionSelect = `SELECT s.id, s.certification, s.partner_siret, COALESCE(p.name, k.name, ''), s.date, s.end_date, s.place,
	s.postal_code, s.mode, s.jury, s.jury_date, s.delivered_on, s.created_at,
	(SELECT COUNT(*) FROM enrollment e WHERE e.session_id = s.id),
	(SELECT COUNT(*) FROM enrollment e WHERE e.session_id = s.id AND e.result <> ''),
	(SELECT COUNT(*) FROM enrollment e WHERE e.session_id = s.id AND e.result = 'admitted')
	FROM session s LEFT JOIN partner p ON p.siret = s.partner_siret LEFT JOIN certifier k ON k.siret = s.partner_siret`

func querySessions(ctx context.Context, q querier, where string, args ...any) ([]*domain.Session, error) {
	rows, err := q.QueryContext(ctx, sessionSelect+` WHERE `+where+` ORDER BY s.date, s.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.Session
	for rows.Next() {
		s := &domain.Session{}
		var cert, siret, date, end, mode, jury, juryDate, delivered string
		if err := rows.Scan(&s.ID, &cert, &siret, &s.PartnerName, &date, &end, &s.Place, &s.PostalCode, &mode, &jury,
			&juryDate, &delivered, &s.CreatedAt, &s.Enrolled, &s.WithResult, &s.Admitted); err != nil {
			return nil, err
		}
		s.Certification, s.Partner, s.Mode = domain.CertCode(cert), domain.SIRET(siret), domain.ExamMode(mode)
		s.Date, _ = domain.ParseOptionalDate(date)
		s.EndDate, _ = domain.ParseOptionalDate(end)
		s.JuryDate, _ = domain.ParseOptionalDate(juryDate)
		s.DeliveredOn, _ = domain.ParseOptionalDate(delivered)
		if jury != "" {
			if err := json.Unmarshal([]byte(jury), &s.Jury); err != nil {
				return nil, err
			}
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func listSessions(ctx context.Context, q querier, f domain.SessionFilter) ([]*domain.Session, error) {
	where, args := []string{"1=1"}, []any{}
	if f.Certification != "" {
		where, args = append(where, "s.certification = ?"), append(args, string(f.Certification))
	}
	if f.Partner != "" {
		where, args = append(where, "s.partner_siret = ?"), append(args, string(f.Partner))
	}
	if !f.From.IsZero() {
		where, args = append(where, "s.date >= ?"), append(args, f.From.String())
	}
	if !f.To.IsZero() {
		where, args = append(where, "s.date <= ?"), append(args, f.To.String())
	}
	return querySessions(ctx, q, strings.Join(where, " AND "), args...)
}

func loadSession(ctx context.Context, q querier, id int64) (*domain.Session, error) {
	l, err := querySessions(ctx, q, "s.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(l) == 0 {
		return nil, domain.NotFound("session %d does not exist", id).WithHint("list the sessions with 'habil session list'")
	}
	s := l[0]
	recs, err := listEnrollments(ctx, q, domain.EnrollmentFilter{SessionID: id}, false)
	if err != nil {
		return nil, err
	}
	s.Enrollments = []*domain.Enrollment{}
	for _, r := range recs {
		s.Enrollments = append(s.Enrollments, r.Enrollment)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, kind, date, text, COALESCE(enrollment_id, 0), outcome, outcome_date, path, sha256, size, recorded_at
		FROM session_event WHERE session_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		e := domain.SessionEvent{SessionID: id}
		var kind, date, outcomeDate string
		if err := rows.Scan(&e.ID, &kind, &date, &e.Text, &e.EnrollmentID, &e.Outcome, &outcomeDate, &e.Path, &e.SHA256, &e.Size, &e.RecordedAt); err != nil {
			return nil, err
		}
		e.Kind = domain.SessionEventKind(kind)
		e.Date, _ = domain.ParseOptionalDate(date)
		e.OutcomeDate, _ = domain.ParseOptionalDate(outcomeDate)
		s.Events = append(s.Events, e)
	}
	return s, rows.Err()
}

const candidateCols = `c.id, c.birth_name, c.usage_name, c.first_name, c.first_name2, c.first_name3, c.birth_date, c.sex,
	c.birth_insee, c.birth_town, c.birth_postal_code, c.birth_country, c.email`

func scanCandidate(c *domain.Candidate, dst []any) []any {
	return append(dst, &c.ID, &c.BirthName, &c.UsageName, new(string), new(string), new(string), new(string), new(string),
		&c.BirthINSEE, &c.BirthTown, &c.BirthPostalCode, &c.BirthCountry, &c.Email)
}

// finishCandidate fills the fields scanned into temporaries by scanCandidate.
func finishCandidate(c *domain.Candidate, vals []any) {
	f1, f2, f3 := *vals[3].(*string), *vals[4].(*string), *vals[5].(*string)
	c.FirstNames = nil
	for _, f := range []string{f1, f2, f3} {
		if f != "" {
			c.FirstNames = append(c.FirstNames, f)
		}
	}
	c.BirthDate, _ = domain.ParseOptionalDate(*vals[6].(*string))
	c.Sex = domain.Sex(*vals[7].(*string))
}

func candidatesByKey(ctx context.Context, q querier, keys []string) (map[string]*domain.Candidate, error) {
	out := map[string]*domain.Candidate{}
	for start := 0; start < len(keys); start += 500 {
		chunk := keys[start:min(start+500, len(keys))]
		args := make([]any, len(chunk))
		for i, k := range chunk {
			args[i] = k
		}
		rows, err := q.QueryContext(ctx, `SELECT c.key, `+candidateCols+` FROM candidate c WHERE c.key IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			c := &domain.Candidate{}
			var key string
			vals := scanCandidate(c, nil)
			if err := rows.Scan(append([]any{&key}, vals...)...); err != nil {
				rows.Close()
				return nil, err
			}
			finishCandidate(c, vals)
			out[key] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func splitCodes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Fields(s)
}

// interner keeps one copy of each string value read (see listEnrollments).
type interner map[string]string

func (in interner) s(v string) string {
	if v == "" {
		return ""
	}
	if w, ok := in[v]; ok {
		return w
	}
	in[v] = v
	return v
}

// strings replaces each element by its one copy, in place.
func (in interner) strings(l []string) []string {
	for i, v := range l {
		w, ok := in[v]
		if !ok {
			w = strings.Clone(v) // v may be part of a longer string
			in[w] = w
		}
		l[i] = w
	}
	return l
}

// codes is splitCodes with one copy of each code: a slice of its own per
// row (callers may sort it), its strings shared.
func (in interner) codes(s string) []string {
	return in.strings(splitCodes(s))
}

// names is the list of first names, the empty ones left out.
func (in interner) names(f ...string) []string {
	n := 0
	for _, v := range f {
		if v != "" {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for _, v := range f {
		if v != "" {
			out = append(out, in.s(v))
		}
	}
	return out
}

// listEnrollments reads the enrolments of f with their certificates, and
// their sessions when withSessions (the callers that have the session, or
// only want the enrolments, leave the records' Session nil).
func listEnrollments(ctx context.Context, q querier, f domain.EnrollmentFilter, withSessions bool) ([]domain.EnrollmentRecord, error) {
	where, args := []string{"1=1"}, []any{}
	if f.Certification != "" {
		where, args = append(where, "s.certification = ?"), append(args, string(f.Certification))
	}
	if f.SessionID != 0 {
		where, args = append(where, "e.session_id = ?"), append(args, f.SessionID)
	}
	if f.CandidateIDs != nil {
		where = append(where, "e.candidate_id IN ("+placeholders(len(f.CandidateIDs))+")")
		for _, id := range f.CandidateIDs {
			args = append(args, id)
		}
	}
	if f.Holders {
		where = append(where, "EXISTS (SELECT 1 FROM certificate x WHERE x.enrollment_id = e.id AND x.kind = 'certificate')")
	}
	if f.CertificateNumber != "" {
		where, args = append(where, "e.id IN (SELECT x.enrollment_id FROM certificate x WHERE x.number = ?)"), append(args, f.CertificateNumber)
	}
	cond := strings.Join(where, " AND ")
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.session_id, e.access, e.vae_type, e.blocs, e.cpf_file, e.registered_on, e.trained_by,
		e.accommodation, e.result, e.blocs_validated, e.mention, e.score, `+candidateCols+`
		FROM enrollment e JOIN candidate c ON c.id = e.candidate_id JOIN session s ON s.id = e.session_id
		WHERE `+cond+` ORDER BY s.date, s.id, e.position, e.id`, args...)
	if err != nil {
		return nil, err
	}
	var out []domain.EnrollmentRecord
	byID := map[int64]*domain.Enrollment{}
	// One set of scan targets for every row, and one copy of each value
	// that many rows share (routes, results, towns, first names, bloc
	// codes…): a report over 50,000 enrolments keeps them all in memory.
	var (
		access, vae, blocs, registered, trained, result, validated, mention string
		f1, f2, f3, birth, sex                                              string
		in                                                                  = interner{}
	)
	var tmp domain.Enrollment
	dst := []any{&tmp.ID, &tmp.SessionID, &access, &vae, &blocs, &tmp.CPFFile, &registered, &trained,
		&tmp.Accommodation, &result, &validated, &mention, &tmp.Score,
		&tmp.Candidate.ID, &tmp.Candidate.BirthName, &tmp.Candidate.UsageName, &f1, &f2, &f3, &birth, &sex,
		&tmp.Candidate.BirthINSEE, &tmp.Candidate.BirthTown, &tmp.Candidate.BirthPostalCode, &tmp.Candidate.BirthCountry, &tmp.Candidate.Email}
	for rows.Next() {
		tmp = domain.Enrollment{}
		if err := rows.Scan(dst...); err != nil {
			rows.Close()
			return nil, err
		}
		e := new(domain.Enrollment)
		*e = tmp
		c := &e.Candidate
		c.UsageName, c.BirthINSEE, c.BirthTown = in.s(c.UsageName), in.s(c.BirthINSEE), in.s(c.BirthTown)
		c.BirthPostalCode, c.BirthCountry = in.s(c.BirthPostalCode), in.s(c.BirthCountry)
		c.FirstNames = in.names(f1, f2, f3)
		c.BirthDate, _ = domain.ParseOptionalDate(birth)
		c.Sex = domain.Sex(in.s(sex))
		e.Accommodation, e.Score = in.s(e.Accommodation), in.s(e.Score)
		e.Access, e.VAEType, e.TrainedBy = domain.Access(in.s(access)), domain.VAEType(in.s(vae)), domain.SIRET(in.s(trained))
		e.Blocs, e.BlocsValidated = in.codes(blocs), in.codes(validated)
		e.RegisteredOn, _ = domain.ParseOptionalDate(registered)
		e.Result, e.Mention = domain.Result(in.s(result)), domain.Mention(in.s(mention))
		out = append(out, domain.EnrollmentRecord{Enrollment: e})
		byID[e.ID] = e
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	if withSessions {
		// The sessions of the records (without enrolments nor log).
		sessions := map[int64]*domain.Session{}
		l, err := querySessions(ctx, q, `s.id IN (SELECT e.session_id FROM enrollment e JOIN candidate c ON c.id = e.candidate_id
		JOIN session s ON s.id = e.session_id WHERE `+cond+`)`, args...)
		if err != nil {
			return nil, err
		}
		for _, s := range l {
			sessions[s.ID] = s
		}
		for i := range out {
			out[i].Session = sessions[out[i].SessionID]
		}
	}
	// Their certificates.
	rows, err = q.QueryContext(ctx, `SELECT `+certificateCols+` FROM certificate x WHERE x.enrollment_id IN (SELECT e.id FROM enrollment e
		JOIN candidate c ON c.id = e.candidate_id JOIN session s ON s.id = e.session_id WHERE `+cond+`) ORDER BY x.enrollment_id, x.kind, x.number`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			return nil, err
		}
		c.Kind, c.Certification = domain.CertificateKind(in.s(string(c.Kind))), domain.CertCode(in.s(string(c.Certification)))
		c.Blocs = in.strings(c.Blocs)
		if e := byID[c.EnrollmentID]; e != nil {
			e.Certificates = append(e.Certificates, c)
		}
	}
	return out, rows.Err()
}

const certificateCols = `x.number, x.kind, x.enrollment_id, x.certification, x.year, x.seq, x.blocs, x.jury_date, x.issued_on, x.duplicates`

func scanCertificate(rows interface{ Scan(...any) error }) (domain.Certificate, error) {
	var c domain.Certificate
	var kind, cert, blocs, jury, issued string
	if err := rows.Scan(&c.Number, &kind, &c.EnrollmentID, &cert, &c.Year, &c.Seq, &blocs, &jury, &issued, &c.Duplicates); err != nil {
		return c, err
	}
	c.Kind, c.Certification, c.Blocs = domain.CertificateKind(kind), domain.CertCode(cert), splitCodes(blocs)
	c.JuryDate, _ = domain.ParseOptionalDate(jury)
	c.IssuedOn, _ = domain.ParseOptionalDate(issued)
	return c, nil
}

// sessionRow is the journaled form of a session's own fields.
type sessionRow struct {
	ID            int64    `json:"id"`
	Certification string   `json:"certification"`
	Partner       string   `json:"partner_siret"`
	Date          string   `json:"date"`
	EndDate       string   `json:"end_date,omitempty"`
	Place         string   `json:"place,omitempty"`
	PostalCode    string   `json:"postal_code,omitempty"`
	Mode          string   `json:"mode,omitempty"`
	Jury          []string `json:"jury"`
	JuryDate      string   `json:"jury_date,omitempty"`
	DeliveredOn   string   `json:"delivered_on,omitempty"`
}

func toSessionRow(s *domain.Session) sessionRow {
	jury := s.Jury
	if jury == nil {
		jury = []string{}
	}
	return sessionRow{s.ID, string(s.Certification), string(s.Partner), s.Date.String(), s.EndDate.String(), s.Place, s.PostalCode,
		string(s.Mode), jury, s.JuryDate.String(), s.DeliveredOn.String()}
}

func juryJSON(jury []string) (string, error) {
	if jury == nil {
		jury = []string{}
	}
	b, err := json.Marshal(jury)
	return string(b), err
}

// CreateSession stores a new session, journaled.
func (tx *Tx) CreateSession(s *domain.Session) error {
	jury, err := juryJSON(s.Jury)
	if err != nil {
		return err
	}
	s.CreatedAt = tx.nowText()
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO session(certification, partner_siret, date, end_date, place, postal_code, mode, jury,
		jury_date, delivered_on, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`, string(s.Certification), string(s.Partner), s.Date.String(),
		s.EndDate.String(), s.Place, s.PostalCode, string(s.Mode), jury, s.JuryDate.String(), s.DeliveredOn.String(), s.CreatedAt)
	if err != nil {
		return err
	}
	if s.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.Journal("create", "session", strconv.FormatInt(s.ID, 10), nil, toSessionRow(s))
}

// UpdateSession writes the session's own fields, journaled under action.
func (tx *Tx) UpdateSession(action string, before, after *domain.Session) error {
	jury, err := juryJSON(after.Jury)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(tx.ctx, `UPDATE session SET date = ?, end_date = ?, place = ?, postal_code = ?, mode = ?, jury = ?,
		jury_date = ?, delivered_on = ? WHERE id = ?`, after.Date.String(), after.EndDate.String(), after.Place, after.PostalCode,
		string(after.Mode), jury, after.JuryDate.String(), after.DeliveredOn.String(), after.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return domain.NotFound("session %d does not exist", after.ID).WithHint("list the sessions with 'habil session list'")
	}
	var b any
	if before != nil {
		b = toSessionRow(before)
	}
	return tx.Journal(action, "session", strconv.FormatInt(after.ID, 10), b, toSessionRow(after))
}

// candidateRow is the journaled form of a candidate: its key fields only.
type candidateRow struct {
	Key       string   `json:"key"`
	BirthName string   `json:"birth_name"`
	FirstName string   `json:"first_name"`
	BirthDate string   `json:"birth_date"`
	Changed   []string `json:"changed,omitempty"`
}

// candidateDiff names the identity fields that differ.
func candidateDiff(a, b *domain.Candidate) []string {
	var out []string
	add := func(name string, x, y string) {
		if x != y {
			out = append(out, name)
		}
	}
	fn := func(c *domain.Candidate, i int) string {
		if i < len(c.FirstNames) {
			return c.FirstNames[i]
		}
		return ""
	}
	add("birth_name", a.BirthName, b.BirthName)
	add("usage_name", a.UsageName, b.UsageName)
	add("first_name", fn(a, 0), fn(b, 0))
	add("first_name2", fn(a, 1), fn(b, 1))
	add("first_name3", fn(a, 2), fn(b, 2))
	add("sex", string(a.Sex), string(b.Sex))
	add("birth_insee", a.BirthINSEE, b.BirthINSEE)
	add("birth_town", a.BirthTown, b.BirthTown)
	add("birth_postal_code", a.BirthPostalCode, b.BirthPostalCode)
	add("birth_country", a.BirthCountry, b.BirthCountry)
	add("email", a.Email, b.Email)
	return out
}

// saveCandidate creates the candidate or updates its identity fields; it
// sets c.ID and returns what it did. found holds the stored candidates by
// key (read once for the whole list); saveCandidate puts there what it
// writes, as it would be read back, so that a key repeated in the list
// meets the candidate its first row stored.
func (tx *Tx) saveCandidate(c *domain.Candidate, found map[string]*domain.Candidate) (domain.ChangeKind, error) {
	key := c.Key()
	if len(c.FirstNames) > 3 {
		return 0, domain.Invalid("CANDIDATE_FIRST_NAMES", "%s has more than 3 first names", c.FullName())
	}
	fn := [3]string{}
	copy(fn[:], c.FirstNames)
	now := tx.nowText()
	row := candidateRow{Key: key, BirthName: c.BirthName, FirstName: c.FirstName(), BirthDate: c.BirthDate.String()}
	old := found[key]
	if old == nil {
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO candidate(key, birth_name, usage_name, first_name, first_name2, first_name3, birth_date,
			sex, birth_insee, birth_town, birth_postal_code, birth_country, email, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			key, c.BirthName, c.UsageName, fn[0], fn[1], fn[2], c.BirthDate.String(), string(c.Sex), c.BirthINSEE, c.BirthTown,
			c.BirthPostalCode, c.BirthCountry, c.Email, now, now)
		if err != nil {
			return 0, err
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return 0, err
		}
		found[key] = storedCandidate(c, fn)
		return domain.ChangeCreated, tx.Journal("create", "candidate", strconv.FormatInt(c.ID, 10), nil, row)
	}
	c.ID = old.ID
	changed := candidateDiff(old, c)
	if len(changed) == 0 {
		return domain.ChangeUnchanged, nil
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE candidate SET birth_name = ?, usage_name = ?, first_name = ?, first_name2 = ?, first_name3 = ?,
		sex = ?, birth_insee = ?, birth_town = ?, birth_postal_code = ?, birth_country = ?, email = ?, updated_at = ? WHERE id = ?`,
		c.BirthName, c.UsageName, fn[0], fn[1], fn[2], string(c.Sex), c.BirthINSEE, c.BirthTown, c.BirthPostalCode, c.BirthCountry,
		c.Email, now, c.ID); err != nil {
		return 0, err
	}
	before := candidateRow{Key: key, BirthName: old.BirthName, FirstName: old.FirstName(), BirthDate: old.BirthDate.String()}
	row.Changed = changed
	found[key] = storedCandidate(c, fn)
	return domain.ChangeUpdated, tx.Journal("update", "candidate", strconv.FormatInt(c.ID, 10), before, row)
}

// storedCandidate is c as candidatesByKey would read it back once written
// with first names fn (the empty ones left out). The birth date, part of
// the key, is never updated.
func storedCandidate(c *domain.Candidate, fn [3]string) *domain.Candidate {
	s := *c
	s.FirstNames = nil
	for _, f := range fn {
		if f != "" {
			s.FirstNames = append(s.FirstNames, f)
		}
	}
	return &s
}

// enrollmentRow is the journaled form of an enrolment.
type enrollmentRow struct {
	ID             int64  `json:"enrollment_id"`
	Candidate      string `json:"candidate"`
	Access         string `json:"access"`
	VAEType        string `json:"vae_type,omitempty"`
	Blocs          string `json:"blocs,omitempty"`
	CPFFile        string `json:"cpf_file,omitempty"`
	RegisteredOn   string `json:"registered_on,omitempty"`
	TrainedBy      string `json:"trained_by,omitempty"`
	Accommodation  string `json:"accommodation,omitempty"`
	Result         string `json:"result,omitempty"`
	BlocsValidated string `json:"blocs_validated,omitempty"`
	Mention        string `json:"mention,omitempty"`
	Score          string `json:"score,omitempty"`
}

func toEnrollmentRow(e *domain.Enrollment) enrollmentRow {
	return enrollmentRow{e.ID, e.Candidate.Key(), string(e.Access), string(e.VAEType), strings.Join(e.Blocs, " "), e.CPFFile,
		e.RegisteredOn.String(), string(e.TrainedBy), e.Accommodation, string(e.Result), strings.Join(e.BlocsValidated, " "),
		string(e.Mention), e.Score}
}

// storedEnrollment reads the enrolment of candidate candidateID in session
// sessionID (nil when none).
// storedEnrollments reads the session's enrolments once, by candidate id:
// one lookup per row would read the session (and count its enrolments)
// for every row of a re-import, quadratic in the list's length.
func (tx *Tx) storedEnrollments(sessionID int64) (map[int64]*domain.Enrollment, error) {
	recs, err := listEnrollments(tx.ctx, tx, domain.EnrollmentFilter{SessionID: sessionID}, false)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*domain.Enrollment, len(recs))
	for _, r := range recs {
		out[r.Candidate.ID] = r.Enrollment
	}
	return out, nil
}

func (tx *Tx) checkSession(id int64) error {
	var n int
	if err := tx.QueryRowContext(tx.ctx, `SELECT COUNT(*) FROM session WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return domain.NotFound("session %d does not exist", id).WithHint("list the sessions with 'habil session list'")
	}
	return nil
}

// SaveEnrollments upserts the candidates and their enrolments in the session.
func (tx *Tx) SaveEnrollments(sessionID int64, list []*domain.Enrollment) ([]domain.ChangeKind, error) {
	if err := tx.checkSession(sessionID); err != nil {
		return nil, err
	}
	out := make([]domain.ChangeKind, 0, len(list))
	sid := strconv.FormatInt(sessionID, 10)
	stored, err := tx.storedEnrollments(sessionID)
	if err != nil {
		return nil, err
	}
	// The next position, read once: MAX(position) per row scans the
	// session's enrolments each time (100,000 rows: quadratic).
	var next int
	if err := tx.QueryRowContext(tx.ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM enrollment WHERE session_id = ?`, sessionID).Scan(&next); err != nil {
		return nil, err
	}
	// The stored candidates, read once: one SELECT per row was most of an
	// import's time.
	keys := make([]string, len(list))
	for i, e := range list {
		keys[i] = e.Candidate.Key()
	}
	found, err := candidatesByKey(tx.ctx, tx, keys)
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		candKind, err := tx.saveCandidate(&e.Candidate, found)
		if err != nil {
			return nil, err
		}
		e.SessionID = sessionID
		old := stored[e.Candidate.ID]
		blocs := strings.Join(e.Blocs, " ")
		if old == nil {
			pos := next
			next++
			res, err := tx.ExecContext(tx.ctx, `INSERT INTO enrollment(session_id, candidate_id, position, access, vae_type, blocs, cpf_file,
				registered_on, trained_by, accommodation) VALUES (?,?,?,?,?,?,?,?,?,?)`, sessionID, e.Candidate.ID, pos, string(e.Access),
				string(e.VAEType), blocs, e.CPFFile, e.RegisteredOn.String(), string(e.TrainedBy), e.Accommodation)
			if err != nil {
				return nil, err
			}
			if e.ID, err = res.LastInsertId(); err != nil {
				return nil, err
			}
			stored[e.Candidate.ID] = e
			if err := tx.Journal("enroll", "session", sid, nil, toEnrollmentRow(e)); err != nil {
				return nil, err
			}
			out = append(out, domain.ChangeCreated)
			continue
		}
		e.ID = old.ID
		// The results are not this method's: keep the stored ones.
		e.Result, e.BlocsValidated, e.Mention, e.Score, e.Certificates = old.Result, old.BlocsValidated, old.Mention, old.Score, old.Certificates
		same := old.Access == e.Access && old.VAEType == e.VAEType && strings.Join(old.Blocs, " ") == blocs && old.CPFFile == e.CPFFile &&
			old.RegisteredOn == e.RegisteredOn && old.TrainedBy == e.TrainedBy && old.Accommodation == e.Accommodation
		if same {
			if candKind == domain.ChangeUpdated {
				out = append(out, domain.ChangeUpdated)
			} else {
				out = append(out, domain.ChangeUnchanged)
			}
			continue
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE enrollment SET access = ?, vae_type = ?, blocs = ?, cpf_file = ?, registered_on = ?,
			trained_by = ?, accommodation = ? WHERE id = ?`, string(e.Access), string(e.VAEType), blocs, e.CPFFile, e.RegisteredOn.String(),
			string(e.TrainedBy), e.Accommodation, e.ID); err != nil {
			return nil, err
		}
		if err := tx.Journal("enroll", "session", sid, toEnrollmentRow(old), toEnrollmentRow(e)); err != nil {
			return nil, err
		}
		stored[e.Candidate.ID] = e
		out = append(out, domain.ChangeUpdated)
	}
	return out, nil
}

// SaveResults writes the result fields of existing enrolments, matched by
// ID, else by candidate key in the session.
func (tx *Tx) SaveResults(sessionID int64, list []*domain.Enrollment) ([]domain.ChangeKind, error) {
	if err := tx.checkSession(sessionID); err != nil {
		return nil, err
	}
	recs, err := listEnrollments(tx.ctx, tx, domain.EnrollmentFilter{SessionID: sessionID}, false)
	if err != nil {
		return nil, err
	}
	byID, byKey := map[int64]*domain.Enrollment{}, map[string]*domain.Enrollment{}
	for _, r := range recs {
		byID[r.ID], byKey[r.Candidate.Key()] = r.Enrollment, r.Enrollment
	}
	sid := strconv.FormatInt(sessionID, 10)
	out := make([]domain.ChangeKind, 0, len(list))
	for _, e := range list {
		old := byID[e.ID]
		if e.ID == 0 {
			old = byKey[e.Candidate.Key()]
		}
		if old == nil {
			return nil, domain.NotFound("%s is not enrolled in session %d", e.Candidate.FullName(), sessionID).
				WithHint("enrol the candidate first with 'habil session enroll'")
		}
		e.ID, e.SessionID = old.ID, sessionID
		validated := strings.Join(e.BlocsValidated, " ")
		if old.Result == e.Result && strings.Join(old.BlocsValidated, " ") == validated && old.Mention == e.Mention && old.Score == e.Score {
			out = append(out, domain.ChangeUnchanged)
			continue
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE enrollment SET result = ?, blocs_validated = ?, mention = ?, score = ? WHERE id = ?`,
			string(e.Result), validated, string(e.Mention), e.Score, e.ID); err != nil {
			return nil, err
		}
		after := *old
		after.Result, after.BlocsValidated, after.Mention, after.Score = e.Result, e.BlocsValidated, e.Mention, e.Score
		if err := tx.Journal("results", "session", sid, toEnrollmentRow(old), toEnrollmentRow(&after)); err != nil {
			return nil, err
		}
		out = append(out, domain.ChangeUpdated)
	}
	return out, nil
}

// certificateRow is the journaled form of a certificate.
type certificateRow struct {
	Number       string `json:"number"`
	Kind         string `json:"kind"`
	EnrollmentID int64  `json:"enrollment_id"`
	Blocs        string `json:"blocs,omitempty"`
	JuryDate     string `json:"jury_date"`
	IssuedOn     string `json:"issued_on"`
	Duplicates   int    `json:"duplicates"`
}

func toCertificateRow(c *domain.Certificate) certificateRow {
	return certificateRow{c.Number, string(c.Kind), c.EnrollmentID, strings.Join(c.Blocs, " "), c.JuryDate.String(), c.IssuedOn.String(), c.Duplicates}
}

// AddCertificate numbers (never reusing a number) and stores a certificate.
func (tx *Tx) AddCertificate(c *domain.Certificate) error {
	if c.Kind == "" {
		c.Kind = domain.KindCertificate
	}
	if c.Year == 0 {
		c.Year = c.IssuedOn.Year()
	}
	// A failed statement poisons the transaction: check the one-per-kind
	// rule first, to refuse with a clear error.
	var n int
	if err := tx.QueryRowContext(tx.ctx, `SELECT COUNT(*) FROM certificate WHERE enrollment_id = ? AND kind = ?`, c.EnrollmentID, string(c.Kind)).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return domain.Conflict("CERTIFICATE_EXISTS", "enrolment %d already has a %s", c.EnrollmentID, c.Kind).
			WithHint("print a duplicate of the delivered one instead")
	}
	var last sql.NullInt64
	err := tx.QueryRowContext(tx.ctx, `SELECT last FROM certificate_counter WHERE certification = ? AND year = ?`, string(c.Certification), c.Year).Scan(&last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	// The counter is the authority; the certificates themselves are a
	// safety net should it ever lag behind.
	var maxSeq int64
	if err := tx.QueryRowContext(tx.ctx, `SELECT COALESCE(MAX(seq), 0) FROM certificate WHERE certification = ? AND year = ?`,
		string(c.Certification), c.Year).Scan(&maxSeq); err != nil {
		return err
	}
	c.Seq = int(max(last.Int64, maxSeq) + 1)
	c.Number = domain.CertificateNumber(c.Certification, c.Year, c.Seq)
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO certificate_counter(certification, year, last) VALUES (?,?,?)
		ON CONFLICT(certification, year) DO UPDATE SET last = excluded.last`, string(c.Certification), c.Year, c.Seq); err != nil {
		return err
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO certificate(number, kind, enrollment_id, certification, year, seq, blocs, jury_date, issued_on, duplicates)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, c.Number, string(c.Kind), c.EnrollmentID, string(c.Certification), c.Year, c.Seq, strings.Join(c.Blocs, " "),
		c.JuryDate.String(), c.IssuedOn.String(), c.Duplicates); err != nil {
		return err
	}
	return tx.Journal("create", "certificate", c.Number, nil, toCertificateRow(c))
}

// AddCertificateDuplicate counts one more duplicate of a certificate.
func (tx *Tx) AddCertificateDuplicate(number string) (*domain.Certificate, error) {
	read := func() (*domain.Certificate, error) {
		c, err := scanCertificate(tx.QueryRowContext(tx.ctx, `SELECT `+certificateCols+` FROM certificate x WHERE x.number = ?`, number))
		if errors.Is(err, sql.ErrNoRows) {
			return nil, domain.NotFound("certificate %s does not exist", number).WithHint("check the number printed on the certificate")
		}
		return &c, err
	}
	before, err := read()
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE certificate SET duplicates = duplicates + 1 WHERE number = ?`, number); err != nil {
		return nil, err
	}
	after, err := read()
	if err != nil {
		return nil, err
	}
	return after, tx.Journal("duplicate", "certificate", number, toCertificateRow(before), toCertificateRow(after))
}

// sessionEventRow is the journaled form of a log entry.
type sessionEventRow struct {
	ID           int64  `json:"event_id"`
	Kind         string `json:"kind"`
	Date         string `json:"date"`
	Text         string `json:"text,omitempty"`
	EnrollmentID int64  `json:"enrollment_id,omitempty"`
	Outcome      string `json:"outcome,omitempty"`
	OutcomeDate  string `json:"outcome_date,omitempty"`
	Path         string `json:"path,omitempty"`
	SHA256       string `json:"sha256,omitempty"`
	Size         int64  `json:"size,omitempty"`
}

// AddSessionEvent stores an entry of a session's log, journaled.
func (tx *Tx) AddSessionEvent(e *domain.SessionEvent) error {
	if err := tx.checkSession(e.SessionID); err != nil {
		return err
	}
	e.RecordedAt = tx.nowText()
	var enr any
	if e.EnrollmentID != 0 {
		enr = e.EnrollmentID
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO session_event(session_id, kind, date, text, enrollment_id, outcome, outcome_date, path, sha256, size, recorded_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?)`, e.SessionID, string(e.Kind), e.Date.String(), e.Text, enr, e.Outcome, e.OutcomeDate.String(),
		e.Path, e.SHA256, e.Size, e.RecordedAt)
	if err != nil {
		return err
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.Journal(string(e.Kind), "session", strconv.FormatInt(e.SessionID, 10), nil,
		sessionEventRow{e.ID, string(e.Kind), e.Date.String(), e.Text, e.EnrollmentID, e.Outcome, e.OutcomeDate.String(), e.Path, e.SHA256, e.Size})
}
