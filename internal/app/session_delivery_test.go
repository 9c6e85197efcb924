package app_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/pdf"
	"github.com/habil-app/habil/internal/sqlite"
)

// delivApp is an App over a fresh temp database: the certifier, RNCP38123
// (three blocs), Formapro Lyon, and a session of 2026-06-10 at Formapro
// with three candidates enrolled (Łukasiewicz, Nguyễn targeting BC02 and
// BC03, Durand). Today is 2026-07-01.
func delivApp(t *testing.T) (*app.App, int64) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.Local)
	clock := func() time.Time { return now }
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "habil.db"), sqlite.Options{Now: clock})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{
		`INSERT INTO certifier(id, name, siret, address, created_at, updated_at) VALUES (1, 'Académie', '73282932000074', '1 rue X
75001 Paris', 'x', 'x')`,
		`INSERT INTO certification(code, title, level, end_date, created_at, updated_at) VALUES ('RNCP38123', 'Gestionnaire de paie', 5, '2028-12-31', 'x', 'x')`,
		`INSERT INTO certification_bloc(certification, code, label, position) VALUES ('RNCP38123', 'RNCP38123BC01', 'Dossier social', 1),
			('RNCP38123', 'RNCP38123BC02', 'Bulletins de paie', 2), ('RNCP38123', 'RNCP38123BC03', 'Déclarations sociales', 3)`,
		`INSERT INTO partner(siret, name, status, created_at, updated_at) VALUES ('85262016007290', 'Formapro Lyon', 'active', 'x', 'x')`,
	} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s := &domain.Session{Certification: "RNCP38123", Partner: "85262016007290", Date: domain.MustDate("2026-06-10"), Place: "Lyon",
		Jury: []string{"Anne Léger, présidente"}}
	cand := func(bn, fn, bd string) domain.Candidate {
		return domain.Candidate{BirthName: bn, FirstNames: []string{fn}, BirthDate: domain.MustDate(bd), Sex: domain.SexF, BirthINSEE: "69123"}
	}
	if err := db.Update(ctx, func(tx domain.Tx) error {
		if err := tx.CreateSession(s); err != nil {
			return err
		}
		_, err := tx.SaveEnrollments(s.ID, []*domain.Enrollment{
			{Candidate: cand("Łukasiewicz", "Małgorzata", "1990-03-04"), Access: domain.AccessFC},
			{Candidate: cand("Nguyễn", "Thị Ặnh", "1995-12-31"), Access: domain.AccessFC, Blocs: []string{"RNCP38123BC02", "RNCP38123BC03"}},
			{Candidate: cand("Durand", "Élodie", "1988-01-15"), Access: domain.AccessVAE, VAEType: domain.VAEClassique},
		})
		return err
	}); err != nil {
		t.Fatalf("setup: %v", err)
	}
	return app.New(db, app.DefaultConfig(), clock), s.ID
}

const resultsHeader = "Nom de naissance;Prénom;Date de naissance;Résultat;Blocs validés;Mention;Note\n"

func delivKind(err error) domain.Kind {
	var de *domain.Error
	if errors.As(err, &de) {
		return de.Kind
	}
	return -1
}

func importResults(t *testing.T, a *app.App, id int64, content string, dry bool) (*app.SessionResultsResult, error) {
	t.Helper()
	return a.ImportSessionResults(context.Background(), app.SessionResultsRequest{SessionID: id, File: writeFile(t, "resultats.csv", content), DryRun: dry})
}

func delivSession(t *testing.T, a *app.App, id int64) *domain.Session {
	t.Helper()
	var s *domain.Session
	if err := a.Store.Read(context.Background(), func(r domain.Reader) (err error) { s, err = r.Session(id); return }); err != nil {
		t.Fatal(err)
	}
	return s
}

func delivCode(err error) string {
	var de *domain.Error
	if errors.As(err, &de) {
		return de.Code
	}
	return ""
}

const goodResults = resultsHeader +
	"LUKASIEWICZ;Malgorzata;04/03/1990;admis;;bien;15,5\n" +
	"Nguyễn;Thị Ặnh;31/12/1995;ajourné;RNCP38123BC02;;9\n" +
	"Durand;Élodie;15/01/1988;absent;;;\n"

func TestSessionResultsImport(t *testing.T) {
	a, id := delivApp(t)
	// Every refusal of the file is listed, and nothing is written.
	bad := resultsHeader +
		"Martin;Paul;01/01/1980;admis;;;\n" + // not enrolled
		"Łukasiewicz;Małgorzata;04/03/1990;ajourné;;bien;\n" + // mention for a failed candidate
		"Nguyễn;Thị Ặnh;31/12/1995;ajourné;RNCP38123BC01;;\n" + // bloc not targeted
		"Durand;Élodie;15/01/1988;absent;RNCP38123BC01;;\n" // absent with a bloc
	res, err := importResults(t, a, id, bad, false)
	if delivKind(err) != domain.KindRejected || res.Errors.Len() != 4 {
		t.Fatalf("bad file: %v, %d errors %v", err, res.Errors.Len(), res.Errors.List())
	}
	msgs := ""
	for _, e := range res.Errors.List() {
		msgs += e.Code + " " + e.Msg + "\n"
	}
	for _, want := range []string{"RESULT_NOT_ENROLLED", "is not enrolled in session", "RESULT_MENTION", "was not targeted", "absent candidate validates no bloc"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("errors lack %q:\n%s", want, msgs)
		}
	}
	if s := delivSession(t, a, id); s.WithResult != 0 {
		t.Fatalf("a rejected file wrote %d results", s.WithResult)
	}
	// A dry run writes nothing.
	if res, err := importResults(t, a, id, goodResults, true); err != nil || res.Results.Created != 3 || delivSession(t, a, id).WithResult != 0 {
		t.Fatalf("dry run: %v %+v", err, res)
	}
	res, err = importResults(t, a, id, goodResults, false)
	if err != nil || res.Results.Created != 3 || res.Missing != 0 {
		t.Fatalf("import: %v %+v %v", err, res, res.Errors.List())
	}
	s := delivSession(t, a, id)
	if s.Status(a.Today()) != domain.SessionResultsIn {
		t.Errorf("status %s", s.Status(a.Today()))
	}
	got := map[string]*domain.Enrollment{}
	for _, e := range s.Enrollments {
		got[e.Candidate.BirthName] = e
	}
	if e := got["Łukasiewicz"]; e.Result != domain.ResultAdmitted || strings.Join(e.BlocsValidated, ",") != "RNCP38123BC01,RNCP38123BC02,RNCP38123BC03" || e.Mention != domain.MentionBien || e.Score != "15.5" {
		t.Errorf("admitted: %+v", e)
	}
	if e := got["Nguyễn"]; e.Result != domain.ResultFailed || strings.Join(e.BlocsValidated, ",") != "RNCP38123BC02" {
		t.Errorf("partial: %+v", e)
	}
	if e := got["Durand"]; e.Result != domain.ResultAbsent || len(e.BlocsValidated) != 0 {
		t.Errorf("absent: %+v", e)
	}
	// Idempotent.
	if res, err := importResults(t, a, id, goodResults, false); err != nil || res.Results.Changed() != 0 || res.Results.Unchanged != 3 {
		t.Errorf("again: %v %+v", err, res)
	}
}

func TestSessionCloseDeliverDuplicate(t *testing.T) {
	ctx := context.Background()
	a, id := delivApp(t)
	r := pdf.Renderer{Options: pdf.Options{Time: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}}
	out := t.TempDir()
	// Before the results: no close, no delivery; the minutes are a draft.
	if _, err := a.CloseSession(ctx, id, domain.MustDate("2026-06-20"), domain.Date{}); delivCode(err) != "RESULTS_MISSING" {
		t.Errorf("close without results: %v", err)
	}
	if _, err := a.DeliverSession(ctx, app.DeliverRequest{SessionID: id, Date: domain.MustDate("2026-06-25"), Dir: filepath.Join(out, "d")}, r); delivCode(err) != "SESSION_NOT_CLOSED" {
		t.Errorf("delivery before the jury: %v", err)
	}
	m, err := a.SessionMinutesPDF(ctx, id, filepath.Join(out, "projet.pdf"), r)
	if err != nil || !m.Draft {
		t.Errorf("draft minutes: %v %+v", err, m)
	}
	if _, err := importResults(t, a, id, goodResults, false); err != nil {
		t.Fatal(err)
	}
	for date, want := range map[string]string{"2026-06-09": "JURY_DATE", "2026-07-02": "JURY_DATE"} {
		if _, err := a.CloseSession(ctx, id, domain.MustDate(date), domain.Date{}); delivCode(err) != want {
			t.Errorf("close on %s: %v", date, err)
		}
	}
	if _, err := a.CloseSession(ctx, id, domain.MustDate("2026-06-20"), domain.Date{}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CloseSession(ctx, id, domain.MustDate("2026-06-20"), domain.Date{}); delivCode(err) != "SESSION_CLOSED" {
		t.Errorf("second close: %v", err)
	}
	if _, err := importResults(t, a, id, goodResults, false); delivCode(err) != "SESSION_CLOSED" || delivKind(err) != domain.KindConflict {
		t.Errorf("results after close: %v", err)
	}
	pv := filepath.Join(out, "pv.pdf")
	if m, err := a.SessionMinutesPDF(ctx, id, pv, r); err != nil || m.Draft {
		t.Errorf("minutes: %v %+v", err, m)
	}
	if st, _ := os.Stat(pv); st == nil || st.Mode().Perm() != 0o600 {
		t.Errorf("minutes mode: %v", st)
	}
	if _, err := a.DeliverSession(ctx, app.DeliverRequest{SessionID: id, Date: domain.MustDate("2026-06-19"), Dir: filepath.Join(out, "d")}, r); delivCode(err) != "DELIVERY_DATE" {
		t.Errorf("delivery before the jury date: %v", err)
	}
	// A folder that cannot be written: nothing recorded.
	if _, err := a.DeliverSession(ctx, app.DeliverRequest{SessionID: id, Date: domain.MustDate("2026-06-25"), Dir: filepath.Join(out, "no", "such")}, r); err == nil {
		t.Error("delivery into a missing folder accepted")
	}
	if s := delivSession(t, a, id); !s.DeliveredOn.IsZero() {
		t.Fatal("a failed delivery was recorded")
	}
	dir := filepath.Join(out, "certificats")
	res, err := a.DeliverSession(ctx, app.DeliverRequest{SessionID: id, Date: domain.MustDate("2026-06-25"), Dir: dir}, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Certificates) != 2 || res.Certificates[0].Number != "RNCP38123-2026-000001" || res.Certificates[0].Kind != domain.KindCertificate ||
		res.Certificates[1].Number != "RNCP38123-2026-000002" || res.Certificates[1].Kind != domain.KindAttestation || res.Files != 2 {
		t.Fatalf("delivered: %+v", res)
	}
	for _, c := range res.Certificates {
		st, err := os.Stat(filepath.Join(dir, c.Number+".pdf"))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", c.Number, st, err)
		}
	}
	if s := delivSession(t, a, id); s.DeliveredOn != domain.MustDate("2026-06-25") || s.Status(a.Today()) != domain.SessionDelivered {
		t.Errorf("delivery not recorded: %+v", s)
	}
	if _, err := a.DeliverSession(ctx, app.DeliverRequest{SessionID: id, Date: domain.MustDate("2026-06-26"), Dir: dir}, r); delivCode(err) != "SESSION_DELIVERED" || delivKind(err) != domain.KindConflict {
		t.Errorf("second delivery: %v", err)
	}
	dup := filepath.Join(out, "dup.pdf")
	d, err := a.DuplicateCertificate(ctx, "RNCP38123-2026-000001", dup, domain.Date{}, r)
	if err != nil || d.Certificate.Duplicates != 1 || d.Holder.BirthName != "Łukasiewicz" {
		t.Fatalf("duplicate: %v %+v", err, d)
	}
	if _, err := a.DuplicateCertificate(ctx, "RNCP38123-2026-000099", filepath.Join(out, "x.pdf"), domain.Date{}, r); delivKind(err) != domain.KindNotFound {
		t.Errorf("duplicate of an unknown number: %v", err)
	}
}

// A certification obtained by a score: close records the validation of the
// scores, and the certificate says so instead of naming a jury.
func TestSessionCloseByScore(t *testing.T) {
	ctx := context.Background()
	a, id := delivApp(t)
	db := a.Store.(*sqlite.DB)
	if _, err := db.SQL().ExecContext(ctx, `UPDATE certification SET award = 'score' WHERE code = 'RNCP38123'`); err != nil {
		t.Fatal(err)
	}
	if _, err := importResults(t, a, id, goodResults, false); err != nil {
		t.Fatal(err)
	}
	res, err := a.CloseSession(ctx, id, domain.MustDate("2026-06-20"), domain.Date{})
	if err != nil || !res.ByScore || res.Session.JuryDate != domain.MustDate("2026-06-20") {
		t.Fatalf("close: %v %+v", err, res)
	}
	r := pdf.Renderer{Options: pdf.Options{Time: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}}
	dir := filepath.Join(t.TempDir(), "c")
	if _, err := a.DeliverSession(ctx, app.DeliverRequest{SessionID: id, Date: domain.MustDate("2026-06-25"), Dir: dir}, r); err != nil {
		t.Fatal(err)
	}
	m, err := a.SessionMinutesPDF(ctx, id, filepath.Join(dir, "pv.pdf"), r)
	if err != nil || m.Draft {
		t.Fatalf("minutes: %v", err)
	}
}
