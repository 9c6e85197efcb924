package session

import (
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/pdf"
)

// deliveryRenderer is the PDF renderer; the use cases date each document
// themselves (jury date, delivery date), so that a document reprints
// identically.
func deliveryRenderer(f *cmdutil.Factory) deliveryPDF {
	return deliveryPDF{pdf.Renderer{Options: pdf.Options{Time: f.Now()}}}
}

// deliveryPDF is the PDF renderer that can be dated (app.DatedRenderer).
type deliveryPDF struct{ pdf.Renderer }

// Dated returns the renderer writing t as the PDF's dates.
func (r deliveryPDF) Dated(t time.Time) app.Renderer {
	return deliveryPDF{pdf.Renderer{Options: pdf.Options{Time: t}}}
}
