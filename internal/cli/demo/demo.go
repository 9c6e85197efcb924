// Package demo builds 'habil demo': a realistic certifier network in its own
// folder, filled through habil's real commands, with every report written.
//
// Each capability adds a step (a file in this package registering itself
// with Register) so that the demo always exercises everything habil does.
package demo

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// Env is what a step gets.
type Env struct {
	Dir     string      // demo folder
	Reports string      // Dir/reports, where every report is written
	DB      string      // Dir/habil.db
	Today   domain.Date // the demo's "today" (--at)
	Scale   int         // 1 = a realistic small certifier; N multiplies the volumes
	Rand    *rand.Rand  // seeded by --seed: same seed, same demo
	// Run runs one habil command against the demo database and returns its
	// stdout. A non-zero exit aborts the demo with the command's stderr.
	Run func(args ...string) (string, error)
	// RunExpect runs a command that is expected to exit with the given code
	// (e.g. 'check' finding problems on purpose).
	RunExpect func(code int, args ...string) (string, error)
	Log       func(format string, args ...any)
	// Summary lines a step adds are printed at the end of the demo.
	Summary []string
}

// Step is one part of the demo.
type Step struct {
	Order int    // steps run by increasing order
	Name  string // shown while running
	Fn    func(*Env) error
}

var steps []Step

// Register adds a step; call it from an init function.
func Register(s Step) { steps = append(steps, s) }

// Runner runs habil in-process: args exclude the program name.
type Runner func(ctx context.Context, args []string, ios *cmdutil.IOStreams) int

// Options are the flags of 'habil demo'.
type Options struct {
	Out   string
	Scale int
	Seed  int64
	Force bool
	At    cmdutil.DateFlag
}

// NewCmd builds 'habil demo'. run is habil itself (injected to avoid an import cycle).
func NewCmd(f *cmdutil.Factory, run Runner) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Build a realistic demo certifier network in its own folder and write every report",
		Long: `Create DIR (default ./habil-demo) with a fresh database DIR/habil.db filled with a
realistic certifier: certifications, partners in every state, habilitations, conventions and
more, through habil's own commands. Every report is written under DIR/reports/.

The demo never touches your database (--db and HABIL_DB are ignored). It refuses to replace an
existing DIR/habil.db unless --force is given. It needs no network. The same --seed and --at
give the same demo.`,
		Example: `  habil demo
  habil demo --out /tmp/demo --scale 20 --seed 7
  habil --db habil-demo/habil.db partner list`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Scale < 1 || o.Scale > 1000 {
				return cmdutil.FlagValue("scale", fmt.Errorf("must be between 1 and 1000"))
			}
			return runDemo(cmd.Context(), f, run, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "habil-demo", "folder to create the demo in")
	cmd.Flags().IntVar(&o.Scale, "scale", 1, "multiply the volumes (partners, candidates…) by N")
	cmd.Flags().Int64Var(&o.Seed, "seed", 1, "random seed: the same seed gives the same demo")
	cmd.Flags().BoolVar(&o.Force, "force", false, "replace an existing demo database")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func runDemo(ctx context.Context, f *cmdutil.Factory, run Runner, o *Options) error {
	dir, err := filepath.Abs(o.Out)
	if err != nil {
		return err
	}
	dbPath := filepath.Join(dir, "habil.db")
	// --db may name DIR/habil.db: --force must not delete the user's database.
	if err := f.CheckOut(dbPath, dbPath+"-wal", dbPath+"-shm", dbPath+"-journal"); err != nil {
		return err
	}
	if _, err := os.Stat(dbPath); err == nil {
		if !o.Force {
			return domain.Conflict("DEMO_EXISTS", "%s already exists", dbPath).
				WithHint("use 'habil demo --force' to replace it, or --out another folder")
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(dbPath + suffix); err != nil && !os.IsNotExist(err) {
				return err
			}
		}
	}
	reports := filepath.Join(dir, "reports")
	_, statErr := os.Stat(dir)
	createdDir := os.IsNotExist(statErr)
	_, statErr = os.Stat(reports)
	createdReports := os.IsNotExist(statErr)
	if err := os.MkdirAll(reports, 0o700); err != nil {
		return fmt.Errorf("cannot create %s: %w", reports, err)
	}
	// Interrupted (Ctrl-C): remove what this run built, so that no
	// half-built demo is left behind, and exit 130.
	defer func() {
		if ctx.Err() == nil {
			return
		}
		removed := dir
		if createdDir {
			_ = os.RemoveAll(dir)
		} else {
			for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
				_ = os.Remove(dbPath + suffix)
			}
			removed = dbPath
			if createdReports {
				_ = os.RemoveAll(reports)
				removed += " and " + reports
			}
		}
		fmt.Fprintf(f.IOStreams.ErrOut, "habil: demo interrupted: removed the half-built %s\n", removed)
	}()
	ios := f.IOStreams
	env := &Env{
		Dir: dir, Reports: reports, DB: dbPath, Today: f.At(&o.At), Scale: o.Scale,
		Rand: rand.New(rand.NewSource(o.Seed)),
		Log:  func(format string, args ...any) { fmt.Fprintf(ios.ErrOut, "  "+format+"\n", args...) },
	}
	env.RunExpect = func(code int, args ...string) (string, error) {
		full := append([]string{"--db", dbPath}, args...)
		tio, _, out, errOut := cmdutil.Test()
		got := run(ctx, full, tio)
		if ctx.Err() != nil {
			return out.String(), ctx.Err() // interrupted: exit 130, not a failed step
		}
		if got != code {
			return out.String(), fmt.Errorf("demo step failed: habil %s exited %d (expected %d):\n%s",
				strings.Join(args, " "), got, code, indent(errOut))
		}
		return out.String(), nil
	}
	env.Run = func(args ...string) (string, error) { return env.RunExpect(0, args...) }

	sorted := append([]Step(nil), steps...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Order < sorted[j].Order })
	fmt.Fprintf(ios.ErrOut, "Building the demo in %s (scale %d, seed %d, today %s)…\n", dir, o.Scale, o.Seed, env.Today)
	for _, s := range sorted {
		if err := ctx.Err(); err != nil {
			return err
		}
		fmt.Fprintf(ios.ErrOut, "- %s\n", s.Name)
		if err := s.Fn(env); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
	}
	fmt.Fprintf(ios.ErrOut, "\nDone. Reports are in %s\n", reports)
	for _, line := range env.Summary {
		fmt.Fprintf(ios.ErrOut, "%s\n", line)
	}
	fmt.Fprintf(ios.ErrOut, "Explore it with:\n  habil --db %s certification list\n  habil --db %s partner list\n  habil --db %s history --limit 20\n", dbPath, dbPath, dbPath)
	fmt.Fprintln(ios.Out, dbPath)
	return nil
}

func indent(b *bytes.Buffer) string {
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	return "    " + strings.Join(lines, "\n    ")
}
