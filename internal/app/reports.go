package app

import (
	"context"
	"sort"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// Reports are a registry: each one has a name, the file formats it can be
// written as, and a build function over a read-only snapshot of the
// database and a date (--at). The CLI writes the table it returns with the
// XLSX or CSV adapter; 'report all' will iterate the registry.

// Column is one column of a report table.
type Column struct {
	Header string
	// Width in characters (0: from the header).
	Width float64
	// Text keeps the column's values as text in a spreadsheet (SIRETs keep
	// their digits).
	Text bool
}

// Table is what a report builds: headers and typed rows. Cells are string,
// int, float64, domain.Date (the zero date is an empty cell) or nil.
type Table struct {
	Sheet   string
	Columns []Column
	Rows    [][]any
}

// ReportParams are a report's inputs besides the snapshot.
type ReportParams struct {
	At domain.Date // the state is judged on this date
	// Certification limits the report to one certification (when it applies).
	Certification domain.CertCode
	// All also lists what is over (ended habilitations, withdrawn partners).
	All bool
}

// Report is one entry of the registry.
type Report struct {
	Name    string
	Title   string
	Formats []string // file extensions, e.g. ".xlsx", ".csv"
	Build   func(ctx context.Context, r domain.Reader, p ReportParams) (*Table, error)
}

// Reports returns the registry, in the order 'report all' writes them.
func Reports() []Report {
	return []Report{
		{Name: "habilitations", Title: "Habilitated organisations, as France Compétences publishes them",
			Formats: []string{".xlsx", ".csv"}, Build: buildHabilitations},
	}
}

// FindReport returns the report named name.
func FindReport(name string) (Report, error) {
	var names []string
	for _, r := range Reports() {
		if r.Name == name {
			return r, nil
		}
		names = append(names, r.Name)
	}
	return Report{}, domain.NotFound("there is no report %q", name).WithHint("reports: %s", strings.Join(names, ", "))
}

// BuildReport builds the report named name over one read snapshot.
func (a *App) BuildReport(ctx context.Context, name string, p ReportParams) (*Table, error) {
	rep, err := FindReport(name)
	if err != nil {
		return nil, err
	}
	if p.At.IsZero() {
		p.At = a.Today()
	}
	var t *Table
	err = a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		t, err = rep.Build(ctx, r, p)
		return err
	})
	return t, err
}

// HabilitationsColumns are the columns of the habilitations report: those
// France Compétences publishes, then the blocs and access routes recorded
// in habil and the partner's status.
var HabilitationsColumns = []Column{
	{Header: "NUMERO_FICHE"}, {Header: "INTITULE", Width: 50}, {Header: "SIRET_PARTENAIRE", Text: true},
	{Header: "NOM_PARTENAIRE", Width: 45}, {Header: "HABILITATION_PARTENAIRE", Width: 26}, {Header: "ETAT_HABILITATION"},
	{Header: "DATE_DEBUT"}, {Header: "DATE_FIN"}, {Header: "BLOCS"}, {Header: "VOIES_ACCES"}, {Header: "STATUT_PARTENAIRE"},
}

// buildHabilitations lists one row per habilitation with its France
// Compétences state at p.At (domain.FCHabilitationState); ended ones and
// withdrawn partners ("Supprimé") only with p.All. Rows are ordered by
// certification, partner name (without case or accents), then start date.
func buildHabilitations(_ context.Context, r domain.Reader, p ReportParams) (*Table, error) {
	certs := map[domain.CertCode]*domain.Certification{}
	list, err := r.Certifications()
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		certs[c.Code] = c
	}
	if p.Certification != "" && certs[p.Certification] == nil {
		_, err := r.Certification(p.Certification)
		if err == nil {
			err = domain.NotFound("%s is not in the database", p.Certification)
		}
		return nil, err
	}
	partners, err := r.Partners(domain.PartnerFilter{Certification: p.Certification})
	if err != nil {
		return nil, err
	}
	type row struct {
		partner *domain.Partner
		hab     domain.Habilitation
		state   string
	}
	var rows []row
	for _, pt := range partners {
		for _, h := range pt.Habilitations {
			if p.Certification != "" && h.Certification != p.Certification {
				continue
			}
			st := domain.FCHabilitationState(pt, h, p.At)
			if st == domain.FCStateDeleted && !p.All {
				continue
			}
			rows = append(rows, row{pt, h, st})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.hab.Certification != b.hab.Certification {
			return domain.CertCodeLess(a.hab.Certification, b.hab.Certification)
		}
		if fa, fb := domain.Fold(a.partner.Name), domain.Fold(b.partner.Name); fa != fb {
			return fa < fb
		}
		return a.hab.From.Before(b.hab.From)
	})
	t := &Table{Sheet: "Habilitations", Columns: HabilitationsColumns, Rows: make([][]any, 0, len(rows))}
	for _, r := range rows {
		title := ""
		if c := certs[r.hab.Certification]; c != nil {
			title = c.Title
		}
		blocs := "toute la certification"
		if len(r.hab.Blocs) > 0 {
			blocs = strings.Join(r.hab.Blocs, ", ")
		}
		access := "toutes"
		if len(r.hab.Access) > 0 {
			access = domain.AccessCodes(r.hab.Access)
		}
		t.Rows = append(t.Rows, []any{string(r.hab.Certification), title, string(r.partner.SIRET), r.partner.Name,
			r.hab.FCCode(), r.state, r.hab.From, r.hab.To, blocs, access, string(r.partner.Status)})
	}
	return t, nil
}
