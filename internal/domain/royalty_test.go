package domain

import "testing"

func rtConv(number string, p SIRET, from, to, signed string, versions ...ConventionTerms) *Convention {
	c := &Convention{Number: number, PartnerSIRET: p, PartnerName: string(p), Certification: "RNCP36141", Status: ConventionSigned, SignedOn: MustDate(signed)}
	for i, v := range versions {
		v.Version = i + 1
		v.From, v.To = MustDate(from), MustDate(to)
		c.Versions = append(c.Versions, v)
	}
	return c
}

func rtSession(id int64, organiser SIRET, date string, results ...Result) *Session {
	s := &Session{ID: id, Certification: "RNCP36141", Partner: organiser, Date: MustDate(date)}
	for _, r := range results {
		s.Enrollments = append(s.Enrollments, &Enrollment{Result: r})
	}
	return s
}

// The hand-computed case of the contract's Royalties section, year 2025
// (365 days):
//
//	CONV-2024-0001 (Formapro), 2024-07-01 → 2026-06-30: 150 €/candidate,
//	300 €/exam, 1 000 €/year; avenant of 2025-07-01: 180 €/candidate,
//	1 200 €/year.
//	  session of 2025-03-10 it organised: 4 enrolled, 1 absent → 3 × 150 = 450,00
//	  session of 2025-09-15 it organised: 5 presented → 5 × 180
//	  certifier's session of 2025-11-20: 2 presented trained by it (+1 absent,
//	    +2 trained by a partner with no convention) → 2 × 180; 7 × 180 = 1 260,00
//	  2 sessions × 300 = 600,00
//	  flat 1 000 × 181/365 (01/01–30/06) = 495,890… → 495,89
//	  flat 1 200 × 184/365 (01/07–31/12) = 604,931… → 604,93
//	  total 3 410,82
//	CONV-2025-0002 (Atelier), 2025-03-01 → 2027-02-28, terminated 2025-10-15:
//	  flat 500 × 229/365 = 313,698… → 313,70
func TestComputeRoyalties(t *testing.T) {
	const me, fp, at, other = SIRET("73282932000074"), SIRET("85262016007290"), SIRET("81738914100018"), SIRET("35600000000048")
	v1 := ConventionTerms{Fees: Fees{PerCandidate: 15000, PerExam: 30000, FlatYearly: 100000}}
	v2 := ConventionTerms{Date: MustDate("2025-07-01"), Fees: Fees{PerCandidate: 18000, PerExam: 30000, FlatYearly: 120000}}
	c1 := rtConv("CONV-2024-0001", fp, "2024-07-01", "2026-06-30", "2024-06-15", v1, v2)
	c2 := rtConv("CONV-2025-0002", at, "2025-03-01", "2027-02-28", "2025-02-20", ConventionTerms{Fees: Fees{FlatYearly: 50000}})
	c2.Status, c2.TerminatedOn = ConventionTerminated, MustDate("2025-10-15")
	draft := rtConv("CONV-2025-0003", other, "2025-01-01", "2025-12-31", "2025-01-01", ConventionTerms{Fees: Fees{FlatYearly: 99900}})
	draft.SignedOn = Date{}
	s3 := rtSession(3, me, "2025-11-20", ResultAdmitted, ResultFailed, ResultAbsent, ResultAdmitted, ResultAdmitted)
	for i, p := range []SIRET{fp, fp, fp, other, other} {
		s3.Enrollments[i].TrainedBy = p
	}
	sessions := []*Session{
		rtSession(1, fp, "2025-03-10", ResultAdmitted, ResultAbsent, ResultFailed, ResultNone),
		rtSession(2, fp, "2025-09-15", ResultAdmitted, ResultAdmitted, ResultAdmitted, ResultAdmitted, ResultFailed),
		s3,
		rtSession(4, fp, "2024-12-01", ResultAdmitted),    // another year
		rtSession(5, fp, "2025-12-20", ResultAdmitted),    // not held at the statement's date
		rtSession(6, other, "2025-05-05", ResultAdmitted), // no convention signed
	}
	got := ComputeRoyalties(2025, MustDate("2025-12-18"), me, []*Convention{c1, c2, draft}, sessions, map[SIRET]string{fp: "Formapro", at: "Atelier"}, "")
	if len(got) != 2 {
		t.Fatalf("statements: %+v", got)
	}
	a, f := got[0], got[1] // by name: Atelier, Formapro
	if f.SIRET != fp || f.PartnerName != "Formapro" || f.Total != 341082 {
		t.Errorf("Formapro: total %s, want 3 410,82 €: %+v", f.Total.French(), f.Lines)
	}
	want := []struct {
		source   string
		qty      string
		unit     Money
		total    Money
		from, to string
	}{
		{RoyaltyPerCandidate, "3", 15000, 45000, "2025-03-10", "2025-03-10"},
		{RoyaltyPerCandidate, "7", 18000, 126000, "2025-09-15", "2025-11-20"},
		{RoyaltyPerExam, "2", 30000, 60000, "2025-03-10", "2025-09-15"},
		{RoyaltyFlat, "181/365", 100000, 49589, "2025-01-01", "2025-06-30"},
		{RoyaltyFlat, "184/365", 120000, 60493, "2025-07-01", "2025-12-31"},
	}
	if len(f.Lines) != len(want) {
		t.Fatalf("lines: %+v", f.Lines)
	}
	for i, w := range want {
		l := f.Lines[i]
		if l.Source != w.source || l.QuantityText() != w.qty || l.Unit != w.unit || l.Total != w.total || l.From.String() != w.from || l.To.String() != w.to {
			t.Errorf("line %d: %+v, want %+v", i, l, w)
		}
	}
	if a.SIRET != at || a.Total != 31370 || len(a.Lines) != 1 || a.Lines[0].QuantityText() != "229/365" {
		t.Errorf("Atelier: %+v", a)
	}
	// One partner only.
	if l := ComputeRoyalties(2025, MustDate("2025-12-18"), me, []*Convention{c1, c2}, sessions, nil, at); len(l) != 1 || l[0].SIRET != at {
		t.Errorf("only: %+v", l)
	}
	// A leap year divides by 366.
	l := ComputeRoyalties(2024, MustDate("2025-01-01"), me, []*Convention{c1}, nil, nil, "")
	if len(l) != 1 || l[0].Lines[0].QuantityText() != "184/366" || l[0].Total != Money(RoundDiv(100000*184, 366)) {
		t.Errorf("2024: %+v", l)
	}
}

func TestRoundDiv(t *testing.T) {
	for _, c := range []struct{ n, d, want int64 }{{5, 2, 3}, {4, 2, 2}, {7, 2, 4}, {49589040, 1000, 49589}, {1, 3, 0}, {2, 3, 1}, {0, 365, 0}} {
		if got := RoundDiv(c.n, c.d); got != c.want {
			t.Errorf("RoundDiv(%d, %d) = %d, want %d", c.n, c.d, got, c.want)
		}
	}
	if DaysInYear(2024) != 366 || DaysInYear(2025) != 365 {
		t.Error("DaysInYear")
	}
}
