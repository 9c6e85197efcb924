package audit

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// CloseFindingOptions are the flags of 'audit close-finding'.
type CloseFindingOptions struct {
	ID   string
	Code string
	Date cmdutil.DateFlag
	Note string
}

// NewCmdCloseFinding builds 'audit close-finding'.
func NewCmdCloseFinding(f *cmdutil.Factory, runF func(context.Context, *CloseFindingOptions) error) *cobra.Command {
	o := &CloseFindingOptions{}
	cmd := &cobra.Command{
		Use:   "close-finding AUDIT_ID CODE --note TEXT [--date D]",
		Short: "Close a non-conformity of an audit once its corrective action is verified",
		Long: `Close one non-conformity (a non conforme item) of a recorded audit: the day the corrective
action was verified (default today; not before the audit, not in the future) and a note saying
how. Closing an item that is not a non-conformity, or one already closed, is refused. The
closure is journaled; the partner's compliance status follows.`,
		Example: `  habil audit close-finding 3 WEB-02 --note "mention RNCP ajoutée sur le site" --date 2026-04-02
  habil audit list --open`,
		Args: cmdutil.ExactArgs(2, "the AUDIT_ID and the item CODE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID, o.Code = args[0], args[1]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return closeFindingRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().Var(&o.Date, "date", "the day the corrective action was verified (default today)")
	cmd.Flags().StringVar(&o.Note, "note", "", "how the non-conformity was corrected (required)")
	return cmd
}

func auditID(s string) (int64, error) {
	return cmdutil.ParseID(s, "AUDIT_ID %q is not an audit id: see them with 'habil audit list'")
}

func closeFindingRun(ctx context.Context, f *cmdutil.Factory, o *CloseFindingOptions) error {
	id, err := auditID(o.ID)
	if err != nil {
		return err
	}
	if strings.TrimSpace(o.Note) == "" {
		return cmdutil.FlagErrorf("--note is required: say how the non-conformity was corrected")
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	au, it, err := a.CloseFinding(ctx, id, o.Code, f.At(&o.Date), o.Note)
	if err != nil {
		return err
	}
	left := len(au.OpenFindings(it.ClosedOn))
	fmt.Fprintf(f.IOStreams.ErrOut, "Audit %d of %s (%s): non-conformity %s (%s) closed on %s; %s still open.\n",
		au.ID, au.PartnerSIRET.Formatted(), au.PartnerName, it.Code, it.Severity.French(), it.ClosedOn, nonConformities(left))
	return nil
}

// nonConformities is "1 non-conformity" or "N non-conformities".
func nonConformities(n int) string {
	if n == 1 {
		return "1 non-conformity"
	}
	return fmt.Sprintf("%d non-conformities", n)
}
