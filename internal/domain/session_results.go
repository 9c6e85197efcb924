package domain

import (
	"slices"
	"sort"
	"strconv"
	"strings"
)

// This file holds the rules of a session's results: how a result, a
// mention and a score are read, and what a result may say of the blocs.

// ParseResult reads a result in French or English: admis/passed,
// ajourné/failed, absent.
func ParseResult(s string) (Result, error) {
	switch Fold(s) {
	case "admis", "admise", "passed", "admitted", "reussi":
		return ResultAdmitted, nil
	case "ajourne", "ajournee", "failed", "echec", "non admis":
		return ResultFailed, nil
	case "absent", "absente", "abs":
		return ResultAbsent, nil
	}
	return "", Invalid("RESULT", "%q is not a result: use admis, ajourne or absent (or passed, failed, absent)", strings.TrimSpace(s))
}

// French is the result as the minutes print it.
func (r Result) French() string {
	switch r {
	case ResultAdmitted:
		return "admis"
	case ResultFailed:
		return "ajourné"
	case ResultAbsent:
		return "absent"
	}
	return "—"
}

// ParseMention reads a mention ("" is none).
func ParseMention(s string) (Mention, error) {
	switch Fold(s) {
	case "":
		return MentionNone, nil
	case "sans mention", "sans", "sans_mention", "aucune":
		return MentionSans, nil
	case "assez bien", "ab", "assez_bien":
		return MentionAssezBien, nil
	case "bien", "b":
		return MentionBien, nil
	case "tres bien", "tb", "tres_bien":
		return MentionTresBien, nil
	case "tres bien avec felicitations du jury", "tres bien avec felicitations", "felicitations", "felicitations du jury", "tres_bien_felicitations":
		return MentionFelicitations, nil
	}
	return "", Invalid("MENTION", "%q is not a mention: use sans mention, assez bien, bien, tres bien or tres bien avec felicitations du jury", strings.TrimSpace(s))
}

// French is the mention as documents print it ("" for none).
func (m Mention) French() string {
	switch m {
	case MentionSans:
		return "sans mention"
	case MentionAssezBien:
		return "assez bien"
	case MentionBien:
		return "bien"
	case MentionTresBien:
		return "très bien"
	case MentionFelicitations:
		return "très bien avec félicitations du jury"
	}
	return ""
}

// ParseScore reads a score, decimal comma allowed, and returns it with a
// dot ("" stays ""). A score is a number ≥ 0.
func ParseScore(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	t := strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), ",", ".")
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 || strings.ContainsAny(t, "eEnN") {
		return "", Invalid("SCORE", "%q is not a score: write a number such as 14,5", s)
	}
	return t, nil
}

// ResultInput is one candidate's result as a results file gives it.
type ResultInput struct {
	Result  Result
	Blocs   []string // validated blocs as given (codes)
	Mention Mention
	Score   string
}

// ApplyResult checks a result against the certification and the
// enrolment, and returns the blocs validated at this session. prior are
// the blocs the same person validated in earlier sessions of the same
// certification.
//
// The rules:
//   - absent: no blocs, no mention, no score;
//   - a mention only with admitted;
//   - validated blocs are blocs of the certification and, when the
//     candidate targeted some blocs, among the targeted ones (a candidate is
//     assessed only on what they registered for);
//   - admitted validates every bloc assessed (the targeted ones, else all);
//     when the candidate targeted only some blocs, admitted requires that
//     those blocs and the blocs acquired earlier cover the certification;
//   - failed may validate some blocs (partial success), never all of them
//     together with the earlier ones (that would be admitted: say admis).
func ApplyResult(cert *Certification, e *Enrollment, in ResultInput, prior []string) ([]string, error) {
	all := make([]string, len(cert.Blocs))
	for i, b := range cert.Blocs {
		all[i] = b.Code
	}
	var blocs []string
	for _, b := range in.Blocs {
		b = strings.ToUpper(strings.TrimSpace(b))
		if b == "" {
			continue
		}
		if code, err := ParseBlocCode(cert.Code, b); err == nil {
			b = code // "BC01" or "01" as the enrolment reads them
		}
		if slices.Contains(blocs, b) {
			continue
		}
		if !slices.Contains(all, b) {
			return nil, Invalid("RESULT_BLOC", "%s is not a bloc of %s", b, cert.Code)
		}
		if len(e.Blocs) > 0 && !slices.Contains(e.Blocs, b) {
			return nil, Invalid("RESULT_BLOC", "%s was not targeted by the candidate (registered for %s)", b, strings.Join(e.Blocs, ", "))
		}
		blocs = append(blocs, b)
	}
	if in.Mention != MentionNone && in.Result != ResultAdmitted {
		return nil, Invalid("RESULT_MENTION", "a mention is given only to an admitted candidate (result %s)", in.Result.French())
	}
	switch in.Result {
	case ResultAbsent:
		if len(blocs) > 0 || in.Score != "" {
			return nil, Invalid("RESULT_ABSENT", "an absent candidate validates no bloc and has no score")
		}
		return nil, nil
	case ResultAdmitted:
		assessed := all
		if len(e.Blocs) > 0 {
			assessed = append([]string(nil), e.Blocs...)
			var missing []string
			for _, b := range all {
				if !slices.Contains(assessed, b) && !slices.Contains(prior, b) {
					missing = append(missing, b)
				}
			}
			if len(missing) > 0 {
				return nil, Invalid("RESULT_ADMITTED", "admitted needs every bloc of %s: %s neither targeted nor acquired earlier", cert.Code, strings.Join(missing, ", "))
			}
		}
		out := append([]string(nil), assessed...)
		sort.Strings(out)
		return out, nil
	case ResultFailed:
		if len(all) > 0 {
			covered := 0
			for _, b := range all {
				if slices.Contains(blocs, b) || slices.Contains(prior, b) {
					covered++
				}
			}
			if covered == len(all) {
				return nil, Invalid("RESULT_FAILED", "failed but every bloc of %s is validated (now or earlier): write admis", cert.Code)
			}
		}
		sort.Strings(blocs)
		return blocs, nil
	}
	return nil, Invalid("RESULT", "no result given: use admis, ajourne or absent")
}

// AcquiredEarlier lists the blocs a candidate validated in sessions of the
// same certification held before the given one (an earlier date, or the
// same date and created before), from their enrolment records (same
// person), sorted. A bloc validated in a later session was not acquired
// when this jury decided.
func AcquiredEarlier(records []EnrollmentRecord, s *Session) []string {
	seen := map[string]bool{}
	for _, r := range records {
		o := r.Session
		if o == nil || o.Certification != s.Certification || o.ID == s.ID {
			continue
		}
		if c := o.Date.Compare(s.Date); c > 0 || (c == 0 && o.ID > s.ID) {
			continue
		}
		for _, b := range r.BlocsValidated {
			seen[b] = true
		}
	}
	out := make([]string, 0, len(seen))
	for b := range seen {
		out = append(out, b)
	}
	sort.Strings(out)
	return out
}
