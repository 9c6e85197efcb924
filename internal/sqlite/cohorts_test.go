package sqlite

import (
	"context"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// One answer per holder and wave: the same answer again is unchanged, a
// different one replaces it (journaled with both); statistics sendings are
// recorded once per day.
func TestSurveyAnswersStoredOncePerWave(t *testing.T) {
	db := prDB(t)
	ctx := context.Background()
	prMust(t, prTx(t, db, func(tx *Tx) error {
		for _, q := range []string{
			`INSERT INTO candidate(id, key, birth_name, first_name, birth_date, created_at, updated_at) VALUES (1, 'martin|lea|1990-01-02', 'Martin', 'Léa', '1990-01-02', 'x', 'x')`,
			`INSERT INTO session(id, certification, partner_siret, date, jury_date, created_at) VALUES (1, 'RNCP36141', '12345678200010', '2024-03-01', '2024-03-15', 'x')`,
			`INSERT INTO enrollment(id, session_id, candidate_id, access, result) VALUES (7, 1, 1, 'FC', 'admitted')`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}))
	yes := true
	salary := int64(3150000)
	a := domain.SurveyAnswer{EnrollmentID: 7, CertificateNumber: "RNCP36141-2024-000001", Wave: domain.Wave6m,
		AnsweredOn: domain.MustDate("2024-09-20"), Situation: domain.SituationEmployed, TargetJob: &yes,
		Contract: domain.ContractCDI, SalaryCents: &salary, JobTitle: "Chargée de projets"}
	save := func(a domain.SurveyAnswer) domain.ChangeKind {
		var k domain.ChangeKind
		prMust(t, prTx(t, db, func(tx *Tx) error {
			var err error
			k, err = tx.SaveSurveyAnswer(&a)
			return err
		}))
		return k
	}
	if k := save(a); k != domain.ChangeCreated {
		t.Fatalf("first save: %v", k)
	}
	if k := save(a); k != domain.ChangeUnchanged {
		t.Fatalf("same answer again: %v", k)
	}
	b := a
	b.Situation, b.Contract, b.SalaryCents, b.TargetJob = domain.SituationSeeking, "", nil, nil
	if k := save(b); k != domain.ChangeUpdated {
		t.Fatalf("changed answer: %v", k)
	}
	c := a
	c.Wave = domain.Wave24m
	c.AnsweredOn = domain.MustDate("2026-03-20")
	if k := save(c); k != domain.ChangeCreated {
		t.Fatalf("24m wave: %v", k)
	}
	var got []domain.SurveyAnswer
	prMust(t, db.Read(ctx, func(r domain.Reader) error {
		var err error
		got, err = r.SurveyAnswers()
		return err
	}))
	if len(got) != 2 || got[0].Wave != domain.Wave6m || got[0].Situation != domain.SituationSeeking || got[0].SalaryCents != nil ||
		got[1].Wave != domain.Wave24m || *got[1].SalaryCents != 3150000 || !*got[1].TargetJob || got[1].JobTitle != "Chargée de projets" {
		t.Fatalf("answers read back: %+v", got)
	}
	j := prJournal(t, db, "certificate", "RNCP36141-2024-000001")
	if len(j) != 3 || j[1].Action != "survey-answer-replace" || j[1].Before == nil {
		t.Errorf("journal: %+v", j)
	}
	for i := 0; i < 2; i++ {
		prMust(t, prTx(t, db, func(tx *Tx) error {
			added, err := tx.AddFCStatisticsSent("RNCP36141", domain.MustDate("2026-01-10"))
			if added != (i == 0) {
				t.Errorf("sending %d: added = %v", i, added)
			}
			return err
		}))
	}
	var sent []domain.FCStatisticsSending
	prMust(t, db.Read(ctx, func(r domain.Reader) error {
		var err error
		sent, err = r.FCStatisticsSent()
		return err
	}))
	if len(sent) != 1 || sent[0].Certification != "RNCP36141" || sent[0].SentOn != domain.MustDate("2026-01-10") {
		t.Errorf("sent = %+v", sent)
	}
}
