package xlsx

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
)

// The import benchmarks generate a partner file (outside the timed part)
// and read it through importer.Reader. Besides time and allocations they
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

// writeStreamed writes n rows with habil's own Workbook (inline strings).
func writeStreamed(b *testing.B, path string, n int) {
	wb, err := NewWorkbook(at)
	must(b, err)
	defer wb.Close()
	s, err := wb.AddSheet("Partenaires", []Column{{Header: "SIRET", Text: true}, {Header: "Raison sociale"}, {Header: "Ville"},
		{Header: "Certification"}, {Header: "Date de début"}, {Header: "Frais"}, {Header: "Email"}})
	must(b, err)
	from := domain.MustDate("2024-03-15")
	for i := 0; i < n; i++ {
		must(b, s.AddRow(Text(fmt.Sprintf("%014d", 73282932000074+i)), fmt.Sprintf("Organisme de formation n°%d", i),
			benchCities[i%len(benchCities)], fmt.Sprintf("RNCP%d", 37000+i%20), from.AddDays(i%700),
			domain.Money(100000+i), fmt.Sprintf("contact%d@organisme.fr", i)))
	}
	fh, err := os.Create(path)
	must(b, err)
	defer fh.Close()
	must(b, wb.Write(fh))
}

// writeShared writes n rows the way Excel saves them: numbers as numbers,
// text in the shared-strings table.
func writeShared(b *testing.B, path string, n int) {
	fh, err := os.Create(path)
	must(b, err)
	defer fh.Close()
	zw := zip.NewWriter(fh)
	put := func(name, body string) {
		w, err := zw.Create(name)
		must(b, err)
		_, err = io.WriteString(w, body)
		must(b, err)
	}
	put("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Partenaires" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)
	var sst []string
	index := map[string]int{}
	str := func(s string) int {
		if i, ok := index[s]; ok {
			return i
		}
		index[s] = len(sst)
		sst = append(sst, s)
		return len(sst) - 1
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	must(b, err)
	bw := bufio.NewWriter(w)
	fmt.Fprint(bw, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	fmt.Fprintf(bw, `<row r="1">`)
	for i, h := range []string{"SIRET", "Raison sociale", "Ville", "Certification", "Date de début", "Frais", "Email"} {
		fmt.Fprintf(bw, `<c r="%c1" t="s"><v>%d</v></c>`, 'A'+i, str(h))
	}
	fmt.Fprint(bw, `</row>`)
	for i := 0; i < n; i++ {
		r := i + 2
		fmt.Fprintf(bw, `<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c><c r="C%d" t="s"><v>%d</v></c><c r="D%d" t="s"><v>%d</v></c><c r="E%d"><v>%d</v></c><c r="F%d"><v>%s</v></c><c r="G%d" t="s"><v>%d</v></c></row>`,
			r, r, 73282932000074+i, r, str(fmt.Sprintf("Organisme de formation n°%d", i)), r, str(benchCities[i%len(benchCities)]),
			r, str(fmt.Sprintf("RNCP%d", 37000+i%20)), r, 45366+i%700, r, fmt.Sprintf("%d.%02d", 1000+i/100, i%100), r, str(fmt.Sprintf("contact%d@organisme.fr", i)))
	}
	fmt.Fprint(bw, `</sheetData></worksheet>`)
	must(b, bw.Flush())
	var sb strings.Builder
	fmt.Fprintf(&sb, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(sst), len(sst))
	for _, s := range sst {
		fmt.Fprintf(&sb, `<si><t>%s</t></si>`, s)
	}
	sb.WriteString(`</sst>`)
	put("xl/sharedStrings.xml", sb.String())
	must(b, zw.Close())
}

// heapWatch measures the heap while a file is read: peak is the largest
// heap in use (live data and garbage not yet collected) sampled every 100
// rows; live, measured only when forceGC is set, is the heap that survives
// a collection, sampled every 10,000 rows.
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

// readFile imports the file and checks every row.
func readFile(b *testing.B, path string, n int, h *heapWatch) {
	src, err := Open(path, "")
	must(b, err)
	rd, err := importer.NewReader(src, benchSchema)
	must(b, err)
	rows := 0
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		must(b, err)
		if _, ok := rec.Identifier("siret"); !ok {
			b.Fatalf("row %d: %v", rec.Row, rec.Errors())
		}
		rows++
		h.row(rows)
	}
	h.row(0)
	must(b, src.Close())
	if rows != n || rd.Errors().Len() != 0 {
		b.Fatalf("%d rows, %d errors: %v", rows, rd.Errors().Len(), rd.Errors().List())
	}
}

func benchImport(b *testing.B, n int, gen func(*testing.B, string, int)) {
	path := filepath.Join(b.TempDir(), "partenaires.xlsx")
	gen(b, path, n)
	st, err := os.Stat(path)
	must(b, err)
	b.ReportAllocs()
	b.ResetTimer()
	var peak float64
	for i := 0; i < b.N; i++ {
		h := newHeapWatch(false)
		readFile(b, path, n, h)
		peak = max(peak, mb(h.peak, h.base))
	}
	b.StopTimer()
	h := newHeapWatch(true)
	readFile(b, path, n, h)
	b.ReportMetric(peak, "peak-heap-MB")
	b.ReportMetric(mb(h.live, h.base), "live-heap-MB")
	b.ReportMetric(float64(st.Size())/(1<<20), "file-MB")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/row")
}

func BenchmarkImport100k(b *testing.B) {
	b.Run("xlsx-inline", func(b *testing.B) { benchImport(b, 100000, writeStreamed) })
	b.Run("xlsx-shared", func(b *testing.B) { benchImport(b, 100000, writeShared) })
}

func BenchmarkImport10k(b *testing.B) {
	b.Run("xlsx-inline", func(b *testing.B) { benchImport(b, 10000, writeStreamed) })
	b.Run("xlsx-shared", func(b *testing.B) { benchImport(b, 10000, writeShared) })
}
