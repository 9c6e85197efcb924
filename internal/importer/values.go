package importer

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/habil-app/habil/internal/domain"
)

// MaxCellChars is the largest cell a spreadsheet program can hold (Excel's
// limit); a longer cell is a row error.
const MaxCellChars = 32767

// problem is a validation failure of one cell: a code and a message.
type problem struct{ code, msg string }

func fail(code, format string, args ...any) *problem {
	return &problem{code, fmt.Sprintf(format, args...)}
}

// fromDomain turns a domain error into a problem (message plus hint).
func fromDomain(err error, fallback string) *problem {
	var de *domain.Error
	if errors.As(err, &de) {
		msg := de.Msg
		if de.Hint != "" {
			msg += "; " + de.Hint
		}
		code := de.Code
		if code == "" {
			code = fallback
		}
		return &problem{code, msg}
	}
	return &problem{fallback, err.Error()}
}

// excelErrors are the error values a formula cell can show.
var excelErrors = map[string]bool{
	"#N/A": true, "#REF!": true, "#VALUE!": true, "#DIV/0!": true, "#NAME?": true, "#NULL!": true,
	"#NUM!": true, "#SPILL!": true, "#CALC!": true, "#GETTING_DATA": true, "#FIELD!": true, "#BLOCKED!": true,
	"#CONNECT!": true, "#BUSY!": true, "#UNKNOWN!": true,
}

// checkCell applies the checks common to every kind: readable characters,
// size, no spreadsheet error value.
func checkCell(s string) *problem {
	if len(s) > MaxCellChars && utf8.RuneCountInString(s) > MaxCellChars {
		return fail("CELL_TOO_LONG", "the cell has %d characters; a spreadsheet cell holds at most %d", utf8.RuneCountInString(s), MaxCellChars)
	}
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			return fail("ENCODING", "the cell contains an unreadable character (�): the file's text encoding is damaged; save the file again as \"CSV UTF-8\" or .xlsx")
		}
	}
	// The domain's text rule, at its most permissive (a cell may be a
	// multi-line text); each entity's validation refuses line breaks in its
	// one-line fields (domain.ValidatePartner…).
	if _, err := domain.CleanLines("the cell", s); err != nil {
		return fromDomain(err, domain.CodeControlCharacter)
	}
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "#") && excelErrors[strings.ToUpper(t)] {
		return fail("CELL_ERROR", "the cell shows the spreadsheet error %s (a formula failed); correct the formula or type the value", t)
	}
	return nil
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
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

// machineNumber splits a number written by a program ("12", "12.50",
// "7.3282932000074E13", "1e-3") into its parts. It accepts no thousands
// separator and no decimal comma.
func machineNumber(s string) (neg bool, intPart, frac string, exp int, hasExp, ok bool) {
	if s == "" {
		return
	}
	if s[0] == '-' || s[0] == '+' {
		neg = s[0] == '-'
		s = s[1:]
	}
	mant := s
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > 400 || e < -400 {
			return
		}
		exp, hasExp, mant = e, true, s[:i]
	}
	intPart, frac, _ = strings.Cut(mant, ".")
	if intPart == "" {
		intPart = "0"
	}
	if !isDigits(intPart) || (frac != "" && !isDigits(frac)) || (strings.HasSuffix(mant, ".") && frac == "") {
		return
	}
	ok = true
	return
}

// parseIdentifier keeps what the user typed, except numbers written by a
// program, which are expanded to their exact digits; numbers a spreadsheet
// shortened to scientific notation are refused.
func parseIdentifier(s string) (string, *problem) {
	t := strings.TrimSpace(s)
	upper := strings.ToUpper(t)
	if !strings.Contains(upper, "E") && !strings.Contains(t, ".") {
		return t, nil
	}
	sci := fail("SCIENTIFIC_NOTATION", "%q is a number shortened to scientific notation: its last digits are lost; format the column as text in the spreadsheet and type the full number", t)
	// "8,52620E+13": a French spreadsheet's display of a long number.
	if strings.Contains(upper, "E+") && strings.Contains(t, ",") {
		if _, _, _, _, _, ok := machineNumber(strings.Replace(t, ",", ".", 1)); ok {
			return "", sci
		}
	}
	neg, intPart, frac, exp, hasExp, ok := machineNumber(t)
	if !ok || neg {
		return t, nil // "A.12", "11.75.555": not a number, leave it to the field's own check
	}
	if !hasExp {
		if strings.Trim(frac, "0") == "" { // "73282932000074.0"
			return intPart, nil
		}
		return t, nil // "12.5": let the field's check say what is wrong
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	written := len(digits) // significant digits written in the mantissa
	shift := exp - len(frac)
	var out string
	if shift >= 0 {
		out = digits + strings.Repeat("0", shift)
	} else {
		if -shift > len(digits) || strings.Trim(digits[len(digits)+shift:], "0") != "" {
			return "", fail("IDENTIFIER_DECIMAL", "%q is a decimal number, not an identifier", t)
		}
		out = digits[:len(digits)+shift]
	}
	if out == "" {
		out = "0"
	}
	// A spreadsheet shows at most 6 significant digits in scientific
	// notation, and keeps at most 15 in a number.
	if (written <= 6 && len(out) > written) || len(out) > 15 {
		return "", sci
	}
	return out, nil
}

// parseDate reads a date serial (the 1900 or 1904 system) or a text date.
func parseDate(s string, date1904 bool) (domain.Date, *problem) {
	t := strings.TrimSpace(s)
	if whole, frac, _ := strings.Cut(t, "."); isDigits(whole) && (frac == "" || isDigits(frac)) {
		if len(whole) == 4 && frac == "" {
			if y, _ := strconv.Atoi(whole); y >= 1900 && y <= 2199 {
				return domain.Date{}, fail("DATE_FORMAT", "%q is a year, not a date: write DD/MM/YYYY", t)
			}
		}
		f, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return domain.Date{}, fail("DATE_FORMAT", "%q is not a date: write DD/MM/YYYY", t)
		}
		d, err := domain.DateFromExcelSerial(f, date1904)
		if err != nil {
			return domain.Date{}, fromDomain(err, "DATE_SERIAL")
		}
		if d.Year() < 1900 || d.Year() > 2199 {
			return domain.Date{}, fail("DATE_RANGE", "%q is not a plausible date (%s)", t, d.French())
		}
		return d, nil
	}
	d, err := domain.ParseDate(t)
	if err != nil {
		return domain.Date{}, fromDomain(err, "DATE_FORMAT")
	}
	return d, nil
}

// parseMoney reads an amount in euros. Floating-point noise in a number
// computed by a spreadsheet ("1234.5000000000002") is rounded to the cent.
func parseMoney(s string) (domain.Money, *problem) {
	t := strings.TrimSpace(s)
	if _, _, frac, _, hasExp, ok := machineNumber(t); ok && (hasExp || len(frac) >= 6) {
		f, err := strconv.ParseFloat(t, 64)
		if err == nil && !math.IsInf(f, 0) && math.Abs(f) < 1e13 {
			c := math.Round(f * 100)
			if math.Abs(f*100-c) < 1e-6*math.Max(1, math.Abs(c)) {
				return domain.Money(c), nil
			}
			return 0, fail("AMOUNT_FORMAT", "%q has more than two decimals: an amount in euros is counted in cents", t)
		}
	}
	m, err := domain.ParseMoney(t)
	if err != nil {
		return 0, fromDomain(err, "AMOUNT_FORMAT")
	}
	return m, nil
}

// normaliseNumber removes thousands separators and turns a decimal comma
// into a point: "1 234,5" → "1234.5", "1.234,5" → "1234.5".
func normaliseNumber(t string) string {
	v := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\u2009', '\'':
			return -1
		}
		return r
	}, t)
	if strings.Contains(v, ",") && strings.Contains(v, ".") {
		if strings.LastIndex(v, ",") > strings.LastIndex(v, ".") {
			v = strings.ReplaceAll(v, ".", "")
		} else {
			v = strings.ReplaceAll(v, ",", "")
		}
	}
	if strings.Count(v, ",") == 1 {
		v = strings.Replace(v, ",", ".", 1)
	}
	return v
}

// parseDecimal reads a number with a decimal comma or point.
func parseDecimal(s string) (float64, *problem) {
	t := strings.TrimSpace(s)
	v := normaliseNumber(t)
	if _, _, _, _, _, ok := machineNumber(v); !ok {
		return 0, fail("NUMBER_FORMAT", "%q is not a number (e.g. 14,5)", t)
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, fail("NUMBER_FORMAT", "%q is not a number (e.g. 14,5)", t)
	}
	return f, nil
}

// parseInteger reads a whole number.
func parseInteger(s string) (int64, *problem) {
	t := strings.TrimSpace(s)
	f, p := parseDecimal(t)
	if p != nil {
		return 0, fail("INTEGER_FORMAT", "%q is not a whole number", t)
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, fail("INTEGER_FORMAT", "%q is not a whole number", t)
	}
	return int64(f), nil
}

var boolWords = map[string]bool{
	"oui": true, "o": true, "yes": true, "y": true, "vrai": true, "true": true, "1": true, "x": true,
	"non": false, "n": false, "no": false, "faux": false, "false": false, "0": false,
}

func parseBool(s string) (bool, *problem) {
	if b, ok := boolWords[domain.Fold(s)]; ok {
		return b, nil
	}
	return false, fail("BOOL_FORMAT", "%q is neither oui nor non", strings.TrimSpace(s))
}

// enumIndex maps every folded spelling of f's choices to the canonical value.
func enumIndex(f Field) map[string]string {
	m := map[string]string{}
	for _, c := range f.choices() {
		m[domain.Fold(c.Value)] = c.Value
		for _, a := range c.Aliases {
			m[domain.Fold(a)] = c.Value
		}
	}
	return m
}

func parseEnum(f Field, index map[string]string, s string) (string, *problem) {
	if v, ok := index[domain.Fold(s)]; ok {
		return v, nil
	}
	return "", fail("VALUE_NOT_ALLOWED", "%q is not an allowed value; write one of: %s", strings.TrimSpace(s), strings.Join(f.AllowedValues(), ", "))
}
