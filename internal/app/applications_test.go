package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/pdf"

	_ "github.com/habil-app/habil/internal/csvfr"
)

const apSIRET = "81738914100018" // not in ckNetwork

const apFull = `critere;note;preuves;commentaire
existence_legale;3;Kbis;
nda;3;NDA;
qualiopi;2;Certificat;
formateurs;2;CV;
locaux_lms;3;;
programme_blocs;3;;
selection_positionnement;2;;
referent_handicap;1;;à désigner
capacite_evaluation;2;;
`

func TestApplicationApply(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe) // today 2026-02-01
	ckNetwork(t, db)

	// Unknown organisation without a name, unknown certification: nothing written.
	if _, err := a.Apply(ctx, app.ApplyRequest{SIRET: apSIRET, Certification: "RNCP35419", Scope: domain.ScopeBoth}); domain.KindOf(err) != domain.KindInvalid {
		t.Fatalf("no name: %v", err)
	}
	if _, err := a.Apply(ctx, app.ApplyRequest{SIRET: apSIRET, Certification: "RNCP99999", Scope: domain.ScopeBoth, Name: "X"}); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("unknown certification: %v", err)
	}
	if _, err := a.Partner(ctx, apSIRET); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("partner written after a refusal: %v", err)
	}
	// Formapro Lyon is habilitated on RNCP35419 for both: refused whatever the scope.
	_, err := a.Apply(ctx, app.ApplyRequest{SIRET: "85262016007290", Certification: "RNCP35419", Scope: domain.ScopeTrain})
	if domain.KindOf(err) != domain.KindConflict || !strings.Contains(err.Error(), "already habilitated") {
		t.Fatalf("already habilitated: %v", err)
	}

	res, err := a.Apply(ctx, app.ApplyRequest{SIRET: apSIRET, Certification: "RNCP35419", Scope: domain.ScopeBoth, Name: "Nouvel Organisme"})
	if err != nil || !res.NewPartner || res.Application.ID != 1 || res.Application.OpenedOn != domain.MustDate("2026-02-01") {
		t.Fatalf("apply: %+v %v", res, err)
	}
	p, err := a.Partner(ctx, apSIRET)
	if err != nil || p.Status != domain.StatusProspect || p.Name != "Nouvel Organisme" {
		t.Fatalf("prospect: %+v %v", p, err)
	}
	// An undecided application on the same certification: refused.
	if _, err := a.Apply(ctx, app.ApplyRequest{SIRET: apSIRET, Certification: "RNCP35419", Scope: domain.ScopeTrain}); domain.KindOf(err) != domain.KindConflict {
		t.Fatalf("second open application: %v", err)
	}
}

func TestApplicationAssessAndDecide(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe)
	ckNetwork(t, db)
	res, err := a.Apply(ctx, app.ApplyRequest{SIRET: apSIRET, Certification: "RNCP35419", Scope: domain.ScopeBoth, Name: "Nouvel Organisme"})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Application.ID

	// No assessment: no decision, nothing written.
	_, err = a.DecideApplication(ctx, app.DecideRequest{ID: id, Decision: domain.ApplicationAccept, Reason: "ok"})
	if domain.KindOf(err) != domain.KindConflict || !strings.Contains(err.Error(), "has no assessment") {
		t.Fatalf("decide unassessed: %v", err)
	}

	// Bad grid: every error at FILE:ROW:COLUMN, exit 3, nothing written.
	bad := writeFile(t, "bad.csv", "critere;note\nexistence_legale;3\nlocaux;2\nnda;4\ncapacite_evaluation;n/a\nnda;x\n")
	ar, err := a.AssessApplication(ctx, app.AssessRequest{ID: id, File: bad})
	if domain.KindOf(err) != domain.KindRejected {
		t.Fatalf("bad grid: %v", err)
	}
	var got []string
	for _, e := range ar.Errors.List() {
		got = append(got, e.String())
	}
	want := []string{
		`bad.csv:3:critere: GRID_CRITERION_UNKNOWN: "locaux" is not a criterion`,
		`bad.csv:4:note: GRID_SCORE: "4" is not a note`,
		`bad.csv:5:note: GRID_SCORE_REQUIRED: capacite_evaluation cannot be n/a`,
		`bad.csv:6:note: GRID_SCORE: "x" is not a note`,
	}
	if len(got) != len(want) {
		t.Fatalf("errors: %q", got)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("error %d: %q, want %q…", i, got[i], want[i])
		}
	}
	missing := writeFile(t, "missing.csv", "critere;note\nexistence_legale;3\n")
	if ar, err = a.AssessApplication(ctx, app.AssessRequest{ID: id, File: missing}); domain.KindOf(err) != domain.KindRejected || ar.Errors.Len() != 8 {
		t.Fatalf("missing criteria: %v", err)
	}
	// A dry run writes nothing.
	full := writeFile(t, "grille.csv", apFull)
	if _, err := a.AssessApplication(ctx, app.AssessRequest{ID: id, File: full, DryRun: true}); err != nil {
		t.Fatal(err)
	}
	if l, _ := a.Applications(ctx); l[0].Status() != "open" || len(l[0].Scores) != 0 {
		t.Fatalf("dry run wrote: %+v", l[0])
	}
	// Recorded, then replaced.
	ar, err = a.AssessApplication(ctx, app.AssessRequest{ID: id, File: full})
	if err != nil || ar.Replaced || ar.Application.TotalText() != "21/27 (78 %)" {
		t.Fatalf("assess: %+v %v", ar, err)
	}
	ar, err = a.AssessApplication(ctx, app.AssessRequest{ID: id, File: writeFile(t, "v2.csv", strings.Replace(apFull, "referent_handicap;1", "referent_handicap;3", 1))})
	if err != nil || !ar.Replaced || ar.Application.TotalText() != "23/27 (85 %)" {
		t.Fatalf("reassess: %+v %v", ar, err)
	}
	l, _ := a.Applications(ctx)
	if len(l[0].Scores) != 9 || l[0].Scores[7].Score != 3 || l[0].Scores[7].Comment != "à désigner" || l[0].AssessedFrom != "v2.csv" {
		t.Fatalf("stored grid: %+v", l[0].Scores)
	}

	// A reason is needed.
	if _, err := a.DecideApplication(ctx, app.DecideRequest{ID: id, Decision: domain.ApplicationAccept}); domain.KindOf(err) != domain.KindInvalid {
		t.Fatalf("no reason: %v", err)
	}
	// Accept: habilitation + draft convention over the period, in one go.
	dr, err := a.DecideApplication(ctx, app.DecideRequest{ID: id, Decision: domain.ApplicationAccept, Reason: "dossier complet",
		From: domain.MustDate("2026-03-01"), To: domain.MustDate("2027-06-30")})
	if err != nil {
		t.Fatal(err)
	}
	if dr.Convention.Status != domain.ConventionDraft || dr.Convention.HabilitationID != dr.Habilitation.ID ||
		dr.Habilitation.Scope != domain.ScopeBoth || dr.Habilitation.From != domain.MustDate("2026-03-01") || dr.Habilitation.To != domain.MustDate("2027-06-30") {
		t.Fatalf("accept: %+v %+v", dr.Convention, dr.Habilitation)
	}
	l, _ = a.Applications(ctx)
	if l[0].Status() != "accepted" || l[0].ConventionNumber != dr.Convention.Number || l[0].ConventionSigned || l[0].HabilitationID != dr.Habilitation.ID {
		t.Fatalf("stored decision: %+v", l[0])
	}
	// Decided once.
	if _, err := a.DecideApplication(ctx, app.DecideRequest{ID: id, Decision: domain.ApplicationRefuse, Reason: "non"}); domain.KindOf(err) != domain.KindConflict {
		t.Fatalf("decided twice: %v", err)
	}
	if _, err := a.AssessApplication(ctx, app.AssessRequest{ID: id, File: full}); domain.KindOf(err) != domain.KindConflict {
		t.Fatalf("assessed after decision: %v", err)
	}

	// The PDF of the filled grid.
	out := filepath.Join(t.TempDir(), "candidature.pdf")
	if _, err := a.ApplicationPDF(ctx, id, domain.Date{}, out, pdf.Renderer{}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(out); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("pdf: %v", err)
	}
}

func TestApplicationRefuseAndDefaults(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe)
	ckNetwork(t, db)
	res, err := a.Apply(ctx, app.ApplyRequest{SIRET: apSIRET, Certification: "RNCP35419", Scope: domain.ScopeTrain, Name: "Petit Organisme"})
	if err != nil {
		t.Fatal(err)
	}
	// Train only: the exam criterion may be n/a, and then counts nowhere.
	grid := strings.Replace(apFull, "capacite_evaluation;2", "capacite_evaluation;N/A", 1)
	ar, err := a.AssessApplication(ctx, app.AssessRequest{ID: res.Application.ID, File: writeFile(t, "g.csv", grid)})
	if err != nil || ar.Application.TotalText() != "19/24 (79 %)" {
		t.Fatalf("train-only grid: %+v %v", ar, err)
	}
	// A decision before the assessment is refused.
	if _, err := a.DecideApplication(ctx, app.DecideRequest{ID: res.Application.ID, Decision: domain.ApplicationRefuse, Reason: "x", Date: domain.MustDate("2026-01-15")}); domain.KindOf(err) != domain.KindConflict {
		t.Fatalf("decision before assessment: %v", err)
	}
	dr, err := a.DecideApplication(ctx, app.DecideRequest{ID: res.Application.ID, Decision: domain.ApplicationRefuse, Reason: "pas de Qualiopi"})
	if err != nil || dr.Convention != nil || dr.Habilitation != nil {
		t.Fatalf("refuse: %+v %v", dr, err)
	}
	p, _ := a.Partner(ctx, apSIRET)
	l, _ := a.Applications(ctx)
	if p.Status != domain.StatusProspect || len(p.Habilitations) != 0 || l[0].Status() != "refused" || l[0].Reason != "pas de Qualiopi" {
		t.Fatalf("refused: %+v %+v", p, l[0])
	}

	// Accept with the default period: from the decision's day to the end
	// of the registration (2027-12-31, before three years).
	res, err = a.Apply(ctx, app.ApplyRequest{SIRET: apSIRET, Certification: "RNCP35419", Scope: domain.ScopeTrain})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.AssessApplication(ctx, app.AssessRequest{ID: res.Application.ID, File: writeFile(t, "g2.csv", grid)}); err != nil {
		t.Fatal(err)
	}
	dr, err = a.DecideApplication(ctx, app.DecideRequest{ID: res.Application.ID, Decision: domain.ApplicationAccept, Reason: "dossier complété"})
	if err != nil || dr.Habilitation.From != domain.MustDate("2026-02-01") || dr.Habilitation.To != domain.MustDate("2027-12-31") {
		t.Fatalf("default period: %+v %v", dr, err)
	}
}

func TestApplicationGridRows(t *testing.T) {
	cert := &domain.Certification{Code: "RNCP1", Blocs: []domain.Bloc{{Code: "RNCP1BC01", Label: "Piloter"}}}
	rows := app.ApplicationGridRows(domain.ScopeTrain, cert)
	if len(rows) != len(domain.ApplicationCriteria) {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows {
		switch r[0] {
		case "capacite_evaluation":
			if r[2] != "n/a" {
				t.Errorf("train-only exam criterion: %q", r)
			}
		case "programme_blocs":
			if !strings.HasSuffix(r[1], "(RNCP1 : RNCP1BC01 Piloter)") {
				t.Errorf("programme label: %q", r[1])
			}
		default:
			if r[2] != "" {
				t.Errorf("pre-filled note: %q", r)
			}
		}
	}
	if rows := app.ApplicationGridRows(domain.ScopeBoth, nil); rows[len(rows)-1][2] != "" {
		t.Errorf("exam criterion pre-filled for both: %q", rows[len(rows)-1])
	}
}
