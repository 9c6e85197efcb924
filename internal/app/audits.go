package app

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
	"github.com/habil-app/habil/internal/report"
)

// AuditRecordRequest is what 'audit record' reads: a filled checklist of
// one partner's audit.
type AuditRecordRequest struct {
	SIRET     domain.SIRET
	File      string
	Sheet     string
	Date      domain.Date // the audit's date (required)
	Auditor   string      // required
	DryRun    bool
	Checklist *domain.Checklist // the configured checklist the item codes must belong to
	Open      func(path, sheet string) (importer.Source, error)
}

// AuditRecordResult is what RecordAudit read and stored.
type AuditRecordResult struct {
	File     string
	Rows     int
	Warnings []string
	Errors   *importer.ErrorList
	Audit    *domain.Audit // ID set unless dry run
}

// auditRow is one valid row of the filled checklist.
type auditRow struct {
	row  int
	item domain.AuditItem
}

// RecordAudit reads a filled checklist through the import pipeline and
// stores it as one audit of the partner, in one transaction. Every error of
// every row is reported (KindRejected, exit 3) and nothing is written; an
// unknown partner is NotFound; recording the same file for the same
// partner and date twice is a Conflict.
func (a *App) RecordAudit(ctx context.Context, req AuditRecordRequest) (*AuditRecordResult, error) {
	if req.Checklist == nil || len(req.Checklist.Items) == 0 {
		return nil, domain.Errorf(domain.KindInternal, "AUDIT_CHECKLIST", "no audit checklist is configured")
	}
	if req.Date.IsZero() {
		return nil, domain.Invalid("AUDIT_DATE", "the audit's date is required").WithHint("give --date D")
	}
	if strings.TrimSpace(req.Auditor) == "" {
		return nil, domain.Invalid("AUDIT_AUDITOR", "the auditor is required").WithHint("give --auditor NAME")
	}
	if req.Date.After(a.Today()) {
		return nil, domain.Conflict("AUDIT_DATE", "the audit's date %s is in the future", req.Date).WithHint("record an audit once it has taken place")
	}
	res := &AuditRecordResult{File: filepath.Base(req.File), Errors: importer.NewErrorList(filepath.Base(req.File))}
	// The partner first: an unknown SIRET is exit 1 whatever the file says.
	var partner *domain.Partner
	if err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		partner, err = r.Partner(req.SIRET)
		return err
	}); err != nil {
		return nil, err
	}

	var rows []auditRow
	seen := map[string]int{} // code → row
	pl := importer.Pipeline[auditRow]{
		Schema: AuditImportSchema,
		Map:    func(rec *importer.Record) (auditRow, bool) { return mapAuditRow(rec, req) },
		Keep: func(rec *importer.Record, r auditRow) {
			if prev, ok := seen[r.item.Code]; ok {
				rec.Errorf("code", "AUDIT_DUPLICATE_ITEM", "item %s is already given on row %d", r.item.Code, prev)
				return
			}
			seen[r.item.Code] = rec.Row
			rows = append(rows, r)
		},
	}
	_, err := readImport(ctx, req.Open, req.File, req.Sheet, pl, func(read *importer.ReadResult) {
		res.File, res.Rows, res.Warnings, res.Errors = read.File, read.Rows, read.Warnings, read.Errors
	})
	if err != nil {
		return res, err
	}

	au := &domain.Audit{PartnerSIRET: req.SIRET, PartnerName: partner.Name, Date: req.Date,
		Auditor: strings.TrimSpace(req.Auditor), ChecklistVersion: req.Checklist.Version, Source: res.File}
	for _, r := range rows {
		au.Items = append(au.Items, r.item)
	}
	res.Audit = au
	err = a.runImport(ctx, req.DryRun, res.Errors, func(ctx context.Context, r domain.Reader, tx domain.Tx, errs *importer.ErrorList) error {
		prev, err := r.Audits(domain.AuditFilter{Partner: req.SIRET})
		if err != nil {
			return err
		}
		for _, p := range prev {
			if p.Date == au.Date && p.Source == au.Source {
				return domain.Conflict("AUDIT_ALREADY_RECORDED", "%s of %s on %s is already recorded as audit %d", au.Source, req.SIRET, au.Date, p.ID).
					WithHint("see it with 'habil audit list --partner %s'; close its findings with 'habil audit close-finding %d CODE'", req.SIRET, p.ID)
			}
		}
		if tx == nil {
			return nil
		}
		return tx.CreateAudit(au)
	})
	if importAborted(err) {
		res.Errors, res.Warnings = importer.NewErrorList(res.File), nil
	}
	return res, err
}

// mapAuditRow reads and checks one row of a filled checklist.
func mapAuditRow(rec *importer.Record, req AuditRecordRequest) (auditRow, bool) {
	r := auditRow{row: rec.Row}
	code := strings.TrimSpace(rec.Text("code"))
	if code != "" {
		if it := req.Checklist.Item(code); it == nil {
			rec.Errorf("code", "AUDIT_UNKNOWN_ITEM", "%q is not an item of the checklist %s", code, req.Checklist.Version)
		} else {
			r.item.Code, r.item.Point = it.Code, it.Text
		}
	}
	if p := rec.Text("point"); p != "" && r.item.Point == "" {
		r.item.Point = p
	}
	status := rec.Text("status")
	if status != "" {
		st, err := domain.ParseItemStatus(status)
		if !rec.Fail("status", err) {
			r.item.Status = st
		}
	}
	r.item.Observations = rec.Text("observations")
	sev := rec.Text("severity")
	action := rec.Text("action")
	deadline, _ := rec.Date("deadline")
	switch r.item.Status {
	case domain.ItemNonCompliant:
		if sev == "" {
			rec.Errorf("severity", "AUDIT_SEVERITY", "a non-conformity needs its gravité: mineure or majeure")
		} else {
			s, err := domain.ParseFindingSeverity(sev)
			if !rec.Fail("severity", err) {
				r.item.Severity = s
			}
		}
		if action == "" {
			rec.Errorf("action", "AUDIT_ACTION", "a non-conformity needs its action corrective")
		}
		r.item.Action = action
		if deadline.IsZero() {
			if !rec.Has("deadline") { // an unreadable date is already reported
				rec.Errorf("deadline", "AUDIT_DEADLINE", "a non-conformity needs its échéance (the corrective action's deadline)")
			}
		} else if deadline.Before(req.Date) {
			rec.Errorf("deadline", "AUDIT_DEADLINE", "the échéance %s is before the audit's date %s", deadline.French(), req.Date.French())
		}
		r.item.Deadline = deadline
	case domain.ItemCompliant, domain.ItemNA:
		if sev != "" {
			rec.Errorf("severity", "AUDIT_SEVERITY", "a %s item has no gravité: only a non conforme item does", r.item.Status.French())
		}
	}
	return r, rec.OK()
}

// CloseFinding closes the non-conformity CODE of audit id on date with a
// note (refused when the item is not a finding, is already closed, or the
// date is before the audit or in the future).
func (a *App) CloseFinding(ctx context.Context, id int64, code string, date domain.Date, note string) (*domain.Audit, *domain.AuditItem, error) {
	if date.IsZero() {
		date = a.Today()
	}
	if strings.TrimSpace(note) == "" {
		return nil, nil, domain.Invalid("AUDIT_NOTE", "a note is required: say how the non-conformity was corrected").WithHint("give --note TEXT")
	}
	var after *domain.Audit
	var item *domain.AuditItem
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		before, err := tx.Audit(id)
		if err != nil {
			return err
		}
		cp := *before // the audit as it will be: its items are values
		cp.Items = slices.Clone(before.Items)
		after = &cp
		if item, err = after.Finding(code, "close"); err != nil {
			return err
		}
		switch {
		case !item.ClosedOn.IsZero():
			return domain.Conflict("AUDIT_FINDING_CLOSED", "the non-conformity %s of audit %d was already closed on %s", item.Code, id, item.ClosedOn)
		case date.Before(after.Date):
			return domain.Conflict("AUDIT_CLOSE_DATE", "%s is before the audit (%s)", date, after.Date).WithHint("give the date the corrective action was verified")
		case date.After(a.Today()):
			return domain.Conflict("AUDIT_CLOSE_DATE", "%s is in the future", date).WithHint("close the non-conformity once the corrective action is verified")
		}
		item.ClosedOn, item.Closure = date, strings.TrimSpace(note)
		return tx.SaveAuditItemClosure(before, after, item.ID)
	})
	if err != nil {
		return nil, nil, err
	}
	return after, item, nil
}

// AuditSummary is one audit as 'audit list' shows it.
type AuditSummary struct {
	Audit      *domain.Audit
	Items      int
	Findings   int
	Open       int
	Overdue    int
	Compliance domain.Compliance // of the partner, at the listing date
}

// AuditList lists the recorded audits (one partner's when set), oldest
// first; with openOnly, only those with a finding still open at.
func (a *App) AuditList(ctx context.Context, partner domain.SIRET, openOnly bool, at domain.Date) ([]AuditSummary, error) {
	if at.IsZero() {
		at = a.Today()
	}
	var list []*domain.Audit
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		if partner != "" {
			if _, err := r.Partner(partner); err != nil {
				return err
			}
		}
		var err error
		list, err = r.Audits(domain.AuditFilter{Partner: partner})
		return err
	})
	if err != nil {
		return nil, err
	}
	byPartner := map[domain.SIRET][]*domain.Audit{}
	for _, au := range list {
		byPartner[au.PartnerSIRET] = append(byPartner[au.PartnerSIRET], au)
	}
	var out []AuditSummary
	for _, au := range list {
		s := AuditSummary{Audit: au, Items: len(au.Items), Findings: len(au.Findings()), Open: len(au.OpenFindings(at)),
			Compliance: domain.ComplianceAt(byPartner[au.PartnerSIRET], at)}
		for _, it := range au.Items {
			if it.OverdueAt(at) {
				s.Overdue++
			}
		}
		if openOnly && s.Open == 0 {
			continue
		}
		out = append(out, s)
	}
	return out, nil
}

// PartnerCompliance is a partner's compliance status at d from its audits.
func (a *App) PartnerCompliance(ctx context.Context, siret domain.SIRET, d domain.Date) (domain.Compliance, error) {
	if d.IsZero() {
		d = a.Today()
	}
	var list []*domain.Audit
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		list, err = r.Audits(domain.AuditFilter{Partner: siret})
		return err
	})
	if err != nil {
		return "", err
	}
	return domain.ComplianceAt(list, d), nil
}

// AuditRecordSummary is the sentence 'audit record' prints on stderr.
func AuditRecordSummary(au *domain.Audit) string {
	f := au.Findings()
	if len(f) == 0 {
		return fmt.Sprintf("Audit of %s on %s: %d items, no non-conformity.", au.PartnerSIRET, au.Date, len(au.Items))
	}
	sort.SliceStable(f, func(i, j int) bool { return f[i].Deadline.Before(f[j].Deadline) })
	var parts []string
	major := 0
	for _, it := range f {
		if it.Severity == domain.SeverityMajor {
			major++
		}
		parts = append(parts, fmt.Sprintf("%s (%s) by %s", it.Code, it.Severity.French(), it.Deadline))
	}
	return fmt.Sprintf("Audit of %s on %s: %d items, %d non-conformities (%d major): %s.", au.PartnerSIRET, au.Date, len(au.Items), len(f), major, strings.Join(parts, ", "))
}

// AuditReportPDF writes the report of audit id, printed at at (today when
// zero), to out.
func (a *App) AuditReportPDF(ctx context.Context, id int64, at domain.Date, out string, r Renderer) (*report.AuditReportInput, Rendered, error) {
	if at.IsZero() {
		at = a.Today()
	}
	in := &report.AuditReportInput{At: at, Sections: map[string]string{}}
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		if in.Certifier, err = r.Certifier(); err != nil {
			return err
		}
		if in.Audit, err = r.Audit(id); err != nil {
			return err
		}
		if in.Partner, err = r.Partner(in.Audit.PartnerSIRET); err != nil {
			return err
		}
		all, err := r.Audits(domain.AuditFilter{Partner: in.Audit.PartnerSIRET})
		in.Compliance = domain.ComplianceAt(all, at)
		return err
	})
	if err != nil {
		return nil, Rendered{}, err
	}
	cl, err := a.AuditChecklist()
	if err != nil {
		return nil, Rendered{}, err
	}
	for _, it := range cl.Items {
		in.Sections[it.Code] = it.Section
	}
	if in.Logo, err = a.Logo(); err != nil {
		return nil, Rendered{}, err
	}
	res, err := RenderFile(out, ModePublic, dated(r, at), report.AuditReport(*in))
	return in, res, err
}

// SuspensionRequest is the precautionary suspension of R6113-16-6.
type SuspensionRequest struct {
	SIRET             domain.SIRET
	Date              domain.Date // today when zero
	Reason            string
	ObservationsUntil domain.Date // after Date
	Letter            string      // the notification letter PDF to write
}

// SuspensionResult is what Suspend did.
type SuspensionResult struct {
	StatusResult
	Letter  report.SuspensionLetterInput
	Written Rendered
}

// Suspend suspends the partner as a precaution (R6113-16-6) in one
// transaction — the status change (all its habilitations suspended with
// it), the deadline for its observations in the status history — then
// writes the notification letter, whose grounds are the non-conformities
// open past their deadline.
func (a *App) Suspend(ctx context.Context, req SuspensionRequest, r Renderer) (*SuspensionResult, error) {
	if req.Date.IsZero() {
		req.Date = a.Today()
	}
	if !req.ObservationsUntil.After(req.Date) {
		return nil, domain.Conflict("OBSERVATIONS_UNTIL", "the deadline for observations (%s) must come after the suspension (%s)", req.ObservationsUntil, req.Date).
			WithHint("give the partner time to answer, e.g. --observations-until %s", req.Date.AddDays(15))
	}
	res := &SuspensionResult{StatusResult: StatusResult{To: domain.StatusSuspended, Date: req.Date}}
	in := &res.Letter
	in.Date, in.Reason, in.ObservationsUntil = req.Date, req.Reason, req.ObservationsUntil
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		var err error
		if in.Certifier, err = tx.Certifier(); err != nil {
			return err
		}
		p, err := tx.Partner(req.SIRET)
		if err != nil {
			return err
		}
		ch, err := tx.SetStatus(req.SIRET, domain.StatusSuspended, req.Date, req.Reason)
		if err != nil {
			return err
		}
		res.Partner, res.From, res.Ended = p, p.Status, ch.Ended
		if err := tx.SetObservationsUntil(req.SIRET, req.ObservationsUntil); err != nil {
			return err
		}
		audits, err := tx.Audits(domain.AuditFilter{Partner: req.SIRET})
		for _, au := range audits {
			for _, it := range au.Items {
				if it.OverdueAt(req.Date) {
					in.Findings = append(in.Findings, report.SuspensionGround{AuditID: au.ID, AuditDate: au.Date, Item: it})
				}
			}
		}
		in.Partner = p
		return err
	})
	if err != nil {
		return nil, err
	}
	if in.Logo, err = a.Logo(); err != nil {
		return res, err
	}
	res.Written, err = RenderFile(req.Letter, ModePublic, dated(r, req.Date), report.SuspensionLetter(*in))
	return res, err
}
