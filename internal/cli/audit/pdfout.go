package audit

import (
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/pdf"
)

// pdfRenderer dates the PDF with --at when it is given (same data, same
// --at: the same bytes), else now.
func pdfRenderer(f *cmdutil.Factory, at *cmdutil.DateFlag) pdf.Renderer {
	stamp := f.Now()
	if at.IsSet() {
		stamp = f.At(at).Time()
	}
	return pdf.Renderer{Options: pdf.Options{Time: stamp}}
}
