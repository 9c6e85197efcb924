package session

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// PVOptions are the flags of 'session pv'.
type PVOptions struct {
	ID, Out string
}

// NewCmdPV builds 'session pv'.
func NewCmdPV(f *cmdutil.Factory, runF func(context.Context, *PVOptions) error) *cobra.Command {
	o := &PVOptions{}
	cmd := &cobra.Command{
		Use:   "pv ID --out FILE.pdf",
		Short: "Write the jury minutes (procès-verbal) of a session as a PDF in French",
		Long: `Write the jury minutes of a session (A4 landscape, in French): the certifier, the
certification (title, code, level), the session (organiser, dates, place, mode), every candidate
with birth date, access route, exam accommodation, result (admis, ajourné, absent), blocs
validated (and blocs acquired in earlier sessions) and mention, the totals, the decision,
"Fait à … le …" and a signature box per jury member. The table header repeats on every page.

After 'session close' the minutes are dated the jury's decision and reprint identically. Before,
they are a draft for the jury's work: marked PROJET across every page, dated today, saying the
jury has not deliberated.

The file holds candidates' personal data: it is written with mode 0600. The certifier's logo is
printed when the config key documents.logo names a PNG or JPEG file.`,
		Example: `  habil session pv 12 --out pv-session-12.pdf`,
		Args:    cmdutil.ExactArgs(1, "the session ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return pvRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "PDF file to write (required)")
	return cmd
}

func pvRun(ctx context.Context, f *cmdutil.Factory, o *PVOptions) error {
	id, err := parseID(o.ID)
	if err != nil {
		return err
	}
	if err := cmdutil.CheckPDFOut(f, "session pv", "out", o.Out); err != nil {
		return err
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	res, err := a.SessionMinutesPDF(ctx, id, o.Out, cmdutil.NewDatedPDF(f.Now()))
	if err != nil {
		return err
	}
	if res.Draft {
		fmt.Fprintf(f.IOStreams.ErrOut, "Wrote %s: a DRAFT marked PROJET (%d bytes, mode 0600); the jury has not closed session %d (habil session close %d --jury-date D).\n", o.Out, res.Bytes, id, id)
		return nil
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Wrote %s: the jury minutes of session %d (%d bytes, mode 0600).\n", o.Out, id, res.Bytes)
	return nil
}
