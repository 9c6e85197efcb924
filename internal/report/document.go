// Package report builds habil's documents as a small format-neutral model
// (a Document of blocks) that renderers (internal/pdf…) print. It also holds
// the builders of each document, such as the convention de partenariat.
package report

import (
	"strings"
)

// Document is a printable document: a title page heading, a running header
// and footer, and a flow of blocks.
type Document struct {
	Title      string // large title on the first page
	Subtitle   string // under the title
	HeaderText string // running header of every page (e.g. the number and date)
	FooterText string // left part of the running footer (the page number is on the right)
	Author     string // document metadata
	Subject    string
	Blocks     []Block
}

// Block is one element of the flow.
type Block interface{ isBlock() }

// Run is a piece of text, bold or not.
type Run struct {
	Text string
	Bold bool
}

// Heading is a title in the flow: level 1 (article, annex), 2 or 3.
type Heading struct {
	Level int
	Text  string
}

// Paragraph is wrapped text made of runs.
type Paragraph struct {
	Runs []Run
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

func (Heading) isBlock()    {}
func (Paragraph) isBlock()  {}
func (List) isBlock()       {}
func (Table) isBlock()      {}
func (KeyValues) isBlock()  {}
func (Signatures) isBlock() {}
func (PageBreak) isBlock()  {}

// Texts returns every piece of text of the document with where it comes
// from, so that a renderer can check that its fonts can print it.
func (d *Document) Texts() []string {
	out := []string{d.Title, d.Subtitle, d.HeaderText, d.FooterText}
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
		case Signatures:
			for _, p := range x.Parties {
				out = append(out, p.Caption)
				out = append(out, p.Lines...)
			}
		}
	}
	return out
}
