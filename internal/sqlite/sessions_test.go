package sqlite

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

const ssCertifierSIRET = domain.SIRET("55204944776279")

func ssDB(t *testing.T) *DB {
	t.Helper()
	db := prDB(t)
	prMust(t, prTx(t, db, func(tx *Tx) error {
		if _, _, err := tx.SaveCertifier(domain.Certifier{Name: "Certif Sud", SIRET: ssCertifierSIRET}); err != nil {
			return err
		}
		return tx.CreatePartner(prPartner(prSIRET, "Formapro Lyon"), domain.MustDate("2025-01-06"), "")
	}))
	return db
}

func ssCandidate(birthName, first, birth string) domain.Candidate {
	return domain.Candidate{BirthName: birthName, FirstNames: []string{first}, BirthDate: domain.MustDate(birth), Sex: domain.SexF,
		BirthINSEE: "69123", BirthTown: "Lyon"}
}

func ssRead(t *testing.T, db *DB, fn func(r domain.Reader) error) {
	t.Helper()
	prMust(t, db.Read(context.Background(), fn))
}

// A session and its enrolments: stored, read back whole with the counts
// and the organiser's name, every write journaled.
func TestSessionRoundTrip(t *testing.T) {
	db := ssDB(t)
	s := &domain.Session{Certification: "RNCP36141", Partner: prSIRET, Date: domain.MustDate("2026-03-10"), EndDate: domain.MustDate("2026-03-11"),
		Place: "Lyon", PostalCode: "69003", Mode: domain.ModeOnsite, Jury: []string{"Anne Roy, professionnelle"}}
	own := &domain.Session{Certification: "RNCP36141", Partner: ssCertifierSIRET, Date: domain.MustDate("2026-01-15")}
	prMust(t, prTx(t, db, func(tx *Tx) error {
		if err := tx.CreateSession(s); err != nil {
			return err
		}
		return tx.CreateSession(own)
	}))
	if s.ID == 0 || own.ID == 0 || s.CreatedAt == "" {
		t.Fatalf("ids not set: %+v %+v", s, own)
	}
	ada := ssCandidate("Łukasz-Wróblewski", "Łukasz", "1990-04-02")
	anh := ssCandidate("Nguyễn", "Thị Ánh", "1985-12-31")
	anh.FirstNames = []string{"Thị Ánh", "Mai"}
	list := []*domain.Enrollment{
		{Candidate: ada, Access: domain.AccessFI, Blocs: []string{"RNCP36141BC01", "RNCP36141BC02"}, TrainedBy: prSIRET, RegisteredOn: domain.MustDate("2026-01-05")},
		{Candidate: anh, Access: domain.AccessVAE, VAEType: domain.VAEConge, CPFFile: "1234567890", Accommodation: "tiers-temps"},
	}
	var kinds []domain.ChangeKind
	prMust(t, prTx(t, db, func(tx *Tx) (err error) { kinds, err = tx.SaveEnrollments(s.ID, list); return }))
	if len(kinds) != 2 || kinds[0] != domain.ChangeCreated || kinds[1] != domain.ChangeCreated || list[0].ID == 0 || list[1].Candidate.ID == 0 {
		t.Fatalf("enrolments: %v %+v", kinds, list)
	}
	ssRead(t, db, func(r domain.Reader) error {
		got, err := r.Session(s.ID)
		if err != nil {
			return err
		}
		if got.PartnerName != "Formapro Lyon" || got.Enrolled != 2 || got.WithResult != 0 || got.EndDate != s.EndDate ||
			got.Mode != domain.ModeOnsite || len(got.Jury) != 1 || got.Jury[0] != "Anne Roy, professionnelle" || got.PostalCode != "69003" {
			t.Errorf("session read back: %+v", got)
		}
		if len(got.Enrollments) != 2 {
			t.Fatalf("enrolments read back: %+v", got.Enrollments)
		}
		e0, e1 := got.Enrollments[0], got.Enrollments[1]
		if e0.Candidate.BirthName != "Łukasz-Wróblewski" || strings.Join(e0.Blocs, ",") != "RNCP36141BC01,RNCP36141BC02" || e0.TrainedBy != prSIRET ||
			e0.RegisteredOn != domain.MustDate("2026-01-05") || e0.Candidate.BirthINSEE != "69123" {
			t.Errorf("first enrolment: %+v", e0)
		}
		if strings.Join(e1.Candidate.FirstNames, ",") != "Thị Ánh,Mai" || e1.VAEType != domain.VAEConge || e1.CPFFile != "1234567890" ||
			e1.Accommodation != "tiers-temps" || e1.Access != domain.AccessVAE {
			t.Errorf("second enrolment: %+v", e1)
		}
		l, err := r.Sessions(domain.SessionFilter{})
		if err != nil {
			return err
		}
		if len(l) != 2 || l[0].ID != own.ID || l[0].PartnerName != "Certif Sud" || l[1].Enrolled != 2 || l[0].Enrollments != nil {
			t.Errorf("sessions list (by date, the certifier's name): %+v", l)
		}
		return nil
	})
	if j := prJournal(t, db, "session", itoa(s.ID)); len(j) != 3 || j[0].Action != "create" || j[1].Action != "enroll" {
		t.Errorf("session journal: %+v", j)
	}
	if j := prJournal(t, db, "candidate", ""); len(j) != 2 || strings.Contains(string(j[0].After), "69123") {
		t.Errorf("candidate journal (key fields only): %+v", j)
	}
	// Edit the session.
	prMust(t, prTx(t, db, func(tx *Tx) error {
		before, err := tx.Session(s.ID)
		if err != nil {
			return err
		}
		after := *before
		after.Place, after.JuryDate = "Villeurbanne", domain.MustDate("2026-03-20")
		return tx.UpdateSession("close", before, &after)
	}))
	ssRead(t, db, func(r domain.Reader) error {
		got, err := r.Session(s.ID)
		if err == nil && (got.Place != "Villeurbanne" || got.Status(domain.MustDate("2026-04-01")) != domain.SessionJuryClosed) {
			t.Errorf("edit not stored: %+v", got)
		}
		return err
	})
	ssRead(t, db, func(r domain.Reader) error {
		_, err := r.Session(999)
		if domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("missing session: %v", err)
		}
		return nil
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Importing the same enrolments again changes nothing; a changed identity
// field or enrolment field updates; a new person is appended at the end.
func TestSaveEnrollmentsUpsert(t *testing.T) {
	db := ssDB(t)
	s := &domain.Session{Certification: "RNCP36141", Partner: prSIRET, Date: domain.MustDate("2026-03-10")}
	prMust(t, prTx(t, db, func(tx *Tx) error { return tx.CreateSession(s) }))
	mk := func() []*domain.Enrollment {
		return []*domain.Enrollment{
			{Candidate: ssCandidate("Martin", "Léa", "1990-01-01"), Access: domain.AccessFI},
			{Candidate: ssCandidate("Durand", "Paul", "1991-02-02"), Access: domain.AccessCA},
		}
	}
	save := func(l []*domain.Enrollment) []domain.ChangeKind {
		var k []domain.ChangeKind
		prMust(t, prTx(t, db, func(tx *Tx) (err error) { k, err = tx.SaveEnrollments(s.ID, l); return }))
		return k
	}
	save(mk())
	journalLen := len(prJournal(t, db, "", ""))
	if k := save(mk()); k[0] != domain.ChangeUnchanged || k[1] != domain.ChangeUnchanged {
		t.Errorf("re-import: %v", k)
	}
	if n := len(prJournal(t, db, "", "")); n != journalLen {
		t.Errorf("an unchanged re-import journaled %d entries", n-journalLen)
	}
	l := mk()
	l[0].Candidate.Email = "lea@example.fr"                                                                           // identity changed
	l[1].Accommodation = "salle au rez-de-chaussée"                                                                   // enrolment changed
	l = append(l, &domain.Enrollment{Candidate: ssCandidate("LEA", "MARTIN", "1990-01-01"), Access: domain.AccessFI}) // another person
	l = append(l, &domain.Enrollment{Candidate: ssCandidate("martin", "LÉA", "1990-01-01"), Access: domain.AccessFI}) // same key as the first
	k := save(l)
	if k[0] != domain.ChangeUpdated || k[1] != domain.ChangeUpdated || k[2] != domain.ChangeCreated || k[3] != domain.ChangeUpdated {
		t.Errorf("changes: %v", k)
	}
	if l[3].ID != l[0].ID {
		t.Errorf("same person twice made two enrolments: %d %d", l[0].ID, l[3].ID)
	}
	ssRead(t, db, func(r domain.Reader) error {
		got, err := r.Session(s.ID)
		if err != nil {
			return err
		}
		if len(got.Enrollments) != 3 || got.Enrollments[2].Candidate.BirthName != "LEA" || got.Enrollments[1].Accommodation != "salle au rez-de-chaussée" {
			t.Errorf("after upsert: %+v", got.Enrollments)
		}
		m, err := r.CandidatesByKey([]string{domain.CandidateKey("MARTIN", "lea", domain.MustDate("1990-01-01")), "nobody"})
		if err != nil {
			return err
		}
		if len(m) != 1 || m[domain.CandidateKey("Martin", "Léa", domain.MustDate("1990-01-01"))] == nil {
			t.Errorf("candidates by key: %+v", m)
		}
		return nil
	})
	// A later list: the new candidates come after the stored ones, in the
	// file's order (the next position is read once per list), and the same
	// person twice in one list with two different enrolments is one
	// enrolment, updated from the first to the second.
	more := []*domain.Enrollment{
		{Candidate: ssCandidate("Zola", "Anne", "1992-03-03"), Access: domain.AccessFI},
		{Candidate: ssCandidate("Abel", "Marc", "1993-04-04"), Access: domain.AccessFI},
		{Candidate: ssCandidate("Zola", "Anne", "1992-03-03"), Access: domain.AccessCA},
	}
	if k := save(more); k[0] != domain.ChangeCreated || k[1] != domain.ChangeCreated || k[2] != domain.ChangeUpdated {
		t.Errorf("later list: %v", k)
	}
	ssRead(t, db, func(r domain.Reader) error {
		got, err := r.Session(s.ID)
		if err != nil {
			return err
		}
		var names []string
		for _, e := range got.Enrollments {
			names = append(names, e.Candidate.BirthName+":"+string(e.Access))
		}
		if strings.Join(names, " ") != "martin:FI Durand:CA LEA:FI Zola:CA Abel:FI" {
			t.Errorf("order after a later list: %v", names)
		}
		return nil
	})
}

// Results are written, certificates numbered without ever reusing a
// number, duplicates counted, and the enrolment filters select.
func TestResultsCertificatesAndFilters(t *testing.T) {
	db := ssDB(t)
	s1 := &domain.Session{Certification: "RNCP36141", Partner: prSIRET, Date: domain.MustDate("2025-06-10")}
	s2 := &domain.Session{Certification: "RS6155", Partner: ssCertifierSIRET, Date: domain.MustDate("2025-09-10")}
	a := &domain.Enrollment{Candidate: ssCandidate("Martin", "Léa", "1990-01-01"), Access: domain.AccessFI}
	b := &domain.Enrollment{Candidate: ssCandidate("Durand", "Paul", "1991-02-02"), Access: domain.AccessFI}
	c := &domain.Enrollment{Candidate: ssCandidate("Martin", "Léa", "1990-01-01"), Access: domain.AccessCA}
	prMust(t, prTx(t, db, func(tx *Tx) error {
		if err := tx.CreateSession(s1); err != nil {
			return err
		}
		if err := tx.CreateSession(s2); err != nil {
			return err
		}
		if _, err := tx.SaveEnrollments(s1.ID, []*domain.Enrollment{a, b}); err != nil {
			return err
		}
		_, err := tx.SaveEnrollments(s2.ID, []*domain.Enrollment{c})
		return err
	}))
	if a.Candidate.ID != c.Candidate.ID {
		t.Fatalf("the same person in two sessions is two candidates")
	}
	res := []*domain.Enrollment{
		{Candidate: a.Candidate, Result: domain.ResultAdmitted, Mention: domain.MentionBien, Score: "14.5"},
		{ID: b.ID, Result: domain.ResultFailed, BlocsValidated: []string{"RNCP36141BC01"}},
	}
	var k []domain.ChangeKind
	prMust(t, prTx(t, db, func(tx *Tx) (err error) { k, err = tx.SaveResults(s1.ID, res); return }))
	if k[0] != domain.ChangeUpdated || k[1] != domain.ChangeUpdated {
		t.Errorf("results: %v", k)
	}
	prMust(t, prTx(t, db, func(tx *Tx) (err error) { k, err = tx.SaveResults(s1.ID, res); return }))
	if k[0] != domain.ChangeUnchanged {
		t.Errorf("same results again: %v", k)
	}
	err := prTx(t, db, func(tx *Tx) error {
		_, err := tx.SaveResults(s1.ID, []*domain.Enrollment{{Candidate: ssCandidate("Nobody", "X", "1990-01-01")}})
		return err
	})
	if domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("result for someone not enrolled: %v", err)
	}
	// Certificates are numbered 1, 2 in the certification and year.
	cert := &domain.Certificate{Kind: domain.KindCertificate, EnrollmentID: a.ID, Certification: "RNCP36141", Year: 2025,
		JuryDate: domain.MustDate("2025-06-20"), IssuedOn: domain.MustDate("2025-06-25")}
	att := &domain.Certificate{Kind: domain.KindAttestation, EnrollmentID: b.ID, Certification: "RNCP36141", Year: 2025,
		Blocs: []string{"RNCP36141BC01"}, JuryDate: domain.MustDate("2025-06-20"), IssuedOn: domain.MustDate("2025-06-25")}
	prMust(t, prTx(t, db, func(tx *Tx) error {
		if err := tx.AddCertificate(cert); err != nil {
			return err
		}
		return tx.AddCertificate(att)
	}))
	if cert.Number != "RNCP36141-2025-000001" || att.Number != "RNCP36141-2025-000002" {
		t.Errorf("numbers: %s %s", cert.Number, att.Number)
	}
	if err := prTx(t, db, func(tx *Tx) error {
		return tx.AddCertificate(&domain.Certificate{Kind: domain.KindCertificate, EnrollmentID: a.ID, Certification: "RNCP36141", Year: 2025,
			JuryDate: domain.MustDate("2025-06-20"), IssuedOn: domain.MustDate("2025-06-25")})
	}); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("a second certificate for one enrolment: %v", err)
	}
	// A certificate removed by hand (or a lost one) never frees its number.
	_, err = db.sql.Exec(`DELETE FROM certificate WHERE number = ?`, att.Number)
	prMust(t, err)
	again := &domain.Certificate{Kind: domain.KindAttestation, EnrollmentID: b.ID, Certification: "RNCP36141", Year: 2025,
		JuryDate: domain.MustDate("2025-06-20"), IssuedOn: domain.MustDate("2025-06-25")}
	prMust(t, prTx(t, db, func(tx *Tx) error { return tx.AddCertificate(again) }))
	if again.Number != "RNCP36141-2025-000003" {
		t.Errorf("a number was reused: %s", again.Number)
	}
	var dup *domain.Certificate
	prMust(t, prTx(t, db, func(tx *Tx) (err error) { dup, err = tx.AddCertificateDuplicate(cert.Number); return }))
	if dup.Duplicates != 1 || dup.Number != cert.Number {
		t.Errorf("duplicate: %+v", dup)
	}
	if err := prTx(t, db, func(tx *Tx) error { _, err := tx.AddCertificateDuplicate("RNCP0-2025-000009"); return err }); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("duplicate of an unknown number: %v", err)
	}
	if j := prJournal(t, db, "certificate", cert.Number); len(j) != 2 || j[1].Action != "duplicate" {
		t.Errorf("certificate journal: %+v", j)
	}
	ssRead(t, db, func(r domain.Reader) error {
		count := func(f domain.EnrollmentFilter) int {
			l, err := r.Enrollments(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range l {
				if x.Session == nil || x.Session.ID != x.SessionID {
					t.Fatalf("record without its session: %+v", x)
				}
			}
			return len(l)
		}
		if n := count(domain.EnrollmentFilter{}); n != 3 {
			t.Errorf("all: %d", n)
		}
		if n := count(domain.EnrollmentFilter{Certification: "RS6155"}); n != 1 {
			t.Errorf("by certification: %d", n)
		}
		if n := count(domain.EnrollmentFilter{SessionID: s1.ID}); n != 2 {
			t.Errorf("by session: %d", n)
		}
		if n := count(domain.EnrollmentFilter{CandidateIDs: []int64{a.Candidate.ID}}); n != 2 {
			t.Errorf("by candidate: %d", n)
		}
		if n := count(domain.EnrollmentFilter{CandidateIDs: []int64{}}); n != 0 {
			t.Errorf("by no candidate: %d", n)
		}
		l, err := r.Enrollments(domain.EnrollmentFilter{Holders: true})
		if err != nil {
			return err
		}
		if len(l) != 1 || l[0].ID != a.ID || l[0].Certificate() == nil || l[0].Certificate().Number != cert.Number || l[0].Result != domain.ResultAdmitted ||
			l[0].Mention != domain.MentionBien || l[0].Score != "14.5" {
			t.Errorf("holders: %+v", l)
		}
		l, err = r.Enrollments(domain.EnrollmentFilter{CertificateNumber: again.Number})
		if err != nil {
			return err
		}
		if len(l) != 1 || l[0].ID != b.ID || strings.Join(l[0].BlocsValidated, " ") != "RNCP36141BC01" || l[0].Certificate() != nil || len(l[0].Certificates) != 1 {
			t.Errorf("by certificate number: %+v", l)
		}
		s, err := r.Session(s1.ID)
		if err == nil && (s.WithResult != 2 || s.Admitted != 1 || s.Status(domain.MustDate("2025-07-01")) != domain.SessionResultsIn) {
			t.Errorf("counts: %+v", s)
		}
		return err
	})
}

// The session log keeps incidents, evidence files and appeals in order.
func TestSessionEvents(t *testing.T) {
	db := ssDB(t)
	s := &domain.Session{Certification: "RNCP36141", Partner: prSIRET, Date: domain.MustDate("2026-03-10")}
	e := &domain.Enrollment{Candidate: ssCandidate("Martin", "Léa", "1990-01-01"), Access: domain.AccessFI}
	prMust(t, prTx(t, db, func(tx *Tx) error {
		if err := tx.CreateSession(s); err != nil {
			return err
		}
		_, err := tx.SaveEnrollments(s.ID, []*domain.Enrollment{e})
		return err
	}))
	events := []*domain.SessionEvent{
		{SessionID: s.ID, Kind: domain.EventIncident, Date: domain.MustDate("2026-03-10"), Text: "coupure de courant 20 min"},
		{SessionID: s.ID, Kind: domain.EventEvidence, Date: domain.MustDate("2026-03-10"), Path: "emargement.pdf", SHA256: strings.Repeat("cd", 32), Size: 2048},
		{SessionID: s.ID, Kind: domain.EventAppeal, Date: domain.MustDate("2026-03-25"), Text: "conteste la note", EnrollmentID: e.ID,
			Outcome: "rejeté", OutcomeDate: domain.MustDate("2026-04-10")},
	}
	prMust(t, prTx(t, db, func(tx *Tx) error {
		for _, ev := range events {
			if err := tx.AddSessionEvent(ev); err != nil {
				return err
			}
		}
		return nil
	}))
	if err := prTx(t, db, func(tx *Tx) error {
		return tx.AddSessionEvent(&domain.SessionEvent{SessionID: 99, Kind: domain.EventIncident, Date: domain.MustDate("2026-03-10")})
	}); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("event of a missing session: %v", err)
	}
	ssRead(t, db, func(r domain.Reader) error {
		got, err := r.Session(s.ID)
		if err != nil {
			return err
		}
		if len(got.Events) != 3 || got.Events[1].Size != 2048 || got.Events[2].EnrollmentID != e.ID || got.Events[2].OutcomeDate != domain.MustDate("2026-04-10") ||
			got.Events[0].Text != "coupure de courant 20 min" || got.Events[0].RecordedAt == "" {
			t.Errorf("log read back: %+v", got.Events)
		}
		return nil
	})
	if j := prJournal(t, db, "session", itoa(s.ID)); len(j) != 5 || j[4].Action != "appeal" {
		t.Errorf("journal: %+v", j)
	}
}
