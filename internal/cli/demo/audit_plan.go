package demo

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"github.com/habil-app/habil/internal/atomicfile"
)

// The risk-based audit plan of the demo network ('habil audit plan'), after
// the audits are recorded: every active partner ranked, most urgent first,
// written to reports/audit-plan.json and reports/audit-plan.xlsx (French
// headers, for the quality manager).

func init() {
	Register(Step{Order: 45, Name: "risk-based audit plan: who to audit first, and why (habil audit plan)", Fn: buildAuditPlan})
}

func buildAuditPlan(e *Env) error {
	at := e.Today.String()
	out, err := e.Run("audit", "plan", "--format", "json", "--at", at)
	if err != nil {
		return err
	}
	var plan []struct {
		Name         string `json:"name"`
		Score        int    `json:"score"`
		NeverAudited bool   `json:"never_audited"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		return fmt.Errorf("demo: reading the audit plan: %w", err)
	}
	report := filepath.Join(e.Reports, "audit-plan.json")
	if err := atomicfile.Write(report, 0o644, func(w io.Writer) error {
		_, err := io.WriteString(w, out)
		return err
	}); err != nil {
		return fmt.Errorf("demo: writing %s: %w", report, err)
	}
	sheet := filepath.Join(e.Reports, "audit-plan.xlsx")
	if _, err := e.Run("audit", "plan", "--at", at, "--out", sheet); err != nil {
		return err
	}
	never := 0
	for _, p := range plan {
		if p.NeverAudited {
			never++
		}
	}
	first := "nobody"
	if len(plan) > 0 {
		first = fmt.Sprintf("%s (score %d)", plan[0].Name, plan[0].Score)
	}
	e.Log("%d active partners ranked (%d never audited), first: %s: %s, %s", len(plan), never, first, report, sheet)
	return nil
}
