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
	// Chart, when set, is drawn under the table.
	Chart *BarChart
}

// BarChart is a simple bar chart: one bar per label, values 0..Max.
type BarChart struct {
	Title  string
	Labels []string
	Values []*int // nil: no value (no bar, "—")
	Max    int    // the scale's top (0: the largest value)
	Unit   string // e.g. "%"
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
			d.Blocks = append(d.Blocks, chartTable(s.Chart))
		}
	}
	return d
}

// chartTable prints a bar chart as a table of text bars (the PDF renderer
// draws blocks of text; a row of full blocks is a bar).
func chartTable(c *BarChart) Block {
	max := c.Max
	for _, v := range c.Values {
		if v != nil && *v > max {
			max = *v
		}
	}
	const width = 40
	rows := make([][]string, len(c.Labels))
	for i, l := range c.Labels {
		bar, val := "", "—"
		if i < len(c.Values) && c.Values[i] != nil {
			v := *c.Values[i]
			n := 0
			if max > 0 {
				n = (v*width + max/2) / max
			}
			for k := 0; k < n; k++ {
				bar += "█"
			}
			val = itoa(v) + c.Unit
		}
		rows[i] = []string{l, bar, val}
	}
	return Table{Header: []string{c.Title, "", ""}, Rows: rows, Widths: []float64{3, 8, 1.2}}
}

func itoa(v int) string {
	neg := v < 0
	if neg {
		v = -v
	}
	b := []byte{}
	for {
		b = append([]byte{byte('0' + v%10)}, b...)
		v /= 10
		if v == 0 {
			break
		}
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}
