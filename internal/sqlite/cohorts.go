package sqlite

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/habil-app/habil/internal/domain"
)

// The cohorts store: survey answers of certificate holders (one per holder
// and wave) and the statistics sent to France Compétences.

// SurveyAnswers lists every recorded answer, by enrolment then wave.
func (r *reader) SurveyAnswers() ([]domain.SurveyAnswer, error) { return surveyAnswers(r.ctx, r.q) }

// SurveyAnswers lists the answers inside the transaction.
func (tx *Tx) SurveyAnswers() ([]domain.SurveyAnswer, error) { return surveyAnswers(tx.ctx, tx) }

// FCStatisticsSent lists the sendings of statistics, oldest first.
func (r *reader) FCStatisticsSent() ([]domain.FCStatisticsSending, error) {
	return fcStatisticsSent(r.ctx, r.q)
}

// FCStatisticsSent lists the sendings inside the transaction.
func (tx *Tx) FCStatisticsSent() ([]domain.FCStatisticsSending, error) {
	return fcStatisticsSent(tx.ctx, tx)
}

func boolPtr(n sql.NullInt64) *bool {
	if !n.Valid {
		return nil
	}
	b := n.Int64 != 0
	return &b
}

func surveyAnswers(ctx context.Context, q querier) ([]domain.SurveyAnswer, error) {
	return surveyAnswersWhere(ctx, q, "1=1")
}

func surveyAnswersWhere(ctx context.Context, q querier, where string, args ...any) ([]domain.SurveyAnswer, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, enrollment_id, certificate_number, wave, answered_on, situation, target_job,
		contract, salary_cents, cadre, job_title, used, frequency, recognised, recorded_at
		FROM survey_answer WHERE `+where+` ORDER BY enrollment_id, CASE wave WHEN '6m' THEN 0 ELSE 1 END`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.SurveyAnswer
	for rows.Next() {
		var a domain.SurveyAnswer
		var wave, on, situation, contract, freq string
		var target, cadre, used, recognised, salary sql.NullInt64
		if err := rows.Scan(&a.ID, &a.EnrollmentID, &a.CertificateNumber, &wave, &on, &situation, &target,
			&contract, &salary, &cadre, &a.JobTitle, &used, &freq, &recognised, &a.RecordedAt); err != nil {
			return nil, err
		}
		a.Wave, a.Situation, a.Contract, a.Frequency = domain.SurveyWave(wave), domain.Situation(situation), domain.ContractType(contract), domain.UsageFrequency(freq)
		a.AnsweredOn, _ = domain.ParseOptionalDate(on)
		a.TargetJob, a.Cadre, a.Used, a.Recognised = boolPtr(target), boolPtr(cadre), boolPtr(used), boolPtr(recognised)
		if salary.Valid {
			s := salary.Int64
			a.SalaryCents = &s
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func fcStatisticsSent(ctx context.Context, q querier) ([]domain.FCStatisticsSending, error) {
	rows, err := q.QueryContext(ctx, `SELECT certification, sent_on, recorded_at FROM fc_statistics_sent ORDER BY sent_on, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.FCStatisticsSending
	for rows.Next() {
		var s domain.FCStatisticsSending
		var code, on string
		if err := rows.Scan(&code, &on, &s.RecordedAt); err != nil {
			return nil, err
		}
		s.Certification = domain.CertCode(code)
		s.SentOn, _ = domain.ParseOptionalDate(on)
		out = append(out, s)
	}
	return out, rows.Err()
}

func answerJournal(a *domain.SurveyAnswer) map[string]any {
	b := func(p *bool) any {
		if p == nil {
			return nil
		}
		return *p
	}
	var salary any
	if a.SalaryCents != nil {
		salary = domain.Money(*a.SalaryCents).Decimal()
	}
	return map[string]any{
		"enrollment_id": a.EnrollmentID, "certificate_number": a.CertificateNumber, "wave": string(a.Wave),
		"answered_on": a.AnsweredOn.String(), "situation": string(a.Situation), "target_job": b(a.TargetJob),
		"contract": string(a.Contract), "salary": salary, "cadre": b(a.Cadre), "job_title": a.JobTitle,
		"used": b(a.Used), "frequency": string(a.Frequency), "recognised": b(a.Recognised),
	}
}

// SaveSurveyAnswer records a holder's answer to a wave: created, unchanged
// when the same answer is stored, or replacing the stored one (journaled
// with both).
func (tx *Tx) SaveSurveyAnswer(a *domain.SurveyAnswer) (domain.ChangeKind, error) {
	list, err := surveyAnswersWhere(tx.ctx, tx, "enrollment_id = ? AND wave = ?", a.EnrollmentID, string(a.Wave))
	if err != nil {
		return 0, err
	}
	var before *domain.SurveyAnswer
	if len(list) == 1 {
		before = &list[0]
	}
	if before != nil && before.SameAs(*a) {
		a.ID, a.RecordedAt = before.ID, before.RecordedAt
		return domain.ChangeUnchanged, nil
	}
	a.RecordedAt = tx.nowText()
	var salary any
	if a.SalaryCents != nil {
		salary = *a.SalaryCents
	}
	args := []any{a.CertificateNumber, a.AnsweredOn.String(), string(a.Situation), boolOrNull(a.TargetJob), string(a.Contract), salary,
		boolOrNull(a.Cadre), a.JobTitle, boolOrNull(a.Used), string(a.Frequency), boolOrNull(a.Recognised), a.RecordedAt}
	kind := domain.ChangeCreated
	if before != nil {
		kind = domain.ChangeUpdated
		a.ID = before.ID
		if _, err := tx.ExecContext(tx.ctx, `UPDATE survey_answer SET certificate_number=?, answered_on=?, situation=?, target_job=?, contract=?,
			salary_cents=?, cadre=?, job_title=?, used=?, frequency=?, recognised=?, recorded_at=? WHERE id=?`, append(args, a.ID)...); err != nil {
			return 0, err
		}
	} else {
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO survey_answer(certificate_number, answered_on, situation, target_job, contract,
			salary_cents, cadre, job_title, used, frequency, recognised, recorded_at, enrollment_id, wave) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			append(args, a.EnrollmentID, string(a.Wave))...)
		if err != nil {
			return 0, err
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return 0, err
		}
	}
	var beforeJ any
	if before != nil {
		beforeJ = answerJournal(before)
	}
	action := "survey-answer"
	if kind == domain.ChangeUpdated {
		action = "survey-answer-replace"
	}
	id := a.CertificateNumber
	if id == "" {
		id = "enrollment-" + strconv.FormatInt(a.EnrollmentID, 10)
	}
	return kind, tx.Journal(action, "certificate", id, beforeJ, answerJournal(a))
}

// AddFCStatisticsSent records that the statistics of a certification were
// sent to France Compétences on a day (again the same day: unchanged).
func (tx *Tx) AddFCStatisticsSent(code domain.CertCode, on domain.Date) (bool, error) {
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO fc_statistics_sent(certification, sent_on, recorded_at) VALUES (?,?,?)
		ON CONFLICT(certification, sent_on) DO NOTHING`, string(code), on.String(), tx.nowText())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return false, err
	}
	return true, tx.Journal("statistics-sent", "certification", string(code), nil, map[string]any{"sent_on": on.String()})
}
