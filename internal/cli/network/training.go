package network

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// TrainingAddOptions are the flags of 'network training add'.
type TrainingAddOptions struct {
	Date      cmdutil.DateFlag
	Topic     string
	Partners  []string
	Attendees string
}

// NewCmdTrainingAdd builds 'network training add'.
func NewCmdTrainingAdd(f *cmdutil.Factory, runF func(context.Context, *TrainingAddOptions) error) *cobra.Command {
	o := &TrainingAddOptions{}
	cmd := &cobra.Command{
		Use:   "add --date D --topic TEXT --partner SIRET... [--attendees FILE]",
		Short: "Record a training of partners' trainers and evaluators (prints its id)",
		Long: `Record a training held on --date (not in the future) on --topic for the partners trained
(--partner SIRET, once each, at least one). An unknown partner is refused and nothing is written.
--attendees FILE (.xlsx or French Excel .csv) lists the people trained, one row each: "Nom et
prénom" (required), "SIRET organisme" (one of the partners given), "Fonction" (formateur,
évaluateur…); every error of every row is listed and nothing is recorded (exit 3).
Prints the new training's id on stdout; journaled.`,
		Example: `  habil network training add --date 2026-03-12 --topic "Nouvelle grille d'évaluation" --partner 81738914100018 --partner 85262016007290
  habil network training add --date 2026-03-12 --topic "Jury et évaluation" --partner 81738914100018 --attendees participants.csv`,
		Args: cmdutil.NoArgs,
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
	cmd.Flags().StringVar(&o.Attendees, "attendees", "", "spreadsheet of the people trained (.xlsx or .csv: Nom et prénom, SIRET organisme, Fonction)")
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
	if o.Attendees != "" {
		res, err := a.ReadTrainingAttendees(ctx, app.TrainingAttendeesRequest{File: o.Attendees, Partners: t.Partners})
		if res != nil {
			if perr := cmdutil.PrintImportFindings(f.IOStreams, res.Warnings, res.Errors); perr != nil {
				return perr
			}
		}
		if err != nil {
			return err
		}
		t.Attendees = res.Attendees
	}
	got, err := a.AddTraining(ctx, t)
	if err != nil {
		return err
	}
	fmt.Fprintln(f.IOStreams.Out, got.ID)
	what := cmdutil.Count(len(got.Partners), "partner")
	if len(got.Attendees) > 0 {
		what += ", " + cmdutil.Count(len(got.Attendees), "attendee")
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Training %d of %s recorded: %s.\n", got.ID, got.Date, what)
	return nil
}
