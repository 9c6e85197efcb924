package domain

import (
	"strings"
)

// SIRET is a 14-digit establishment identifier (SIREN + NIC).
type SIRET string

// laPosteSIREN is the SIREN whose establishments use the digit-sum-mod-5 rule.
const laPosteSIREN = "356000000"

// CleanDigits removes the separators people type in identifiers: spaces,
// non-breaking spaces, dots, dashes and tabs.
func CleanDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case ' ', '\t', '.', '-', '\u00a0', '\u202f', '\r', '\n':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// luhn reports whether the digit string passes the Luhn checksum.
func luhn(s string) bool {
	sum := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// CompleteLuhn appends to the digit string s the digit that makes it pass
// the Luhn checksum (a SIREN from its first 8 digits, a SIRET from its
// first 13): for test data and the demo network.
func CompleteLuhn(s string) string {
	for d := byte('0'); d <= '9'; d++ {
		if c := s + string(d); luhn(c) {
			return c
		}
	}
	return s + "0" // unreachable: one of the ten digits always fits
}

// ParseSIRET validates a SIRET typed by a user: separators are removed, it must
// have 14 digits and pass the Luhn checksum (or, for La Poste establishments,
// the digit-sum-multiple-of-5 rule).
func ParseSIRET(s string) (SIRET, error) {
	raw := strings.TrimSpace(s)
	c := CleanDigits(raw)
	if c == "" {
		return "", Invalid("SIRET_MISSING", "the SIRET is empty").WithHint("give the 14 digits of the establishment's SIRET")
	}
	if strings.ContainsAny(c, "eE") && strings.Contains(c, "+") {
		return "", Invalid("SIRET_SCIENTIFIC", "%q is a number in scientific notation, not a SIRET", raw).
			WithHint("format the SIRET column as text in the spreadsheet so that all 14 digits are kept")
	}
	if !allDigits(c) {
		return "", Invalid("SIRET_FORMAT", "%q is not a SIRET: it must contain digits only", raw)
	}
	if len(c) != 14 {
		return "", Invalid("SIRET_LENGTH", "%q is not a SIRET: it has %d digits, a SIRET has 14", raw, len(c))
	}
	if !SIRETChecksumOK(c) {
		return "", Invalid("SIRET_CHECKSUM", "%s is not a valid SIRET (checksum)", FormatSIRET(c)).
			WithHint("check the number on annuaire-entreprises.data.gouv.fr")
	}
	return SIRET(c), nil
}

// SIRETChecksumOK applies Luhn, or the La Poste rule for SIREN 356000000.
func SIRETChecksumOK(c string) bool {
	if len(c) != 14 || !allDigits(c) {
		return false
	}
	if luhn(c) {
		return true
	}
	if c[:9] == laPosteSIREN {
		sum := 0
		for i := 0; i < len(c); i++ {
			sum += int(c[i] - '0')
		}
		return sum%5 == 0
	}
	return false
}

// SIREN returns the first 9 digits.
func (s SIRET) SIREN() string {
	if len(s) < 9 {
		return string(s)
	}
	return string(s[:9])
}

// String returns the 14 digits.
func (s SIRET) String() string { return string(s) }

// Formatted returns the SIRET as printed on documents: "852 620 160 07290".
func (s SIRET) Formatted() string { return FormatSIRET(string(s)) }

// FormatSIRET groups 14 digits as 3-3-3-5; other input is returned unchanged.
func FormatSIRET(c string) string {
	if len(c) != 14 {
		return c
	}
	return c[0:3] + " " + c[3:6] + " " + c[6:9] + " " + c[9:14]
}

// ParseSIREN validates a 9-digit SIREN with the Luhn checksum.
func ParseSIREN(s string) (string, error) {
	c := CleanDigits(s)
	if !allDigits(c) || len(c) != 9 {
		return "", Invalid("SIREN_FORMAT", "%q is not a SIREN: a SIREN has 9 digits", s)
	}
	if !luhn(c) {
		return "", Invalid("SIREN_CHECKSUM", "%q is not a valid SIREN (checksum)", s)
	}
	return c, nil
}

// NDA is the 11-digit "numéro de déclaration d'activité" of a training body.
type NDA string

// ParseNDA validates an NDA (11 digits once separators are removed). An empty
// string gives an empty NDA and no error.
func ParseNDA(s string) (NDA, error) {
	c := CleanDigits(s)
	if c == "" {
		return "", nil
	}
	if !allDigits(c) || len(c) != 11 {
		return "", Invalid("NDA_FORMAT", "%q is not a déclaration d'activité number: it must have 11 digits", strings.TrimSpace(s))
	}
	return NDA(c), nil
}

// ParseUAI validates a UAI (7 digits and a check letter).
func ParseUAI(s string) (string, error) {
	c := strings.ToUpper(CleanDigits(s))
	if c == "" {
		return "", nil
	}
	if len(c) != 8 || !allDigits(c[:7]) || c[7] < 'A' || c[7] > 'Z' {
		return "", Invalid("UAI_FORMAT", "%q is not a UAI: 7 digits and a letter are expected", s)
	}
	const letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
	n := 0
	for i := 0; i < 7; i++ {
		n = n*10 + int(c[i]-'0')
	}
	if letters[n%23] != c[7] {
		return "", Invalid("UAI_CHECKSUM", "%q is not a valid UAI (check letter should be %c)", s, letters[n%23])
	}
	return c, nil
}
