package fcexport

import (
	"sort"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

const (
	maxExamples    = 3  // malformed fiches of others shown in the warning
	maxSuggestions = 20 // codes suggested when nothing matches
)

// scanner applies a Selection to the fiches as they stream by. Its memory
// is bounded by the selected fiches and the number of distinct certifier
// names, never by the size of the file.
type scanner struct {
	sel      Selection
	res      Result
	codes    map[domain.CertCode]bool // requested codes
	found    map[domain.CertCode]bool
	index    map[string]int // selected code → position in res.Fiches
	names    map[string]*CertifierCount
	siren    string
	foldName string
	dup      map[string]bool
}

func newScanner(sel Selection) *scanner {
	s := &scanner{sel: sel, found: map[domain.CertCode]bool{}, index: map[string]int{},
		names: map[string]*CertifierCount{}, dup: map[string]bool{}}
	if len(sel.Codes) > 0 {
		s.codes = map[domain.CertCode]bool{}
		for _, c := range sel.Codes {
			s.codes[c] = true
		}
	}
	if len(sel.SIRET) == 14 {
		s.siren = string(sel.SIRET)[:9]
	}
	s.foldName = domain.Fold(sel.Name)
	return s
}

// normCode returns the canonical code, or the trimmed raw text when it is
// not a valid code.
func normCode(raw string) (string, bool) {
	c, err := domain.ParseCertCode(raw)
	if err != nil {
		return strings.TrimSpace(raw), false
	}
	return string(c), true
}

// wanted decides on the code and certifiers whether a fiche is selected.
func (s *scanner) wanted(code string, certifiers []Certifier) bool {
	switch {
	case s.sel.All:
		return true
	case s.codes != nil:
		return s.codes[domain.CertCode(code)]
	}
	for _, c := range certifiers {
		if c.SIRET != "" && c.SIRET == string(s.sel.SIRET) {
			return true
		}
	}
	return false
}

// count records a scanned fiche and its register, and reports progress.
func (s *scanner) count(code string) {
	s.res.Scanned++
	switch {
	case strings.HasPrefix(code, "RNCP"):
		s.res.RNCP++
	case strings.HasPrefix(code, "RS"):
		s.res.RS++
	}
	if s.sel.Progress != nil && s.res.Scanned%1000 == 0 {
		s.sel.Progress(s.res.Scanned)
	}
}

// countCertifier records one certifier of a fiche (for the no-match hint)
// and notes fiches of the same company or name.
func (s *scanner) countCertifier(code string, c Certifier, selected bool) {
	if c.Name != "" {
		k := strings.ToUpper(c.Name)
		cc := s.names[k]
		if cc == nil {
			cc = &CertifierCount{Name: c.Name}
			s.names[k] = cc
		}
		cc.Fiches++
		if c.SIRET != "" {
			cc.SIRET = c.SIRET
		}
	}
	if selected || s.codes != nil || s.sel.All {
		return
	}
	if s.siren != "" && len(c.SIRET) == 14 && c.SIRET[:9] == s.siren && len(s.res.SameSIREN) < maxSuggestions {
		s.res.SameSIREN = append(s.res.SameSIREN, code+" (SIRET "+domain.FormatSIRET(c.SIRET)+")")
	} else if s.foldName != "" && domain.Fold(c.Name) == s.foldName && len(s.res.SameName) < maxSuggestions {
		s.res.SameName = append(s.res.SameName, code)
	}
}

// keep adds a selected fiche (a later duplicate replaces the earlier one).
func (s *scanner) keep(code string, f *Fiche) {
	s.found[domain.CertCode(code)] = true
	if i, ok := s.index[code]; ok {
		if !s.dup[code] {
			s.dup[code] = true
			s.res.Duplicates = append(s.res.Duplicates, code)
		}
		s.res.Fiches[i] = f
		return
	}
	s.index[code] = len(s.res.Fiches)
	s.res.Fiches = append(s.res.Fiches, f)
}

// skip records a malformed fiche that was not selected.
func (s *scanner) skip(problems []Problem) {
	if len(problems) == 0 {
		return
	}
	s.res.Skipped++
	if len(s.res.SkippedExamples) < maxExamples {
		s.res.SkippedExamples = append(s.res.SkippedExamples, problems[0])
	}
}

func (s *scanner) finish() *Result {
	for _, c := range s.sel.Codes {
		if !s.found[c] {
			s.res.Missing = append(s.res.Missing, c)
		}
	}
	for _, cc := range s.names {
		s.res.Certifiers = append(s.res.Certifiers, *cc)
	}
	sort.Slice(s.res.Certifiers, func(i, j int) bool {
		a, b := s.res.Certifiers[i], s.res.Certifiers[j]
		if a.Fiches != b.Fiches {
			return a.Fiches > b.Fiches
		}
		return a.Name < b.Name
	})
	return &s.res
}
