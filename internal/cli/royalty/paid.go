package royalty

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// PaidOptions are the flags of 'royalty paid'.
type PaidOptions struct {
	SIRET  string
	Period int
	Amount string
	Date   cmdutil.DateFlag
}

// NewCmdPaid builds 'royalty paid'.
func NewCmdPaid(f *cmdutil.Factory, runF func(context.Context, *PaidOptions) error) *cobra.Command {
	o := &PaidOptions{}
	cmd := &cobra.Command{
		Use:   "paid SIRET --period YYYY --amount EUR [--date D]",
		Short: "Record a royalty payment of a partner for a year",
		Long: `Record a payment received from a partner for the royalties of a year (--amount in euros, e.g.
1250,50 or 1250.50; --date, default today). The period must have a recorded statement ('habil
royalty statement --period YYYY'): otherwise nothing is written. Prints what remains due; journaled.`,
		Example: `  habil royalty paid 81738914100018 --period 2025 --amount 1250,50 --date 2026-02-10`,
		Args:    cmdutil.ExactArgs(1, "the partner's SIRET"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.SIRET = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return paidRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().IntVar(&o.Period, "period", 0, "the calendar year paid for (required)")
	cmd.Flags().StringVar(&o.Amount, "amount", "", "the amount received in euros (required)")
	cmd.Flags().Var(&o.Date, "date", "the day it was received (default today)")
	return cmd
}

func paidRun(ctx context.Context, f *cmdutil.Factory, o *PaidOptions) error {
	siret, err := domain.ParseSIRET(o.SIRET)
	if err != nil {
		return cmdutil.FlagValue("SIRET", err)
	}
	if o.Period == 0 {
		return cmdutil.FlagErrorf("--period YYYY is required")
	}
	if o.Amount == "" {
		return cmdutil.FlagErrorf("--amount EUR is required")
	}
	amount, err := domain.ParseMoney(o.Amount)
	if err != nil {
		return cmdutil.FlagValue("amount", err)
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	st, err := a.RoyaltyPaid(ctx, domain.RoyaltyPayment{SIRET: siret, Period: o.Period, Amount: amount, Date: o.Date.Date})
	if err != nil {
		return err
	}
	left := st.Total - st.Paid
	what := fmt.Sprintf("%s still due", left.French())
	if left <= 0 {
		what = "fully paid"
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Payment of %s recorded for %s (%d): %s paid of %s, %s.\n", amount.French(), siret.Formatted(), o.Period, st.Paid.French(), st.Total.French(), what)
	return nil
}
