package network

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// PublishOptions are the arguments of 'network documents publish'.
type PublishOptions struct {
	Name, File, Version string
	Date                cmdutil.DateFlag
}

// NewCmdPublish builds 'network documents publish'.
func NewCmdPublish(f *cmdutil.Factory, runF func(context.Context, *PublishOptions) error) *cobra.Command {
	o := &PublishOptions{}
	cmd := &cobra.Command{
		Use:   "publish NAME FILE --version V [--date D]",
		Short: "Publish a version of a document the partners must use (stored by SHA-256)",
		Long: `Record version --version of document NAME (référentiel, exam rules, evaluation grid…) from FILE:
habil keeps its name, size and SHA-256, not the file. It becomes the current version on --date
(default today); partners must acknowledge it ('habil network documents ack'). Publishing a version
twice is refused. Journaled.`,
		Example: `  habil network documents publish "Règlement d'examen" reglement-v3.pdf --version 3`,
		Args:    cmdutil.ExactArgs(2, "the document's NAME and the FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Name, o.File = args[0], args[1]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			if o.Version == "" {
				return cmdutil.FlagErrorf("--version is required")
			}
			a, err := f.App(cmd.Context())
			if err != nil {
				return err
			}
			d, err := a.PublishDocument(cmd.Context(), o.Name, o.File, o.Version, o.Date.Date)
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "Published version %s of %q on %s (%s, SHA-256 %s).\n", d.Version, d.Name, d.PublishedOn, d.FileName, d.SHA256)
			return nil
		},
	}
	cmd.Flags().StringVar(&o.Version, "version", "", "the version (required)")
	cmd.Flags().Var(&o.Date, "date", "the day it is published (default today)")
	return cmd
}

// AckOptions are the arguments of 'network documents ack'.
type AckOptions struct {
	SIRET, Name, Version string
	Date                 cmdutil.DateFlag
}

// NewCmdAck builds 'network documents ack'.
func NewCmdAck(f *cmdutil.Factory, runF func(context.Context, *AckOptions) error) *cobra.Command {
	o := &AckOptions{}
	cmd := &cobra.Command{
		Use:   "ack SIRET NAME --version V --date D",
		Short: "Record that a partner acknowledged a version of a document",
		Long: `Record that the partner SIRET acknowledged version --version of document NAME on --date (default
today; not before it was published, not in the future). Journaled.`,
		Example: `  habil network documents ack 81738914100018 "Règlement d'examen" --version 3 --date 2026-03-20`,
		Args:    cmdutil.ExactArgs(2, "the partner's SIRET and the document's NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.SIRET, o.Name = args[0], args[1]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			siret, err := domain.ParseSIRET(o.SIRET)
			if err != nil {
				return cmdutil.FlagValue("SIRET", err)
			}
			if o.Version == "" {
				return cmdutil.FlagErrorf("--version is required")
			}
			a, err := f.App(cmd.Context())
			if err != nil {
				return err
			}
			d, err := a.AckDocument(cmd.Context(), siret, o.Name, o.Version, o.Date.Date)
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "%s acknowledged version %s of %q.\n", siret.Formatted(), d.Version, d.Name)
			return nil
		},
	}
	cmd.Flags().StringVar(&o.Version, "version", "", "the version acknowledged (required)")
	cmd.Flags().Var(&o.Date, "date", "the day it was acknowledged (default today)")
	return cmd
}
