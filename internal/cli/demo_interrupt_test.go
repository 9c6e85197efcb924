package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/cli/demo"
)

// Ctrl-C during 'habil demo' exits 130 and leaves no half-built folder
// (issue 9). The interruption comes after a few of the demo's commands.
func TestDemoInterrupted(t *testing.T) {
	out := filepath.Join(t.TempDir(), "demo")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	run := func(c context.Context, args []string, ios *cmdutil.IOStreams) int {
		// The demo runs habil in-process for each of its commands: interrupt
		// it while it builds the partner network.
		if len(args) > 2 && args[2] == "partner" {
			calls++
			if calls == 3 {
				cancel()
				return ExitInterrupted
			}
		}
		return Run(c, args, ios)
	}
	// The top-level run gets the demo with the interrupting runner.
	ios, _, _, errOut := cmdutil.Test()
	f := cmdutil.NewFactory(ios, nil)
	cmd := demo.NewCmd(f, run)
	cmd.SetArgs([]string{"--out", out, "--at", "2026-06-15"})
	err := cmd.ExecuteContext(ctx)
	if err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Fatalf("interrupted demo: err = %v", err)
	}
	if _, statErr := os.Stat(out); !os.IsNotExist(statErr) {
		t.Errorf("the half-built %s is still there (%v)", out, statErr)
	}
	if !strings.Contains(errOut.String(), "habil: demo interrupted: removed the half-built "+out) {
		t.Errorf("stderr: %s", errOut.String())
	}
	// The whole command exits 130.
	ctx2, cancel2 := context.WithCancel(context.Background())
	cancel2()
	tio, _, _, _ := cmdutil.Test()
	if code := Run(ctx2, []string{"demo", "--out", out}, tio); code != ExitInterrupted {
		t.Errorf("exit %d, want 130", code)
	}
	if _, statErr := os.Stat(out); !os.IsNotExist(statErr) {
		t.Errorf("%s left behind after an interruption before the first step", out)
	}
}
