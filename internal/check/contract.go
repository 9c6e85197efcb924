package check

import "github.com/habil-app/habil/internal/domain"

// ContractCode is a finding code of the contract ("Compliance findings"),
// evaluated by a rule of the registry or not yet.
type ContractCode struct {
	Code     string
	Severity domain.Severity // the usual one
	// Until says what habil must record before the rule can be evaluated
	// (for 'check --help' while no rule of the registry reports the code).
	Until string
}

// Contract lists every finding code of the contract, in its order.
var Contract = []ContractCode{
	{ConventionMissing, domain.SeverityError, ""},
	{ConventionExpiring, domain.SeverityWarning, ""},
	{ConventionExpired, domain.SeverityError, ""},
	{BeyondRegistration, domain.SeverityError, ""},
	{CertificationEnding, domain.SeverityWarning, ""},
	{QualiopiExpiring, domain.SeverityWarning, ""},
	{QualiopiExpired, domain.SeverityError, ""},
	{AuditOverdue, domain.SeverityWarning, ""},
	{NonconformityOverdue, domain.SeverityError, ""},
	{ResultsMissing, domain.SeverityWarning, ""},
	{DeliveryLate, domain.SeverityWarning, ""},
	{AccrochageDue, domain.SeverityWarning, ""},
	{AccrochageOverdue, domain.SeverityError, ""},
	{AccrochageRejected, domain.SeverityError, ""},
	{SurveyDue, domain.SeverityInfo, ""},
	{FCStatisticsDue, domain.SeverityWarning, ""},
	{domain.FCUnknownPartner, domain.SeverityError, ""},
	{domain.FCRegisterMismatch, domain.SeverityWarning, ""},
	{WebsiteFinding, domain.SeverityWarning, ""},
	{"FC_EXPORT_OLD", domain.SeverityWarning, ""},
	{"QUALIOPI_CATEGORY_MISSING", domain.SeverityWarning, ""},
	{"PARTNER_NOT_ACTIVE", domain.SeverityWarning, ""},
	{"QUALIOPI_MISSING", domain.SeverityError, ""},
	{"NDA_MISSING", domain.SeverityWarning, ""},
	{"CERTIFICATION_INACTIVE", domain.SeverityWarning, ""},
	{domain.FCDeclarationLate, domain.SeverityError, ""},
	{ImprovementOverdue, domain.SeverityWarning, ""},
	{CommitteeDue, domain.SeverityWarning, ""},
	{RoyaltyUnpaid, domain.SeverityWarning, ""},
	{"HABILITATION_BLOC_UNKNOWN", domain.SeverityError, ""},
	{"CONVENTION_SCOPE_MISMATCH", domain.SeverityWarning, ""},
}

// NotEvaluated lists the contract's codes that no rule of the registry
// reports yet, in the contract's order.
func NotEvaluated() []ContractCode {
	var out []ContractCode
	for _, c := range Contract {
		if _, ok := RuleOf(c.Code); !ok {
			out = append(out, c)
		}
	}
	return out
}
