package audit

import (
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/pdf"
)

// checkPDFOut refuses a missing --out, one that does not end in .pdf, and
// one that names the database, before anything is read.
func checkPDFOut(f *cmdutil.Factory, command, out string) error {
	switch {
	case out == "":
		return cmdutil.FlagErrorf("%s needs --out FILE.pdf", command)
	case !strings.EqualFold(filepath.Ext(out), ".pdf"):
		return cmdutil.FlagValue("out", domain.Invalid("OUT_EXTENSION", "%q must end in .pdf", out))
	}
	return f.CheckOut(out)
}

// pdfRenderer dates the PDF with --at when it is given (same data, same
// --at: the same bytes), else now.
func pdfRenderer(f *cmdutil.Factory, at *cmdutil.DateFlag) pdf.Renderer {
	stamp := f.Now()
	if at.IsSet() {
		stamp = f.At(at).Time()
	}
	return pdf.Renderer{Options: pdf.Options{Time: stamp}}
}
