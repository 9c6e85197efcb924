// Package pdf prints report.Documents as PDF with its own small PDF writer
// and the embedded DejaVu Sans fonts, parsed once per process and subset
// per document: A4 portrait or landscape, running header and footer with
// "Page x/y", justified paragraphs, tables whose header repeats on every
// page they cross, headings kept with what follows, images, fixed-position
// blocks and a watermark. The same document and Options give
// byte-identical files.
package pdf

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/habil-app/habil/internal/report"
)

// Options tune the output.
type Options struct {
	// Time is written as the creation and modification dates (use the
	// command's clock: --at or SOURCE_DATE_EPOCH). Zero means now.
	Time time.Time
	// NoCompression writes uncompressed streams (for golden tests).
	NoCompression bool
}

// Layout, in millimetres and points.
const (
	a4W          = 210.0
	a4H          = 297.0
	marginLeft   = 22.0
	marginRight  = 22.0
	marginTop    = 27.0
	marginBottom = 24.0
	bodySize     = 10.0
	bodyLine     = 5.0
	tableSize    = 9.0
	tableLine    = 4.3
	cellPadH     = 1.8
	cellPadV     = 1.3
	paraGap      = 2.6
	logoHeight   = 16.0
)

var (
	colText    = [3]int{25, 25, 25}
	colHeading = [3]int{22, 45, 90}
	colMuted   = [3]int{95, 95, 95}
	colRule    = [3]int{150, 150, 150}
	colFill    = [3]int{232, 236, 243}
)

type renderer struct {
	w            *writer
	fs           *fontSet
	color        [3]int             // of the text
	paras        map[int][]textLine // layout of the paragraphs at full width, by block
	doc          *report.Document
	pageW, pageH float64
	left, right  float64 // margins
	top, bot     float64
	width        float64 // usable width
	y            float64 // where the flow is, from the top of the page
	freshPage    bool    // nothing drawn yet below the header
	images       map[*report.Image]*pdfImage
}

// Render writes doc as a PDF to w.
func Render(w io.Writer, doc *report.Document, o Options) error {
	fs := fonts()
	if fs.err != nil {
		return fmt.Errorf("pdf: %w", fs.err)
	}
	t := o.Time
	if t.IsZero() {
		t = time.Now()
	}
	r := &renderer{w: newWriter(!o.NoCompression), fs: fs, doc: doc, paras: map[int][]textLine{}, images: map[*report.Image]*pdfImage{}}
	r.pageW, r.pageH = a4W, a4H
	if doc.Page.Landscape {
		r.pageW, r.pageH = a4H, a4W
	}
	m := doc.Page.Margins
	r.top, r.right, r.bot, r.left = orDefault(m.Top, marginTop), orDefault(m.Right, marginRight), orDefault(m.Bottom, marginBottom), orDefault(m.Left, marginLeft)
	r.width = r.pageW - r.left - r.right
	if r.width < 20 || r.pageH-r.top-r.bot < 20 {
		return fmt.Errorf("pdf: the margins leave no room to print (%.0f mm wide, %.0f mm high)", r.width, r.pageH-r.top-r.bot)
	}
	// Images first: a broken one stops before anything is drawn.
	for _, img := range r.docImages() {
		p, err := loadImage(img)
		if err != nil {
			return fmt.Errorf("pdf: %w", err)
		}
		r.images[img] = p
	}
	r.newPage()
	r.titleBlock()
	for i, b := range doc.Blocks {
		switch x := b.(type) {
		case report.Heading:
			r.heading(x, i)
		case report.Paragraph:
			if x.KeepWithNext {
				r.keep(i)
			} else if r.introduction(i) {
				// A short paragraph introducing a list, a table or the signatures
				// stays on the page of what it introduces.
				lines := r.paraLines(i)
				h := float64(len(lines))*bodyLine + paraGap + r.startHeight(i+1, 0)
				if h <= r.bottom()-r.top {
					r.ensure(h)
				}
			}
			r.flow(r.paraLines(i), r.left, r.width, bodyLine, bodySize, true, nil)
			r.gap(paraGap)
		case report.List:
			r.list(x)
		case report.Table:
			r.table(x)
		case report.KeyValues:
			r.keyValues(x)
		case report.Signatures:
			r.signatures(x)
		case report.Picture:
			r.picture(x)
		case report.Fixed:
			r.fixed(x)
		case report.BarChart:
			r.barChart(x)
		case report.PageBreak:
			if !r.freshPage {
				r.newPage()
			}
		}
	}
	// Footers and watermarks, now that the page count is known.
	for i := range r.w.pages {
		r.w.setPage(i)
		r.w.beginChrome()
		r.footer(i+1, len(r.w.pages))
		r.w.endChrome()
		if doc.Watermark != "" {
			r.watermark()
		}
	}
	err := r.w.finish(w, info{title: doc.Title, subject: doc.Subject, author: doc.Author, creator: "habil", lang: "fr-FR", time: t})
	if err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// introduction reports whether block i is a short paragraph (four lines at
// most) introducing the list, table, identity or signatures after it.
func (r *renderer) introduction(i int) bool {
	_, ok := r.doc.Blocks[i].(report.Paragraph)
	return ok && i+1 < len(r.doc.Blocks) && introduces(r.doc.Blocks[i+1]) && len(r.paraLines(i)) <= 4
}

// paraLines is the layout of paragraph block i at the full width, computed
// once (page decisions look ahead at it).
func (r *renderer) paraLines(i int) []textLine {
	if l, ok := r.paras[i]; ok {
		return l
	}
	l := r.layout(r.doc.Blocks[i].(report.Paragraph).Runs, r.width, bodySize)
	r.paras[i] = l
	return l
}

// introduces reports whether b is a block a short paragraph before it
// introduces (and stays with).
func introduces(b report.Block) bool {
	switch b.(type) {
	case report.List, report.Table, report.KeyValues, report.Signatures:
		return true
	}
	return false
}

func orDefault(v, d float64) float64 {
	if v > 0 {
		return v
	}
	return d
}

// docImages lists the images of the document, in order.
func (r *renderer) docImages() []*report.Image {
	var out []*report.Image
	if r.doc.Logo != nil {
		out = append(out, r.doc.Logo)
	}
	for _, b := range r.doc.Blocks {
		switch x := b.(type) {
		case report.Picture:
			if x.Image != nil {
				out = append(out, x.Image)
			}
		case report.Fixed:
			if x.Image != nil {
				out = append(out, x.Image)
			}
		}
	}
	return out
}

// startHeight is the height of the beginning of block i: what must be on
// the same page as a heading or a paragraph kept with it. depth bounds the
// chain of headings and kept paragraphs followed.
func (r *renderer) startHeight(i, depth int) float64 {
	if i >= len(r.doc.Blocks) || depth > 4 {
		return 0
	}
	switch x := r.doc.Blocks[i].(type) {
	case report.Heading:
		// At least three lines of what follows, as the conventions have
		// always been laid out.
		before, lh, after, lines := r.headingMetrics(x)
		return before + float64(len(lines))*lh + after + math.Max(3*bodyLine, r.startHeight(i+1, depth+1))
	case report.Paragraph:
		lines := r.paraLines(i)
		h := float64(min(len(lines), 2)) * bodyLine // flow never leaves one line alone
		if x.KeepWithNext || r.introduction(i) {
			h = float64(len(lines))*bodyLine + paraGap + r.startHeight(i+1, depth+1)
		}
		return h
	case report.List:
		if len(x.Items) > 0 {
			n := len(r.layout(x.Items[0], r.width-5, bodySize))
			return float64(min(n, 3)) * bodyLine
		}
	case report.Table:
		return r.tableStart(x)
	case report.KeyValues:
		return r.keyValuesStart(x)
	case report.Signatures:
		return r.signaturesHeight(x)
	case report.Picture:
		_, h := r.pictureSize(x)
		return h + paraGap
	}
	return 0
}

// keep moves block i to the next page unless it fits here with the start
// of the block after it.
func (r *renderer) keep(i int) {
	h := r.startHeight(i, 0)
	if h <= r.bottom()-r.top {
		r.ensure(h)
	}
}

func (r *renderer) setColor(c [3]int) { r.color = c }

func (r *renderer) bottom() float64 { return r.pageH - r.bot }

// header draws the running header of the current page.
func (r *renderer) header() {
	if r.doc.HeaderText == "" {
		return
	}
	size := 8.0
	for size > 6 && r.measure(r.doc.HeaderText, false, size) > r.width {
		size -= 0.5
	}
	hy := r.top * 14 / marginTop
	r.w.setFill(colMuted)
	r.w.text(r.left, hy, r.doc.HeaderText, false, size)
	r.w.setStroke(colRule)
	r.w.setLineWidth(0.2)
	r.w.line(r.left, hy+2.5, r.pageW-r.right, hy+2.5)
}

// footer draws the running footer of page n of total.
func (r *renderer) footer(n, total int) {
	y := r.pageH - r.bot*14/marginBottom
	r.w.setStroke(colRule)
	r.w.setLineWidth(0.2)
	r.w.line(r.left, y-4, r.pageW-r.right, y-4)
	r.w.setFill(colMuted)
	if r.doc.FooterText != "" {
		r.w.text(r.left, y, r.doc.FooterText, false, 8)
	}
	page := fmt.Sprintf("Page %d/%d", n, total)
	r.w.text(r.pageW-r.right-r.measure(page, false, 8), y, page, false, 8)
}

func (r *renderer) watermark() {
	diag := math.Hypot(r.pageW, r.pageH)
	// As large as fits along 70 % of the diagonal, at most 110 points.
	size := 110.0
	if wd := r.measure(r.doc.Watermark, true, size); wd > 0.7*diag {
		size *= 0.7 * diag / wd
	}
	r.w.watermark(r.doc.Watermark, size)
}

func (r *renderer) newPage() {
	r.w.addPage(r.pageW, r.pageH)
	r.w.beginChrome()
	r.header()
	r.w.endChrome()
	r.y = r.top
	r.freshPage = true
}

// ensure starts a new page unless h millimetres fit above the bottom margin.
func (r *renderer) ensure(h float64) {
	if r.y+h > r.bottom() && !r.freshPage {
		r.newPage()
	}
}

func (r *renderer) gap(h float64) {
	if r.y+h <= r.bottom() {
		r.y += h
	}
}

func (r *renderer) titleBlock() {
	logo := r.images[r.doc.Logo]
	if r.doc.NoTitleBlock || (r.doc.Title == "" && r.doc.Subtitle == "" && logo == nil) {
		return
	}
	r.y = r.top + 2
	if logo != nil {
		wd := logoHeight * float64(logo.w) / float64(logo.h)
		ht := logoHeight
		if wd > r.width*0.6 {
			wd, ht = r.width*0.6, logo.heightFor(r.width*0.6)
		}
		r.w.image(logo, r.left+(r.width-wd)/2, r.y, wd, ht)
		r.y += ht + 4
	}
	if r.doc.Title == "" && r.doc.Subtitle == "" {
		r.freshPage = false
		return
	}
	r.setColor(colHeading)
	if r.doc.Title != "" {
		r.centered([]report.Run{{Text: r.doc.Title, Bold: true}}, 18, 8)
	}
	if r.doc.Subtitle != "" {
		r.setColor(colText)
		r.centered([]report.Run{{Text: r.doc.Subtitle}}, 11.5, 6)
	}
	y := r.y + 3
	r.w.setStroke(colHeading)
	r.w.setLineWidth(0.5)
	r.w.line(r.left+r.width*0.3, y, r.left+r.width*0.7, y)
	r.y = y + 7
	r.setColor(colText)
	r.freshPage = false
}

func (r *renderer) centered(runs []report.Run, size, lh float64) {
	lines := r.layout(runs, r.width, size)
	for _, l := range lines {
		x := r.left + (r.width-l.width)/2
		r.drawLine(l, x, r.y, lh, size, 0)
		r.y += lh
	}
}

// headingMetrics is the space before a heading, its line height, the space
// after it, and its lines.
func (r *renderer) headingMetrics(h report.Heading) (before, lh, after float64, lines []textLine) {
	size := headingSize(h)
	before, after = 4.0, 2.0
	switch h.Level {
	case 2:
		before, after = 2.5, 1.5
	case 3:
		before, after = 1.5, 1.0
	}
	return before, size * 0.5, after, r.layout([]report.Run{{Text: h.Text, Bold: true}}, r.width, size)
}

func headingSize(h report.Heading) float64 {
	switch h.Level {
	case 2:
		return 10.5
	case 3:
		return 10.0
	}
	return 12.0
}

// heading draws heading i, kept with the start of what follows: a heading
// never ends a page.
func (r *renderer) heading(h report.Heading, i int) {
	before, lh, after, lines := r.headingMetrics(h)
	r.keep(i)
	if !r.freshPage {
		r.y += before
	}
	r.setColor(colHeading)
	for _, l := range lines {
		r.drawLine(l, r.left, r.y, lh, headingSize(h), 0)
		r.y += lh
	}
	r.setColor(colText)
	r.y += after
	r.freshPage = false
}

// flow draws lines with page breaks (no orphan or widow line); first is
// called before the first line (e.g. to draw a bullet).
func (r *renderer) flow(lines []textLine, x, w, lh, size float64, justify bool, first func(y float64)) {
	i := 0
	for i < len(lines) {
		avail := int(math.Floor((r.bottom() - r.y + 0.01) / lh))
		rest := len(lines) - i
		take := rest
		if avail < rest {
			take = avail
			if rest-take == 1 && take > 1 {
				take-- // no widow
			}
			if take < 2 && !r.freshPage {
				r.newPage()
				continue
			}
			if take < 1 {
				take = 1
			}
		}
		for k := 0; k < take; k++ {
			l := lines[i+k]
			if i+k == 0 && first != nil {
				first(r.y)
			}
			extra := 0.0
			if justify && i+k < len(lines)-1 && len(l.units) > 1 && !l.hardEnd {
				extra = (w - l.width) / float64(len(l.units)-1)
			}
			r.drawLine(l, x, r.y, lh, size, extra)
			r.y += lh
		}
		r.freshPage = false
		i += take
		if i < len(lines) {
			r.newPage()
		}
	}
}

func (r *renderer) list(l report.List) {
	const indent = 5.0
	for _, item := range l.Items {
		lines := r.layout(item, r.width-indent, bodySize)
		r.flow(lines, r.left+indent, r.width-indent, bodyLine, bodySize, true, func(y float64) {
			r.w.setFill(r.color)
			r.w.text(r.left+1.2, y+baseline(bodyLine, bodySize), "•", false, bodySize)
		})
		r.gap(0.8)
	}
	r.gap(paraGap - 0.8)
}

func baseline(lh, size float64) float64 { return lh/2 + 0.3*size*25.4/72 }

// pictureSize is the size of a picture in the flow, in millimetres.
func (r *renderer) pictureSize(p report.Picture) (w, h float64) {
	img := r.images[p.Image]
	if img == nil {
		return 0, 0
	}
	w = p.Width
	if w <= 0 {
		w = float64(img.w) * 25.4 / 150
	}
	w = math.Min(w, r.width)
	h = img.heightFor(w)
	if maxH := r.bottom() - r.top; h > maxH {
		w, h = w*maxH/h, maxH
	}
	return w, h
}

// picture draws an image centred in the flow, whole on one page.
func (r *renderer) picture(p report.Picture) {
	w, h := r.pictureSize(p)
	if h == 0 {
		return
	}
	r.ensure(h)
	r.w.image(r.images[p.Image], r.left+(r.width-w)/2, r.y, w, h)
	r.y += h
	r.freshPage = false
	r.gap(paraGap)
}

// fixed draws text or an image at a fixed place of the current page.
func (r *renderer) fixed(f report.Fixed) {
	if f.Image != nil {
		img := r.images[f.Image]
		w, h := f.Width, f.Height
		switch {
		case w <= 0 && h <= 0:
			w = float64(img.w) * 25.4 / 150
			h = img.heightFor(w)
		case h <= 0:
			h = img.heightFor(w)
		case w <= 0:
			w = h * float64(img.w) / float64(img.h)
		}
		r.w.image(img, f.X, f.Y, w, h)
		return
	}
	size := f.Size
	if size <= 0 {
		size = bodySize
	}
	w := f.Width
	if w <= 0 {
		w = r.pageW - r.right - f.X
	}
	lh := size * 0.5
	y := f.Y
	for _, l := range r.layout(f.Runs, w, size) {
		x := f.X
		switch f.Align {
		case report.AlignCenter:
			x += (w - l.width) / 2
		case report.AlignRight:
			x += w - l.width
		}
		r.drawLine(l, x, y, lh, size, 0)
		y += lh
	}
}

// ---------------------------------------------------------------- text layout

type frag struct {
	text string
	bold bool
	w    float64
}

// unit is an unbreakable group of fragments (a word, possibly mixing bold and regular).
type unit struct {
	frags []frag
	w     float64
}

type textLine struct {
	units   []unit
	width   float64 // sum of unit widths and single spaces
	hardEnd bool
}

// measure is the width of s in millimetres: a sum of advance widths read
// from the font's table (cheaper than any cache keyed by the string).
func (r *renderer) measure(s string, bold bool, size float64) float64 {
	return r.fs.width(s, bold, size)
}

// layout wraps runs into lines of at most w millimetres. Lines break only
// at ASCII spaces (never at no-break spaces, so "1 200,00 €" stays whole);
// a word longer than a line is cut.
func (r *renderer) layout(runs []report.Run, w, size float64) []textLine {
	// Most texts are the same in every document of a kind (the articles
	// of every convention): their layout is shared by the whole process.
	var kb strings.Builder
	n := 24
	for _, run := range runs {
		n += len(run.Text) + 2
	}
	kb.Grow(n)
	var num [16]byte
	binary.LittleEndian.PutUint64(num[:8], math.Float64bits(w))
	binary.LittleEndian.PutUint64(num[8:], math.Float64bits(size))
	kb.Write(num[:])
	for _, run := range runs {
		if run.Bold {
			kb.WriteByte(1)
		} else {
			kb.WriteByte(2)
		}
		kb.WriteString(run.Text)
		kb.WriteByte(0)
	}
	key := kb.String()
	layouts.mu.Lock()
	lines, ok := layouts.m[key]
	layouts.mu.Unlock()
	if ok {
		return lines
	}
	lines = r.wrap(runs, w, size)
	layouts.mu.Lock()
	if len(layouts.m) >= 8192 {
		clear(layouts.m)
	}
	layouts.m[key] = lines
	layouts.mu.Unlock()
	return lines
}

// layouts caches the layout of texts for every document of the process
// (the lines are never changed once made).
var layouts = struct {
	mu sync.Mutex
	m  map[string][]textLine
}{m: map[string][]textLine{}}

// wrap lays runs out in lines of at most w millimetres (see layout).
func (r *renderer) wrap(runs []report.Run, w, size float64) []textLine {
	type token struct {
		frag
		spaceBefore bool
	}
	var toks []token
	pendingSpace := false
	for _, run := range runs {
		for i, part := range strings.Split(run.Text, " ") {
			if i > 0 {
				pendingSpace = true
			}
			if part == "" {
				continue
			}
			toks = append(toks, token{frag{text: part, bold: run.Bold, w: r.measure(part, run.Bold, size)}, pendingSpace})
			pendingSpace = false
		}
	}
	var units []unit
	for i, t := range toks {
		if i > 0 && (!t.spaceBefore || frenchGlue(toks[i-1].text, t.text)) {
			u := &units[len(units)-1]
			if t.spaceBefore { // a space that must not break: French punctuation, "n° 12"
				sp := frag{text: " ", bold: toks[i-1].bold, w: r.measure(" ", toks[i-1].bold, size)}
				u.frags = append(u.frags, sp)
				u.w += sp.w
			}
			u.frags = append(u.frags, t.frag)
			u.w += t.w
			continue
		}
		units = append(units, unit{frags: []frag{t.frag}, w: t.w})
	}
	space := r.measure(" ", false, size)
	var lines []textLine
	var line textLine
	for _, u := range units {
		for _, piece := range r.cut(u, w, size) {
			add := piece.w
			if len(line.units) > 0 {
				add += space
			}
			if len(line.units) > 0 && line.width+add > w+0.001 {
				lines = append(lines, line)
				line = textLine{}
				add = piece.w
			}
			line.units = append(line.units, piece)
			line.width += add
		}
	}
	if len(line.units) > 0 || len(lines) == 0 {
		line.hardEnd = true
		lines = append(lines, line)
	}
	return lines
}

// frenchGlue reports whether the space between two words must not break, as
// French typography wants: before : ; ! ? » % €, after «, after "n°", and
// inside a date ("31 décembre 2027").
func frenchGlue(prev, next string) bool {
	if next != "" && strings.ContainsRune(":;!?»%€", []rune(next)[0]) {
		return true
	}
	if strings.HasSuffix(prev, "«") || prev == "n°" || prev == "N°" {
		return true
	}
	prev = strings.TrimLeft(prev, "(")
	// A day before a month: "1er" or one or two digits (checked first: most
	// words are neither).
	if (prev == "1er" || isDigits(prev) && len(prev) <= 2) && months[strings.TrimRight(next, ",.;:)")] {
		return true
	}
	// A month before a year.
	if len(prev) < 3 || len(prev) > 9 || len(next) < 4 || next[0] < '0' || next[0] > '9' {
		return false
	}
	y := strings.TrimRight(next, ",.;:)")
	return len(y) == 4 && isDigits(y) && months[prev]
}

var months = map[string]bool{"janvier": true, "février": true, "mars": true, "avril": true, "mai": true, "juin": true,
	"juillet": true, "août": true, "septembre": true, "octobre": true, "novembre": true, "décembre": true}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// cut splits a unit wider than w into pieces that fit (long URLs, codes).
func (r *renderer) cut(u unit, w, size float64) []unit {
	if u.w <= w {
		return []unit{u}
	}
	var out []unit
	var cur unit
	for _, f := range u.frags {
		var buf []rune
		flush := func() {
			if len(buf) > 0 {
				s := string(buf)
				fw := r.measure(s, f.bold, size)
				cur.frags = append(cur.frags, frag{text: s, bold: f.bold, w: fw})
				cur.w += fw
				buf = nil
			}
		}
		for _, c := range f.text {
			next := append(buf, c)
			if cur.w+r.measure(string(next), f.bold, size) > w && (len(buf) > 0 || len(cur.frags) > 0) {
				flush()
				out = append(out, cur)
				cur = unit{}
				buf = []rune{c}
				continue
			}
			buf = next
		}
		flush()
	}
	if len(cur.frags) > 0 {
		out = append(out, cur)
	}
	return out
}

// drawLine prints one line at x, top y; extra is added between units (justification).
func (r *renderer) drawLine(l textLine, x, y, lh, size, extra float64) {
	space := r.measure(" ", false, size)
	r.w.setFill(r.color)
	r.w.beginText(x, y+baseline(lh, size))
	defer r.w.endText()
	if extra == 0 {
		// Print runs of the same style as one string, spaces included:
		// better text extraction, smaller file.
		var sb strings.Builder
		segBold, open, gap := false, false, 0.0
		flush := func() {
			if open && sb.Len() > 0 {
				r.w.show(sb.String(), segBold, size, gap)
				gap = 0
			}
			sb.Reset()
			open = false
		}
		for i, u := range l.units {
			for j, f := range u.frags {
				sep := i > 0 && j == 0
				if open && f.bold == segBold {
					if sep {
						sb.WriteString(" ")
					}
				} else {
					flush()
					segBold, open = f.bold, true
					if sep {
						gap = space
					}
				}
				sb.WriteString(f.text)
			}
		}
		flush()
		return
	}
	// Justified: each word moved by the stretched space before it, in one
	// text object.
	for i, u := range l.units {
		for j, f := range u.frags {
			gap := 0.0
			if i > 0 && j == 0 {
				gap = space + extra
			}
			r.w.show(f.text, f.bold, size, gap)
		}
	}
}

// ---------------------------------------------------------------- tables

type cellLines struct {
	lines []textLine
}

func (r *renderer) colWidths(n int, rel []float64) []float64 {
	ws := make([]float64, n)
	total := 0.0
	for i := 0; i < n; i++ {
		v := 1.0
		if i < len(rel) && rel[i] > 0 {
			v = rel[i]
		}
		ws[i] = v
		total += v
	}
	for i := range ws {
		ws[i] = ws[i] / total * r.width
	}
	return ws
}

func (r *renderer) wrapRow(cells []string, ws []float64, bold bool) []cellLines {
	out := make([]cellLines, len(ws))
	for i := range ws {
		text := ""
		if i < len(cells) {
			text = cells[i]
		}
		runs := report.ParseRuns(text)
		if bold {
			for k := range runs {
				runs[k].Bold = true
			}
		}
		out[i] = cellLines{lines: r.layout(runs, ws[i]-2*cellPadH, tableSize)}
	}
	return out
}

func rowLines(cells []cellLines) int {
	n := 1
	for _, c := range cells {
		if len(c.lines) > n {
			n = len(c.lines)
		}
	}
	return n
}

// drawRow draws lines [from, to) of each cell as one row band at the
// current Y: filled (a header), or with the first column muted (a label).
func (r *renderer) drawRow(cells []cellLines, ws []float64, from, to int, fill, mutedFirst bool) {
	y := r.y
	h := float64(to-from)*tableLine + 2*cellPadV
	x := r.left
	r.w.setStroke(colRule)
	r.w.setLineWidth(0.2)
	for i, c := range cells {
		if fill {
			r.w.setFill(colFill)
		}
		r.w.rect(x, y, ws[i], h, fill)
		if mutedFirst && i == 0 {
			r.setColor(colMuted)
		} else {
			r.setColor(colText)
		}
		for k := from; k < to && k < len(c.lines); k++ {
			r.drawLine(c.lines[k], x+cellPadH, y+cellPadV+float64(k-from)*tableLine, tableLine, tableSize, 0)
		}
		x += ws[i]
	}
	r.setColor(colText)
	r.y = y + h
}

// flowRow draws a row, moving it to the next page when it does not fit and
// would fit there, and splitting it between pages when it is taller than a
// page; header (may be nil) is drawn again at the top of each new page.
func (r *renderer) flowRow(row []cellLines, ws []float64, mutedFirst bool, headH float64, header func()) {
	total := rowLines(row)
	done := 0
	for done < total {
		avail := int(math.Floor((r.bottom() - r.y - 2*cellPadV + 0.01) / tableLine))
		need := total - done
		if avail < need {
			fullPage := int(math.Floor((r.bottom() - r.top - headH - 2*cellPadV) / tableLine))
			if (need <= fullPage || avail < 2) && !r.freshPage {
				r.newPage()
				if header != nil {
					header()
				}
				r.freshPage = false
				continue
			}
			need = max(1, avail)
		}
		r.drawRow(row, ws, done, done+need, false, mutedFirst)
		r.freshPage = false
		done += need
	}
}

// table draws a table whose header row is repeated at the top of every page
// it crosses; rows taller than the space left move to the next page, and a
// row taller than a whole page is split between pages.
func (r *renderer) table(t report.Table) {
	n := len(t.Header)
	for _, row := range t.Rows {
		if len(row) > n {
			n = len(row)
		}
	}
	if n == 0 {
		return
	}
	ws := r.colWidths(n, t.Widths)
	head := r.wrapRow(t.Header, ws, true)
	headH := float64(rowLines(head))*tableLine + 2*cellPadV
	header := func() { r.drawRow(head, ws, 0, rowLines(head), true, false) }
	rows := make([][]cellLines, len(t.Rows))
	for i, row := range t.Rows {
		rows[i] = r.wrapRow(row, ws, false)
	}
	// Do not leave the header alone at the bottom of a page.
	r.ensure(r.tableStart(t))
	header()
	r.freshPage = false
	for _, row := range rows {
		r.flowRow(row, ws, false, headH, header)
	}
	r.gap(paraGap + 1)
}

// tableColumns is the number of columns of t (0: nothing to draw).
func tableColumns(t report.Table) int {
	n := len(t.Header)
	for _, row := range t.Rows {
		n = max(n, len(row))
	}
	return n
}

// tableStart is the height the table needs on the page where it starts:
// its header and (the start of) its first row. A heading before it is kept
// with that much (startHeight), so that it never ends a page alone.
func (r *renderer) tableStart(t report.Table) float64 {
	n := tableColumns(t)
	if n == 0 {
		return 0
	}
	ws := r.colWidths(n, t.Widths)
	headH := float64(rowLines(r.wrapRow(t.Header, ws, true)))*tableLine + 2*cellPadV
	if len(t.Rows) == 0 {
		return headH
	}
	// A row that fits on a page moves whole to the next page (flowRow): the
	// header needs all of it under it; a longer row is split.
	lines := rowLines(r.wrapRow(t.Rows[0], ws, false))
	fullPage := int(math.Floor((r.bottom() - r.top - headH - 2*cellPadV) / tableLine))
	if lines > fullPage {
		lines = 3
	}
	return headH + float64(lines)*tableLine + 2*cellPadV
}

// keyValuesStart is the height a fiche needs on the page where it starts:
// all of it when it fits on a page (it is kept whole), else its title and
// three lines.
func (r *renderer) keyValuesStart(kv report.KeyValues) float64 {
	_, _, titleH, total := r.keyValuesLayout(kv)
	if total <= r.bottom()-r.top {
		return total
	}
	return titleH + 3*tableLine
}

// keyValuesLayout wraps a fiche: its title, rows, the title's height and
// the total height.
func (r *renderer) keyValuesLayout(kv report.KeyValues) (title []cellLines, rows [][]cellLines, titleH, total float64) {
	ws := []float64{r.width * 0.34, r.width * 0.66}
	title = r.wrapRow([]string{kv.Title}, []float64{r.width}, true)
	titleH = float64(rowLines(title))*tableLine + 2*cellPadV
	if kv.Title == "" {
		titleH = 0
	}
	rows = make([][]cellLines, len(kv.Pairs))
	total = titleH
	for i, p := range kv.Pairs {
		key := r.wrapRow([]string{p.Key}, ws[:1], false)
		val := r.wrapRow([]string{p.Value}, ws[1:], false)
		rows[i] = []cellLines{key[0], val[0]}
		total += float64(rowLines(rows[i]))*tableLine + 2*cellPadV
	}
	return title, rows, titleH, total
}

// keyValues draws a titled two-column block (label, value), kept on one page when it fits.
func (r *renderer) keyValues(kv report.KeyValues) {
	ws := []float64{r.width * 0.34, r.width * 0.66}
	title, rows, _, _ := r.keyValuesLayout(kv)
	r.ensure(r.keyValuesStart(kv))
	if kv.Title != "" {
		r.drawRow(title, []float64{r.width}, 0, rowLines(title), true, false)
		r.freshPage = false
	}
	for _, row := range rows {
		r.flowRow(row, ws, true, 0, nil)
	}
	r.gap(paraGap)
}

const sigGapX, sigBoxH = 8.0, 30.0

func (r *renderer) signaturesHeight(s report.Signatures) float64 {
	n := len(s.Parties)
	if n == 0 {
		return 0
	}
	colW := (r.width - sigGapX*float64(n-1)) / float64(n)
	maxH := 0.0
	for _, p := range s.Parties {
		h := float64(len(r.layout([]report.Run{{Text: p.Caption, Bold: true}}, colW, bodySize)))*bodyLine + 1.5
		for _, l := range p.Lines {
			h += float64(len(r.layout(report.ParseRuns(l), colW, tableSize))) * tableLine
		}
		maxH = math.Max(maxH, h)
	}
	return 4 + maxH + 2 + sigBoxH + 2
}

// signatures draws one column per party with room to sign, kept on one page.
func (r *renderer) signatures(s report.Signatures) {
	n := len(s.Parties)
	if n == 0 {
		return
	}
	const gapX, boxH = sigGapX, sigBoxH
	colW := (r.width - gapX*float64(n-1)) / float64(n)
	type col struct {
		caption []textLine
		lines   [][]textLine
		h       float64
	}
	cols := make([]col, n)
	maxH := 0.0
	for i, p := range s.Parties {
		c := col{caption: r.layout([]report.Run{{Text: p.Caption, Bold: true}}, colW, bodySize)}
		c.h = float64(len(c.caption))*bodyLine + 1.5
		for _, l := range p.Lines {
			ls := r.layout(report.ParseRuns(l), colW, tableSize)
			c.lines = append(c.lines, ls)
			c.h += float64(len(ls)) * tableLine
		}
		cols[i] = c
		if c.h > maxH {
			maxH = c.h
		}
	}
	r.ensure(r.signaturesHeight(s))
	if !r.freshPage {
		r.y += 4
	}
	top := r.y
	for i, c := range cols {
		x := r.left + float64(i)*(colW+gapX)
		y := top
		r.setColor(colHeading)
		for _, l := range c.caption {
			r.drawLine(l, x, y, bodyLine, bodySize, 0)
			y += bodyLine
		}
		y += 1.5
		r.setColor(colText)
		for _, ls := range c.lines {
			for _, l := range ls {
				r.drawLine(l, x, y, tableLine, tableSize, 0)
				y += tableLine
			}
		}
		r.w.setStroke(colRule)
		r.w.setLineWidth(0.2)
		r.w.rect(x, top+maxH+2, colW, boxH, false)
	}
	r.y = top + maxH + 2 + boxH + paraGap
	r.freshPage = false
}

// Renderer renders documents with fixed Options; it is the PDF renderer the
// application layer's use cases are given (app.Renderer).
type Renderer struct {
	Options Options
}

// Render writes doc as a PDF to w.
func (r Renderer) Render(w io.Writer, doc *report.Document) error { return Render(w, doc, r.Options) }

// Check lists the characters of doc the embedded fonts cannot print.
func (r Renderer) Check(doc *report.Document) []string { return MissingGlyphs(doc) }
