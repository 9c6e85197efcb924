package domain

import (
	"fmt"
	"strings"
)

// This file holds the certification session model: a session organised by
// a partner (or by the certifier), its enrolled candidates with their
// results, the certificates and bloc attestations delivered, and the
// session's log. The rules that check enrolments and results live beside
// it (session_rules.go, candidate.go).

// SessionStatus is where a session stands. It is derived from the recorded
// facts and the day it is judged at (see Session.Status).
type SessionStatus string

const (
	SessionPlanned    SessionStatus = "planned"     // the session date has not passed
	SessionHeld       SessionStatus = "held"        // the session date has passed, results not all in
	SessionResultsIn  SessionStatus = "results-in"  // every enrolled candidate has a result
	SessionJuryClosed SessionStatus = "jury-closed" // the jury deliberated (or the scores were validated)
	SessionDelivered  SessionStatus = "delivered"   // certificates delivered
)

// SessionStatuses lists the statuses in lifecycle order.
var SessionStatuses = []SessionStatus{SessionPlanned, SessionHeld, SessionResultsIn, SessionJuryClosed, SessionDelivered}

// ExamMode is how the exam is taken (CDC modalitePassageExamen).
type ExamMode string

const (
	ModeOnsite ExamMode = "onsite" // EN_PRESENTIEL
	ModeRemote ExamMode = "remote" // A_DISTANCE
	ModeMixed  ExamMode = "mixed"  // MIXTE
)

// ParseExamMode reads an exam mode in English or French ("" is unknown).
func ParseExamMode(s string) (ExamMode, error) {
	switch Fold(s) {
	case "":
		return "", nil
	case "onsite", "on site", "presentiel", "en presentiel", "sur site":
		return ModeOnsite, nil
	case "remote", "distance", "a distance", "en ligne", "distanciel":
		return ModeRemote, nil
	case "mixed", "mixte", "hybride":
		return ModeMixed, nil
	}
	return "", Invalid("SESSION_MODE", "%q is not an exam mode: use onsite, remote or mixed", strings.TrimSpace(s))
}

// Result is a candidate's result at a session.
type Result string

const (
	ResultNone     Result = ""
	ResultAdmitted Result = "admitted" // admis
	ResultFailed   Result = "failed"   // ajourné (may still validate blocs)
	ResultAbsent   Result = "absent"
)

// Mention is the grade awarded with a certification (CDC mentionValidee).
type Mention string

const (
	MentionNone          Mention = ""
	MentionSans          Mention = "sans_mention"
	MentionAssezBien     Mention = "assez_bien"
	MentionBien          Mention = "bien"
	MentionTresBien      Mention = "tres_bien"
	MentionFelicitations Mention = "tres_bien_felicitations"
)

// VAEType is the kind of VAE (CDC voieAccessVAE).
type VAEType string

const (
	VAEConge     VAEType = "conge_vae"     // CONGES_VAE
	VAEClassique VAEType = "vae_classique" // VAE_CLASSIQUE
)

// Sex is the holder's sex as the CDC records it.
type Sex string

const (
	SexM Sex = "M"
	SexF Sex = "F"
)

// Candidate is one person who sits certification exams. The same person
// (birth name + first name + birth date, compared without accents or case)
// is one candidate across sessions. Only what the CDC declaration and
// France Compétences need is kept: never a social security number.
type Candidate struct {
	ID              int64
	BirthName       string
	UsageName       string
	FirstNames      []string // 1 to 3 first names, the first one required
	BirthDate       Date
	Sex             Sex    // "" when not given
	BirthINSEE      string // INSEE code of the birth commune, or 99xxx for a foreign country
	BirthTown       string
	BirthPostalCode string
	BirthCountry    string // country label for people born abroad ("" = France)
	Email           string
}

// FirstName is the first of the first names.
func (c Candidate) FirstName() string {
	if len(c.FirstNames) == 0 {
		return ""
	}
	return c.FirstNames[0]
}

// FullName is "First names BIRTHNAME" (with the usage name when it differs).
func (c Candidate) FullName() string {
	s := strings.Join(c.FirstNames, " ") + " " + strings.ToUpper(c.BirthName)
	if c.UsageName != "" && Fold(c.UsageName) != Fold(c.BirthName) {
		s += " (" + c.UsageName + ")"
	}
	return strings.TrimSpace(s)
}

// Key identifies the person: see CandidateKey.
func (c Candidate) Key() string { return CandidateKey(c.BirthName, c.FirstName(), c.BirthDate) }

// CandidateKey is the identity key of a person: birth name, first name and
// birth date, names folded (no accents, no case, spaces collapsed).
func CandidateKey(birthName, firstName string, birthDate Date) string {
	return Fold(birthName) + "|" + Fold(firstName) + "|" + birthDate.String()
}

// Enrollment is one candidate registered in one session, with the result
// once known.
type Enrollment struct {
	ID            int64
	SessionID     int64
	Candidate     Candidate
	Access        Access
	VAEType       VAEType  // for Access VAE
	Blocs         []string // targeted blocs; empty = the whole certification
	CPFFile       string   // CPF file number, when financed by the CPF
	RegisteredOn  Date     // date of registration (CDC dateInscription)
	TrainedBy     SIRET    // the partner that trained the candidate; "" = the organiser
	Accommodation string   // exam accommodations for a disabled candidate
	Row           int      // spreadsheet row it came from (not stored)

	Result         Result
	BlocsValidated []string
	Mention        Mention
	Score          string // decimal with a dot, as entered ("" none)

	// Certificates delivered for this enrolment (a certificate, or a bloc
	// attestation for a partial success).
	Certificates []Certificate
}

// Certificate returns the enrolment's certificate (kind certificate), nil when none.
func (e *Enrollment) Certificate() *Certificate {
	for i := range e.Certificates {
		if e.Certificates[i].Kind == KindCertificate {
			return &e.Certificates[i]
		}
	}
	return nil
}

// CertificateKind tells a certificate from a bloc attestation.
type CertificateKind string

const (
	KindCertificate CertificateKind = "certificate" // parchemin
	KindAttestation CertificateKind = "attestation" // attestation de blocs (partial success)
)

// Certificate is a numbered document delivered to a candidate.
type Certificate struct {
	Number        string
	Kind          CertificateKind
	EnrollmentID  int64
	Certification CertCode
	Year          int
	Seq           int
	Blocs         []string // blocs attested (attestation)
	JuryDate      Date     // the jury decision (or score validation) it follows
	IssuedOn      Date     // delivery date: the CPF declaration's 3 months run from it
	Duplicates    int      // duplicates printed since
}

// CertificateNumber formats a certificate number: CODE-YEAR-SEQ, e.g.
// RNCP38123-2024-000017.
func CertificateNumber(code CertCode, year, seq int) string {
	return fmt.Sprintf("%s-%04d-%06d", code, year, seq)
}

// SessionEventKind is the kind of an entry of a session's log.
type SessionEventKind string

const (
	EventIncident SessionEventKind = "incident" // anomaly during the session
	EventEvidence SessionEventKind = "evidence" // a file kept as proof (attendance sheet, minutes)
	EventAppeal   SessionEventKind = "appeal"   // an appeal against a jury decision
)

// SessionEvent is one entry of a session's log.
type SessionEvent struct {
	ID           int64
	SessionID    int64
	Kind         SessionEventKind
	Date         Date
	Text         string
	EnrollmentID int64 // the candidate concerned (appeal), 0 when none
	Outcome      string
	OutcomeDate  Date
	Path         string // evidence: the file as given
	SHA256       string // evidence: hex digest
	Size         int64  // evidence: bytes
	RecordedAt   string // RFC 3339 instant
}

// Session is an exam session of one certification.
type Session struct {
	ID            int64
	Certification CertCode
	Partner       SIRET  // the organiser: a partner, or the certifier's own SIRET
	PartnerName   string // filled on read
	Date          Date
	EndDate       Date // zero: a one-day session
	Place         string
	PostalCode    string // exam centre's postal code (CDC codePostalCentreExamen)
	Mode          ExamMode
	Jury          []string // "NAME, ROLE"
	JuryDate      Date     // the jury deliberation, or the validation of the scores
	DeliveredOn   Date     // certificates delivered
	CreatedAt     string

	// Enrollments and Events are filled by Store.Session (nil in lists).
	Enrollments []*Enrollment
	Events      []SessionEvent
	// Counts are filled in lists (and by Session).
	Enrolled, WithResult, Admitted int
}

// LastDay is the session's last day (EndDate, else Date).
func (s *Session) LastDay() Date {
	if !s.EndDate.IsZero() {
		return s.EndDate
	}
	return s.Date
}

// Status derives where the session stands at the given day.
func (s *Session) Status(at Date) SessionStatus {
	switch {
	case !s.DeliveredOn.IsZero():
		return SessionDelivered
	case !s.JuryDate.IsZero():
		return SessionJuryClosed
	case s.Enrolled > 0 && s.WithResult == s.Enrolled:
		return SessionResultsIn
	case !at.IsZero() && at.After(s.LastDay()):
		return SessionHeld
	}
	return SessionPlanned
}

// SessionFilter selects sessions. Zero fields select everything.
type SessionFilter struct {
	Certification CertCode
	Partner       SIRET
	From, To      Date // session date within [From, To] (either may be zero)
}

// EnrollmentFilter selects enrolments with their session. Zero fields
// select everything.
type EnrollmentFilter struct {
	Certification CertCode
	SessionID     int64
	CandidateIDs  []int64
	// Holders keeps the enrolments that earned a certificate (kind
	// certificate), delivered.
	Holders bool
	// CertificateNumber keeps the enrolment that holds this number.
	CertificateNumber string
}

// EnrollmentRecord is an enrolment with the session it belongs to (the
// session without its Enrollments and Events).
type EnrollmentRecord struct {
	*Enrollment
	Session *Session
}
