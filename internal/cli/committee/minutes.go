package committee

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// MinutesOptions are the flags of 'committee minutes'.
type MinutesOptions struct {
	ID  string
	Out string
	At  cmdutil.DateFlag
}

// NewCmdMinutes builds 'committee minutes'.
func NewCmdMinutes(f *cmdutil.Factory, runF func(context.Context, *MinutesOptions) error) *cobra.Command {
	o := &MinutesOptions{}
	cmd := &cobra.Command{
		Use:   "minutes ID --out FILE.pdf",
		Short: "Write the minutes (compte rendu) of a committee meeting (PDF, in French)",
		Long: `Write the compte rendu of an improvement committee meeting: the certification and the date,
the members present with their role, the improvement actions it reviewed (those of its
certification or of none, opened by the meeting and not closed before the previous meeting), the
decisions, and a signature block. The date printed is --at (default today, or
SOURCE_DATE_EPOCH): the same data and date give the same file. Read-only.`,
		Example: `  habil committee minutes 1 --out cr-conseil-2026.pdf`,
		Args:    cmdutil.ExactArgs(1, "the meeting's ID (see 'habil committee list')"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return minutesRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "PDF file to write (required)")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func minutesRun(ctx context.Context, f *cmdutil.Factory, o *MinutesOptions) error {
	id, err := meetingID(o.ID)
	if err != nil {
		return err
	}
	if err := cmdutil.CheckPDFOut(f, "committee minutes", "out", o.Out); err != nil {
		return err
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	res, err := a.CommitteeMinutesPDF(ctx, id, f.At(&o.At), o.Out, f.PDFRenderer(&o.At))
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Wrote %s (committee meeting %d, %d bytes).\n", o.Out, id, res.Bytes)
	return nil
}
