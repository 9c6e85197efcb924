package cmdutil

import (
	"context"

	"github.com/habil-app/habil/internal/sqlite"
)

// RestoreResult says what Restore did.
type RestoreResult = sqlite.RestoreResult

// Restore replaces the database (--db, HABIL_DB, config) with the backup
// from (see sqlite.Restore), then opens it — migrating an older schema,
// with its own automatic backup — and records the restore in its journal.
// It must be called before anything else opened the database.
func (f *Factory) Restore(ctx context.Context, from string, force bool) (RestoreResult, error) {
	path, err := f.DBPath()
	if err != nil {
		return RestoreResult{}, err
	}
	res, err := sqlite.Restore(ctx, path, from, f.Now(), force)
	if err != nil {
		return res, err
	}
	db, err := f.DB(ctx)
	if err != nil {
		return res, err
	}
	return res, db.JournalRestore(ctx, res)
}
