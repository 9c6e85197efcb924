package convention

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// AttachOptions are the flags of 'convention attach'.
type AttachOptions struct {
	Ref  string
	Path string
	Date cmdutil.DateFlag
}

// NewCmdAttach builds 'convention attach'.
func NewCmdAttach(f *cmdutil.Factory, runF func(context.Context, *AttachOptions) error) *cobra.Command {
	o := &AttachOptions{}
	cmd := &cobra.Command{
		Use:   "attach ID FILE [--date D]",
		Short: "Record the signed scan of a convention (its path and SHA-256 fingerprint)",
		Long: `Record a file attached to a convention, typically the scan of the copy signed by both parties:
habil keeps its absolute path, SHA-256, size and the date it was received (default today), in
the journal too. Habil keeps the fingerprint, never the file: store the file where your
documents live; 'convention show' then tells whether the file at that path still has the same
content (ok, changed or missing).

Any file type is accepted (PDF, JPEG…); an empty file is recorded with a warning. The file must
exist and be readable (exit 1 naming the path). The same content attached twice to a
convention is refused (exit 1, "already attached on …"); a date in the future is refused.`,
		Example: `  habil convention attach 12 ~/Conventions/CONV-2025-0007-signee.pdf
  habil convention attach CONV-2025-0007 scan-signatures.jpg --date 2025-02-05
  habil convention show 12`,
		Args: cmdutil.ExactArgs(2, "the convention's id or number, and the file to attach"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Ref, o.Path = args[0], args[1]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return attachRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().Var(&o.Date, "date", "date the signed copy was received (default today)")
	return cmd
}

func attachRun(ctx context.Context, f *cmdutil.Factory, o *AttachOptions) error {
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.AttachConvention(ctx, app.ConventionAttach{Ref: o.Ref, Path: o.Path, Date: o.Date.Date})
	if err != nil {
		return err
	}
	cmdutil.Warn(f.IOStreams, "", res.Warnings)
	at := res.Attachment
	fmt.Fprintf(f.IOStreams.ErrOut, "Attached to %s on %s: %s (%s, SHA-256 %s).\n", res.Convention.Number, at.AttachedOn, at.Path, sizeText(at.Size), at.SHA256)
	fmt.Fprintf(f.IOStreams.ErrOut, "Habil keeps the fingerprint, not the file: keep it where it is ('habil convention show %d' checks it).\n", res.Convention.ID)
	return nil
}
