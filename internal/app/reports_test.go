package app_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
)

// paSmallRegister: three partners (active, suspended, withdrawn) with a
// running, a future and an ended habilitation.
func paSmallRegister(t *testing.T) *app.App {
	t.Helper()
	ctx := context.Background()
	a := paRegister(t)
	paAdd(t, a, paSIRET, "Société Œuvre & Formation", domain.StatusActive, "2026-01-01")
	paAdd(t, a, paSIRET2, "Cœur de Métiers", domain.StatusActive, "2026-01-01")
	paAdd(t, a, "59214157663524", "Institut Régional", domain.StatusActive, "2026-01-01")
	for _, h := range []domain.Habilitation{
		{PartnerSIRET: paSIRET, Certification: "RNCP36141", Scope: domain.ScopeBoth, Blocs: []string{"BC01"}, From: domain.MustDate("2026-01-01")},
		{PartnerSIRET: paSIRET2, Certification: "RNCP36141", Scope: domain.ScopeTrain, From: domain.MustDate("2026-01-01"), To: domain.MustDate("2026-03-31")},
		{PartnerSIRET: "59214157663524", Certification: "RNCP36141", Scope: domain.ScopeAssess, Access: []domain.Access{domain.AccessVAE}, From: domain.MustDate("2026-09-01")},
	} {
		_, err := a.Habilitate(ctx, &h)
		paMust(t, err)
	}
	return a
}

func TestEveryReportBuildsOnAnEmptyAndASmallDatabase(t *testing.T) {
	ctx := context.Background()
	if len(app.Reports()) == 0 {
		t.Fatal("the registry is empty")
	}
	for name, a := range map[string]*app.App{"empty": paApp(t), "small": paSmallRegister(t)} {
		for _, rep := range app.Reports() {
			t.Run(name+"/"+rep.Name, func(t *testing.T) {
				if rep.Title == "" || len(rep.Formats) == 0 || rep.Build == nil {
					t.Fatalf("incomplete registry entry %+v", rep)
				}
				tab, err := a.BuildReport(ctx, rep.Name, app.ReportParams{At: domain.MustDate("2026-06-01")})
				paMust(t, err)
				if tab.Sheet == "" || len(tab.Columns) == 0 {
					t.Fatalf("table without sheet or columns: %+v", tab)
				}
				for i, r := range tab.Rows {
					if len(r) != len(tab.Columns) {
						t.Errorf("row %d has %d cells for %d columns", i, len(r), len(tab.Columns))
					}
				}
				if name == "empty" && len(tab.Rows) != 0 {
					t.Errorf("%d rows on an empty database", len(tab.Rows))
				}
			})
		}
	}
	if _, err := paApp(t).BuildReport(ctx, "nope", app.ReportParams{}); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown report: %v", err)
	}
}

func TestHabilitationsReport(t *testing.T) {
	ctx := context.Background()
	a := paSmallRegister(t)
	_, err := a.ChangeStatus(ctx, paSIRET2, domain.StatusSuspended, domain.MustDate("2026-02-01"), "audit")
	paMust(t, err)
	tab, err := a.BuildReport(ctx, "habilitations", app.ReportParams{At: domain.MustDate("2026-06-01")})
	paMust(t, err)
	got := fmt.Sprint(tab.Rows)
	want := fmt.Sprint([][]any{
		{"RNCP36141", "Chargé de projets", "59214157663524", "Institut Régional", "HABILITATION_ORGANISER", "À venir", domain.MustDate("2026-09-01"), domain.Date{}, "toute la certification", "VAE", "active"},
		{"RNCP36141", "Chargé de projets", string(paSIRET), "Société Œuvre & Formation", "HABILITATION_ORGA_FORM", "Actif", domain.MustDate("2026-01-01"), domain.Date{}, "RNCP36141BC01", "toutes", "active"},
	})
	if got != want {
		t.Errorf("rows\n%s\nwant\n%s", got, want)
	}
	tab, err = a.BuildReport(ctx, "habilitations", app.ReportParams{At: domain.MustDate("2026-06-01"), All: true})
	paMust(t, err)
	if len(tab.Rows) != 3 || tab.Rows[0][3] != "Cœur de Métiers" || tab.Rows[0][5] != domain.FCStateDeleted {
		t.Errorf("--all: %v", tab.Rows)
	}
	tab, err = a.BuildReport(ctx, "habilitations", app.ReportParams{At: domain.MustDate("2026-02-15")})
	paMust(t, err)
	for _, r := range tab.Rows {
		if r[3] == "Cœur de Métiers" && r[5] != domain.FCStateInactive {
			t.Errorf("suspended partner's habilitation: %v", r)
		}
	}
	_, err = a.BuildReport(ctx, "habilitations", app.ReportParams{Certification: "RS1"})
	if domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown certification: %v", err)
	}
}
