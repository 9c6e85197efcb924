package partner

import (
	"context"
	"fmt"
	"strconv"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// NewCmdHabilitation builds 'partner habilitation' (end).
func NewCmdHabilitation(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "habilitation",
		Short:   "Act on one recorded habilitation (end it)",
		Example: "  habil partner habilitation end 12 --date 2026-06-30 --reason \"non renouvelée\"",
		Args:    cmdutil.NoArgs,
	}
	cmd.AddCommand(NewCmdHabilitationEnd(f, nil))
	return cmd
}

// EndOptions are the flags of 'partner habilitation end'.
type EndOptions struct {
	ID     string
	Date   cmdutil.DateFlag
	Reason string
}

// NewCmdHabilitationEnd builds 'partner habilitation end'.
func NewCmdHabilitationEnd(f *cmdutil.Factory, runF func(context.Context, *EndOptions) error) *cobra.Command {
	o := &EndOptions{}
	cmd := &cobra.Command{
		Use:   "end ID --date D --reason TEXT",
		Short: "End a habilitation on a date (its last day), with a reason",
		Long: `End habilitation ID (the number shown by 'habil partner show SIRET') on --date, which becomes
its last day. The date cannot be before its start, nor after an end date it already has. The
reason is kept with the habilitation and in the journal. A new habilitation of the same partner
on the same certification can then start the next day.`,
		Example: `  habil partner habilitation end 12 --date 2026-06-30 --reason "non renouvelée"
  habil partner habilitation end 7 --date 15/03/2026 --reason "retrait de l'habilitation à évaluer"`,
		Args: cmdutil.ExactArgs(1, "the habilitation ID (see 'habil partner show SIRET')"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return endRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().Var(&o.Date, "date", "last day of the habilitation (required)")
	cmd.Flags().StringVar(&o.Reason, "reason", "", "why it ends (required)")
	return cmd
}

func endRun(ctx context.Context, f *cmdutil.Factory, o *EndOptions) error {
	id, err := strconv.ParseInt(o.ID, 10, 64)
	if err != nil || id <= 0 {
		return cmdutil.FlagValue("ID", domain.Invalid("HABILITATION_ID", "%q is not a habilitation number", o.ID).
			WithHint("numbers are shown by 'habil partner show SIRET'"))
	}
	if !o.Date.IsSet() || o.Reason == "" {
		return cmdutil.FlagErrorf("partner habilitation end needs --date and --reason")
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	h, err := a.EndHabilitation(ctx, id, o.Date.Date, o.Reason)
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Habilitation #%d (%s on %s, %s) now ends on %s.\n", h.ID, h.PartnerSIRET.Formatted(), h.Certification, h.Scope, h.To)
	return nil
}
