package cli

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestForeignDatabaseUntouched: another application's SQLite file with a
// user_version habil also uses (5) is refused by every command — doctor
// included, which says what the file is — with exit 1, and stays
// byte-identical with nothing beside it. (The issue found it switched to
// WAL with a .pre-v5 backup beside it, or "no such table: partner", and
// doctor flagging only the file mode.)
func TestForeignDatabaseUntouched(t *testing.T) {
	dir := filepath.Dir(isolateHabil(t))
	path := filepath.Join(dir, "inventaire.db")
	h, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"CREATE TABLE partner(id INTEGER PRIMARY KEY, nom TEXT)", "INSERT INTO partner(nom) VALUES ('Stock')", "PRAGMA user_version = 5"} {
		if _, err := h.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	h.Close()
	before, _ := os.ReadFile(path)
	for _, args := range [][]string{{"doctor"}, {"partner", "list"}, {"check"}, {"init", "--name", "X", "--siret", "73282932000074"}, {"backup"}} {
		r := runHabil(append([]string{"--db", path}, args...)...)
		wantExit(t, r, ExitFailure, "habil: error: "+path+" is not a habil database (an SQLite database of another application: it lacks habil's table")
		if !strings.Contains(r.stderr, "): nothing was changed") || !strings.Contains(r.stderr, "habil: hint: check the --db path") {
			t.Errorf("%v:\n%s", args, r.stderr)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the foreign database changed")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "inventaire") && e.Name() != "inventaire.db" {
			t.Errorf("%s was created beside the foreign database", e.Name())
		}
	}
}
