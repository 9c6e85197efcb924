package cmdutil

import (
	"fmt"
	"io"

	"github.com/habil-app/habil/internal/domain"
)

// FindingJSON is a finding in --format json, the same for 'check',
// 'partner reconcile' and 'audit web': the contract's keys code, severity,
// subject, message, certification and siret, then convention, due_date and
// url. A key that does not apply is null, never omitted.
type FindingJSON struct {
	Code          string  `json:"code"`
	Severity      string  `json:"severity"`
	Subject       string  `json:"subject"`
	Message       string  `json:"message"`
	Certification *string `json:"certification"`
	SIRET         *string `json:"siret"`
	Convention    *string `json:"convention"`
	DueDate       *string `json:"due_date"`
	URL           *string `json:"url"`
}

// ToFindingJSON converts a finding.
func ToFindingJSON(x domain.Finding) FindingJSON {
	return FindingJSON{Code: x.Code, Severity: string(x.Severity), Subject: x.Subject, Message: x.Message,
		Certification: NullString(string(x.Certification)), SIRET: NullString(x.SIRET),
		Convention: NullString(x.Convention), DueDate: NullString(x.DueDate.String()), URL: NullString(x.URL)}
}

// FindingsOptions are what a command adds to the findings printer.
type FindingsOptions struct {
	// DueDate adds a due_date column to the table and CSV (check).
	DueDate bool
	// URL adds a url column to the table and CSV (audit web).
	URL bool
	// Empty is said on stderr when there is no finding (table format);
	// "" prints nothing at all.
	Empty string
}

// PrintFindings prints findings in the requested format: a table
// (severity, code, subject, certification, the optional columns, message;
// "-" for what does not apply), CSV with the same columns (empty cells) or
// the JSON array of FindingJSON ([] when nothing is found).
func PrintFindings(ios *IOStreams, format string, l []domain.Finding, o FindingsOptions) error {
	if format == "table" && len(l) == 0 {
		if o.Empty != "" {
			fmt.Fprintln(ios.ErrOut, o.Empty)
		}
		return nil
	}
	cell := func(s string) string {
		if format == "table" {
			return Orempty(s)
		}
		return s
	}
	headers := []string{"severity", "code", "subject", "certification"}
	if o.DueDate {
		headers = append(headers, "due_date")
	}
	if o.URL {
		headers = append(headers, "url")
	}
	headers = append(headers, "message")
	js := make([]FindingJSON, 0, len(l))
	rows := make([][]string, 0, len(l))
	for _, x := range l {
		js = append(js, ToFindingJSON(x))
		row := []string{string(x.Severity), x.Code, x.Subject, cell(string(x.Certification))}
		if o.DueDate {
			row = append(row, cell(x.DueDate.String()))
		}
		if o.URL {
			row = append(row, cell(x.URL))
		}
		rows = append(rows, append(row, x.Message))
	}
	return Print(ios, format, Listing{Headers: headers, Rows: rows, JSON: js})
}

// FindingCounts counts findings by severity.
func FindingCounts(l []domain.Finding) map[domain.Severity]int {
	n := map[domain.Severity]int{}
	for _, x := range l {
		n[x.Severity]++
	}
	return n
}

// FindingsSummary writes the one-line summary "N errors, N warnings, N info
// at DATE" (to stderr: stdout stays the data).
func FindingsSummary(w io.Writer, l []domain.Finding, at domain.Date) {
	n := FindingCounts(l)
	fmt.Fprintf(w, "%s, %s, %d info at %s\n",
		Count(n[domain.SeverityError], "error"), Count(n[domain.SeverityWarning], "warning"), n[domain.SeverityInfo], at)
}

// ExitFindings is the exit code of a check whose findings reach the
// severity it fails on ('habil check --fail-on', 'report all').
const ExitFindings = 4

// FailOn is SilentExit(ExitFindings) when a finding of l is at least as
// severe as failOn, else nil.
func FailOn(l []domain.Finding, failOn domain.Severity) error {
	rank := failOn.Rank()
	for _, x := range l {
		if x.Severity.Rank() <= rank {
			return SilentExit(ExitFindings)
		}
	}
	return nil
}
