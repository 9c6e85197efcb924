package domain

// LastWebChecks returns, for each partner and address, the last website
// check made on or before at (checks are given oldest first, as
// Reader.WebChecks lists them; the same day, the later one wins), in the
// order each page was first checked. 'check' (WEBSITE_FINDING) and the
// audit plan judge a partner's site by these.
func LastWebChecks(checks []WebCheck, at Date) []WebCheck {
	type key struct {
		siret SIRET
		url   string
	}
	last := map[key]int{}
	var order []key
	for i, w := range checks {
		if !at.IsZero() && w.CheckedOn.After(at) {
			continue
		}
		k := key{w.PartnerSIRET, w.URL}
		j, seen := last[k]
		if !seen {
			order = append(order, k)
		}
		if !seen || !checks[j].CheckedOn.After(w.CheckedOn) {
			last[k] = i
		}
	}
	out := make([]WebCheck, 0, len(order))
	for _, k := range order {
		out = append(out, checks[last[k]])
	}
	return out
}
