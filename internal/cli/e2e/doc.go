// Package e2e runs the end-to-end scenarios of testdata/script against
// habil's real entry point (cli.Main), one testscript per user flow.
// It holds no code besides its tests.
package e2e
