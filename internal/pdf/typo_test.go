package pdf_test

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/pdf"
	"github.com/habil-app/habil/internal/report"
)

// The no-break spaces of French typography (U+202F before ; : ! ? » and
// after «, U+00A0 in "n° 12", "35 h") are printed by DejaVu Sans and a line
// never breaks there.
func TestNoBreakSpaces(t *testing.T) {
	var sb strings.Builder
	for i := 0; i < 60; i++ {
		sb.WriteString("mot «\u202fcité\u202f» : suite\u202f; n°\u00a012 et 35\u00a0h ")
	}
	text := report.French(sb.String())
	doc := &report.Document{Title: "Essai", Blocks: []report.Block{report.Paragraph{Runs: []report.Run{{Text: text}}}}}
	if w := pdf.MissingGlyphs(doc); len(w) != 0 {
		t.Fatalf("DejaVu Sans cannot print the no-break spaces: %v", w)
	}
	b := render(t, doc, pdf.Options{Time: testTime, NoCompression: true})
	// Their own glyphs, mapped back to the characters for copy and search.
	for _, m := range []string{"<202F>", "<00A0>"} {
		if !strings.Contains(string(b), m) {
			t.Errorf("the ToUnicode map has no %s", m)
		}
	}
	out := pdftotext(t, b)
	lines := 0
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(l))
		if l == "" || strings.Contains(l, "Page ") {
			continue
		}
		lines++
		for _, bad := range []string{":", ";", "»", "12", "h "} {
			if strings.HasPrefix(l, bad) {
				t.Errorf("a line starts with %q: %q", bad, l)
			}
		}
		for _, bad := range []string{"«", "n°", " 35"} {
			if strings.HasSuffix(l, bad) {
				t.Errorf("a line ends with %q: %q", bad, l)
			}
		}
	}
	if lines < 20 {
		t.Errorf("only %d lines: the text did not wrap", lines)
	}
}
