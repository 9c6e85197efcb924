package domain_test

import (
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func TestParseMoney(t *testing.T) {
	for in, want := range map[string]domain.Money{
		"150":            15000,
		"150.5":          15050,
		"150,5":          15050,
		"0,05":           5,
		",50":            50,
		"28 500,00":      2850000,
		"28\u00a0500,00": 2850000, // NBSP
		"28\u202f500,00": 2850000, // narrow NBSP (Excel-fr, LibreOffice)
		"28 500,00 €":    2850000,
		"28 500,00€":     2850000,
		"28500 EUR":      2850000,
		"1.234,56":       123456,
		"1,234.56":       123456,
		"1.234.567,89":   123456789,
		"1 234 567,8":    123456780,
		"-12,50":         -1250,
		"- 12,50":        -1250,
		"0":              0,
		"  42  ":         4200,
		"9999999999999":  999999999999900,
	} {
		got, err := domain.ParseMoney(in)
		if err != nil || got != want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	_, err := domain.ParseMoney("")
	wantInvalid(t, err, "AMOUNT_EMPTY")
	_, err = domain.ParseMoney(" € ")
	wantInvalid(t, err, "AMOUNT_EMPTY")
	// "12,345" is ambiguous (3 decimals or a thousands separator): refused.
	for _, in := range []string{"12,345", "1.234", "12.5.6", "abc", "12,3a", "1e3", "--5", "+5", "-", ".", ",", "12,50-", "10000000000000"} {
		_, err := domain.ParseMoney(in)
		t.Run(in, func(t *testing.T) { wantInvalid(t, err, "AMOUNT_FORMAT", "is not an amount in euros") })
	}
}

func TestMoneyFormats(t *testing.T) {
	cases := []struct {
		m       domain.Money
		decimal string
		french  string
	}{
		{0, "0.00", "0,00\u00a0€"},
		{5, "0.05", "0,05\u00a0€"},
		{15000, "150.00", "150,00\u00a0€"},
		{123450, "1234.50", "1\u00a0234,50\u00a0€"},
		{2850000, "28500.00", "28\u00a0500,00\u00a0€"},
		{123456789, "1234567.89", "1\u00a0234\u00a0567,89\u00a0€"},
		{-1250, "-12.50", "-12,50\u00a0€"},
		{-123456, "-1234.56", "-1\u00a0234,56\u00a0€"},
	}
	for _, c := range cases {
		if got := c.m.Decimal(); got != c.decimal {
			t.Errorf("Money(%d).Decimal() = %q, want %q", c.m, got, c.decimal)
		}
		if got := c.m.French(); got != c.french {
			t.Errorf("Money(%d).French() = %q, want %q", c.m, got, c.french)
		}
		// What habil prints, it reads back.
		if back, err := domain.ParseMoney(c.m.French()); err != nil || back != c.m {
			t.Errorf("ParseMoney(%q) = %d, %v", c.m.French(), back, err)
		}
		if back, err := domain.ParseMoney(c.m.Decimal()); err != nil || back != c.m {
			t.Errorf("ParseMoney(%q) = %d, %v", c.m.Decimal(), back, err)
		}
	}
	if e := domain.Money(2850050).Euros(); e != 28500.5 {
		t.Errorf("Euros = %v", e)
	}
}
