package cmdutil

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func TestFindingJSONNulls(t *testing.T) {
	j := ToFindingJSON(domain.Finding{Code: "QUALIOPI_EXPIRED", Severity: domain.SeverityError, Subject: "85262016007290",
		Message: "m", SIRET: "85262016007290", DueDate: domain.MustDate("2026-03-31")})
	if j.Certification != nil || j.Convention != nil || j.URL != nil || j.SIRET == nil || *j.DueDate != "2026-03-31" || j.Severity != "error" {
		t.Errorf("json = %+v", j)
	}
}

func TestPrintFindings(t *testing.T) {
	l := []domain.Finding{{Code: "FC_UNKNOWN_PARTNER", Severity: domain.SeverityError, Subject: "44321186700025", Message: "listed",
		Certification: "RNCP35419", SIRET: "44321186700025"}}
	run := func(format string, l []domain.Finding, o FindingsOptions) (string, string) {
		ios, _, out, errOut := Test()
		if err := PrintFindings(ios, format, l, o); err != nil {
			t.Fatal(err)
		}
		return out.String(), errOut.String()
	}
	out, _ := run("table", l, FindingsOptions{DueDate: true})
	if !strings.Contains(out, "severity  code") || !strings.Contains(out, "due_date") || !strings.Contains(out, "RNCP35419      -         listed") {
		t.Errorf("table:\n%s", out)
	}
	out, _ = run("table", l, FindingsOptions{})
	if strings.Contains(out, "due_date") {
		t.Errorf("table without due_date:\n%s", out)
	}
	out, _ = run("csv", l, FindingsOptions{DueDate: true, URL: true})
	if out != "severity,code,subject,certification,due_date,url,message\nerror,FC_UNKNOWN_PARTNER,44321186700025,RNCP35419,,,listed\n" {
		t.Errorf("csv:\n%s", out)
	}
	out, _ = run("json", l, FindingsOptions{})
	for _, k := range []string{`"code": "FC_UNKNOWN_PARTNER"`, `"siret": "44321186700025"`, `"certification": "RNCP35419"`, `"convention": null`, `"due_date": null`, `"url": null`} {
		if !strings.Contains(out, k) {
			t.Errorf("json lacks %s:\n%s", k, out)
		}
	}
	// Nothing found: [] in JSON, the Empty message (or nothing) for a table.
	if out, _ = run("json", nil, FindingsOptions{}); out != "[]\n" {
		t.Errorf("empty json = %q", out)
	}
	if out, e := run("table", nil, FindingsOptions{Empty: "No difference."}); out != "" || e != "No difference.\n" {
		t.Errorf("empty table = %q, %q", out, e)
	}
	if out, e := run("table", nil, FindingsOptions{}); out != "" || e != "" {
		t.Errorf("empty table, no message = %q, %q", out, e)
	}
}

func TestFindingsSummary(t *testing.T) {
	var b strings.Builder
	FindingsSummary(&b, []domain.Finding{{Severity: domain.SeverityError}, {Severity: domain.SeverityWarning}, {Severity: domain.SeverityWarning}, {Severity: domain.SeverityInfo}}, domain.MustDate("2026-02-01"))
	if b.String() != "1 error, 2 warnings, 1 info at 2026-02-01\n" {
		t.Errorf("summary = %q", b.String())
	}
}
