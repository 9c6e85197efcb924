package session

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// DeliverOptions are the flags of 'session deliver'.
type DeliverOptions struct {
	ID   string
	Date cmdutil.DateFlag
	Out  string
	At   cmdutil.DateFlag
}

// NewCmdDeliver builds 'session deliver'.
func NewCmdDeliver(f *cmdutil.Factory, runF func(context.Context, *DeliverOptions) error) *cobra.Command {
	o := &DeliverOptions{}
	cmd := &cobra.Command{
		Use:   "deliver ID --date D [--out DIR]",
		Short: "Deliver a closed session's numbered certificates and bloc attestations as PDFs",
		Long: `Deliver the certificates of a session the jury closed: a numbered certificate (parchemin,
A4 landscape, in French) for each admitted candidate, and a bloc attestation for each failed
candidate who validated at least one bloc. Numbers are CODE-YEAR-SEQUENCE (for example
RNCP38123-2026-000017), unique and never reused. Each document is one PDF named after its number
in --out DIR (default: a folder session-ID in the current folder; created when its parent
exists), written with mode 0600 (personal data).

--date is the delivery date, printed as "délivré le …"; it is on or after the jury's date and
not in the future (after --at). The CPF declaration's 3-month deadline runs from it (habil check:
ACCROCHAGE_DUE). The numbers and the date are recorded only once every file is written: if a
file cannot be written, nothing is recorded. A session is delivered once; reprint one
certificate with 'habil session duplicate NUMBER'.

Prints the certificate numbers on stdout, one per line.`,
		Example: `  habil session deliver 12 --date 2026-07-03 --out certificats/
  habil session deliver 12 --date 03/07/2026`,
		Args: cmdutil.ExactArgs(1, "the session ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return deliverRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().Var(&o.Date, "date", "delivery date of the certificates (required)")
	cmd.Flags().StringVar(&o.Out, "out", "", "folder for the PDF files (default session-ID)")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func deliverRun(ctx context.Context, f *cmdutil.Factory, o *DeliverOptions) error {
	id, err := parseID(o.ID)
	if err != nil {
		return err
	}
	if !o.Date.IsSet() {
		return cmdutil.FlagErrorf("session deliver needs --date D")
	}
	if o.Out != "" {
		if err := f.CheckOut(o.Out); err != nil {
			return err
		}
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.DeliverSession(ctx, app.DeliverRequest{SessionID: id, Date: o.Date.Date, Dir: o.Out, At: f.At(&o.At)}, cmdutil.NewDatedPDF(f.Now()))
	if err != nil {
		return err
	}
	certs, attest := 0, 0
	for _, c := range res.Certificates {
		fmt.Fprintln(f.IOStreams.Out, c.Number)
		if c.Kind == domain.KindAttestation {
			attest++
		} else {
			certs++
		}
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Session %d delivered on %s: %s and %s written to %s (mode 0600).\n", id, res.Session.DeliveredOn,
		cmdutil.Count(certs, "certificate"), cmdutil.Count(attest, "bloc attestation"), res.Dir)
	return nil
}
