package network

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// TrainingAddOptions are the flags of 'network training add'.
type TrainingAddOptions struct {
	Date     cmdutil.DateFlag
	Topic    string
	Partners []string
}

// NewCmdTrainingAdd builds 'network training add'.
func NewCmdTrainingAdd(f *cmdutil.Factory, runF func(context.Context, *TrainingAddOptions) error) *cobra.Command {
	o := &TrainingAddOptions{}
	cmd := &cobra.Command{
		Use:   "add --date D --topic TEXT --partner SIRET...",
		Short: "Record a training of partners' trainers and evaluators (prints its id)",
		Long: `Record a training held on --date (not in the future) on --topic for the partners trained
(--partner SIRET, once each, at least one). An unknown partner is refused and nothing is written.
Prints the new training's id on stdout; journaled.`,
		Example: `  habil network training add --date 2026-03-12 --topic "Nouvelle grille d'évaluation" --partner 81738914100018 --partner 85262016007290`,
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return trainingAddRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().Var(&o.Date, "date", "the day of the training (required)")
	cmd.Flags().StringVar(&o.Topic, "topic", "", "what it was about (required)")
	cmd.Flags().StringArrayVar(&o.Partners, "partner", nil, "a partner trained (SIRET; repeat for each)")
	return cmd
}

func trainingAddRun(ctx context.Context, f *cmdutil.Factory, o *TrainingAddOptions) error {
	if !o.Date.IsSet() {
		return cmdutil.FlagErrorf("--date is required: the day of the training")
	}
	if strings.TrimSpace(o.Topic) == "" {
		return cmdutil.FlagErrorf("--topic is required")
	}
	if len(o.Partners) == 0 {
		return cmdutil.FlagErrorf("--partner SIRET is required, once per partner trained")
	}
	t := domain.Training{Date: o.Date.Date, Topic: o.Topic}
	for _, s := range o.Partners {
		siret, err := domain.ParseSIRET(s)
		if err != nil {
			return cmdutil.FlagValue("partner", err)
		}
		t.Partners = append(t.Partners, siret)
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	got, err := a.AddTraining(ctx, t)
	if err != nil {
		return err
	}
	fmt.Fprintln(f.IOStreams.Out, got.ID)
	fmt.Fprintf(f.IOStreams.ErrOut, "Training %d of %s recorded: %s.\n", got.ID, got.Date, cmdutil.Count(len(got.Partners), "partner"))
	return nil
}
