package partner

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// EditOptions are the flags of 'partner edit'.
type EditOptions struct {
	SIRET  string
	Fields FieldOptions
	given  func(string) bool
	any    func() bool
}

// NewCmdEdit builds 'partner edit'.
func NewCmdEdit(f *cmdutil.Factory, runF func(context.Context, *EditOptions) error) *cobra.Command {
	o := &EditOptions{}
	cmd := &cobra.Command{
		Use:   "edit SIRET [--name N] [--nda N] [--email E] [--website URL] [--qualiopi-until D] …",
		Short: "Change a partner's identity, contact or Qualiopi data (only the flags given)",
		Long: `Change only the fields given as flags; the others keep their value. An empty value clears an
optional field (--email ''). The journal keeps the values before and after.

The status is changed with 'habil partner status', habilitations with 'habil partner habilitate'.
The SIRET cannot change: a new establishment is a new partner.`,
		Example: `  habil partner edit 73282932000074 --qualiopi-until 2028-03-31 --qualiopi-number "QUA-2025-0042"
  habil partner edit 73282932000074 --email qualite@formapro.fr --phone '04 72 00 00 00'
  habil partner edit 73282932000074 --website ''`,
		Args: cmdutil.ExactArgs(1, "the partner's SIRET"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.SIRET = args[0]
			o.given = func(name string) bool { return cmd.Flags().Changed(name) }
			o.any = func() bool { return cmd.Flags().NFlag() > 0 }
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return editRun(cmd.Context(), f, o)
		},
	}
	addFieldFlags(cmd.Flags(), &o.Fields)
	return cmd
}

func editRun(ctx context.Context, f *cmdutil.Factory, o *EditOptions) error {
	siret, err := cmdutil.ParseSIRETArg("SIRET", o.SIRET)
	if err != nil {
		return err
	}
	if !o.any() {
		return cmdutil.FlagErrorf("nothing to change: give at least one flag (--name, --email, --qualiopi-until, …)")
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.EditPartner(ctx, siret, func(p *domain.Partner) error {
		return o.Fields.apply(p, o.given, f.IOStreams.ErrOut)
	})
	if err != nil {
		return err
	}
	ch, name := res.Change, res.Partner.Name
	if ch.Kind == domain.ChangeUnchanged {
		fmt.Fprintf(f.IOStreams.ErrOut, "Nothing changed: %s (%s) already had these values.\n", siret.Formatted(), name)
		return nil
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Partner %s (%s) updated: %s.\n", siret.Formatted(), name, strings.Join(ch.Changes, "; "))
	return nil
}
