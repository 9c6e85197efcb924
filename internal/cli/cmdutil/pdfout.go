package cmdutil

import (
	"path/filepath"
	"strings"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/pdf"
)

// CheckPDFOut refuses a missing --flag, one that does not end in .pdf, and
// one that names the database, before anything is read.
func CheckPDFOut(f *Factory, command, flag, out string) error {
	switch {
	case out == "":
		return FlagErrorf("%s needs --%s FILE.pdf", command, flag)
	case !strings.EqualFold(filepath.Ext(out), ".pdf"):
		return FlagValue(flag, domain.Invalid("OUT_EXTENSION", "%q must end in .pdf", out))
	}
	return f.CheckOut(out)
}

// Stamp is the date a written file carries: --at when it is given (same
// data, same --at: the same bytes), else now.
func (f *Factory) Stamp(at *DateFlag) time.Time {
	if at.IsSet() {
		return at.Date.Time()
	}
	return f.Now()
}

// PDFRenderer is the PDF renderer dated f.Stamp(at).
func (f *Factory) PDFRenderer(at *DateFlag) pdf.Renderer {
	return pdf.Renderer{Options: pdf.Options{Time: f.Stamp(at)}}
}

// DatedPDF is the PDF renderer that can be dated (app.DatedRenderer): the
// use cases date a document themselves (a signature, a jury, a delivery),
// so that it reprints identically whatever the printing day.
type DatedPDF struct{ pdf.Renderer }

// NewDatedPDF is the dated renderer writing t as the PDF's dates until a
// use case dates it otherwise.
func NewDatedPDF(t time.Time) DatedPDF {
	return DatedPDF{pdf.Renderer{Options: pdf.Options{Time: t}}}
}

// Dated returns the renderer writing t as the PDF's dates.
func (r DatedPDF) Dated(t time.Time) app.Renderer {
	return NewDatedPDF(t)
}
