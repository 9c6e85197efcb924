package domain

import (
	"strings"
)

// ItemStatus is the result of one checklist item in an audit.
type ItemStatus string

const (
	ItemCompliant    ItemStatus = "compliant"    // conforme
	ItemNonCompliant ItemStatus = "noncompliant" // non conforme
	ItemNA           ItemStatus = "na"           // sans objet
)

// ParseItemStatus reads a French or English checklist status.
func ParseItemStatus(s string) (ItemStatus, error) {
	switch Fold(s) {
	case "conforme", "compliant", "c", "ok", "oui":
		return ItemCompliant, nil
	case "non conforme", "non-conforme", "nonconforme", "noncompliant", "non compliant", "nc", "non":
		return ItemNonCompliant, nil
	case "n/a", "n a", "na", "sans objet", "non applicable", "so": // Fold turns "n/a" into "n a"
		return ItemNA, nil
	}
	return "", Invalid("AUDIT_STATUS", "%q is not a checklist status: use conforme, non conforme or n/a", strings.TrimSpace(s))
}

// French is the status as printed.
func (s ItemStatus) French() string {
	switch s {
	case ItemCompliant:
		return "conforme"
	case ItemNonCompliant:
		return "non conforme"
	case ItemNA:
		return "n/a"
	}
	return string(s)
}

// FindingSeverity grades a non-conformity.
type FindingSeverity string

const (
	SeverityMinor FindingSeverity = "minor" // mineure
	SeverityMajor FindingSeverity = "major" // majeure
)

// ParseFindingSeverity reads mineure/majeure (or minor/major).
func ParseFindingSeverity(s string) (FindingSeverity, error) {
	switch Fold(s) {
	case "mineure", "mineur", "minor":
		return SeverityMinor, nil
	case "majeure", "majeur", "major":
		return SeverityMajor, nil
	}
	return "", Invalid("AUDIT_SEVERITY", "%q is not a severity: use mineure or majeure", strings.TrimSpace(s))
}

// French is the severity as printed.
func (s FindingSeverity) French() string {
	switch s {
	case SeverityMinor:
		return "mineure"
	case SeverityMajor:
		return "majeure"
	}
	return string(s)
}

// ChecklistItem is one control point of the audit checklist.
type ChecklistItem struct {
	Code     string // stable code, e.g. "COM-01"
	Section  string // French section title, e.g. "Site internet"
	Text     string // the control point, in French
	Evidence string // the evidence to collect
	Basis    string // legal basis, e.g. "R6113-16-3 1°" ("" when none)
	// Scope limits the item to partners habilitated to train ("train"),
	// to assess ("assess"), or on the VAE route ("vae"); "" = every partner.
	Scope string
}

// Checklist is a versioned list of control points.
type Checklist struct {
	Version string // e.g. "habil-2026.1", or the name of the certifier's own file
	Items   []ChecklistItem
}

// Item returns the item of that code (case-insensitive), or nil.
func (c *Checklist) Item(code string) *ChecklistItem {
	for i := range c.Items {
		if strings.EqualFold(c.Items[i].Code, strings.TrimSpace(code)) {
			return &c.Items[i]
		}
	}
	return nil
}

// AuditItem is the result of one control point in a recorded audit. A
// non-compliant item is a finding (non-conformity): it has a severity, a
// corrective action and a deadline, and stays open until closed.
type AuditItem struct {
	ID           int64
	Code         string
	Point        string // the control point as printed on the checklist
	Status       ItemStatus
	Observations string
	Severity     FindingSeverity // non-compliant items only
	Action       string          // corrective action
	Deadline     Date            // corrective-action deadline
	ClosedOn     Date            // zero while open
	Closure      string          // how it was closed
}

// Finding reports whether the item is a non-conformity.
func (i AuditItem) Finding() bool { return i.Status == ItemNonCompliant }

// OpenAt reports whether the item is a non-conformity still open at d.
func (i AuditItem) OpenAt(d Date) bool {
	return i.Finding() && (i.ClosedOn.IsZero() || d.Before(i.ClosedOn))
}

// OverdueAt reports whether the item is open at d past its deadline.
func (i AuditItem) OverdueAt(d Date) bool {
	return i.OpenAt(d) && !i.Deadline.IsZero() && d.After(i.Deadline)
}

// Audit is one recorded audit of a partner.
type Audit struct {
	ID               int64
	PartnerSIRET     SIRET
	PartnerName      string // filled by the store for listings
	Date             Date
	Auditor          string
	ChecklistVersion string
	Source           string // the file it was recorded from (base name)
	Items            []AuditItem
}

// Finding returns the item code of the audit (case-insensitive; the last
// one if repeated) to do something with: NotFound when the audit has no
// such item, AUDIT_NOT_A_FINDING when it is not a non-conformity ("there is
// nothing to " + todo).
func (a *Audit) Finding(code, todo string) (*AuditItem, error) {
	var item *AuditItem
	for i := range a.Items {
		if strings.EqualFold(a.Items[i].Code, strings.TrimSpace(code)) {
			item = &a.Items[i]
		}
	}
	switch {
	case item == nil:
		return nil, NotFound("audit %d has no item %s", a.ID, code).WithHint("see its items with 'habil audit report %d --out audit.pdf'", a.ID)
	case !item.Finding():
		return nil, Conflict("AUDIT_NOT_A_FINDING", "item %s of audit %d is %s, not a non-conformity: there is nothing to %s", item.Code, a.ID, item.Status.French(), todo)
	}
	return item, nil
}

// Findings returns the non-conformities of the audit.
func (a *Audit) Findings() []AuditItem {
	var out []AuditItem
	for _, i := range a.Items {
		if i.Finding() {
			out = append(out, i)
		}
	}
	return out
}

// OpenFindings returns the non-conformities still open at d.
func (a *Audit) OpenFindings(d Date) []AuditItem {
	var out []AuditItem
	for _, i := range a.Items {
		if i.OpenAt(d) {
			out = append(out, i)
		}
	}
	return out
}

// AuditFilter selects audits. Zero fields select everything.
type AuditFilter struct {
	Partner SIRET
}

// Compliance is a partner's compliance status from its audits.
type Compliance string

const (
	ComplianceNotAudited Compliance = "not_audited"
	Compliant            Compliance = "compliant"
	CompliancePartial    Compliance = "partially_compliant" // open minor findings only
	NonCompliant         Compliance = "not_compliant"       // an open major finding
)

// French is how documents word a compliance status.
func (c Compliance) French() string {
	switch c {
	case ComplianceNotAudited:
		return "non audité"
	case Compliant:
		return "conforme"
	case CompliancePartial:
		return "partiellement conforme"
	case NonCompliant:
		return "non conforme"
	}
	return string(c)
}

// ComplianceAt derives a partner's compliance status at d from its audits
// (any order): not audited when none is on or before d; not compliant
// when a major finding is open; partially compliant when only minor ones
// are; compliant otherwise.
func ComplianceAt(audits []*Audit, d Date) Compliance {
	seen := false
	status := Compliant
	for _, a := range audits {
		if a.Date.After(d) {
			continue
		}
		seen = true
		for _, i := range a.OpenFindings(d) {
			if i.Severity == SeverityMajor {
				return NonCompliant
			}
			status = CompliancePartial
		}
	}
	if !seen {
		return ComplianceNotAudited
	}
	return status
}

// WebFinding is one problem found on a partner's web page by 'audit web'.
type WebFinding struct {
	Code     string // WEB_CERTIFICATION_MISSING, WEB_NOT_HABILITATED, …
	Severity Severity
	Message  string
}

// WebCheck is one fetch of a partner's page by 'audit web', with its
// evidence (the SHA-256 of what was fetched) and its findings.
type WebCheck struct {
	ID           int64
	PartnerSIRET SIRET
	URL          string
	CheckedOn    Date
	FetchedAt    string // RFC 3339 instant
	HTTPStatus   int    // 0 when unreachable
	SHA256       string // of the body fetched ("" when unreachable)
	Size         int64
	Error        string // why it was unreachable
	Findings     []WebFinding
}
