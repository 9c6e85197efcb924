package app_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
)

// writeEnrollCSV writes n candidate rows, every one a different person
// (20 surnames × 20 first names × distinct birth dates).
func writeEnrollCSV(tb testing.TB, path string, n int) {
	tb.Helper()
	sur := strings.Fields("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier")
	first := strings.Fields("Léa Chloé Manon Camille Inès Sarah Julie Émilie Laura Marie Lucas Hugo Théo Nicolas Julien Maxime Antoine Kévin Mathieu Romain")
	var b strings.Builder
	b.WriteString("Nom de naissance;Prénoms;Date de naissance;Sexe;Code INSEE commune de naissance;Commune de naissance;" +
		"Code postal de naissance;Pays de naissance;Email;Voie d'accès;Date d'inscription\n")
	for i := 0; i < n; i++ {
		d := i / 400
		sex := "F"
		if (i/20)%20 >= 10 {
			sex = "M"
		}
		fmt.Fprintf(&b, "%s;%s;%02d/%02d/%d;%s;69123;Lyon;69003;France;c%d@example.fr;FC;01/03/2026\n",
			sur[i%20], first[(i/20)%20], d%28+1, (d/28)%12+1, 1960+d/336, sex, i)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkEnroll100k enrols a 100,000-row candidate list into one session
// (all created, one transaction), then the same list again (unchanged).
// The time per row must not grow with the list (it did: the next position
// and the stored enrolment were read per row, quadratic).
//
//	go test ./internal/app -run '^$' -bench Enroll100k -benchtime 1x -benchmem
//	HABIL_BENCH_ROWS=10000 go test ./internal/app -run '^$' -bench Enroll100k -benchtime 1x
func BenchmarkEnroll100k(b *testing.B) {
	n := 100_000
	if s := os.Getenv("HABIL_BENCH_ROWS"); s != "" {
		fmt.Sscan(s, &n)
	}
	file := filepath.Join(b.TempDir(), "candidats.csv")
	writeEnrollCSV(b, file, n)
	ctx := context.Background()
	setup := func(b *testing.B) (*app.App, int64) {
		a, db := benchApp(b, b.TempDir())
		err := db.Update(ctx, func(tx domain.Tx) error {
			p := &domain.Partner{SIRET: "41287654200017", Name: "Formapro Conseil", Status: domain.StatusActive}
			if err := tx.CreatePartner(p, domain.MustDate("2024-01-01"), "bench"); err != nil {
				return err
			}
			return tx.AddHabilitation(&domain.Habilitation{PartnerSIRET: p.SIRET, Certification: "RNCP36141", Scope: domain.ScopeBoth,
				From: domain.MustDate("2024-01-01")})
		})
		if err != nil {
			b.Fatal(err)
		}
		s, err := a.CreateSession(ctx, app.SessionCreate{Certification: "RNCP36141", Partner: "41287654200017",
			Date: domain.MustDate("2026-06-15"), PostalCode: "69003"})
		if err != nil {
			b.Fatal(err)
		}
		return a, s.Session.ID
	}
	enroll := func(b *testing.B, a *app.App, id int64) *app.EnrollResult {
		res, err := a.EnrollCandidates(ctx, app.EnrollRequest{SessionID: id, File: file})
		if err != nil {
			b.Fatal(err)
		}
		return res
	}
	b.Run("create", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			a, id := setup(b)
			runtime.GC()
			b.StartTimer()
			if res := enroll(b, a, id); res.Candidates.Created != n {
				b.Fatalf("created %d, want %d", res.Candidates.Created, n)
			}
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("unchanged", func(b *testing.B) {
		a, id := setup(b)
		enroll(b, a, id)
		runtime.GC()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if res := enroll(b, a, id); res.Candidates.Unchanged != n {
				b.Fatalf("unchanged %d, want %d", res.Candidates.Unchanged, n)
			}
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
