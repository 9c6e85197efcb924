package domain

import "testing"

func yes() *bool { t := true; return &t }
func no() *bool  { f := false; return &f }
func cents(e int64) *int64 {
	c := e * 100
	return &c
}

func ans(w SurveyWave, s Situation, c ContractType, target *bool) *SurveyAnswer {
	return &SurveyAnswer{Wave: w, Situation: s, Contract: c, TargetJob: target}
}

func holder(year int, acc Access, answers ...*SurveyAnswer) IndicatorHolder {
	h := IndicatorHolder{Fiche: "RNCP38123", Year: year, Access: acc, Partner: "11111111111111", Answers: map[SurveyWave]*SurveyAnswer{}}
	for _, a := range answers {
		h.Answers[a.Wave] = a
	}
	return h
}

func intp(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestRatePercentRoundsHalfUpInIntegers(t *testing.T) {
	cases := []struct {
		num, den int
		want     any
	}{
		{1, 8, 13},  // 12.5 → 13
		{3, 8, 38},  // 37.5 → 38
		{1, 3, 33},  // 33.33 → 33
		{2, 3, 67},  // 66.67 → 67
		{1, 200, 1}, // 0.5 → 1
		{0, 5, 0},
		{5, 5, 100},
		{0, 0, nil},
	}
	for _, c := range cases {
		if got := intp(RatePercent(c.num, c.den)); got != c.want {
			t.Errorf("RatePercent(%d, %d) = %v, want %v", c.num, c.den, got, c.want)
		}
	}
}

func TestIndicatorsHandComputed(t *testing.T) {
	// 2024: 8 holders, 1 by VAE. 6-month wave: 7 answers: 4 employed (3 in
	// the target job), 1 in alternance (neutralised), 1 in studies
	// (neutralised), 1 looking → denominator 5: 4/5 = 80 %, 3/5 = 60 %.
	// Response 7/8 = 87.5 → 88.
	hs := []IndicatorHolder{
		holder(2024, AccessFC, ans(Wave6m, SituationEmployed, ContractCDI, yes()), ans(Wave24m, SituationEmployed, ContractCDI, yes())),
		holder(2024, AccessFC, ans(Wave6m, SituationEmployed, ContractCDD, yes())),
		holder(2024, AccessCA, ans(Wave6m, SituationEmployed, ContractInterim, yes())),
		holder(2024, AccessCA, ans(Wave6m, SituationEmployed, ContractCDI, no())),
		holder(2024, AccessCA, ans(Wave6m, SituationEmployed, ContractAlternance, yes())),
		holder(2024, AccessFI, ans(Wave6m, SituationStudies, "", nil)),
		holder(2024, AccessFI, ans(Wave6m, SituationSeeking, "", nil)),
		holder(2024, AccessVAE),
	}
	got := ComputeIndicators(hs, DefaultIndicatorRules, ByYear)
	if len(got) != 1 {
		t.Fatalf("got %d promotions, want 1", len(got))
	}
	in := got[0]
	if in.Year != 2024 || in.Certified != 8 || in.CertifiedVAE != 1 {
		t.Fatalf("year/certified/vae = %d/%d/%d", in.Year, in.Certified, in.CertifiedVAE)
	}
	w := in.W6m
	if w.Respondents != 7 || w.Neutralised != 2 || w.Employed != 4 || w.TargetJob != 3 {
		t.Fatalf("6m counts = %+v", w)
	}
	if intp(w.InsertionRate) != 80 || intp(w.TargetJobRate) != 60 || intp(w.ResponseRate) != 88 {
		t.Errorf("6m rates = %v %v %v", intp(w.InsertionRate), intp(w.TargetJobRate), intp(w.ResponseRate))
	}
	if w.Contracts[ContractAlternance] != 1 || w.Contracts[ContractCDI] != 2 {
		t.Errorf("contracts = %v", w.Contracts)
	}
	w24 := in.W24m
	if w24.Respondents != 1 || intp(w24.InsertionRate) != 100 || intp(w24.TargetJobRate) != 100 || intp(w24.ResponseRate) != 13 {
		t.Errorf("24m = %+v (rates %v %v %v)", w24, intp(w24.InsertionRate), intp(w24.TargetJobRate), intp(w24.ResponseRate))
	}
}

func TestIndicatorsAllNeutralisedAndNoAnswers(t *testing.T) {
	hs := []IndicatorHolder{
		holder(2023, AccessFC, ans(Wave6m, SituationStudies, "", nil)),
		holder(2023, AccessFC, ans(Wave6m, SituationUnable, "", nil)),
		holder(2023, AccessCQ, ans(Wave6m, SituationEmployed, ContractAlternance, yes())),
		holder(2023, AccessFC, ans(Wave6m, SituationAbroad, "", nil)),
	}
	in := ComputeIndicators(hs, DefaultIndicatorRules, ByYear)[0]
	if in.W6m.Respondents != 4 || in.W6m.Neutralised != 4 || in.W6m.Employed != 0 {
		t.Fatalf("counts = %+v", in.W6m)
	}
	if in.W6m.InsertionRate != nil || in.W6m.TargetJobRate != nil {
		t.Errorf("all neutralised: rates must be null, got %v %v", intp(in.W6m.InsertionRate), intp(in.W6m.TargetJobRate))
	}
	if intp(in.W6m.ResponseRate) != 100 {
		t.Errorf("response rate = %v", intp(in.W6m.ResponseRate))
	}
	// No answers at all for 24m: every rate null but the response rate 0.
	if in.W24m.InsertionRate != nil || intp(in.W24m.ResponseRate) != 0 {
		t.Errorf("no answers: %v %v", intp(in.W24m.InsertionRate), intp(in.W24m.ResponseRate))
	}
	// Switching both configurable rules off: alternance and abroad count as employed.
	off := ComputeIndicators(hs, IndicatorRules{}, ByYear)[0]
	if off.W6m.Neutralised != 2 || off.W6m.Employed != 2 || intp(off.W6m.InsertionRate) != 100 {
		t.Errorf("rules off: %+v rate %v", off.W6m, intp(off.W6m.InsertionRate))
	}
}

func TestIndicatorsRoundingAtHalf(t *testing.T) {
	// 1 employed of 8 (after neutralisation) = 12.5 % → 13.
	var hs []IndicatorHolder
	hs = append(hs, holder(2024, AccessFC, ans(Wave6m, SituationEmployed, ContractCDI, no())))
	for i := 0; i < 7; i++ {
		hs = append(hs, holder(2024, AccessFC, ans(Wave6m, SituationSeeking, "", nil)))
	}
	hs = append(hs, holder(2024, AccessFC, ans(Wave6m, SituationStudies, "", nil)))
	in := ComputeIndicators(hs, DefaultIndicatorRules, ByYear)[0]
	if intp(in.W6m.InsertionRate) != 13 || intp(in.W6m.TargetJobRate) != 0 {
		t.Errorf("rate = %v / %v, want 13 / 0", intp(in.W6m.InsertionRate), intp(in.W6m.TargetJobRate))
	}
}

func TestIndicatorsByRouteAndPartner(t *testing.T) {
	a := holder(2024, AccessVAE, ans(Wave6m, SituationEmployed, ContractCDI, yes()))
	b := holder(2024, AccessFC, ans(Wave6m, SituationSeeking, "", nil))
	b.Partner = "22222222222222"
	c := holder(2023, AccessFC)
	got := ComputeIndicators([]IndicatorHolder{a, b, c}, DefaultIndicatorRules, ByRoute)
	if len(got) != 3 || got[0].Year != 2023 || got[1].Route != AccessFC || got[2].Route != AccessVAE {
		t.Fatalf("by route order: %+v", got)
	}
	if got[2].CertifiedVAE != 1 || intp(got[2].W6m.InsertionRate) != 100 || intp(got[1].W6m.InsertionRate) != 0 {
		t.Errorf("by route values: %+v", got)
	}
	bp := ComputeIndicators([]IndicatorHolder{a, b}, DefaultIndicatorRules, ByPartner)
	if len(bp) != 2 || bp[0].Partner != "11111111111111" || bp[1].Partner != "22222222222222" {
		t.Errorf("by partner: %+v", bp)
	}
}

func TestSalaryQuartilesOnlyWithFiveAnswers(t *testing.T) {
	var hs []IndicatorHolder
	for i, e := range []int64{30000, 20000, 40000, 25000} {
		a := ans(Wave6m, SituationEmployed, ContractCDI, yes())
		a.SalaryCents = cents(e)
		a.Cadre = no()
		if i == 0 {
			a.Cadre = yes()
		}
		hs = append(hs, holder(2024, AccessFC, a))
	}
	in := ComputeIndicators(hs, DefaultIndicatorRules, ByYear)[0]
	if in.W6m.Salary.N != 4 || in.W6m.Salary.Median != nil {
		t.Fatalf("4 answers: pay must be hidden, got %+v", in.W6m.Salary)
	}
	if intp(in.W6m.CadreRate) != 25 {
		t.Errorf("cadre rate = %v", intp(in.W6m.CadreRate))
	}
	a := ans(Wave6m, SituationEmployed, ContractCDI, yes())
	a.SalaryCents = cents(35000)
	hs = append(hs, holder(2024, AccessFC, a))
	in = ComputeIndicators(hs, DefaultIndicatorRules, ByYear)[0]
	s := in.W6m.Salary
	// sorted 20000 25000 30000 35000 40000: Q1 25000, median 30000, Q3 35000.
	if s.N != 5 || *s.Q1 != 2500000 || *s.Median != 3000000 || *s.Q3 != 3500000 {
		t.Errorf("quartiles = %+v", s)
	}
	// Six values interpolate: 20 25 30 35 40 41 (k€): Q1 at 1.25 → 26250, median at 2.5 → 32500.
	b := ans(Wave6m, SituationEmployed, ContractCDI, yes())
	b.SalaryCents = cents(41000)
	hs = append(hs, holder(2024, AccessFC, b))
	s = ComputeIndicators(hs, DefaultIndicatorRules, ByYear)[0].W6m.Salary
	if *s.Q1 != 2625000 || *s.Median != 3250000 || *s.Q3 != 3875000 {
		t.Errorf("six quartiles = %d %d %d", *s.Q1, *s.Median, *s.Q3)
	}
}

func TestRSValueInUse(t *testing.T) {
	a := ans(Wave6m, SituationEmployed, ContractCDI, nil)
	a.Used, a.Recognised, a.Frequency = yes(), yes(), FrequencyWeekly
	b := ans(Wave6m, SituationEmployed, ContractCDI, nil)
	b.Used = no()
	in := ComputeIndicators([]IndicatorHolder{holder(2025, AccessFC, a), holder(2025, AccessFC, b), holder(2025, AccessFC)}, DefaultIndicatorRules, ByYear)[0]
	w := in.W6m
	if w.Used != 1 || w.NotUsed != 1 || w.Recognised != 1 || intp(w.UsedRate) != 50 || w.Frequencies[FrequencyWeekly] != 1 || intp(w.ResponseRate) != 67 {
		t.Errorf("value in use = %+v", w)
	}
}

func TestSuccessorFicheCounting(t *testing.T) {
	certs := map[CertCode]*Certification{
		"RNCP30000": {Code: "RNCP30000", Successors: []CertCode{"RNCP35000"}},
		"RNCP35000": {Code: "RNCP35000", Successors: []CertCode{"RNCP38123"}},
		"RNCP38123": {Code: "RNCP38123"},
		"RS5000":    {Code: "RS5000", Successors: []CertCode{"RS9999"}}, // successor not held
	}
	if got := CountingFiche("RNCP30000", certs); got != "RNCP38123" {
		t.Errorf("CountingFiche = %s", got)
	}
	if got := CountingFiche("RS5000", certs); got != "RS5000" {
		t.Errorf("unheld successor: %s", got)
	}
	if got := Predecessors("RNCP38123", certs); len(got) != 2 || got[0] != "RNCP30000" {
		t.Errorf("Predecessors = %v", got)
	}
}

func TestSurveyWindowBoundaries(t *testing.T) {
	jury := MustDate("2024-01-15")
	w := DefaultSurveyWindows.For(Wave6m)
	for d, want := range map[string]bool{"2024-06-14": false, "2024-06-15": true, "2025-01-14": true, "2025-01-15": false} {
		if got := w.Contains(jury, MustDate(d)); got != want {
			t.Errorf("6m window %s: %v, want %v", d, got, want)
		}
	}
	if _, err := ParseSituation("chomage"); err == nil {
		t.Error("unknown situation accepted")
	}
	if wv, _ := ParseSurveyWave("2 ans"); wv != Wave24m {
		t.Error("2 ans is not the 24m wave")
	}
}
