package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
)

// PartnerImportRequest is one 'partner import'.
type PartnerImportRequest struct {
	File   string      // path of the .xlsx or .csv file
	Sheet  string      // workbook sheet ("" = the first)
	At     domain.Date // date the "in force" rule and status changes are judged on (zero: today)
	DryRun bool        // plan only: nothing is written
	// Reason is journaled with the status changes (default "import FILE").
	Reason string
	// Changes keeps each planned change in the result (dry run, --format json).
	Changes bool
	// Open opens the file (default importer.Open: the formats registered by the CLI).
	Open func(path, sheet string) (importer.Source, error)
	// Progress, when set, is called every few thousand rows read.
	Progress func(rows int)
}

// PartnerImportResult is what a partner import did (or, for a dry run,
// would do).
type PartnerImportResult struct {
	File   string // file name for messages
	Rows   int    // data rows read
	DryRun bool
	// Plan counts the partners and habilitations created, updated and left
	// unchanged (entities "partner" and "habilitation"), with each change
	// when the request asked for them.
	Plan          *importer.Plan
	Partners      importer.Counts
	Habilitations importer.Counts
	// StatusChanges lists the first MaxStatusLines statuses the import
	// sets: "SIRET NAME: active (new)" or "SIRET NAME: prospect → active";
	// MoreStatusChanges counts the others.
	StatusChanges     []string
	MoreStatusChanges int
	// Untouched is the number of partners of the register absent from the file.
	Untouched int
	// Warnings name the ignored columns.
	Warnings []string
	// Errors lists every error of every row (empty when the file was
	// accepted); the returned error is then the rejection (exit 3).
	Errors *importer.ErrorList
}

// MaxStatusLines bounds PartnerImportResult.StatusChanges.
const MaxStatusLines = 50

func (r *PartnerImportResult) statusChange(format string, args ...any) {
	if len(r.StatusChanges) >= MaxStatusLines {
		r.MoreStatusChanges++
		return
	}
	r.StatusChanges = append(r.StatusChanges, fmt.Sprintf(format, args...))
}

// Changed is the number of partners and habilitations written.
func (r *PartnerImportResult) Changed() int { return r.Partners.Changed() + r.Habilitations.Changed() }

// partnerFields are the partner columns of the file, merged over its rows.
const (
	pfName = iota
	pfNDA
	pfRole
	pfEmail
	pfPhone
	pfWebsite
	pfAddress
	pfRepresentative
	pfUAI
	pfQualiopiUntil
	pfStatus
	nPartnerFields
)

var partnerFieldKeys = [nPartnerFields]string{"name", "nda", "role", "email", "phone", "website", "address", "representative", "uai", "qualiopi_until", "status"}

// importedRow is one valid row, as Map returns it.
type importedRow struct {
	siret domain.SIRET
	vals  [nPartnerFields]string
	hab   *domain.Habilitation
	norm  *domain.Habilitation // shared certification, blocs and routes of hab
}

// filePartner is what the plan needs of one partner of the file: its
// merged columns, the row that gave each, and its habilitations. It is all
// the import keeps in memory per partner (not the parsed rows).
type filePartner struct {
	siret domain.SIRET
	// data holds the values, one after the other (copied out of the row,
	// so that the row's text is not kept); value i ends at ends[i].
	data  string
	ends  [nPartnerFields]uint16
	first int32
	given [nPartnerFields]int32 // row that gave each value
	habs  []fileHab
}

// val is the value of field i ("" when no row gave it).
func (fp *filePartner) val(i int) string {
	start := uint16(0)
	if i > 0 {
		start = fp.ends[i-1]
	}
	return fp.data[start:fp.ends[i]]
}

// vals returns every value.
func (fp *filePartner) vals() (v [nPartnerFields]string) {
	for i := range v {
		v[i] = fp.val(i)
	}
	return v
}

// setVals stores the values in one string.
func (fp *filePartner) setVals(v [nPartnerFields]string) {
	n := 0
	for _, x := range v {
		n += len(x)
	}
	var b strings.Builder
	b.Grow(n)
	for i, x := range v {
		b.WriteString(x)
		fp.ends[i] = uint16(min(b.Len(), 0xffff))
	}
	fp.data = b.String()
}

// fileHab is one habilitation of the file, compact: its certification and
// normalised blocs and routes are shared by the rows that give the same.
type fileHab struct {
	row      int32
	from, to int32 // packed dates (packDate)
	scope    domain.Scope
	norm     *domain.Habilitation // Certification, Blocs, Access
}

func packDate(d domain.Date) int32 {
	if d.IsZero() {
		return 0
	}
	return int32(d.Year()*512 + int(d.Month())*32 + d.Day())
}

func unpackDate(p int32) domain.Date {
	if p == 0 {
		return domain.Date{}
	}
	return domain.NewDate(int(p/512), time.Month(p/32%16), int(p%32))
}

// newFileHab packs h; norm, when given, holds h's certification, blocs and
// routes already (shared with other rows).
func newFileHab(row int, h *domain.Habilitation, norm *domain.Habilitation) fileHab {
	if norm == nil {
		norm = &domain.Habilitation{Certification: h.Certification, Blocs: h.Blocs, Access: h.Access}
	}
	return fileHab{row: int32(row), from: packDate(h.From), to: packDate(h.To), scope: h.Scope, norm: norm}
}

// hab is the habilitation of the partner siret.
func (fh fileHab) hab(siret domain.SIRET) domain.Habilitation {
	return domain.Habilitation{PartnerSIRET: siret, Certification: fh.norm.Certification, Scope: fh.scope,
		Blocs: fh.norm.Blocs, Access: fh.norm.Access, From: unpackDate(fh.from), To: unpackDate(fh.to)}
}

// inForce reports whether one of the file's habilitations of the partner
// is in force at date at.
func (fp *filePartner) inForce(at domain.Date) bool {
	for _, h := range fp.habs {
		if h.hab(fp.siret).InForce(at) {
			return true
		}
	}
	return false
}

func (fp *filePartner) row(field int) int {
	if r := fp.given[field]; r > 0 {
		return int(r)
	}
	return int(fp.first)
}

// normKey identifies a habilitation's bloc and route cells.
type normKey struct {
	cert          domain.CertCode
	blocs, access string
}

// partnerImport is the state of one run.
type partnerImport struct {
	req       PartnerImportRequest
	at        domain.Date
	reason    string
	certs     map[domain.CertCode]*domain.Certification
	known     []string
	byPartner map[domain.SIRET]*filePartner
	order     []*filePartner
	column    func(key string) string
	res       *PartnerImportResult
	norm      map[normKey]*domain.Habilitation // normalised bloc and route lists, by certification and cell texts
	lastNorm  *domain.Habilitation             // the entry of norm of the last row read
}

// ImportPartners imports a partner list (cli-contract.md, "Import headers",
// Partners): every row is read and checked (all the errors of every row
// are listed), the rows of one SIRET are merged, the result is planned
// against the register (create, update or unchanged per partner and per
// habilitation), and, unless it is a dry run, written in one transaction.
//
// The import is incremental: partners and habilitations absent from the
// file are left as they are. A row's habilitation updates the partner's
// habilitation on the same certification whose period overlaps it, or is
// added. The status follows domain.ImportedStatus at req.At; status
// changes are journaled with the reason "import FILE".
//
// Any invalid row, or a row refused by a rule, rejects the whole file
// (KindRejected, exit 3, nothing written; res.Errors lists them). A store
// error or a cancellation aborts and rolls back (the error is returned as
// it is: exit 1, or 130 for context.Canceled).
func (a *App) ImportPartners(ctx context.Context, req PartnerImportRequest) (*PartnerImportResult, error) {
	at := req.At
	if at.IsZero() {
		at = a.Today()
	}
	run := &partnerImport{
		req:       req,
		at:        at,
		reason:    importReason(req.Reason, req.File),
		byPartner: map[domain.SIRET]*filePartner{},
		res: &PartnerImportResult{File: filepath.Base(req.File), DryRun: req.DryRun,
			Plan: importer.NewPlan(req.Changes, "partner", "habilitation"), Errors: importer.NewErrorList(filepath.Base(req.File))},
	}
	var err error
	if run.certs, run.known, err = a.importCertifications(ctx); err != nil {
		return nil, err
	}

	pl := importer.Pipeline[importedRow]{
		Schema:   PartnerImportSchema,
		Map:      run.mapRow,
		Keep:     run.keep,
		Progress: req.Progress,
	}
	read, err := readImport(ctx, req.Open, req.File, req.Sheet, pl, func(read *importer.ReadResult) {
		run.res.File, run.res.Rows, run.res.Warnings, run.res.Errors = read.File, read.Rows, read.Warnings, read.Errors
		run.column = read.Column
	})
	if err != nil {
		return run.res, err
	}

	errs := read.Errors
	err = a.runImport(ctx, req.DryRun, errs, run.plan)
	if importAborted(err) {
		run.res.Errors, run.res.Warnings = importer.NewErrorList(run.res.File), nil
	}
	run.res.Partners = run.res.Plan.Counts("partner")
	run.res.Habilitations = run.res.Plan.Counts("habilitation")
	return run.res, err
}

// ---------------------------------------------------------------- reading

// mapRow reads and checks one row, recording every error of the row.
func (run *partnerImport) mapRow(rec *importer.Record) (importedRow, bool) {
	var r importedRow
	if s, ok := rec.Identifier("siret"); ok {
		siret, err := domain.ParseSIRET(s)
		if !rec.Fail("siret", err) {
			r.siret = siret
		}
	}
	r.vals[pfName] = rec.Text("name")
	if s, ok := rec.Identifier("nda"); ok && s != "" {
		nda, err := domain.ParseNDA(s)
		if !rec.Fail("nda", err) {
			r.vals[pfNDA] = string(nda)
		}
	}
	if v, ok := rec.Enum("role"); ok {
		r.vals[pfRole] = v
	}
	if s := rec.Text("email"); s != "" {
		e, err := domain.ParseEmail(s)
		if !rec.Fail("email", err) {
			r.vals[pfEmail] = e
		}
	}
	r.vals[pfPhone] = rec.Text("phone")
	if s := rec.Text("website"); s != "" {
		u, _, err := domain.NormalizeWebsite(s)
		if !rec.Fail("website", err) {
			r.vals[pfWebsite] = u
		}
	}
	r.vals[pfAddress] = domain.NormaliseLines(rec.Text("address")) // CRLF → LF, as stored
	r.vals[pfRepresentative] = rec.Text("representative")
	// The domain's text rule, reported on the column that holds the text:
	// a line break only in the address.
	for _, t := range []struct {
		key, what string
		lines     bool
	}{{"name", "the partner's name", false}, {"phone", "the phone", false}, {"representative", "the representative", false}, {"address", "the address", true}} {
		err := domain.CleanText(t.what, rec.Text(t.key))
		if t.lines {
			_, err = domain.CleanLines(t.what, rec.Text(t.key))
		}
		rec.Fail(t.key, err)
	}
	if d, ok := rec.Date("qualiopi_until"); ok {
		r.vals[pfQualiopiUntil] = d.String()
	}
	if s, ok := rec.Identifier("uai"); ok && s != "" {
		u, err := domain.ParseUAI(s)
		if !rec.Fail("uai", err) {
			r.vals[pfUAI] = u
		}
	}
	if v, ok := rec.Enum("status"); ok {
		r.vals[pfStatus] = v
	}
	if code := rec.Text("certification"); code != "" {
		r.hab = run.mapHabilitation(rec, code)
		r.norm = run.lastNorm
	} else {
		for _, k := range []string{"scope", "blocs", "access", "from", "to"} {
			if rec.Has(k) {
				rec.Errorf("certification", "CERTIFICATION_MISSING", "the row gives a habilitation (%s) but no certification code", rec.Column(k))
				break
			}
		}
	}
	return r, rec.OK()
}

// mapHabilitation reads the habilitation of a row, recording every problem
// (an unknown bloc, a closed route and reversed dates give three errors).
func (run *partnerImport) mapHabilitation(rec *importer.Record, code string) *domain.Habilitation {
	var c *domain.Certification
	cc, err := domain.ParseCertCode(code)
	if !rec.Fail("certification", err) {
		if c = run.certs[cc]; c == nil {
			hint := "record it first with 'habil certification import' or 'habil certification add'"
			if len(run.known) > 0 {
				hint = "known certifications: " + strings.Join(run.known, ", ")
			}
			rec.Errorf("certification", "CERTIFICATION_UNKNOWN", "%s is not in the database (%s)", cc, hint)
		}
	}
	h := &domain.Habilitation{Certification: cc}
	if v, ok := rec.Enum("scope"); ok {
		h.Scope = domain.Scope(v)
	} else if rec.Valid("scope") || !rec.Has("scope") {
		rec.Errorf("scope", "SCOPE_MISSING", "a habilitation needs its kind: former, évaluer or former et évaluer")
	}
	blocsText, accessText := rec.Text("blocs"), rec.Text("access")
	fromOK := false
	if d, ok := rec.Date("from"); ok && !d.IsZero() {
		h.From, fromOK = d, true
	} else if !rec.Has("from") {
		rec.Errorf("from", "FROM_MISSING", "a habilitation needs its start date")
	}
	if d, ok := rec.Date("to"); ok {
		h.To = d
	}
	// A column repeats few bloc and route lists: they are parsed and
	// normalised once per certification (and shared by the habilitations).
	key := normKey{cc, blocsText, accessText}
	run.lastNorm = nil
	if m, ok := run.norm[key]; ok && c != nil {
		h.Certification, h.Blocs, h.Access = m.Certification, m.Blocs, m.Access
		run.lastNorm = m
	} else {
		accessOK, blocsOK := true, true
		if blocsText != "" {
			h.Blocs = strings.FieldsFunc(blocsText, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '/' })
		}
		if accessText != "" {
			l, err := domain.ParseAccessList(accessText)
			accessOK = !rec.Fail("access", err)
			h.Access = l
		}
		if c == nil {
			return nil
		}
		if err := domain.NormaliseHabilitation(h, c); rec.Fail("blocs", err) {
			blocsOK = false
			h.Blocs = nil
			if accessOK {
				h.Access = nil
			}
		}
		if accessOK && blocsOK {
			if run.norm == nil || len(run.norm) >= 1024 {
				run.norm = map[normKey]*domain.Habilitation{}
			}
			run.lastNorm = &domain.Habilitation{Certification: c.Code, Blocs: h.Blocs, Access: h.Access}
			run.norm[normKey{c.Code, strings.Clone(blocsText), strings.Clone(accessText)}] = run.lastNorm
		}
		if !accessOK || !blocsOK {
			run.problems(rec, h, c, blocsOK, accessOK, fromOK)
			return nil
		}
	}
	run.problems(rec, h, c, true, true, fromOK)
	if !rec.OK() {
		return nil
	}
	return h
}

// problems records every rule problem of a habilitation on its column.
func (run *partnerImport) problems(rec *importer.Record, h *domain.Habilitation, c *domain.Certification, blocsOK, accessOK, fromOK bool) {
	// An ended or inactive fiche: only until the delivery deadline, with
	// an end date (the same rule as 'partner habilitate'); it says why,
	// instead of the bare BEYOND_REGISTRATION.
	var fiche error
	if fromOK {
		fiche = domain.CheckFicheOpen(c, "habilitation", h.To, run.at)
	}
	for _, e := range domain.HabilitationProblems(*h, c) {
		col := "certification"
		switch {
		case e.Code == "TRAIN_ON_CL":
			if !accessOK {
				continue
			}
			col = "access"
		case strings.HasPrefix(e.Code, "BLOC"):
			if !blocsOK {
				continue
			}
			col = "blocs"
		case strings.HasPrefix(e.Code, "ACCESS"):
			if !accessOK {
				continue
			}
			col = "access"
		case e.Code == "FROM_MISSING":
			continue // reported with the cell
		case e.Code == "DATES_ORDER" || e.Code == "BEYOND_REGISTRATION":
			if !fromOK && e.Code == "DATES_ORDER" {
				continue
			}
			col = "to"
			if e.Code == "BEYOND_REGISTRATION" && fiche != nil {
				continue
			}
		}
		rec.Fail(col, e)
	}
	if fiche != nil {
		rec.Fail("to", fiche)
	}
}

// keep merges a valid row into its partner, reporting the values that
// conflict with another row of the same SIRET (both rows named).
func (run *partnerImport) keep(rec *importer.Record, r importedRow) {
	fp := run.byPartner[r.siret]
	if fp == nil {
		fp = &filePartner{siret: r.siret, first: int32(rec.Row)}
		run.byPartner[r.siret] = fp
		run.order = append(run.order, fp)
	}
	vals, changed := fp.vals(), false
	for i, v := range r.vals {
		if v == "" {
			continue
		}
		if old := vals[i]; old != "" && old != v {
			rec.Errorf(partnerFieldKeys[i], "DUPLICATE_CONFLICT", "%q conflicts with %q given for the same SIRET %s on row %d",
				v, old, r.siret.Formatted(), fp.given[i])
			continue
		}
		if vals[i] == "" {
			vals[i], changed = v, true
			fp.given[i] = int32(rec.Row)
		}
	}
	if changed {
		fp.setVals(vals)
	}
	if r.hab != nil {
		for _, o := range fp.habs {
			oh := o.hab(r.siret)
			if oh.Certification == r.hab.Certification && oh.Overlaps(*r.hab) {
				rec.Errorf("from", "DUPLICATE_HABILITATION", "the habilitation on %s (%s) overlaps the one of row %d (%s) for the same SIRET %s",
					r.hab.Certification, r.hab.Period(), o.row, oh.Period(), r.siret.Formatted())
				return
			}
		}
		if rec.OK() {
			fp.habs = append(fp.habs, newFileHab(rec.Row, r.hab, r.norm))
		}
	}
}

// ---------------------------------------------------------------- planning and writing

// planBatch is how many partners are planned (and written) at a time:
// memory holds one batch of stored partners, not the register.
const planBatch = 500

// plan compares the file with the register batch by batch and, in a
// transaction, writes each batch as soon as it is planned (until a rule
// refuses a row: the transaction is then rolled back).
func (run *partnerImport) plan(ctx context.Context, r domain.Reader, tx domain.Tx, errs *importer.ErrorList) error {
	total, err := r.PartnerCount()
	if err != nil {
		return err
	}
	// A large first load (the register empty, or small beside the file)
	// builds the secondary indexes once, after the rows, in the same
	// transaction (a refusal or an error rolls the drop back too).
	bulk := tx != nil && len(run.order) >= bulkIndexMin && total*4 <= len(run.order)
	if bulk {
		if err := tx.SuspendImportIndexes(total == 0); err != nil {
			return err
		}
	}
	existing := 0
	sirets := make([]domain.SIRET, 0, planBatch)
	var batch []domain.PartnerImport
	var statuses []statusChange
	for start := 0; start < len(run.order); start += planBatch {
		if err := ctx.Err(); err != nil {
			return err
		}
		part := run.order[start:min(start+planBatch, len(run.order))]
		sirets = sirets[:0]
		for _, fp := range part {
			sirets = append(sirets, fp.siret)
		}
		states, err := r.PartnerStates(sirets)
		if err != nil {
			return err
		}
		existing += len(states)
		// The status history is only read for the partners whose status
		// the file changes (its date rule needs it).
		var moving []domain.SIRET
		for _, fp := range part {
			if p, ok := states[fp.siret]; ok {
				initial, target := domain.ImportedStatus(true, p.Status, domain.PartnerStatus(fp.val(pfStatus)), fp.inForce(run.at))
				if initial != target {
					moving = append(moving, fp.siret)
				}
			}
		}
		histories := map[domain.SIRET][]domain.StatusChange{}
		if len(moving) > 0 {
			if histories, err = r.PartnerHistories(moving); err != nil {
				return err
			}
		}
		batch, statuses = batch[:0], statuses[:0]
		for _, fp := range part {
			p, ok := states[fp.siret]
			if ok {
				if h := histories[fp.siret]; len(h) > 0 {
					p.History = h
					p.StatusSince = h[len(h)-1].Date
				}
			}
			op, sc := run.planPartner(fp, p, ok, errs)
			if op != nil {
				batch = append(batch, *op)
			}
			if sc != nil {
				statuses = append(statuses, *sc)
			}
		}
		if tx == nil || errs.Len() > 0 {
			continue // a dry run, or a refused file: plan on, write nothing
		}
		if err := tx.WritePartnerImport(batch, run.at, run.reason); err != nil {
			return err
		}
		for _, sc := range statuses {
			if _, err := tx.SetStatus(sc.siret, sc.to, run.at, run.reason); err != nil {
				re, ok := rowRefusal(err, sc.row, run.column("status"))
				if !ok {
					return err
				}
				errs.Add(re)
			}
		}
	}
	run.res.Untouched = total - existing
	if bulk && errs.Len() == 0 {
		return tx.RestoreImportIndexes()
	}
	return nil
}

// bulkIndexMin is the number of partners from which an import into an
// empty or small register rebuilds the indexes rather than maintain them.
const bulkIndexMin = 5000

type statusChange struct {
	siret domain.SIRET
	to    domain.PartnerStatus
	row   int
}

// planPartner plans one partner of the file against its stored state: the
// partner record and each habilitation are created, updated or unchanged.
// It returns what to write (nil: nothing) and the status change to make.
func (run *partnerImport) planPartner(fp *filePartner, stored *domain.Partner, exists bool, errs *importer.ErrorList) (*domain.PartnerImport, *statusChange) {
	refuse := func(err error, row int, key string) {
		col := ""
		if key != "" {
			col = run.column(key)
		}
		re, ok := rowRefusal(err, row, col)
		if !ok {
			re = importer.RowError{Row: row, Column: col, Code: "REFUSED", Msg: err.Error()}
		}
		errs.Add(re)
	}
	plan := run.res.Plan
	id := string(fp.siret)
	inForce := fp.inForce(run.at)
	var cur *domain.Partner
	if exists {
		cur = stored
	}
	var curStatus domain.PartnerStatus
	if cur != nil {
		curStatus = cur.Status
	}
	initial, target := domain.ImportedStatus(exists, curStatus, domain.PartnerStatus(fp.val(pfStatus)), inForce)

	op := &domain.PartnerImport{}
	var changes []string
	kind := importer.Unchanged
	if !exists {
		p := run.newPartner(fp, initial)
		if err := domain.ValidatePartner(p); err != nil {
			refuse(err, int(fp.first), "siret")
			return nil, nil
		}
		op.After = p
		kind = importer.Create
		if plan.KeepsChanges() {
			changes = partnerValues(p)
		}
		cur = p
	} else {
		merged := mergePartner(cur, fp)
		if changes = domain.DiffPartner(cur, merged); len(changes) > 0 {
			if err := domain.ValidatePartner(merged); err != nil {
				refuse(err, int(fp.first), "siret")
				return nil, nil
			}
			op.Before, op.After = cur, merged
			kind = importer.Update
		}
	}

	// The status.
	var sc *statusChange
	name := cur.Name
	if !exists && initial == domain.StatusActive {
		run.res.statusChange("%s %s: active (new)", fp.siret.Formatted(), name)
	}
	if target != initial {
		row := fp.row(pfStatus)
		since, onlyRecorded := run.at, true
		if exists {
			since = cur.StatusSince
			onlyRecorded = len(cur.History) == 1 && cur.History[0].From == ""
		}
		err := domain.CanTransition(initial, target)
		if err == nil {
			_, err = domain.CheckStatusDate(initial, since, run.at, onlyRecorded)
		}
		if err != nil {
			refuse(err, row, "status")
		} else {
			sc = &statusChange{siret: fp.siret, to: target, row: row}
			run.res.statusChange("%s %s: %s → %s", fp.siret.Formatted(), name, initial, target)
			changes = append(changes, fmt.Sprintf("status: %s → %s", initial, target))
			if kind == importer.Unchanged {
				kind = importer.Update
			}
		}
	}
	plan.Add(importer.Change{Entity: "partner", ID: id, Action: kind, Row: int(fp.first), Changes: changes})

	// Habilitations, in file order, against the partner's current list
	// (each row sees the ones written by the rows before it).
	list := cur.Habilitations
	if exists {
		list = append([]domain.Habilitation(nil), list...)
	}
	holder := *cur
	holder.Status = initial
	for _, fh := range fp.habs {
		h := fh.hab(fp.siret)
		match, err := domain.MatchHabilitation(h, list)
		switch {
		case err != nil:
			refuse(err, int(fh.row), "from")
		case match == nil:
			if err := domain.CanHabilitate(&holder); err != nil {
				refuse(err, int(fh.row), "certification")
				continue
			}
			list = append(list, h)
			op.Habilitations = append(op.Habilitations, domain.HabilitationImport{After: h})
			var values []string
			if plan.KeepsChanges() {
				values = habilitationValues(&h)
			}
			plan.Add(importer.Change{Entity: "habilitation", Action: importer.Create, Row: int(fh.row), Changes: values})
		default:
			old := *match
			h.ID = old.ID
			if h.EndReason == "" {
				h.EndReason = old.EndReason
			}
			if old.SameTerms(&h) {
				plan.Add(importer.Change{Entity: "habilitation", Action: importer.Unchanged, Row: int(fh.row)})
				continue
			}
			if err := domain.CanHabilitate(&holder); err != nil {
				refuse(err, int(fh.row), "certification")
				continue
			}
			if err := domain.CheckOverlap(h, list); err != nil {
				refuse(err, int(fh.row), "from")
				continue
			}
			*match = h
			o := old
			op.Habilitations = append(op.Habilitations, domain.HabilitationImport{Before: &o, After: h})
			plan.Add(importer.Change{Entity: "habilitation", ID: strconv.FormatInt(h.ID, 10), Action: importer.Update, Row: int(fh.row), Changes: diffHabilitation(&old, &h)})
		}
	}
	if op.After == nil && len(op.Habilitations) == 0 {
		return nil, sc
	}
	if op.After == nil {
		op.Before = cur
	}
	return op, sc
}

// newPartner is a partner the file adds, recorded with status.
func (run *partnerImport) newPartner(fp *filePartner, status domain.PartnerStatus) *domain.Partner {
	v := fp.vals()
	p := &domain.Partner{
		SIRET: fp.siret, Name: strings.TrimSpace(v[pfName]), NDA: domain.NDA(v[pfNDA]), Role: domain.Role(v[pfRole]), Status: status,
		Email: v[pfEmail], Phone: v[pfPhone], Website: v[pfWebsite], Address: v[pfAddress], Representative: v[pfRepresentative], UAI: v[pfUAI],
	}
	if p.Role == "" {
		p.Role = domain.RolePartner
	}
	p.Qualiopi.Categories = []string{}
	p.Qualiopi.ValidUntil, _ = domain.ParseOptionalDate(v[pfQualiopiUntil])
	return p
}

// mergePartner is the stored partner with the file's non-empty values (a
// file may leave columns out or empty: the stored value is kept). The
// status is not merged: it follows domain.ImportedStatus.
func mergePartner(old *domain.Partner, fp *filePartner) *domain.Partner {
	m := *old
	keep := func(dst *string, v string) {
		if strings.TrimSpace(v) != "" {
			*dst = v
		}
	}
	v := fp.vals()
	keep(&m.Name, v[pfName])
	if v[pfNDA] != "" {
		m.NDA = domain.NDA(v[pfNDA])
	}
	if v[pfRole] != "" {
		m.Role = domain.Role(v[pfRole])
	}
	keep(&m.Address, v[pfAddress])
	keep(&m.Representative, v[pfRepresentative])
	keep(&m.Email, v[pfEmail])
	keep(&m.Phone, v[pfPhone])
	keep(&m.Website, v[pfWebsite])
	if v[pfQualiopiUntil] != "" {
		m.Qualiopi.ValidUntil, _ = domain.ParseOptionalDate(v[pfQualiopiUntil])
	}
	keep(&m.UAI, v[pfUAI])
	m.Name = strings.TrimSpace(m.Name)
	return &m
}

// partnerValues lists the values of a new partner as "field: value".
func partnerValues(p *domain.Partner) []string {
	d := []string{}
	str := func(field, v string) {
		if v != "" {
			d = append(d, fmt.Sprintf("%s: %q", field, v))
		}
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
	str("qualiopi until", p.Qualiopi.ValidUntil.String())
	str("uai", p.UAI)
	return d
}

func habilitationValues(h *domain.Habilitation) []string {
	return []string{
		"partner: " + string(h.PartnerSIRET),
		"certification: " + string(h.Certification),
		"scope: " + string(h.Scope),
		"blocs: " + strings.Join(h.Blocs, ","),
		"access: " + domain.AccessCodes(h.Access),
		"period: " + h.Period(),
	}
}

func diffHabilitation(a, b *domain.Habilitation) []string {
	var d []string
	str := func(field, x, y string) {
		if x != y {
			d = append(d, fmt.Sprintf("%s: %s → %s", field, x, y))
		}
	}
	str("scope", string(a.Scope), string(b.Scope))
	str("blocs", strings.Join(a.Blocs, ","), strings.Join(b.Blocs, ","))
	str("access", domain.AccessCodes(a.Access), domain.AccessCodes(b.Access))
	str("period", a.Period(), b.Period())
	str("end reason", a.EndReason, b.EndReason)
	return d
}
