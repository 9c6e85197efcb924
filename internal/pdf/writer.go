package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"io"
	"math"
	"strconv"
	"sync"
	"time"
	"unicode/utf16"
)

// writer is a small PDF 1.7 writer: pages of vector text, lines, rectangles
// and images, with the embedded fonts subset per document. The layout
// (internal/pdf/render.go) speaks millimetres from the top-left corner of
// the page; the writer converts to PDF points from the bottom-left.
type writer struct {
	pages    []*pageBuf
	cur      *pageBuf
	fonts    [2]*fontUse // regular, bold
	images   []*pdfImage
	imageIdx map[*pdfImage]int
	compress bool
	alpha    bool // a page uses the watermark's transparency
}

const ptPerMM = 72 / 25.4

type pageBuf struct {
	w, h float64 // mm
	b    []byte  // the stream being written: body, or chrome between beginChrome and endChrome
	// chrome is what changes from one document to the next on a page that
	// is otherwise the same (running header, footer): its own content
	// stream, so that a body seen before is not compressed again.
	chrome []byte
	gstate
	saved gstate
}

// gstate is the graphics state written in the page content, to skip
// repeated operators.
type gstate struct {
	font     int // 0 none, 1 regular, 2 bold
	size     float64
	fill     [3]int
	stroke   [3]int
	lineW    float64
	hasFill  bool
	hasStrok bool
}

// beginChrome sends what follows to the page's chrome stream (header,
// footer), drawn in its own saved graphics state; endChrome comes back to
// the body, whose state the chrome does not change.
func (w *writer) beginChrome() {
	p := w.cur
	p.saved, p.gstate = p.gstate, gstate{}
	p.b, p.chrome = p.chrome, p.b
	p.op("q")
}

func (w *writer) endChrome() {
	p := w.cur
	p.op("Q")
	p.b, p.chrome = p.chrome, p.b
	p.gstate = p.saved
}

type fontUse struct {
	f    *ttf
	used []rune // by glyph: the character it prints (for ToUnicode), 0 when unused
}

func newWriter(compress bool) *writer {
	fs := fonts()
	return &writer{
		fonts:    [2]*fontUse{{f: fs.regular, used: make([]rune, fs.regular.numGlyphs)}, {f: fs.bold, used: make([]rune, fs.bold.numGlyphs)}},
		imageIdx: map[*pdfImage]int{},
		compress: compress,
	}
}

// addPage starts a page of w × h millimetres and makes it current.
func (w *writer) addPage(wd, ht float64) {
	p := &pageBuf{w: wd, h: ht, b: make([]byte, 0, 16<<10)}
	w.pages = append(w.pages, p)
	w.cur = p
}

// setPage makes page i (0-based) current again (footers are drawn once the
// page count is known).
func (w *writer) setPage(i int) { w.cur = w.pages[i] }

func (p *pageBuf) num(v float64) {
	// Two decimals are 1/36 mm: plenty, and compact.
	v = math.Round(v*100) / 100
	if v == math.Trunc(v) {
		p.b = strconv.AppendInt(p.b, int64(v), 10)
	} else {
		p.b = strconv.AppendFloat(p.b, v, 'f', -1, 64)
	}
	p.b = append(p.b, ' ')
}

func (p *pageBuf) op(s string) { p.b = append(p.b, s...); p.b = append(p.b, '\n') }

func (w *writer) setFill(c [3]int) {
	p := w.cur
	if p.hasFill && p.fill == c {
		return
	}
	p.hasFill, p.fill = true, c
	for _, v := range c {
		p.num(float64(v) / 255)
	}
	p.op("rg")
}

func (w *writer) setStroke(c [3]int) {
	p := w.cur
	if p.hasStrok && p.stroke == c {
		return
	}
	p.hasStrok, p.stroke = true, c
	for _, v := range c {
		p.num(float64(v) / 255)
	}
	p.op("RG")
}

func (w *writer) setLineWidth(mm float64) {
	p := w.cur
	if p.lineW == mm {
		return
	}
	p.lineW = mm
	p.num(mm * ptPerMM)
	p.op("w")
}

// line draws a segment in the stroke colour.
func (w *writer) line(x1, y1, x2, y2 float64) {
	p := w.cur
	p.num(x1 * ptPerMM)
	p.num((p.h - y1) * ptPerMM)
	p.op("m")
	p.num(x2 * ptPerMM)
	p.num((p.h - y2) * ptPerMM)
	p.op("l S")
}

// rect draws a rectangle (top-left x, y): outlined, or filled and outlined.
func (w *writer) rect(x, y, wd, ht float64, fill bool) {
	p := w.cur
	p.num(x * ptPerMM)
	p.num((p.h - y - ht) * ptPerMM)
	p.num(wd * ptPerMM)
	p.num(ht * ptPerMM)
	if fill {
		p.op("re B")
	} else {
		p.op("re S")
	}
}

// text prints s with its baseline at (x, y), in the fill colour.
func (w *writer) text(x, y float64, s string, bold bool, size float64) {
	w.textMatrix(s, bold, size, 1, 0, x, y)
}

// textMatrix prints s rotated by the matrix (cos, sin) from (x, y).
func (w *writer) textMatrix(s string, bold bool, size, cos, sin, x, y float64) {
	p := w.cur
	fi := 0
	if bold {
		fi = 1
	}
	p.op("BT")
	if p.font != fi+1 || p.size != size {
		p.font, p.size = fi+1, size
		if bold {
			p.b = append(p.b, "/F2 "...)
		} else {
			p.b = append(p.b, "/F1 "...)
		}
		p.num(size)
		p.op("Tf")
	}
	if cos == 1 && sin == 0 {
		p.num(x * ptPerMM)
		p.num((p.h - y) * ptPerMM)
		p.op("Td")
	} else {
		p.num(cos)
		p.num(sin)
		p.num(-sin)
		p.num(cos)
		p.num(x * ptPerMM)
		p.num((p.h - y) * ptPerMM)
		p.op("Tm")
	}
	w.glyphs(fi, s)
	p.b = append(p.b, " Tj\nET\n"...)
}

const hexDigits = "0123456789ABCDEF"

// beginText starts a line of text whose baseline starts at (x, y); show
// then prints its pieces one after the other, endText ends it.
func (w *writer) beginText(x, y float64) {
	p := w.cur
	p.op("BT")
	p.num(x * ptPerMM)
	p.num((p.h - y) * ptPerMM)
	p.op("Td")
}

func (w *writer) endText() { w.cur.op("ET") }

// show prints s after the previous piece of the line, gap millimetres
// further (the glyphs' own widths advance the position, as measured).
func (w *writer) show(s string, bold bool, size, gap float64) {
	p := w.cur
	fi := 0
	if bold {
		fi = 1
	}
	if p.font != fi+1 || p.size != size {
		p.font, p.size = fi+1, size
		if bold {
			p.b = append(p.b, "/F2 "...)
		} else {
			p.b = append(p.b, "/F1 "...)
		}
		p.num(size)
		p.op("Tf")
	}
	if gap != 0 {
		p.b = append(p.b, '[')
		p.num(-gap * ptPerMM * 1000 / size)
	}
	w.glyphs(fi, s)
	if gap != 0 {
		p.b = append(p.b, "] TJ\n"...)
	} else {
		p.b = append(p.b, " Tj\n"...)
	}
}

// glyphs appends s as a string of two-byte glyph ids of font fi (a literal
// string, half the size of hexadecimal: less to compress).
func (w *writer) glyphs(fi int, s string) {
	p := w.cur
	fu := w.fonts[fi]
	p.b = append(p.b, '(')
	for _, r := range s {
		g := fu.f.glyph(r)
		if fu.used[g] == 0 {
			fu.used[g] = r
		}
		p.b = appendLiteralByte(appendLiteralByte(p.b, byte(g>>8)), byte(g))
	}
	p.b = append(p.b, ')')
}

// appendLiteralByte appends c inside a PDF literal string, escaped when it
// would end the string or be read as an end of line.
func appendLiteralByte(b []byte, c byte) []byte {
	switch c {
	case '(', ')', '\\':
		return append(b, '\\', c)
	case '\r':
		return append(b, '\\', 'r')
	case '\n':
		return append(b, '\\', 'n')
	}
	return append(b, c)
}

// image draws img in the box (top-left x, y, wd × ht mm).
func (w *writer) image(img *pdfImage, x, y, wd, ht float64) {
	i, ok := w.imageIdx[img]
	if !ok {
		i = len(w.images)
		w.images = append(w.images, img)
		w.imageIdx[img] = i
	}
	p := w.cur
	p.op("q")
	p.num(wd * ptPerMM)
	p.b = append(p.b, "0 0 "...)
	p.num(ht * ptPerMM)
	p.num(x * ptPerMM)
	p.num((p.h - y - ht) * ptPerMM)
	p.op("cm")
	p.b = append(p.b, "/I"...)
	p.b = strconv.AppendInt(p.b, int64(i+1), 10)
	p.op(" Do Q")
}

// watermark prints s across the page, diagonally, faint, over everything.
func (w *writer) watermark(s string, size float64) {
	p := w.cur
	w.alpha = true
	width := float64(0)
	for _, r := range s {
		width += float64(w.fonts[1].f.width1000(r))
	}
	width = width * size / 1000 / ptPerMM // mm
	ang := math.Atan2(p.h, p.w)
	cos, sin := math.Cos(ang), math.Sin(ang)
	capH := float64(w.fonts[1].f.capHeight) * size / 1000 / ptPerMM
	// Centre the text on the page: start half its length back along the
	// diagonal, half its height down across it. y grows downwards here.
	x := p.w/2 - width/2*cos + capH/2*sin
	y := p.h/2 + width/2*sin + capH/2*cos
	p.op("q /GS1 gs")
	saved := p.gstate
	w.setFill([3]int{200, 40, 40})
	w.textMatrix(s, true, size, cos, sin, x, y)
	p.op("Q")
	p.gstate = saved // q/Q restored the state the page had before
}

// ---------------------------------------------------------------- output

type objWriter struct {
	out     *bytes.Buffer
	offsets []int // by object number - 1; -1 until written
}

func (o *objWriter) alloc() int {
	o.offsets = append(o.offsets, -1)
	return len(o.offsets)
}

func (o *objWriter) begin(n int) {
	o.offsets[n-1] = o.out.Len()
	o.out.WriteString(strconv.Itoa(n))
	o.out.WriteString(" 0 obj\n")
}

func (o *objWriter) obj(n int, body string) {
	o.begin(n)
	o.out.WriteString(body)
	o.out.WriteString("\nendobj\n")
}

func (o *objWriter) stream(n int, dict string, data []byte) {
	o.begin(n)
	o.out.WriteString("<<")
	o.out.WriteString(dict)
	o.out.WriteString(" /Length ")
	o.out.WriteString(strconv.Itoa(len(data)))
	o.out.WriteString(">>\nstream\n")
	o.out.Write(data)
	o.out.WriteString("\nendstream\nendobj\n")
}

var zpool = sync.Pool{New: func() any { w, _ := zlib.NewWriterLevel(io.Discard, zlib.BestSpeed); return w }}

func deflate(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b) / 3)
	z := zpool.Get().(*zlib.Writer)
	z.Reset(&buf)
	z.Write(b)
	z.Close()
	zpool.Put(z)
	return buf.Bytes()
}

// bodies caches compressed page bodies by content: the pages of articles
// are the same in every convention, compressed once per process.
var bodies = struct {
	sync.Mutex
	m map[[32]byte][]byte
}{m: map[[32]byte][]byte{}}

// deflateCached compresses b, or returns the compression of the same bytes
// made before (flate is deterministic: the result is the same).
func deflateCached(b []byte) []byte {
	key := sha256.Sum256(b)
	bodies.Lock()
	z, ok := bodies.m[key]
	bodies.Unlock()
	if ok {
		return z
	}
	z = deflate(b)
	bodies.Lock()
	if len(bodies.m) >= 1024 {
		clear(bodies.m)
	}
	bodies.m[key] = z
	bodies.Unlock()
	return z
}

// Info is the document's metadata.
type info struct {
	title, subject, author, creator, lang string
	time                                  time.Time
}

func pdfText(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < 0x20 {
			ascii = false
			break
		}
	}
	if ascii {
		var b bytes.Buffer
		b.WriteByte('(')
		for i := 0; i < len(s); i++ {
			if s[i] == '(' || s[i] == ')' || s[i] == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(s[i])
		}
		b.WriteByte(')')
		return b.String()
	}
	b := []byte("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, hexDigits[u>>12], hexDigits[u>>8&15], hexDigits[u>>4&15], hexDigits[u&15])
	}
	return string(append(b, '>'))
}

func pdfDate(t time.Time) string {
	return "(D:" + t.UTC().Format("20060102150405") + "Z)"
}

// finish writes the whole file.
func (w *writer) finish(out io.Writer, in info) error {
	var buf bytes.Buffer
	buf.Grow(64 << 10)
	o := &objWriter{out: &buf}
	buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	catalog, pagesN, infoN, resN := o.alloc(), o.alloc(), o.alloc(), o.alloc()
	pageN := make([]int, len(w.pages))
	for i := range w.pages {
		pageN[i] = o.alloc()
	}
	// Pages and their contents.
	var kids bytes.Buffer
	for i, p := range w.pages {
		chromeN, bodyN := o.alloc(), o.alloc()
		o.obj(pageN[i], fmt.Sprintf("<</Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources %d 0 R /Contents [%d 0 R %d 0 R]>>",
			pagesN, fmtPt(p.w), fmtPt(p.h), resN, chromeN, bodyN))
		if w.compress {
			o.stream(chromeN, " /Filter /FlateDecode", deflate(p.chrome))
			o.stream(bodyN, " /Filter /FlateDecode", deflateCached(p.b))
		} else {
			o.stream(chromeN, "", p.chrome)
			o.stream(bodyN, "", p.b)
		}
		fmt.Fprintf(&kids, "%d 0 R ", pageN[i])
	}
	o.obj(pagesN, fmt.Sprintf("<</Type /Pages /Kids [%s] /Count %d>>", bytes.TrimSpace(kids.Bytes()), len(w.pages)))
	// Fonts.
	var res bytes.Buffer
	res.WriteString("<</ProcSet [/PDF /Text /ImageB /ImageC]")
	res.WriteString(" /Font <<")
	for i, fu := range w.fonts {
		n := w.putFont(o, fu)
		fmt.Fprintf(&res, " /F%d %d 0 R", i+1, n)
	}
	res.WriteString(">>")
	if len(w.images) > 0 {
		res.WriteString(" /XObject <<")
		for i, img := range w.images {
			fmt.Fprintf(&res, " /I%d %d 0 R", i+1, img.put(o))
		}
		res.WriteString(">>")
	}
	if w.alpha {
		res.WriteString(" /ExtGState << /GS1 << /Type /ExtGState /ca 0.18 /CA 0.18 >> >>")
	}
	res.WriteString(">>")
	o.obj(resN, res.String())
	// Metadata and catalog.
	var inf bytes.Buffer
	inf.WriteString("<<")
	for _, kv := range [][2]string{{"Title", in.title}, {"Subject", in.subject}, {"Author", in.author}, {"Creator", in.creator}} {
		if kv[1] != "" {
			inf.WriteString(" /" + kv[0] + " " + pdfText(kv[1]))
		}
	}
	inf.WriteString(" /Producer (habil)")
	inf.WriteString(" /CreationDate " + pdfDate(in.time) + " /ModDate " + pdfDate(in.time) + ">>")
	o.obj(infoN, inf.String())
	cat := fmt.Sprintf("<</Type /Catalog /Pages %d 0 R", pagesN)
	if in.lang != "" {
		cat += " /Lang " + pdfText(in.lang)
	}
	if in.title != "" {
		cat += " /ViewerPreferences <</DisplayDocTitle true>>"
	}
	o.obj(catalog, cat+">>")
	// Cross-reference table.
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(o.offsets)+1)
	for _, off := range o.offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<</Size %d /Root %d 0 R /Info %d 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(o.offsets)+1, catalog, infoN, xref)
	_, err := out.Write(buf.Bytes())
	return err
}

func fmtPt(mm float64) string {
	return strconv.FormatFloat(math.Round(mm*ptPerMM*100)/100, 'f', -1, 64)
}

// putFont writes a Type 0 font with its CID font, descriptor, subset and
// ToUnicode map; it returns the Type 0 font's object number.
func (w *writer) putFont(o *objWriter, fu *fontUse) int {
	f := fu.f
	var gids []uint16
	for g, r := range fu.used {
		if r != 0 {
			gids = append(gids, uint16(g))
		}
	}
	stream, tag := f.subsetStream(gids)
	base := tag + "+" + f.name
	t0, cid, desc, file, tou := o.alloc(), o.alloc(), o.alloc(), o.alloc(), o.alloc()
	o.obj(t0, fmt.Sprintf("<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>", base, cid, tou))
	// Widths of the glyphs used, in runs of consecutive glyphs.
	var wb bytes.Buffer
	wb.WriteString("[")
	for i := 0; i < len(gids); {
		j := i
		for j+1 < len(gids) && gids[j+1] == gids[j]+1 {
			j++
		}
		fmt.Fprintf(&wb, "%d [", gids[i])
		for k := i; k <= j; k++ {
			if k > i {
				wb.WriteByte(' ')
			}
			wb.WriteString(strconv.Itoa(int(f.adv1000[gids[k]])))
		}
		wb.WriteString("] ")
		i = j + 1
	}
	wb.WriteString("]")
	o.obj(cid, fmt.Sprintf("<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /DW %d /W %s /CIDToGIDMap /Identity>>",
		base, desc, f.adv1000[0], wb.String()))
	o.obj(desc, fmt.Sprintf("<</Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %d /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 %d 0 R>>",
		base, f.flags|4, f.bbox[0], f.bbox[1], f.bbox[2], f.bbox[3], f.italic, f.ascent, f.descent, f.capHeight, file))
	length1 := int(uint32(stream[0])<<24 | uint32(stream[1])<<16 | uint32(stream[2])<<8 | uint32(stream[3]))
	o.stream(file, fmt.Sprintf("/Length1 %d /Filter /FlateDecode", length1), stream[4:])
	// ToUnicode: each glyph to its character.
	var cm bytes.Buffer
	cm.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(gids); i += 100 {
		chunk := gids[i:min(i+100, len(gids))]
		fmt.Fprintf(&cm, "%d beginbfchar\n", len(chunk))
		for _, g := range chunk {
			fmt.Fprintf(&cm, "<%04X> <", g)
			for _, u := range utf16.Encode([]rune{fu.used[g]}) {
				fmt.Fprintf(&cm, "%04X", u)
			}
			cm.WriteString(">\n")
		}
		cm.WriteString("endbfchar\n")
	}
	cm.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	if w.compress {
		o.stream(tou, "/Filter /FlateDecode", deflateCached(cm.Bytes())) // the same for the same glyphs
	} else {
		o.stream(tou, "", cm.Bytes())
	}
	return t0
}
