package session

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// DuplicateOptions are the flags of 'session duplicate'.
type DuplicateOptions struct {
	Number, Out string
	At          cmdutil.DateFlag
}

// NewCmdDuplicate builds 'session duplicate'.
func NewCmdDuplicate(f *cmdutil.Factory, runF func(context.Context, *DuplicateOptions) error) *cobra.Command {
	o := &DuplicateOptions{}
	cmd := &cobra.Command{
		Use:   "duplicate NUMBER --out FILE.pdf",
		Short: "Reprint a delivered certificate or bloc attestation as a duplicate",
		Long: `Reprint one delivered certificate or bloc attestation, found by its number, as a PDF marked
DUPLICATA (across the page, and "DUPLICATA établi le …" dated today or --at's day). The
original's number, dates and holder are unchanged; the duplicate is counted and journaled
(habil history). The file is written with mode 0600 (personal data); if it cannot be written,
nothing is recorded.`,
		Example: `  habil session duplicate RNCP38123-2026-000017 --out duplicata.pdf`,
		Args:    cmdutil.ExactArgs(1, "the certificate NUMBER"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Number = strings.ToUpper(strings.TrimSpace(args[0]))
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return duplicateRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "PDF file to write (required)")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func duplicateRun(ctx context.Context, f *cmdutil.Factory, o *DuplicateOptions) error {
	if err := cmdutil.CheckPDFOut(f, "session duplicate", "out", o.Out); err != nil {
		return err
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.DuplicateCertificate(ctx, o.Number, o.Out, f.At(&o.At), cmdutil.NewDatedPDF(f.Now()))
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Wrote %s: duplicate n° %d of %s (%s), marked DUPLICATA (mode 0600).\n", o.Out, res.Certificate.Duplicates, res.Certificate.Number, res.Holder.FullName())
	return nil
}
