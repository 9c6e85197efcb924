package xlsx

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

// FuzzOpen: no file makes the XLSX reader panic, hang or return an error
// other than a clear domain error; rows are bounded
// (go test -fuzz=FuzzOpen ./internal/xlsx).
func FuzzOpen(f *testing.F) {
	var buf bytes.Buffer
	err := WriteTable(&buf, time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC), "Partenaires",
		[]Column{{Header: "SIRET"}, {Header: "Raison sociale"}, {Header: "Date"}},
		[][]any{{"73282932000074", "Académie", domain.MustDate("2026-01-15")}, {"35600000000048", "=1+1", 12.5}})
	if err != nil {
		f.Fatal(err)
	}
	good := buf.Bytes()
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("PK\x03\x04 not really a zip"))
	f.Add([]byte("SIRET;Nom\n1;2\n"))
	// A workbook whose sheet is a deep, unterminated XML tree.
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	for name, body := range map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"xl/workbook.xml":            `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>` + string(bytes.Repeat([]byte("<x>"), 2000)),
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	f.Add(z.Bytes())
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "fuzz.xlsx")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		src, err := Open(p, "")
		if err != nil {
			if domain.KindOf(err) == domain.KindInternal {
				t.Fatalf("an internal error for a bad file: %v", err)
			}
			return
		}
		defer src.Close()
		for i := 0; i < 1_000_000; i++ {
			_, cells, err := src.Next()
			if err != nil {
				return
			}
			n := 0
			for _, c := range cells {
				n += len(c)
			}
			if n > MaxRowText+1024 {
				t.Fatalf("a row of %d bytes passes the limit %d", n, MaxRowText)
			}
		}
		t.Fatal("a million rows from a fuzzed file")
	})
}
