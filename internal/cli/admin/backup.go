package admin

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// BackupOptions are the flags of 'habil backup'.
type BackupOptions struct {
	Out string
}

// NewCmdBackup builds 'habil backup'.
func NewCmdBackup(f *cmdutil.Factory, runF func(context.Context, *BackupOptions) error) *cobra.Command {
	opts := &BackupOptions{}
	cmd := &cobra.Command{
		Use:   "backup",
		Short: "Write a consistent, verified copy of the database (mode 0600)",
		Long: `Write a consistent copy of the database with SQLite's VACUUM INTO, safe while other
commands run. The copy is created with mode 0600 (it holds personal data), then opened
and checked. Without --out it is written next to the database as
habil-backup-YYYYMMDD-HHMMSS.db. An existing file is never overwritten.`,
		Example: "  habil backup\n  habil backup --out /media/usb/habil-2026-11-26.db",
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return backupRun(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "backup file to create (default: next to the database)")
	return cmd
}

func backupRun(ctx context.Context, f *cmdutil.Factory, o *BackupOptions) error {
	if err := f.CheckOut(o.Out); err != nil {
		return err
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	abs, err := a.Backup(ctx, o.Out)
	if err != nil {
		return err
	}
	fmt.Fprintln(f.IOStreams.Out, abs)
	fmt.Fprintf(f.IOStreams.ErrOut, "Backup written and verified: %s (mode 0600).\n", abs)
	return nil
}
