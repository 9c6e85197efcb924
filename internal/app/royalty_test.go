package app_test

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/pdf"
	"github.com/habil-app/habil/internal/sqlite"
)

const rySIRET = domain.SIRET("85262016007290") // Formapro Lyon (ckNetwork)

// ryNetwork records the hand-computed case of domain.TestComputeRoyalties
// in a real database: the convention with its avenant, three sessions of
// 2025 with their enrolments and an absent candidate in each of two.
func ryNetwork(t *testing.T, db *sqlite.DB) {
	t.Helper()
	ckNetwork(t, db)
	ckUpdate(t, db, func(tx domain.Tx) error {
		c := &domain.Convention{PartnerSIRET: rySIRET, Certification: "RNCP35419", Status: domain.ConventionSigned, CreatedOn: domain.MustDate("2024-06-01"),
			SignedOn: domain.MustDate("2024-06-15"), Versions: []domain.ConventionTerms{{Version: 1, Date: domain.MustDate("2024-06-01"), Scope: domain.ScopeBoth,
				From: domain.MustDate("2024-07-01"), To: domain.MustDate("2026-06-30"), Fees: domain.Fees{PerCandidate: 15000, PerExam: 30000, FlatYearly: 100000}}}}
		if err := tx.CreateConvention(c); err != nil {
			return err
		}
		before := c.Clone()
		v2 := c.Terms()
		v2.Version, v2.Date, v2.Reason = 2, domain.MustDate("2025-07-01"), "révision des redevances"
		v2.Fees = domain.Fees{PerCandidate: 18000, PerExam: 30000, FlatYearly: 120000}
		c.Versions = append(c.Versions, v2)
		if err := tx.AddConventionVersion(before, c); err != nil {
			return err
		}
		n := 0
		session := func(organiser domain.SIRET, date string, trainedBy domain.SIRET, results ...domain.Result) error {
			s := &domain.Session{Certification: "RNCP35419", Partner: organiser, Date: domain.MustDate(date), Mode: domain.ExamMode("onsite")}
			if err := tx.CreateSession(s); err != nil {
				return err
			}
			var list []*domain.Enrollment
			for range results {
				n++
				list = append(list, &domain.Enrollment{Candidate: domain.Candidate{BirthName: fmt.Sprintf("NOM%d", n), FirstNames: []string{"Anne"},
					BirthDate: domain.MustDate("1990-01-01"), Sex: domain.SexF, BirthINSEE: "69123", BirthTown: "Lyon"}, Access: domain.Access("FC"), TrainedBy: trainedBy})
			}
			if _, err := tx.SaveEnrollments(s.ID, list); err != nil {
				return err
			}
			for i, r := range results {
				list[i].Result = r
			}
			_, err := tx.SaveResults(s.ID, list)
			return err
		}
		A, F, X := domain.ResultAdmitted, domain.ResultFailed, domain.ResultAbsent
		if err := session(rySIRET, "2025-03-10", "", A, X, F, A); err != nil {
			return err
		}
		if err := session(rySIRET, "2025-09-15", "", A, A, A, A, F); err != nil {
			return err
		}
		return session(ckMe.SIRET, "2025-11-20", rySIRET, A, F, X)
	})
}

func TestRoyaltyStatementAndPayments(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe) // today 2026-02-01
	ryNetwork(t, db)

	// No statement yet: a payment is refused, nothing written.
	if _, err := a.RoyaltyPaid(ctx, domain.RoyaltyPayment{SIRET: rySIRET, Period: 2025, Amount: 100}); domain.KindOf(err) != domain.KindConflict ||
		!strings.Contains(err.Error(), "no royalty statement is recorded") {
		t.Fatalf("payment without statement: %v", err)
	}
	// A file that cannot be written records nothing.
	boom := fmt.Errorf("disk full")
	if _, _, err := a.RoyaltyStatement(ctx, app.RoyaltyRequest{Period: 2025}, func(domain.Certifier, []*domain.RoyaltyStatement) error { return boom }); err != boom {
		t.Fatalf("write error: %v", err)
	}
	var got []*domain.RoyaltyStatement
	write := func(_ domain.Certifier, l []*domain.RoyaltyStatement) error { got = l; return nil }
	sts, recorded, err := a.RoyaltyStatement(ctx, app.RoyaltyRequest{Period: 2025}, write)
	if err != nil {
		t.Fatal(err)
	}
	if recorded != 1 || len(sts) != 1 || len(got) != 1 {
		t.Fatalf("statements %d, recorded %d", len(sts), recorded)
	}
	st := sts[0]
	// 3 × 150 + 7 × 180 + 2 × 300 + 1 000 × 181/365 + 1 200 × 184/365 = 3 410,82 €
	if st.Total != 341082 || st.Version != 1 || len(st.Lines) != 5 {
		t.Errorf("statement: %s version %d, %+v", st.Total.French(), st.Version, st.Lines)
	}
	// The same statement again: no new version; a new payment is recorded against it.
	if _, recorded, err := a.RoyaltyStatement(ctx, app.RoyaltyRequest{Period: 2025, Partner: rySIRET}, write); err != nil || recorded != 0 {
		t.Errorf("same statement: recorded %d, %v", recorded, err)
	}
	if _, err := a.RoyaltyPaid(ctx, domain.RoyaltyPayment{SIRET: rySIRET, Period: 2024, Amount: 100}); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("another period: %v", err)
	}
	paid, err := a.RoyaltyPaid(ctx, domain.RoyaltyPayment{SIRET: rySIRET, Period: 2025, Amount: 300000, Date: domain.MustDate("2026-01-20")})
	if err != nil || paid.Paid != 300000 || paid.Total != 341082 {
		t.Fatalf("paid: %+v %v", paid, err)
	}
	// ROYALTY_UNPAID 60 days after 31 December, until fully paid.
	l, err := a.Check(ctx, domain.MustDate("2026-03-02"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ckCodes(l), "warning ROYALTY_UNPAID 85262016007290") {
		t.Errorf("check: %s", ckCodes(l))
	}
	if _, err := a.RoyaltyPaid(ctx, domain.RoyaltyPayment{SIRET: rySIRET, Period: 2025, Amount: 41082, Date: domain.MustDate("2026-01-31")}); err != nil {
		t.Fatal(err)
	}
	l, _ = a.Check(ctx, domain.MustDate("2026-03-02"))
	if strings.Contains(ckCodes(l), "ROYALTY_UNPAID") {
		t.Errorf("paid in full: %s", ckCodes(l))
	}
	// Journaled: the statement and the two payments.
	var entries []domain.JournalEntry
	ckRead(t, db, func(r domain.Reader) error {
		entries, err = r.JournalEntries(domain.JournalFilter{Entity: "royalty"})
		return err
	})
	if len(entries) != 3 {
		t.Errorf("journal: %+v", entries)
	}
	// The PDF, in French figures.
	out := filepath.Join(t.TempDir(), "releve.pdf")
	if _, err := a.RoyaltyPDF(2025, domain.Date{}, sts, *ckMe, out, pdf.Renderer{Options: pdf.Options{Time: docTime}}); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, err := exec.Command("pdftotext", "-layout", out, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"Relevé des redevances 2025", "3 410,82 €", "495,89 €", "604,93 €", "1 260,00 €", "181/365"} {
			if !strings.Contains(strings.ReplaceAll(string(txt), "\u00a0", " "), w) {
				t.Errorf("the PDF lacks %q:\n%s", w, txt)
			}
		}
	}
}
