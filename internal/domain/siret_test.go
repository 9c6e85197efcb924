package domain_test

import (
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func TestParseSIRETValid(t *testing.T) {
	cases := []struct{ in, want string }{
		{"73282932000074", "73282932000074"},
		{"81738914100018", "81738914100018"},
		{"85262016007290", "85262016007290"},
		// La Poste: the head office passes Luhn, an establishment only the mod-5 rule.
		{"35600000000048", "35600000000048"},
		{"35600000049837", "35600000049837"},
		// Separators people type or spreadsheets add.
		{"732 829 320 00074", "73282932000074"},
		{"732.829.320.00074", "73282932000074"},
		{"732-829-320-00074", "73282932000074"},
		{"\t73282932000074", "73282932000074"},                 // France Compétences CSV: leading TAB
		{"732\u00a0829\u00a0320\u00a000074", "73282932000074"}, // NBSP
		{"732\u202f829\u202f320\u202f00074", "73282932000074"}, // narrow NBSP
		{"  73282932000074\r\n", "73282932000074"},
	}
	for _, c := range cases {
		got, err := domain.ParseSIRET(c.in)
		if err != nil {
			t.Errorf("ParseSIRET(%q): %v", c.in, err)
			continue
		}
		if string(got) != c.want {
			t.Errorf("ParseSIRET(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestParseSIRETInvalid(t *testing.T) {
	cases := []struct {
		in, code string
		frag     []string
	}{
		{"", "SIRET_MISSING", []string{"empty", "14 digits"}},
		{"   ", "SIRET_MISSING", nil},
		{"7328293200007", "SIRET_LENGTH", []string{"13 digits", "a SIRET has 14"}},
		{"732829320000744", "SIRET_LENGTH", []string{"15 digits"}},
		{"7328293200007A", "SIRET_FORMAT", []string{"digits only"}},
		{"SIRET 73282932000074", "SIRET_FORMAT", nil},
		// Excel turned the column into a number.
		{"8,52620E+13", "SIRET_SCIENTIFIC", []string{"scientific notation", "format the SIRET column as text"}},
		{"8.52620E+13", "SIRET_SCIENTIFIC", nil},
		{"8,5262016007290e+13", "SIRET_SCIENTIFIC", nil},
		// Checksums.
		{"73282932000075", "SIRET_CHECKSUM", []string{"732 829 320 00075", "checksum", "annuaire-entreprises"}},
		// La Poste SIREN but neither Luhn nor mod 5.
		{"35600000049838", "SIRET_CHECKSUM", []string{"356 000 000 49838"}},
		// The mod-5 rule is only for La Poste: this number's digit sum is a multiple of 5.
		{"73282932000004", "SIRET_CHECKSUM", nil},
	}
	for _, c := range cases {
		_, err := domain.ParseSIRET(c.in)
		t.Run(c.in, func(t *testing.T) { wantInvalid(t, err, c.code, c.frag...) })
	}
}

func TestSIRETChecksumOK(t *testing.T) {
	for s, want := range map[string]bool{
		"73282932000074": true,
		"35600000000048": true,  // Luhn
		"35600000049837": true,  // mod 5 only
		"35600000049838": false, // neither
		"73282932000004": false, // mod 5 without being La Poste
		"7328293200007":  false, // 13 digits
		"7328293200007x": false,
	} {
		if got := domain.SIRETChecksumOK(s); got != want {
			t.Errorf("SIRETChecksumOK(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestSIRETFormatting(t *testing.T) {
	s := domain.SIRET("85262016007290")
	if got := s.Formatted(); got != "852 620 160 07290" {
		t.Errorf("Formatted = %q", got)
	}
	if got := s.SIREN(); got != "852620160" {
		t.Errorf("SIREN = %q", got)
	}
	if got := domain.FormatSIRET("123"); got != "123" {
		t.Errorf("FormatSIRET of a short value = %q, want it unchanged", got)
	}
}

func TestParseSIREN(t *testing.T) {
	for _, in := range []string{"732829320", "732 829 320", "817389141", "356000000"} {
		if _, err := domain.ParseSIREN(in); err != nil {
			t.Errorf("ParseSIREN(%q): %v", in, err)
		}
	}
	_, err := domain.ParseSIREN("732829321")
	wantInvalid(t, err, "SIREN_CHECKSUM", "732829321")
	_, err = domain.ParseSIREN("73282932")
	wantInvalid(t, err, "SIREN_FORMAT", "9 digits")
	_, err = domain.ParseSIREN("73282932A")
	wantInvalid(t, err, "SIREN_FORMAT")
	_, err = domain.ParseSIREN("73282932000074")
	wantInvalid(t, err, "SIREN_FORMAT")
}

func TestParseNDA(t *testing.T) {
	for in, want := range map[string]string{
		"11755555555":       "11755555555",
		"11 75 55555 55":    "11755555555",
		"117.555.555.55":    "11755555555",
		"\u00a011755555555": "11755555555",
		"":                  "",
		"   ":               "",
	} {
		got, err := domain.ParseNDA(in)
		if err != nil || string(got) != want {
			t.Errorf("ParseNDA(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"1175555555", "117555555555", "1175555555A", "NDA11755555"} {
		_, err := domain.ParseNDA(in)
		wantInvalid(t, err, "NDA_FORMAT", "11 digits")
	}
}

func TestParseUAI(t *testing.T) {
	for in, want := range map[string]string{
		"0751234J":  "0751234J",
		"0751234j":  "0751234J",
		"0010856A":  "0010856A",
		"0751234 J": "0751234J",
		"":          "",
	} {
		got, err := domain.ParseUAI(in)
		if err != nil || got != want {
			t.Errorf("ParseUAI(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := domain.ParseUAI("0751234K")
	wantInvalid(t, err, "UAI_CHECKSUM", "should be J")
	_, err = domain.ParseUAI("0010856B")
	wantInvalid(t, err, "UAI_CHECKSUM", "should be A")
	for _, in := range []string{"075123J", "07512345J", "A751234J", "07512345"} {
		_, err := domain.ParseUAI(in)
		wantInvalid(t, err, "UAI_FORMAT", "7 digits and a letter")
	}
}

func TestCompleteLuhn(t *testing.T) {
	for _, base := range []string{"7328293200007", "8526201600729", "0000000000000", "4000000000007"} {
		c := domain.CompleteLuhn(base)
		if len(c) != 14 || c[:13] != base || !domain.SIRETChecksumOK(c) {
			t.Errorf("CompleteLuhn(%s) = %s", base, c)
		}
	}
	if c := domain.CompleteLuhn("73282932"); c != "732829320" {
		t.Errorf("SIREN: %s", c)
	}
}
