package pdf

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/go-pdf/fpdf"
	"github.com/habil-app/habil/internal/report"
	"golang.org/x/image/font/sfnt"
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

const family = "dejavu"

type glyphChecker struct {
	mu    sync.Mutex
	fonts []*sfnt.Font
	buf   sfnt.Buffer
	cache map[rune]bool
	err   error
}

var checker = sync.OnceValue(func() *glyphChecker {
	c := &glyphChecker{cache: map[rune]bool{}}
	for _, b := range [][]byte{fontRegular, fontBold} {
		f, err := sfnt.Parse(b)
		if err != nil {
			c.err = fmt.Errorf("embedded font: %w", err)
			return c
		}
		c.fonts = append(c.fonts, f)
	}
	return c
})

// has reports whether both embedded fonts have a glyph for r.
func (c *glyphChecker) has(r rune) bool {
	if r < 0x80 && r >= 0x20 {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.cache[r]; ok {
		return v
	}
	ok := true
	for _, f := range c.fonts {
		if i, err := f.GlyphIndex(&c.buf, r); err != nil || i == 0 {
			ok = false
		}
	}
	c.cache[r] = ok
	return ok
}

// MissingGlyphs lists the characters of the document that the embedded fonts
// cannot print, one warning per text that holds some, naming the text. They
// would show as empty boxes: the caller warns the user instead of printing
// silent blanks.
func MissingGlyphs(doc *report.Document) []string {
	c := checker()
	if c.err != nil {
		return []string{c.err.Error()}
	}
	// Group by the set of missing characters and name the shortest text
	// holding them (a name rather than the paragraph that repeats it).
	shortest := map[string]string{}
	for _, t := range doc.Texts() {
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

// widthTable holds the advance width of each character (in 1/1000 of the
// font size, as fpdf counts them), measured once on a document that is never
// written: measuring on the document being drawn would emit a font change in
// its page for every word.
type widthTable struct {
	mu sync.RWMutex
	p  *fpdf.Fpdf
	cw [2]map[rune]int
}

var widths = sync.OnceValue(func() *widthTable {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes(family, "", fontRegular)
	p.AddUTF8FontFromBytes(family, "B", fontBold)
	return &widthTable{p: p, cw: [2]map[rune]int{{}, {}}}
})

// width returns the width of s in millimetres at size points.
func (t *widthTable) width(s string, bold bool, size float64) float64 {
	b := 0
	style := ""
	if bold {
		b, style = 1, "B"
	}
	sum := 0
	for _, r := range s {
		t.mu.RLock()
		v, ok := t.cw[b][r]
		t.mu.RUnlock()
		if !ok {
			t.mu.Lock()
			t.p.SetFont(family, style, 10)
			v = t.p.GetStringSymbolWidth(string(r))
			t.cw[b][r] = v
			t.mu.Unlock()
		}
		sum += v
	}
	return float64(sum) * size * 25.4 / 72 / 1000
}
