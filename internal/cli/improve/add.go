package improve

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// AddOptions are the flags of 'improve add'.
type AddOptions struct {
	Source        string
	Text          string
	Partner       string
	Certification string
	Due           cmdutil.DateFlag
	Date          cmdutil.DateFlag
}

// NewCmdAdd builds 'improve add'.
func NewCmdAdd(f *cmdutil.Factory, runF func(context.Context, *AddOptions) error) *cobra.Command {
	o := &AddOptions{}
	cmd := &cobra.Command{
		Use:   "add --source audit|jury|complaint|survey|partner|other --text TEXT [--partner SIRET] [--certification CODE] [--due D]",
		Short: "Record an improvement action (prints its id)",
		Long: `Record an improvement action: where it comes from (--source audit, jury, complaint, survey,
partner or other), what must be improved (--text), optionally the partner and the certification it
concerns and the date it is due. It is opened on --date (default today). An unknown partner or
certification is refused and nothing is written. Prints the new action's id on stdout; journaled.`,
		Example: `  habil improve add --source complaint --text "Délai de délivrance des certificats trop long" --due 2026-09-30
  habil improve add --source partner --partner 81738914100018 --certification RNCP38123 --text "Grille d'évaluation du bloc 2 ambiguë"`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return addRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Source, "source", "", "where the action comes from: audit, jury, complaint, survey, partner or other (required)")
	cmd.Flags().StringVar(&o.Text, "text", "", "what must be improved (required)")
	cmd.Flags().StringVar(&o.Partner, "partner", "", "the partner it concerns (SIRET)")
	cmd.Flags().StringVar(&o.Certification, "certification", "", "the certification it concerns (RNCP/RS code)")
	cmd.Flags().Var(&o.Due, "due", "the date it is due (check warns once it is past)")
	cmd.Flags().Var(&o.Date, "date", "the day it is opened (default today)")
	return cmd
}

func addRun(ctx context.Context, f *cmdutil.Factory, o *AddOptions) error {
	if o.Source == "" {
		return cmdutil.FlagErrorf("--source is required: audit, jury, complaint, survey, partner or other")
	}
	src, err := domain.ParseImprovementSource(o.Source)
	if err != nil {
		return cmdutil.FlagValue("source", err)
	}
	if strings.TrimSpace(o.Text) == "" {
		return cmdutil.FlagErrorf("--text is required: say what must be improved")
	}
	req := app.ImprovementRequest{Source: src, Text: o.Text, Due: o.Due.Date}
	if o.Partner != "" {
		if req.Partner, err = cmdutil.ParseSIRETArg("partner", o.Partner); err != nil {
			return err
		}
	}
	if o.Certification != "" {
		if req.Certification, err = domain.ParseCertCode(o.Certification); err != nil {
			return cmdutil.FlagValue("certification", err)
		}
	}
	if o.Date.IsSet() {
		req.Date = o.Date.Date
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	act, err := a.AddImprovement(ctx, req)
	if err != nil {
		return err
	}
	fmt.Fprintln(f.IOStreams.Out, act.ID)
	due := "no due date"
	if !act.Due.IsZero() {
		due = "due " + act.Due.String()
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Improvement action %d (%s) opened on %s, %s.\n", act.ID, act.Source, act.OpenedOn, due)
	return nil
}
