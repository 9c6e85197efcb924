package improve

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// FromIncidentOptions are the arguments of 'improve from-incident'.
type FromIncidentOptions struct {
	EventID string
	Due     cmdutil.DateFlag
}

// NewCmdFromIncident builds 'improve from-incident'.
func NewCmdFromIncident(f *cmdutil.Factory, runF func(context.Context, *FromIncidentOptions) error) *cobra.Command {
	o := &FromIncidentOptions{}
	cmd := &cobra.Command{
		Use:   "from-incident EVENT_ID [--due D]",
		Short: "Turn an incident of a session into an improvement action (prints its id)",
		Long: `Make an improvement action (source jury) from an incident recorded in a session's log ('habil
session incident'): the session's certification, its organiser when a partner, the incident's text
and date; --due sets its due date. One incident makes one action: a second time is refused. Prints
the new action's id on stdout; journaled.`,
		Example: `  habil improve from-incident 7 --due 2026-09-30`,
		Args:    cmdutil.ExactArgs(1, "the EVENT_ID of the incident (its id in the session log)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.EventID = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return fromIncidentRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().Var(&o.Due, "due", "the date the action is due")
	return cmd
}

func fromIncidentRun(ctx context.Context, f *cmdutil.Factory, o *FromIncidentOptions) error {
	id, err := cmdutil.ParseID(o.EventID, "EVENT_ID %q is not a session log entry id")
	if err != nil {
		return err
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	act, err := a.ImprovementFromIncident(ctx, id, o.Due.Date)
	if err != nil {
		return err
	}
	fmt.Fprintln(f.IOStreams.Out, act.ID)
	fmt.Fprintf(f.IOStreams.ErrOut, "Improvement action %d made from %s.\n", act.ID, act.Origin)
	return nil
}
