// Package cli is habil's composition root: the cobra command tree, global
// flags, and the one place where errors become messages and exit codes.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// Exit codes (cli-contract.md).
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitRejected    = 3
	ExitFindings    = 4
	ExitBusy        = 5
	ExitInterrupted = 130
)

// Main runs habil with the process arguments and returns the exit code.
func Main() int {
	// Ctrl-C and SIGTERM (a service manager, a cron timeout) cancel the
	// command: its transaction rolls back and it exits 130.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, os.Args[1:], cmdutil.System())
}

// Run runs habil with args over the given streams and returns the exit code.
// No panic escapes it.
func Run(ctx context.Context, args []string, ios *cmdutil.IOStreams) (code int) {
	f := cmdutil.NewFactory(ios, args)
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(ios.ErrOut, "habil: error: internal error: %v\n", p)
			fmt.Fprintln(ios.ErrOut, "habil: hint: this is a bug in habil, nothing was committed; please report it with the command you ran and 'habil version'")
			if os.Getenv("HABIL_DEBUG") != "" {
				fmt.Fprintf(ios.ErrOut, "%s\n", debug.Stack())
			}
			code = ExitFailure
		}
	}()
	defer func() {
		if err := f.Close(); err != nil && code == ExitOK {
			fmt.Fprintf(ios.ErrOut, "habil: error: closing the database: %v\n", err)
			code = ExitFailure
		}
	}()
	root := NewRoot(f)
	root.SetArgs(args)
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	cmd, err := root.ExecuteContextC(ctx)
	return exitCode(ios, cmd, err)
}

func exitCode(ios *cmdutil.IOStreams, cmd *cobra.Command, err error) int {
	if err == nil {
		return ExitOK
	}
	w := ios.ErrOut
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		// One line, whatever was under way. A use case that knows what the
		// interruption left (an import: nothing) says it ("interrupted: …").
		var de *domain.Error
		if errors.As(err, &de) && strings.HasPrefix(de.Msg, "interrupted") {
			fmt.Fprintf(w, "habil: %s\n", oneLine(de.Msg))
		} else {
			fmt.Fprintln(w, "habil: interrupted; nothing was committed by the interrupted step")
		}
		return ExitInterrupted
	}
	var ee *cmdutil.ExitError
	if errors.As(err, &ee) {
		if ee.Msg != "" {
			fmt.Fprintf(w, "habil: error: %s\n", ee.Msg)
		}
		if ee.Hint != "" {
			fmt.Fprintf(w, "habil: hint: %s\n", ee.Hint)
		}
		return ee.Code
	}
	var fe *cmdutil.FlagError
	var de *domain.Error
	if errors.As(err, &fe) || (!errors.As(err, &de) && isCobraUsage(err)) {
		fmt.Fprintf(w, "habil: error: %s\n", oneLine(err.Error()))
		if h := domain.HintOf(err); h != "" {
			fmt.Fprintf(w, "habil: hint: %s\n", h)
		}
		if cmd != nil && (fe == nil || !fe.NoUsage) {
			fmt.Fprintf(w, "\n%s", cmd.UsageString())
		}
		return ExitUsage
	}
	fmt.Fprintf(w, "habil: error: %s\n", oneLine(err.Error()))
	if h := domain.HintOf(err); h != "" {
		fmt.Fprintf(w, "habil: hint: %s\n", h)
	}
	switch domain.KindOf(err) {
	case domain.KindInvalid:
		return ExitUsage
	case domain.KindRejected:
		return ExitRejected
	case domain.KindBusy:
		return ExitBusy
	default:
		return ExitFailure
	}
}

// oneLine puts an error message on one line, with any control character
// it quotes from the data (written by an older version) made visible.
func oneLine(s string) string {
	return domain.EscapeText(strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " "))
}

// isCobraUsage recognises cobra's own argument errors (unknown command…).
func isCobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "invalid argument", "flag needs an argument", "required flag"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
