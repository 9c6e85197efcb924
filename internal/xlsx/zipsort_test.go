package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// TestWorkbookOfManySheetsIsReproducible: excelize writes streamed sheets in
// a Go map's order; through sortedZip a workbook of several sheets gives the
// same bytes every time (report all's byte-for-byte promise).
func TestWorkbookOfManySheetsIsReproducible(t *testing.T) {
	write := func() []byte {
		wb, err := NewWorkbook(time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		for i := 0; i < 8; i++ {
			s, err := wb.AddSheet(fmt.Sprintf("Feuille %d", i), []Column{{Header: "A"}, {Header: "B"}})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.AddRow(i, fmt.Sprintf("ligne %d", i)); err != nil {
				t.Fatal(err)
			}
		}
		var b bytes.Buffer
		if err := wb.Write(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	first := write()
	for i := 0; i < 10; i++ {
		if !bytes.Equal(first, write()) {
			t.Fatalf("write %d differs from the first", i+2)
		}
	}
}

// One compressor serves the parts in turn: a part written after the next
// one was started is an error (never a corrupt part), and the parts read
// back whole.
func TestSortedZipOneCompressor(t *testing.T) {
	var b bytes.Buffer
	z := newSortedZip(&b)
	first, err := z.Create("b.xml")
	if err != nil {
		t.Fatal(err)
	}
	first.Write([]byte(strings.Repeat("<row/>", 1000)))
	second, _ := z.Create("a.xml")
	second.Write([]byte("<a/>"))
	if _, err := first.Write([]byte("late")); err == nil || !strings.Contains(err.Error(), "b.xml") {
		t.Errorf("write to a finished part: %v", err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, rc)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		got[f.Name] = int(n)
	}
	if got["b.xml"] != 6000 || got["a.xml"] != 4 || r.File[0].Name != "a.xml" {
		t.Errorf("parts %v, order %s first", got, r.File[0].Name)
	}
}
