package report_test

import (
	"testing"

	"github.com/habil-app/habil/internal/report"
)

// BenchmarkBuild is the convention's text: template, markup, numbering,
// references and typography (what 'convention pdf --all' does per
// convention before rendering).
func BenchmarkBuild(b *testing.B) {
	tmpl, err := reportTemplate()
	if err != nil {
		b.Fatal(err)
	}
	in := input()
	for i := 0; i < b.N; i++ {
		if _, _, err := tmpl.Build(in); err != nil {
			b.Fatal(err)
		}
	}
}

func reportTemplate() (*report.ConventionTemplate, error) {
	return report.ParseConventionTemplate("convention.tmpl", report.DefaultConventionTemplate())
}
