package domain_test

import (
	"testing"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024-03-15":          "2024-03-15",
		"15/03/2024":          "2024-03-15",
		"5/3/2024":            "2024-03-05",
		"05/3/2024":           "2024-03-05",
		"5/03/2024":           "2024-03-05",
		"15-03-2024":          "2024-03-15",
		"15.03.2024":          "2024-03-15",
		" 15/03/2024 ":        "2024-03-15",
		"15/03/2024 00:00":    "2024-03-15",
		"2024-03-15T10:30:00": "2024-03-15",
		"29/02/2024":          "2024-02-29",
		"31/12/2099":          "2099-12-31",
		"01/01/1900":          "1900-01-01",
	} {
		got, err := domain.ParseDate(in)
		if err != nil || got.String() != want {
			t.Errorf("ParseDate(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	_, err := domain.ParseDate("")
	wantInvalid(t, err, "DATE_EMPTY")
	for _, in := range []string{"29/02/2023", "2023-02-29", "31/04/2024", "2024-04-31", "30/02/2024"} {
		_, err := domain.ParseDate(in)
		wantInvalid(t, err, "DATE_RANGE", in, "not a real date")
	}
	for _, in := range []string{"32/01/2024", "15/13/2024", "00/01/2024", "2024-00-10", "15/03/1899"} {
		_, err := domain.ParseDate(in)
		wantInvalid(t, err, "DATE_RANGE", in)
	}
	// Two-digit years are ambiguous and refused; so is anything not a date.
	for _, in := range []string{"15/03/24", "5/3/24", "24-03-15", "15 mars 2024", "2024/03/15", "2024-3-15", "15/03", "yesterday", "45366", "123/03/2024", "2024-0a-15"} {
		_, err := domain.ParseDate(in)
		wantInvalid(t, err, "DATE_FORMAT", "YYYY-MM-DD or DD/MM/YYYY")
	}
}

func TestParseOptionalDate(t *testing.T) {
	d, err := domain.ParseOptionalDate("  ")
	if err != nil || !d.IsZero() {
		t.Errorf("ParseOptionalDate(blank) = %v, %v", d, err)
	}
	if _, err := domain.ParseOptionalDate("31/04/2024"); err == nil {
		t.Error("ParseOptionalDate accepted 31/04/2024")
	}
}

func TestDateFormats(t *testing.T) {
	d := domain.NewDate(2026, time.March, 1)
	if d.String() != "2026-03-01" || d.French() != "01/03/2026" || d.FrenchLong() != "1er mars 2026" {
		t.Errorf("got %s %s %s", d, d.French(), d.FrenchLong())
	}
	d = domain.NewDate(2026, time.August, 15)
	if d.FrenchLong() != "15 août 2026" {
		t.Errorf("FrenchLong = %q", d.FrenchLong())
	}
	var z domain.Date
	if !z.IsZero() || z.String() != "" || z.French() != "" || z.FrenchLong() != "" {
		t.Error("the zero date must print as empty")
	}
	if d.Year() != 2026 || d.Month() != time.August || d.Day() != 15 {
		t.Error("parts")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("NewDate(2023, 2, 29) did not panic")
			}
		}()
		domain.NewDate(2023, time.February, 29)
	}()
}

func TestExcelSerial(t *testing.T) {
	cases := []struct {
		serial float64
		d1904  bool
		want   string
	}{
		{1, false, "1900-01-01"},
		{31, false, "1900-01-31"},
		{59, false, "1900-02-28"},
		// Excel's phantom 1900-02-29 is serial 60: from 61 on, serials are one too high.
		{61, false, "1900-03-01"},
		{367, false, "1901-01-01"},
		{36526, false, "2000-01-01"},
		{45000, false, "2023-03-15"},
		{45366, false, "2024-03-15"},
		{45366.75, false, "2024-03-15"}, // a time of day is ignored
		{2958465, false, "9999-12-31"},
		// 1904 system (old Mac workbooks): 1462 days less.
		{1, true, "1904-01-02"},
		{43538, true, "2023-03-15"},
		{43904, true, "2024-03-15"},
	}
	for _, c := range cases {
		got, err := domain.DateFromExcelSerial(c.serial, c.d1904)
		if err != nil || got.String() != c.want {
			t.Errorf("DateFromExcelSerial(%v, 1904=%v) = %s, %v; want %s", c.serial, c.d1904, got, err, c.want)
		}
	}
	for _, s := range []float64{0, -1, 2958466} {
		_, err := domain.DateFromExcelSerial(s, false)
		wantInvalid(t, err, "DATE_SERIAL")
	}
}

func TestDateArithmetic(t *testing.T) {
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2024-01-31", 1, "2024-02-29"},
		{"2023-01-31", 1, "2023-02-28"},
		{"2024-03-31", 1, "2024-04-30"},
		{"2024-01-15", 1, "2024-02-15"},
		{"2024-11-30", 2, "2025-01-30"},
		{"2024-01-31", 12, "2025-01-31"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-01-31", 24, "2026-01-31"},
		{"2024-03-31", -1, "2024-02-29"},
		{"2024-01-31", -1, "2023-12-31"},
		{"2024-01-15", -12, "2023-01-15"},
		{"2024-01-15", -13, "2022-12-15"},
		{"2024-06-30", 6, "2024-12-30"},
		{"2024-06-15", 0, "2024-06-15"},
	}
	for _, c := range cases {
		got := domain.MustDate(c.from).AddMonths(c.n)
		if got.String() != c.want {
			t.Errorf("%s + %d months = %s, want %s", c.from, c.n, got, c.want)
		}
	}
	d := domain.MustDate("2024-02-28")
	if got := d.AddDays(1); got.String() != "2024-02-29" {
		t.Errorf("AddDays = %s", got)
	}
	if got := d.AddDays(-59); got.String() != "2023-12-31" {
		t.Errorf("AddDays(-59) = %s", got)
	}
	if n := domain.MustDate("2024-01-01").DaysUntil(domain.MustDate("2025-01-01")); n != 366 {
		t.Errorf("DaysUntil = %d", n)
	}
	if n := domain.MustDate("2024-03-31").DaysUntil(domain.MustDate("2024-03-30")); n != -1 {
		t.Errorf("DaysUntil backwards = %d", n)
	}
	a, b := domain.MustDate("2024-03-15"), domain.MustDate("2024-04-01")
	if !a.Before(b) || a.After(b) || !b.After(a) || a.Equal(b) || a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Error("comparisons")
	}
	if !domain.MustDate("2023-12-31").Before(domain.MustDate("2024-01-01")) {
		t.Error("year comparison")
	}
	if got := domain.DateOf(time.Date(2024, 3, 15, 23, 59, 0, 0, time.FixedZone("CET", 3600))); got.String() != "2024-03-15" {
		t.Errorf("DateOf = %s", got)
	}
}
