package pdf_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/pdf"
	"github.com/habil-app/habil/internal/report"
)

// A heading of any level never ends a page: it stays with the start of
// what follows, be it a paragraph, a list, a table whose header wraps and
// whose first row is tall, or a fiche kept whole (checked at every height
// on the page, through pdftotext).
func TestHeadingNeverAlone(t *testing.T) {
	filler := strings.Repeat("Le partenaire respecte le référentiel de la certification. ", 40)
	words := strings.Fields(filler)
	follow := map[string]func(k int) report.Block{
		"paragraph": func(k int) report.Block {
			return report.Paragraph{Runs: []report.Run{{Text: fmt.Sprintf("SUITE%d ", k) + filler[:400]}}}
		},
		"list": func(k int) report.Block {
			return report.List{Items: [][]report.Run{{{Text: fmt.Sprintf("SUITE%d premier point", k)}}, {{Text: "second point"}}}}
		},
		"table": func(k int) report.Block {
			return report.Table{Widths: []float64{15, 70, 15}, Header: []string{"Code du bloc de compétences", "Intitulé", "Couvert par la convention"},
				Rows: [][]string{{fmt.Sprintf("SUITE%d", k), filler[:300], "oui"}, {"B", "x", "non"}}}
		},
		"fiche": func(k int) report.Block {
			kv := report.KeyValues{Title: fmt.Sprintf("SUITE%d", k)}
			for i := 0; i < 7; i++ {
				kv.Pairs = append(kv.Pairs, report.KeyValue{Key: "Raison sociale", Value: filler[:90]})
			}
			return kv
		},
	}
	for kind, next := range follow {
		for level := 1; level <= 3; level++ {
			doc := &report.Document{Title: "Essai"}
			const n = 45
			for k := 0; k < n; k++ {
				doc.Blocks = append(doc.Blocks,
					report.Paragraph{Runs: []report.Run{{Text: strings.Join(words[:3+k*4%90], " ")}}},
					report.Heading{Level: level, Text: fmt.Sprintf("TITRE%d", k)},
					next(k))
			}
			text := pdftotext(t, render(t, doc, pdf.Options{Time: testTime}))
			pages := strings.Split(text, "\f")
			for k := 0; k < n; k++ {
				h, s := fmt.Sprintf("TITRE%d\n", k), fmt.Sprintf("SUITE%d ", k)
				hp, sp := -1, -1
				for i, p := range pages {
					p = strings.ReplaceAll(p, "\n", " ") + " "
					if strings.Contains(strings.ReplaceAll(pages[i], " ", "\n")+"\n", h) && hp < 0 {
						hp = i
					}
					if strings.Contains(p, s) && sp < 0 {
						sp = i
					}
				}
				if hp < 0 || sp < 0 {
					t.Fatalf("%s, level %d: heading %d on page %d, what follows on page %d", kind, level, k, hp+1, sp+1)
				}
				if hp != sp {
					t.Errorf("%s after a level-%d heading: heading %d on page %d, what follows on page %d", kind, level, k, hp+1, sp+1)
				}
			}
		}
	}
}
