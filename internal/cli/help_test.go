package cli

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// TestEveryCommandHasHelp: every command says in one line what it is for
// and shows at least one example a quality manager can copy.
func TestEveryCommandHasHelp(t *testing.T) {
	ios, _, _, _ := cmdutil.Test()
	root := NewRoot(cmdutil.NewFactory(ios, nil))
	n := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		n++
		path := c.CommandPath()
		if strings.TrimSpace(c.Short) == "" || strings.Contains(c.Short, "\n") {
			t.Errorf("%s: needs a one-line Short", path)
		}
		if !strings.Contains(c.Example, "habil") && c.Name() != "config" {
			t.Errorf("%s: needs an Example running habil", path)
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
	if n < 30 {
		t.Fatalf("only %d commands found: the tree was not built", n)
	}
}

func TestFlagValueMessage(t *testing.T) {
	for in, want := range map[string]string{
		`invalid argument "ten" for "--limit" flag: strconv.ParseInt: parsing "ten": invalid syntax`:           `--limit: "ten" is not a whole number`,
		`invalid argument "x" for "--at" flag: DATE_FORMAT: "x" is not a date: write YYYY-MM-DD or DD/MM/YYYY`: `--at: DATE_FORMAT: "x" is not a date: write YYYY-MM-DD or DD/MM/YYYY`,
		`invalid argument "maybe" for "-f, --force" flag: strconv.ParseBool: parsing "maybe": invalid syntax`:  `--force: "maybe" is not true or false`,
	} {
		got, ok := flagValueMessage(in)
		if !ok || got != want {
			t.Errorf("flagValueMessage(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := flagValueMessage("unknown flag: --nope"); ok {
		t.Error("an unknown flag is not a value error: it needs the usage")
	}
}

// TestRootHelpAdvertisesWhatExists: 'habil --help' describes only what habil
// does (issue 9: it once advertised sessions, certificates, accrochage and
// surveys before they existed); each capability it names has its command.
func TestRootHelpAdvertisesWhatExists(t *testing.T) {
	ios, _, _, _ := cmdutil.Test()
	root := NewRoot(cmdutil.NewFactory(ios, nil))
	for word, cmd := range map[string][]string{
		"certifications": {"certification"}, "partners": {"partner"}, "conventions": {"convention"},
		"audit": {"audit"}, "exam sessions": {"session"}, "certificates": {"session", "deliver"},
		"caisse des dépôts": {"report", "accrochage"}, "surveys": {"cohort", "surveys"},
		"statistics": {"report", "france-competences"}, "improvement": {"improve"}, "royalties": {"royalty"},
		"compliance check": {"check"}, "reports": {"report", "all"},
	} {
		if !strings.Contains(strings.ToLower(root.Long), word) {
			t.Errorf("habil --help no longer names %q", word)
		}
		if c, _, err := root.Find(cmd); err != nil || c == root || c.Name() != cmd[len(cmd)-1] {
			t.Errorf("habil --help names %q, but 'habil %s' does not exist", word, strings.Join(cmd, " "))
		}
	}
}
