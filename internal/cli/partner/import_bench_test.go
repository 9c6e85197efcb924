package partner_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/habil-app/habil/internal/cli"
	"github.com/habil-app/habil/internal/cli/cmdutil"
)

// validSIRET returns a Luhn-valid SIRET built from n.
func validSIRET(n int) string {
	base := fmt.Sprintf("%013d", 4000000000000+n*7)
	for c := 0; c <= 9; c++ {
		s := base + fmt.Sprint(c)
		sum, double := 0, false
		for i := len(s) - 1; i >= 0; i-- {
			d := int(s[i] - '0')
			if double {
				d *= 2
				if d > 9 {
					d -= 9
				}
			}
			sum += d
			double = !double
		}
		if sum%10 == 0 {
			return s
		}
	}
	panic("unreachable")
}

func run(b *testing.B, db string, args ...string) {
	b.Helper()
	ios, _, _, errOut := cmdutil.Test()
	if code := cli.Run(context.Background(), append([]string{"--db", db}, args...), ios); code != 0 {
		b.Fatalf("habil %v: exit %d\n%s", args, code, errOut)
	}
}

// writeCSV writes a French Excel partner file of n rows (one partner and
// one habilitation per row).
func writeCSV(b *testing.B, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "\ufeffN° SIRET;Raison sociale;NDA;Courriel;Code RNCP;Habilitation;Blocs de compétences;Voies d'accès;Date de début;Date de fin\r\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "%s;Organisme de formation n°%d;%011d;contact%d@exemple.fr;RNCP36141;former et évaluer;BC01, BC02;FC;01/01/2026;31/12/2027\r\n",
			validSIRET(i), i, 11000000000+i, i)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}

func setupDB(b *testing.B, dir string) string {
	db := filepath.Join(dir, "habil.db")
	run(b, db, "init", "--name", "Bench", "--siret", "73282932000074")
	run(b, db, "certification", "add", "RNCP36141", "--title", "Responsable RH", "--level", "6", "--end-date", "2028-06-30",
		"--bloc", "BC01=Recruter", "--bloc", "BC02=Former", "--access", "FI,CA,FC,CQ,VAE")
	return db
}

// BenchmarkPartnerImport100k imports a 100,000-row CSV into a fresh database
// (all rows created, one transaction), then imports it again (all unchanged).
// Run: go test ./internal/cli/partner -run '^$' -bench PartnerImport100k -benchtime 1x -benchmem
func BenchmarkPartnerImport100k(b *testing.B) {
	n := 100_000
	if s := os.Getenv("HABIL_BENCH_ROWS"); s != "" {
		fmt.Sscan(s, &n)
	}
	dir := b.TempDir()
	file := filepath.Join(dir, "partenaires.csv")
	writeCSV(b, file, n)
	b.Run("create", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			db := setupDB(b, b.TempDir())
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			b.StartTimer()
			run(b, db, "partner", "import", file, "--at", "2026-06-01")
			b.StopTimer()
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(n)/b.Elapsed().Seconds()*float64(b.N)/float64(i+1), "rows/s")
			b.ReportMetric(float64(after.HeapInuse)/(1<<20), "MiB-heap-after")
			b.StartTimer()
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		b.StopTimer()
		db := setupDB(b, b.TempDir())
		run(b, db, "partner", "import", file, "--at", "2026-06-01")
		b.StartTimer()
		for i := 0; i < b.N; i++ {
			run(b, db, "partner", "import", file, "--at", "2026-06-01")
		}
	})
}
