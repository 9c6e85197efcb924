package e2e

import (
	"database/sql"
	"fmt"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"
	_ "modernc.org/sqlite"
)

// cmdMkForeignDB writes another application's SQLite database: FILE with
// user_version V and one table T holding one row (rollback journal, so
// that nothing is left beside it).
func cmdMkForeignDB(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: mkforeigndb FILE VERSION TABLE")
	}
	v, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("mkforeigndb: %v", err)
	}
	h, err := sql.Open("sqlite", "file:"+ts.MkAbs(args[0]))
	if err != nil {
		ts.Fatalf("mkforeigndb: %v", err)
	}
	defer h.Close()
	for _, q := range []string{
		fmt.Sprintf("CREATE TABLE %s(id INTEGER PRIMARY KEY, label TEXT)", args[2]),
		fmt.Sprintf("INSERT INTO %s(label) VALUES ('à garder')", args[2]),
		fmt.Sprintf("PRAGMA user_version = %d", v),
	} {
		if _, err := h.Exec(q); err != nil {
			ts.Fatalf("mkforeigndb: %v", err)
		}
	}
}
