package cmdutil

import (
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// ParseSIRETArg validates a SIRET given as argument or flag (exit 2 when
// malformed): name is the flag without its dashes ("partner"), or the
// argument in capitals ("SIRET").
func ParseSIRETArg(name, s string) (domain.SIRET, error) {
	siret, err := domain.ParseSIRET(s)
	if err != nil {
		return "", FlagValue(name, err)
	}
	return siret, nil
}

// ParseID reads a positive numeric id given as argument (spaces around it
// allowed); anything else is a usage error (exit 2) with the message format,
// whose one verb (%q) receives s.
func ParseID(s, format string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0, FlagErrorf(format, s)
	}
	return id, nil
}
