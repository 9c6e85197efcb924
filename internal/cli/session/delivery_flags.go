package session

import (
	"time"

	"github.com/habil-app/habil/internal/app"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/pdf"
)

// deliveryPDFOut refuses a missing --out, one not ending in .pdf, and one
// naming the database, before anything is read.
func deliveryPDFOut(f *cmdutil.Factory, command, out string) error {
	switch {
	case out == "":
		return cmdutil.FlagErrorf("%s needs --out FILE.pdf", command)
	case !strings.EqualFold(filepath.Ext(out), ".pdf"):
		return cmdutil.FlagValue("out", domain.Invalid("OUT_EXTENSION", "%q must end in .pdf", out))
	}
	return f.CheckOut(out)
}

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
