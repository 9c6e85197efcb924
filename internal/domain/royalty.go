package domain

import (
	"fmt"
	"sort"
)

// Royalty sources: what a line of a statement counts.
const (
	RoyaltyPerCandidate = "per-candidate" // candidates presented
	RoyaltyPerExam      = "per-exam"      // sessions organised
	RoyaltyFlat         = "flat"          // flat yearly fee, prorated
)

// RoyaltySourceFrench is a source as printed on the statement.
func RoyaltySourceFrench(s string) string {
	switch s {
	case RoyaltyPerCandidate:
		return "Redevance par candidat présenté"
	case RoyaltyPerExam:
		return "Frais par session d'examen organisée"
	case RoyaltyFlat:
		return "Forfait annuel (prorata temporis)"
	}
	return s
}

// RoyaltyLine is one line of a royalty statement: one source under one
// unit amount of one convention. For the flat fee, Quantity is the number
// of days in force and Divisor the days of the year (365 or 366); for the
// others Divisor is 1.
type RoyaltyLine struct {
	SIRET         SIRET
	PartnerName   string
	Convention    string // its number
	Certification CertCode
	Source        string // RoyaltyPerCandidate, RoyaltyPerExam, RoyaltyFlat
	From, To      Date   // the days the line covers (flat fee), or the sessions' first and last dates
	Quantity      int
	Divisor       int
	Unit          Money
	Total         Money
}

// QuantityText is the quantity as printed ("12", or "181/365" of a year).
func (l RoyaltyLine) QuantityText() string {
	if l.Divisor > 1 {
		return fmt.Sprintf("%d/%d", l.Quantity, l.Divisor)
	}
	return fmt.Sprint(l.Quantity)
}

// RoyaltyStatement is what one partner owes for one calendar year.
type RoyaltyStatement struct {
	SIRET       SIRET
	PartnerName string
	Period      int
	Lines       []RoyaltyLine
	Total       Money
	// Version is the recorded version (0 when not recorded).
	Version    int
	RecordedOn Date
	Paid       Money // payments recorded for the period
}

// RoyaltyPayment is a payment of a partner for a period.
type RoyaltyPayment struct {
	ID     int64
	SIRET  SIRET
	Period int
	Amount Money
	Date   Date
}

// RoundDiv returns n/d rounded half up (n ≥ 0, d > 0).
func RoundDiv(n, d int64) int64 { return (2*n + d) / (2 * d) }

// DaysInYear is 365 or 366.
func DaysInYear(y int) int {
	return NewDate(y, 1, 1).DaysUntil(NewDate(y+1, 1, 1))
}

// termsAt returns the version of c that applies on day d: the last one
// drawn up on or before d (version 1 applies before any avenant).
func termsAt(c *Convention, d Date) ConventionTerms {
	t := c.Versions[0]
	for _, v := range c.Versions[1:] {
		if !v.Date.After(d) {
			t = v
		}
	}
	return t
}

// conventionFor returns the signed convention of partner on cert that
// covers day d, nil when none.
func conventionFor(convs []*Convention, partner SIRET, cert CertCode, d Date) *Convention {
	for _, c := range convs {
		if c.PartnerSIRET != partner || c.Certification != cert || c.SignedOn.IsZero() || len(c.Versions) == 0 {
			continue
		}
		if !d.Before(c.Terms().From) && !d.After(c.EffectiveEnd()) {
			return c
		}
	}
	return nil
}

// ComputeRoyalties computes what each partner owes for year under its
// signed conventions (the contract's Royalties section): the fee per
// candidate × the candidates presented (enrolled and not absent) in the
// sessions held that year up to at — a partner's own sessions, and the
// certifier's sessions for the candidates it trained —, the fee per exam ×
// the sessions it organised, and the flat fee prorated to the days in force
// in the year (both ends included) ÷ 365 or 366; each line rounded half up
// to the cent. A fee changed by an avenant applies from the avenant's date:
// by session date for per-candidate and per-exam fees, the flat fee split
// into one line per version. sessions carry their Enrollments. Partners
// with nothing owed are left out; only is a partner to keep ("" all).
func ComputeRoyalties(year int, at Date, certifier SIRET, convs []*Convention, sessions []*Session, names map[SIRET]string, only SIRET) []*RoyaltyStatement {
	jan1, dec31 := NewDate(year, 1, 1), NewDate(year, 12, 31)
	type key struct {
		conv   string
		source string
		unit   Money
	}
	lines := map[key]*RoyaltyLine{}
	var order []key
	add := func(c *Convention, source string, unit Money, d Date, n int) {
		if unit == 0 || n == 0 {
			return
		}
		k := key{c.Number, source, unit}
		l := lines[k]
		if l == nil {
			l = &RoyaltyLine{SIRET: c.PartnerSIRET, PartnerName: c.PartnerName, Convention: c.Number, Certification: c.Certification,
				Source: source, From: d, To: d, Divisor: 1, Unit: unit}
			lines[k] = l
			order = append(order, k)
		}
		l.Quantity += n
		if d.Before(l.From) {
			l.From = d
		}
		if d.After(l.To) {
			l.To = d
		}
	}
	for _, s := range sessions {
		if s.Date.Before(jan1) || s.Date.After(dec31) || (!at.IsZero() && s.LastDay().After(at)) {
			continue
		}
		if s.Partner != certifier {
			if c := conventionFor(convs, s.Partner, s.Certification, s.Date); c != nil {
				t := termsAt(c, s.Date)
				add(c, RoyaltyPerExam, t.Fees.PerExam, s.Date, 1)
				n := 0
				for _, e := range s.Enrollments {
					if e.Result != ResultAbsent {
						n++
					}
				}
				add(c, RoyaltyPerCandidate, t.Fees.PerCandidate, s.Date, n)
			}
			continue
		}
		// The certifier organised: candidates count for the partner that trained them.
		by := map[SIRET]int{}
		var trainers []SIRET
		for _, e := range s.Enrollments {
			if e.Result == ResultAbsent || e.TrainedBy == "" || e.TrainedBy == certifier {
				continue
			}
			if by[e.TrainedBy] == 0 {
				trainers = append(trainers, e.TrainedBy)
			}
			by[e.TrainedBy]++
		}
		for _, p := range trainers {
			if c := conventionFor(convs, p, s.Certification, s.Date); c != nil {
				add(c, RoyaltyPerCandidate, termsAt(c, s.Date).Fees.PerCandidate, s.Date, by[p])
			}
		}
	}
	// Flat fees, prorated, one line per version in force during the year.
	for _, c := range convs {
		if c.SignedOn.IsZero() || len(c.Versions) == 0 {
			continue
		}
		from, to := c.Terms().From, c.EffectiveEnd()
		if from.Before(jan1) {
			from = jan1
		}
		if to.After(dec31) {
			to = dec31
		}
		if to.Before(from) {
			continue
		}
		// Segments split at the avenants' dates.
		start := from
		for start.Compare(to) <= 0 {
			t := termsAt(c, start)
			end := to
			for _, v := range c.Versions[1:] {
				if v.Date.After(start) && !v.Date.After(to) && v.Date.AddDays(-1).Before(end) {
					end = v.Date.AddDays(-1)
				}
			}
			if t.Fees.FlatYearly != 0 {
				days := start.DaysUntil(end) + 1
				k := key{c.Number, RoyaltyFlat + start.String(), t.Fees.FlatYearly}
				lines[k] = &RoyaltyLine{SIRET: c.PartnerSIRET, PartnerName: c.PartnerName, Convention: c.Number, Certification: c.Certification,
					Source: RoyaltyFlat, From: start, To: end, Quantity: days, Divisor: DaysInYear(year), Unit: t.Fees.FlatYearly}
				order = append(order, k)
			}
			start = end.AddDays(1)
		}
	}
	byPartner := map[SIRET]*RoyaltyStatement{}
	var out []*RoyaltyStatement
	for _, k := range order {
		l := lines[k]
		if only != "" && l.SIRET != only {
			continue
		}
		l.Total = Money(RoundDiv(int64(l.Unit)*int64(l.Quantity), int64(l.Divisor)))
		st := byPartner[l.SIRET]
		if st == nil {
			name := l.PartnerName
			if names[l.SIRET] != "" {
				name = names[l.SIRET]
			}
			st = &RoyaltyStatement{SIRET: l.SIRET, PartnerName: name, Period: year}
			byPartner[l.SIRET] = st
			out = append(out, st)
		}
		l.PartnerName = st.PartnerName
		st.Lines = append(st.Lines, *l)
		st.Total += l.Total
	}
	rank := map[string]int{RoyaltyPerCandidate: 0, RoyaltyPerExam: 1, RoyaltyFlat: 2}
	for _, st := range out {
		sort.SliceStable(st.Lines, func(i, j int) bool {
			a, b := st.Lines[i], st.Lines[j]
			if a.Convention != b.Convention {
				return a.Convention < b.Convention
			}
			if rank[a.Source] != rank[b.Source] {
				return rank[a.Source] < rank[b.Source]
			}
			return a.From.Before(b.From)
		})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].PartnerName != out[j].PartnerName {
			return out[i].PartnerName < out[j].PartnerName
		}
		return out[i].SIRET < out[j].SIRET
	})
	return out
}
