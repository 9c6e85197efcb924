package check

import "github.com/habil-app/habil/internal/domain"

// successorsOf lists the fiches that replace c (the export's
// NOUVELLES_CERTIFICATIONS). The certification import does not keep them yet
// on this branch: the branch that records them (h-cert) makes this return
// them, and CERTIFICATION_INACTIVE names them.
func successorsOf(c *domain.Certification) []string { return nil }
