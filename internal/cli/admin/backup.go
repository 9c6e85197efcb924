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
habil-backup-YYYYMMDD-HHMMSS.db. An existing file is never overwritten, and --out may
not name the database itself (nor its -wal or -shm file).

The copy is written under a temporary name beside the file (.NAME.tmp-PID-N), verified
(integrity check, schema version, the number of rows of every table), flushed to disk,
and only then given its name: a backup interrupted at any moment (a kill, a full disk)
leaves the file absent or complete, never half-written. The next backup into the same
folder removes the temporary files of interrupted ones.`,
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
