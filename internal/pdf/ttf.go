package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"sync/atomic"
)

// ttf is a TrueType font parsed once per process and shared, read-only, by
// every document: the metrics the layout needs (advance widths by rune),
// the glyph index of each rune, and the tables a subset is cut from.
type ttf struct {
	name       string // PostScript-ish base name, e.g. DejaVuSans-Bold
	raw        []byte
	tables     map[string][]byte
	unitsPerEm int
	numGlyphs  int
	loca       []uint32 // numGlyphs+1 offsets into glyf
	glyf       []byte
	adv1000    []int16  // advance width of each glyph in 1/1000 em (rounded as fpdf did)
	bmp        []uint16 // glyph of each rune below 0x10000 (0 = none)
	astral     map[rune]uint16
	ascent     int // 1/1000 em
	descent    int
	capHeight  int
	bbox       [4]int
	italic     int
	flags      int

	mu     sync.Mutex
	subset map[string][]byte // compressed subset FontFile2 streams by glyph set
}

// fontParses counts the fonts parsed: once per font and process.
var fontParses atomic.Int32

func u16(b []byte, off int) int { return int(binary.BigEndian.Uint16(b[off:])) }
func i16(b []byte, off int) int { return int(int16(binary.BigEndian.Uint16(b[off:]))) }
func u32(b []byte, off int) uint32 {
	return binary.BigEndian.Uint32(b[off:])
}

func parseTTF(name string, raw []byte) (f *ttf, err error) {
	defer func() {
		if r := recover(); r != nil { // a truncated table: slices out of range
			f, err = nil, fmt.Errorf("font %s: malformed TrueType file", name)
		}
	}()
	fontParses.Add(1)
	f = &ttf{name: name, raw: raw, tables: map[string][]byte{}, astral: map[rune]uint16{}, subset: map[string][]byte{}}
	n := u16(raw, 4)
	for i := 0; i < n; i++ {
		rec := raw[12+16*i:]
		tag := string(rec[:4])
		off, ln := u32(rec, 8), u32(rec, 12)
		f.tables[tag] = raw[off : off+ln]
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap"} {
		if f.tables[t] == nil {
			return nil, fmt.Errorf("font %s: no %s table", name, t)
		}
	}
	head, hhea := f.tables["head"], f.tables["hhea"]
	f.unitsPerEm = u16(head, 18)
	scale := func(v int) int { return int(float64(v)*1000/float64(f.unitsPerEm) + 0.5*sign(v)) }
	f.bbox = [4]int{scale(i16(head, 36)), scale(i16(head, 38)), scale(i16(head, 40)), scale(i16(head, 42))}
	longLoca := i16(head, 50) == 1
	f.numGlyphs = u16(f.tables["maxp"], 4)
	f.ascent, f.descent = scale(i16(hhea, 4)), scale(i16(hhea, 6))
	f.capHeight = f.ascent
	if os2 := f.tables["OS/2"]; len(os2) >= 90 && u16(os2, 0) >= 2 {
		f.capHeight = scale(i16(os2, 88))
	}
	if post := f.tables["post"]; len(post) >= 8 {
		f.italic = int(int16(u16(post, 4)))
	}
	f.flags = 32 // non-symbolic
	if f.italic != 0 {
		f.flags |= 64
	}
	// Advance widths.
	nh := u16(hhea, 34)
	hmtx := f.tables["hmtx"]
	f.adv1000 = make([]int16, f.numGlyphs)
	last := 0
	for g := 0; g < f.numGlyphs; g++ {
		if g < nh {
			last = u16(hmtx, 4*g)
		}
		f.adv1000[g] = int16(roundAway(float64(last) * 1000 / float64(f.unitsPerEm)))
	}
	// Glyph locations.
	loca := f.tables["loca"]
	f.loca = make([]uint32, f.numGlyphs+1)
	for g := 0; g <= f.numGlyphs; g++ {
		if longLoca {
			f.loca[g] = u32(loca, 4*g)
		} else {
			f.loca[g] = uint32(u16(loca, 2*g)) * 2
		}
	}
	f.glyf = f.tables["glyf"]
	if err := f.parseCmap(); err != nil {
		return nil, err
	}
	return f, nil
}

func sign(v int) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

// roundAway rounds half away from zero, as the widths were always rounded.
func roundAway(v float64) int {
	if v < 0 {
		return -int(-v + 0.5)
	}
	return int(v + 0.5)
}

// parseCmap reads the Unicode cmap: format 12 when present (all planes),
// else format 4 (the BMP).
func (f *ttf) parseCmap() error {
	cm := f.tables["cmap"]
	var fmt4, fmt12 []byte
	for i := 0; i < u16(cm, 2); i++ {
		rec := cm[4+8*i:]
		pid, eid, off := u16(rec, 0), u16(rec, 2), u32(rec, 4)
		if pid != 3 && pid != 0 {
			continue
		}
		sub := cm[off:]
		switch u16(sub, 0) {
		case 4:
			if pid == 0 || eid == 1 {
				fmt4 = sub
			}
		case 12:
			fmt12 = sub
		}
	}
	f.bmp = make([]uint16, 0x10000)
	switch {
	case fmt12 != nil:
		n := int(u32(fmt12, 12))
		for i := 0; i < n; i++ {
			g := fmt12[16+12*i:]
			start, end, gid := u32(g, 0), u32(g, 4), u32(g, 8)
			for c := start; c <= end && c <= 0x10FFFF; c++ {
				f.setGlyph(rune(c), uint16(gid+c-start))
			}
		}
	case fmt4 != nil:
		segs := u16(fmt4, 6) / 2
		ends, starts, deltas, ranges := 14, 16+2*segs, 16+4*segs, 16+6*segs
		for s := 0; s < segs; s++ {
			end, start := u16(fmt4, ends+2*s), u16(fmt4, starts+2*s)
			delta, ro := u16(fmt4, deltas+2*s), u16(fmt4, ranges+2*s)
			for c := start; c <= end && c != 0xFFFF; c++ {
				var g int
				if ro == 0 {
					g = (c + delta) & 0xFFFF
				} else {
					p := ranges + 2*s + ro + 2*(c-start)
					if g = u16(fmt4, p); g != 0 {
						g = (g + delta) & 0xFFFF
					}
				}
				f.setGlyph(rune(c), uint16(g))
			}
		}
	default:
		return errors.New("font " + f.name + ": no Unicode cmap")
	}
	return nil
}

func (f *ttf) setGlyph(r rune, g uint16) {
	if int(g) >= f.numGlyphs {
		return
	}
	if r < 0x10000 {
		f.bmp[r] = g
	} else {
		f.astral[r] = g
	}
}

// glyph is the glyph of r (0, .notdef, when the font has none).
func (f *ttf) glyph(r rune) uint16 {
	if r >= 0 && r < 0x10000 {
		return f.bmp[r]
	}
	return f.astral[r]
}

// width1000 is the advance of r in 1/1000 em.
func (f *ttf) width1000(r rune) int { return int(f.adv1000[f.glyph(r)]) }

// components adds to set the glyphs a composite glyph is made of.
func (f *ttf) components(g uint16, set map[uint16]bool) {
	start, end := f.loca[g], f.loca[g+1]
	if end <= start || end-start < 10 {
		return
	}
	b := f.glyf[start:end]
	if i16(b, 0) >= 0 {
		return
	}
	p := 10
	for {
		flags, c := u16(b, p), uint16(u16(b, p+2))
		if !set[c] {
			set[c] = true
			f.components(c, set)
		}
		p += 4
		if flags&1 != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&8 != 0:
			p += 2
		case flags&0x40 != 0:
			p += 4
		case flags&0x80 != 0:
			p += 8
		}
		if flags&0x20 == 0 || p+4 > len(b) {
			return
		}
	}
}

// subsetStream returns the compressed FontFile2 of a subset holding the
// glyphs gids (sorted, with their components) and the subset's tag. Glyph
// ids are kept (unused glyphs are empty), so that CIDs are glyph ids. The
// result is cached: documents printing the same characters share it.
func (f *ttf) subsetStream(gids []uint16) (stream []byte, tag string) {
	key := make([]byte, 2*len(gids))
	for i, g := range gids {
		binary.BigEndian.PutUint16(key[2*i:], g)
	}
	sum := sha256.Sum256(key)
	tag = make6(sum[:])
	f.mu.Lock()
	s, ok := f.subset[string(key)]
	f.mu.Unlock()
	if ok {
		return s, tag
	}
	set := map[uint16]bool{0: true}
	for _, g := range gids {
		set[g] = true
		f.components(g, set)
	}
	// The font ends at the last glyph used (smaller loca and hmtx tables);
	// glyf and loca hold only the glyphs used.
	n := 0
	for g := range set {
		n = max(n, int(g)+1)
	}
	var glyf bytes.Buffer
	loca := make([]byte, 4*(n+1))
	for g := 0; g < n; g++ {
		binary.BigEndian.PutUint32(loca[4*g:], uint32(glyf.Len()))
		if set[uint16(g)] {
			glyf.Write(f.glyf[f.loca[g]:f.loca[g+1]])
			for glyf.Len()%4 != 0 {
				glyf.WriteByte(0)
			}
		}
	}
	binary.BigEndian.PutUint32(loca[4*n:], uint32(glyf.Len()))
	head := append([]byte(nil), f.tables["head"]...)
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment
	binary.BigEndian.PutUint16(head[50:], 1)
	maxp := append([]byte(nil), f.tables["maxp"]...)
	binary.BigEndian.PutUint16(maxp[4:], uint16(n))
	hhea := append([]byte(nil), f.tables["hhea"]...)
	nh := min(u16(hhea, 34), n)
	binary.BigEndian.PutUint16(hhea[34:], uint16(nh))
	// The widths the PDF uses are in its /W array: the metrics of unused
	// glyphs are zero, which compresses to nothing.
	hmtx := make([]byte, 4*nh+2*(n-nh))
	src := f.tables["hmtx"]
	for g := range set {
		if int(g) < nh {
			copy(hmtx[4*int(g):4*int(g)+4], src[4*int(g):])
		} else if int(g) < n {
			copy(hmtx[4*nh+2*(int(g)-nh):4*nh+2*(int(g)-nh)+2], src[4*u16(f.tables["hhea"], 34)+2*(int(g)-nh):])
		}
	}
	tables := map[string][]byte{"head": head, "hhea": hhea, "maxp": maxp, "hmtx": hmtx,
		"loca": loca, "glyf": glyf.Bytes()}
	for _, t := range []string{"cvt ", "fpgm", "prep"} {
		if b := f.tables[t]; b != nil {
			tables[t] = b
		}
	}
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	var out bytes.Buffer
	hdr := make([]byte, 12+16*len(tags))
	binary.BigEndian.PutUint32(hdr, 0x00010000)
	binary.BigEndian.PutUint16(hdr[4:], uint16(len(tags)))
	es, sr := 0, 1
	for sr*2 <= len(tags) {
		sr *= 2
		es++
	}
	binary.BigEndian.PutUint16(hdr[6:], uint16(sr*16))
	binary.BigEndian.PutUint16(hdr[8:], uint16(es))
	binary.BigEndian.PutUint16(hdr[10:], uint16(len(tags)*16-sr*16))
	off := len(hdr)
	for i, t := range tags {
		b := tables[t]
		rec := hdr[12+16*i:]
		copy(rec, t)
		binary.BigEndian.PutUint32(rec[4:], checksum(b))
		binary.BigEndian.PutUint32(rec[8:], uint32(off))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(b)))
		off += (len(b) + 3) &^ 3
	}
	out.Write(hdr)
	for _, t := range tags {
		b := tables[t]
		out.Write(b)
		out.Write(make([]byte, ((len(b)+3)&^3)-len(b)))
	}
	raw := out.Bytes()
	var z bytes.Buffer
	w := fontZ.Get().(*zlib.Writer) // a new writer costs more than compressing a subset
	w.Reset(&z)
	w.Write(raw)
	w.Close()
	fontZ.Put(w)
	s = append(binary.BigEndian.AppendUint32(nil, uint32(len(raw))), z.Bytes()...) // length1, then the stream
	f.mu.Lock()
	if len(f.subset) >= 64 { // many different character sets: start again
		clear(f.subset)
	}
	f.subset[string(key)] = s
	f.mu.Unlock()
	return s, tag
}

// fontZ holds zlib writers at the default level: fonts compress much
// better than at the fastest level (pages use), and 9 is no smaller.
var fontZ = sync.Pool{New: func() any { w, _ := zlib.NewWriterLevel(io.Discard, zlib.DefaultCompression); return w }}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var v [4]byte
		copy(v[:], b[i:])
		sum += binary.BigEndian.Uint32(v[:])
	}
	return sum
}

// make6 is a subset tag: six capital letters from a hash.
func make6(h []byte) string {
	var b [6]byte
	for i := range b {
		b[i] = 'A' + h[i]%26
	}
	return string(b[:])
}
