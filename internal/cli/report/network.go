package report

import (
	"context"
	"fmt"
	"io"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// NetworkOptions are the flags of 'report network'.
type NetworkOptions struct {
	Out string
	At  cmdutil.DateFlag
}

// NewCmdNetwork builds 'report network'.
func NewCmdNetwork(f *cmdutil.Factory, runF func(context.Context, *NetworkOptions) error) *cobra.Command {
	o := &NetworkOptions{}
	cmd := &cobra.Command{
		Use:   "network --out FILE.pdf|FILE.xlsx [--at D]",
		Short: "Write the network dashboard: partners, conventions, audits, sessions, certificates, findings",
		Long: `Write the dashboard of the partner network at --at (default today), in French: partners by
status and kind of habilitation, conventions ending soon, audits due and open findings,
sessions and pass rates per organiser, certificates delivered and their delays, the CPF
accrochage, survey response rates, and the compliance check's findings. The PDF has a table
and a chart per topic; the workbook a sheet per topic. Mode 0600: it names people.`,
		Example: `  habil report network --out tableau-de-bord.pdf
  habil report network --out tableau-de-bord.xlsx --at 2026-12-31`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := cmdutil.OutExt(o.Out, ".pdf", ".xlsx"); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return networkRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "file to write (.pdf or .xlsx)")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func networkRun(ctx context.Context, f *cmdutil.Factory, o *NetworkOptions) error {
	if err := f.CheckOut(o.Out); err != nil {
		return err
	}
	a, err := f.ReadAppWhole(ctx, "there is no network to report on")
	if err != nil {
		return err
	}
	at := f.At(&o.At)
	n, err := a.NetworkDashboard(ctx, at, nil)
	if err != nil {
		return err
	}
	w := cmdutil.ReportWriters(at.Time())
	var data []byte
	if ext, _ := cmdutil.OutExt(o.Out, ".pdf", ".xlsx"); ext == ".pdf" {
		data, err = w.PDF(n.Document())
	} else {
		data, err = w.Workbook(n.Tables())
	}
	if err != nil {
		return err
	}
	if err := cmdutil.WriteFile(o.Out, 0o600, func(wr io.Writer) error { _, err := wr.Write(data); return err }); err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Network dashboard at %s written to %s.\n", at, o.Out)
	return nil
}
