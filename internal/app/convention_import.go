package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
)

// ConventionImportRequest is one 'convention import': the conventions a
// certifier signed (or drew up) before it used habil.
type ConventionImportRequest struct {
	File   string      // path of the .xlsx or .csv file
	Sheet  string      // workbook sheet ("" = the first)
	At     domain.Date // "today": no signature after it; drafts are drawn up on it (zero: today)
	DryRun bool        // plan only: nothing is written
	// Changes keeps each planned change in the result (dry run, --format json).
	Changes bool
	// Open opens the file (default importer.Open: the formats registered by the CLI).
	Open func(path, sheet string) (importer.Source, error)
}

// ConventionImportResult is what a convention import did (or, for a dry
// run, would do).
type ConventionImportResult struct {
	File   string // file name for messages
	Rows   int    // data rows read
	DryRun bool
	// Plan counts the conventions created, updated and left unchanged
	// (entity "convention"), with each change when the request asked.
	Plan        *importer.Plan
	Conventions importer.Counts
	// Signed counts the conventions the import records as signed: new
	// ones with a signature date, and drafts the file now gives one.
	Signed int
	// Warnings name the ignored columns.
	Warnings []string
	// Notes are warnings about the partners (a Qualiopi certificate not
	// recorded or ending before the convention…), at most MaxImportNotes;
	// MoreNotes counts the others.
	Notes     []string
	MoreNotes int
	// Written says, for a real import, what was recorded, one line per
	// convention created or updated ("row 3: CONV-2025-0001 created,
	// signed on 2025-02-03, reference CP-2025-014"), at most MaxImportNotes;
	// MoreWritten counts the others.
	Written     []string
	MoreWritten int
	// Errors lists every error of every row (empty when the file was
	// accepted); the returned error is then the rejection (exit 3).
	Errors *importer.ErrorList
}

// MaxImportNotes bounds ConventionImportResult.Notes.
const MaxImportNotes = 20

func (r *ConventionImportResult) note(s string) {
	for _, n := range r.Notes {
		if n == s {
			return
		}
	}
	if len(r.Notes) >= MaxImportNotes {
		r.MoreNotes++
		return
	}
	r.Notes = append(r.Notes, s)
}

func (r *ConventionImportResult) written(row int, c *domain.Convention, what string) {
	if len(r.Written) >= MaxImportNotes {
		r.MoreWritten++
		return
	}
	line := fmt.Sprintf("row %d: %s %s", row, c.Number, what)
	if !c.SignedOn.IsZero() {
		line += ", signed on " + c.SignedOn.String()
	} else {
		line += ", " + string(c.Status)
	}
	if c.Reference != "" {
		line += ", reference " + c.Reference
	}
	r.Written = append(r.Written, line)
}

// convImportRow is one valid row of the file.
type convImportRow struct {
	row              int
	siret            domain.SIRET
	cert             domain.CertCode
	from, to, signed domain.Date
	ref              string
	fees             domain.Fees
}

// convEntry is one convention of a partner × certification as the plan
// sees it: a stored one, or one the file creates; row is the file row
// that gives it (0: not given by the file so far).
type convEntry struct {
	conv *domain.Convention
	row  int
}

type convPair struct {
	siret domain.SIRET
	cert  domain.CertCode
}

// conventionImport is the state of one run.
type conventionImport struct {
	today  domain.Date
	certs  map[domain.CertCode]*domain.Certification
	known  []string
	rows   []convImportRow
	column func(key string) string
	res    *ConventionImportResult
}

// ImportConventions imports the conventions a certifier already has
// (cli-contract.md, 'convention import'): every row is read and checked
// like 'convention create' (the partner exists and its habilitation covers
// the period, within the registration, fees that fit the scope, no overlap
// with another convention of the same partner and certification, stored
// or given by another row), a signature date is neither in the future nor
// after the convention's end. A row with a signature date is recorded as
// signed on that date, drawn up that day (a historic convention); without
// one, as a draft drawn up today.
//
// A convention is identified by partner, certification and reference when
// the row gives a reference (else by partner, certification and period):
// importing the same file again changes nothing. A draft takes the terms
// the file gives and is signed when the file now gives a signature date;
// a signed (sent, ended, terminated) convention's terms are never changed
// by an import (an avenant is needed).
//
// Any invalid row rejects the whole file (KindRejected, exit 3, nothing
// written; res.Errors lists every error). A store error or a cancellation
// aborts and rolls back.
func (a *App) ImportConventions(ctx context.Context, req ConventionImportRequest) (*ConventionImportResult, error) {
	today := req.At
	if today.IsZero() {
		today = a.Today()
	}
	run := &conventionImport{
		today: today,
		res: &ConventionImportResult{File: filepath.Base(req.File), DryRun: req.DryRun,
			Plan: importer.NewPlan(req.Changes, "convention"), Errors: importer.NewErrorList(filepath.Base(req.File))},
	}
	var err error
	if run.certs, run.known, err = a.importCertifications(ctx); err != nil {
		return nil, err
	}
	src, err := openImport(req.Open, req.File, req.Sheet)
	if err != nil {
		return nil, err
	}
	pl := importer.Pipeline[convImportRow]{
		Schema: ConventionImportSchema,
		Map:    run.mapRow,
		Keep:   func(_ *importer.Record, r convImportRow) { run.rows = append(run.rows, r) },
	}
	read, err := pl.Read(ctx, src)
	src.Close()
	if importStopped(ctx, err) {
		return run.res, interrupted(ctx) // the rows read so far say nothing
	}
	if read != nil {
		run.res.File, run.res.Rows, run.res.Warnings, run.res.Errors = read.File, read.Rows, read.Warnings, read.Errors
		run.column = read.Column
	}
	if err != nil {
		return run.res, err
	}
	errs := read.Errors
	// With invalid cells, the valid rows are still checked against the
	// register (every error in one run), over a read snapshot.
	err = a.runImport(ctx, req.DryRun || errs.Len() > 0, errs, run.plan)
	if importAborted(err) {
		run.res.Errors, run.res.Warnings = importer.NewErrorList(run.res.File), nil
	}
	run.res.Conventions = run.res.Plan.Counts("convention")
	return run.res, err
}

// ---------------------------------------------------------------- reading

// mapRow reads and checks one row, recording every error of the row.
func (run *conventionImport) mapRow(rec *importer.Record) (convImportRow, bool) {
	r := convImportRow{row: rec.Row, ref: strings.TrimSpace(rec.Text("reference"))}
	if rec.Fail("reference", domain.CleanText("the reference", r.ref)) { // the domain's text rule
		r.ref = ""
	}
	if s, ok := rec.Identifier("siret"); ok {
		siret, err := domain.ParseSIRET(s)
		if !rec.Fail("siret", err) {
			r.siret = siret
		}
	}
	if code := rec.Text("certification"); code != "" {
		cc, err := domain.ParseCertCode(code)
		if !rec.Fail("certification", err) {
			if run.certs[cc] == nil {
				hint := "record it first with 'habil certification import' or 'habil certification add'"
				if len(run.known) > 0 {
					hint = "known certifications: " + strings.Join(run.known, ", ") + "; record it first with 'habil certification import' or 'habil certification add'"
				}
				rec.Errorf("certification", "CERTIFICATION_UNKNOWN", "%s is not in the database (%s)", cc, hint)
			}
			r.cert = cc
		}
	}
	from, fromOK := rec.Date("from")
	to, toOK := rec.Date("to")
	r.from, r.to = from, to
	if fromOK && toOK && to.Before(from) {
		rec.Errorf("to", "DATES_ORDER", "the convention ends (%s) before it starts (%s); put the first day covered in %s and the last in %s",
			to, from, rec.Column("from"), rec.Column("to"))
	}
	if d, ok := rec.Date("signed_on"); ok {
		switch {
		case d.After(run.today):
			rec.Errorf("signed_on", "CONVENTION_SIGN_FUTURE", "signed on %s: that day is in the future (today is %s); give the real date of signature, or leave the cell empty for a convention not signed yet", d, run.today)
		case toOK && d.After(to):
			rec.Errorf("signed_on", "CONVENTION_SIGN_DATE", "signed on %s, after the convention ends (%s); correct the date, or the end of the convention", d, to)
		}
		r.signed = d
	}
	for _, x := range []struct {
		key string
		dst *domain.Money
	}{{"fee_per_candidate", &r.fees.PerCandidate}, {"fee_per_exam", &r.fees.PerExam}, {"flat_fee", &r.fees.FlatYearly}} {
		if m, ok := rec.Money(x.key); ok {
			if m < 0 {
				rec.Errorf(x.key, "FEE_NEGATIVE", "%s is negative: a fee is 0 or more (leave the cell empty for none)", m.French())
			}
			*x.dst = m
		}
	}
	return r, rec.OK()
}

// ---------------------------------------------------------------- planning

// plan plans every row against the register, in file order (each row sees
// the conventions of the rows before it) and, in a transaction without
// errors, writes it.
func (run *conventionImport) plan(_ context.Context, r domain.Reader, tx domain.Tx, errs *importer.ErrorList) error {
	partners := map[domain.SIRET]*domain.Partner{}
	pairs := map[convPair][]*convEntry{}
	for _, row := range run.rows {
		p, seen := partners[row.siret]
		if !seen {
			var err error
			p, err = r.Partner(row.siret)
			var de *domain.Error
			if err != nil && !(errors.As(err, &de) && de.Kind == domain.KindNotFound) {
				return err
			}
			partners[row.siret] = p // nil: not in the register
		}
		if p == nil {
			errs.Add(importer.RowError{Row: row.row, Column: run.column("siret"), Code: "PARTNER_UNKNOWN",
				Msg: fmt.Sprintf("%s is not in the partner register; import the partners and their habilitations first (habil partner import FILE, or habil partner add --siret %s …)", row.siret.Formatted(), row.siret)})
			continue
		}
		key := convPair{row.siret, row.cert}
		entries, ok := pairs[key]
		if !ok {
			list, err := r.Conventions(domain.ConventionFilter{Partner: row.siret, Certification: row.cert})
			if err != nil {
				return err
			}
			for _, c := range list {
				entries = append(entries, &convEntry{conv: c})
			}
		}
		entries, err := run.planRow(tx, errs, row, p, run.certs[row.cert], entries)
		pairs[key] = entries
		if err != nil {
			return err
		}
	}
	return nil
}

// planRow plans one row against the conventions of its partner and
// certification; it returns them with the row's.
func (run *conventionImport) planRow(tx domain.Tx, errs *importer.ErrorList, row convImportRow, p *domain.Partner, cert *domain.Certification, entries []*convEntry) ([]*convEntry, error) {
	refuse := func(err error, key string) error {
		col := ""
		if key != "" {
			col = run.column(key)
		}
		re, ok := rowRefusal(err, row.row, col)
		if !ok {
			return err
		}
		errs.Add(re)
		return nil
	}
	match := identify(entries, row)
	if match != nil && match.row > 0 {
		key, what := "from", "period "+termsPeriod(match.conv.Terms())
		if row.ref != "" {
			key, what = "reference", "reference "+row.ref
		}
		errs.Add(importer.RowError{Row: row.row, Column: run.column(key), Code: "DUPLICATE_ROW",
			Msg: fmt.Sprintf("row %d already gives this convention (%s, %s, %s); keep one row per convention", match.row, p.SIRET.Formatted(), row.cert, what)})
		return entries, nil
	}
	if match == nil {
		return run.planNew(tx, errs, row, p, cert, entries, refuse)
	}
	return entries, run.planExisting(tx, errs, row, p, cert, entries, match, refuse)
}

// identify finds the convention a row gives: by reference when the row has
// one (or by period among the conventions without a reference), else by
// period.
func identify(entries []*convEntry, row convImportRow) *convEntry {
	if row.ref != "" {
		for _, e := range entries {
			if strings.EqualFold(strings.TrimSpace(e.conv.Reference), row.ref) {
				return e
			}
		}
	}
	for _, e := range entries {
		t := e.conv.Terms()
		if t.From == row.from && t.To == row.to && (row.ref == "" || e.conv.Reference == "") {
			return e
		}
	}
	return nil
}

// planNew plans a convention the register does not hold yet.
func (run *conventionImport) planNew(tx domain.Tx, errs *importer.ErrorList, row convImportRow, p *domain.Partner, cert *domain.Certification,
	entries []*convEntry, refuse func(error, string) error) ([]*convEntry, error) {
	created := row.signed
	if created.IsZero() {
		created = run.today
	}
	conv, warnings, err := domain.NewConvention(p, cert, domain.ConventionRequest{CreatedOn: created, From: row.from, To: row.to, Fees: row.fees, Reference: row.ref})
	if err != nil {
		return entries, refuse(importHint(err), ruleColumn(err, p, row))
	}
	if ok, err := run.noOverlap(errs, row, conv, nil, entries, refuse); !ok || err != nil {
		return entries, err
	}
	final := conv
	if !row.signed.IsZero() {
		final = conv.Clone()
		if err := final.Sign(row.signed, run.today); err != nil {
			return entries, refuse(err, "signed_on")
		}
		run.res.Signed++
	}
	entries = append(entries, &convEntry{conv: final, row: row.row})
	var values []string
	if run.res.Plan.KeepsChanges() {
		values = conventionValues(final)
	}
	run.res.Plan.Add(importer.Change{Entity: "convention", Action: importer.Create, Row: row.row, Changes: values})
	for _, w := range warnings {
		run.res.note(w)
	}
	if tx == nil || errs.Len() > 0 {
		return entries, nil
	}
	if err := tx.CreateConvention(conv); err != nil {
		return entries, err
	}
	if final != conv {
		final.ID, final.Number = conv.ID, conv.Number
		if err := tx.SaveConventionStatus("sign", conv, final); err != nil {
			return entries, err
		}
	}
	run.res.written(row.row, final, "created")
	return entries, nil
}

// planExisting plans a row that gives a convention the register holds: a
// draft takes the file's terms, and is signed when the file gives a
// signature date; a signed convention's terms and signature date are
// never changed. A missing reference is recorded.
func (run *conventionImport) planExisting(tx domain.Tx, errs *importer.ErrorList, row convImportRow, p *domain.Partner, cert *domain.Certification,
	entries []*convEntry, match *convEntry, refuse func(error, string) error) error {
	c := match.conv
	t := c.Terms()
	mid := c.Clone()
	var changes []string
	termsChanged, refSet := false, false
	if t.From != row.from || t.To != row.to || t.Fees != row.fees {
		if c.Status != domain.ConventionDraft || len(c.Versions) != 1 {
			errs.Add(lockedTerms(c, row, run.column(changedColumn(t, row))))
			return nil
		}
		h, err := domain.CheckConventionPeriod(p, cert, row.from, row.to)
		if err != nil {
			return refuse(importHint(err), ruleColumn(err, p, row))
		}
		if err := domain.FeesFitScope(row.fees, h.Scope); err != nil {
			return refuse(importHint(err), "fee_per_exam")
		}
		v := &mid.Versions[0]
		v.From, v.To, v.Fees = row.from, row.to, row.fees
		v.Scope, v.Blocs, v.Access = h.Scope, append([]string(nil), h.Blocs...), append([]domain.Access(nil), h.Access...)
		mid.HabilitationID = h.ID
		changes = append(changes, diffTerms(t, *v)...)
		termsChanged = true
		if ok, err := run.noOverlap(errs, row, mid, match, entries, refuse); !ok || err != nil {
			return err
		}
	}
	if row.ref != "" && strings.TrimSpace(mid.Reference) == "" {
		mid.Reference = row.ref
		changes = append(changes, fmt.Sprintf("reference: → %q", row.ref))
		refSet = true
	}
	final := mid
	if !row.signed.IsZero() {
		switch {
		case c.SignedOn.IsZero():
			final = mid.Clone()
			if err := final.Sign(row.signed, run.today); err != nil {
				return refuse(err, "signed_on")
			}
			changes = append(changes, fmt.Sprintf("status: %s → signed on %s", c.Status, row.signed))
			run.res.Signed++
		case c.SignedOn != row.signed:
			errs.Add(importer.RowError{Row: row.row, Column: run.column("signed_on"), Code: "CONVENTION_SIGNED_DATE",
				Msg: fmt.Sprintf("%s is recorded as signed on %s, the file says %s; an import does not change a recorded signature: correct the file (see 'habil convention show %d')", c.Number, c.SignedOn, row.signed, c.ID)})
			return nil
		}
	}
	match.conv, match.row = final, row.row
	action := importer.Unchanged
	if len(changes) > 0 {
		action = importer.Update
	}
	run.res.Plan.Add(importer.Change{Entity: "convention", ID: strconv.FormatInt(c.ID, 10), Action: action, Row: row.row, Changes: changes})
	if tx == nil || errs.Len() > 0 || action == importer.Unchanged {
		return nil
	}
	switch {
	case termsChanged:
		if err := tx.UpdateConventionDraft("edit", c, mid); err != nil {
			return err
		}
	case refSet:
		if err := tx.SaveConventionStatus("edit", c, mid); err != nil {
			return err
		}
	}
	if final != mid {
		if err := tx.SaveConventionStatus("sign", mid, final); err != nil {
			return err
		}
	}
	run.res.written(row.row, final, "updated")
	return nil
}

// noOverlap refuses conv when its period overlaps another convention of
// the same partner and certification, stored or given by an earlier row
// (self, the entry conv replaces, is skipped). It reports false when it
// recorded a refusal.
func (run *conventionImport) noOverlap(errs *importer.ErrorList, row convImportRow, conv *domain.Convention, self *convEntry,
	entries []*convEntry, refuse func(error, string) error) (bool, error) {
	for _, e := range entries {
		if e == self || !domain.ConventionsOverlap(conv, e.conv) {
			continue
		}
		if e.row > 0 {
			ot := e.conv.Terms()
			errs.Add(importer.RowError{Row: row.row, Column: run.column("from"), Code: "CONVENTION_OVERLAP",
				Msg: fmt.Sprintf("%s → %s overlaps the convention of row %d (%s → %s) for the same partner and certification; a period has one convention: correct the dates of one of the two rows",
					row.from, row.to, e.row, ot.From, e.conv.EffectiveEnd())})
			return false, nil
		}
		return false, refuse(domain.CheckNoOverlap(conv, []*domain.Convention{e.conv}), "from")
	}
	return true, nil
}

// lockedTerms is the refusal of a row that would change the terms of a
// convention an import may not rewrite (sent, signed, ended, terminated).
func lockedTerms(c *domain.Convention, row convImportRow, column string) importer.RowError {
	t := c.Terms()
	file := fmt.Sprintf("%s → %s, fees %s", row.from, row.to, row.fees.Summary())
	recorded := fmt.Sprintf("%s → %s, fees %s", t.From, t.To, t.Fees.Summary())
	msg := fmt.Sprintf("%s is %s: the file gives other terms (%s) than those recorded (%s)", c.Number, c.Status, file, recorded)
	if c.Status.Final() {
		msg += "; its terms can no longer change: correct the file"
	} else {
		msg += fmt.Sprintf("; an import does not rewrite them: an avenant is needed: habil convention amend %d --reason TEXT [--from D] [--to D] [--fee-per-candidate EUR]…", c.ID)
	}
	return importer.RowError{Row: row.row, Column: column, Code: "CONVENTION_TERMS_SIGNED", Msg: msg}
}

// changedColumn is the first column whose value differs from the terms.
func changedColumn(t domain.ConventionTerms, row convImportRow) string {
	switch {
	case t.From != row.from:
		return "from"
	case t.To != row.to:
		return "to"
	case t.Fees.PerCandidate != row.fees.PerCandidate:
		return "fee_per_candidate"
	case t.Fees.PerExam != row.fees.PerExam:
		return "fee_per_exam"
	}
	return "flat_fee"
}

// ruleColumn is the column a convention rule's refusal is about.
func ruleColumn(err error, p *domain.Partner, row convImportRow) string {
	var de *domain.Error
	if !errors.As(err, &de) {
		return ""
	}
	switch de.Code {
	case "PARTNER_WITHDRAWN":
		return "siret"
	case "CONVENTION_NO_HABILITATION":
		return "certification"
	case "CONVENTION_BEYOND_REGISTRATION", "DATES_ORDER", "CONVENTION_DATES":
		return "to"
	case "FEE_PER_EXAM_WITHOUT_ASSESSMENT":
		return "fee_per_exam"
	case "FEE_NEGATIVE":
		return "fee_per_candidate"
	case "CONVENTION_BEYOND_HABILITATION":
		// The start within a habilitation: the end is what goes beyond.
		for _, h := range p.Habilitations {
			if h.Certification == row.cert && !row.from.Before(h.From) && (h.To.IsZero() || !row.from.After(h.To)) {
				return "to"
			}
		}
		return "from"
	}
	return ""
}

// importHint rewrites the hints of rules that speak of command flags in
// the words of a spreadsheet.
func importHint(err error) error {
	var de *domain.Error
	if !errors.As(err, &de) {
		return err
	}
	switch de.Code {
	case "FEE_PER_EXAM_WITHOUT_ASSESSMENT":
		e := *de
		e.Hint = "empty the fee per exam cell, or habilitate the partner to assess first ('habil partner habilitate … --scope both')"
		return &e
	}
	return err
}

// conventionValues lists the values of a new convention.
func conventionValues(c *domain.Convention) []string {
	t := c.Terms()
	v := []string{
		"partner: " + string(c.PartnerSIRET),
		"certification: " + string(c.Certification),
		"status: " + string(c.Status),
		"drawn up on: " + c.CreatedOn.String(),
		"period: " + termsPeriod(t),
		"scope: " + string(t.Scope),
		"fees: " + t.Fees.Summary(),
	}
	if !c.SignedOn.IsZero() {
		v = append(v, "signed on: "+c.SignedOn.String())
	}
	if c.Reference != "" {
		v = append(v, "reference: "+c.Reference)
	}
	return v
}

// diffTerms lists what changes between two versions of a draft's terms.
func diffTerms(a, b domain.ConventionTerms) []string {
	var d []string
	str := func(field, x, y string) {
		if x != y {
			d = append(d, fmt.Sprintf("%s: %s → %s", field, x, y))
		}
	}
	str("period", termsPeriod(a), termsPeriod(b))
	str("fees", a.Fees.Summary(), b.Fees.Summary())
	str("scope", string(a.Scope), string(b.Scope))
	str("blocs", strings.Join(a.Blocs, ","), strings.Join(b.Blocs, ","))
	str("access", domain.AccessCodes(a.Access), domain.AccessCodes(b.Access))
	return d
}

// termsPeriod is "2025-03-01 → 2027-02-28".
func termsPeriod(t domain.ConventionTerms) string { return t.From.String() + " → " + t.To.String() }
