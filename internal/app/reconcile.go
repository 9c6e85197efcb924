package app

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/fcexport"
)

// ReconcileInput is what 'partner reconcile' compares.
type ReconcileInput struct {
	// Files are France Compétences exports (XML v4.1, its zips, the CSV
	// export zip or folder); none: the lists kept by 'certification import'.
	Files []string
	At    domain.Date // the habilitation state is judged at this date
}

// ReconcileResult is a reconciliation, stored.
type ReconcileResult struct {
	// Run is the stored run with every finding (including the habilitations
	// not listed yet whatever their age).
	Run *domain.ReconcileRun
	// Due are the findings reported at At: the declaration grace applied.
	Due []domain.Finding
	// Partners is how many partners of the register were compared.
	Partners int
	// Pending counts the habilitations not listed yet but within the grace
	// period of Grace days (a.Config.Check.FCDeclarationGraceDays).
	Pending int
	Grace   int
	// Notes are what the user should know about the files read (a fiche
	// with malformed fields, compared anyway).
	Notes []string
}

// Reconcile compares the partner register with the organisations France
// Compétences lists for each of our certifications, stores the run (that
// 'habil check' reports) and returns the findings due at in.At. A file that
// is not an export is an input error and nothing is stored.
func (a *App) Reconcile(ctx context.Context, in ReconcileInput) (*ReconcileResult, error) {
	grace := a.Config.Check.FCDeclarationGraceDays
	var certs []*domain.Certification
	cmp := domain.ReconcileInput{At: in.At}
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		if certs, err = r.Certifications(); err != nil {
			return err
		}
		if c, err := r.Certifier(); err == nil {
			cmp.CertifierSIRET = c.SIRET
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(certs) == 0 {
		return nil, domain.NotFound("no certification is recorded: there is nothing to reconcile").
			WithHint("import yours first with 'habil certification import FILE'")
	}
	res := &ReconcileResult{Grace: grace}
	run := &domain.ReconcileRun{At: in.At, HasStatus: true}
	if len(in.Files) == 0 {
		run.Source, run.Shape = "stored", "stored"
		for _, c := range certs {
			if c.Source == "" || c.Source == "manual" {
				cmp.Skipped = append(cmp.Skipped, domain.ReconcileSkip{Cert: c.Code,
					Reason: "it was recorded by hand, so no France Compétences list is stored for it: give the export file, or import it with 'habil certification import'"})
				continue
			}
			hasStatus := c.Source != "fc-csv"
			run.HasStatus = run.HasStatus && hasStatus
			cmp.Fiches = append(cmp.Fiches, domain.ReconcileFiche{Cert: c.Code, Partners: c.Partners, HasStatus: hasStatus,
				Inactive: c.Active != nil && !*c.Active, EndDate: c.EndDate})
			run.SourceDate = oldest(run.SourceDate, c.SourceDate)
		}
	} else if err := readExports(ctx, in.Files, certs, &cmp, run, res); err != nil {
		return nil, err
	}
	for _, fi := range cmp.Fiches {
		run.Certifications = append(run.Certifications, fi.Cert)
		run.Published += len(fi.Partners)
	}
	var decls []domain.FCDeclaration
	err = a.Store.Update(ctx, func(tx domain.Tx) error {
		var err error
		if cmp.Partners, err = tx.Partners(domain.PartnerFilter{}); err != nil {
			return err
		}
		if decls, err = tx.FCDeclarations(); err != nil {
			return err
		}
		run.Findings = domain.Reconcile(cmp)
		return tx.SaveReconcile(run)
	})
	if err != nil {
		return nil, err
	}
	res.Run, res.Partners = run, len(cmp.Partners)
	res.Due = domain.DueFindingsDeclared(run.Findings, in.At, grace, decls)
	res.Pending = len(run.Findings) - len(res.Due)
	if f := check.ExportOld(run, in.At, a.Config.Check.FCExportOldDays); f != nil {
		res.Due = append(res.Due, *f)
		domain.SortFindings(res.Due)
	}
	return res, nil
}

// readExports scans each export file for our certifications; a code found in
// several files keeps the last one.
func readExports(ctx context.Context, files []string, certs []*domain.Certification, in *domain.ReconcileInput, run *domain.ReconcileRun, res *ReconcileResult) error {
	codes := make([]domain.CertCode, len(certs))
	recorded := map[domain.CertCode]domain.Date{}
	for i, c := range certs {
		codes[i] = c.Code
		recorded[c.Code] = c.EndDate
	}
	found := map[domain.CertCode]domain.ReconcileFiche{}
	var shapes []string
	for _, path := range files {
		e, err := fcexport.Open(path)
		if err != nil {
			return err
		}
		r, err := e.Scan(ctx, fcexport.Selection{Codes: codes})
		e.Close()
		if err != nil {
			return err
		}
		shapes = append(shapes, string(r.Shape))
		run.SourceDate = oldest(run.SourceDate, r.Date)
		hasStatus := !r.Shape.IsCSV()
		run.HasStatus = run.HasStatus && hasStatus
		for _, fi := range r.Fiches {
			if len(fi.Problems) > 0 {
				res.Notes = append(res.Notes, fmt.Sprintf("fiche %s has malformed fields (%s); its partners are compared anyway.", fi.Cert.Code, fi.Problems[0].Short()))
			}
			end := fi.Cert.EndDate
			if end.IsZero() {
				end = recorded[fi.Cert.Code] // the export does not say: the registration end recorded
			}
			found[fi.Cert.Code] = domain.ReconcileFiche{Cert: fi.Cert.Code, Partners: fi.Cert.Partners, HasStatus: hasStatus,
				Inactive: fi.Cert.Active != nil && !*fi.Cert.Active, EndDate: end}
		}
	}
	run.Source, run.Shape = strings.Join(files, ", "), strings.Join(shapes, ",")
	var keys []domain.CertCode
	for k := range found {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return domain.CertCodeLess(keys[i], keys[j]) })
	for _, k := range keys {
		in.Fiches = append(in.Fiches, found[k])
	}
	why := "its fiche is not in " + strings.Join(baseNames(files), ", ")
	if run.HasStatus && len(files) == 1 {
		why += " (the XML export comes as one file for RNCP and one for RS: give both)"
	}
	for _, c := range codes {
		if _, ok := found[c]; !ok {
			in.Skipped = append(in.Skipped, domain.ReconcileSkip{Cert: c, Reason: why})
		}
	}
	return nil
}

func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p
		if j := strings.LastIndexAny(p, `/\`); j >= 0 {
			out[i] = p[j+1:]
		}
	}
	return out
}

// oldest keeps the older of two export dates (YYYY-MM-DD, "" unknown): an
// export is as old as its oldest file.
func oldest(a, b string) string {
	if a == "" || (b != "" && b < a) {
		return b
	}
	return a
}

// DeclareInput is what 'partner declared' records.
type DeclareInput struct {
	SIRET         domain.SIRET
	Certification domain.CertCode // "" = every certification of the partner
	Date          domain.Date     // the day the change was declared
}

// DeclareResult is a recorded declaration and the findings of the last
// reconcile it answers (reported as FC_DECLARED from now on).
type DeclareResult struct {
	Declaration domain.FCDeclaration
	Partner     *domain.Partner
	Answered    []domain.Finding
}

// Declare records that a change about a partner (a habilitation that starts
// or ends, a suspension, a withdrawal) was declared on the certifier's France
// Compétences space on in.Date, so that check stops reporting it as
// undeclared before the open-data export catches up. The partner (and the
// certification, when given) must exist; the date may not be in the future.
func (a *App) Declare(ctx context.Context, in DeclareInput) (*DeclareResult, error) {
	if err := domain.CheckDeclarationDate(in.Date, a.Today()); err != nil {
		return nil, err
	}
	res := &DeclareResult{Declaration: domain.FCDeclaration{SIRET: in.SIRET, Certification: in.Certification, Date: in.Date}}
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		var err error
		if res.Partner, err = tx.Partner(in.SIRET); err != nil {
			return err
		}
		if in.Certification != "" {
			if _, err := tx.Certification(in.Certification); err != nil {
				return err
			}
		}
		if err := tx.AddFCDeclaration(&res.Declaration); err != nil {
			return err
		}
		run, err := tx.LastReconcile()
		if err != nil || run == nil {
			return err
		}
		for _, f := range domain.DueFindingsDeclared(run.Findings, in.Date, 0, []domain.FCDeclaration{res.Declaration}) {
			if f.Code == domain.FCDeclared {
				res.Answered = append(res.Answered, f)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
