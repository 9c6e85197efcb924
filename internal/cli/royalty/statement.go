package royalty

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// StatementOptions are the flags of 'royalty statement'.
type StatementOptions struct {
	Period  int
	Partner string
	Out     string
	At      cmdutil.DateFlag
}

// NewCmdStatement builds 'royalty statement'.
func NewCmdStatement(f *cmdutil.Factory, runF func(context.Context, *StatementOptions) error) *cobra.Command {
	o := &StatementOptions{}
	cmd := &cobra.Command{
		Use:   "statement --period YYYY [--partner SIRET] --out FILE.xlsx|FILE.pdf",
		Short: "Write the royalty statement of a year and record each partner's total",
		Long: `Compute what each partner owes for the calendar year --period under its signed conventions:
  - the fee per candidate × the candidates it presented in the sessions held that year (enrolled and
    not absent); in a session the certifier organised, the candidates a partner trained count for it;
  - the fee per exam × the sessions it organised that year;
  - the flat yearly fee × the days the convention was in force that year, from max(start, 1 January)
    to min(end, termination, 31 December), both included, ÷ 365 or 366.
A fee changed by an avenant applies from the avenant's date: per-candidate and per-exam fees by
session date, the flat fee split into two lines. Each line is rounded half up to the cent.

The workbook (.xlsx, sheet Redevances) has one line per source with the partner's SIRET and name,
the convention, the source, the detail, the quantity, the unit amount and the line total, then a
total line per partner; the PDF (in French, amounts as 1 234,50 €) the same per partner. Each
partner's total is recorded for the period, as a new version when it changed since the last
statement; 'habil royalty paid' then records payments against it. --at (default today, or
SOURCE_DATE_EPOCH) is the statement's date: the sessions held by then count, and it is the date
recorded and printed.`,
		Example: `  habil royalty statement --period 2025 --out redevances-2025.xlsx
  habil royalty statement --period 2025 --partner 81738914100018 --out releve-formapro.pdf`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return statementRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().IntVar(&o.Period, "period", 0, "the calendar year (required)")
	cmd.Flags().StringVar(&o.Partner, "partner", "", "only this partner (SIRET)")
	cmd.Flags().StringVar(&o.Out, "out", "", "file to write: .xlsx or .pdf (required)")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func statementRun(ctx context.Context, f *cmdutil.Factory, o *StatementOptions) error {
	if o.Period == 0 {
		return cmdutil.FlagErrorf("--period YYYY is required")
	}
	if o.Out == "" {
		return cmdutil.FlagErrorf("royalty statement needs --out FILE.xlsx or FILE.pdf")
	}
	ext, err := cmdutil.OutExt(o.Out, ".xlsx", ".pdf")
	if err != nil {
		return cmdutil.FlagValue("out", err)
	}
	if err := f.CheckOut(o.Out); err != nil {
		return err
	}
	req := app.RoyaltyRequest{Period: o.Period, At: f.At(&o.At)}
	if o.Partner != "" {
		if req.Partner, err = domain.ParseSIRET(o.Partner); err != nil {
			return cmdutil.FlagValue("partner", err)
		}
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	sts, recorded, err := a.RoyaltyStatement(ctx, req, func(me domain.Certifier, sts []*domain.RoyaltyStatement) error {
		if strings.EqualFold(ext, ".pdf") {
			_, err := a.RoyaltyPDF(o.Period, req.At, sts, me, o.Out, f.PDFRenderer(&o.At))
			return err
		}
		return cmdutil.WriteAppTable(o.Out, f.Now(), app.RoyaltyTable(sts))
	})
	if err != nil {
		return err
	}
	var total domain.Money
	for _, st := range sts {
		total += st.Total
		fmt.Fprintf(f.IOStreams.ErrOut, "  %s %s: %s (version %d)\n", st.SIRET, st.PartnerName, st.Total.French(), st.Version)
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Wrote %s: royalties %d, %s, %s in all; %s recorded.\n", o.Out, o.Period, cmdutil.Count(len(sts), "partner"),
		total.French(), cmdutil.Count(recorded, "new statement version"))
	return nil
}
