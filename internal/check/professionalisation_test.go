package check_test

import (
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

func profIn(at string) check.Snapshot {
	in := check.Snapshot{At: ckDate(at), Limits: domain.DefaultCheckLimits()}
	trainer := ckHab(2, ckRNCP, "2024-01-01", "")
	trainer.Scope = domain.ScopeTrain
	in.Partners = []*domain.Partner{
		ckPartner(ckA, "Alpha", domain.StatusActive, "", ckHab(1, ckRNCP, "2024-01-01", "")),
		ckPartner("85262016007290", "Trains only", domain.StatusActive, "", trainer),
	}
	return in
}

func TestEvaluatorNotTrained(t *testing.T) {
	// No training recorded at all: silent.
	if l := ckRun(t, profIn("2027-01-01"), check.EvaluatorNotTrained); len(l) != 0 {
		t.Errorf("no trainings: %v", l)
	}
	in := profIn("2026-03-12")
	in.Trainings = []*domain.Training{{ID: 1, Date: ckDate("2024-03-12"), Partners: []domain.SIRET{ckA}}}
	// 24 months to the day: still counts (boundary); the day after: a warning.
	if l := ckRun(t, in, check.EvaluatorNotTrained); len(l) != 0 {
		t.Errorf("24 months to the day: %v", l)
	}
	in.At = ckDate("2026-03-13")
	f := ckOne(t, in, check.EvaluatorNotTrained, "Alpha", "was last trained on 2024-03-12")
	if f.Severity != domain.SeverityWarning || f.SIRET != ckA {
		t.Errorf("finding: %+v", f)
	}
	// A partner that only trains is not concerned; one never trained is.
	in.Trainings = []*domain.Training{{ID: 1, Date: ckDate("2026-01-01"), Partners: []domain.SIRET{"85262016007290"}}}
	ckOne(t, in, check.EvaluatorNotTrained, "Alpha", "has never been trained")
}

func TestDocumentNotAcknowledged(t *testing.T) {
	in := profIn("2026-05-01")
	v2 := &domain.NetworkDocument{ID: 1, Name: "Règlement", Version: "2", PublishedOn: ckDate("2025-01-01"), Acks: map[domain.SIRET]domain.Date{ckA: ckDate("2025-01-05")}}
	v3 := &domain.NetworkDocument{ID: 2, Name: "Règlement", Version: "3", PublishedOn: ckDate("2026-04-01"), Acks: map[domain.SIRET]domain.Date{"85262016007290": ckDate("2026-04-02")}}
	in.Documents = []*domain.NetworkDocument{v2, v3}
	// 30 days after publication: not yet (boundary).
	if l := ckRun(t, in, check.DocumentNotAcknowledged); len(l) != 0 {
		t.Errorf("on the 30th day: %v", l)
	}
	// The day after: Alpha acknowledged only the old version.
	in.At = ckDate("2026-05-02")
	f := ckOne(t, in, check.DocumentNotAcknowledged, "Alpha", `version 3 of "Règlement"`, "due by 2026-05-01")
	if f.Severity != domain.SeverityWarning || f.DueDate != ckDate("2026-05-01") {
		t.Errorf("finding: %+v", f)
	}
	// A version published later than --at is not current yet.
	in.At = ckDate("2026-03-01")
	// v2 is then current: acknowledged by Alpha only.
	if f := ckOne(t, in, check.DocumentNotAcknowledged, "Trains only", "version 2"); f.SIRET != "85262016007290" {
		t.Errorf("finding: %+v", f)
	}
}
