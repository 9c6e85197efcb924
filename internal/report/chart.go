package report

// BarChart is a grouped bar chart of percentages (0 to 100): one group of
// bars per label, one bar per series (a missing value draws no bar and is
// marked "n.d."), with a legend. Drawn with the PDF's own lines and
// rectangles.
type BarChart struct {
	Title  string
	Labels []string    // one per group (e.g. the years)
	Series []BarSeries // one bar per series in each group
	Height float64     // plot height in mm (0: 45)
}

// BarSeries is one series of a bar chart.
type BarSeries struct {
	Name   string
	Values []*int // one per label; nil: not defined
}

func (BarChart) isBlock() {}
