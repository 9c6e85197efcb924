package admin

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// RestoreOptions are the flags of 'habil restore'.
type RestoreOptions struct {
	File  string
	Force bool
}

// NewCmdRestore builds 'habil restore'.
func NewCmdRestore(f *cmdutil.Factory, runF func(context.Context, *RestoreOptions) error) *cobra.Command {
	opts := &RestoreOptions{}
	cmd := &cobra.Command{
		Use:   "restore FILE",
		Short: "Replace the database with a backup, keeping the current file aside",
		Long: `Replace the database with FILE, a backup written by 'habil backup' or one of the
automatic backups habil keeps beside the database (NAME.pre-vN-….bak before a schema
upgrade, NAME.pre-purge-….bak before 'privacy purge').

FILE is checked first: it must be a habil database, pass SQLite's integrity check, and
have a schema version this habil knows (a backup of an older habil is upgraded after the
restore; one written by a newer habil is refused). It is copied beside the database and
the copy verified; the current database is kept aside as NAME-replaced-YYYYMMDD-HHMMSS.db
(mode 0600), then the copy takes its place in one atomic rename: an interrupted restore
leaves the old database or the new one, never a mix. FILE itself is not changed. The
restore is recorded in the restored database's journal ('habil history --entity database').

When the current database holds changes made after the backup (journal entries later
than the backup's last one), restore refuses unless --force. Run it when no other habil
command is using the database.

Exit codes: 1 the file is missing, the restore would lose changes (without --force), or
the backup is newer than this habil; 3 the file is not a habil backup or is damaged.`,
		Example: "  habil restore ~/.local/share/habil/habil-backup-20261126-180000.db\n  habil restore /media/usb/habil-2026-11-26.db --force",
		Args:    cmdutil.ExactArgs(1, "FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return restoreRun(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "restore even when the database holds changes made after the backup")
	return cmd
}

func restoreRun(ctx context.Context, f *cmdutil.Factory, o *RestoreOptions) error {
	res, err := f.Restore(ctx, o.File, o.Force)
	if err != nil {
		return err
	}
	fmt.Fprintln(f.IOStreams.Out, res.DB)
	if res.Replaced != "" {
		fmt.Fprintf(f.IOStreams.ErrOut, "Restored %s into %s (schema version %d); the previous database was kept as %s (mode 0600).\n", res.From, res.DB, res.SchemaVersion, res.Replaced)
	} else {
		fmt.Fprintf(f.IOStreams.ErrOut, "Restored %s into %s (schema version %d).\n", res.From, res.DB, res.SchemaVersion)
	}
	return nil
}
