package report

// Section is one part of a tabular report printed as PDF: a heading, an
// optional note, then a table (or a note when the table is empty).
type Section struct {
	Heading string
	Note    string // printed under the heading ("" none)
	Header  []string
	Rows    [][]string
	Widths  []float64
	Empty   string // printed instead of the table when Rows is empty
	// Chart, when set, is drawn under the table (percentages).
	Chart *BarChart
}

// TablesDocument lays out a report made of titled tables (the network
// dashboard, the check results): landscape A4, a header naming the
// certifier and the date.
func TablesDocument(title, subtitle, header, footer string, sections []Section) *Document {
	d := &Document{Title: title, Subtitle: subtitle, HeaderText: header, FooterText: footer, Author: footer,
		Subject: title, Page: PageOptions{Landscape: true}}
	for _, s := range sections {
		d.Blocks = append(d.Blocks, Heading{Level: 1, Text: s.Heading})
		if s.Note != "" {
			d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: s.Note}}})
		}
		if len(s.Rows) == 0 {
			if s.Empty != "" {
				d.Blocks = append(d.Blocks, Paragraph{Runs: []Run{{Text: s.Empty}}})
			}
		} else {
			d.Blocks = append(d.Blocks, Table{Header: s.Header, Rows: s.Rows, Widths: s.Widths})
		}
		if s.Chart != nil && len(s.Chart.Labels) > 0 {
			d.Blocks = append(d.Blocks, *s.Chart)
		}
	}
	return d
}
