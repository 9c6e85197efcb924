package session

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// EvidenceOptions are the flags of 'session evidence'.
type EvidenceOptions struct {
	ID    string
	Files []string
	Date  cmdutil.DateFlag
}

// NewCmdEvidence builds 'session evidence'.
func NewCmdEvidence(f *cmdutil.Factory, runF func(context.Context, *EvidenceOptions) error) *cobra.Command {
	o := &EvidenceOptions{}
	cmd := &cobra.Command{
		Use:   "evidence ID FILE... [--date D]",
		Short: "Record files kept as proof of a session (attendance sheets, minutes)",
		Long: `Record files kept as proof of a session — attendance sheets, signed minutes, exam subjects —
by path, SHA-256 and size, dated --date (default today), so that a later audit can prove the
file is unchanged (compare with 'sha256sum FILE'). habil keeps the fingerprint, not the file:
keep the file where it is. A missing or unreadable file records none of them (exit 1).`,
		Example: `  habil session evidence 4 emargement-2026-06-15.pdf pv-signe.pdf --date 2026-06-15`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return cmdutil.FlagErrorf("session evidence needs the session's id and at least one FILE")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID, o.Files = args[0], args[1:]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return evidenceRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().Var(&o.Date, "date", "date of the evidence (default today)")
	return cmd
}

func evidenceRun(ctx context.Context, f *cmdutil.Factory, o *EvidenceOptions) error {
	id, err := parseID(o.ID)
	if err != nil {
		return err
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	events, err := a.SessionEvidence(ctx, id, o.Date.Date, o.Files)
	if err != nil {
		return err
	}
	for _, e := range events {
		fmt.Fprintf(f.IOStreams.ErrOut, "Evidence recorded for session %d: %s (%d bytes, SHA-256 %s)\n", id, e.Path, e.Size, e.SHA256)
	}
	return nil
}
