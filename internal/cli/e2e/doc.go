// Package e2e runs the end-to-end scenarios of testdata/script against
// habil's real entry point (cli.Main), one testscript per user flow.
// It holds the scenario harness (Main, Run, Part) and the extra commands the
// scenarios use; internal/cli/e2e/more runs the second part of the scenarios.
package e2e
