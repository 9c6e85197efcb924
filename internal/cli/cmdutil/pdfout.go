package cmdutil

import (
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/domain"
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
