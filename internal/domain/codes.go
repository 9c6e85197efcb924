package domain

import (
	"fmt"
	"regexp"
	"strings"
)

// Register is the France Compétences register a certification belongs to.
type Register string

const (
	RNCP Register = "RNCP"
	RS   Register = "RS"
)

var (
	reCertCode = regexp.MustCompile(`^(RNCP|RS)(\d{1,6})$`)
	reBloc     = regexp.MustCompile(`^RNCP\d{1,6}BC\d{2}$`)
	reCDCID    = regexp.MustCompile(`^[A-Za-z0-9]{8}$`)
)

// CertCode is a certification code with its prefix, e.g. RNCP35419 or RS5568.
type CertCode string

// ParseCertCode normalises and validates an RNCP or RS code. "rncp 35419"
// becomes RNCP35419. A bare number is refused: the register must be named.
func ParseCertCode(s string) (CertCode, error) {
	c := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if reCertCode.MatchString(c) {
		return CertCode(c), nil
	}
	if allDigits(c) {
		return "", Invalid("CERTIFICATION_CODE", "%q is not a certification code: write RNCP%s or RS%s", s, c, c)
	}
	return "", Invalid("CERTIFICATION_CODE", "%q is not a certification code: expected RNCP followed by digits (RNCP35419) or RS followed by digits (RS5568)", s)
}

// Register returns RNCP or RS.
func (c CertCode) Register() Register {
	if strings.HasPrefix(string(c), "RNCP") {
		return RNCP
	}
	return RS
}

// Number returns the digits of the code.
func (c CertCode) Number() string {
	return strings.TrimPrefix(strings.TrimPrefix(string(c), "RNCP"), "RS")
}

func (c CertCode) String() string { return string(c) }

// ParseBlocCode validates a bloc code for the given certification.
// Bloc codes look like RNCP35419BC01; a bare "BC01" or "01" is completed with
// the certification code. RS certifications have no blocs.
func ParseBlocCode(cert CertCode, s string) (string, error) {
	c := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if cert.Register() == RS {
		return "", Invalid("BLOC_ON_RS", "%s is an RS certification: it has no blocs (got %q)", cert, s)
	}
	if allDigits(c) && len(c) <= 2 {
		c = fmt.Sprintf("%sBC%02s", cert, c)
		c = strings.ReplaceAll(c, " ", "0")
	} else if strings.HasPrefix(c, "BC") && allDigits(c[2:]) && len(c) == 4 {
		c = string(cert) + c
	}
	if !reBloc.MatchString(c) {
		return "", Invalid("BLOC_CODE", "%q is not a bloc code: expected %sBC01, %sBC02, …", s, cert, cert)
	}
	if !strings.HasPrefix(c, string(cert)+"BC") {
		return "", Invalid("BLOC_CODE", "bloc %s does not belong to %s", c, cert)
	}
	return c, nil
}

// ValidBlocCodeSyntax reports whether s looks like a bloc code of any certification.
func ValidBlocCodeSyntax(s string) bool { return reBloc.MatchString(s) }

// ParseCDCClientID validates the CDC "idClient" (BCR): exactly 8 letters or digits.
func ParseCDCClientID(s string) (string, error) {
	c := strings.TrimSpace(s)
	if c == "" {
		return "", nil
	}
	if !reCDCID.MatchString(c) {
		return "", Invalid("CDC_CLIENT_ID", "%q is not a CDC idClient: it must be exactly 8 letters or digits (e.g. 12ABC345)", s)
	}
	return strings.ToUpper(c), nil
}

// ParseCDCContractID validates the CDC "idContrat": 1 to 20 characters, no spaces.
func ParseCDCContractID(s string) (string, error) {
	c := strings.TrimSpace(s)
	if c == "" {
		return "", nil
	}
	if len(c) > 20 || strings.ContainsAny(c, " \t") {
		return "", Invalid("CDC_CONTRACT_ID", "%q is not a CDC idContrat: at most 20 characters without spaces (e.g. MCFCER000123)", s)
	}
	return c, nil
}
