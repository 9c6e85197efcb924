package cmdutil

import (
	"errors"

	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/domain"
)

// CheckOut refuses an --out that names the database itself or one of its
// -wal, -shm or -journal files, compared by resolved path (relative paths
// and symbolic links followed, hard links recognised): exit 1, before
// anything is opened or written. Every command that writes a file calls it
// with its --out (and, for a folder, the files it will create there). It
// also registers the database with atomicfile, so that no write of this
// process can replace it, whatever name a document gets.
func (f *Factory) CheckOut(outs ...string) error {
	db, err := f.DBPath()
	if err != nil {
		return nil // no database can be named: nothing to protect
	}
	f.protect(db)
	for _, out := range outs {
		if out == "" {
			continue
		}
		if _, ok := atomicfile.IsProtected(out); ok {
			return outIsDatabase(db)
		}
	}
	return nil
}

func outIsDatabase(db string) error {
	return domain.Conflict("OUT_IS_DATABASE", "--out names the database itself (%s): choose another file", db).
		WithHint("the database is given by --db, HABIL_DB or the config key db; write the output elsewhere")
}

// outProtected turns atomicfile's refusal into the same error as CheckOut.
func outProtected(err error) error {
	var pe *atomicfile.ProtectedError
	if errors.As(err, &pe) {
		return outIsDatabase(pe.Protected)
	}
	return nil
}
