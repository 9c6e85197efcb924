package improve

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// FromFindingOptions are the arguments of 'improve from-finding'.
type FromFindingOptions struct {
	AuditID string
	Code    string
}

// NewCmdFromFinding builds 'improve from-finding'.
func NewCmdFromFinding(f *cmdutil.Factory, runF func(context.Context, *FromFindingOptions) error) *cobra.Command {
	o := &FromFindingOptions{}
	cmd := &cobra.Command{
		Use:   "from-finding AUDIT_ID CODE",
		Short: "Turn a non-conformity of an audit into an improvement action (prints its id)",
		Long: `Make an improvement action (source audit) from a non-conformity of a recorded audit: its
partner, its corrective action as the text and its deadline as the due date; a finding already
closed gives a closed action. One finding makes one action: a second time is refused. Prints the
new action's id on stdout; journaled.`,
		Example: `  habil improve from-finding 3 WEB-02
  habil improve list --open`,
		Args: cmdutil.ExactArgs(2, "the AUDIT_ID and the item CODE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.AuditID, o.Code = args[0], args[1]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return fromFindingRun(cmd.Context(), f, o)
		},
	}
	return cmd
}

func fromFindingRun(ctx context.Context, f *cmdutil.Factory, o *FromFindingOptions) error {
	id, err := cmdutil.ParseID(o.AuditID, "AUDIT_ID %q is not an audit id: see them with 'habil audit list'")
	if err != nil {
		return err
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	act, err := a.ImprovementFromFinding(ctx, id, o.Code)
	if err != nil {
		return err
	}
	fmt.Fprintln(f.IOStreams.Out, act.ID)
	due := "no due date"
	if !act.Due.IsZero() {
		due = "due " + act.Due.String()
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Improvement action %d made from %s, %s.\n", act.ID, act.Origin, due)
	return nil
}
