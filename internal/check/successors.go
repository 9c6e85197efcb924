package check

import "github.com/habil-app/habil/internal/domain"

// successorsOf lists the fiches that replace c (the export's
// NOUVELLES_CERTIFICATIONS, kept by the certification import).
func successorsOf(c *domain.Certification) []string {
	var out []string
	for _, s := range c.Successors {
		out = append(out, string(s))
	}
	return out
}
