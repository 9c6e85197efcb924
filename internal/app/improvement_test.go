package app_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/pdf"
)

func TestImprovementActions(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe) // today 2026-02-01
	ckNetwork(t, db)

	// An unknown partner or certification: a clear error, nothing written.
	_, err := a.AddImprovement(ctx, app.ImprovementRequest{Source: domain.SourcePartner, Text: "x", Partner: "73282932000074"})
	if domain.KindOf(err) != domain.KindNotFound || !strings.Contains(err.Error(), "not in the register") {
		t.Fatalf("unknown partner: %v", err)
	}
	_, err = a.AddImprovement(ctx, app.ImprovementRequest{Source: domain.SourceJury, Text: "x", Certification: "RNCP99999"})
	if domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("unknown certification: %v", err)
	}
	if l, _ := a.ImprovementList(ctx, false); len(l) != 0 {
		t.Fatalf("written after an error: %v", l)
	}
	// A due date before the opening is refused.
	if _, err := a.AddImprovement(ctx, app.ImprovementRequest{Source: domain.SourceOther, Text: "x", Due: domain.MustDate("2026-01-01")}); domain.KindOf(err) != domain.KindConflict {
		t.Fatalf("due before opening: %v", err)
	}

	act, err := a.AddImprovement(ctx, app.ImprovementRequest{Source: domain.SourcePartner, Text: " Grille du bloc 2 ambiguë ", Partner: "85262016007290",
		Certification: "RNCP35419", Due: domain.MustDate("2026-03-31")})
	if err != nil {
		t.Fatal(err)
	}
	if act.ID == 0 || act.Text != "Grille du bloc 2 ambiguë" || act.OpenedOn != domain.MustDate("2026-02-01") || act.PartnerName != "Formapro Lyon" {
		t.Errorf("action: %+v", act)
	}
	// Closing: not in the future, an outcome, once.
	if _, err := a.CloseImprovement(ctx, act.ID, domain.MustDate("2026-02-02"), "fait"); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("future closure: %v", err)
	}
	if _, err := a.CloseImprovement(ctx, act.ID, domain.Date{}, "  "); err == nil {
		t.Errorf("empty outcome accepted")
	}
	closed, err := a.CloseImprovement(ctx, act.ID, domain.Date{}, "Grille révisée (v3)")
	if err != nil || closed.ClosedOn != domain.MustDate("2026-02-01") || closed.Outcome != "Grille révisée (v3)" {
		t.Fatalf("close: %+v %v", closed, err)
	}
	if _, err := a.CloseImprovement(ctx, act.ID, domain.Date{}, "encore"); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("closed twice: %v", err)
	}
	if _, err := a.CloseImprovement(ctx, 99, domain.Date{}, "x"); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown id: %v", err)
	}
	if l, _ := a.ImprovementList(ctx, true); len(l) != 0 {
		t.Errorf("open actions: %v", l)
	}
	// Journaled: the creation and the closure.
	var entries []domain.JournalEntry
	ckRead(t, db, func(r domain.Reader) error {
		entries, err = r.JournalEntries(domain.JournalFilter{Entity: "improvement"})
		return err
	})
	if len(entries) != 2 || entries[0].Action != "create" || entries[1].Action != "close" || !strings.Contains(string(entries[1].After), "Grille révisée") {
		t.Errorf("journal: %+v", entries)
	}
}

func ckRead(t *testing.T, db interface {
	Read(context.Context, func(domain.Reader) error) error
}, fn func(domain.Reader) error) {
	t.Helper()
	if err := db.Read(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func TestImprovementFromFinding(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe) // today 2026-02-01
	ckNetwork(t, db)
	const siret = domain.SIRET("85262016007290")
	file := auFile(t, "LEG-01;;conforme;;;;\nWEB-02;;non conforme;pas de code;majeure;publier le code;15/03/2026\nFOR-01;;n/a;;;;\n")
	res, err := a.RecordAudit(ctx, app.AuditRecordRequest{SIRET: siret, File: file, Date: domain.MustDate("2026-01-10"), Auditor: "C. Martin", Checklist: auChecklist})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Audit.ID
	if _, err := a.ImprovementFromFinding(ctx, id, "LEG-01"); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("a compliant item: %v", err)
	}
	if _, err := a.ImprovementFromFinding(ctx, id, "NOPE"); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown item: %v", err)
	}
	act, err := a.ImprovementFromFinding(ctx, id, "web-02")
	if err != nil {
		t.Fatal(err)
	}
	if act.Source != domain.SourceAudit || act.Partner != siret || act.Due != domain.MustDate("2026-03-15") || !act.Open() ||
		!strings.Contains(act.Text, "publier le code") || !strings.Contains(act.Text, "WEB-02") {
		t.Errorf("action: %+v", act)
	}
	if _, err := a.ImprovementFromFinding(ctx, id, "WEB-02"); domain.KindOf(err) != domain.KindConflict || !strings.Contains(err.Error(), "already improvement action") {
		t.Errorf("twice: %v", err)
	}
	// The check reports it once past its due date.
	l, err := a.Check(ctx, domain.MustDate("2026-03-16"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ckCodes(l), "warning IMPROVEMENT_OVERDUE improvement 1") {
		t.Errorf("check: %s", ckCodes(l))
	}
}

func TestCommitteeMeetingAndMinutes(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe) // today 2026-02-01
	ckNetwork(t, db)
	members := []domain.CommitteeMember{{Name: "Claire Martin", Role: "représentante de la branche"}, {Name: "Paul Durand"}}
	req := app.CommitteeRequest{Certification: "RNCP99999", Date: domain.MustDate("2026-01-20"), Members: members}
	if _, err := a.CommitteeMeet(ctx, req); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("unknown certification: %v", err)
	}
	req.Certification = "RNCP35419"
	req.Date = domain.MustDate("2026-02-02")
	if _, err := a.CommitteeMeet(ctx, req); domain.KindOf(err) != domain.KindConflict {
		t.Fatalf("future meeting: %v", err)
	}
	req.Date, req.Members = domain.MustDate("2026-01-20"), nil
	if _, err := a.CommitteeMeet(ctx, req); err == nil {
		t.Fatal("a meeting without members accepted")
	}
	req.Members, req.Decisions = members, []string{"Réviser la grille du bloc 2", " "}
	if _, err := a.AddImprovement(ctx, app.ImprovementRequest{Source: domain.SourceSurvey, Text: "Taux d'insertion en baisse", Date: domain.MustDate("2026-01-05"), Due: domain.MustDate("2026-06-30")}); err != nil {
		t.Fatal(err)
	}
	m, err := a.CommitteeMeet(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.CommitteeMeeting(ctx, m.ID)
	if err != nil || len(got.Members) != 2 || got.Members[0].Role != "représentante de la branche" || len(got.Decisions) != 1 || got.CertificationTitle == "" {
		t.Fatalf("meeting: %+v %v", got, err)
	}
	if l, _ := a.CommitteeList(ctx, "RNCP35419"); len(l) != 1 {
		t.Errorf("list: %v", l)
	}
	out := filepath.Join(t.TempDir(), "cr.pdf")
	if _, err := a.CommitteeMinutesPDF(ctx, m.ID, domain.Date{}, out, pdf.Renderer{Options: pdf.Options{Time: docTime}}); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, err := exec.Command("pdftotext", "-layout", out, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"Compte rendu du conseil de perfectionnement", "Claire Martin", "représentante de la branche", "Réviser la grille du bloc 2", "Taux d'insertion en baisse"} {
			if !strings.Contains(string(txt), w) {
				t.Errorf("minutes lack %q:\n%s", w, txt)
			}
		}
	} else if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Errorf("no minutes written: %v", err)
	}
	if _, err := a.CommitteeMinutesPDF(ctx, 42, domain.Date{}, out, pdf.Renderer{}); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown meeting: %v", err)
	}
}

func TestImprovementFromIncident(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe) // today 2026-02-01
	ckNetwork(t, db)
	var incident, evidence int64
	ckUpdate(t, db, func(tx domain.Tx) error {
		s := &domain.Session{Certification: "RNCP35419", Partner: "85262016007290", Date: domain.MustDate("2026-01-15")}
		if err := tx.CreateSession(s); err != nil {
			return err
		}
		e := &domain.SessionEvent{SessionID: s.ID, Kind: domain.EventIncident, Date: domain.MustDate("2026-01-15"), Text: "Coupure de courant"}
		if err := tx.AddSessionEvent(e); err != nil {
			return err
		}
		incident = e.ID
		e2 := &domain.SessionEvent{SessionID: s.ID, Kind: domain.EventEvidence, Date: domain.MustDate("2026-01-15"), Text: "feuille", Path: "/x", SHA256: strings.Repeat("a", 64)}
		if err := tx.AddSessionEvent(e2); err != nil {
			return err
		}
		evidence = e2.ID
		return nil
	})
	if _, err := a.ImprovementFromIncident(ctx, evidence, domain.Date{}); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("evidence: %v", err)
	}
	if _, err := a.ImprovementFromIncident(ctx, 999, domain.Date{}); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown: %v", err)
	}
	act, err := a.ImprovementFromIncident(ctx, incident, domain.MustDate("2026-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	if act.Source != domain.SourceJury || act.Certification != "RNCP35419" || act.Partner != "85262016007290" || act.OpenedOn != domain.MustDate("2026-01-15") ||
		!strings.Contains(act.Text, "Coupure de courant") {
		t.Errorf("action: %+v", act)
	}
	if _, err := a.ImprovementFromIncident(ctx, incident, domain.Date{}); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("twice: %v", err)
	}
}
