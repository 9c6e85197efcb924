package domain_test

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// An organisation still listed after its habilitation ended here: the
// finding carries the end date (Since), so that the declaration grace and
// 'partner declared' apply; on a closed fiche every finding is info.
func TestReconcileChangeDates(t *testing.T) {
	h := rcHab(7, "RNCP36141", domain.ScopeTrain, "2025-01-01")
	h.To = domain.MustDate("2025-12-31")
	p := rcPartner("81738914100018", "Formapro", domain.StatusActive, h)
	fiche := domain.ReconcileFiche{Cert: "RNCP36141", HasStatus: true, Partners: []domain.PublishedPartner{
		{SIRET: "81738914100018", Name: "FORMAPRO", Habilitation: "HABILITATION_FORMER", Status: "Actif"}}}
	in := domain.ReconcileInput{At: domain.MustDate("2026-03-15"), Partners: []*domain.Partner{p}, Fiches: []domain.ReconcileFiche{fiche}}
	got := domain.Reconcile(in)
	if len(got) != 1 || got[0].Kind != domain.ReconcileNotHabilitated || got[0].Since != h.To ||
		!strings.Contains(got[0].Message, "declare the end of its habilitation #7 (2025-01-01 → 2025-12-31) on your France Compétences space") ||
		!strings.Contains(got[0].Message, "it can sell training for RNCP36141 on Mon Compte Formation") {
		t.Fatalf("ended habilitation still listed: %+v", got)
	}
	// 2025-12-31 + 60 days = 2026-03-01: to declare until then, late after.
	for _, tc := range []struct{ at, code string }{{"2026-03-01", domain.FCRegisterMismatch}, {"2026-03-02", domain.FCDeclarationLate}} {
		due := domain.DueFindingsDeclared(got, domain.MustDate(tc.at), 60, nil)
		if len(due) != 1 || due[0].Code != tc.code {
			t.Errorf("at %s: %+v, want %s", tc.at, due, tc.code)
		}
	}
	due := domain.DueFindingsDeclared(got, domain.MustDate("2026-03-02"), 60,
		[]domain.FCDeclaration{{SIRET: "81738914100018", Certification: "RNCP36141", Date: domain.MustDate("2026-01-05")}})
	if len(due) != 1 || due[0].Code != domain.FCDeclared || due[0].Severity != domain.SeverityInfo {
		t.Errorf("declared: %+v", due)
	}
	// The same on a fiche marked inactive, or past its registration end: info, no hint to act.
	for _, f := range []domain.ReconcileFiche{{Inactive: true}, {EndDate: domain.MustDate("2026-03-14")}} {
		fi := fiche
		fi.Inactive, fi.EndDate = f.Inactive, f.EndDate
		in.Fiches = []domain.ReconcileFiche{fi}
		got := domain.Reconcile(in)
		if len(got) != 1 || got[0].Severity != domain.SeverityInfo || strings.Contains(got[0].Message, "declare the end") ||
			!strings.Contains(got[0].Message, "nothing to declare") {
			t.Errorf("closed fiche %+v: %+v", f, got)
		}
		if due := domain.DueFindingsDeclared(got, domain.MustDate("2026-06-01"), 60, nil); len(due) != 1 || due[0].Severity != domain.SeverityInfo {
			t.Errorf("closed fiche, late: %+v", due)
		}
	}
	// The registration ends today: the fiche is still open.
	fi := fiche
	fi.EndDate = in.At
	in.Fiches = []domain.ReconcileFiche{fi}
	if got := domain.Reconcile(in); len(got) != 1 || got[0].Severity != domain.SeverityError {
		t.Errorf("registration ends today: %+v", got)
	}
}
