package domain

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// This file holds the candidate identity rules: what the CDC accrochage
// declaration and France Compétences need later, checked when a candidate
// is enrolled.

// MaxNameLength is the longest birth name, usage name or first name
// accepted, in characters (any script).
const MaxNameLength = 60

// MinCandidateAge is the youngest age accepted at the session date: a
// birth date giving a younger candidate is a typing error (a certification
// is not taken before 14, the age an apprenticeship pre-course opens).
const MinCandidateAge = 14

// MinBirthYear is the earliest birth year accepted (an older date is a
// typing error such as 1890 for 1990).
const MinBirthYear = 1900

// FieldProblem is a rule's refusal about one field of a row; Field is the
// key of the import column it is about.
type FieldProblem struct {
	Field string
	Err   *Error
}

// ParseSex reads M/F, also H (homme), homme, femme, masculin, féminin.
// "" is not given.
func ParseSex(s string) (Sex, error) {
	switch Fold(s) {
	case "":
		return "", nil
	case "m", "h", "homme", "masculin", "male", "monsieur", "mr":
		return SexM, nil
	case "f", "femme", "feminin", "female", "madame", "mme":
		return SexF, nil
	}
	return "", Invalid("SEX", "%q is not a sex: use M or F (H, homme, femme accepted)", strings.TrimSpace(s))
}

// ParseVAEType reads "conge vae" / "vae classique" (also the CDC codes
// CONGES_VAE, VAE_CLASSIQUE). "" is not given.
func ParseVAEType(s string) (VAEType, error) {
	switch Fold(s) {
	case "":
		return "", nil
	case "conge vae", "conges vae", "conge_vae", "conges_vae", "conge de vae", "conge", "conges":
		return VAEConge, nil
	case "vae classique", "vae_classique", "classique":
		return VAEClassique, nil
	}
	return "", Invalid("VAE_TYPE", "%q is not a VAE type: use \"conge vae\" or \"vae classique\"", strings.TrimSpace(s))
}

// ParseCPFFile checks a CPF file number: digits only, at most 13 (spaces
// removed). "" is none.
func ParseCPFFile(s string) (string, error) {
	v := strings.Join(strings.Fields(s), "")
	if v == "" {
		return "", nil
	}
	if len(v) > 13 || strings.Trim(v, "0123456789") != "" {
		return "", Invalid("CPF_FILE", "%q is not a CPF file number: at most 13 digits", strings.TrimSpace(s)).
			WithHint("copy the file number shown on moncompteformation.gouv.fr (digits only)")
	}
	return v, nil
}

// IsCommuneCode reports whether s is an INSEE commune code: 5 digits
// (departments 01-19, 21-95, overseas 97x/98x) or 2A/2B and 3 digits
// (Corsica); 99xxx is a foreign country (see IsCountryCode).
func IsCommuneCode(s string) bool {
	if len(s) != 5 {
		return false
	}
	if (s[:2] == "2A" || s[:2] == "2B") && allDigits(s[2:]) {
		return true
	}
	return allDigits(s) && s[:2] != "00" && s[:2] != "20" && s[:2] != "96" && s[:2] != "99"
}

// IsCountryCode reports whether s is an INSEE country code: 99 and 3 digits.
func IsCountryCode(s string) bool { return len(s) == 5 && strings.HasPrefix(s, "99") && allDigits(s) }

// BirthPlace reads the birth place columns: insee is the INSEE commune
// code (or 99xxx country code), country the "pays de naissance" (France,
// a country name, or a 99xxx code). It returns the code to store and the
// country label ("" for France). A country name alone is accepted (the
// contract lists it) and kept as the label, with no code: the CDC
// declaration needs the 99xxx code, which the accrochage pre-flight asks
// for (NeedsCountryCode tells the import to say so).
func BirthPlace(insee, country string) (code, countryLabel string, problems []FieldProblem) {
	code = strings.ToUpper(strings.Join(strings.Fields(insee), ""))
	country = strings.TrimSpace(country)
	cc := strings.Join(strings.Fields(country), "")
	france := Fold(country) == "" || Fold(country) == "france" || Fold(country) == "fr"
	switch {
	case code == "":
	case IsCountryCode(code):
	case IsCommuneCode(code):
	default:
		problems = append(problems, FieldProblem{"birth_insee", Invalid("BIRTH_INSEE", "%q is not an INSEE code: 5 characters, digits (2A/2B for Corsica), or 99xxx for a country", strings.TrimSpace(insee)).
			WithHint("find it on insee.fr (code officiel géographique)")})
		return "", "", problems
	}
	switch {
	case france:
		return code, "", nil
	case IsCountryCode(cc):
		if code != "" && code != cc {
			problems = append(problems, FieldProblem{"birth_country", Invalid("BIRTH_COUNTRY", "the birth country code %s differs from the INSEE code %s", cc, code).
				WithHint("give the same 99xxx code in both columns, or leave one empty")})
			return "", "", problems
		}
		return cc, "", nil
	case allDigits(cc):
		problems = append(problems, FieldProblem{"birth_country", Invalid("BIRTH_COUNTRY", "%q is not an INSEE country code: 99 followed by 3 digits", country)})
		return "", "", problems
	case IsCountryCode(code):
		return code, country, nil
	case code != "":
		problems = append(problems, FieldProblem{"birth_insee", Invalid("BIRTH_INSEE", "%s is a French commune code but the birth country is %q", code, country).
			WithHint("for a candidate born abroad give the country's INSEE code (99xxx)")})
		return "", "", problems
	}
	return "", country, nil
}

// NeedsCountryCode reports whether a birth place read by BirthPlace is
// abroad without its INSEE country code (99xxx), which the CDC needs.
func NeedsCountryCode(code, countryLabel string) bool {
	return code == "" && countryLabel != ""
}

// CheckName checks a name: at most MaxNameLength characters, any script,
// no control characters; required says whether it may be empty.
func CheckName(field, what, s string, required bool) *FieldProblem {
	if strings.TrimSpace(s) == "" {
		if required {
			return &FieldProblem{field, Invalid("NAME_MISSING", "the %s is missing", what)}
		}
		return nil
	}
	if err := CleanText("the "+what, s); err != nil {
		return &FieldProblem{field, asError(err)}
	}
	if n := utf8.RuneCountInString(s); n > MaxNameLength {
		return &FieldProblem{field, Invalid("NAME_TOO_LONG", "the %s has %d characters: at most %d", what, n, MaxNameLength)}
	}
	return nil
}

// CheckBirthDate checks a birth date against today and the session date:
// not in the future, not before MinBirthYear, at least MinCandidateAge
// years old on the session date.
func CheckBirthDate(birth, today, session Date) *FieldProblem {
	switch {
	case birth.IsZero():
		return &FieldProblem{"birth_date", Invalid("BIRTH_DATE_MISSING", "the birth date is missing")}
	case !today.IsZero() && birth.After(today):
		return &FieldProblem{"birth_date", Invalid("BIRTH_DATE_FUTURE", "born on %s: that day is in the future (today is %s)", birth, today)}
	case birth.Year() < MinBirthYear:
		return &FieldProblem{"birth_date", Invalid("BIRTH_DATE_ABSURD", "born on %s: before %d, surely a typing error", birth, MinBirthYear)}
	case !session.IsZero() && birth.AddMonths(12*MinCandidateAge).After(session):
		return &FieldProblem{"birth_date", Invalid("BIRTH_DATE_ABSURD", "born on %s: under %d on the session date (%s), surely a typing error", birth, MinCandidateAge, session)}
	}
	return nil
}

// CheckCandidate checks a candidate's identity (names, birth date against
// today and the session date, e-mail shape). The birth place is checked
// when read (BirthPlace).
func CheckCandidate(c *Candidate, today, session Date) []FieldProblem {
	var out []FieldProblem
	add := func(p *FieldProblem) {
		if p != nil {
			out = append(out, *p)
		}
	}
	add(CheckName("birth_name", "birth name", c.BirthName, true))
	add(CheckName("usage_name", "usage name", c.UsageName, false))
	if len(c.FirstNames) > 3 {
		out = append(out, FieldProblem{"first_name", Invalid("FIRST_NAMES", "%d first names: at most 3", len(c.FirstNames))})
	}
	keys := []string{"first_name", "first_name2", "first_name3"}
	for i := 0; i < 3; i++ {
		v := ""
		if i < len(c.FirstNames) {
			v = c.FirstNames[i]
		}
		add(CheckName(keys[i], "first name", v, i == 0))
	}
	add(CheckBirthDate(c.BirthDate, today, session))
	if c.Email != "" {
		if _, err := ParseEmail(c.Email); err != nil {
			out = append(out, FieldProblem{"email", asError(err)})
		}
	}
	return out
}

// asError is err as a *Error (KindInvalid when it is not one).
func asError(err error) *Error {
	var de *Error
	if errors.As(err, &de) {
		return de
	}
	return Invalid("INVALID", "%s", err.Error())
}
