package csvfr

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
	"golang.org/x/text/encoding/charmap"
)

// The import benchmarks generate a partner CSV (outside the timed part) and
// read it through importer.Reader. Besides time and allocations they
// report, as growth over the heap before opening the file: peak-heap-MB,
// the largest heap in use while reading (sampled every 100 rows; includes
// garbage awaiting collection), and live-heap-MB, the largest heap that
// survives a collection (an untimed extra pass, sampled every 10,000 rows).
//
//	go test -run '^$' -bench 'Import' -benchtime=1x ./internal/xlsx ./internal/csvfr

var benchSchema = importer.Schema{
	Name: "Partenaires",
	Fields: []importer.Field{
		{Key: "siret", Label: "SIRET", Required: true, Kind: importer.Identifier},
		{Key: "name", Label: "Raison sociale", Required: true},
		{Key: "city", Label: "Ville"},
		{Key: "cert", Label: "Certification"},
		{Key: "from", Label: "Date de début", Kind: importer.Date},
		{Key: "fee", Label: "Frais", Kind: importer.Money},
		{Key: "email", Label: "Email"},
	},
}

var benchCities = []string{"Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Besançon", "Orléans", "Rennes", "Dijon"}

// writeCSV writes n rows in the French Excel dialect; cp1252 re-encodes it
// as Windows-1252 (without the BOM).
func writeCSV(b *testing.B, path string, n int, cp1252 bool) {
	fh, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer fh.Close()
	bw := bufio.NewWriter(fh)
	var w io.Writer = bw
	if cp1252 {
		w = charmap.Windows1252.NewEncoder().Writer(bw)
	}
	cw := NewWriter(w)
	if cp1252 {
		cw.started = true // no BOM
	}
	if err := cw.Write("Partenaires au 15/03/2024"); err != nil {
		b.Fatal(err)
	}
	if err := cw.Write("SIRET", "Raison sociale", "Ville", "Certification", "Date de début", "Frais", "Email"); err != nil {
		b.Fatal(err)
	}
	from := domain.MustDate("2024-03-15")
	for i := 0; i < n; i++ {
		err := cw.Write(fmt.Sprintf("%014d", 73282932000074+i), fmt.Sprintf("Organisme de formation n°%d", i),
			benchCities[i%len(benchCities)], fmt.Sprintf("RNCP%d", 37000+i%20), from.AddDays(i%700),
			domain.Money(100000+i), fmt.Sprintf("contact%d@organisme.fr", i))
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := cw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		b.Fatal(err)
	}
}

type heapWatch struct {
	base, peak, live uint64
	forceGC          bool
}

func newHeapWatch(forceGC bool) *heapWatch {
	runtime.GC()
	runtime.GC() // twice: sync.Pool victims
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return &heapWatch{base: m.HeapAlloc, peak: m.HeapAlloc, live: m.HeapAlloc, forceGC: forceGC}
}

func (h *heapWatch) row(n int) {
	var m runtime.MemStats
	switch {
	case h.forceGC && n%10000 == 0:
		runtime.GC()
		runtime.ReadMemStats(&m)
		h.live = max(h.live, m.HeapAlloc)
	case !h.forceGC && n%100 == 0:
		runtime.ReadMemStats(&m)
		h.peak = max(h.peak, m.HeapAlloc)
	}
}

func mb(v, base uint64) float64 { return float64(v-base) / (1 << 20) }

func readFile(b *testing.B, path string, n int, enc Encoding, h *heapWatch) {
	src, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	if src.Encoding() != enc {
		b.Fatalf("encoding %s, want %s", src.Encoding(), enc)
	}
	rd, err := importer.NewReader(src, benchSchema)
	if err != nil {
		b.Fatal(err)
	}
	rows := 0
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := rec.Date("from"); !ok {
			b.Fatalf("row %d: %v", rec.Row, rec.Errors())
		}
		rows++
		h.row(rows)
	}
	h.row(0)
	src.Close()
	if rows != n || rd.Errors().Len() != 0 {
		b.Fatalf("%d rows, %d errors: %v", rows, rd.Errors().Len(), rd.Errors().List())
	}
}

func benchImport(b *testing.B, n int, cp1252 bool) {
	path := filepath.Join(b.TempDir(), "partenaires.csv")
	writeCSV(b, path, n, cp1252)
	enc := UTF8BOM
	if cp1252 {
		enc = Windows1252
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var peak float64
	for i := 0; i < b.N; i++ {
		h := newHeapWatch(false)
		readFile(b, path, n, enc, h)
		peak = max(peak, mb(h.peak, h.base))
	}
	b.StopTimer()
	h := newHeapWatch(true)
	readFile(b, path, n, enc, h)
	b.ReportMetric(peak, "peak-heap-MB")
	b.ReportMetric(mb(h.live, h.base), "live-heap-MB")
	b.ReportMetric(float64(st.Size())/(1<<20), "file-MB")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/row")
}

func BenchmarkImport100k(b *testing.B) {
	b.Run("csv-utf8", func(b *testing.B) { benchImport(b, 100000, false) })
	b.Run("csv-windows1252", func(b *testing.B) { benchImport(b, 100000, true) })
}

func BenchmarkImport10k(b *testing.B) {
	b.Run("csv-utf8", func(b *testing.B) { benchImport(b, 10000, false) })
	b.Run("csv-windows1252", func(b *testing.B) { benchImport(b, 10000, true) })
}
