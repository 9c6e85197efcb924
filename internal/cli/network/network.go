// Package network holds 'habil network': the professionalisation of the
// partner network — trainings of its trainers and evaluators, and the
// documents they must use, published by version and acknowledged.
package network

import (
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmd builds the 'network' command group.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "network",
		Short: "Professionalise the partners: trainings, documents published and acknowledged",
		Long: `The partners' trainers and evaluators are trained on the certification, its référentiel and the
exam process; the documents they must use (référentiel, exam rules, evaluation grids) are sent in
their current version and acknowledged. 'habil check' warns about a partner that assesses with no
training in [24] months (EVALUATOR_NOT_TRAINED, once trainings are recorded) and about a current
document version not acknowledged after [30] days (DOCUMENT_NOT_ACKNOWLEDGED).`,
		Example: `  habil network training add --date 2026-03-12 --topic "Nouvelle grille d'évaluation" --partner 81738914100018 --partner 85262016007290
  habil network documents publish "Règlement d'examen" reglement-v3.pdf --version 3
  habil network documents ack 81738914100018 "Règlement d'examen" --version 3 --date 2026-03-20`,
	}
	training := &cobra.Command{Use: "training", Short: "Trainings of the partners' trainers and evaluators",
		Example: `  habil network training add --date 2026-03-12 --topic "Nouvelle grille d'évaluation" --partner 81738914100018`}
	training.AddCommand(NewCmdTrainingAdd(f, nil))
	documents := &cobra.Command{Use: "documents", Short: "Documents the partners must use: published by version, acknowledged",
		Example: `  habil network documents publish "Règlement d'examen" reglement-v3.pdf --version 3
  habil network documents ack 81738914100018 "Règlement d'examen" --version 3 --date 2026-03-20`}
	documents.AddCommand(NewCmdPublish(f, nil), NewCmdAck(f, nil))
	cmd.AddCommand(training, documents)
	return cmd
}
