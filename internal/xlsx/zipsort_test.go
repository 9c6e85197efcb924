package xlsx

import (
	"bytes"
	"fmt"
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
