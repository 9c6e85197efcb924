// Package more runs the second part of the end-to-end scenarios (see
// e2e.Part), so that each test package stays within a minute on two cores.
package more

import (
	"path/filepath"
	"testing"

	"github.com/habil-app/habil/internal/cli/e2e"
)

func TestMain(m *testing.M) { e2e.Main(m) }

func TestScripts(t *testing.T) {
	testdata, err := filepath.Abs(filepath.Join("..", "..", "..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	e2e.Run(t, testdata, 2)
}
