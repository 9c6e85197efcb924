package pdf_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/habil-app/habil/internal/pdf"
	"github.com/habil-app/habil/internal/report"
)

const mm = 72 / 25.4

// logoPNG is a 120 × 60 logo: a blue band on a transparent background.
func logoPNG(t testing.TB) *report.Image {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, 120, 60))
	for y := 10; y < 50; y++ {
		for x := 0; x < 120; x++ {
			m.Set(x, y, color.NRGBA{R: 22, G: 45, B: 140, A: uint8(120 + x)})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return &report.Image{Name: "logo.png", Data: b.Bytes()}
}

// stampJPEG is a 80 × 80 red disc on white.
func stampJPEG(t testing.TB) *report.Image {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 80, 80))
	for y := 0; y < 80; y++ {
		for x := 0; x < 80; x++ {
			c := color.RGBA{255, 255, 255, 255}
			if (x-40)*(x-40)+(y-40)*(y-40) < 36*36 {
				c = color.RGBA{190, 30, 30, 255}
			}
			m.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return &report.Image{Name: "tampon.jpg", Data: b.Bytes()}
}

// keep writes the PDF to $HABIL_TEST_PDF_DIR when set, to look at it.
func keep(t *testing.T, name string, b []byte) {
	if dir := os.Getenv("HABIL_TEST_PDF_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
}

func tool(t *testing.T, b []byte, name string, args ...string) string {
	t.Helper()
	needTool(t, name)
	path := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(name, append(args, path)...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
	return string(out)
}

type word struct {
	page           int
	x0, y0, x1, y1 float64
	text           string
}

// words lists the words of the PDF with their boxes (pdftotext -bbox), in points.
func words(t *testing.T, b []byte) []word {
	t.Helper()
	needTool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(path, b, 0o600)
	out, err := exec.Command("pdftotext", "-bbox", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	var ws []word
	page := 0
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		if m[0] == "<page " {
			page++
			continue
		}
		f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
		ws = append(ws, word{page, f(m[1]), f(m[2]), f(m[3]), f(m[4]), m[5]})
	}
	return ws
}

// A landscape page, the certifier's logo, a picture in the flow, and text
// and an image at fixed places: what a certificate is made of.
func certificate(t testing.TB) *report.Document {
	return &report.Document{
		Title: "Certificat de réussite", HeaderText: "Académie des Métiers du Numérique", FooterText: "Certificat n° 2026-0042",
		Page: report.PageOptions{Landscape: true, Margins: report.Margins{Top: 20, Bottom: 20, Left: 25, Right: 25}},
		Logo: logoPNG(t),
		Blocks: []report.Block{
			report.Paragraph{Runs: []report.Run{{Text: "Le jury de certification, réuni le 12 juin 2026, atteste que"}}},
			report.Fixed{X: 25, Y: 105, Width: 247, Align: report.AlignCenter, Size: 22, Runs: []report.Run{{Text: "Nguyễn Thị Ễnh", Bold: true}}},
			report.Fixed{X: 25, Y: 125, Width: 247, Align: report.AlignCenter, Size: 12,
				Runs: []report.Run{{Text: "a obtenu la certification "}, {Text: "RNCP35419 « Développeur web et web mobile »", Bold: true}}},
			report.Fixed{X: 40, Y: 160, Size: 10, Runs: []report.Run{{Text: "Fait à Paris, le 15 juin 2026"}}},
			report.Fixed{X: 230, Y: 150, Width: 30, Image: stampJPEG(t)},
			report.Fixed{X: 200, Y: 185, Width: 60, Align: report.AlignRight, Size: 9, Runs: []report.Run{{Text: "Marie Dupont, directrice"}}},
		},
	}
}

func TestLandscapeLogoAndFixedBlocks(t *testing.T) {
	b := render(t, certificate(t), pdf.Options{Time: testTime})
	keep(t, "certificate.pdf", b)
	info := tool(t, b, "pdfinfo")
	if !regexp.MustCompile(`Page size:\s+841.89 x 595.28 pts`).MatchString(info) {
		t.Errorf("not an A4 landscape page:\n%s", info)
	}
	if !strings.Contains(info, "Pages:           1") {
		t.Errorf("fixed blocks added pages:\n%s", info)
	}
	// The logo (with its transparency mask) and the stamp are embedded.
	imgs := tool(t, b, "pdfimages", "-list")
	for _, want := range []string{`image\s+120\s+60\s+rgb`, `smask\s+120\s+60\s+gray`, `image\s+80\s+80\s+rgb\s+3\s+8\s+jpeg`} {
		if !regexp.MustCompile(want).MatchString(imgs) {
			t.Errorf("pdfimages lacks %s:\n%s", want, imgs)
		}
	}
	// Fixed text is where it was put: "Fait" at x 40 mm, its line at y 160 mm.
	found := map[string]bool{}
	for _, w := range words(t, b) {
		switch w.text {
		case "Fait":
			found[w.text] = true
			if d := w.x0 - 40*mm; d < -0.5 || d > 1 {
				t.Errorf("'Fait' starts at x %.1f pt, want %.1f", w.x0, 40*mm)
			}
			if w.y0 < 160*mm-1 || w.y1 > (160+5)*mm+1 {
				t.Errorf("'Fait' is at y %.1f–%.1f pt, want within the line at %.1f pt", w.y0, w.y1, 160*mm)
			}
		case "Ễnh":
			found[w.text] = true
			// Centred in the box 25–272 mm: the name's middle near 148.5 mm.
			if w.x1 < 148.5*mm || w.x0 > 200*mm {
				t.Errorf("the name is not centred: %.1f–%.1f pt", w.x0, w.x1)
			}
		case "directrice":
			found[w.text] = true
			if d := 260*mm - w.x1; d < -1 || d > 1.5 {
				t.Errorf("right-aligned text ends at %.1f pt, want %.1f", w.x1, 260*mm)
			}
		}
		if w.x1 > 842 || w.y1 > 596 {
			t.Errorf("word %q outside the landscape page", w.text)
		}
	}
	if len(found) != 3 {
		t.Errorf("fixed texts found: %v", found)
	}
	// The title block is optional: gone from the page, still the file's title.
	doc := certificate(t)
	doc.NoTitleBlock = true
	b = render(t, doc, pdf.Options{Time: testTime})
	if text := flat(pdftotext(t, b)); strings.Contains(text, "Certificat de réussite") {
		t.Error("NoTitleBlock printed the title")
	}
	if info := tool(t, b, "pdfinfo"); !regexp.MustCompile(`Title:\s+Certificat de réussite`).MatchString(info) {
		t.Errorf("the file lost its title:\n%s", info)
	}
}

func TestPortraitDefaultSize(t *testing.T) {
	b := render(t, &report.Document{Title: "A4", Blocks: []report.Block{report.Picture{Image: stampJPEG(t), Width: 40}}}, pdf.Options{Time: testTime})
	if info := tool(t, b, "pdfinfo"); !regexp.MustCompile(`Page size:\s+595.28 x 841.89 pts \(A4\)`).MatchString(info) {
		t.Errorf("not A4 portrait:\n%s", info)
	}
	if imgs := tool(t, b, "pdfimages", "-list"); !strings.Contains(imgs, "jpeg") {
		t.Errorf("the picture is not embedded:\n%s", imgs)
	}
}

func TestBadImage(t *testing.T) {
	doc := &report.Document{Title: "X", Logo: &report.Image{Name: "logo.gif", Data: []byte("GIF89a....")}}
	err := pdf.Render(&bytes.Buffer{}, doc, pdf.Options{Time: testTime})
	if err == nil || !strings.Contains(err.Error(), "logo.gif") || !strings.Contains(err.Error(), "PNG or JPEG") {
		t.Errorf("err = %v", err)
	}
}

func TestWatermark(t *testing.T) {
	doc := build(t, fixture())
	doc.Watermark = "PROJET"
	b := render(t, doc, pdf.Options{Time: testTime})
	keep(t, "watermark.pdf", b)
	// Large letters (poppler cuts the diagonal word in pieces) spell the
	// watermark on every page, bottom left to top right.
	letters := map[int]string{}
	xs, ys := map[int][]float64{}, map[int][]float64{}
	for _, w := range words(t, b) {
		if w.y1-w.y0 > 40 {
			letters[w.page] += w.text
			xs[w.page] = append(xs[w.page], w.x0, w.x1)
			ys[w.page] = append(ys[w.page], w.y0, w.y1)
		}
	}
	if pages := pageCount(t, b); len(letters) != pages {
		t.Errorf("%d pages, %d with a watermark", pages, len(letters))
	}
	for p, l := range letters {
		if r := []rune(l); len(r) != 6 || sortRunes(l) != sortRunes("PROJET") {
			t.Errorf("page %d: watermark %q", p, l)
		}
		sort.Float64s(xs[p])
		sort.Float64s(ys[p])
		x0, x1, y0, y1 := xs[p][0], xs[p][len(xs[p])-1], ys[p][0], ys[p][len(ys[p])-1]
		if x1-x0 < 250 || y1-y0 < 250 || (x0+x1)/2 < 250 || (x0+x1)/2 > 345 || (y0+y1)/2 < 370 || (y0+y1)/2 > 470 {
			t.Errorf("page %d: the watermark is not across the middle of the page: x %.0f–%.0f, y %.0f–%.0f", p, x0, x1, y0, y1)
		}
	}
	if pdf.MissingGlyphs(&report.Document{Watermark: "北"}) == nil {
		t.Error("the watermark's characters are not checked")
	}
}

// A heading never ends a page: whatever the lengths, the last line of
// every page is not a heading, and the first paragraph after a heading
// starts on the heading's page.
func TestKeepWithNext(t *testing.T) {
	var blocks []report.Block
	seed := uint32(7)
	rnd := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>16) % n }
	for i := 1; i <= 60; i++ {
		blocks = append(blocks, report.Heading{Level: 1 + rnd(2), Text: fmt.Sprintf("Titre %d", i)})
		if rnd(4) == 0 {
			blocks = append(blocks, report.Heading{Level: 3, Text: fmt.Sprintf("Titre %d bis", i)})
		}
		n := 1 + rnd(7)
		var sb strings.Builder
		for k := 0; k < n*12; k++ {
			sb.WriteString(fmt.Sprintf("mot%d ", k))
		}
		blocks = append(blocks, report.Paragraph{Runs: []report.Run{{Text: fmt.Sprintf("Début%d ", i) + sb.String()}}})
		if rnd(5) == 0 {
			blocks = append(blocks, report.Table{Header: []string{"A", "B"}, Rows: [][]string{{"1", "2"}, {"3", "4"}}})
		}
	}
	// A paragraph kept with the table it introduces.
	blocks = append(blocks, report.Paragraph{Runs: []report.Run{{Text: "Le tableau suivant :"}}, KeepWithNext: true},
		report.Table{Header: []string{"Colonne", "Valeur"}, Rows: [][]string{{"x", "y"}}})
	b := render(t, &report.Document{Title: "Titres", HeaderText: "En-tête", Blocks: blocks}, pdf.Options{Time: testTime})
	keep(t, "keep.pdf", b)
	ws := words(t, b)
	lastLine := map[int]float64{}
	headingPage := map[string]int{}
	for _, w := range ws {
		if w.y1 > 842-24*mm || w.y0 < 27*mm { // running header and footer
			continue
		}
		if w.y0 > lastLine[w.page] {
			lastLine[w.page] = w.y0
		}
	}
	pages := 0
	for _, w := range ws {
		pages = max(pages, w.page)
		if w.text == "Titre" && w.y0 == lastLine[w.page] {
			t.Errorf("page %d ends with a heading", w.page)
		}
	}
	for i, w := range ws {
		if w.text == "Titre" && i+1 < len(ws) {
			headingPage[ws[i+1].text] = w.page
		}
		if strings.HasPrefix(w.text, "Début") {
			n := strings.TrimPrefix(w.text, "Début")
			if p, ok := headingPage[n]; ok && p != w.page {
				t.Errorf("heading %s on page %d, its paragraph on page %d", n, p, w.page)
			}
		}
	}
	if pages < 5 {
		t.Fatalf("%d pages: the test needs page breaks", pages)
	}
	var tablePage, introPage int
	for _, w := range ws {
		if w.text == "suivant" {
			introPage = w.page
		}
		if w.text == "Colonne" {
			tablePage = w.page
		}
	}
	if tablePage != introPage {
		t.Errorf("the paragraph kept with its table is on page %d, the table on %d", introPage, tablePage)
	}
}

// The fonts are parsed once per process, whatever the number of documents
// and goroutines; documents with images and a watermark stay identical.
func TestFontParsedOnceAndDeterministic(t *testing.T) {
	doc := certificate(t)
	doc.Watermark = "SPÉCIMEN"
	first := render(t, doc, pdf.Options{Time: testTime})
	var wg sync.WaitGroup
	out := make([][]byte, 6)
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			if err := pdf.Render(&buf, certificate(t), pdf.Options{Time: testTime}); err != nil {
				t.Error(err)
			}
			out[i] = buf.Bytes()
		}()
	}
	wg.Wait()
	if n := pdf.FontParses(); n != 2 {
		t.Errorf("the fonts were parsed %d times, want 2 (regular and bold, once)", n)
	}
	if again := render(t, doc, pdf.Options{Time: testTime}); !bytes.Equal(first, again) {
		t.Error("two renders of a document with images and a watermark differ")
	}
	for i := 1; i < len(out); i++ {
		if !bytes.Equal(out[0], out[i]) {
			t.Errorf("concurrent render %d differs", i)
		}
	}
}

func sortRunes(s string) string {
	r := []rune(s)
	sort.Slice(r, func(i, j int) bool { return r[i] < r[j] })
	return string(r)
}

func TestHugeImageRefused(t *testing.T) {
	// A PNG header announcing 20000 × 20000 pixels: refused before decoding.
	m := image.NewGray(image.Rect(0, 0, 1, 1))
	var b bytes.Buffer
	png.Encode(&b, m)
	data := b.Bytes()
	// IHDR: type at 12, width and height at 16–23, CRC of type and data at 29.
	copy(data[16:24], []byte{0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20})
	binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	err := pdf.Render(&bytes.Buffer{}, &report.Document{Title: "X", Logo: &report.Image{Name: "huge.png", Data: data}}, pdf.Options{Time: testTime})
	if err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("err = %v", err)
	}
}
