package sqlite

import (
	"sync"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// This file is a test hook: tests of the layers above the store (an import
// of a thousand rows, a use case) make the Nth write of a transaction fail
// as a full disk does, to prove that nothing is written then. It is never
// set outside tests.

// Fault codes a test may inject (SQLite's primary result codes).
const (
	FaultFull  = sqlite3.SQLITE_FULL
	FaultIOErr = sqlite3.SQLITE_IOERR
	FaultNoMem = sqlite3.SQLITE_NOMEM
)

// InjectFault makes the nth statement executed through a write
// transaction's ExecContext (counting from 1, over every later
// transaction of db) fail with the SQLite result code code, after rolling
// the transaction back as SQLite itself does on SQLITE_FULL or
// SQLITE_IOERR. n <= 0 removes the fault. For tests only.
func InjectFault(db *DB, n int, code int) {
	if n <= 0 {
		db.fault = nil
		return
	}
	db.fault = &fault{at: n, code: code}
}

// fault is an injected store failure.
type fault struct {
	mu    sync.Mutex
	at    int
	code  int
	count int
}

// hit counts one statement and, at the chosen one, rolls the transaction
// back under database/sql's feet (as SQLite does by itself on a full disk:
// the connection is then out of any transaction) and returns the error.
func (f *fault) hit(tx *Tx) error {
	if f == nil {
		return nil
	}
	f.mu.Lock()
	f.count++
	now := f.count == f.at
	f.mu.Unlock()
	if !now {
		return nil
	}
	tx.Tx.ExecContext(tx.ctx, "ROLLBACK") // bypasses the Tx: SQLite's own rollback
	return &faultError{code: f.code}
}

// faultError is an injected error, classified like the driver's own.
type faultError struct{ code int }

func (e *faultError) Error() string {
	if s, ok := sqlite.ErrorCodeString[e.code]; ok {
		return s + " (injected)"
	}
	return "injected SQLite error"
}
