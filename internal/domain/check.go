package domain

// Finding is one problem found by 'habil check', 'habil partner reconcile'
// (and later 'habil audit web'): one type for all of them, printed by one
// printer. Code, Severity, Subject and Message are the contract's keys, with
// SIRET and Certification (null when empty); the rules of 'habil check' are
// in internal/check.
type Finding struct {
	Code     string
	Severity Severity
	Subject  string // the SIRET, the convention number or the certification code
	Message  string
	// Kind is the reconciliation kind (ReconcileUnknown…); "" for check's own rules.
	Kind          string
	Certification CertCode
	SIRET         string
	// Since is the start of the habilitation not yet listed (ReconcileNotListed):
	// it is reported only when it started more than the grace period before
	// the evaluation date (see DueFindings).
	Since Date
	// Convention is the number of the convention concerned ("" when none).
	Convention string
	// DueDate is the date the finding is about: the end (of a convention, a
	// Qualiopi certificate, a registration) that is near or has passed.
	DueDate Date
	// URL is the page concerned ('audit web'; "" otherwise).
	URL string
}

// CheckLimits are the configurable thresholds of the check.
type CheckLimits struct {
	ConventionExpiringDays    int // CONVENTION_EXPIRING: a convention ending within this many days
	CertificationEndingMonths int // CERTIFICATION_ENDING: a registration ending within this many months
	QualiopiExpiringDays      int // QUALIOPI_EXPIRING: a Qualiopi certificate ending within this many days
	FCDeclarationGraceDays    int // FC_REGISTER_MISMATCH: days France Compétences has to list a new habilitation
	FCExportOldDays           int // FC_EXPORT_OLD: an export older than this many days is reported
	AuditOverdueMonths        int // AUDIT_OVERDUE: an active partner not audited for this many months
	ResultsMissingDays        int // RESULTS_MISSING: a session ended this many days ago without every result
	DeliveryLateDays          int // DELIVERY_LATE: a jury decided this many days ago and certificates are not delivered
	AccrochageDueDays         int // ACCROCHAGE_DUE: a holder not accepted by the CDC this many days after delivery
	CommitteeDueMonths        int // COMMITTEE_DUE: no improvement committee meeting for this many months (0: off)
	RoyaltyUnpaidDays         int // ROYALTY_UNPAID: days after the end of a period before an unpaid statement is reported
	EvaluatorTrainingMonths   int // EVALUATOR_NOT_TRAINED: months a training of an assessing partner counts
	DocumentAckDays           int // DOCUMENT_NOT_ACKNOWLEDGED: days a partner has to acknowledge a new document version
}

// DefaultCheckLimits are the contract's defaults: 90 days, 12 months, 60
// days, 60 days, 90 days.
func DefaultCheckLimits() CheckLimits {
	return CheckLimits{ConventionExpiringDays: 90, CertificationEndingMonths: 12, QualiopiExpiringDays: 60, FCDeclarationGraceDays: 60,
		FCExportOldDays: 90, AuditOverdueMonths: 12, ResultsMissingDays: 30, DeliveryLateDays: 30, AccrochageDueDays: 60,
		CommitteeDueMonths: 12, RoyaltyUnpaidDays: 60, EvaluatorTrainingMonths: 24, DocumentAckDays: 30}
}
