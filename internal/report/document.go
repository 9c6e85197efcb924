// Package report builds habil's documents as a small format-neutral model
// (a Document of blocks) that renderers (internal/pdf…) print. It also holds
// the builders of each document, such as the convention de partenariat.
package report

import (
	"strings"
)

// Document is a printable document: a title block on the first page, a
// running header and footer, and a flow of blocks.
type Document struct {
	Title      string // large title on the first page (and the file's title)
	Subtitle   string // under the title
	HeaderText string // running header of every page (e.g. the number and date)
	FooterText string // left part of the running footer (the page number is on the right)
	Author     string // document metadata
	Subject    string
	Blocks     []Block

	// Page is the page format: A4 portrait with the default margins when zero.
	Page PageOptions
	// NoTitleBlock leaves the title out of the first page (it stays the
	// file's title): for documents laid out with Fixed blocks.
	NoTitleBlock bool
	// Logo is printed at the top of the first page, above the title (the
	// certifier's logo, config key documents.logo); nil for none.
	Logo *Image
	// Watermark is printed large, faint and diagonally across every page
	// (e.g. "PROJET" on a draft); "" for none.
	Watermark string
}

// PageOptions is the page format. Margins are in millimetres; a zero
// margin takes the default (top 27, right 22, bottom 24, left 22: the
// running header and footer sit in the top and bottom margins).
type PageOptions struct {
	Landscape bool // A4 landscape (297 × 210 mm) instead of portrait
	Margins   Margins
}

// Margins of the page, in millimetres.
type Margins struct {
	Top, Right, Bottom, Left float64
}

// Image is a PNG or JPEG image given as its bytes: the caller reads the
// file the user named (the renderer never opens files).
type Image struct {
	Name string // for messages: the file it came from
	Data []byte
}

// Block is one element of the flow.
type Block interface{ isBlock() }

// Run is a piece of text, bold or not.
type Run struct {
	Text string
	Bold bool
}

// Heading is a title in the flow: level 1 (article, annex), 2 or 3. A
// heading is kept with what follows it: it never ends a page.
type Heading struct {
	Level int
	Text  string
}

// Paragraph is wrapped text made of runs. With KeepWithNext, it moves to
// the next page rather than end a page without the start of the next block.
type Paragraph struct {
	Runs         []Run
	KeepWithNext bool
}

// List is a bullet list; each item is a sequence of runs.
type List struct {
	Items [][]Run
}

// Table is a table with a header row that is repeated on every page it
// crosses. Widths are relative (they are scaled to the page width); nil
// widths share the width equally.
type Table struct {
	Header []string
	Rows   [][]string
	Widths []float64
}

// KeyValues is a titled list of labelled values (e.g. a party's identity).
type KeyValues struct {
	Title string
	Pairs []KeyValue
}

// KeyValue is one labelled value.
type KeyValue struct {
	Key, Value string
}

// Signatures is a row of signature blocks, one per party.
type Signatures struct {
	Parties []SignatureParty
}

// SignatureParty is one signature block: a caption ("Pour le certificateur")
// and the lines under it (organisation, signatory).
type SignatureParty struct {
	Caption string
	Lines   []string
}

// PageBreak starts a new page.
type PageBreak struct{}

// Picture is an image in the flow, centred, Width millimetres wide (0: its
// natural size at 150 dpi, at most the text width), kept whole on a page.
type Picture struct {
	Image *Image
	Width float64
}

// Fixed is text or an image at a fixed place of the page the flow has
// reached (certificates, jury minutes): X, Y in millimetres from the
// top-left corner of the page, Width the box (text wraps in it, an image
// is scaled to it). It does not move the flow.
type Fixed struct {
	X, Y  float64
	Width float64
	// Text, with its size in points (0: 10) and alignment in the box.
	Runs  []Run
	Size  float64
	Align Align
	// Image, when set, is drawn instead of text, Height mm high (0: in
	// proportion to Width).
	Image  *Image
	Height float64
}

// Align is the alignment of fixed text in its box.
type Align int

// Alignments.
const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
)

func (Heading) isBlock()    {}
func (Paragraph) isBlock()  {}
func (List) isBlock()       {}
func (Table) isBlock()      {}
func (KeyValues) isBlock()  {}
func (Signatures) isBlock() {}
func (PageBreak) isBlock()  {}
func (Picture) isBlock()    {}
func (Fixed) isBlock()      {}

// Texts returns every piece of text of the document with where it comes
// from, so that a renderer can check that its fonts can print it.
func (d *Document) Texts() []string {
	out := []string{d.Title, d.Subtitle, d.HeaderText, d.FooterText, d.Watermark}
	runs := func(rs []Run) string {
		var b strings.Builder
		for _, r := range rs {
			b.WriteString(r.Text)
		}
		return b.String()
	}
	for _, b := range d.Blocks {
		switch x := b.(type) {
		case Heading:
			out = append(out, x.Text)
		case Paragraph:
			out = append(out, runs(x.Runs))
		case List:
			for _, it := range x.Items {
				out = append(out, runs(it))
			}
		case Table:
			out = append(out, x.Header...)
			for _, r := range x.Rows {
				out = append(out, r...)
			}
		case KeyValues:
			out = append(out, x.Title)
			for _, p := range x.Pairs {
				out = append(out, p.Key, p.Value)
			}
		case Fixed:
			out = append(out, runs(x.Runs))
		case Signatures:
			for _, p := range x.Parties {
				out = append(out, p.Caption)
				out = append(out, p.Lines...)
			}
		}
	}
	return out
}
