package domain

import "sort"

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
