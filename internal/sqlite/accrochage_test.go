package sqlite

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// A file sent, answered, a passage sent again and closed: the passage
// follows its last send, the history keeps every send, every write is
// journaled, and a report for an unknown file or passage changes nothing.
func TestAccrochageStore(t *testing.T) {
	db := ssDB(t)
	var certs []string
	prMust(t, prTx(t, db, func(tx *Tx) error {
		s := &domain.Session{Certification: "RNCP36141", Partner: prSIRET, Date: domain.MustDate("2025-06-10")}
		if err := tx.CreateSession(s); err != nil {
			return err
		}
		list := []*domain.Enrollment{{Candidate: ssCandidate("Roy", "Anne", "1990-01-01"), Access: domain.AccessFC},
			{Candidate: ssCandidate("Diallo", "Awa", "1991-02-02"), Access: domain.AccessFC}}
		if _, err := tx.SaveEnrollments(s.ID, list); err != nil {
			return err
		}
		for _, e := range list {
			c := &domain.Certificate{Kind: domain.KindCertificate, EnrollmentID: e.ID, Certification: "RNCP36141", Year: 2025,
				JuryDate: domain.MustDate("2025-06-20"), IssuedOn: domain.MustDate("2025-06-25")}
			if err := tx.AddCertificate(c); err != nil {
				return err
			}
			certs = append(certs, c.Number)
		}
		return nil
	}))
	f1 := &domain.AccrochageFlux{IDFlux: "F1", SentOn: domain.MustDate("2025-07-01"), File: "a.xml", SHA256: "ab", Size: 10,
		Passages: []domain.AccrochageSent{{IDTechnique: "T1", CertificateNumber: certs[0]}, {IDTechnique: "T2", CertificateNumber: certs[1]}}}
	prMust(t, prTx(t, db, func(tx *Tx) error { return tx.RecordAccrochageFlux(f1) }))
	err := prTx(t, db, func(tx *Tx) error {
		return tx.RecordAccrochageAck("F1", "", domain.MustDate("2025-07-05"), []domain.AccrochageAnswer{{IDTechnique: "T1", OK: true}, {IDTechnique: "T9", OK: true}})
	})
	if domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("unknown passage: %v", err)
	}
	if err := prTx(t, db, func(tx *Tx) error { return tx.RecordAccrochageAck("F9", "", domain.MustDate("2025-07-05"), nil) }); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("unknown file: %v", err)
	}
	prMust(t, prTx(t, db, func(tx *Tx) error {
		return tx.RecordAccrochageAck("F1", "51354", domain.MustDate("2025-07-05"), []domain.AccrochageAnswer{{IDTechnique: "T1", OK: true}, {IDTechnique: "T2", Message: "Plusieurs titulaires"}})
	}))
	f2 := &domain.AccrochageFlux{IDFlux: "F2", SentOn: domain.MustDate("2025-07-10"), File: "b.xml", SHA256: "cd", Size: 5,
		Passages: []domain.AccrochageSent{{IDTechnique: "T2", CertificateNumber: certs[1]}}}
	prMust(t, prTx(t, db, func(tx *Tx) error { return tx.RecordAccrochageFlux(f2) }))
	// A late answer to the first file does not override the new send.
	prMust(t, prTx(t, db, func(tx *Tx) error {
		return tx.RecordAccrochageAck("F1", "", domain.MustDate("2025-07-12"), []domain.AccrochageAnswer{{IDTechnique: "T2", Message: "again"}})
	}))
	ssRead(t, db, func(r domain.Reader) error {
		l, err := r.AccrochagePassages()
		if err != nil {
			return err
		}
		if len(l) != 2 || l[0].Status != domain.AccrochageOK || l[0].AckOn != domain.MustDate("2025-07-05") ||
			l[1].Status != domain.AccrochagePending || l[1].IDFlux != "F2" || l[1].Sends != 2 || l[1].Message != "" {
			t.Errorf("passages: %+v", l)
		}
		f, err := r.AccrochageFlux("F1")
		if err != nil || f.SHA256 != "ab" || len(f.Passages) != 2 || f.AckOn != domain.MustDate("2025-07-12") {
			t.Errorf("flux: %+v %v", f, err)
		}
		if _, err := r.AccrochageFlux("nope"); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("unknown flux: %v", err)
		}
		return nil
	})
	prMust(t, prTx(t, db, func(tx *Tx) error {
		return tx.CloseAccrochagePassage("T2", domain.MustDate("2025-08-01"), "pas de NIR")
	}))
	ssRead(t, db, func(r domain.Reader) error {
		l, _ := r.AccrochagePassages()
		if l[1].Status != domain.AccrochageClosed || l[1].ClosedReason != "pas de NIR" || l[1].ClosedOn != domain.MustDate("2025-08-01") {
			t.Errorf("closed: %+v", l[1])
		}
		return nil
	})
	if j := prJournal(t, db, "accrochage", "F1"); len(j) != 3 || j[0].Action != "send" || !strings.Contains(string(j[0].After), "a.xml") || j[1].Action != "ack" {
		t.Errorf("file journal: %+v", j)
	}
	if j := prJournal(t, db, "accrochage-passage", "T2"); len(j) != 1 || j[0].Action != "close" || !strings.Contains(string(j[0].After), "pas de NIR") {
		t.Errorf("passage journal: %+v", j)
	}
}
