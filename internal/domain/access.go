package domain

import (
	"sort"
	"strings"
)

// Access is one of the six access routes ("voies d'accès") of France Compétences.
type Access string

const (
	AccessFI  Access = "FI"
	AccessCA  Access = "CA"
	AccessFC  Access = "FC"
	AccessCQ  Access = "CQ"
	AccessCL  Access = "CL"
	AccessVAE Access = "VAE"
)

// AllAccess lists the routes in their official order.
var AllAccess = []Access{AccessFI, AccessCA, AccessFC, AccessCQ, AccessCL, AccessVAE}

type accessInfo struct {
	fcLabel string // label of the France Compétences CSV export ("Si_Jury")
	short   string // French label used in documents
	cdc     string // CDC modaliteAcces value
	xmlTag  string // SI_JURY_* element of the XML export
}

var accessTable = map[Access]accessInfo{
	AccessFI:  {"Après un parcours de formation sous statut d'élève ou d'étudiant", "formation initiale (élève ou étudiant)", "FORMATION_INITIALE_HORS_APPRENTISSAGE", "SI_JURY_FI"},
	AccessCA:  {"En contrat d'apprentissage", "contrat d'apprentissage", "FORMATION_INITIALE_APPRENTISSAGE", "SI_JURY_CA"},
	AccessFC:  {"Après un parcours de formation continue", "formation continue", "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION", "SI_JURY_FC"},
	AccessCQ:  {"En contrat de professionnalisation", "contrat de professionnalisation", "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION", "SI_JURY_CQ"},
	AccessCL:  {"Par candidature individuelle", "candidature individuelle (candidat libre)", "CANDIDAT_LIBRE", "SI_JURY_CL"},
	AccessVAE: {"Par expérience", "validation des acquis de l'expérience (VAE)", "VAE", "SI_JURY_VAE"},
}

// FCLabel is the France Compétences label of the route.
func (a Access) FCLabel() string { return accessTable[a].fcLabel }

// Label is the French wording used in generated documents.
func (a Access) Label() string { return accessTable[a].short }

// CDCModalite is the CDC accrochage "modaliteAcces" value.
func (a Access) CDCModalite() string { return accessTable[a].cdc }

// XMLTag is the SI_JURY_* element of the France Compétences XML export.
func (a Access) XMLTag() string { return accessTable[a].xmlTag }

// AccessFromXMLTag maps SI_JURY_FI … SI_JURY_VAE to the route.
func AccessFromXMLTag(tag string) (Access, bool) {
	for a, i := range accessTable {
		if i.xmlTag == tag {
			return a, true
		}
	}
	return "", false
}

// ParseAccess reads one route given as a code (FI, VAE…) or a French label
// (official France Compétences label or a common wording), ignoring case and accents.
func ParseAccess(s string) (Access, error) {
	k := Fold(s)
	if k == "" {
		return "", Invalid("ACCESS_EMPTY", "empty access route")
	}
	for _, a := range AllAccess {
		if k == Fold(string(a)) || k == Fold(a.FCLabel()) || k == Fold(a.Label()) || k == Fold(a.CDCModalite()) {
			return a, nil
		}
	}
	aliases := map[string]Access{
		"formation initiale": AccessFI, "apprentissage": AccessCA, "contrat d apprentissage": AccessCA,
		"formation continue": AccessFC, "professionnalisation": AccessCQ, "contrat de professionnalisation": AccessCQ,
		"candidat libre": AccessCL, "candidature individuelle": AccessCL, "experience": AccessVAE,
		"validation des acquis de l experience": AccessVAE,
	}
	if a, ok := aliases[k]; ok {
		return a, nil
	}
	return "", Invalid("ACCESS_UNKNOWN", "%q is not an access route: use FI, CA, FC, CQ, CL or VAE", strings.TrimSpace(s))
}

// ParseAccessList reads routes separated by commas, semicolons or spaces
// (codes) or by commas/semicolons (labels). The result is deduplicated and in
// official order.
func ParseAccessList(s string) ([]Access, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' || r == '/' })
	// "FI CA FC" written with spaces only: split further when each word is a code.
	if len(parts) == 1 {
		words := strings.Fields(parts[0])
		allCodes := len(words) > 1
		for _, w := range words {
			if _, ok := accessTable[Access(strings.ToUpper(w))]; !ok {
				allCodes = false
			}
		}
		if allCodes {
			parts = words
		}
	}
	seen := map[Access]bool{}
	for _, p := range parts {
		if strings.TrimSpace(p) == "" {
			continue
		}
		a, err := ParseAccess(p)
		if err != nil {
			return nil, err
		}
		seen[a] = true
	}
	return SortAccess(seen), nil
}

// SortAccess returns the set's routes in official order.
func SortAccess(set map[Access]bool) []Access {
	var out []Access
	for _, a := range AllAccess {
		if set[a] {
			out = append(out, a)
		}
	}
	return out
}

// AccessCodes joins routes as "FI,CA".
func AccessCodes(list []Access) string {
	s := make([]string, len(list))
	for i, a := range list {
		s[i] = string(a)
	}
	return strings.Join(s, ",")
}

// SortStrings sorts a copy.
func SortStrings(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
}
