package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a civil date (no time, no zone). The zero Date means "no date".
type Date struct {
	y int
	m time.Month
	d int
}

// NewDate builds a date; it panics on an impossible date (programming error).
func NewDate(y int, m time.Month, d int) Date {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || t.Month() != m || t.Day() != d {
		panic(fmt.Sprintf("domain.NewDate: invalid date %d-%d-%d", y, m, d))
	}
	return Date{y, m, d}
}

// DateOf returns the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is the zero (absent) date.
func (d Date) IsZero() bool { return d.y == 0 }

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, time.UTC) }

// Year, Month and Day return the parts.
func (d Date) Year() int         { return d.y }
func (d Date) Month() time.Month { return d.m }
func (d Date) Day() int          { return d.d }

// String returns YYYY-MM-DD ("" for the zero date).
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.y, int(d.m), d.d)
}

// French returns DD/MM/YYYY ("" for the zero date).
func (d Date) French() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.d, int(d.m), d.y)
}

var frMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// FrenchLong returns "1er mars 2026" / "15 mars 2026".
func (d Date) FrenchLong() string {
	if d.IsZero() {
		return ""
	}
	day := strconv.Itoa(d.d)
	if d.d == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %d", day, frMonths[d.m-1], d.y)
}

// AddDays returns d + n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// AddMonths returns d + n months, clamped to the end of the month (31 Jan + 1 month = 28/29 Feb).
func (d Date) AddMonths(n int) Date {
	y, m := d.y, int(d.m)-1+n
	y += m / 12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	last := time.Date(y, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day()
	day := d.d
	if day > last {
		day = last
	}
	return Date{y, time.Month(m + 1), day}
}

// Before, After and Equal compare dates.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }
func (d Date) After(o Date) bool  { return d.Compare(o) > 0 }
func (d Date) Equal(o Date) bool  { return d == o }

// Compare returns -1, 0 or 1.
func (d Date) Compare(o Date) int {
	switch {
	case d.y != o.y:
		return cmpInt(d.y, o.y)
	case d.m != o.m:
		return cmpInt(int(d.m), int(o.m))
	default:
		return cmpInt(d.d, o.d)
	}
}

func cmpInt(a, b int) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// DaysUntil returns the number of days from d to o (negative when o is before d).
func (d Date) DaysUntil(o Date) int {
	return int(o.Time().Sub(d.Time()).Hours() / 24)
}

// ParseDate reads YYYY-MM-DD, DD/MM/YYYY, D/M/YYYY (also with '-' or '.'
// between French parts, and a trailing time "15/03/2024 00:00" that is
// ignored). Years must have four digits.
func ParseDate(s string) (Date, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return Date{}, Invalid("DATE_EMPTY", "the date is empty")
	}
	v := in
	if i := strings.IndexAny(v, " T"); i > 0 {
		v = v[:i]
	}
	bad := func() (Date, error) {
		return Date{}, Invalid("DATE_FORMAT", "%q is not a date: write YYYY-MM-DD or DD/MM/YYYY", in)
	}
	var y, m, d int
	var err error
	switch {
	case len(v) == 10 && v[4] == '-' && v[7] == '-':
		y, err = strconv.Atoi(v[0:4])
		if err != nil {
			return bad()
		}
		if m, err = strconv.Atoi(v[5:7]); err != nil {
			return bad()
		}
		if d, err = strconv.Atoi(v[8:10]); err != nil {
			return bad()
		}
	default:
		parts := strings.FieldsFunc(v, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
		if len(parts) != 3 || len(parts[2]) != 4 || len(parts[0]) > 2 || len(parts[1]) > 2 {
			return bad()
		}
		if d, err = strconv.Atoi(parts[0]); err != nil {
			return bad()
		}
		if m, err = strconv.Atoi(parts[1]); err != nil {
			return bad()
		}
		if y, err = strconv.Atoi(parts[2]); err != nil {
			return bad()
		}
	}
	if y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > 31 {
		return Date{}, Invalid("DATE_RANGE", "%q is not a real date", in)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return Date{}, Invalid("DATE_RANGE", "%q is not a real date (%s %d has no day %d)", in, time.Month(m), y, d)
	}
	return Date{y, time.Month(m), d}, nil
}

// MustDate parses an ISO date and panics on error (tests and constants only).
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// ParseOptionalDate returns the zero date for an empty string.
func ParseOptionalDate(s string) (Date, error) {
	if strings.TrimSpace(s) == "" {
		return Date{}, nil
	}
	return ParseDate(s)
}

// DateFromExcelSerial converts a spreadsheet serial day number (1900 or 1904
// date system) to a date. Fractions (times) are ignored.
func DateFromExcelSerial(serial float64, date1904 bool) (Date, error) {
	if serial < 1 || serial > 2958465 {
		return Date{}, Invalid("DATE_SERIAL", "%v is not a spreadsheet date", serial)
	}
	days := int(serial)
	var base time.Time
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	} else {
		// Excel counts 1900-02-29, which did not exist: serials from 61 on are one too high.
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
		if days >= 60 {
			days--
		}
	}
	return DateOf(base.AddDate(0, 0, days)), nil
}
