package cmdutil

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// Data recorded by an older version may hold control characters: a table,
// a terminal CSV or JSON never writes them raw.
func TestPrintNeverWritesRawControls(t *testing.T) {
	rows := [][]string{{"73282932000074", "A\x1b[31mB"}, {"44306184100047", "Plain"}, {"35600000000048", "R\u202eL \u009b2J"}}
	orig := [][]string{{"73282932000074", "A\x1b[31mB"}, {"44306184100047", "Plain"}, {"35600000000048", "R\u202eL \u009b2J"}}
	type rec struct{ Name string }
	for _, format := range []string{"table", "json", "csv"} {
		ios, _, out, _ := Test()
		ios.SetStdoutTTY(true)
		js := []rec{{rows[0][1]}, {rows[2][1]}}
		if err := Print(ios, format, Listing{Headers: []string{"siret", "name"}, Rows: rows, JSON: js}); err != nil {
			t.Fatal(err)
		}
		s := out.String()
		if strings.ContainsFunc(s, domain.UnsafeRune) {
			t.Errorf("%s: raw control character in %q", format, s)
		}
		switch format {
		case "table", "csv":
			if !strings.Contains(s, "A␛[31mB") || !strings.Contains(s, `R\u202eL \u009b2J`) {
				t.Errorf("%s: not escaped visibly: %q", format, s)
			}
		case "json":
			var back []rec
			if err := json.Unmarshal(out.Bytes(), &back); err != nil || back[0].Name != rows[0][1] || back[1].Name != rows[2][1] {
				t.Errorf("json does not hold the same value: %v %q", err, s)
			}
		}
	}
	for i := range rows {
		for j := range rows[i] {
			if rows[i][j] != orig[i][j] {
				t.Fatalf("the caller's rows were changed: %q", rows[i][j])
			}
		}
	}
	// Piped CSV is the data as stored (a script's input).
	ios, _, out, _ := Test()
	if err := Print(ios, "csv", Listing{Headers: []string{"siret", "name"}, Rows: rows}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out.Bytes(), []byte("A\x1b[31mB")) {
		t.Errorf("piped csv changed the data: %q", out.String())
	}
}

func TestSafeWriterEscapes(t *testing.T) {
	var b bytes.Buffer
	w := SafeWriter(&b)
	n, err := w.Write([]byte("name: A\x1b[31mB\u202e\n"))
	if err != nil || n != len("name: A\x1b[31mB\u202e\n") {
		t.Fatalf("n=%d err=%v", n, err)
	}
	w.Write([]byte("plain é\n"))
	if got := b.String(); got != "name: A␛[31mB\\u202e\nplain é\n" {
		t.Errorf("got %q", got)
	}
}
