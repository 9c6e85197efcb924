package domain

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// This file holds the repository interfaces the application layer
// (internal/app) programs against, and the plain types they exchange.
// internal/sqlite implements them; tests may use fakes. No interface here
// names a storage technology.

// ChangeKind says what an upsert did.
type ChangeKind int

const (
	// ChangeUnchanged: the stored record already held the given data; nothing was written.
	ChangeUnchanged ChangeKind = iota
	// ChangeCreated: a new record was written.
	ChangeCreated
	// ChangeUpdated: an existing record was changed.
	ChangeUpdated
)

func (k ChangeKind) String() string {
	switch k {
	case ChangeCreated:
		return "created"
	case ChangeUpdated:
		return "updated"
	}
	return "unchanged"
}

// PartnerChange reports what a partner write did, with a readable
// "field: old → new" line per changed field.
type PartnerChange struct {
	Kind    ChangeKind
	Changes []string
	// Ended lists the habilitations ended (To set) or removed (they had not
	// started) because the partner was withdrawn.
	Ended []Habilitation
}

// PartnerFilter selects and orders partners. Zero values select everything.
type PartnerFilter struct {
	Status []PartnerStatus // any of these statuses
	Role   Role
	// Certification keeps partners with at least one habilitation on it.
	Certification CertCode
	// HabilitatedAt, when set, keeps partners with a habilitation in force
	// that day (on Certification when it is given).
	HabilitatedAt Date
	// QualiopiBefore keeps partners whose recorded Qualiopi ends before this date.
	QualiopiBefore Date
	// QualiopiMissing keeps partners with no Qualiopi end date recorded.
	QualiopiMissing bool
	// Search keeps partners whose name, SIRET, NDA or e-mail contains the
	// text (compared without case or accents).
	Search string
	// Sort is name (default), siret, status or qualiopi (soonest end first,
	// unknown last).
	Sort string
	// NoHistory leaves History and StatusSince empty: for readers of the
	// whole register (the check) that do not need them.
	NoHistory bool
}

// PartnerSorts are the accepted PartnerFilter.Sort values.
var PartnerSorts = []string{"name", "siret", "status", "qualiopi"}

// ConventionFilter selects conventions. Zero fields select everything.
type ConventionFilter struct {
	Status        ConventionStatus
	Partner       SIRET
	Certification CertCode
	// EndsFrom/EndsTo keep the conventions whose current end date is in
	// [EndsFrom, EndsTo] (either bound may be zero).
	EndsFrom, EndsTo Date
	// Statuses keeps the conventions with one of these statuses (with Status).
	Statuses []ConventionStatus
}

// CertificationChange says what saving a certification did.
type CertificationChange struct {
	Created bool
	Changes []string // human-readable differences for an update; empty = unchanged
}

// Unchanged reports whether nothing was written.
func (c CertificationChange) Unchanged() bool { return !c.Created && len(c.Changes) == 0 }

// ReconcileRun is one run of 'habil partner reconcile' and its findings.
type ReconcileRun struct {
	ID             int64
	RunAt          string // RFC 3339 instant (journal clock)
	At             Date   // the run's --at
	Source         string // file compared, or "stored"
	Shape          string // xml, xml-zip, csv-zip, csv-dir, stored
	SourceDate     string // date of the export, when known
	HasStatus      bool   // false: the source carries no habilitation status (CSV export)
	Certifications []CertCode
	Published      int // organisation rows listed for those certifications
	// Findings are all the differences found, including habilitations not
	// listed yet whatever their age: filter with DueFindings(f, at, grace).
	Findings []Finding
}

// JournalEntry is one line of the change journal.
type JournalEntry struct {
	Seq     int64
	At      string
	User    string
	Command string
	Action  string
	Entity  string
	ID      string
	Before  json.RawMessage
	After   json.RawMessage
}

// JournalFilter selects journal entries.
type JournalFilter struct {
	Entity string
	ID     string
	Limit  int // 0 = all
	// Since and Until, when set, keep the entries at or after Since and
	// before Until (RFC 3339 UTC times, as the journal stores them).
	Since, Until string
	User         string // only this OS user's entries
	Action       string // only this action (create, update, restore…)
}

// Health is what 'doctor' reports about the database file.
type Health struct {
	Path           string
	Mode           uint32 // file mode bits (os.FileMode)
	SchemaVersion  int
	LatestVersion  int
	Integrity      []string // "ok" when fine
	ForeignKeyErrs []string
	JournalMode    string
	SizeBytes      int64
	// FileProblems: the -wal/-shm/-journal files beside the database whose
	// mode or owner would break later writes (filled by the store).
	FileProblems []string
}

// Problems lists what is wrong, empty when healthy.
func (h Health) Problems() []string {
	var p []string
	if len(h.Integrity) != 1 || h.Integrity[0] != "ok" {
		p = append(p, "integrity check: "+strings.Join(h.Integrity, "; "))
	}
	p = append(p, h.ForeignKeyErrs...)
	if h.Mode&0o077 != 0 {
		p = append(p, fmt.Sprintf("file mode is %04o: other users can read personal data (run: chmod 600 %s)", h.Mode, h.Path))
	}
	if h.SchemaVersion != h.LatestVersion {
		p = append(p, fmt.Sprintf("schema version %d, this habil expects %d", h.SchemaVersion, h.LatestVersion))
	}
	for _, f := range h.FileProblems {
		p = append(p, f+fmt.Sprintf(" (run: chmod 600 %s-wal %s-shm as the database's owner)", h.Path, h.Path))
	}
	return p
}

// PartnerImport is one partner's planned changes, written by
// Tx.WritePartnerImport with one journal entry for the partner.
type PartnerImport struct {
	// Before is the stored partner (nil: a new partner).
	Before *Partner
	// After is the partner to write (its Status is the one it is recorded
	// with, or kept); nil when only habilitations change.
	After *Partner
	// Habilitations are the habilitations to add (Before nil) or replace.
	Habilitations []HabilitationImport
}

// HabilitationImport is one habilitation an import adds or replaces.
type HabilitationImport struct {
	Before *Habilitation // nil: a new habilitation
	After  Habilitation  // normalised and checked; its ID is set once written
}

// Reader is every read the application layer makes. A Store answers them
// outside a transaction (each call its own snapshot); a Tx answers them
// inside its transaction, seeing its own writes.
type Reader interface {
	Certifier() (Certifier, error)
	Certification(code CertCode) (*Certification, error)
	Certifications() ([]*Certification, error)
	Partner(siret SIRET) (*Partner, error)
	Partners(f PartnerFilter) ([]*Partner, error)
	PartnerCount() (int, error)
	Habilitation(id int64) (*Habilitation, error)
	Convention(id int64) (*Convention, error)
	ConventionID(ref string) (int64, error)
	Conventions(f ConventionFilter) ([]*Convention, error)
	ConventionCount() (int, error)
	LastReconcile() (*ReconcileRun, error)
	JournalEntries(f JournalFilter) ([]JournalEntry, error)
	// PartnerStates returns the stored partners among sirets (absent ones
	// are not in the map), with their habilitations but without History
	// nor StatusSince: what an import plans against, read in a few
	// set-based queries.
	PartnerStates(sirets []SIRET) (map[SIRET]*Partner, error)
	// PartnerHistories returns the status history (oldest first) of the
	// given partners.
	PartnerHistories(sirets []SIRET) (map[SIRET][]StatusChange, error)

	// FCDeclarations lists the changes declared to France Compétences
	// ('partner declared'), oldest first.
	FCDeclarations() ([]FCDeclaration, error)

	// Audits lists the recorded audits with their items, oldest first.
	Audits(f AuditFilter) ([]*Audit, error)
	// Audit returns one audit (NotFound when it does not exist).
	Audit(id int64) (*Audit, error)
	// WebChecks lists the website checks of 'audit web', oldest first.
	WebChecks(f AuditFilter) ([]WebCheck, error)

	// Session returns one session with its enrolments (candidates, results,
	// certificates) in enrolment order and its log (NotFound when absent).
	Session(id int64) (*Session, error)
	// SessionEvent returns one entry of a session's log, with its session's
	// id (NotFound when absent).
	SessionEvent(id int64) (*SessionEvent, error)
	// Sessions lists sessions (without enrolments nor log, with their
	// counts), by date then id.
	Sessions(f SessionFilter) ([]*Session, error)
	// CandidatesByKey returns the stored candidates among keys
	// (Candidate.Key); absent ones are not in the map.
	CandidatesByKey(keys []string) (map[string]*Candidate, error)
	// Enrollments lists enrolments with their session, by session date,
	// session id, then enrolment order.
	Enrollments(f EnrollmentFilter) ([]EnrollmentRecord, error)

	// CPF accrochage.
	// AccrochagePassages lists every stored passage (by certificate number).
	AccrochagePassages() ([]AccrochagePassage, error)
	// AccrochageFlux returns one generated file with its passages
	// (NotFound when habil never generated it).
	AccrochageFlux(idFlux string) (*AccrochageFlux, error)
	// Cohorts (issue 14).
	// SurveyAnswers lists every recorded survey answer, by enrolment then wave.
	SurveyAnswers() ([]SurveyAnswer, error)
	// FCStatisticsSent lists the statistics sent to France Compétences, oldest first.
	FCStatisticsSent() ([]FCStatisticsSending, error)
	// Privacy (issue 16).
	// PurgeTargets lists the candidates whose last session ended before
	// the date and whom 'privacy purge' would change (see PurgeTarget).
	PurgeTargets(before Date, includeHolders bool) ([]PurgeTarget, error)
	// CandidatesByEmail returns the candidates with this e-mail (no case).
	CandidatesByEmail(email string) ([]*Candidate, error)
	// CandidateSurveyAnswers returns a candidate's survey answers as column → value
	// (none when the survey tables do not exist).
	CandidateSurveyAnswers(candidateID int64) ([]map[string]any, error)
	// ImprovementActions lists improvement actions by id (issue 17).
	ImprovementActions(f ImprovementFilter) ([]*ImprovementAction, error)
	// ImprovementAction returns one action (NotFound when absent).
	ImprovementAction(id int64) (*ImprovementAction, error)
	// CommitteeMeetings lists improvement committee meetings by date, id.
	CommitteeMeetings(f CommitteeFilter) ([]*CommitteeMeeting, error)
	// CommitteeMeeting returns one meeting (NotFound when absent).
	CommitteeMeeting(id int64) (*CommitteeMeeting, error)
	// RoyaltyStatements lists the last recorded version of each partner's
	// statement per period, with the payments recorded (Paid), by period
	// then SIRET.
	RoyaltyStatements() ([]*RoyaltyStatement, error)
	// Trainings lists the professionalisation trainings, by date, id.
	Trainings() ([]*Training, error)
	// NetworkDocuments lists every published document version with its
	// acknowledgements, by name, publication date, id.
	NetworkDocuments() ([]*NetworkDocument, error)
	// Applications (issue 17, partner selection).
	// Applications lists the partner applications by id, with their scores.
	Applications() ([]*Application, error)
	// Application returns one application (NotFound when absent).
	Application(id int64) (*Application, error)
}

// Tx is one write transaction: every change made through it is journaled in
// it, and all of them are committed together or not at all.
type Tx interface {
	Reader
	Now() time.Time

	SaveCertifier(c Certifier) (created, changed bool, err error)
	SaveCertification(c *Certification) (CertificationChange, error)
	SaveCertificationParams(c *Certification) error

	CreatePartner(p *Partner, date Date, reason string) error
	UpdatePartner(p *Partner) (PartnerChange, error)
	SetStatus(siret SIRET, to PartnerStatus, date Date, reason string) (PartnerChange, error)
	AddHabilitation(h *Habilitation) error
	UpdateHabilitation(h Habilitation) (ChangeKind, error)
	EndHabilitation(id int64, date Date, reason string) (*Habilitation, error)
	// WritePartnerImport writes planned partner changes (checked by the
	// caller) with cached statements: a new partner is recorded with its
	// status dated date for reason; each partner gets one journal entry
	// (action "import") holding its record's and habilitations' before and
	// after. Habilitation IDs are set in the batch.
	WritePartnerImport(batch []PartnerImport, date Date, reason string) error
	// SuspendImportIndexes drops the secondary indexes a large import's
	// writes maintain (with all false, only those its reads do not use);
	// RestoreImportIndexes creates them again, exactly as the schema
	// defines them, and must be called before the transaction commits (a
	// rollback restores them anyway). For a first load of many rows.
	SuspendImportIndexes(all bool) error
	RestoreImportIndexes() error

	CreateConvention(c *Convention) error
	SaveConventionStatus(action string, before, after *Convention) error
	AddConventionVersion(before, after *Convention) error
	AddConventionAttachment(before, after *Convention, a *ConventionAttachment) error
	// UpdateConventionDraft rewrites what 'convention import' may change in
	// a draft that has one version: that version's period, fees, scope and
	// date, the habilitation, the reference and the drawn-up date; it
	// journals the change under action.
	UpdateConventionDraft(action string, before, after *Convention) error

	SaveReconcile(run *ReconcileRun) error
	// AddFCDeclaration records a declaration (journaled "declare" on the
	// partner) and sets its ID and RecordedAt.
	AddFCDeclaration(d *FCDeclaration) error

	// CreateAudit stores an audit with its items (IDs set), journaled.
	CreateAudit(a *Audit) error
	// SaveAuditItemClosure writes the closure of one item of after,
	// journaled "close-finding"; before is the audit as it was.
	SaveAuditItemClosure(before, after *Audit, itemID int64) error
	// AddWebCheck stores one website check with its findings, journaled.
	AddWebCheck(w *WebCheck) error
	// SetObservationsUntil records on the partner's last status change (a
	// suspension under R6113-16-6) the deadline for its observations.
	SetObservationsUntil(siret SIRET, until Date) error

	// CreateSession stores a new session (ID and CreatedAt set), journaled.
	CreateSession(s *Session) error
	// UpdateSession writes the session's own fields of after (dates, place,
	// postal code, mode, jury, jury date, delivery date), journaled under
	// action ("edit", "close", "deliver"…); before is the session as read.
	UpdateSession(action string, before, after *Session) error
	// SaveEnrollments creates or updates the candidates (matched by key;
	// identity fields updated) and the session's enrolments of list (IDs
	// set), journaled one entry per enrolment that changed; it returns what
	// each did, in list order.
	SaveEnrollments(sessionID int64, list []*Enrollment) ([]ChangeKind, error)
	// SaveResults writes the result fields (result, blocs validated,
	// mention, score) of existing enrolments, journaled; it returns what
	// each did, in list order.
	SaveResults(sessionID int64, list []*Enrollment) ([]ChangeKind, error)
	// AddCertificate numbers and stores a certificate or attestation:
	// Seq is the next never-used number for (Certification, Year) and
	// Number is set from it; journaled.
	AddCertificate(c *Certificate) error
	// AddCertificateDuplicate counts one more duplicate of a certificate
	// (journaled) and returns the certificate as it is now.
	AddCertificateDuplicate(number string) (*Certificate, error)
	// AddSessionEvent stores an entry of a session's log (ID and RecordedAt
	// set), journaled.
	AddSessionEvent(e *SessionEvent) error

	// CPF accrochage.
	// RecordAccrochageFlux stores a generated file and marks its passages
	// pending in it (creating them at their first send), journaled.
	RecordAccrochageFlux(f *AccrochageFlux) error
	// RecordAccrochageAck records a processing report of file idFlux: each
	// answered passage becomes ok or ko (with the CDC message) when that file
	// is its last send; the send history keeps every answer. Journaled.
	RecordAccrochageAck(idFlux, ackID string, on Date, answers []AccrochageAnswer) error
	// CloseAccrochagePassage closes a passage that can never clear, with its
	// reason, journaled.
	CloseAccrochagePassage(idTechnique string, on Date, reason string) error
	// Cohorts (issue 14).
	// SaveSurveyAnswer records a holder's answer to a wave (one per
	// enrolment and wave): created, unchanged when the stored answer is the
	// same, else replaced (updated); journaled. ID and RecordedAt set.
	SaveSurveyAnswer(a *SurveyAnswer) (ChangeKind, error)
	// AddFCStatisticsSent records that a certification's statistics were
	// sent on a day (journaled); false when already recorded for that day.
	AddFCStatisticsSent(code CertCode, on Date) (bool, error)
	// Privacy (issue 16).
	// PurgeCandidates anonymises the targets, detaches their survey
	// answers and redacts their personal values in the journal (the only
	// rewrite of journal entries), journaling each purge.
	PurgeCandidates(targets []PurgeTarget) (PurgeEffect, error)
	// CreateImprovementAction stores an action (ID and CreatedAt set),
	// journaled; an origin already used is a conflict.
	CreateImprovementAction(a *ImprovementAction) error
	// CloseImprovementAction writes after's closure, journaled "close".
	CloseImprovementAction(before, after *ImprovementAction) error
	// CreateCommitteeMeeting stores a meeting with its members and
	// decisions (ID and CreatedAt set), journaled.
	CreateCommitteeMeeting(m *CommitteeMeeting) error
	// SaveRoyaltyStatement records st as a new version when its total or
	// lines differ from the last one recorded (Version and RecordedOn set
	// either way), journaled; it reports whether it wrote.
	SaveRoyaltyStatement(st *RoyaltyStatement, on Date) (bool, error)
	// AddRoyaltyPayment stores a payment (ID set), journaled.
	AddRoyaltyPayment(p *RoyaltyPayment) error
	// AddTraining stores a training with its partners (ID set), journaled.
	AddTraining(t *Training) error
	// PublishDocument stores a document version (ID set), journaled; a
	// name and version already published is a conflict.
	PublishDocument(d *NetworkDocument) error
	// AckDocument records a partner's acknowledgement of a document
	// version, journaled.
	AckDocument(d *NetworkDocument, siret SIRET, date Date) error
	// Applications (issue 17, partner selection).
	// CreateApplication stores an application (ID and CreatedAt set),
	// journaled.
	CreateApplication(a *Application) error
	// SaveApplicationAssessment replaces the scored grid of an application
	// with after's (assessed on, from, scores), journaled "assess".
	SaveApplicationAssessment(before, after *Application) error
	// SaveApplicationDecision writes after's decision, reason and the
	// convention and habilitation it created, journaled "decide".
	SaveApplicationDecision(before, after *Application) error
}

// Store is the database as the application layer sees it.
type Store interface {
	// Read runs fn over one consistent read snapshot.
	Read(ctx context.Context, fn func(Reader) error) error
	// Update runs fn in one write transaction, committed when fn returns nil
	// and rolled back otherwise (also on cancellation or a store error).
	Update(ctx context.Context, fn func(Tx) error) error
	// Path is where the store lives (for messages).
	Path() string
	// Now is the store's clock (journal timestamps).
	Now() time.Time
	Doctor(ctx context.Context) (Health, error)
	BackupTo(ctx context.Context, path string) error
	// AutoBackup writes a verified automatic backup beside the store
	// (NAME.pre-REASON-STAMP.bak), pruning the oldest ones to the
	// configured number, and returns its path.
	AutoBackup(ctx context.Context, reason string) (string, error)
	// AutoBackups lists the automatic backups beside the store, oldest first.
	AutoBackups() []string
	// Checkpoint writes the write-ahead log into the database file and
	// empties it (after a purge: no old value stays in the -wal file).
	Checkpoint(ctx context.Context) error
}
