package cmdutil

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// The fast aligner must print exactly what tablewriter prints for the text
// it takes: French names with accents, œ, Ł, ễ, the symbols habil uses,
// empty cells.
func TestAlignTableSameAsTablewriter(t *testing.T) {
	words := []string{"", "-", "Formapro", "Académie des Métiers", "Œuvre", "Łódź", "Nguyễn Thị Ễnh", "1 200,00 €",
		"2026-06-30", "CONV-2026-0001", "draft → signed", "ends in 30 days…", "«guillemets»", "a  b", "x", "RNCP36141BC02",
		"l'État – “citation”", "Qualiopi\u202f: oui"}
	rng := rand.New(rand.NewSource(7))
	for trial := 0; trial < 200; trial++ {
		cols := 1 + rng.Intn(6)
		headers := make([]string, cols)
		for i := range headers {
			headers[i] = fmt.Sprintf("col%d%s", i, strings.Repeat("é", rng.Intn(3)))
		}
		rows := make([][]string, rng.Intn(8))
		for i := range rows {
			rows[i] = make([]string, cols)
			for j := range rows[i] {
				rows[i][j] = words[rng.Intn(len(words))]
			}
		}
		if !narrowText(headers, rows) {
			t.Fatalf("trial %d: the sample text is not narrow", trial)
		}
		var fast, slow bytes.Buffer
		if err := alignTable(&fast, headers, rows); err != nil {
			t.Fatal(err)
		}
		if err := renderTableWriter(&slow, headers, rows); err != nil {
			t.Fatal(err)
		}
		if fast.String() != slow.String() {
			t.Fatalf("trial %d differs:\nfast:\n%s\ntablewriter:\n%s", trial, fast.String(), slow.String())
		}
	}
}

func TestWideTextGoesThroughTablewriter(t *testing.T) {
	if narrowText([]string{"name"}, [][]string{{"東京"}}) || narrowText([]string{"e\u0301"}, nil) {
		t.Error("wide or combining text taken as narrow")
	}
	var b bytes.Buffer
	if err := RenderTable(&b, []string{"name", "city"}, [][]string{{"東京", "x"}, {"ab", "y"}}); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "name  city\n東京  x\nab    y\n" {
		t.Errorf("wide table = %q", got)
	}
}
