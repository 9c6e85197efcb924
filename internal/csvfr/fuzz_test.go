package csvfr

import (
	"bytes"
	"io"
	"testing"
)

// FuzzRead: no input makes the CSV reader panic or loop; every row it
// returns is bounded by the input (go test -fuzz=FuzzRead ./internal/csvfr).
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"SIRET;Raison sociale\n73282932000074;Académie\n",
		"\xef\xbb\xbfa,b,c\r\n1,2,3\r\n",
		"a;\"b\nsur deux lignes\";c\n",
		"\"unterminated;x\n",
		"nom\tprénom\nDupont\tMarie\n",
		"\xe9t\xe9;caf\xe9\n",
		"\xff\xfea\x00;\x00b\x00\n\x00",
		"=cmd|' /C calc'!A0;x\n",
		"",
		";;;;\n\n\n;",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := NewSource("fuzz.csv", bytes.NewReader(data))
		if err != nil {
			return
		}
		defer src.Close()
		last := 0
		for i := 0; ; i++ {
			row, cells, err := src.Next()
			if err != nil {
				if err != io.EOF && err.Error() == "" {
					t.Fatal("an error without a message")
				}
				return
			}
			if i > len(data)+1 {
				t.Fatalf("%d rows from %d bytes", i, len(data))
			}
			if row <= last {
				t.Fatalf("row %d after row %d", row, last)
			}
			last = row
			n := 0
			for _, c := range cells {
				n += len(c)
			}
			// A decoded cell may grow (Windows-1252 → UTF-8: at most 3 bytes a byte).
			if n > 3*len(data)+3 {
				t.Fatalf("row %d holds %d bytes from %d bytes of input", row, n, len(data))
			}
		}
	})
}
