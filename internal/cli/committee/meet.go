package committee

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// MeetOptions are the flags of 'committee meet'.
type MeetOptions struct {
	Certification string
	Date          cmdutil.DateFlag
	Members       []string
	Decisions     []string
}

// NewCmdMeet builds 'committee meet'.
func NewCmdMeet(f *cmdutil.Factory, runF func(context.Context, *MeetOptions) error) *cobra.Command {
	o := &MeetOptions{}
	cmd := &cobra.Command{
		Use:   `meet --certification CODE --date D --member "NAME, ROLE"... [--decision TEXT]...`,
		Short: "Record a meeting of a certification's improvement committee (prints its id)",
		Long: `Record a meeting of the improvement committee (conseil de perfectionnement) of a certification:
its date (not in the future), its members (--member "NAME, ROLE", once per member, at least one;
include the branch's representatives, R6113-9 9°) and its decisions (--decision, once each).
Prints the new meeting's id on stdout; journaled. Print its minutes with 'habil committee
minutes ID --out FILE.pdf'.`,
		Example: `  habil committee meet --certification RNCP38123 --date 2026-03-12 \
      --member "Claire Martin, représentante de la branche" --member "Paul Durand, responsable qualité" \
      --decision "Réviser la grille d'évaluation du bloc 2" --decision "Former les évaluateurs en juin"`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return meetRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Certification, "certification", "", "the certification (RNCP/RS code, required)")
	cmd.Flags().Var(&o.Date, "date", "the day of the meeting (required)")
	cmd.Flags().StringArrayVar(&o.Members, "member", nil, `a member present, "NAME, ROLE" (repeat for each; at least one)`)
	cmd.Flags().StringArrayVar(&o.Decisions, "decision", nil, "a decision taken (repeat for each)")
	return cmd
}

func meetRun(ctx context.Context, f *cmdutil.Factory, o *MeetOptions) error {
	if o.Certification == "" {
		return cmdutil.FlagErrorf("--certification is required")
	}
	code, err := domain.ParseCertCode(o.Certification)
	if err != nil {
		return cmdutil.FlagValue("certification", err)
	}
	if !o.Date.IsSet() {
		return cmdutil.FlagErrorf("--date is required: the day of the meeting")
	}
	if len(o.Members) == 0 {
		return cmdutil.FlagErrorf(`--member "NAME, ROLE" is required, once per member present`)
	}
	req := app.CommitteeRequest{Certification: code, Date: o.Date.Date, Decisions: o.Decisions}
	for _, s := range o.Members {
		m, err := domain.ParseCommitteeMember(s)
		if err != nil {
			return cmdutil.FlagValue("member", err)
		}
		req.Members = append(req.Members, m)
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	m, err := a.CommitteeMeet(ctx, req)
	if err != nil {
		return err
	}
	fmt.Fprintln(f.IOStreams.Out, m.ID)
	fmt.Fprintf(f.IOStreams.ErrOut, "Committee meeting %d of %s on %s recorded: %d members, %d decisions.\n",
		m.ID, m.Certification, m.Date, len(m.Members), len(m.Decisions))
	return nil
}
