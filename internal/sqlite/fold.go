package sqlite

import (
	"database/sql/driver"

	"github.com/habil-app/habil/internal/domain"
	"modernc.org/sqlite"
)

// habil_fold(text) is domain.Fold inside SQL: the computed columns
// partner.name_fold and partner.search_fold (migration 0006) use it, so
// that 'partner list' sorts by name and searches without case or accents
// in SQL, with the same comparison as the rest of habil. It is registered
// for every connection this package opens; a database opened by another
// tool (the sqlite3 shell) can read every other column.
func init() {
	if err := sqlite.RegisterDeterministicScalarFunction("habil_fold", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return domain.Fold(v), nil
		case []byte:
			return domain.Fold(string(v)), nil
		case nil:
			return "", nil
		}
		return "", nil
	}); err != nil {
		panic("sqlite: registering habil_fold: " + err.Error())
	}
}
