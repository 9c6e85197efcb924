package cmdutil

import (
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
