package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
)

// pvNetwork: Zoé Kowalczyk (holder, session 2019), Hugo Bérard (failed,
// session 2019), Inès Lamarque (failed 2019, enrolled again in 2026: her
// last session is recent), all with e-mails.
func pvNetwork(t *testing.T) *app.App {
	t.Helper()
	a := paRegister(t)
	ctx := context.Background()
	cand := func(name, first, birth, email string) domain.Candidate {
		return domain.Candidate{BirthName: name, FirstNames: []string{first}, BirthDate: domain.MustDate(birth), Sex: domain.SexF,
			BirthTown: "Quimperlé", BirthPostalCode: "29300", Email: email}
	}
	zoe := &domain.Enrollment{Candidate: cand("Kowalczyk", "Zoé", "1988-07-14", "zoe.k@example.org"), Access: domain.AccessFI, CPFFile: "CPF-998877"}
	hugo := &domain.Enrollment{Candidate: cand("Bérard", "Hugo", "1990-02-03", "hugo.b@example.org"), Access: domain.AccessFI, Accommodation: "tiers-temps"}
	ines := &domain.Enrollment{Candidate: cand("Lamarque", "Inès", "1992-05-06", "ines.l@example.org"), Access: domain.AccessFI}
	ines2 := &domain.Enrollment{Candidate: ines.Candidate, Access: domain.AccessCA}
	paMust(t, a.Store.Update(ctx, func(tx domain.Tx) error {
		old := &domain.Session{Certification: "RNCP36141", Partner: "35600000000048", Date: domain.MustDate("2019-06-10")}
		recent := &domain.Session{Certification: "RNCP36141", Partner: "35600000000048", Date: domain.MustDate("2026-02-10")}
		if err := tx.CreateSession(old); err != nil {
			return err
		}
		if err := tx.CreateSession(recent); err != nil {
			return err
		}
		if _, err := tx.SaveEnrollments(old.ID, []*domain.Enrollment{zoe, hugo, ines}); err != nil {
			return err
		}
		if _, err := tx.SaveEnrollments(recent.ID, []*domain.Enrollment{ines2}); err != nil {
			return err
		}
		if _, err := tx.SaveResults(old.ID, []*domain.Enrollment{{ID: zoe.ID, Result: domain.ResultAdmitted}, {ID: hugo.ID, Result: domain.ResultFailed}}); err != nil {
			return err
		}
		return tx.AddCertificate(&domain.Certificate{Kind: domain.KindCertificate, EnrollmentID: zoe.ID, Certification: "RNCP36141", Year: 2019,
			JuryDate: domain.MustDate("2019-06-20"), IssuedOn: domain.MustDate("2019-06-25")})
	}))
	return a
}

func TestPrivacyPurgeDryRunAndRefusals(t *testing.T) {
	a := pvNetwork(t)
	ctx := context.Background()
	rep, err := a.PrivacyPurge(ctx, app.PurgeRequest{Before: domain.MustDate("2021-01-01"), DryRun: true})
	paMust(t, err)
	if len(rep.Targets) != 2 || rep.Full() != 1 || rep.Backup != "" {
		t.Fatalf("dry run: %+v (want Hugo entirely, Zoé's contact only; Inès sat a session in 2026)", rep)
	}
	for _, tg := range rep.Targets {
		if strings.Contains(tg.Name, "Inès") {
			t.Errorf("Inès's last session is in 2026: %+v", tg)
		}
		if strings.Contains(tg.Name, "Zoé") && (tg.Full || !tg.Holder) {
			t.Errorf("Zoé holds a certificate: only her contact data goes: %+v", tg)
		}
	}
	// Nothing was written.
	exp, err := a.PrivacyExport(ctx, app.PersonQuery{BirthName: "Bérard", FirstName: "Hugo", BirthDate: domain.MustDate("1990-02-03")}, filepath.Join(t.TempDir(), "h.json"))
	paMust(t, err)
	if exp.People[0].Identity["email"] != "hugo.b@example.org" {
		t.Errorf("a dry run changed data: %+v", exp.People[0].Identity)
	}
	_, err = a.PrivacyPurge(ctx, app.PurgeRequest{Before: domain.MustDate("2026-04-01")})
	paCode(t, err, "PURGE_FUTURE")
}

func TestPrivacyPurgeAnonymisesAndLeavesNoTrace(t *testing.T) {
	a := pvNetwork(t)
	ctx := context.Background()
	rep, err := a.PrivacyPurge(ctx, app.PurgeRequest{Before: domain.MustDate("2021-01-01")})
	paMust(t, err)
	if rep.Effect.Anonymised != 1 || rep.Effect.ContactsErased != 1 || rep.Effect.JournalRedacted == 0 {
		t.Errorf("effect %+v", rep.Effect)
	}
	if rep.Backup == "" || !strings.Contains(filepath.Base(rep.Backup), ".pre-purge-") {
		t.Fatalf("no backup before the purge: %+v", rep)
	}
	if st, err := os.Stat(rep.Backup); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("backup %s: %v", rep.Backup, err)
	}
	if len(rep.Backups) == 0 || rep.Backups[len(rep.Backups)-1] != rep.Backup {
		t.Errorf("backups that still hold the data: %v", rep.Backups)
	}
	// Hugo (no certificate) is gone: no identity matches him any more.
	_, err = a.PrivacyExport(ctx, app.PersonQuery{BirthName: "Bérard", FirstName: "Hugo", BirthDate: domain.MustDate("1990-02-03")}, filepath.Join(t.TempDir(), "h.json"))
	if domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("Hugo after the purge: %v", err)
	}
	// Zoé keeps her identity and certificate, without her e-mail.
	out := filepath.Join(t.TempDir(), "z.json")
	exp, err := a.PrivacyExport(ctx, app.PersonQuery{BirthName: "KOWALCZYK", FirstName: "zoe", BirthDate: domain.MustDate("1988-07-14")}, out)
	paMust(t, err)
	if exp.People[0].Identity["email"] != "" || exp.People[0].Identity["birth_name"] != "Kowalczyk" {
		t.Errorf("Zoé after the purge: %+v", exp.People[0].Identity)
	}
	// Statistics keep their counts: 4 enrolments, the results, the certificate.
	var stats []domain.EnrollmentRecord
	paMust(t, a.Store.Read(ctx, func(r domain.Reader) (err error) {
		stats, err = r.Enrollments(domain.EnrollmentFilter{Certification: "RNCP36141"})
		return
	}))
	failed, holders := 0, 0
	for _, e := range stats {
		if e.Result == domain.ResultFailed {
			failed++
			if e.Accommodation != "" || e.Candidate.BirthName != domain.PurgedName || e.Candidate.BirthDate != domain.MustDate("1990-01-01") || e.Candidate.Sex != domain.SexF {
				t.Errorf("Hugo's enrolment: %+v %+v", e.Enrollment, e.Candidate)
			}
		}
		if len(e.Certificates) > 0 {
			holders++
		}
	}
	if len(stats) != 4 || failed != 1 || holders != 1 {
		t.Errorf("statistics after the purge: %d enrolments, %d failed, %d holders", len(stats), failed, holders)
	}
	// The journal no longer names Hugo nor shows Zoé's e-mail.
	hist, err := a.History(ctx, domain.JournalFilter{})
	paMust(t, err)
	all, _ := json.Marshal(hist)
	for _, v := range []string{"Bérard", "BERARD", "berard", "hugo.b@example.org", "zoe.k@example.org", "tiers-temps", "1990-02-03"} {
		if bytes.Contains(all, []byte(v)) {
			t.Errorf("the journal still holds %q", v)
		}
	}
	if !bytes.Contains(all, []byte("Kowalczyk")) && !bytes.Contains(all, []byte("kowalczyk")) {
		t.Error("the journal lost the holder's identity")
	}
	if !bytes.Contains(all, []byte(`"purge"`)) {
		t.Error("the purge is not journaled")
	}
	// secure_delete + checkpoint: the purged values are not in the file.
	b, err := os.ReadFile(a.Store.Path())
	paMust(t, err)
	if wal, err := os.ReadFile(a.Store.Path() + "-wal"); err == nil {
		b = append(b, wal...)
	}
	for _, v := range []string{"Bérard", "BERARD", "berard|hugo", "hugo.b@example.org", "zoe.k@example.org", "tiers-temps"} {
		if bytes.Contains(b, []byte(v)) {
			t.Errorf("the database file still holds %q after the purge", v)
		}
	}
	// Purging again changes nobody.
	rep2, err := a.PrivacyPurge(ctx, app.PurgeRequest{Before: domain.MustDate("2021-01-01")})
	paMust(t, err)
	if len(rep2.Targets) != 0 || rep2.Backup != "" {
		t.Errorf("second purge: %+v", rep2)
	}
	// --include-holders anonymises Zoé too, her certificate kept.
	rep3, err := a.PrivacyPurge(ctx, app.PurgeRequest{Before: domain.MustDate("2021-01-01"), IncludeHolders: true})
	paMust(t, err)
	if rep3.Effect.Anonymised != 1 {
		t.Errorf("include holders: %+v", rep3.Effect)
	}
	_, err = a.PrivacyExport(ctx, app.PersonQuery{BirthName: "Kowalczyk", FirstName: "Zoé", BirthDate: domain.MustDate("1988-07-14")}, filepath.Join(t.TempDir(), "z2.json"))
	if domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("Zoé after --include-holders: %v", err)
	}
}

func TestPrivacyExport(t *testing.T) {
	a := pvNetwork(t)
	out := filepath.Join(t.TempDir(), "ines.json")
	_, err := a.PrivacyExport(context.Background(), app.PersonQuery{Email: "INES.L@example.org"}, out)
	paMust(t, err)
	st, err := os.Stat(out)
	paMust(t, err)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("export mode %04o, want 0600", st.Mode().Perm())
	}
	b, _ := os.ReadFile(out)
	var got map[string]any
	paMust(t, json.Unmarshal(b, &got))
	people := got["people"].([]any)
	p := people[0].(map[string]any)
	if p["identity"].(map[string]any)["birth_name"] != "Lamarque" || len(p["enrollments"].([]any)) != 2 {
		t.Errorf("export: %s", b)
	}
	if _, ok := p["survey_answers"].([]any); !ok {
		t.Errorf("survey_answers must be a list: %s", b)
	}
	_, err = a.PrivacyExport(context.Background(), app.PersonQuery{Email: "nobody@example.org"}, filepath.Join(t.TempDir(), "x.json"))
	if domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown e-mail: %v", err)
	}
}

func TestCheckReportsRetentionDue(t *testing.T) {
	a := pvNetwork(t)
	ctx := context.Background()
	f, err := a.Check(ctx, domain.MustDate("2026-03-15"))
	paMust(t, err)
	var got []domain.Finding
	for _, x := range f {
		if x.Code == "RETENTION_DUE" {
			got = append(got, x)
		}
	}
	// Retention 5 years: before 2021-03-15, Hugo (2019, no certificate) and
	// Zoé (2019, holder with an e-mail); not Inès (2026).
	if len(got) != 1 || !strings.Contains(got[0].Message, "2 candidate(s) whose last session ended before 2021-03-15") {
		t.Fatalf("RETENTION_DUE: %+v", got)
	}
	_, err = a.PrivacyPurge(ctx, app.PurgeRequest{Before: domain.MustDate("2021-03-15")})
	paMust(t, err)
	f, err = a.Check(ctx, domain.MustDate("2026-03-15"))
	paMust(t, err)
	for _, x := range f {
		if x.Code == "RETENTION_DUE" {
			t.Errorf("after the purge: %+v", x)
		}
	}
	a.Config.RetentionYears = 0
	f, err = a.Check(ctx, domain.MustDate("2030-03-15"))
	paMust(t, err)
	for _, x := range f {
		if x.Code == "RETENTION_DUE" {
			t.Errorf("retention 0 reports nothing: %+v", x)
		}
	}
}
