package app

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/report"
)

// The entries of the 'report all' registry that belong to the network as a
// whole: the dashboard, the habilitations list, the audit plan, the
// conventions ending soon and the check's findings. The other areas
// (France Compétences statistics, royalties, the accrochage preview)
// register theirs in their own files.

func init() {
	RegisterBundle(Bundle{Name: "network dashboard", Build: bundleNetwork})
	RegisterBundle(Bundle{Name: "habilitations", Build: bundleHabilitations})
	RegisterBundle(Bundle{Name: "audit plan", Build: bundleAuditPlan})
	RegisterBundle(Bundle{Name: "conventions ending", Build: bundleConventionsEnding})
	RegisterBundle(Bundle{Name: "check", Build: bundleCheck})
}

func workbookFile(w Writers, name string, sheets ...*Table) ([]OutFile, error) {
	b, err := w.Workbook(sheets)
	if err != nil {
		return nil, err
	}
	return []OutFile{{Name: name, Data: b, Personal: true}}, nil
}

func bundleHabilitations(ctx context.Context, a *App, p BundleParams) ([]OutFile, error) {
	t, err := a.BuildReport(ctx, "habilitations", ReportParams{At: p.At})
	if err != nil {
		return nil, err
	}
	return workbookFile(p.Writers, "habilitations.xlsx", t)
}

// AuditPlanTable is the audit plan as a spreadsheet with French headers
// (audit plan --out and report all).
func AuditPlanTable(res *AuditPlanResult) *Table {
	t := &Table{Sheet: "Plan d'audit " + res.At.String(), Columns: []Column{
		{Header: "Rang", Width: 6}, {Header: "SIRET", Text: true, Width: 16}, {Header: "Raison sociale", Width: 36},
		{Header: "Score", Width: 8}, {Header: "Motifs", Width: 80}, {Header: "Dernier audit", Width: 14},
		{Header: "Constats ouverts", Width: 10}, {Header: "Conformité", Width: 22},
	}}
	for i, e := range res.Entries {
		t.Rows = append(t.Rows, []any{i + 1, string(e.SIRET), e.Name, e.Score, strings.Join(e.Reasons, " ; "),
			e.LastAudit, e.OpenFindings, e.Compliance.French()})
	}
	return t
}

func bundleAuditPlan(ctx context.Context, a *App, p BundleParams) ([]OutFile, error) {
	res, err := a.auditPlanAt(ctx, p.At)
	if err != nil {
		return nil, err
	}
	return workbookFile(p.Writers, "audit-plan.xlsx", AuditPlanTable(res))
}

// ConventionsEnding lists the signed conventions in force at at that end
// within the CONVENTION_EXPIRING threshold, and those that ended while
// their partner is still active, soonest end first.
func (a *App) ConventionsEnding(ctx context.Context, at domain.Date) (*Table, error) {
	days := a.Config.Check.ConventionExpiringDays
	t := &Table{Sheet: "Conventions à renouveler", Columns: []Column{
		{Header: "Convention", Width: 18}, {Header: "SIRET", Text: true, Width: 18}, {Header: "Partenaire", Width: 34},
		{Header: "Certification", Width: 14}, {Header: "Fin", Width: 12}, {Header: "Jours restants", Width: 10},
		{Header: "Statut", Width: 12}, {Header: "Renouvelée par", Width: 18},
	}}
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		convs, err := r.Conventions(domain.ConventionFilter{})
		if err != nil {
			return err
		}
		partners, err := r.Partners(domain.PartnerFilter{NoHistory: true})
		if err != nil {
			return err
		}
		status := map[domain.SIRET]domain.PartnerStatus{}
		for _, p := range partners {
			status[p.SIRET] = p.Status
		}
		var list []*domain.Convention
		for _, c := range convs {
			if c.SignedOn.IsZero() || c.RenewedByID != 0 {
				continue
			}
			end := c.EffectiveEnd()
			if end.IsZero() {
				continue
			}
			left := at.DaysUntil(end)
			switch {
			case c.InForce(at) && left <= days:
			case end.Before(at) && status[c.PartnerSIRET] == domain.StatusActive && c.TerminatedOn.IsZero():
			default:
				continue
			}
			list = append(list, c)
		}
		sort.SliceStable(list, func(i, j int) bool {
			if x := list[i].EffectiveEnd().Compare(list[j].EffectiveEnd()); x != 0 {
				return x < 0
			}
			return list[i].Number < list[j].Number
		})
		for _, c := range list {
			end := c.EffectiveEnd()
			t.Rows = append(t.Rows, []any{c.Number, string(c.PartnerSIRET), c.PartnerName, string(c.Certification), end,
				at.DaysUntil(end), c.Status.French(), c.RenewedByNumber})
		}
		return nil
	})
	return t, err
}

func bundleConventionsEnding(ctx context.Context, a *App, p BundleParams) ([]OutFile, error) {
	t, err := a.conventionsEndingAt(ctx, p.At)
	if err != nil {
		return nil, err
	}
	return workbookFile(p.Writers, "conventions-ending.xlsx", t)
}

// severityFrench words a finding's severity in documents.
var severityFrench = map[domain.Severity]string{
	domain.SeverityError: "erreur", domain.SeverityWarning: "alerte", domain.SeverityInfo: "information",
}

// CheckDocument prints the check's findings (check.pdf of 'report all').
func (a *App) CheckDocument(ctx context.Context, at domain.Date, findings []domain.Finding) (*report.Document, error) {
	c, err := a.Certifier(ctx)
	if err != nil {
		return nil, err
	}
	counts := map[domain.Severity]int{}
	byCode := map[string]int{}
	var codes []string
	rows := make([][]string, 0, len(findings))
	for _, f := range findings {
		counts[f.Severity]++
		if byCode[f.Code] == 0 {
			codes = append(codes, f.Code)
		}
		byCode[f.Code]++
		rows = append(rows, []string{severityFrench[f.Severity], f.Code, f.Subject, f.Message})
	}
	sort.Strings(codes)
	summary := make([][]string, 0, len(codes))
	for _, code := range codes {
		summary = append(summary, []string{code, fmt.Sprint(byCode[code])})
	}
	note := fmt.Sprintf("%d erreur(s), %d alerte(s), %d information(s) au %s.", counts[domain.SeverityError],
		counts[domain.SeverityWarning], counts[domain.SeverityInfo], at.French())
	doc := report.TablesDocument("Contrôle de conformité du réseau", c.Name+" — situation au "+at.French(),
		"Contrôle de conformité — "+at.French(), c.Name, []report.Section{
			{Heading: "Synthèse", Note: note, Header: []string{"Code", "Constats"}, Rows: summary, Widths: []float64{3, 1},
				Empty: "Aucun constat : toutes les règles sont respectées à cette date."},
			{Heading: "Constats", Header: []string{"Gravité", "Code", "Objet", "Constat"}, Rows: rows,
				Widths: []float64{1.2, 2.6, 2, 8}, Empty: "Aucun constat."},
		})
	return doc, nil
}

func bundleCheck(ctx context.Context, a *App, p BundleParams) ([]OutFile, error) {
	js, err := p.Writers.FindingsJSON(p.Findings)
	if err != nil {
		return nil, err
	}
	doc, err := a.CheckDocument(ctx, p.At, p.Findings)
	if err != nil {
		return nil, err
	}
	pdf, err := p.Writers.PDF(doc)
	if err != nil {
		return nil, err
	}
	return []OutFile{{Name: "check.json", Data: js}, {Name: "check.pdf", Data: pdf}}, nil
}
