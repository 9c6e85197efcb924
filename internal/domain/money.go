package domain

import (
	"fmt"
	"strconv"
	"strings"
)

// Money is an amount in euro cents.
type Money int64

// ParseMoney reads "150", "150.5", "1 234,56", "28 500,00 €" (spaces, NBSP
// and narrow NBSP as thousands separators, comma or dot as decimal mark,
// at most two decimals).
func ParseMoney(s string) (Money, error) {
	in := strings.TrimSpace(s)
	v := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(in, "EUR")), "€"))
	v = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\'':
			return -1
		}
		return r
	}, v)
	if v == "" {
		return 0, Invalid("AMOUNT_EMPTY", "the amount is empty")
	}
	neg := false
	if strings.HasPrefix(v, "-") {
		neg = true
		v = v[1:]
	}
	// "1.234,56": dot thousands + comma decimals.
	if strings.Contains(v, ",") && strings.Contains(v, ".") {
		if strings.LastIndex(v, ",") > strings.LastIndex(v, ".") {
			v = strings.ReplaceAll(v, ".", "")
		} else {
			v = strings.ReplaceAll(v, ",", "")
		}
	}
	v = strings.Replace(v, ",", ".", 1)
	whole, frac, _ := strings.Cut(v, ".")
	digits := whole + frac
	if whole == "" {
		whole = "0"
	}
	if digits == "" || !allDigits(whole) || (frac != "" && !allDigits(frac)) || len(frac) > 2 || len(whole) > 13 {
		return 0, Invalid("AMOUNT_FORMAT", "%q is not an amount in euros (e.g. 150 or 1 234,50)", in)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	m := Money(w*100 + f)
	if neg {
		m = -m
	}
	return m, nil
}

// Decimal returns "150.00" (the JSON form).
func (m Money) Decimal() string {
	sign := ""
	v := int64(m)
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// French returns "1 234,50 €" with a no-break space (U+00A0) as thousands separator
// and before the euro sign.
func (m Money) French() string {
	sign := ""
	v := int64(m)
	if v < 0 {
		sign, v = "-", -v
	}
	whole := strconv.FormatInt(v/100, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s%s,%02d\u00a0€", sign, b.String(), v%100)
}

// Euros returns the amount as a float (for spreadsheets only).
func (m Money) Euros() float64 { return float64(m) / 100 }
