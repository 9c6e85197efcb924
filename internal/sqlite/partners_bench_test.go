package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

// Listing the register (BENCHMARKS.md, "Listing the register"):
//
//	go test ./internal/sqlite -run '^$' -bench PartnerList -benchtime 3x
//
// and, to time the real binary on a generated database:
//
//	HABIL_BENCH_DB=/tmp/list100k.db HABIL_BENCH_N=100000 go test ./internal/sqlite -run TestMakeListBenchDB
//	time habil --db /tmp/list100k.db partner list --format json > /dev/null

// benchSIRET returns a valid SIRET built from i.
func benchSIRET(i int) domain.SIRET {
	return domain.SIRET(domain.CompleteLuhn(fmt.Sprintf("%013d", 100000000000+i*7)))
}

var benchNames = []string{"Formapro", "École des Métiers", "CFA Économie", "Institut Supérieur", "Académie", "Centre de Formation", "Lycée Professionnel", "Organisme Été"}
var benchCities = []string{"Lyon", "Paris", "Besançon", "Nîmes", "Orléans", "Évry", "Saint-Étienne", "Brest"}
var benchStatuses = []string{"active", "active", "active", "prospect", "suspended", "withdrawn"}

// seedPartners writes n partners, each with one recording in its history
// and one habilitation on RNCP36141, in one transaction with prepared
// statements (the journal is left out: listing never reads it).
func seedPartners(tb testing.TB, db *DB, n int) {
	tb.Helper()
	ctx := context.Background()
	err := db.WithTx(ctx, func(tx *Tx) error {
		if _, err := tx.Certification("RNCP36141"); err != nil {
			c := &domain.Certification{Code: "RNCP36141", Title: "Chargé de projets", Level: 6, EndDate: domain.MustDate("2030-12-31"),
				Access: []domain.Access{domain.AccessFI, domain.AccessCA, domain.AccessVAE}}
			if _, err := tx.SaveCertification(c); err != nil {
				return err
			}
		}
		now := "2026-01-01T00:00:00Z"
		for i := 0; i < n; i++ {
			siret := string(benchSIRET(i))
			name := fmt.Sprintf("%s %s %d", benchNames[i%len(benchNames)], benchCities[(i/8)%len(benchCities)], i)
			status := benchStatuses[i%len(benchStatuses)]
			until := ""
			if i%5 != 0 {
				until = domain.NewDate(2026+i%3, time.Month(1+i%12), 1+i%28).String()
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO partner(siret, name, nda, role, status, email, qualiopi_until, created_at, updated_at)
				VALUES (?,?,?,?,?,?,?,?,?)`, siret, name, fmt.Sprintf("%011d", 84690000000+i), "partner", status,
				fmt.Sprintf("contact%d@of-exemple.fr", i), until, now, now); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO partner_status_history(siret, from_status, to_status, date, reason, recorded_at)
				VALUES (?,?,?,?,?,?)`, siret, "", status, "2025-01-01", "recorded", now); err != nil {
				return err
			}
			from := domain.NewDate(2024+i%3, time.Month(1+i%12), 1).String()
			to := ""
			if i%4 == 0 {
				to = "2026-06-30"
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO habilitation(partner_siret, certification, scope, blocs, access, date_from, date_to, created_at, updated_at)
				VALUES (?,?,?,?,?,?,?,?,?)`, siret, "RNCP36141", "both", "", "", from, to, now, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func benchList(b *testing.B, n int, f PartnerFilter) {
	db, err := Open(context.Background(), filepath.Join(b.TempDir(), "habil.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	seedPartners(b, db, n)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		l, err := db.Partners(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		if len(l) == 0 {
			b.Fatal("nothing listed")
		}
	}
}

func BenchmarkPartnerList10k(b *testing.B)  { benchList(b, 10_000, PartnerFilter{}) }
func BenchmarkPartnerList100k(b *testing.B) { benchList(b, 100_000, PartnerFilter{}) }
func BenchmarkPartnerListActiveHabilitated100k(b *testing.B) {
	benchList(b, 100_000, PartnerFilter{Status: []domain.PartnerStatus{domain.StatusActive}, HabilitatedAt: domain.MustDate("2026-01-15"), Sort: "qualiopi"})
}
func BenchmarkPartnerListSearch100k(b *testing.B) {
	benchList(b, 100_000, PartnerFilter{Search: "métiers besancon"})
}

// TestMakeListBenchDB writes the benchmark database to $HABIL_BENCH_DB
// ($HABIL_BENCH_N partners, default 100,000) for timing the binary.
func TestMakeListBenchDB(t *testing.T) {
	path := os.Getenv("HABIL_BENCH_DB")
	if path == "" {
		t.Skip("set HABIL_BENCH_DB=FILE (and HABIL_BENCH_N) to write the benchmark database")
	}
	n := 100_000
	if s := os.Getenv("HABIL_BENCH_N"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.WithTx(context.Background(), func(tx *Tx) error {
		_, _, err := tx.SaveCertifier(domain.Certifier{Name: "Bench", SIRET: benchSIRET(999_999)})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	seedPartners(t, db, n)
}
