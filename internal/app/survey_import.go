package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
)

// SurveyImportRequest is what 'cohort surveys import' reads.
type SurveyImportRequest struct {
	File   string
	Sheet  string
	DryRun bool
	Open   func(path, sheet string) (importer.Source, error)
}

// SurveyImportResult says what the import read and did (or would do).
type SurveyImportResult struct {
	File     string
	Rows     int
	Warnings []string
	Errors   *importer.ErrorList
	// Created, Replaced and Unchanged count the answers: a new answer, a
	// different answer replacing the stored one, the same answer again.
	Created, Replaced, Unchanged int
	// NotAnswered counts the rows without any answer (a mailing list row
	// left blank): skipped.
	NotAnswered int
	// ReplacedLines say which answers were replaced, one line each.
	ReplacedLines []string
}

type surveyRow struct {
	row    int
	holder *CohortHolder
	answer domain.SurveyAnswer
}

// ImportSurveys reads survey answers through the import pipeline and stores
// them in one transaction: one answer per holder and wave (the same answer
// again is unchanged, a different one replaces it and is listed). Every
// error of every row is reported (KindRejected, exit 3) and nothing is
// written: not a holder of that certification, an unknown situation, a pay
// that is not a number, an answer outside its wave's window.
func (a *App) ImportSurveys(ctx context.Context, req SurveyImportRequest) (*SurveyImportResult, error) {
	res := &SurveyImportResult{File: filepath.Base(req.File), Errors: importer.NewErrorList(filepath.Base(req.File))}
	var d *cohortData
	if err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		d, err = loadCohorts(r)
		return err
	}); err != nil {
		if importStopped(ctx, err) {
			return res, interrupted(ctx)
		}
		return res, err
	}
	byNumber := map[string]*CohortHolder{}
	byKey := map[string][]*CohortHolder{}
	for _, h := range d.holders {
		byNumber[domain.Fold(h.Certificate.Number)] = h
		k := h.Enrollment.Candidate.Key()
		byKey[k] = append(byKey[k], h)
	}
	var rows []surveyRow
	seen := map[string]int{}
	pl := importer.Pipeline[surveyRow]{
		Schema: SurveyImportSchema,
		Map: func(rec *importer.Record) (surveyRow, bool) {
			if !answered(rec) {
				res.NotAnswered++
				return surveyRow{}, false
			}
			return mapSurveyRow(rec, byNumber, byKey, a.Config.SurveyWindows)
		},
		Keep: func(rec *importer.Record, r surveyRow) {
			k := fmt.Sprintf("%d|%s", r.answer.EnrollmentID, r.answer.Wave)
			if prev, ok := seen[k]; ok {
				rec.Errorf("wave", "SURVEY_DUPLICATE", "%s already has a %s answer on row %d: one answer per holder and wave", r.holder.Certificate.Number, r.answer.Wave, prev)
				return
			}
			seen[k] = rec.Row
			rows = append(rows, r)
		},
	}
	_, err := readImport(ctx, req.Open, req.File, req.Sheet, pl, func(read *importer.ReadResult) {
		res.File, res.Rows, res.Warnings, res.Errors = read.File, read.Rows, read.Warnings, read.Errors
	})
	if err != nil {
		return res, err
	}

	err = a.runImport(ctx, req.DryRun, res.Errors, func(ctx context.Context, r domain.Reader, tx domain.Tx, errs *importer.ErrorList) error {
		res.Created, res.Replaced, res.Unchanged, res.ReplacedLines = 0, 0, 0, nil
		for i := range rows {
			row := &rows[i]
			old := row.holder.Answers[row.answer.Wave]
			kind := domain.ChangeCreated
			switch {
			case old != nil && old.SameAs(row.answer):
				kind = domain.ChangeUnchanged
			case old != nil:
				kind = domain.ChangeUpdated
			}
			if tx != nil {
				var err error
				if kind, err = tx.SaveSurveyAnswer(&row.answer); err != nil {
					return err
				}
			}
			switch kind {
			case domain.ChangeCreated:
				res.Created++
			case domain.ChangeUpdated:
				res.Replaced++
				res.ReplacedLines = append(res.ReplacedLines, fmt.Sprintf("row %d: the %s answer of %s (%s) replaces the one of %s (%s → %s)",
					row.row, row.answer.Wave, row.holder.Certificate.Number, row.holder.Enrollment.Candidate.FullName(),
					old.AnsweredOn, old.Situation, row.answer.Situation))
			default:
				res.Unchanged++
			}
		}
		return nil
	})
	if importAborted(err) {
		res.Errors, res.Warnings = importer.NewErrorList(res.File), nil
	}
	return res, err
}

// answerKeys are the columns that hold an answer.
var answerKeys = []string{"answered_on", "situation", "target_job", "contract", "salary", "cadre", "job_title", "used", "frequency", "recognised"}

// answered reports whether a row holds any answer (a row of the mailing
// list left blank does not).
func answered(rec *importer.Record) bool {
	for _, k := range answerKeys {
		if rec.Has(k) {
			return true
		}
	}
	return false
}

func mapSurveyRow(rec *importer.Record, byNumber map[string]*CohortHolder, byKey map[string][]*CohortHolder, windows domain.SurveyWindows) (surveyRow, bool) {
	r := surveyRow{row: rec.Row}
	a := &r.answer
	if v := rec.Text("wave"); v != "" {
		w, err := domain.ParseSurveyWave(v)
		if !rec.Fail("wave", err) {
			a.Wave = w
		}
	}
	a.AnsweredOn, _ = rec.Date("answered_on")
	if !rec.Has("answered_on") {
		rec.Errorf("answered_on", "SURVEY_DATE_MISSING", "an answer needs its date de reponse")
	}
	if !rec.Has("situation") {
		rec.Errorf("situation", "SURVEY_SITUATION_MISSING", "an answer needs its situation: %s", "emploi, recherche, etudes, incapacite, etranger or inactif")
	}
	if v := rec.Text("situation"); v != "" {
		s, err := domain.ParseSituation(v)
		if !rec.Fail("situation", err) {
			a.Situation = s
		}
	}
	yesNo := func(key string) *bool {
		b, err := domain.ParseYesNo(rec.Text(key))
		if rec.Fail(key, err) {
			return nil
		}
		return b
	}
	a.TargetJob, a.Cadre, a.Used, a.Recognised = yesNo("target_job"), yesNo("cadre"), yesNo("used"), yesNo("recognised")
	if c, err := domain.ParseContractType(rec.Text("contract")); !rec.Fail("contract", err) {
		a.Contract = c
	}
	if f, err := domain.ParseUsageFrequency(rec.Text("frequency")); !rec.Fail("frequency", err) {
		a.Frequency = f
	}
	if m, ok := rec.Money("salary"); ok {
		if m < 0 {
			rec.Errorf("salary", "SURVEY_SALARY", "the gross annual pay %s is negative", m.Decimal())
		} else {
			c := int64(m)
			a.SalaryCents = &c
		}
	}
	a.JobTitle = rec.Text("job_title")

	// The holder.
	var code domain.CertCode
	if v := rec.Text("certification"); v != "" {
		c, err := domain.ParseCertCode(v)
		if !rec.Fail("certification", err) {
			code = c
		}
	}
	holds := func(h *CohortHolder) bool { return code == "" || h.Fiche == code || h.CountsWith == code }
	var h *CohortHolder
	number, _ := rec.Identifier("certificate")
	switch {
	case number != "":
		h = byNumber[domain.Fold(number)]
		switch {
		case h == nil:
			rec.Errorf("certificate", "SURVEY_NOT_HOLDER", "%s is not the number of a delivered certificate", number)
		case !holds(h):
			rec.Errorf("certificate", "SURVEY_NOT_HOLDER", "certificate %s is of %s, not of %s", number, h.Fiche, code)
			h = nil
		}
	case rec.Text("birth_name") != "" || rec.Text("first_name") != "":
		bd, _ := rec.Date("birth_date")
		if bd.IsZero() || rec.Text("birth_name") == "" || rec.Text("first_name") == "" {
			rec.Errorf("", "SURVEY_HOLDER_MISSING", "give the certificate number, or the birth name, first name and birth date of the holder")
			break
		}
		key := domain.CandidateKey(rec.Text("birth_name"), rec.Text("first_name"), bd)
		var found []*CohortHolder
		for _, x := range byKey[key] {
			if holds(x) {
				found = append(found, x)
			}
		}
		name := strings.TrimSpace(rec.Text("first_name") + " " + strings.ToUpper(rec.Text("birth_name")))
		switch {
		case len(found) == 0 && code != "":
			rec.Errorf("birth_name", "SURVEY_NOT_HOLDER", "%s (born %s) is not a holder of %s", name, bd.French(), code)
		case len(found) == 0:
			rec.Errorf("birth_name", "SURVEY_NOT_HOLDER", "%s (born %s) holds no delivered certificate", name, bd.French())
		case len(found) > 1:
			var codes []string
			for _, x := range found {
				codes = append(codes, string(x.Fiche))
			}
			rec.Errorf("certification", "SURVEY_AMBIGUOUS", "%s holds %s: give the certification column", name, strings.Join(codes, " and "))
		default:
			h = found[0]
		}
	default:
		rec.Errorf("", "SURVEY_HOLDER_MISSING", "give the certificate number, or the birth name, first name and birth date of the holder")
	}
	if h != nil {
		a.EnrollmentID, a.CertificateNumber = h.Enrollment.ID, h.Certificate.Number
		r.holder = h
		if a.Wave != "" && !a.AnsweredOn.IsZero() {
			w := windows.For(a.Wave)
			if !w.Contains(h.JuryDate, a.AnsweredOn) {
				rec.Errorf("answered_on", "SURVEY_OUT_OF_WINDOW", "a %s answer is accepted from %s to %s (months %d to %d after the jury of %s), not on %s",
					a.Wave, w.Opens(h.JuryDate).French(), w.Closes(h.JuryDate).AddDays(-1).French(), w.From, w.To, h.JuryDate.French(), a.AnsweredOn.French())
			}
		}
	}
	return r, rec.OK()
}
