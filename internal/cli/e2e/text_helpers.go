package e2e

import (
	"database/sql"
	"path/filepath"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdCtrlEnv sets the variable VAR to TEXT read as a Go string literal
// without its quotes ('A\x1b[31mB', 'A\u202eB'): a scenario passes control
// characters to habil as $VAR (testscript has no escapes of its own).
func cmdCtrlEnv(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: ctrlenv VAR TEXT")
	}
	v, err := strconv.Unquote(`"` + args[1] + `"`)
	if err != nil {
		ts.Fatalf("ctrlenv %q: %v", args[1], err)
	}
	ts.Setenv(args[0], v)
}

// cmdSQL runs one SQL statement on the database file DB, behind habil's
// back: what an older version (or another program) may have written
// (the "sqlite" driver is registered by the store habil links).
func cmdSQL(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sql DB STATEMENT")
	}
	h, err := sql.Open("sqlite", "file:"+filepath.ToSlash(ts.MkAbs(args[0])))
	if err != nil {
		ts.Fatalf("sql: %v", err)
	}
	defer h.Close()
	if _, err := h.Exec(args[1]); err != nil {
		ts.Fatalf("sql: %v", err)
	}
}
