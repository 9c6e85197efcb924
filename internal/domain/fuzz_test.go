package domain

import "testing"

// FuzzParseDate: any text is parsed or refused with a message, never a
// panic; a date parsed prints back to itself.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-01-15", "15/01/2026", "1/2/2026", "29/02/2024", "29/02/2025", "31/04/2026", "0000-00-00",
		"9999-12-31", "2026-1-5", " 15/01/2026 ", "15.01.2026", "46023", "", "2026-01-15T10:00:00Z", "٢٠٢٦-٠١-١٥"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseDate(%q): an error without a message", s)
			}
			return
		}
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %s, which parses back as %s, %v", s, d, back, err)
		}
		if d.Year() < 1 || d.Year() > 9999 {
			t.Fatalf("ParseDate(%q) = year %d", s, d.Year())
		}
	})
}

// FuzzParseSIRET: a SIRET accepted is 14 digits with a valid key and
// parses back to itself.
func FuzzParseSIRET(f *testing.F) {
	for _, s := range []string{"73282932000074", "732 829 320 00074", "732.829.320.00074", "35600000000048", "73282932000075",
		"1234567890123", "", "７３２８２９３２０００７４", "356000000 00048 ", "abcdefghijklmn"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseSIRET(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseSIRET(%q): an error without a message", s)
			}
			return
		}
		if len(v) != 14 {
			t.Fatalf("ParseSIRET(%q) = %q, not 14 digits", s, v)
		}
		for _, r := range v {
			if r < '0' || r > '9' {
				t.Fatalf("ParseSIRET(%q) = %q, not digits", s, v)
			}
		}
		if back, err := ParseSIRET(string(v)); err != nil || back != v {
			t.Fatalf("ParseSIRET(%q) = %q, which parses back as %q, %v", s, v, back, err)
		}
	})
}
