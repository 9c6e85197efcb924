package app_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/sqlite"

	_ "github.com/habil-app/habil/internal/csvfr"
)

// benchSIRET returns a valid SIRET built from n.
func benchSIRET(n int) string { return domain.CompleteLuhn(fmt.Sprintf("%013d", 4000000000000+n*7)) }

// writeBenchCSV writes a French Excel partner file of n rows (one partner
// and one habilitation per row).
func writeBenchCSV(tb testing.TB, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "\ufeffN° SIRET;Raison sociale;NDA;Courriel;Code RNCP;Habilitation;Blocs de compétences;Voies d'accès;Date de début;Date de fin\r\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "%s;Organisme de formation n°%d;%011d;contact%d@exemple.fr;RNCP36141;former et évaluer;BC01, BC02;FC;01/01/2026;31/12/2027\r\n",
			benchSIRET(i), i, 11000000000+i, i)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
}

// TestWriteBenchCSV writes the benchmark's partner file to
// $HABIL_BENCH_CSV ($HABIL_BENCH_ROWS rows, default 100,000), for
// scripts/bench-import.sh to time the binary on the same rows.
func TestWriteBenchCSV(t *testing.T) {
	path := os.Getenv("HABIL_BENCH_CSV")
	if path == "" {
		t.Skip("set HABIL_BENCH_CSV=FILE (and HABIL_BENCH_ROWS) to write the benchmark file")
	}
	n := 100_000
	if s := os.Getenv("HABIL_BENCH_ROWS"); s != "" {
		fmt.Sscan(s, &n)
	}
	writeBenchCSV(t, path, n)
}

// benchApp opens a fresh database with the certifier and RNCP36141.
func benchApp(tb testing.TB, dir string) (*app.App, *sqlite.DB) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "habil.db"), sqlite.Options{Actor: sqlite.Actor{User: "bench", Command: "habil partner import"}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	err = db.Update(ctx, func(tx domain.Tx) error {
		if _, _, err := tx.SaveCertifier(domain.Certifier{Name: "Bench", SIRET: "73282932000074"}); err != nil {
			return err
		}
		_, err := tx.SaveCertification(&domain.Certification{Code: "RNCP36141", Title: "Responsable RH", Level: 6,
			EndDate: domain.MustDate("2028-06-30"),
			Blocs:   []domain.Bloc{{Code: "RNCP36141BC01", Label: "Recruter"}, {Code: "RNCP36141BC02", Label: "Former"}},
			Access:  []domain.Access{"FI", "CA", "FC", "CQ", "VAE"}})
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return app.New(db, app.Config{}, nil), db
}

// BenchmarkPartnerImport100k imports a 100,000-row CSV into a fresh
// database through the use case (all rows created, one transaction), then
// the same file again (all unchanged, nothing written).
//
//	go test ./internal/app -run '^$' -bench PartnerImport100k -benchtime 1x -benchmem
//	HABIL_BENCH_ROWS=10000 go test ./internal/app -run '^$' -bench PartnerImport100k -benchtime 1x
//
// The end-to-end figures against 'sqlite3 .import' come from
// scripts/bench-import.sh (BENCHMARKS.md).
func BenchmarkPartnerImport100k(b *testing.B) {
	n := 100_000
	if s := os.Getenv("HABIL_BENCH_ROWS"); s != "" {
		fmt.Sscan(s, &n)
	}
	file := filepath.Join(b.TempDir(), "partenaires.csv")
	writeBenchCSV(b, file, n)
	req := app.PartnerImportRequest{File: file, At: domain.MustDate("2026-06-01")}
	ctx := context.Background()
	b.Run("create", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			a, _ := benchApp(b, b.TempDir())
			runtime.GC()
			b.StartTimer()
			res, err := a.ImportPartners(ctx, req)
			if err != nil {
				b.Fatal(err)
			}
			if res.Partners.Created != n {
				b.Fatalf("created %d partners, want %d", res.Partners.Created, n)
			}
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("unchanged", func(b *testing.B) {
		b.StopTimer()
		a, _ := benchApp(b, b.TempDir())
		if _, err := a.ImportPartners(ctx, req); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for i := 0; i < b.N; i++ {
			res, err := a.ImportPartners(ctx, req)
			if err != nil {
				b.Fatal(err)
			}
			if res.Changed() != 0 {
				b.Fatalf("re-import changed %d records", res.Changed())
			}
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
