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
