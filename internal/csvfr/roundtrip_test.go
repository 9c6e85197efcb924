package csvfr

import (
	"bytes"
	"io"
	"testing"
)

// What Write neutralises, the reader gives back as it was; a user's own
// leading apostrophe (not before = + - @ TAB CR) stays.
func TestFormulaGuardRoundTrip(t *testing.T) {
	values := []string{"=1+1 Formation", "+33 1 23 45 67 89", "-12", "@SUM(A1)", "\tx",
		"'Apostrophe", "''=double", "l'Académie", "'", "ordinary", ""}
	var buf bytes.Buffer
	rows := [][]any{}
	for _, v := range values {
		rows = append(rows, []any{v, "a;b"})
	}
	if err := Write(&buf, []string{"nom", "autre"}, rows); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("'=1+1 Formation")) || !bytes.Contains(buf.Bytes(), []byte("'+33 1 23")) {
		t.Fatalf("the export is not guarded:\n%s", buf.Bytes())
	}
	src, err := NewSource("e.csv", bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := src.Next(); err != nil { // header
		t.Fatal(err)
	}
	for _, want := range values {
		_, cells, err := src.Next()
		if err == io.EOF {
			t.Fatalf("missing row for %q", want)
		}
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if len(cells) > 0 {
			got = cells[0]
		}
		if got != want {
			t.Errorf("read back %q, want %q", got, want)
		}
	}
	// "''=double" was written "'''=double": only the guard is removed.
	if Unneutralise("'Apostrophe") != "'Apostrophe" || Unneutralise("'=x") != "=x" || Unneutralise("'") != "'" {
		t.Error("Unneutralise")
	}
}
