package improve

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// CloseOptions are the flags of 'improve close'.
type CloseOptions struct {
	ID      string
	Outcome string
	Date    cmdutil.DateFlag
}

// NewCmdClose builds 'improve close'.
func NewCmdClose(f *cmdutil.Factory, runF func(context.Context, *CloseOptions) error) *cobra.Command {
	o := &CloseOptions{}
	cmd := &cobra.Command{
		Use:   "close ID --outcome TEXT [--date D]",
		Short: "Close an improvement action with its outcome",
		Long: `Close an open improvement action: what was done (--outcome, required) and the day (--date,
default today; not before the action was opened, not in the future). Closing an action twice is
refused. Journaled.`,
		Example: `  habil improve close 4 --outcome "Délivrance hebdomadaire mise en place"
  habil improve close 4 --outcome "Grille révisée (v3)" --date 2026-05-12`,
		Args: cmdutil.ExactArgs(1, "the action's ID (see 'habil improve list')"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return closeRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Outcome, "outcome", "", "what was done (required)")
	cmd.Flags().Var(&o.Date, "date", "the day it was closed (default today)")
	return cmd
}

func closeRun(ctx context.Context, f *cmdutil.Factory, o *CloseOptions) error {
	id, err := actionID(o.ID)
	if err != nil {
		return err
	}
	if strings.TrimSpace(o.Outcome) == "" {
		return cmdutil.FlagErrorf("--outcome is required: say what was done")
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	act, err := a.CloseImprovement(ctx, id, o.Date.Date, o.Outcome)
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Improvement action %d closed on %s.\n", act.ID, act.ClosedOn)
	return nil
}
