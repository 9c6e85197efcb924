package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func TestTrainingsAndDocuments(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe) // today 2026-02-01
	ckNetwork(t, db)
	const fp = domain.SIRET("85262016007290")

	// An unknown partner: nothing written.
	if _, err := a.AddTraining(ctx, domain.Training{Date: domain.MustDate("2026-01-10"), Topic: "Grille", Partners: []domain.SIRET{fp, "73282932000074"}}); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("unknown partner: %v", err)
	}
	if _, err := a.AddTraining(ctx, domain.Training{Date: domain.MustDate("2026-03-10"), Topic: "Grille", Partners: []domain.SIRET{fp}}); domain.KindOf(err) != domain.KindConflict {
		t.Fatalf("future training: %v", err)
	}
	tr, err := a.AddTraining(ctx, domain.Training{Date: domain.MustDate("2026-01-10"), Topic: " Grille ", Partners: []domain.SIRET{fp}})
	if err != nil || tr.ID == 0 || tr.Topic != "Grille" {
		t.Fatalf("training: %+v %v", tr, err)
	}
	var trainings []*domain.Training
	ckRead(t, db, func(r domain.Reader) error { trainings, err = r.Trainings(); return err })
	if len(trainings) != 1 || len(trainings[0].Partners) != 1 || trainings[0].Partners[0] != fp {
		t.Errorf("stored: %+v", trainings)
	}

	file := filepath.Join(t.TempDir(), "reglement.txt")
	if err := os.WriteFile(file, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := a.PublishDocument(ctx, "Règlement", file, "3", domain.MustDate("2026-01-02"))
	// SHA-256 of "abc"
	if err != nil || d.SHA256 != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" || d.Size != 3 || d.FileName != "reglement.txt" {
		t.Fatalf("publish: %+v %v", d, err)
	}
	if _, err := a.PublishDocument(ctx, "Règlement", file, "3", domain.Date{}); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("twice: %v", err)
	}
	if _, err := a.AckDocument(ctx, fp, "Règlement", "4", domain.Date{}); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown version: %v", err)
	}
	if _, err := a.AckDocument(ctx, fp, "Règlement", "3", domain.MustDate("2026-01-01")); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("before publication: %v", err)
	}
	// Not acknowledged 30 days after: the check warns; acknowledged: silent.
	l, err := a.Check(ctx, domain.MustDate("2026-02-02"))
	if err != nil || !strings.Contains(ckCodes(l), "warning DOCUMENT_NOT_ACKNOWLEDGED 85262016007290") {
		t.Errorf("check: %s %v", ckCodes(l), err)
	}
	if _, err := a.AckDocument(ctx, fp, "Règlement", "3", domain.MustDate("2026-01-20")); err != nil {
		t.Fatal(err)
	}
	l, _ = a.Check(ctx, domain.MustDate("2026-02-02"))
	if strings.Contains(ckCodes(l), "DOCUMENT_NOT_ACKNOWLEDGED") || strings.Contains(ckCodes(l), "EVALUATOR_NOT_TRAINED") {
		t.Errorf("check after: %s", ckCodes(l))
	}
}
