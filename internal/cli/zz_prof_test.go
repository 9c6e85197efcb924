package cli_test

import (
	"context"
	"os"
	"runtime/pprof"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/cli"
	"github.com/habil-app/habil/internal/cli/cmdutil"
)

func TestZZProf(t *testing.T) {
	args := os.Getenv("PROF_ARGS")
	if args == "" {
		t.Skip()
	}
	f, _ := os.Create(os.Getenv("PROF_OUT"))
	pprof.StartCPUProfile(f)
	ios, _, _, errOut := cmdutil.Test()
	code := cli.Run(context.Background(), strings.Fields(args), ios)
	pprof.StopCPUProfile()
	t.Logf("exit %d %s", code, errOut.String()[max(0, errOut.Len()-300):])
}
