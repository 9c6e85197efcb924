package pdf

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/habil-app/habil/internal/report"
)

// DejaVu Sans, regular and bold (Bitstream Vera licence, DejaVu changes in
// the public domain: see fonts/LICENSE). It covers Latin (with Latin Extended
// Additional: Vietnamese), Greek and Cyrillic.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// fontSet is the two embedded fonts, parsed once per process and shared by
// every document (read-only; subsets are cached under a lock).
type fontSet struct {
	regular, bold *ttf
	err           error
}

var fonts = sync.OnceValue(func() *fontSet {
	var fs fontSet
	if fs.regular, fs.err = parseTTF("DejaVuSans", fontRegular); fs.err == nil {
		fs.bold, fs.err = parseTTF("DejaVuSans-Bold", fontBold)
	}
	return &fs
})

// FontParses is how many times an embedded font was parsed in this
// process: two (regular and bold) once anything was printed, never more.
func FontParses() int { return int(fontParses.Load()) }

// hasAll reports whether both embedded fonts print every character of t.
func (fs *fontSet) hasAll(t string) bool {
	for _, r := range t {
		if !unicode.IsControl(r) && !fs.has(r) {
			return false
		}
	}
	return true
}

// has reports whether both embedded fonts have a glyph for r.
func (fs *fontSet) has(r rune) bool {
	return fs.regular.glyph(r) != 0 && fs.bold.glyph(r) != 0
}

// MissingGlyphs lists the characters of the document that the embedded fonts
// cannot print, one warning per text that holds some, naming the text. They
// would show as empty boxes: the caller warns the user instead of printing
// silent blanks.
func MissingGlyphs(doc *report.Document) []string {
	c := fonts()
	if c.err != nil {
		return []string{c.err.Error()}
	}
	// Group by the set of missing characters and name the shortest text
	// holding them (a name rather than the paragraph that repeats it).
	shortest := map[string]string{}
	for _, t := range doc.Texts() {
		if c.hasAll(t) {
			continue
		}
		var missing []string
		had := map[rune]bool{}
		for _, r := range t {
			if unicode.IsControl(r) || had[r] {
				continue
			}
			had[r] = true
			if !c.has(r) {
				missing = append(missing, fmt.Sprintf("%c (U+%04X)", r, r))
			}
		}
		if len(missing) == 0 {
			continue
		}
		key := strings.Join(missing, ", ")
		if s, ok := shortest[key]; !ok || len([]rune(t)) < len([]rune(s)) {
			shortest[key] = t
		}
	}
	var out []string
	for key, t := range shortest {
		if r := []rune(t); len(r) > 80 {
			t = string(r[:80]) + "…"
		}
		out = append(out, fmt.Sprintf("%s in %q cannot be printed with the embedded DejaVu Sans font: it would show as an empty box", key, t))
	}
	sort.Strings(out)
	return out
}

// width returns the width of s in millimetres at size points.
func (fs *fontSet) width(s string, bold bool, size float64) float64 {
	f := fs.regular
	if bold {
		f = fs.bold
	}
	sum := 0
	for _, r := range s {
		sum += f.width1000(r)
	}
	return float64(sum) * size * 25.4 / 72 / 1000
}
