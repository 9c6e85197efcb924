package e2e

import (
	"encoding/base64"
	"os"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdUnbase64 decodes the base64 text of SRC (line breaks ignored) into
// DST: a scenario carries a small binary file, such as another
// application's SQLite database, as text.
func cmdUnbase64(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: unbase64 SRC DST")
	}
	text := strings.Join(strings.Fields(ts.ReadFile(args[0])), "")
	b, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		ts.Fatalf("unbase64: %v", err)
	}
	if err := os.WriteFile(ts.MkAbs(args[1]), b, 0o644); err != nil {
		ts.Fatalf("unbase64: %v", err)
	}
}
