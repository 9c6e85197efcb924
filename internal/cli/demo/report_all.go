package demo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The demo ends as a night of the certifier's cron job does: 'habil report
// all' writes every report into the reports folder. The reports folder
// already holds the demo's other documents (conventions, audits…), so the
// run goes into its dated subfolder, as it would for any folder holding
// other files. It exits 4 (the demo's deliberate compliance errors); the
// demo itself succeeds once every report is written.

func init() {
	Register(Step{Order: 95, Name: "the nightly run: every report in one folder (habil report all)", Fn: runReportAll})
}

func runReportAll(e *Env) error {
	if _, err := e.RunExpect(4, "report", "all", "--out", e.Reports, "--at", e.Today.String()); err != nil {
		return err
	}
	dir := filepath.Join(e.Reports, e.Today.String())
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("demo: reading %s: %w", dir, err)
	}
	names := make([]string, 0, len(entries))
	for _, en := range entries {
		names = append(names, en.Name())
	}
	e.Log("%d files in %s: %s", len(names), dir, strings.Join(names, ", "))
	return nil
}
