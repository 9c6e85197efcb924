package domain_test

import (
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func TestParseCertCode(t *testing.T) {
	for in, want := range map[string]string{
		"RNCP35419":    "RNCP35419",
		"rncp 35419":   "RNCP35419",
		" Rncp35419 ":  "RNCP35419",
		"RNCP 35 419":  "RNCP35419",
		"RNCP509":      "RNCP509",
		"RS5568":       "RS5568",
		"rs 5000":      "RS5000",
		"RNCP123456":   "RNCP123456",
		"RNCP\t40505":  "RNCP40505",
		"rs\u00a05568": "RS5568",
	} {
		got, err := domain.ParseCertCode(in)
		if err != nil || string(got) != want {
			t.Errorf("ParseCertCode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	// A bare number: the register must be named, and the message says how.
	_, err := domain.ParseCertCode("35419")
	wantInvalid(t, err, "CERTIFICATION_CODE", "write RNCP35419 or RS35419")
	for _, in := range []string{"", "RNCP", "RS", "RNCP1234567", "RNCP35419BC01", "CPF1234", "RNCP-35419", "RNCPABC"} {
		_, err := domain.ParseCertCode(in)
		wantInvalid(t, err, "CERTIFICATION_CODE", "RNCP35419", "RS5568")
	}
}

func TestCertCodeParts(t *testing.T) {
	c := domain.CertCode("RNCP35419")
	if c.Register() != domain.RNCP || c.Number() != "35419" || c.String() != "RNCP35419" {
		t.Errorf("RNCP35419: register %s number %s", c.Register(), c.Number())
	}
	r := domain.CertCode("RS5568")
	if r.Register() != domain.RS || r.Number() != "5568" {
		t.Errorf("RS5568: register %s number %s", r.Register(), r.Number())
	}
}

func TestParseBlocCode(t *testing.T) {
	cert := domain.CertCode("RNCP35419")
	for in, want := range map[string]string{
		"RNCP35419BC02":  "RNCP35419BC02",
		"rncp35419bc02":  "RNCP35419BC02",
		"RNCP35419 BC02": "RNCP35419BC02",
		"BC02":           "RNCP35419BC02",
		"bc02":           "RNCP35419BC02",
		"02":             "RNCP35419BC02",
		"2":              "RNCP35419BC02",
		"12":             "RNCP35419BC12",
		" 3 ":            "RNCP35419BC03",
	} {
		got, err := domain.ParseBlocCode(cert, in)
		if err != nil || got != want {
			t.Errorf("ParseBlocCode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	// RS certifications have no blocs.
	_, err := domain.ParseBlocCode("RS5568", "BC01")
	wantInvalid(t, err, "BLOC_ON_RS", "RS5568", "no blocs")
	// A bloc of another certification.
	_, err = domain.ParseBlocCode(cert, "RNCP12345BC01")
	wantInvalid(t, err, "BLOC_CODE", "RNCP12345BC01 does not belong to RNCP35419")
	_, err = domain.ParseBlocCode(cert, "RNCP354190BC01")
	wantInvalid(t, err, "BLOC_CODE", "does not belong")
	for _, in := range []string{"", "BC", "BC1234", "123", "B02", "RNCP35419BC1", "RNCP35419BC001", "bloc 2"} {
		_, err := domain.ParseBlocCode(cert, in)
		wantInvalid(t, err, "BLOC_CODE", "RNCP35419BC01")
	}
	if !domain.ValidBlocCodeSyntax("RNCP509BC05") || domain.ValidBlocCodeSyntax("BC05") || domain.ValidBlocCodeSyntax("RS5568BC01") {
		t.Error("ValidBlocCodeSyntax")
	}
}

func TestParseCDCClientID(t *testing.T) {
	for in, want := range map[string]string{
		"03VML243":   "03VML243",
		"12abc345":   "12ABC345",
		" 12ABC345 ": "12ABC345",
		"":           "",
	} {
		got, err := domain.ParseCDCClientID(in)
		if err != nil || got != want {
			t.Errorf("ParseCDCClientID(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"12ABC34", "12ABC3456", "12ABC-45", "12 ABC345", "12ABC34é"} {
		_, err := domain.ParseCDCClientID(in)
		wantInvalid(t, err, "CDC_CLIENT_ID", "exactly 8 letters or digits")
	}
}

func TestParseCDCContractID(t *testing.T) {
	for in, want := range map[string]string{
		"MCFCER000123":         "MCFCER000123",
		"A":                    "A",
		"12345678901234567890": "12345678901234567890",
		"  MCFCER000123 ":      "MCFCER000123",
		"":                     "",
	} {
		got, err := domain.ParseCDCContractID(in)
		if err != nil || got != want {
			t.Errorf("ParseCDCContractID(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"123456789012345678901", "MCFCER 000123", "MCFCER\t1"} {
		_, err := domain.ParseCDCContractID(in)
		wantInvalid(t, err, "CDC_CONTRACT_ID", "at most 20 characters")
	}
}
