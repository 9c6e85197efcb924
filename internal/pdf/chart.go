package pdf

import (
	"strconv"

	"github.com/habil-app/habil/internal/report"
)

// seriesColours are the bar fills, one per series (cycled).
var seriesColours = [][3]int{{46, 84, 150}, {222, 125, 44}, {90, 160, 90}, {160, 70, 130}, {120, 120, 120}, {200, 170, 40}}

// chartHeight is the height a bar chart takes: title, plot, labels, legend.
func chartHeight(c report.BarChart) float64 {
	h := c.Height
	if h == 0 {
		h = 45
	}
	return 10 + h + 10 + 6*float64((len(c.Series)+2)/3) + paraGap
}

// barChart draws a grouped bar chart of percentages on one page.
func (r *renderer) barChart(c report.BarChart) {
	if len(c.Labels) == 0 || len(c.Series) == 0 {
		return
	}
	plotH := c.Height
	if plotH == 0 {
		plotH = 45
	}
	r.ensure(chartHeight(c))
	y := r.y
	r.setColor(colText)
	r.w.setFill(colText)
	r.w.text(r.left, y+4, c.Title, true, 9.5)
	y += 10
	axisX := r.left + 10
	plotW := r.width - 12
	base := y + plotH
	// Grid: 0, 25, 50, 75, 100 %.
	r.w.setLineWidth(0.15)
	for p := 0; p <= 100; p += 25 {
		gy := base - plotH*float64(p)/100
		r.w.setStroke(colRule)
		r.w.line(axisX, gy, axisX+plotW, gy)
		r.w.setFill(colMuted)
		lbl := strconv.Itoa(p) + " %"
		r.w.text(axisX-1.5-r.measure(lbl, false, 7), gy+1, lbl, false, 7)
	}
	groupW := plotW / float64(len(c.Labels))
	barW := groupW * 0.7 / float64(len(c.Series))
	if barW > 14 {
		barW = 14
	}
	for i, label := range c.Labels {
		gx := axisX + groupW*float64(i) + (groupW-barW*float64(len(c.Series)))/2
		for s, ser := range c.Series {
			bx := gx + barW*float64(s)
			var v *int
			if i < len(ser.Values) {
				v = ser.Values[i]
			}
			r.w.setFill(colMuted)
			if v == nil {
				r.w.text(bx+barW/2-r.measure("n.d.", false, 6)/2, base-1.5, "n.d.", false, 6)
				continue
			}
			val := *v
			if val < 0 {
				val = 0
			}
			if val > 100 {
				val = 100
			}
			h := plotH * float64(val) / 100
			col := seriesColours[s%len(seriesColours)]
			r.w.setFill(col)
			r.w.setStroke(col)
			if h > 0 {
				r.w.rect(bx, base-h, barW*0.92, h, true)
			}
			r.w.setFill(colText)
			txt := strconv.Itoa(*v)
			r.w.text(bx+barW*0.46-r.measure(txt, false, 6.5)/2, base-h-1, txt, false, 6.5)
		}
		r.w.setFill(colText)
		r.w.text(axisX+groupW*float64(i)+groupW/2-r.measure(label, false, 8)/2, base+4.5, label, false, 8)
	}
	r.w.setStroke(colText)
	r.w.setLineWidth(0.3)
	r.w.line(axisX, base, axisX+plotW, base)
	// Legend, three series a line.
	ly := base + 10
	for s, ser := range c.Series {
		lx := r.left + float64(s%3)*(r.width/3)
		if s > 0 && s%3 == 0 {
			ly += 6
		}
		col := seriesColours[s%len(seriesColours)]
		r.w.setFill(col)
		r.w.setStroke(col)
		r.w.rect(lx, ly-3, 4, 3, true)
		r.w.setFill(colText)
		r.w.text(lx+6, ly, ser.Name, false, 8)
	}
	r.y = ly + 6
	r.freshPage = false
	r.gap(paraGap)
}
