package sqlite

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// journalRedactionFile is the one file allowed to change journal rows: the
// redaction of purged people's personal values ('privacy purge').
const journalRedactionFile = "journal_redact.go"

// TestJournalIsAppendOnly reads every Go source and migration of the
// module: no code path may UPDATE, DELETE, REPLACE or drop journal rows,
// except the purge's redaction. Tests are exempt (they damage copies on
// purpose).
func TestJournalIsAppendOnly(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s", root)
	}
	bad := regexp.MustCompile(`(?is)\b(UPDATE\s+(OR\s+\w+\s+)?"?journal"?\s+SET|DELETE\s+FROM\s+"?journal"?\b|(INSERT\s+OR\s+REPLACE|REPLACE)\s+INTO\s+"?journal"?\b|DROP\s+TABLE\s+(IF\s+EXISTS\s+)?"?journal"?\b|ALTER\s+TABLE\s+"?journal"?\s+RENAME)`)
	checked := 0
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (strings.HasPrefix(n, ".") || n == "testdata" || n == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		n := d.Name()
		if strings.HasSuffix(n, "_test.go") || !(strings.HasSuffix(n, ".go") || strings.HasSuffix(n, ".sql")) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		checked++
		if m := bad.Find(b); m != nil && n != journalRedactionFile {
			rel, _ := filepath.Rel(root, p)
			t.Errorf("%s changes journal rows (%q): the journal is append-only; only the purge's redaction (%s) may rewrite personal values", rel, m, journalRedactionFile)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d files checked: the walk missed the sources", checked)
	}
	// The pattern does catch what it must.
	for _, s := range []string{"UPDATE journal SET before = NULL", "delete from journal where id = 1", "DROP TABLE journal", "INSERT OR REPLACE INTO journal(id) VALUES (1)"} {
		if !bad.MatchString(s) {
			t.Errorf("the check misses %q", s)
		}
	}
	if bad.MatchString("INSERT INTO journal(at) VALUES (?)") || bad.MatchString("UPDATE journal_x SET a = 1") {
		t.Error("the check refuses an append")
	}
}
