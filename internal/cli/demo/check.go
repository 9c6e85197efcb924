package demo

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"github.com/habil-app/habil/internal/atomicfile"
)

// The nightly compliance check on the demo network. The network holds
// problems on purpose, so 'habil check' exits 4: a draft and a sent
// convention while the partners are habilitated (CONVENTION_MISSING), an
// expired Qualiopi certificate (QUALIOPI_EXPIRED), the organisations France
// Compétences lists that are not partners (FC_UNKNOWN_PARTNER), and warnings
// for the conventions and Qualiopi certificates that end soon. The findings
// are written to reports/check.json.

func init() {
	Register(Step{Order: 90, Name: "compliance check: what needs attention today (habil check)", Fn: runCheck})
}

func runCheck(e *Env) error {
	out, err := e.RunExpect(4, "check", "--format", "json", "--at", e.Today.String())
	if err != nil {
		return err
	}
	var findings []struct {
		Severity string `json:"severity"`
	}
	if err := json.Unmarshal([]byte(out), &findings); err != nil {
		return fmt.Errorf("demo: reading the check result: %w", err)
	}
	report := filepath.Join(e.Reports, "check.json")
	if err := atomicfile.Write(report, 0o644, func(w io.Writer) error {
		_, err := io.WriteString(w, out)
		return err
	}); err != nil {
		return fmt.Errorf("demo: writing %s: %w", report, err)
	}
	counts := map[string]int{}
	for _, f := range findings {
		counts[f.Severity]++
	}
	e.Log("%d errors, %d warnings, %d info (exit 4, as intended: the demo holds problems on purpose): %s",
		counts["error"], counts["warning"], counts["info"], report)
	return nil
}
