package domain

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// This file holds the CPF accrochage model: what habil declares to the
// Caisse des Dépôts for each holder (one passage per delivered certificate),
// already mapped to the CDC's vocabulary, and the pre-flight rules that say
// why a holder cannot be sent. The XML itself is written by internal/cpf.

// CDCFlux is one file for the CDC: one certifier, its passages.
type CDCFlux struct {
	IDFlux         string
	At             time.Time // horodatage
	SenderClientID string    // emetteur/idClient (the certifier's BCR when it sends itself)
	ClientID       string    // certificateur/idClient
	Contract       string    // certificateur/idContrat
	Passages       []CDCPassage
}

// CDCPassage is one holder's certification as the CDC receives it. String
// fields hold CDC values ("" = unknown: nil or omitted as the schema allows).
type CDCPassage struct {
	CertCode    CertCode
	IDTechnique string

	CertificateNumber string // not sent: to name the passage in messages
	Holder            string // not sent: the holder's name in messages

	Obtention        string // PAR_ADMISSION | PAR_SCORING
	ExamStart        Date
	ExamEnd          Date
	ExamMode         string // EN_PRESENTIEL | A_DISTANCE | MIXTE
	CentrePostalCode string
	ValidFrom        Date
	ValidUntil       Date // zero: no expiry (nil)
	Scoring          string
	Mention          string // MENTION_* / SANS_MENTION
	Modalite         string // modaliteAcces
	VoieVAE          string // CONGES_VAE | VAE_CLASSIQUE
	RegisteredOn     Date

	BirthName       string
	UsageName       string
	FirstNames      []string
	BirthYear       int
	BirthMonth      int // 0 unknown
	BirthDay        int // 0 unknown
	Sex             string
	BirthINSEE      string
	BirthPostalCode string
	BirthTown       string
	BirthCountry    string
}

// CertType is the CDC "type" of the passage's certification (RNCP or RS).
func (p CDCPassage) CertType() string { return string(p.CertCode.Register()) }

// CDC values of the habil enumerations.
var (
	cdcMention = map[Mention]string{
		MentionSans:          "SANS_MENTION",
		MentionAssezBien:     "MENTION_ASSEZ_BIEN",
		MentionBien:          "MENTION_BIEN",
		MentionTresBien:      "MENTION_TRES_BIEN",
		MentionFelicitations: "MENTION_TRES_BIEN_AVEC_FELICITATIONS_DU_JURY",
	}
	cdcMode = map[ExamMode]string{ModeOnsite: "EN_PRESENTIEL", ModeRemote: "A_DISTANCE", ModeMixed: "MIXTE"}
	cdcVAE  = map[VAEType]string{VAEConge: "CONGES_VAE", VAEClassique: "VAE_CLASSIQUE"}
)

// CDCMention is the CDC mentionValidee value ("" when none).
func (m Mention) CDCMention() string { return cdcMention[m] }

// CDCMode is the CDC modalitePassageExamen value ("" when unknown).
func (m ExamMode) CDCMode() string { return cdcMode[m] }

// CDCVoie is the CDC voieAccessVAE value ("" when unknown).
func (v VAEType) CDCVoie() string { return cdcVAE[v] }

// CDCObtention is the CDC obtentionCertification value of a certification.
func (p CertificationParams) CDCObtention() string {
	if p.ByScore() {
		return "PAR_SCORING"
	}
	return "PAR_ADMISSION"
}

// Pre-flight codes: why a holder cannot be declared. The generator's own
// validation (internal/cpf) uses the same codes.
const (
	AccrochageNotDelivered  = "ACCROCHAGE_NOT_DELIVERED"
	AccrochageNotAdmitted   = "ACCROCHAGE_NOT_ADMITTED"
	AccrochageNoBirthName   = "ACCROCHAGE_NO_BIRTH_NAME"
	AccrochageNoFirstName   = "ACCROCHAGE_NO_FIRST_NAME"
	AccrochageNameTooLong   = "ACCROCHAGE_NAME_TOO_LONG"
	AccrochageNoBirthDate   = "ACCROCHAGE_NO_BIRTH_DATE"
	AccrochageBadBirthYear  = "ACCROCHAGE_BAD_BIRTH_YEAR"
	AccrochageNoSex         = "ACCROCHAGE_NO_SEX"
	AccrochageNoBirthCode   = "ACCROCHAGE_NO_BIRTH_CODE"
	AccrochageBadBirthCode  = "ACCROCHAGE_BAD_BIRTH_CODE"
	AccrochageNoJuryDate    = "ACCROCHAGE_NO_JURY_DATE"
	AccrochageBadDate       = "ACCROCHAGE_BAD_DATE"
	AccrochageBadValue      = "ACCROCHAGE_BAD_VALUE"
	AccrochageTooLong       = "ACCROCHAGE_TOO_LONG"
	AccrochageMissing       = "ACCROCHAGE_MISSING"
	AccrochageNoCDCIDs      = "ACCROCHAGE_NO_CDC_IDS"
	AccrochageTooManyFirsts = "ACCROCHAGE_TOO_MANY_FIRST_NAMES"
)

// AccrochageProblem is one reason a passage cannot be sent.
type AccrochageProblem struct {
	Code  string
	Field string // CDC element concerned, when one
	Msg   string
}

func (p AccrochageProblem) String() string { return p.Code + ": " + p.Msg }

// cdcMaxName is the XSD's length limit of names and first names.
const cdcMaxName = 60

// BuildCDCPassage maps a holder's enrolment to a CDC passage and lists what
// prevents sending it (empty: it can be sent). idTechnique is the passage's
// stable identifier.
func BuildCDCPassage(rec EnrollmentRecord, cert Certification, idTechnique string) (CDCPassage, []AccrochageProblem) {
	e, s := rec.Enrollment, rec.Session
	c := e.Candidate
	p := CDCPassage{
		CertCode:        cert.Code,
		IDTechnique:     idTechnique,
		Holder:          c.FullName(),
		Obtention:       cert.Params.CDCObtention(),
		Scoring:         strings.TrimSpace(e.Score),
		Mention:         e.Mention.CDCMention(),
		Modalite:        e.Access.CDCModalite(),
		RegisteredOn:    e.RegisteredOn,
		BirthName:       strings.TrimSpace(c.BirthName),
		UsageName:       strings.TrimSpace(c.UsageName),
		Sex:             string(c.Sex),
		BirthINSEE:      strings.TrimSpace(c.BirthINSEE),
		BirthPostalCode: strings.TrimSpace(c.BirthPostalCode),
		BirthTown:       strings.TrimSpace(c.BirthTown),
		BirthCountry:    strings.TrimSpace(c.BirthCountry),
	}
	if p.CertCode == "" && s != nil {
		p.CertCode = s.Certification
	}
	for _, f := range c.FirstNames {
		if f = strings.TrimSpace(f); f != "" {
			p.FirstNames = append(p.FirstNames, f)
		}
	}
	if e.Access == AccessVAE {
		p.VoieVAE = e.VAEType.CDCVoie()
	}
	if !c.BirthDate.IsZero() {
		p.BirthYear, p.BirthMonth, p.BirthDay = c.BirthDate.Year(), int(c.BirthDate.Month()), c.BirthDate.Day()
	}
	var probs []AccrochageProblem
	add := func(code, field, format string, args ...any) {
		probs = append(probs, AccrochageProblem{Code: code, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	if s != nil {
		p.ExamStart, p.ExamEnd = s.Date, s.LastDay()
		p.ExamMode = s.Mode.CDCMode()
		p.CentrePostalCode = strings.TrimSpace(s.PostalCode)
		p.ValidFrom = s.JuryDate
	}
	if e.Result != ResultAdmitted {
		add(AccrochageNotAdmitted, "", "the candidate was not admitted: only holders are declared")
	}
	crt := e.Certificate()
	if crt == nil || crt.IssuedOn.IsZero() {
		add(AccrochageNotDelivered, "", "the certificate is not delivered yet")
	} else {
		p.CertificateNumber = crt.Number
		if !crt.JuryDate.IsZero() {
			p.ValidFrom = crt.JuryDate
		}
	}
	if p.ValidFrom.IsZero() {
		add(AccrochageNoJuryDate, "dateDebutValidite", "no jury decision date: record the session's jury date")
	}
	probs = append(probs, CheckCDCPassage(p)...)
	return p, probs
}

// CheckCDCPassage checks the identity data of a passage against what the
// CDC needs (the generator checks the rest of the schema).
func CheckCDCPassage(p CDCPassage) []AccrochageProblem {
	var probs []AccrochageProblem
	add := func(code, field, format string, args ...any) {
		probs = append(probs, AccrochageProblem{Code: code, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	long := func(field, v string) {
		if n := utf8.RuneCountInString(v); n > cdcMaxName {
			add(AccrochageNameTooLong, field, "%s has %d characters, the CDC takes at most %d", field, n, cdcMaxName)
		}
	}
	if p.BirthName == "" {
		add(AccrochageNoBirthName, "nomNaissance", "no birth name")
	}
	long("nomNaissance", p.BirthName)
	long("nomUsage", p.UsageName)
	if len(p.FirstNames) == 0 {
		add(AccrochageNoFirstName, "prenom1", "no first name")
	}
	if len(p.FirstNames) > 3 {
		add(AccrochageTooManyFirsts, "prenom3", "%d first names: the CDC takes at most 3", len(p.FirstNames))
	}
	for i, f := range p.FirstNames {
		long(fmt.Sprintf("prenom%d", i+1), f)
	}
	switch {
	case p.BirthYear == 0:
		add(AccrochageNoBirthDate, "anneeNaissance", "no birth date")
	case p.BirthYear < 1900 || p.BirthYear > 2099:
		add(AccrochageBadBirthYear, "anneeNaissance", "birth year %d is outside 1900..2099", p.BirthYear)
	}
	if p.Sex != "M" && p.Sex != "F" {
		add(AccrochageNoSex, "sexe", "no sex recorded (M or F)")
	}
	switch {
	case p.BirthINSEE == "" && p.BirthPostalCode == "":
		add(AccrochageNoBirthCode, "codeInsee", "no INSEE code of the birth commune (99xxx for a foreign country) nor birth postal code")
	case p.BirthINSEE != "" && !isCOG(p.BirthINSEE):
		add(AccrochageBadBirthCode, "codeInsee", "birth INSEE code %q is not 5 characters (2A/2B for Corsica, 99xxx abroad)", p.BirthINSEE)
	}
	return probs
}

// isCOG reports whether s looks like an INSEE commune or country code.
func isCOG(s string) bool {
	if len(s) != 5 {
		return false
	}
	for i, r := range s {
		if r >= '0' && r <= '9' || i == 1 && (r == 'A' || r == 'B') {
			continue
		}
		return false
	}
	return true
}

// BornAbroad reports whether the INSEE code is a foreign country's (99xxx).
func (p CDCPassage) BornAbroad() bool {
	return strings.HasPrefix(p.BirthINSEE, "99") && len(p.BirthINSEE) == 5
}

// SortCDCPassages orders passages deterministically: certification code,
// then idTechnique.
func SortCDCPassages(ps []CDCPassage) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].CertCode != ps[j].CertCode {
			return ps[i].CertCode < ps[j].CertCode
		}
		return ps[i].IDTechnique < ps[j].IDTechnique
	})
}
