package domain

import (
	"strings"
)

// This file holds the insertion surveys of certificate holders (the 6-month
// and 24-month waves France Compétences asks for) and their values.

// SurveyWave is one of the two insertion survey waves.
type SurveyWave string

const (
	Wave6m  SurveyWave = "6m"
	Wave24m SurveyWave = "24m"
)

// SurveyWaves lists the waves in order.
var SurveyWaves = []SurveyWave{Wave6m, Wave24m}

// Months is the number of months after the jury decision the wave is due.
func (w SurveyWave) Months() int {
	if w == Wave24m {
		return 24
	}
	return 6
}

// ParseSurveyWave reads "6m", "6 mois", "24m", "24 mois", "2 ans".
func ParseSurveyWave(s string) (SurveyWave, error) {
	switch strings.ReplaceAll(Fold(s), " ", "") {
	case "6m", "6mois", "6", "6months":
		return Wave6m, nil
	case "24m", "24mois", "24", "2ans", "24months", "2years":
		return Wave24m, nil
	}
	return "", Invalid("SURVEY_WAVE", "%q is not a survey wave: use 6m or 24m", strings.TrimSpace(s))
}

// Situation is a holder's situation as answered to a survey.
type Situation string

const (
	SituationEmployed   Situation = "emploi"     // in employment
	SituationSeeking    Situation = "recherche"  // looking for work
	SituationStudies    Situation = "etudes"     // further studies (neutralised)
	SituationUnable     Situation = "incapacite" // unable to work (neutralised)
	SituationAbroad     Situation = "etranger"   // working outside the French labour market (neutralised by default)
	SituationInactive   Situation = "inactif"    // other inactivity
	situationValuesText           = "emploi, recherche, etudes, incapacite, etranger, inactif"
)

// Situations lists the situation values.
var Situations = []Situation{SituationEmployed, SituationSeeking, SituationStudies, SituationUnable, SituationAbroad, SituationInactive}

// ParseSituation reads a situation value (a few French and English variants).
func ParseSituation(s string) (Situation, error) {
	switch Fold(s) {
	case "emploi", "en emploi", "employed", "employe", "employee":
		return SituationEmployed, nil
	case "recherche", "recherche d emploi", "recherche demploi", "en recherche", "demandeur d emploi", "seeking", "unemployed":
		return SituationSeeking, nil
	case "etudes", "poursuite d etudes", "en etudes", "studies", "formation":
		return SituationStudies, nil
	case "incapacite", "incapacite de travailler", "unable":
		return SituationUnable, nil
	case "etranger", "a l etranger", "emploi a l etranger", "abroad":
		return SituationAbroad, nil
	case "inactif", "inactive", "inactivite":
		return SituationInactive, nil
	}
	return "", Invalid("SURVEY_SITUATION", "%q is not a situation: use %s", strings.TrimSpace(s), situationValuesText)
}

// ContractType is the employment contract of an employed holder.
type ContractType string

const (
	ContractNone       ContractType = ""
	ContractCDI        ContractType = "CDI"
	ContractCDD        ContractType = "CDD"
	ContractInterim    ContractType = "interim"
	ContractIndep      ContractType = "independant"
	ContractAlternance ContractType = "alternance" // apprenticeship or professionalisation contract
	ContractOther      ContractType = "autre"
)

// ContractTypes lists the contract types in report order.
var ContractTypes = []ContractType{ContractCDI, ContractCDD, ContractInterim, ContractIndep, ContractAlternance, ContractOther}

// ParseContractType reads a contract type ("" is none).
func ParseContractType(s string) (ContractType, error) {
	switch Fold(s) {
	case "":
		return ContractNone, nil
	case "cdi":
		return ContractCDI, nil
	case "cdd":
		return ContractCDD, nil
	case "interim", "travail temporaire":
		return ContractInterim, nil
	case "independant", "auto entrepreneur", "autoentrepreneur", "micro entrepreneur", "freelance", "liberal":
		return ContractIndep, nil
	case "alternance", "apprentissage", "contrat d apprentissage", "professionnalisation", "contrat de professionnalisation":
		return ContractAlternance, nil
	case "autre", "other":
		return ContractOther, nil
	}
	return "", Invalid("SURVEY_CONTRACT", "%q is not a contract type: use CDI, CDD, interim, independant, alternance or autre", strings.TrimSpace(s))
}

// ParseYesNo reads oui/non (yes/no, o/n, 1/0, vrai/faux); "" is unknown (nil).
func ParseYesNo(s string) (*bool, error) {
	t, f := true, false
	switch Fold(s) {
	case "":
		return nil, nil
	case "oui", "o", "yes", "y", "1", "vrai", "true", "x":
		return &t, nil
	case "non", "n", "no", "0", "faux", "false":
		return &f, nil
	}
	return nil, Invalid("YES_NO", "%q is not oui or non", strings.TrimSpace(s))
}

// UsageFrequency is how often an RS holder uses the certified skills.
type UsageFrequency string

const (
	FrequencyNone       UsageFrequency = ""
	FrequencyDaily      UsageFrequency = "quotidienne"
	FrequencyWeekly     UsageFrequency = "hebdomadaire"
	FrequencyMonthly    UsageFrequency = "mensuelle"
	FrequencyOccasional UsageFrequency = "occasionnelle"
)

// UsageFrequencies lists the frequencies in order.
var UsageFrequencies = []UsageFrequency{FrequencyDaily, FrequencyWeekly, FrequencyMonthly, FrequencyOccasional}

// ParseUsageFrequency reads a frequency ("" is none).
func ParseUsageFrequency(s string) (UsageFrequency, error) {
	switch Fold(s) {
	case "":
		return FrequencyNone, nil
	case "quotidienne", "quotidien", "daily", "tous les jours":
		return FrequencyDaily, nil
	case "hebdomadaire", "weekly", "chaque semaine":
		return FrequencyWeekly, nil
	case "mensuelle", "mensuel", "monthly", "chaque mois":
		return FrequencyMonthly, nil
	case "occasionnelle", "occasionnel", "occasionally", "rarement":
		return FrequencyOccasional, nil
	}
	return "", Invalid("SURVEY_FREQUENCY", "%q is not a frequency: use quotidienne, hebdomadaire, mensuelle or occasionnelle", strings.TrimSpace(s))
}

// SurveyAnswer is one holder's answer to one wave. A holder has at most one
// answer per wave.
type SurveyAnswer struct {
	ID                int64
	EnrollmentID      int64
	CertificateNumber string
	Wave              SurveyWave
	AnsweredOn        Date
	Situation         Situation
	TargetJob         *bool        // metier vise
	Contract          ContractType // for an employed holder
	SalaryCents       *int64       // gross annual pay, cents
	Cadre             *bool
	JobTitle          string
	// RS certifications: value in use.
	Used       *bool
	Frequency  UsageFrequency
	Recognised *bool
	RecordedAt string // RFC 3339 instant
}

// SameAs reports whether two answers hold the same values (IDs and record
// times aside).
func (a SurveyAnswer) SameAs(b SurveyAnswer) bool {
	eqB := func(x, y *bool) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	eqI := func(x, y *int64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.EnrollmentID == b.EnrollmentID && a.Wave == b.Wave && a.AnsweredOn == b.AnsweredOn &&
		a.Situation == b.Situation && eqB(a.TargetJob, b.TargetJob) && a.Contract == b.Contract &&
		eqI(a.SalaryCents, b.SalaryCents) && eqB(a.Cadre, b.Cadre) && a.JobTitle == b.JobTitle &&
		eqB(a.Used, b.Used) && a.Frequency == b.Frequency && eqB(a.Recognised, b.Recognised)
}

// SurveyWindow is the accepted answer window of a wave, in whole months
// after the jury decision: from month From (included) to before month To.
type SurveyWindow struct{ From, To int }

// SurveyWindows are the accepted windows per wave.
type SurveyWindows struct{ W6m, W24m SurveyWindow }

// DefaultSurveyWindows are the contract's: months 5..<12 and 18..<36.
var DefaultSurveyWindows = SurveyWindows{W6m: SurveyWindow{5, 12}, W24m: SurveyWindow{18, 36}}

// For returns the window of a wave.
func (w SurveyWindows) For(wave SurveyWave) SurveyWindow {
	if wave == Wave24m {
		return w.W24m
	}
	return w.W6m
}

// Opens is the first day an answer is accepted; Closes the first day it no
// longer is.
func (w SurveyWindow) Opens(jury Date) Date  { return jury.AddMonths(w.From) }
func (w SurveyWindow) Closes(jury Date) Date { return jury.AddMonths(w.To) }

// Contains reports whether an answer dated d fits the window after jury.
func (w SurveyWindow) Contains(jury, d Date) bool {
	return !d.Before(w.Opens(jury)) && d.Before(w.Closes(jury))
}

// SurveyDue is a survey wave due for one holder.
type SurveyDue struct {
	CertificateNumber string
	Certification     CertCode
	Candidate         Candidate
	Partner           SIRET
	Wave              SurveyWave
	DueDate           Date // jury date + 6 or 24 months
	Closes            Date // the answer window's end (excluded)
	EnrollmentID      int64
}

// FCStatisticsSending records that a certification's statistics were sent
// to France Compétences ('report france-competences --sent D').
type FCStatisticsSending struct {
	Certification CertCode
	SentOn        Date
	RecordedAt    string
}

// String is the wave's code (6m, 24m).
func (w SurveyWave) String() string { return string(w) }
