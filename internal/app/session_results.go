package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
)

// SessionResultsRequest is one 'session results ID FILE'.
type SessionResultsRequest struct {
	SessionID int64
	File      string
	Sheet     string
	DryRun    bool
	Changes   bool // keep each planned change (dry run, --format json)
	Open      func(path, sheet string) (importer.Source, error)
}

// SessionResultsResult is what a results import did (or would do).
type SessionResultsResult struct {
	File      string
	Rows      int
	DryRun    bool
	SessionID int64
	Plan      *importer.Plan
	Results   importer.Counts // entity "result"
	// Missing counts the enrolled candidates still without a result after
	// the import.
	Missing  int
	Warnings []string
	Errors   *importer.ErrorList
}

type resultRow struct {
	row  int
	key  string
	name string
	born domain.Date
	in   domain.ResultInput
}

// splitCodes splits a cell of codes separated by , ; or spaces.
func splitCodes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\t' })
}

// ImportSessionResults records the results of a session's candidates from
// a spreadsheet: every row is checked (the person is enrolled in the
// session, the result fits the certification's blocs and what the
// candidate targeted, earlier blocs counted), then all results are written
// in one transaction, or none (exit 3). The session must not be closed.
// Importing the same file again changes nothing.
func (a *App) ImportSessionResults(ctx context.Context, req SessionResultsRequest) (*SessionResultsResult, error) {
	res := &SessionResultsResult{File: filepath.Base(req.File), DryRun: req.DryRun, SessionID: req.SessionID,
		Plan: importer.NewPlan(req.Changes, "result"), Errors: importer.NewErrorList(filepath.Base(req.File))}
	var (
		s    *domain.Session
		cert *domain.Certification
	)
	if err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		if s, err = r.Session(req.SessionID); err != nil {
			return err
		}
		cert, err = r.Certification(s.Certification)
		return err
	}); err != nil {
		return nil, err
	}
	if err := resultsOpen(s, a.Today()); err != nil {
		return nil, err
	}
	src, err := openImport(req.Open, req.File, req.Sheet)
	if err != nil {
		return nil, err
	}
	var rows []resultRow
	seen := map[string]int{}
	pl := importer.Pipeline[resultRow]{
		Schema: SessionResultsSchema,
		Map: func(rec *importer.Record) (resultRow, bool) {
			r := resultRow{row: rec.Row}
			bn, fn := strings.TrimSpace(rec.Text("birth_name")), strings.TrimSpace(rec.Text("first_name"))
			bd, _ := rec.Date("birth_date")
			r.key, r.name, r.born = domain.CandidateKey(bn, fn, bd), fn+" "+bn, bd
			if v := rec.Text("result"); v != "" {
				res, err := domain.ParseResult(v)
				if !rec.Fail("result", err) {
					r.in.Result = res
				}
			}
			m, err := domain.ParseMention(rec.Text("mention"))
			if !rec.Fail("mention", err) {
				r.in.Mention = m
			}
			sc, err := domain.ParseScore(rec.Text("score"))
			if !rec.Fail("score", err) {
				r.in.Score = sc
			}
			r.in.Blocs = splitCodes(rec.Text("blocs"))
			return r, rec.OK()
		},
		Keep: func(rec *importer.Record, r resultRow) {
			if first, dup := seen[r.key]; dup {
				rec.Errorf("birth_name", "DUPLICATE_ROW", "row %d already gives the result of %s; keep one row per candidate", first, r.name)
				return
			}
			seen[r.key] = r.row
			rows = append(rows, r)
		},
	}
	read, err := pl.Read(ctx, src)
	src.Close()
	if importStopped(ctx, err) {
		return res, interrupted(ctx)
	}
	column := func(key string) string { return key }
	if read != nil {
		res.File, res.Rows, res.Warnings, res.Errors = read.File, read.Rows, read.Warnings, read.Errors
		column = read.Column
	}
	if err != nil {
		return res, err
	}
	errs := read.Errors
	work := func(_ context.Context, r domain.Reader, tx domain.Tx, errs *importer.ErrorList) error {
		s, err := r.Session(req.SessionID) // as it is in the transaction
		if err != nil {
			return err
		}
		if err := resultsOpen(s, a.Today()); err != nil {
			return err
		}
		byKey := map[string]*domain.Enrollment{}
		var ids []int64
		for _, e := range s.Enrollments {
			byKey[e.Candidate.Key()] = e
			ids = append(ids, e.Candidate.ID)
		}
		prior, err := priorBlocs(r, s, ids)
		if err != nil {
			return err
		}
		var list []*domain.Enrollment
		for _, row := range rows {
			e := byKey[row.key]
			if e == nil {
				errs.Add(importer.RowError{Row: row.row, Column: column("birth_name"), Code: "RESULT_NOT_ENROLLED",
					Msg: fmt.Sprintf("%s (born %s) is not enrolled in session %d; check the name and birth date against 'habil session show %d', or enrol the candidate first (habil session enroll %d FILE)",
						row.name, row.born, s.ID, s.ID, s.ID)})
				continue
			}
			blocs, err := domain.ApplyResult(cert, e, row.in, prior[e.Candidate.ID])
			if err != nil {
				col := "result"
				var de *domain.Error
				if errors.As(err, &de) && de.Code == "RESULT_BLOC" {
					col = "blocs"
				} else if de != nil && de.Code == "RESULT_MENTION" {
					col = "mention"
				}
				re, ok := rowRefusal(err, row.row, column(col))
				if !ok {
					return err
				}
				errs.Add(re)
				continue
			}
			after := *e
			after.Result, after.BlocsValidated, after.Mention, after.Score = row.in.Result, blocs, row.in.Mention, row.in.Score
			ch := importer.Change{Entity: "result", ID: e.Candidate.FullName(), Row: row.row, Action: importer.Unchanged}
			if after.Result != e.Result || !slices.Equal(after.BlocsValidated, e.BlocsValidated) || after.Mention != e.Mention || after.Score != e.Score {
				ch.Action = importer.Update
				if e.Result == domain.ResultNone {
					ch.Action = importer.Create
				}
				ch.Changes = []string{fmt.Sprintf("result: %s → %s", orNone(string(e.Result)), after.Result)}
				if len(blocs) > 0 {
					ch.Changes = append(ch.Changes, "blocs validated: "+strings.Join(blocs, ", "))
				}
				list = append(list, &after)
			}
			res.Plan.Add(ch)
		}
		missing := 0
		done := map[int64]bool{}
		for _, e := range list {
			done[e.ID] = true
		}
		for _, e := range s.Enrollments {
			if e.Result == domain.ResultNone && !done[e.ID] {
				missing++
			}
		}
		res.Missing = missing
		if tx == nil || errs.Len() > 0 || len(list) == 0 {
			return nil
		}
		_, err = tx.SaveResults(s.ID, list)
		return err
	}
	err = a.runImport(ctx, req.DryRun || errs.Len() > 0, errs, work)
	if importAborted(err) {
		res.Errors, res.Warnings = importer.NewErrorList(res.File), nil
	}
	res.Results = res.Plan.Counts("result")
	return res, err
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// resultsOpen refuses results for a session whose jury closed.
func resultsOpen(s *domain.Session, today domain.Date) error {
	switch s.Status(today) {
	case domain.SessionJuryClosed, domain.SessionDelivered:
		return domain.Conflict("SESSION_CLOSED", "session %d is %s (jury of %s): its results can no longer change", s.ID, s.Status(today), s.JuryDate).
			WithHint("a correction after the jury is an appeal: habil session appeal %d --candidate KEY --date D --text …", s.ID)
	}
	return nil
}

// priorBlocs gives, by candidate id, the blocs each candidate of s
// validated in other sessions of the same certification.
func priorBlocs(r domain.Reader, s *domain.Session, candidateIDs []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(candidateIDs) == 0 {
		return out, nil
	}
	recs, err := r.Enrollments(domain.EnrollmentFilter{Certification: s.Certification, CandidateIDs: candidateIDs})
	if err != nil {
		return nil, err
	}
	by := map[int64][]domain.EnrollmentRecord{}
	for _, rec := range recs {
		by[rec.Candidate.ID] = append(by[rec.Candidate.ID], rec)
	}
	for id, list := range by {
		if b := domain.AcquiredEarlier(list, s); len(b) > 0 {
			out[id] = b
		}
	}
	return out, nil
}
