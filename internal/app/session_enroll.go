package app

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
)

// EnrollRequest is one 'session enroll': a candidate spreadsheet for a
// session.
type EnrollRequest struct {
	SessionID int64
	File      string // path of the .xlsx or .csv file
	Sheet     string // workbook sheet ("" = the first)
	DryRun    bool   // plan only: nothing is written
	Changes   bool   // keep each planned change in the result
	// Open opens the file (default importer.Open: the formats registered by the CLI).
	Open     func(path, sheet string) (importer.Source, error)
	Progress func(rows int)
}

// EnrollResult is what an enrolment did (or, for a dry run, would do).
type EnrollResult struct {
	File    string
	Rows    int
	DryRun  bool
	Session *domain.Session
	// Plan counts the enrolments created, updated and left unchanged
	// (entity "candidate"), with each change when the request asked.
	Plan       *importer.Plan
	Candidates importer.Counts
	Warnings   []string // ignored columns
	// Notes are the rules' warnings (R6113-16-4 2°), at most MaxImportNotes.
	Notes     []string
	MoreNotes int
	Errors    *importer.ErrorList
}

func (r *EnrollResult) note(s string) {
	if len(r.Notes) >= MaxImportNotes {
		r.MoreNotes++
		return
	}
	r.Notes = append(r.Notes, s)
}

// enrollRow is one valid row of the file.
type enrollRow struct {
	row int
	e   *domain.Enrollment
	// ok is false when a cell of the row is invalid: the habilitation
	// rules still check it (every error of every row), except the
	// columns already in error (failed, by header).
	ok     bool
	failed map[string]bool
	// noCountryCode: born abroad, given by the country's name only.
	noCountryCode bool
}

type enrollImport struct {
	today   domain.Date
	session *domain.Session
	cert    *domain.Certification
	me      domain.Certifier
	rows    []enrollRow
	byKey   map[string]int // candidate key → file row
	column  func(key string) string
	res     *EnrollResult
}

// EnrollCandidates reads a candidate spreadsheet (CandidateImportSchema)
// and enrols its candidates in the session: every row is checked (identity
// as the CDC needs it; route, blocs and training partner within the
// habilitation, registration end), every error of every row is listed
// (FILE:ROW:COLUMN: CODE: message) and any error rejects the whole file
// (KindRejected, exit 3, nothing written). A candidate is the same person
// across sessions (birth name + first name + birth date): importing the
// same file again changes nothing. Enrolling into a session whose jury
// deliberated, or that was delivered, is refused (exit 1).
func (a *App) EnrollCandidates(ctx context.Context, req EnrollRequest) (*EnrollResult, error) {
	run := &enrollImport{today: a.Today(), byKey: map[string]int{},
		res: &EnrollResult{File: filepath.Base(req.File), DryRun: req.DryRun,
			Plan: importer.NewPlan(req.Changes, "candidate"), Errors: importer.NewErrorList(filepath.Base(req.File))}}
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		s, err := r.Session(req.SessionID)
		if err != nil {
			return err
		}
		if err := domain.CheckEnrollOpen(s); err != nil {
			return err
		}
		if run.cert, err = r.Certification(s.Certification); err != nil {
			return err
		}
		run.session = s
		run.me, err = r.Certifier()
		return err
	})
	if err != nil {
		if importStopped(ctx, err) {
			return nil, interrupted(ctx)
		}
		return nil, err
	}
	run.res.Session = run.session
	src, err := openImport(req.Open, req.File, req.Sheet)
	if err != nil {
		return nil, err
	}
	pl := importer.Pipeline[enrollRow]{
		Schema:   CandidateImportSchema,
		Map:      run.mapRow,
		Progress: req.Progress,
	}
	read, err := pl.Read(ctx, src)
	src.Close()
	if importStopped(ctx, err) {
		return run.res, interrupted(ctx)
	}
	if read != nil {
		run.res.File, run.res.Rows, run.res.Warnings, run.res.Errors = read.File, read.Rows, read.Warnings, read.Errors
		run.column = read.Column
	}
	if err != nil {
		return run.res, err
	}
	err = a.runImport(ctx, req.DryRun || read.Errors.Len() > 0, read.Errors, run.plan)
	if importAborted(err) {
		run.res.Errors, run.res.Warnings, run.res.Notes = importer.NewErrorList(run.res.File), nil, nil
	}
	run.res.Candidates = run.res.Plan.Counts("candidate")
	return run.res, err
}

// fail records a rule's refusal on the field's cell.
func fail(rec *importer.Record, p domain.FieldProblem) {
	rec.Fail(p.Field, p.Err)
}

// splitList splits a cell listing codes by commas, semicolons or spaces.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '/' || r == '|' })
}

// mapRow reads one row: every cell, then the identity rules.
func (run *enrollImport) mapRow(rec *importer.Record) (enrollRow, bool) {
	e := &domain.Enrollment{Row: rec.Row}
	c := &e.Candidate
	c.BirthName = strings.TrimSpace(rec.Text("birth_name"))
	c.UsageName = strings.TrimSpace(rec.Text("usage_name"))
	first := strings.TrimSpace(rec.Text("first_name"))
	f2, f3 := strings.TrimSpace(rec.Text("first_name2")), strings.TrimSpace(rec.Text("first_name3"))
	if strings.Contains(first, ",") && f2 == "" && f3 == "" {
		for _, x := range strings.Split(first, ",") {
			if x = strings.TrimSpace(x); x != "" {
				c.FirstNames = append(c.FirstNames, x)
			}
		}
	} else {
		for _, x := range []string{first, f2, f3} {
			if x != "" || len(c.FirstNames) == 0 {
				c.FirstNames = append(c.FirstNames, x)
			}
		}
	}
	birthOK := rec.Valid("birth_date")
	if d, ok := rec.Date("birth_date"); ok {
		c.BirthDate = d
	}
	if sx, err := domain.ParseSex(rec.Text("sex")); !rec.Fail("sex", err) {
		c.Sex = sx
	}
	insee, _ := rec.Identifier("birth_insee")
	code, country, problems := domain.BirthPlace(insee, rec.Text("birth_country"))
	for _, p := range problems {
		fail(rec, p)
	}
	c.BirthINSEE, c.BirthCountry = code, country
	if c.BirthCountry == "" && domain.IsCountryCode(code) && !domain.IsCountryCode(strings.TrimSpace(rec.Text("birth_country"))) {
		c.BirthCountry = strings.TrimSpace(rec.Text("birth_country"))
	}
	c.BirthTown = strings.TrimSpace(rec.Text("birth_town"))
	rec.Fail("birth_town", domain.CleanText("the birth town", c.BirthTown))
	if pc, ok := rec.Identifier("birth_postal_code"); ok {
		c.BirthPostalCode = strings.Join(strings.Fields(pc), "")
		if len(c.BirthPostalCode) != 5 || strings.Trim(c.BirthPostalCode, "0123456789") != "" {
			rec.Errorf("birth_postal_code", "POSTAL_CODE", "%q is not a postal code: 5 digits", pc)
		}
	}
	if m, err := domain.ParseEmail(rec.Text("email")); !rec.Fail("email", err) {
		c.Email = m
	}
	for _, p := range domain.CheckCandidate(c, run.today, run.session.Date) {
		if p.Field == "birth_date" && !birthOK {
			continue // the cell's own error (31/02, not a date) is already listed
		}
		if p.Field == "email" {
			continue // ParseEmail above
		}
		fail(rec, p)
	}
	if s := rec.Text("access"); strings.TrimSpace(s) != "" {
		if a, err := domain.ParseAccess(s); !rec.Fail("access", err) {
			e.Access = a
		}
	}
	if v, err := domain.ParseVAEType(rec.Text("vae_type")); !rec.Fail("vae_type", err) {
		e.VAEType = v
	}
	for _, b := range splitList(rec.Text("blocs")) {
		code, err := domain.ParseBlocCode(run.cert.Code, b)
		if !rec.Fail("blocs", err) && !slices.Contains(e.Blocs, code) {
			e.Blocs = append(e.Blocs, code)
		}
	}
	if v, ok := rec.Identifier("cpf_file"); ok {
		if f, err := domain.ParseCPFFile(v); !rec.Fail("cpf_file", err) {
			e.CPFFile = f
		}
	}
	if d, ok := rec.Date("registered_on"); ok {
		e.RegisteredOn = d
		if d.After(run.today) {
			rec.Errorf("registered_on", "DATE_FUTURE", "registered on %s: that day is in the future (today is %s)", d, run.today)
		}
	}
	if v, ok := rec.Identifier("trained_by"); ok {
		if s, err := domain.ParseSIRET(v); !rec.Fail("trained_by", err) && s != run.session.Partner {
			e.TrainedBy = s
		}
	}
	e.Accommodation = strings.TrimSpace(rec.Text("accommodation"))
	rec.Fail("accommodation", domain.CleanText("the accommodation", e.Accommodation))
	if c.BirthName != "" && c.FirstName() != "" && !c.BirthDate.IsZero() {
		k := c.Key()
		if prev, ok := run.byKey[k]; ok {
			rec.Errorf("birth_name", "DUPLICATE_ROW", "row %d already enrols %s born on %s; keep one row per candidate", prev, c.FullName(), c.BirthDate)
		} else {
			run.byKey[k] = rec.Row
		}
	}
	r := enrollRow{row: rec.Row, e: e, ok: rec.OK(), noCountryCode: domain.NeedsCountryCode(c.BirthINSEE, c.BirthCountry)}
	if !r.ok {
		r.failed = map[string]bool{}
		for _, x := range rec.Errors() {
			r.failed[x.Column] = true
		}
	}
	// Every row is kept (Map runs on one goroutine, in file order), the
	// invalid ones too: plan checks them against the habilitation.
	run.rows = append(run.rows, r)
	return r, r.ok
}

// plan checks every row against the habilitations and the stored
// enrolments, then writes them all in one call.
func (run *enrollImport) plan(_ context.Context, r domain.Reader, tx domain.Tx, errs *importer.ErrorList) error {
	s, err := r.Session(run.session.ID)
	if err != nil {
		return err
	}
	if err := domain.CheckEnrollOpen(s); err != nil {
		return err
	}
	p, err := partnerOrNil(r, s.Partner)
	if err != nil {
		return err
	}
	org, orgErr := domain.CheckOrganiser(run.cert, run.me.SIRET, s.Partner, p, s.Date)
	stored := map[string]*domain.Enrollment{}
	for _, e := range s.Enrollments {
		stored[e.Candidate.Key()] = e
	}
	keys := make([]string, 0, len(run.rows))
	for _, row := range run.rows {
		if row.ok {
			keys = append(keys, row.e.Candidate.Key())
		}
	}
	people, err := r.CandidatesByKey(keys)
	if err != nil {
		return err
	}
	trainers := map[domain.SIRET]*domain.Partner{}
	list := make([]*domain.Enrollment, 0, len(run.rows))
	for _, row := range run.rows {
		e := row.e
		if orgErr != nil && row.ok {
			re, ok := rowRefusal(orgErr, row.row, "")
			if !ok {
				return orgErr
			}
			errs.Add(re)
			continue
		} else if orgErr != nil {
			continue
		}
		x := domain.EnrollmentCheck{Cert: run.cert, Session: s, Organiser: org}
		if e.TrainedBy != "" {
			t, seen := trainers[e.TrainedBy]
			if !seen {
				if t, err = partnerOrNil(r, e.TrainedBy); err != nil {
					return err
				}
				trainers[e.TrainedBy] = t
			}
			x.Trainer = t
		}
		problems, warnings := domain.CheckEnrollment(x, e)
		for _, pb := range problems {
			if row.failed[run.column(pb.Field)] {
				continue // the cell's own error is listed
			}
			re, ok := rowRefusal(pb.Err, row.row, run.column(pb.Field))
			if !ok {
				return pb.Err
			}
			errs.Add(re)
		}
		if !row.ok {
			continue
		}
		for _, w := range warnings {
			run.res.note(fmt.Sprintf("row %d: %s", row.row, w))
		}
		if row.noCountryCode {
			run.res.note(fmt.Sprintf("row %d: %s was born in %s, given without the country's INSEE code (99xxx, e.g. 99122 for Poland): the CPF declaration needs it; add it to the candidate list and import it again before 'habil report accrochage' (its --check lists who lacks it)",
				row.row, e.Candidate.FullName(), e.Candidate.BirthCountry))
		}
		action, changes := enrollmentChange(stored[e.Candidate.Key()], people[e.Candidate.Key()], e)
		id := ""
		if old := stored[e.Candidate.Key()]; old != nil {
			id = strconv.FormatInt(old.ID, 10)
		}
		run.res.Plan.Add(importer.Change{Entity: "candidate", ID: id, Action: action, Row: row.row, Changes: changes})
		list = append(list, e)
	}
	if tx == nil || errs.Len() > 0 {
		return nil
	}
	_, err = tx.SaveEnrollments(s.ID, list)
	return err
}

// enrollmentChange says what enrolling e does, given the stored enrolment
// of the same person in the session (nil: none) and the stored person
// (nil: new).
func enrollmentChange(old *domain.Enrollment, person *domain.Candidate, e *domain.Enrollment) (importer.Action, []string) {
	var changes []string
	diff := func(field, a, b string) {
		if a != b {
			changes = append(changes, fmt.Sprintf("%s: %q → %q", field, a, b))
		}
	}
	if person != nil {
		c := e.Candidate
		diff("birth name", person.BirthName, c.BirthName)
		diff("usage name", person.UsageName, c.UsageName)
		diff("first names", strings.Join(person.FirstNames, ", "), strings.Join(c.FirstNames, ", "))
		diff("sex", string(person.Sex), string(c.Sex))
		diff("birth INSEE code", person.BirthINSEE, c.BirthINSEE)
		diff("birth town", person.BirthTown, c.BirthTown)
		diff("birth postal code", person.BirthPostalCode, c.BirthPostalCode)
		diff("birth country", person.BirthCountry, c.BirthCountry)
		diff("email", person.Email, c.Email)
	}
	if old == nil {
		v := []string{"candidate: " + e.Candidate.FullName(), "access: " + string(e.Access)}
		if len(e.Blocs) > 0 {
			v = append(v, "blocs: "+strings.Join(e.Blocs, " "))
		}
		return importer.Create, append(v, changes...)
	}
	diff("access", string(old.Access), string(e.Access))
	diff("VAE type", string(old.VAEType), string(e.VAEType))
	diff("blocs", strings.Join(old.Blocs, " "), strings.Join(e.Blocs, " "))
	diff("CPF file", old.CPFFile, e.CPFFile)
	diff("registered on", old.RegisteredOn.String(), e.RegisteredOn.String())
	diff("trained by", string(old.TrainedBy), string(e.TrainedBy))
	diff("accommodation", old.Accommodation, e.Accommodation)
	if len(changes) == 0 {
		return importer.Unchanged, nil
	}
	return importer.Update, changes
}
