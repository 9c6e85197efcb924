package xlsx

import (
	"archive/zip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// repeatReader yields n bytes repeating b, never holding more than b.
type repeatReader struct {
	b   []byte
	n   int64
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && r.n > 0 {
		c := copy(p[k:], r.b[r.off:])
		if int64(c) > r.n {
			c = int(r.n)
		}
		k += c
		r.n -= int64(c)
		r.off = (r.off + c) % len(r.b)
	}
	return k, nil
}

// rezipStream is rezip with streamed replacements (nothing held in memory).
func rezipStream(t *testing.T, path string, replace map[string]io.Reader) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	must(t, err)
	defer zr.Close()
	out := filepath.Join(t.TempDir(), "huge.xlsx")
	f, err := os.Create(out)
	must(t, err)
	zw := zip.NewWriter(f)
	for _, e := range zr.File {
		w, err := zw.Create(e.Name)
		must(t, err)
		r, ok := replace[e.Name]
		if !ok {
			rc, err := e.Open()
			must(t, err)
			defer rc.Close()
			r = rc
		}
		_, err = io.Copy(w, r)
		must(t, err)
	}
	must(t, zw.Close())
	must(t, f.Close())
	return out
}

func openAlloc(t *testing.T, path string) (error, uint64) {
	t.Helper()
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	s, err := Open(path, "")
	if err == nil {
		for {
			if _, _, err = s.Next(); err != nil {
				break
			}
		}
		s.Close()
		if errors.Is(err, io.EOF) {
			err = nil
		}
	}
	runtime.ReadMemStats(&m1)
	return err, m1.TotalAlloc - m0.TotalAlloc
}

func wantCellTooLarge(t *testing.T, err error, parts ...string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindRejected || de.Code != "XLSX_CELL_TOO_LARGE" {
		t.Fatalf("err = %v, want an XLSX_CELL_TOO_LARGE rejection (exit 3)", err)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("message %q lacks %q", err.Error(), p)
		}
	}
}

// A workbook with one 600 MB inline-string cell is refused while the
// worksheet is scanned, naming the cell and the limit, with memory flat.
func TestHugeInlineCell(t *testing.T) {
	good := partnerWorkbook(t, false)
	head := `<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>SIRET</t></is></c><c r="B1" t="inlineStr"><is><t>Nom</t></is></c></row>
<row r="2"><c r="A2"><v>73282932000074</v></c><c r="B2" t="inlineStr"><is><t>`
	tail := `</t></is></c></row>
</sheetData></worksheet>`
	path := rezipStream(t, good, map[string]io.Reader{"xl/worksheets/sheet2.xml": io.MultiReader(strings.NewReader(head),
		&repeatReader{b: []byte("Formation professionnelle "), n: 600 << 20}, strings.NewReader(tail))})
	err, alloc := openAlloc(t, path)
	wantCellTooLarge(t, err, "cell B2", "row 2 holds more than 4 MB of text", "32767")
	t.Logf("allocated %.1f MB", float64(alloc)/(1<<20))
	if alloc > 100<<20 {
		t.Errorf("reading allocated %d MB: memory is not bounded", alloc>>20)
	}
}

// Many cells of one row count together: a row is held whole.
func TestRowTextBounded(t *testing.T) {
	defer func(v int64) { maxRowText = v }(maxRowText)
	maxRowText = 64 << 10
	good := partnerWorkbook(t, false)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">`)
	for i := range 100 {
		b.WriteString(`<c r="` + cellRef(1, i) + `" t="inlineStr"><is><t>` + strings.Repeat("x", 1000) + `</t></is></c>`)
	}
	b.WriteString(`</row></sheetData></worksheet>`)
	path := rezip(t, good, map[string][]byte{"xl/worksheets/sheet2.xml": []byte(b.String())})
	_, err := Open(path, "")
	wantCellTooLarge(t, err, "cell BN1", "row 1 holds more than 64 KB of text")
}

// A shared string beyond the limit is refused before excelize loads the
// table; a table larger than its limit is refused from its size.
func TestSharedStringBounded(t *testing.T) {
	good := partnerWorkbook(t, false)
	sst := `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>SIRET</t></si><si><t>Nom</t></si><si><r><t>` +
		strings.Repeat("a", 600<<10) + `</t></r><r><t>` + strings.Repeat("b", 600<<10) + `</t></r></si></sst>`
	sheet := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>73282932000074</v></c><c r="B2" t="s"><v>2</v></c></row></sheetData></worksheet>`
	zr, err := zip.OpenReader(good)
	must(t, err)
	sstName := "xl/sharedStrings.xml"
	for _, e := range zr.File {
		if strings.HasSuffix(strings.ToLower(e.Name), "sharedstrings.xml") {
			sstName = e.Name
		}
	}
	zr.Close()
	path := rezip(t, good, map[string][]byte{"xl/worksheets/sheet2.xml": []byte(sheet), sstName: []byte(sst)})
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	_, err = Open(path, "")
	if sstName != "xl/sharedStrings.xml" || err != nil {
		wantCellTooLarge(t, err, "shared string 3", "larger than 1 MB")
	} else {
		t.Fatalf("the workbook has no shared strings part to replace")
	}
	defer func(v int64) { maxSharedStrings = v }(maxSharedStrings)
	maxSharedStrings = 1 << 10
	_, err = Open(path, "")
	wantCellTooLarge(t, err, "shared strings of the workbook are larger than")
}

// A CSV export's formula guard kept as text in a workbook is removed on
// import, only before = + - @; a user's own apostrophe stays.
func TestFormulaGuardRemoved(t *testing.T) {
	good := partnerWorkbook(t, false)
	sheet := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>SIRET</t></is></c><c r="B1" t="inlineStr"><is><t>Nom</t></is></c><c r="C1" t="inlineStr"><is><t>Tel</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>'=1+1 Formation</t></is></c><c r="B2" t="inlineStr"><is><t>'Apostrophe</t></is></c><c r="C2" t="inlineStr"><is><t>'+33 1 23 45 67 89</t></is></c></row>
</sheetData></worksheet>`
	s, err := Open(rezip(t, good, map[string][]byte{"xl/worksheets/sheet2.xml": []byte(sheet)}), "")
	must(t, err)
	defer s.Close()
	s.Next()
	_, cells, err := s.Next()
	must(t, err)
	if strings.Join(cells, "|") != "=1+1 Formation|'Apostrophe|+33 1 23 45 67 89" {
		t.Errorf("cells %q", cells)
	}
}

// A text run between cells (blanks) is one token for the decoder: bounded
// too.
func TestBlankRunBounded(t *testing.T) {
	defer func(v int64) { maxRowText = v }(maxRowText)
	maxRowText = 64 << 10
	good := partnerWorkbook(t, false)
	sheet := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>SIRET</t></is></c>` + strings.Repeat(" ", 100<<10) + `<c r="B1" t="inlineStr"><is><t>Nom</t></is></c></row>
</sheetData></worksheet>`
	_, err := Open(rezip(t, good, map[string][]byte{"xl/worksheets/sheet2.xml": []byte(sheet)}), "")
	wantCellTooLarge(t, err, "row 1 holds more than 64 KB of text")
}

// A part excelize would load whole (here the styles) is bounded by its
// declared size.
func TestPartBounded(t *testing.T) {
	defer func(v int64) { maxPart = v }(maxPart)
	maxPart = 1 << 10
	_, err := Open(partnerWorkbook(t, false), "")
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != "XLSX_TOO_LARGE" || !strings.Contains(de.Msg, "once unpacked, more than the 1 KB") {
		t.Errorf("err = %v", err)
	}
}
