package domain

import (
	"strings"
	"testing"
)

func TestApplyResult(t *testing.T) {
	cert := &Certification{Code: "RNCP38123", Blocs: []Bloc{{Code: "RNCP38123BC01"}, {Code: "RNCP38123BC02"}, {Code: "RNCP38123BC03"}}}
	whole := &Enrollment{}
	targeted := &Enrollment{Blocs: []string{"RNCP38123BC02", "RNCP38123BC03"}}
	cases := []struct {
		name  string
		e     *Enrollment
		in    ResultInput
		prior []string
		want  string // validated blocs joined, or "error: fragment"
	}{
		{"admitted validates every bloc", whole, ResultInput{Result: ResultAdmitted, Mention: MentionBien}, nil, "RNCP38123BC01,RNCP38123BC02,RNCP38123BC03"},
		{"partial success", whole, ResultInput{Result: ResultFailed, Blocs: []string{"rncp38123bc02"}}, nil, "RNCP38123BC02"},
		{"bloc of another certification", whole, ResultInput{Result: ResultFailed, Blocs: []string{"RNCP35419BC01"}}, nil, "error: not a bloc of RNCP38123"},
		{"bloc not targeted", targeted, ResultInput{Result: ResultFailed, Blocs: []string{"RNCP38123BC01"}}, nil, "error: was not targeted"},
		{"absent with blocs", whole, ResultInput{Result: ResultAbsent, Blocs: []string{"RNCP38123BC01"}}, nil, "error: absent candidate validates no bloc"},
		{"absent", whole, ResultInput{Result: ResultAbsent}, nil, ""},
		{"mention for a failed candidate", whole, ResultInput{Result: ResultFailed, Mention: MentionBien}, nil, "error: a mention is given only"},
		{"targeted admitted without the rest", targeted, ResultInput{Result: ResultAdmitted}, nil, "error: RNCP38123BC01 neither targeted nor acquired earlier"},
		{"targeted admitted with earlier blocs", targeted, ResultInput{Result: ResultAdmitted}, []string{"RNCP38123BC01"}, "RNCP38123BC02,RNCP38123BC03"},
		{"failed yet everything validated", targeted, ResultInput{Result: ResultFailed, Blocs: []string{"RNCP38123BC02", "RNCP38123BC03"}}, []string{"RNCP38123BC01"}, "error: write admis"},
	}
	for _, c := range cases {
		got, err := ApplyResult(cert, c.e, c.in, c.prior)
		if strings.HasPrefix(c.want, "error: ") {
			if err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(c.want, "error: ")) {
				t.Errorf("%s: err %v, want %q", c.name, err, c.want)
			}
			continue
		}
		if err != nil || strings.Join(got, ",") != c.want {
			t.Errorf("%s: %v, %v; want %s", c.name, got, err, c.want)
		}
	}
}

func TestParseResultMentionScore(t *testing.T) {
	for s, want := range map[string]Result{"Admis": ResultAdmitted, "ajourné": ResultFailed, "passed": ResultAdmitted, "FAILED": ResultFailed, "absent": ResultAbsent} {
		if got, err := ParseResult(s); err != nil || got != want {
			t.Errorf("ParseResult(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseResult("peut-être"); err == nil {
		t.Error("a result that is none accepted")
	}
	if m, err := ParseMention("Très bien avec félicitations du jury"); err != nil || m != MentionFelicitations {
		t.Errorf("mention: %v %v", m, err)
	}
	if s, err := ParseScore("14,5"); err != nil || s != "14.5" {
		t.Errorf("score: %q %v", s, err)
	}
	for _, bad := range []string{"abc", "-1", "NaN", "1e3"} {
		if _, err := ParseScore(bad); err == nil {
			t.Errorf("score %q accepted", bad)
		}
	}
}
