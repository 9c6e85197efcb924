package sqlite

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// PurgeTargets lists the candidates whose last session ended before
// before and who still hold data a purge removes: every personal field of
// those without a certificate (and of holders when includeHolders), the
// contact data of holders. Candidates already anonymised are left out.
func (r *reader) PurgeTargets(before domain.Date, includeHolders bool) ([]domain.PurgeTarget, error) {
	return purgeTargets(r.ctx, r.q, before, includeHolders)
}

// PurgeTargets is PurgeTargets inside the transaction.
func (tx *Tx) PurgeTargets(before domain.Date, includeHolders bool) ([]domain.PurgeTarget, error) {
	return purgeTargets(tx.ctx, tx, before, includeHolders)
}

func purgeTargets(ctx context.Context, q querier, before domain.Date, includeHolders bool) ([]domain.PurgeTarget, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT c.key, `+candidateCols+`, last.ended,
		       EXISTS (SELECT 1 FROM certificate t JOIN enrollment e2 ON e2.id = t.enrollment_id
		               WHERE e2.candidate_id = c.id AND t.kind = 'certificate') AS holder
		FROM candidate c
		JOIN (SELECT e.candidate_id AS cid, max(CASE WHEN s.end_date <> '' THEN s.end_date ELSE s.date END) AS ended
		      FROM enrollment e JOIN session s ON s.id = e.session_id GROUP BY e.candidate_id) last ON last.cid = c.id
		WHERE last.ended < ? AND c.key NOT LIKE 'purged:%'
		ORDER BY last.ended, c.id`, before.String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.PurgeTarget
	for rows.Next() {
		c := &domain.Candidate{}
		var key, ended string
		var holder bool
		vals := scanCandidate(c, nil)
		if err := rows.Scan(append(append([]any{&key}, vals...), &ended, &holder)...); err != nil {
			return nil, err
		}
		finishCandidate(c, vals)
		t := domain.PurgeTarget{CandidateID: c.ID, Key: key, Name: c.FullName(), Holder: holder, Full: !holder || includeHolders}
		t.LastSession, _ = domain.ParseOptionalDate(ended)
		if !t.Full && c.Email == "" {
			continue // a holder whose contact data is already erased
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// CandidatesByEmail returns the candidates with this e-mail address
// (compared without case).
func (r *reader) CandidatesByEmail(email string) ([]*domain.Candidate, error) {
	rows, err := r.q.QueryContext(r.ctx, `SELECT `+candidateCols+` FROM candidate c WHERE c.email <> '' AND lower(c.email) = lower(?) ORDER BY c.id`, strings.TrimSpace(email))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.Candidate
	for rows.Next() {
		c := &domain.Candidate{}
		vals := scanCandidate(c, nil)
		if err := rows.Scan(vals...); err != nil {
			return nil, err
		}
		finishCandidate(c, vals)
		out = append(out, c)
	}
	return out, rows.Err()
}

// SurveyAnswers returns the survey answers linked to a candidate, each as
// its columns and values, when the survey tables exist (an empty list
// otherwise).
func (r *reader) CandidateSurveyAnswers(candidateID int64) ([]map[string]any, error) {
	ok, err := hasColumn(r.ctx, r.q, "survey_answer", "candidate_id")
	if err != nil || !ok {
		return nil, err
	}
	rows, err := r.q.QueryContext(r.ctx, `SELECT * FROM survey_answer WHERE candidate_id = ? ORDER BY rowid`, candidateID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		m := map[string]any{}
		for i, c := range cols {
			if b, ok := vals[i].([]byte); ok {
				vals[i] = string(b)
			}
			m[c] = vals[i]
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// hasColumn says whether table exists with column.
func hasColumn(ctx context.Context, q querier, table, column string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`, table, column).Scan(&n)
	return n > 0, err
}

// PurgeCandidates anonymises the targets (see domain.PurgeTarget) in the
// transaction: a full purge replaces every personal field of the
// candidate (names, birth date but its year, birth place, e-mail) and of
// their enrolments (CPF file number, accommodations), keeping what the
// statistics count (sex, birth year, access route, results, certificates);
// a holder's purge erases the e-mail. Both detach their survey answers
// and redact their personal values in the journal, then journal the purge
// itself without any personal value. The connection runs with
// secure_delete, so that the old values are overwritten in the file.
func (tx *Tx) PurgeCandidates(targets []domain.PurgeTarget) (domain.PurgeEffect, error) {
	var eff domain.PurgeEffect
	surveys, err := hasColumn(tx.ctx, tx, "survey_answer", "candidate_id")
	if err != nil {
		return eff, err
	}
	now := tx.nowText()
	for _, t := range targets {
		found, err := candidatesByID(tx.ctx, tx, t.CandidateID)
		if err != nil {
			return eff, err
		}
		c := found
		values := personalValues(c, t.Key)
		if t.Full {
			if values, err = appendEnrollmentValues(tx.ctx, tx, values, c.ID); err != nil {
				return eff, err
			}
			birth := "1900-01-01"
			if !c.BirthDate.IsZero() {
				birth = strconv.Itoa(c.BirthDate.Year()) + "-01-01"
			}
			if _, err := tx.ExecContext(tx.ctx, `UPDATE candidate SET key = ?, birth_name = ?, usage_name = '', first_name = ?, first_name2 = '',
				first_name3 = '', birth_date = ?, birth_insee = '', birth_town = '', birth_postal_code = '', birth_country = '', email = '',
				updated_at = ? WHERE id = ?`, domain.PurgedKeyPrefix+strconv.FormatInt(c.ID, 10), domain.PurgedName, domain.PurgedName, birth, now, c.ID); err != nil {
				return eff, err
			}
			if _, err := tx.ExecContext(tx.ctx, `UPDATE enrollment SET cpf_file = '', accommodation = '' WHERE candidate_id = ?`, c.ID); err != nil {
				return eff, err
			}
			eff.Anonymised++
		} else {
			if _, err := tx.ExecContext(tx.ctx, `UPDATE candidate SET email = '', updated_at = ? WHERE id = ?`, now, c.ID); err != nil {
				return eff, err
			}
			eff.ContactsErased++
			values = []string{c.Email}
		}
		if surveys {
			res, err := tx.ExecContext(tx.ctx, `UPDATE survey_answer SET candidate_id = NULL WHERE candidate_id = ?`, c.ID)
			if err != nil {
				return eff, err
			}
			n, _ := res.RowsAffected()
			eff.SurveyLinks += int(n)
		}
		n, err := tx.redactJournal(strconv.FormatInt(c.ID, 10), t.Key, values)
		if err != nil {
			return eff, err
		}
		eff.JournalRedacted += n
		scope := "contact"
		if t.Full {
			scope = "all"
		}
		if err := tx.Journal("purge", "candidate", strconv.FormatInt(c.ID, 10), nil, map[string]any{
			"scope": scope, "holder": t.Holder, "last_session": t.LastSession.String()}); err != nil {
			return eff, err
		}
	}
	return eff, nil
}

// candidatesByID loads one candidate.
func candidatesByID(ctx context.Context, q querier, id int64) (*domain.Candidate, error) {
	c := &domain.Candidate{}
	vals := scanCandidate(c, nil)
	err := q.QueryRowContext(ctx, `SELECT `+candidateCols+` FROM candidate c WHERE c.id = ?`, id).Scan(vals...)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("candidate %d does not exist", id)
	}
	if err != nil {
		return nil, err
	}
	finishCandidate(c, vals)
	return c, nil
}

// appendEnrollmentValues appends the personal values of the candidate's
// enrolments: their CPF file numbers and accommodations.
func appendEnrollmentValues(ctx context.Context, q querier, values []string, candidateID int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT cpf_file, accommodation FROM enrollment WHERE candidate_id = ?`, candidateID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cpf, accommodation string
		if err := rows.Scan(&cpf, &accommodation); err != nil {
			return nil, err
		}
		values = append(values, cpf, accommodation)
	}
	return values, rows.Err()
}

// personalValues are the values of c the journal may hold: its key, names,
// birth date and place, e-mail.
func personalValues(c *domain.Candidate, key string) []string {
	v := []string{key, c.BirthName, c.UsageName, c.BirthTown, c.BirthPostalCode, c.BirthINSEE, c.BirthCountry, c.Email, c.FullName()}
	v = append(v, c.FirstNames...)
	if !c.BirthDate.IsZero() {
		v = append(v, c.BirthDate.String(), c.BirthDate.French())
	}
	return v
}

// CandidatesByEmail is CandidatesByEmail inside the transaction.
func (tx *Tx) CandidatesByEmail(email string) ([]*domain.Candidate, error) {
	return (&reader{ctx: tx.ctx, q: tx}).CandidatesByEmail(email)
}

// SurveyAnswers is SurveyAnswers inside the transaction.
func (tx *Tx) CandidateSurveyAnswers(candidateID int64) ([]map[string]any, error) {
	return (&reader{ctx: tx.ctx, q: tx}).CandidateSurveyAnswers(candidateID)
}

// AutoBackups lists the automatic backups beside the database, oldest first.
func (db *DB) AutoBackups() []string { return AutoBackups(db.path) }

// Checkpoint writes the WAL into the database file and truncates it.
func (db *DB) Checkpoint(ctx context.Context) error {
	var busy, logN, done int
	if err := db.sql.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logN, &done); err != nil {
		return db.wrap(err, "checkpoint")
	}
	if busy != 0 {
		return domain.Errorf(domain.KindBusy, "DB_BUSY", "the database %s is in use by another habil: its write-ahead log could not be emptied", db.path).
			WithHint("run 'habil doctor' once the other habil commands have ended")
	}
	return nil
}
