// Package check is 'habil check' as a registry of rules: each rule declares
// its finding code, its severities, its area, a one-line doc, the
// configuration thresholds it uses and what it reads, and evaluates a
// read-only Snapshot of the register. One file per area (conventions,
// habilitations, certifications, partners, France Compétences; audits,
// sessions, accrochage and surveys come later) registers its rules.
//
// A new rule is one Rule value in the file of its area: 'habil check
// --help', the evaluation and the registry test pick it up.
package check

import (
	"fmt"
	"sort"

	"github.com/habil-app/habil/internal/domain"
)

// Area is the part of the register a rule watches.
type Area string

const (
	AreaConventions       Area = "conventions"
	AreaHabilitations     Area = "habilitations"
	AreaCertifications    Area = "certifications"
	AreaPartners          Area = "partners"
	AreaFranceCompetences Area = "france-competences"
)

// What a rule reads (Rule.Reads).
const (
	ReadsCertifications = "certifications"
	ReadsPartners       = "partners" // with their habilitations
	ReadsConventions    = "conventions"
	ReadsReconcile      = "reconcile"    // the last 'partner reconcile' run
	ReadsDeclarations   = "declarations" // the changes declared to France Compétences ('partner declared')
	ReadsWebChecks      = "web-checks"   // the website checks of 'audit web'
	ReadsAudits         = "audits"       // the recorded audits with their items ('audit record')
	ReadsImprovements   = "improvements" // the improvement actions ('improve add')
	ReadsCommittees     = "committees"   // the improvement committee meetings ('committee meet')
	ReadsRoyalties      = "royalties"    // the recorded royalty statements with their payments
	ReadsTrainings      = "trainings"    // the partners' trainings ('network training add')
	ReadsDocuments      = "documents"    // the published documents and their acknowledgements
)

// Configuration keys of the thresholds (app.Config holds their values in
// domain.CheckLimits; 'habil help config' lists them).
const (
	KeyConventionExpiringDays    = "check.convention_expiring_days"
	KeyCertificationEndingMonths = "check.certification_ending_months"
	KeyQualiopiExpiringDays      = "check.qualiopi_expiring_days"
	KeyFCDeclarationGraceDays    = "check.fc_declaration_grace_days"
	KeyFCExportOldDays           = "check.fc_export_old_days"
	KeyAuditOverdueMonths        = "check.audit_overdue_months"
	KeyCommitteeDueMonths        = "check.committee_due_months"
	KeyRoyaltyUnpaidDays         = "check.royalty_unpaid_days"
	KeyEvaluatorTrainingMonths   = "check.evaluator_training_months"
	KeyDocumentAckDays           = "check.document_ack_days"
)

// Rule is one compliance rule of the registry.
type Rule struct {
	// Code is the finding code it reports (the contract's codes).
	Code string
	// Severities it reports, the usual one first.
	Severities []domain.Severity
	Area       Area
	// Doc says in one line when the finding is reported.
	Doc string
	// Thresholds are the configuration keys it uses (Key…).
	Thresholds []string
	// Reads lists what it reads from the snapshot (Reads…).
	Reads []string
	// Eval returns its findings; it must not modify the snapshot.
	Eval func(*Env) []domain.Finding
}

// Snapshot is what the rules evaluate: the register read in one consistent
// read, the evaluation date and the thresholds.
type Snapshot struct {
	At             domain.Date
	Limits         domain.CheckLimits
	Certifications []*domain.Certification
	Partners       []*domain.Partner    // with their habilitations
	Conventions    []*domain.Convention // with their versions
	// Reconcile is the last 'partner reconcile' run, nil when it was never run.
	Reconcile *domain.ReconcileRun
	// Declarations are the changes declared to France Compétences.
	Declarations []domain.FCDeclaration
	// WebChecks are the website checks of 'audit web', oldest first.
	WebChecks []domain.WebCheck
	// Audits are the recorded audits with their items (ReadsAudits).
	Audits []*domain.Audit
	// Sessions are the exam sessions with their counts, without
	// enrolments (ReadsSessions).
	Sessions []*domain.Session
	// Accrochage are the holders of delivered certificates with their CPF
	// accrochage state (ReadsAccrochage).
	Accrochage []domain.AccrochageState
	// SurveysDue are the survey waves due at At and not answered (ReadsSurveys, issue 14).
	SurveysDue []domain.SurveyDue
	// FCStatisticsSent are the statistics sent to France Compétences (ReadsStatistics, issue 14).
	FCStatisticsSent []domain.FCStatisticsSending
	// Holders counts the certificate holders per certification they count
	// with (predecessor fiches' holders with the successor; ReadsSurveys, issue 14).
	Holders map[domain.CertCode]int
	// RetentionBefore is the evaluation date minus the retention period
	// (privacy.retention_years; zero: not reported), and RetentionDue the
	// candidates whose last session ended before it with personal data
	// left to purge (ReadsCandidates).
	RetentionBefore domain.Date
	RetentionDue    []domain.PurgeTarget
	// Improvements are the improvement actions (ReadsImprovements).
	Improvements []*domain.ImprovementAction
	// Committees are the improvement committee meetings (ReadsCommittees).
	Committees []*domain.CommitteeMeeting
	// Royalties are the last recorded royalty statements, with what was
	// paid (ReadsRoyalties).
	Royalties []*domain.RoyaltyStatement
	// Trainings and Documents are the professionalisation records
	// (ReadsTrainings, ReadsDocuments).
	Trainings []*domain.Training
	Documents []*domain.NetworkDocument
}

// Reads lists everything a snapshot can hold, for Rule.Reads.
var Reads = []string{ReadsCertifications, ReadsPartners, ReadsConventions, ReadsReconcile, ReadsDeclarations, ReadsWebChecks, ReadsAudits, ReadsCandidates,
	ReadsAccrochage, ReadsImprovements, ReadsCommittees, ReadsRoyalties, ReadsTrainings, ReadsDocuments, ReadsSessions, ReadsSurveys, ReadsStatistics}

var registry []Rule

// register adds rules to the registry (called from each area file's init).
func register(rules ...Rule) { registry = append(registry, rules...) }

// Rules lists the registry by area, then code.
func Rules() []Rule {
	out := append([]Rule(nil), registry...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Area != out[j].Area {
			return areaRank(out[i].Area) < areaRank(out[j].Area)
		}
		return out[i].Code < out[j].Code
	})
	return out
}

var areaOrder = []Area{AreaConventions, AreaHabilitations, AreaCertifications, AreaPartners, AreaFranceCompetences, AreaAccrochage}

func areaRank(a Area) int {
	for i, x := range areaOrder {
		if x == a {
			return i
		}
	}
	return len(areaOrder)
}

// RuleOf returns the rule reporting code.
func RuleOf(code string) (Rule, bool) {
	for _, r := range registry {
		if r.Code == code {
			return r, true
		}
	}
	return Rule{}, false
}

// Run evaluates every rule of the registry at s.At and returns the findings
// sorted (Sort): errors first. The result is never nil.
func Run(s Snapshot) []domain.Finding {
	e := NewEnv(s)
	out := []domain.Finding{}
	for _, r := range registry {
		out = append(out, r.Eval(e)...)
	}
	Sort(out)
	return out
}

// Sort orders findings by severity (errors first), code, subject,
// certification and message.
func Sort(l []domain.Finding) {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() < b.Severity.Rank()
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		if a.Subject != b.Subject {
			return a.Subject < b.Subject
		}
		if a.Certification != b.Certification {
			return a.Certification < b.Certification
		}
		return a.Message < b.Message
	})
}

type pairKey struct {
	siret domain.SIRET
	cert  domain.CertCode
}

// Env is a snapshot with the indexes the rules share during one Run.
type Env struct {
	Snapshot
	certs    map[domain.CertCode]*domain.Certification
	partners map[domain.SIRET]*domain.Partner
	convs    map[pairKey][]*domain.Convention

	// memoised results shared by several rules
	gaps      []domain.Finding // CONVENTION_MISSING and CONVENTION_EXPIRED
	gapsDone  bool
	fcDue     []domain.Finding // the last reconcile's due findings, with the run's note
	fcDueDone bool
}

// NewEnv prepares s for the rules (Run does it once for all of them; a test
// may evaluate one rule with it).
func NewEnv(s Snapshot) *Env {
	e := &Env{Snapshot: s, certs: map[domain.CertCode]*domain.Certification{}, partners: map[domain.SIRET]*domain.Partner{},
		convs: map[pairKey][]*domain.Convention{}}
	for _, c := range s.Certifications {
		e.certs[c.Code] = c
	}
	for _, p := range s.Partners {
		e.partners[p.SIRET] = p
	}
	for _, c := range s.Conventions {
		key := pairKey{c.PartnerSIRET, c.Certification}
		e.convs[key] = append(e.convs[key], c)
	}
	return e
}

// only keeps the findings of one code.
func only(l []domain.Finding, code string) []domain.Finding {
	var out []domain.Finding
	for _, f := range l {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

// regEnd is the registration end of a certification (zero: unknown or open).
func (e *Env) regEnd(code domain.CertCode) domain.Date {
	if c := e.certs[code]; c != nil {
		return c.EndDate
	}
	return domain.Date{}
}

// habilitated returns p's habilitation on code in force on d, within the
// registration (nil when none).
func (e *Env) habilitated(p *domain.Partner, code domain.CertCode, d domain.Date) *domain.Habilitation {
	if end := e.regEnd(code); !end.IsZero() && d.After(end) {
		return nil
	}
	for i := range p.Habilitations {
		h := &p.Habilitations[i]
		if h.Certification == code && h.InForce(d) {
			return h
		}
	}
	return nil
}

// inForce returns p's habilitations in force on the evaluation date, within
// their certification's registration.
func (e *Env) inForce(p *domain.Partner) []*domain.Habilitation {
	var out []*domain.Habilitation
	for i := range p.Habilitations {
		h := &p.Habilitations[i]
		if !h.InForce(e.At) {
			continue
		}
		if end := e.regEnd(h.Certification); !end.IsZero() && e.At.After(end) {
			continue
		}
		out = append(out, h)
	}
	return out
}

// routes are the access routes a habilitation covers: its own list, or
// every route its certification opens when the list is empty.
func (e *Env) routes(h *domain.Habilitation) []domain.Access {
	if len(h.Access) > 0 {
		return h.Access
	}
	if c := e.certs[h.Certification]; c != nil {
		return c.Access
	}
	return nil
}

func partnerLabel(p *domain.Partner) string { return p.Name + " (" + p.SIRET.Formatted() + ")" }

// inDays says when a date comes relative to the evaluation date.
func inDays(n int) string {
	switch {
	case n == 0:
		return "today"
	case n == 1:
		return "tomorrow"
	case n == -1:
		return "yesterday"
	case n > 0:
		return fmt.Sprintf("in %d days", n)
	}
	return fmt.Sprintf("%d days ago", -n)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
