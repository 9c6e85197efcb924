package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"

	_ "github.com/habil-app/habil/internal/csvfr"
)

// The session tests run over convApp (today 2025-01-15): the certifier
// (Académie, 73282932000074 — also the SIRET of Atelier Nord there, so
// these tests add their own partners), Formapro Lyon (85262016007290)
// habilitated "both" on RNCP35419 bloc 1 via FC and VAE from 2025-01-01 to
// 2026-12-31.

const (
	sessTrainer = domain.SIRET("81738914100018") // train only on RNCP35419
)

func sessApp(t *testing.T) *app.App {
	t.Helper()
	a, db := convApp(t)
	for _, q := range []string{
		`INSERT INTO certification_access(certification, access) VALUES ('RNCP35419', 'FI'), ('RNCP35419', 'FC'), ('RNCP35419', 'CL'), ('RNCP35419', 'VAE')`,
		`INSERT INTO certification_bloc(certification, code, label, position) VALUES ('RNCP35419', 'RNCP35419BC01', 'A', 0), ('RNCP35419', 'RNCP35419BC02', 'B', 1)`,
		`INSERT INTO partner(siret, name, status, created_at, updated_at) VALUES ('81738914100018', 'Écoles Réunies', 'active', 'x', 'x')`,
		`INSERT INTO habilitation(id, partner_siret, certification, scope, blocs, access, date_from, date_to, created_at, updated_at)
			VALUES (8, '81738914100018', 'RNCP35419', 'train', '', '', '2025-01-01', '2026-12-31', 'x', 'x')`,
	} {
		if _, err := db.SQL().ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return a
}

func sessFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func sessCreate(t *testing.T, a *app.App, partner domain.SIRET, date string) *domain.Session {
	t.Helper()
	res, err := a.CreateSession(context.Background(), app.SessionCreate{Certification: convRNCP, Partner: partner, Date: convDate(date)})
	if err != nil {
		t.Fatal(err)
	}
	return res.Session
}

func TestCreateSessionRules(t *testing.T) {
	a := sessApp(t)
	ctx := context.Background()
	s := sessCreate(t, a, convSIRET, "2025-06-10")
	if s.ID == 0 || s.PartnerName != "Formapro Lyon" {
		t.Fatalf("created: %+v", s)
	}
	for _, tc := range []struct {
		partner domain.SIRET
		date    string
		code    string
	}{
		{sessTrainer, "2025-06-10", "SESSION_ORGANISER_TRAIN_ONLY"},
		{convSIRET, "2024-12-10", "SESSION_PARTNER_NOT_HABILITATED"},
		{convSIRET, "2028-01-10", "SESSION_BEYOND_REGISTRATION"},
	} {
		_, err := a.CreateSession(ctx, app.SessionCreate{Certification: convRNCP, Partner: tc.partner, Date: convDate(tc.date)})
		convErr(t, err, domain.KindConflict, tc.code)
	}
	// The certifier organises with its own SIRET.
	own := sessCreate(t, a, "73282932000074", "2025-07-01")
	if own.ID == 0 {
		t.Fatal("the certifier's session not created")
	}
	// Edit: a date outside the habilitation is refused, the place changes.
	bad := convDate("2024-11-01")
	_, err := a.EditSession(ctx, app.SessionEdit{ID: s.ID, Date: &bad})
	convErr(t, err, domain.KindConflict, "SESSION_PARTNER_NOT_HABILITATED")
	place, cp := "Lyon 3e", "69003"
	if _, err := a.EditSession(ctx, app.SessionEdit{ID: s.ID, Place: &place, PostalCode: &cp, Jury: []string{"Anne Roy, professionnelle"}}); err != nil {
		t.Fatal(err)
	}
	got, err := a.Session(ctx, s.ID)
	if err != nil || got.Place != "Lyon 3e" || got.PostalCode != "69003" || len(got.Jury) != 1 {
		t.Errorf("edit: %+v %v", got, err)
	}
	l, err := a.ListSessions(ctx, app.SessionListRequest{Status: domain.SessionPlanned})
	if err != nil || len(l) != 2 {
		t.Errorf("planned sessions: %d %v", len(l), err)
	}
}

const sessHeader = "Nom de naissance;Prénom;Date de naissance;Sexe;Code INSEE commune de naissance;Pays de naissance;Voie d'accès;Type de VAE;Blocs visés;Organisme de formation;Aménagement\n"

func TestEnrollCandidates(t *testing.T) {
	a := sessApp(t)
	ctx := context.Background()
	s := sessCreate(t, a, convSIRET, "2025-06-10")
	good := sessFile(t, "candidats.csv", sessHeader+
		"Wróblewski;Łukasz;02/04/1990;M;99122;;FC;;BC01;;\n"+
		"Nguyễn;Thị Ánh;31/12/1985;F;;99243;VAE;congé VAE;BC01;;tiers-temps\n")
	enroll := func(path string, dry bool) (*app.EnrollResult, error) {
		return a.EnrollCandidates(ctx, app.EnrollRequest{SessionID: s.ID, File: path, DryRun: dry, Changes: dry})
	}
	res, err := enroll(good, true)
	if err != nil || res.Candidates.Created != 2 {
		t.Fatalf("dry run: %+v %v", res, err)
	}
	if got, _ := a.Session(ctx, s.ID); got.Enrolled != 0 {
		t.Fatal("a dry run enrolled")
	}
	res, err = enroll(good, false)
	if err != nil || res.Candidates.Created != 2 {
		t.Fatalf("enroll: %+v %v", res, err)
	}
	journal := convJournalCount(t, a)
	res, err = enroll(good, false)
	if err != nil || res.Candidates.Unchanged != 2 || res.Candidates.Changed() != 0 || convJournalCount(t, a) != journal {
		t.Errorf("re-import: %+v %v", res.Candidates, err)
	}
	got, _ := a.Session(ctx, s.ID)
	if len(got.Enrollments) != 2 || got.Enrollments[1].VAEType != domain.VAEConge || got.Enrollments[1].Candidate.BirthINSEE != "99243" ||
		got.Enrollments[0].Blocs[0] != "RNCP35419BC01" || got.Enrollments[1].Accommodation != "tiers-temps" {
		t.Errorf("stored: %+v", got.Enrollments)
	}
	// Every error of every row, nothing enrolled.
	bad := sessFile(t, "bad.csv", sessHeader+
		"Martin;Léa;31/02/1990;F;69123;;FC;;BC01;;\n"+ // impossible date
		"Petit;Paul;01/01/2030;M;6912;;FI;;BC02;;\n"+ // future birth date, bad INSEE code, route FI and bloc 2 not habilitated
		"Roux;Anne;01/01/1990;F;;Pologne;CA;;BC01;;\n"+ // country without code, route closed
		"Blanc;Marc;01/01/1990;M;69123;;VAE;;BC01;;\n") // VAE without type
	res, err = enroll(bad, false)
	lines := convErrors(t, nil2(res), err)
	for _, want := range []string{
		"bad.csv:2:Date de naissance: DATE_RANGE",
		"bad.csv:3:Date de naissance: BIRTH_DATE_FUTURE",
		"bad.csv:3:Code INSEE commune de naissance: BIRTH_INSEE",
		"bad.csv:3:Voie d'accès: ACCESS_NOT_HABILITATED",
		"bad.csv:3:Blocs visés: BLOC_NOT_HABILITATED",
		"bad.csv:4:Voie d'accès: ACCESS_CLOSED",
		"bad.csv:5:Type de VAE: VAE_TYPE_MISSING",
	} {
		if !strings.Contains(lines, want) {
			t.Errorf("missing %q in:\n%s", want, lines)
		}
	}
	if got, _ := a.Session(ctx, s.ID); got.Enrolled != 2 {
		t.Errorf("a rejected file enrolled: %d", got.Enrolled)
	}
	// The certifier's session: candidates name the partner that trained them.
	own := sessCreate(t, a, "73282932000074", "2025-07-01")
	f := sessFile(t, "own.csv", sessHeader+
		"Durand;Zoé;01/01/1990;F;69123;;FI;;;81738914100018;\n"+
		"Moreau;Jean;01/01/1990;M;69123;;FC;;;;\n"+ // no trainer
		"Wróblewski;Łukasz;02/04/1990;M;99122;;CL;;;;\n") // free candidate, known person
	res, err = a.EnrollCandidates(ctx, app.EnrollRequest{SessionID: own.ID, File: f})
	lines = convErrors(t, nil2(res), err)
	if !strings.Contains(lines, "own.csv:3:Organisme de formation: TRAINER_MISSING") || strings.Count(lines, "\n") != 0 {
		t.Errorf("certifier's session: %s", lines)
	}
	f = sessFile(t, "own2.csv", sessHeader+
		"Durand;Zoé;01/01/1990;F;69123;;FI;;;81738914100018;\n"+
		"Wróblewski;Łukasz;02/04/1990;M;99122;;CL;;;;\n")
	res, err = a.EnrollCandidates(ctx, app.EnrollRequest{SessionID: own.ID, File: f})
	if err != nil || res.Candidates.Created != 2 {
		t.Fatalf("certifier's session: %+v %v", res, err)
	}
	// R6113-16-4 2°: Formapro Lyon (both) trainees in the certifier's session.
	f = sessFile(t, "own3.csv", sessHeader+"Lefèvre;Inès;01/01/1990;F;69123;;FC;;BC01;85262016007290;\n")
	res, err = a.EnrollCandidates(ctx, app.EnrollRequest{SessionID: own.ID, File: f})
	if err != nil || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "R6113-16-4 2°") {
		t.Errorf("R6113-16-4 warning: %+v %v", res, err)
	}
	// A closed session takes no more candidates.
	err = a.Store.Update(ctx, func(tx domain.Tx) error {
		before, err := tx.Session(s.ID)
		if err != nil {
			return err
		}
		after := *before
		after.JuryDate = convDate("2025-06-20")
		return tx.UpdateSession("close", before, &after)
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = enroll(good, false)
	convErr(t, err, domain.KindConflict, "SESSION_JURY_CLOSED")
}

// nil2 gives convErrors an import result to read the errors from.
func nil2(r *app.EnrollResult) *app.ConventionImportResult {
	if r == nil {
		return &app.ConventionImportResult{}
	}
	return &app.ConventionImportResult{Errors: r.Errors}
}

func TestSessionLog(t *testing.T) {
	a := sessApp(t)
	ctx := context.Background()
	s := sessCreate(t, a, convSIRET, "2025-01-10")
	f := sessFile(t, "c.csv", sessHeader+"Wróblewski;Łukasz;02/04/1990;M;99122;;FC;;BC01;;\n")
	if _, err := a.EnrollCandidates(ctx, app.EnrollRequest{SessionID: s.ID, File: f}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SessionIncident(ctx, s.ID, convDate("2025-01-10"), "Coupure de courant"); err != nil {
		t.Fatal(err)
	}
	_, err := a.SessionIncident(ctx, s.ID, convDate("2025-02-10"), "demain")
	convErr(t, err, domain.KindConflict, "DATE_FUTURE")
	ev := sessFile(t, "emargement.pdf", "%PDF-1.4 feuille")
	events, err := a.SessionEvidence(ctx, s.ID, domain.Date{}, []string{ev})
	if err != nil || len(events) != 1 || events[0].Size != 16 || len(events[0].SHA256) != 64 {
		t.Fatalf("evidence: %+v %v", events, err)
	}
	_, err = a.SessionEvidence(ctx, s.ID, domain.Date{}, []string{ev, ev + ".missing"})
	convErr(t, err, domain.KindNotFound, "NOT_FOUND")
	e, err := a.RecordAppeal(ctx, app.SessionAppeal{ID: s.ID, Candidate: "WROBLEWSKI;lukasz;1990-04-02", Date: convDate("2025-01-12"),
		Text: "Conteste la note", Outcome: "Rejeté", OutcomeDate: convDate("2025-01-14")})
	if err != nil || e.EnrollmentID == 0 {
		t.Fatalf("appeal: %+v %v", e, err)
	}
	_, err = a.RecordAppeal(ctx, app.SessionAppeal{ID: s.ID, Candidate: "Nobody;X;01/01/1990", Date: convDate("2025-01-12"), Text: "x"})
	convErr(t, err, domain.KindNotFound, "NOT_FOUND")
	got, _ := a.Session(ctx, s.ID)
	if len(got.Events) != 3 || got.Events[0].Kind != domain.EventIncident || got.Events[1].Kind != domain.EventEvidence || got.Events[2].Outcome != "Rejeté" {
		t.Errorf("log: %+v", got.Events)
	}
}
