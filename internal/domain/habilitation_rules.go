package domain

import (
	"sort"
	"strings"
)

// NormaliseHabilitation completes short bloc codes (BC01 → RNCP…BC01),
// removes duplicates and orders blocs as the certification lists them and
// routes in official order.
func NormaliseHabilitation(h *Habilitation, c *Certification) error {
	seen := map[string]bool{}
	var blocs []string
	for _, b := range h.Blocs {
		code, err := ParseBlocCode(c.Code, b)
		if err != nil {
			return err
		}
		if !seen[code] {
			seen[code] = true
			blocs = append(blocs, code)
		}
	}
	pos := map[string]int{}
	for i, b := range c.Blocs {
		pos[b.Code] = i
	}
	sort.SliceStable(blocs, func(i, j int) bool {
		pi, oki := pos[blocs[i]]
		pj, okj := pos[blocs[j]]
		if oki != okj {
			return oki
		}
		if pi != pj {
			return pi < pj
		}
		return blocs[i] < blocs[j]
	})
	if blocs == nil {
		blocs = []string{}
	}
	h.Blocs = blocs
	set := map[Access]bool{}
	for _, a := range h.Access {
		set[a] = true
	}
	h.Access = SortAccess(set)
	if h.Access == nil {
		h.Access = []Access{}
	}
	return nil
}

// SameTerms reports whether h and o grant the same thing: scope, blocs,
// routes, period and end reason (a write of o over h would change nothing).
func (h *Habilitation) SameTerms(o *Habilitation) bool {
	return h.Scope == o.Scope && strings.Join(h.Blocs, ",") == strings.Join(o.Blocs, ",") &&
		AccessCodes(h.Access) == AccessCodes(o.Access) && h.From == o.From && h.To == o.To && h.EndReason == o.EndReason
}
