package e2e

import (
	"path/filepath"
	"testing"
)

func TestMain(m *testing.M) { Main(m) }

// TestScripts runs part 1 of the scenarios (see Part); internal/cli/e2e/more
// runs part 2.
func TestScripts(t *testing.T) {
	testdata, err := filepath.Abs(filepath.Join("..", "..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	Run(t, testdata, 1)
}

// Every scenario belongs to a part that exists.
func TestEveryScenarioHasAPart(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "script", "*.txtar"))
	seen := map[int]int{}
	for _, f := range files {
		p := Part(filepath.Base(f))
		if p < 1 || p > Parts {
			t.Errorf("%s: part %d", f, p)
		}
		seen[p]++
	}
	for p := 1; p <= Parts; p++ {
		if seen[p] == 0 {
			t.Errorf("part %d has no scenario", p)
		}
	}
}
