package domain

import (
	"sort"
)

// This file computes the France Compétences insertion indicators of a
// certification's promotions (see the contract's Indicators section): the
// promotion is the calendar year of the jury decision that admitted the
// holder; neutralised respondents (further studies, work-study contracts,
// inability to work, work outside the French labour market) are excluded
// from the denominators; rates are integer percentages rounded half up,
// computed in integers.

// RatePercent is 100·num/den rounded half up to an integer, computed in
// integers (RoundDiv); nil when den is 0.
func RatePercent(num, den int) *int {
	if den <= 0 {
		return nil
	}
	r := int(RoundDiv(100*int64(num), int64(den)))
	return &r
}

// IndicatorRules are the neutralisation switches (config keys
// indicators.neutralise_alternance and indicators.neutralise_abroad).
// Further studies and inability to work are always neutralised.
type IndicatorRules struct {
	NeutraliseAlternance bool
	NeutraliseAbroad     bool
}

// DefaultIndicatorRules are the contract's defaults: both switched on.
var DefaultIndicatorRules = IndicatorRules{NeutraliseAlternance: true, NeutraliseAbroad: true}

// Neutralised reports whether an answer is excluded from the denominators.
func (r IndicatorRules) Neutralised(a *SurveyAnswer) bool {
	switch a.Situation {
	case SituationStudies, SituationUnable:
		return true
	case SituationAbroad:
		return r.NeutraliseAbroad
	case SituationEmployed:
		return r.NeutraliseAlternance && a.Contract == ContractAlternance
	}
	return false
}

// Employed reports whether an answer counts as employed: in employment and
// not neutralised (work abroad counts as employment when not neutralised).
func (r IndicatorRules) Employed(a *SurveyAnswer) bool {
	if r.Neutralised(a) {
		return false
	}
	return a.Situation == SituationEmployed || a.Situation == SituationAbroad
}

// Descriptions lists, in French, the neutralisation rules applied (every
// report states them).
func (r IndicatorRules) Descriptions() []string {
	d := []string{
		"poursuite d'études : neutralisée",
		"incapacité temporaire ou définitive de travailler : neutralisée",
	}
	if r.NeutraliseAlternance {
		d = append(d, "emploi en alternance (contrat d'apprentissage ou de professionnalisation) : compté comme études, neutralisé")
	} else {
		d = append(d, "emploi en alternance : compté comme emploi (neutralisation désactivée)")
	}
	if r.NeutraliseAbroad {
		d = append(d, "emploi hors du marché du travail français : neutralisé")
	} else {
		d = append(d, "emploi hors du marché du travail français : compté comme emploi (neutralisation désactivée)")
	}
	return d
}

// IndicatorHolder is one certificate holder as the indicators see them.
type IndicatorHolder struct {
	Fiche             CertCode // the fiche the holder obtained (a predecessor counts with its successor)
	Year              int      // promotion: the year of the jury decision
	Access            Access
	Partner           SIRET // the partner that trained them, else the session's organiser
	CertificateNumber string
	Name              string
	Answers           map[SurveyWave]*SurveyAnswer
}

// SalaryStats are the quartiles of gross annual pay (cents), shown only
// with at least MinSalaryAnswers answers.
type SalaryStats struct {
	N              int
	Q1, Median, Q3 *int64 // nil when N < MinSalaryAnswers
}

// MinSalaryAnswers is the number of answers below which pay is hidden.
const MinSalaryAnswers = 5

// WaveIndicators are the figures of one wave for one group of holders.
type WaveIndicators struct {
	Respondents, Neutralised, Employed, TargetJob int
	InsertionRate, TargetJobRate, ResponseRate    *int
	// Contracts counts the employed answers (alternance included) by contract type.
	Contracts map[ContractType]int
	Salary    SalaryStats // of the employed (not neutralised) with a salary
	// Cadres among the employed who answered the cadre question.
	Cadres, CadreAnswers int
	CadreRate            *int
	// Value in use (RS): used at work yes/no, recognised by the employer, frequency.
	Used, NotUsed, Recognised int
	UsedRate                  *int // Used ÷ (Used+NotUsed)
	Frequencies               map[UsageFrequency]int
}

// Indicators are the figures of one promotion year (and one route or
// partner with a breakdown).
type Indicators struct {
	Year                    int
	Route                   Access // with a breakdown by route
	Partner                 SIRET  // with a breakdown by partner
	Certified, CertifiedVAE int
	W6m, W24m               WaveIndicators
	Fiches                  []CertCode // the fiches its holders obtained
}

// Wave returns the figures of a wave.
func (in *Indicators) Wave(w SurveyWave) *WaveIndicators {
	if w == Wave24m {
		return &in.W24m
	}
	return &in.W6m
}

// Breakdown is how indicators are split beyond the year.
type Breakdown string

const (
	ByYear    Breakdown = ""
	ByRoute   Breakdown = "route"
	ByPartner Breakdown = "partner"
)

// ParseBreakdown reads --by.
func ParseBreakdown(s string) (Breakdown, error) {
	switch Fold(s) {
	case "", "year":
		return ByYear, nil
	case "route", "access", "voie":
		return ByRoute, nil
	case "partner", "partenaire":
		return ByPartner, nil
	}
	return "", Invalid("BREAKDOWN", "%q is not a breakdown: use route or partner", s)
}

// ComputeIndicators computes the indicators of holders, one entry per
// promotion year (ascending), split by route (official order) or partner
// (SIRET order) when asked.
func ComputeIndicators(holders []IndicatorHolder, rules IndicatorRules, by Breakdown) []Indicators {
	type key struct {
		year    int
		route   Access
		partner SIRET
	}
	groups := map[key][]IndicatorHolder{}
	for _, h := range holders {
		k := key{year: h.Year}
		switch by {
		case ByRoute:
			k.route = h.Access
		case ByPartner:
			k.partner = h.Partner
		}
		groups[k] = append(groups[k], h)
	}
	keys := make([]key, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	routeRank := func(a Access) int {
		for i, r := range AllAccess {
			if r == a {
				return i
			}
		}
		return len(AllAccess)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.year != b.year {
			return a.year < b.year
		}
		if a.route != b.route {
			return routeRank(a.route) < routeRank(b.route)
		}
		return a.partner < b.partner
	})
	out := make([]Indicators, 0, len(keys))
	for _, k := range keys {
		in := computeGroup(groups[k], rules)
		in.Year, in.Route, in.Partner = k.year, k.route, k.partner
		out = append(out, in)
	}
	return out
}

func computeGroup(hs []IndicatorHolder, rules IndicatorRules) Indicators {
	var in Indicators
	fiches := map[CertCode]bool{}
	salaries := map[SurveyWave][]int64{}
	for _, h := range hs {
		in.Certified++
		if h.Access == AccessVAE {
			in.CertifiedVAE++
		}
		if h.Fiche != "" && !fiches[h.Fiche] {
			fiches[h.Fiche] = true
			in.Fiches = append(in.Fiches, h.Fiche)
		}
		for _, w := range SurveyWaves {
			a := h.Answers[w]
			if a == nil {
				continue
			}
			wi := in.Wave(w)
			wi.Respondents++
			if a.Situation == SituationEmployed {
				if wi.Contracts == nil {
					wi.Contracts = map[ContractType]int{}
				}
				wi.Contracts[a.Contract]++
			}
			if a.Used != nil {
				if *a.Used {
					wi.Used++
				} else {
					wi.NotUsed++
				}
			}
			if a.Recognised != nil && *a.Recognised {
				wi.Recognised++
			}
			if a.Frequency != FrequencyNone {
				if wi.Frequencies == nil {
					wi.Frequencies = map[UsageFrequency]int{}
				}
				wi.Frequencies[a.Frequency]++
			}
			if rules.Neutralised(a) {
				wi.Neutralised++
				continue
			}
			if !rules.Employed(a) {
				continue
			}
			wi.Employed++
			if a.TargetJob != nil && *a.TargetJob {
				wi.TargetJob++
			}
			if a.SalaryCents != nil {
				salaries[w] = append(salaries[w], *a.SalaryCents)
			}
			if a.Cadre != nil {
				wi.CadreAnswers++
				if *a.Cadre {
					wi.Cadres++
				}
			}
		}
	}
	sort.Slice(in.Fiches, func(i, j int) bool { return in.Fiches[i] < in.Fiches[j] })
	for _, w := range SurveyWaves {
		wi := in.Wave(w)
		den := wi.Respondents - wi.Neutralised
		wi.InsertionRate = RatePercent(wi.Employed, den)
		wi.TargetJobRate = RatePercent(wi.TargetJob, den)
		wi.ResponseRate = RatePercent(wi.Respondents, in.Certified)
		wi.CadreRate = RatePercent(wi.Cadres, wi.CadreAnswers)
		wi.UsedRate = RatePercent(wi.Used, wi.Used+wi.NotUsed)
		wi.Salary = salaryStats(salaries[w])
	}
	return in
}

// salaryStats computes the quartiles (inclusive method, as a spreadsheet's
// QUARTILE.INC: linear interpolation between ranks), in integer cents
// rounded half up.
func salaryStats(v []int64) SalaryStats {
	s := SalaryStats{N: len(v)}
	if len(v) < MinSalaryAnswers {
		return s
	}
	x := append([]int64(nil), v...)
	sort.Slice(x, func(i, j int) bool { return x[i] < x[j] })
	q := func(k int64) *int64 { // quartile k/4
		n := int64(len(x) - 1)
		pos := k * n // position ×4
		i := pos / 4
		frac := pos % 4
		r := x[i]
		if frac > 0 {
			r = x[i] + ((x[i+1]-x[i])*frac*2+4)/8
		}
		return &r
	}
	s.Q1, s.Median, s.Q3 = q(1), q(2), q(3)
	return s
}

// PromotionYear is the promotion of a holder: the year of the jury
// decision (the certificate's jury date, else the session's).
func PromotionYear(jury Date) int { return jury.Year() }

// CountingFiche returns the fiche a holder of code counts with among the
// certifications: the last successor (following Successors) that the
// certifier holds, else code itself.
func CountingFiche(code CertCode, certs map[CertCode]*Certification) CertCode {
	seen := map[CertCode]bool{code: true}
	cur := code
	for {
		c := certs[cur]
		if c == nil {
			return cur
		}
		next := CertCode("")
		for _, s := range c.Successors {
			if certs[s] != nil && !seen[s] {
				next = s
				break
			}
		}
		if next == "" {
			return cur
		}
		seen[next] = true
		cur = next
	}
}

// Predecessors lists the certifications held whose holders count with code
// (code excluded), sorted.
func Predecessors(code CertCode, certs map[CertCode]*Certification) []CertCode {
	var out []CertCode
	for c := range certs {
		if c != code && CountingFiche(c, certs) == code {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
