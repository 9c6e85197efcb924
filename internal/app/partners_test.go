package app_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/sqlite"
)

// Use cases of the partner register, over a real temp database. Helpers
// of the partner, report and admin tests are prefixed with "pa".

const (
	paSIRET  = domain.SIRET("81738914100018")
	paSIRET2 = domain.SIRET("73282932000074")
)

var paNow = time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)

// paApp opens an empty database (no certifier, no certification).
func paApp(t *testing.T) *app.App {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "habil.db"), sqlite.Options{Now: func() time.Time { return paNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return app.New(db, app.DefaultConfig(), func() time.Time { return paNow })
}

// paRegister is paApp with the certifier and RNCP36141 (blocs BC01, BC02).
func paRegister(t *testing.T) *app.App {
	t.Helper()
	a := paApp(t)
	name, siret := "Académie", domain.SIRET("35600000000048")
	if _, err := a.Init(context.Background(), app.CertifierUpdate{Name: &name, SIRET: &siret}); err != nil {
		t.Fatal(err)
	}
	err := a.Store.Update(context.Background(), func(tx domain.Tx) error {
		_, err := tx.SaveCertification(&domain.Certification{Code: "RNCP36141", Title: "Chargé de projets", Level: 6,
			EndDate: domain.MustDate("2028-12-31"),
			Blocs:   []domain.Bloc{{Code: "RNCP36141BC01", Label: "A"}, {Code: "RNCP36141BC02", Label: "B"}},
			Access:  []domain.Access{domain.AccessFI, domain.AccessCA, domain.AccessVAE}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func paMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func paCode(t *testing.T, err error, code string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != code {
		t.Fatalf("error %v, want code %s", err, code)
	}
}

func paAdd(t *testing.T, a *app.App, siret domain.SIRET, name string, status domain.PartnerStatus, date string) {
	t.Helper()
	_, err := a.AddPartner(context.Background(), &domain.Partner{SIRET: siret, Name: name, Status: status}, domain.MustDate(date), "")
	paMust(t, err)
}

func TestAddPartner(t *testing.T) {
	ctx := context.Background()
	a := paRegister(t)
	res, err := a.AddPartner(ctx, &domain.Partner{SIRET: paSIRET, Name: "  Formapro Lyon "}, domain.Date{}, "")
	paMust(t, err)
	if res.Date != domain.MustDate("2026-03-15") || res.Partner.Status != domain.StatusProspect || res.Partner.Name != "Formapro Lyon" {
		t.Errorf("added %+v on %s", res.Partner, res.Date)
	}
	p, err := a.Partner(ctx, paSIRET)
	paMust(t, err)
	if len(p.History) != 1 || p.History[0].Reason != "recorded" || p.StatusSince != domain.MustDate("2026-03-15") {
		t.Errorf("history %+v since %s", p.History, p.StatusSince)
	}
	_, err = a.AddPartner(ctx, &domain.Partner{SIRET: paSIRET, Name: "Again"}, domain.Date{}, "")
	paCode(t, err, "PARTNER_EXISTS")
	_, err = a.AddPartner(ctx, &domain.Partner{SIRET: paSIRET2, Name: "X", Status: domain.StatusWithdrawn}, domain.Date{}, "")
	paCode(t, err, "STATUS")
	if _, err := a.Partner(ctx, paSIRET2); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("a refused partner was written: %v", err)
	}
}

func TestEditPartner(t *testing.T) {
	ctx := context.Background()
	a := paRegister(t)
	paAdd(t, a, paSIRET, "Formapro", domain.StatusProspect, "2026-01-01")
	res, err := a.EditPartner(ctx, paSIRET, func(p *domain.Partner) error {
		p.Email = "contact@formapro.fr"
		return nil
	})
	paMust(t, err)
	if res.Change.Kind != domain.ChangeUpdated || len(res.Change.Changes) != 1 || !strings.Contains(res.Change.Changes[0], "email") {
		t.Errorf("change = %+v", res.Change)
	}
	res, err = a.EditPartner(ctx, paSIRET, func(p *domain.Partner) error { return nil })
	paMust(t, err)
	if res.Change.Kind != domain.ChangeUnchanged {
		t.Errorf("identical data: %+v", res.Change)
	}
	// An error from the edit aborts: nothing written.
	stop := domain.Invalid("X", "stop")
	_, err = a.EditPartner(ctx, paSIRET, func(p *domain.Partner) error { p.Name = "Other"; return stop })
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v", err)
	}
	p, _ := a.Partner(ctx, paSIRET)
	if p.Name != "Formapro" {
		t.Errorf("name = %q after an aborted edit", p.Name)
	}
	_, err = a.EditPartner(ctx, paSIRET2, func(p *domain.Partner) error { return nil })
	if domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown partner: %v", err)
	}
}

func TestChangeStatusAndWithdrawal(t *testing.T) {
	ctx := context.Background()
	a := paRegister(t)
	paAdd(t, a, paSIRET, "Formapro", domain.StatusProspect, "2026-01-10")
	// The first change may predate the recording (back-dated).
	res, err := a.ChangeStatus(ctx, paSIRET, domain.StatusActive, domain.MustDate("2026-01-02"), "convention signée")
	paMust(t, err)
	if res.From != domain.StatusProspect || !res.NoHabilitationInForce {
		t.Errorf("result %+v", res)
	}
	p, _ := a.Partner(ctx, paSIRET)
	if p.History[0].Date != domain.MustDate("2026-01-02") || p.StatusSince != domain.MustDate("2026-01-02") {
		t.Errorf("history %+v", p.History)
	}
	_, err = a.ChangeStatus(ctx, paSIRET, domain.StatusSuspended, domain.MustDate("2026-01-01"), "audit")
	paCode(t, err, "STATUS_DATE")
	_, err = a.ChangeStatus(ctx, paSIRET, domain.StatusProspect, domain.Date{}, "x")
	paCode(t, err, "STATUS_TRANSITION")
	_, err = a.ChangeStatus(ctx, paSIRET, domain.StatusSuspended, domain.Date{}, " ")
	paCode(t, err, "REASON_MISSING")

	running, err := a.Habilitate(ctx, &domain.Habilitation{PartnerSIRET: paSIRET, Certification: "RNCP36141", Scope: domain.ScopeBoth,
		From: domain.MustDate("2026-01-02"), To: domain.MustDate("2026-12-31")})
	paMust(t, err)
	future, err := a.Habilitate(ctx, &domain.Habilitation{PartnerSIRET: paSIRET, Certification: "RNCP36141", Scope: domain.ScopeTrain,
		From: domain.MustDate("2027-01-01")})
	paMust(t, err)
	res, err = a.ChangeStatus(ctx, paSIRET, domain.StatusWithdrawn, domain.MustDate("2026-04-01"), "fin")
	paMust(t, err)
	if len(res.Ended) != 2 || res.Removed(res.Ended[0]) || !res.Removed(res.Ended[1]) {
		t.Fatalf("ended %+v", res.Ended)
	}
	if res.Ended[0].To != domain.MustDate("2026-03-31") || res.Ended[0].EndReason != "partner withdrawn: fin" {
		t.Errorf("ended %+v", res.Ended[0])
	}
	p, _ = a.Partner(ctx, paSIRET)
	if len(p.Habilitations) != 1 || p.Habilitations[0].ID != running.Habilitation.ID || p.Status != domain.StatusWithdrawn {
		t.Errorf("after withdrawal: %s %+v (future #%d)", p.Status, p.Habilitations, future.Habilitation.ID)
	}
	_, err = a.ChangeStatus(ctx, paSIRET, domain.StatusActive, domain.Date{}, "retour")
	paCode(t, err, "STATUS_FINAL")
	// Every step is journaled.
	l, err := a.History(ctx, domain.JournalFilter{Entity: "habilitation"})
	paMust(t, err)
	var actions []string
	for _, e := range l {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, ",") != "create,create,end,delete" {
		t.Errorf("journal actions %v", actions)
	}
}

func TestHabilitateAndEnd(t *testing.T) {
	ctx := context.Background()
	a := paRegister(t)
	paAdd(t, a, paSIRET, "Formapro", domain.StatusActive, "2026-01-01")
	res, err := a.Habilitate(ctx, &domain.Habilitation{PartnerSIRET: paSIRET, Certification: "RNCP36141", Scope: domain.ScopeTrain,
		Blocs: []string{"BC02", "bc01"}, Access: []domain.Access{domain.AccessVAE, domain.AccessFI}, From: domain.MustDate("2026-01-01")})
	paMust(t, err)
	h := res.Habilitation
	if h.ID == 0 || strings.Join(h.Blocs, ",") != "RNCP36141BC01,RNCP36141BC02" || len(res.Partner.Habilitations) != 1 {
		t.Errorf("habilitation %+v", h)
	}
	_, err = a.Habilitate(ctx, &domain.Habilitation{PartnerSIRET: paSIRET, Certification: "RNCP36141", Scope: domain.ScopeAssess, From: domain.MustDate("2026-06-01")})
	if domain.KindOf(err) != domain.KindConflict {
		t.Errorf("overlap: %v", err)
	}
	_, err = a.Habilitate(ctx, &domain.Habilitation{PartnerSIRET: paSIRET, Certification: "RNCP99999", Scope: domain.ScopeAssess, From: domain.MustDate("2026-06-01")})
	if domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown certification: %v", err)
	}
	_, err = a.EndHabilitation(ctx, h.ID, domain.MustDate("2025-12-31"), "x")
	paCode(t, err, "END_BEFORE_START")
	_, err = a.EndHabilitation(ctx, h.ID, domain.MustDate("2026-06-30"), "")
	paCode(t, err, "REASON_MISSING")
	ended, err := a.EndHabilitation(ctx, h.ID, domain.MustDate("2026-06-30"), " non renouvelée ")
	paMust(t, err)
	if ended.To != domain.MustDate("2026-06-30") || ended.EndReason != "non renouvelée" {
		t.Errorf("ended %+v", ended)
	}
	_, err = a.EndHabilitation(ctx, h.ID, domain.MustDate("2026-06-30"), "again")
	paCode(t, err, "END_SAME")
	// The next one can start the day after.
	_, err = a.Habilitate(ctx, &domain.Habilitation{PartnerSIRET: paSIRET, Certification: "RNCP36141", Scope: domain.ScopeBoth, From: domain.MustDate("2026-07-01")})
	paMust(t, err)
}

func TestListPartnersAndExport(t *testing.T) {
	ctx := context.Background()
	a := paRegister(t)
	res, err := a.ListPartners(ctx, domain.PartnerFilter{})
	paMust(t, err)
	if len(res.Partners) != 0 || res.Total != 0 || res.Partners == nil {
		t.Errorf("empty register: %+v", res)
	}
	paAdd(t, a, paSIRET, "Zéphyr Formation", domain.StatusActive, "2026-01-01")
	paAdd(t, a, paSIRET2, "Élan", domain.StatusProspect, "2026-01-01")
	_, err = a.Habilitate(ctx, &domain.Habilitation{PartnerSIRET: paSIRET, Certification: "RNCP36141", Scope: domain.ScopeBoth, From: domain.MustDate("2026-01-01")})
	paMust(t, err)

	res, err = a.ListPartners(ctx, domain.PartnerFilter{})
	paMust(t, err)
	if len(res.Partners) != 2 || res.Partners[0].Name != "Élan" {
		t.Errorf("sorted by folded name: %v", res.Partners)
	}
	res, err = a.ListPartners(ctx, domain.PartnerFilter{Certification: "RNCP36141", HabilitatedAt: domain.MustDate("2026-03-01")})
	paMust(t, err)
	if len(res.Partners) != 1 || res.Partners[0].SIRET != paSIRET || len(res.Partners[0].Habilitations) != 1 {
		t.Errorf("habilitated: %v", res.Partners)
	}
	res, err = a.ListPartners(ctx, domain.PartnerFilter{Search: "nobody"})
	paMust(t, err)
	if len(res.Partners) != 0 || res.Total != 2 {
		t.Errorf("no match: %+v", res)
	}
	_, err = a.ListPartners(ctx, domain.PartnerFilter{Certification: "RS1"})
	if domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown certification: %v", err)
	}

	var got []*domain.Partner
	ex, err := a.ExportPartners(ctx, domain.PartnerFilter{Status: []domain.PartnerStatus{domain.StatusActive}}, func(l []*domain.Partner) (int, error) {
		got = l
		return 7, nil
	})
	paMust(t, err)
	if ex.Partners != 1 || ex.Rows != 7 || len(got) != 1 || got[0].SIRET != paSIRET {
		t.Errorf("export %+v %v", ex, got)
	}
	boom := errors.New("disk full")
	if _, err := a.ExportPartners(ctx, domain.PartnerFilter{}, func([]*domain.Partner) (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("writer error lost: %v", err)
	}
}
