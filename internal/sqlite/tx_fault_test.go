package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// Issue 10, item 1: once SQLite rolls a write transaction back by itself
// (it does on a full disk, an I/O error, out of memory), no later statement
// of the command may run outside the transaction and commit on its own.

func faultJournalCount(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM journal`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const faultInsert = `INSERT INTO journal(at, user, command, action, entity, entity_id, before, after) VALUES ('x','u','c','create','test',?,NULL,NULL)`

// A statement run after SQLite's own ROLLBACK cannot autocommit, whether it
// goes through the Tx (poisoned: it fails without reaching SQLite) or
// around it (the commit hook refuses the commit), and WithTx reports the
// failure even when fn ignores every error and returns nil.
func TestTxStatementAfterRollbackCannotAutocommit(t *testing.T) {
	db := fdnOpen(t, filepath.Join(t.TempDir(), "habil.db"), Options{})
	var around, through error
	err := db.WithTx(context.Background(), func(tx *Tx) error {
		if _, err := tx.ExecContext(tx.ctx, faultInsert, "1"); err != nil {
			t.Fatalf("first insert: %v", err)
		}
		// What SQLite does by itself on SQLITE_FULL: the connection is
		// back in autocommit mode, database/sql does not know.
		if _, err := tx.Tx.ExecContext(tx.ctx, "ROLLBACK"); err != nil {
			t.Fatal(err)
		}
		_, around = tx.Tx.ExecContext(tx.ctx, faultInsert, "2") // bypasses the Tx's methods
		_, through = tx.ExecContext(tx.ctx, faultInsert, "3")
		tx.Journal("create", "test", "4", nil, nil)
		return nil // a use case that ignored the errors
	})
	if around == nil {
		t.Error("a statement run around the Tx after the rollback succeeded")
	}
	if through == nil {
		t.Error("a statement run through the Tx after the rollback succeeded")
	}
	de := fdnWantCode(t, err, domain.KindInternal, "DB_ROLLED_BACK")
	if !strings.Contains(de.Msg, "nothing was written") {
		t.Errorf("message %q", de.Msg)
	}
	if n := faultJournalCount(t, db); n != 0 {
		t.Errorf("%d rows committed after the transaction was rolled back", n)
	}
	// The connection (back in the pool) commits normally again.
	fdnSaveCertifier(t, db, "Académie")
	if n := fdnCountCertifiers(t, db); n != 1 {
		t.Errorf("%d certifiers after a normal transaction", n)
	}
}

// An injected SQLITE_FULL poisons the transaction: every later statement
// fails with it, the command's error names the full disk and says that
// nothing was written, and nothing is.
func TestTxInjectedFullDiskPoisons(t *testing.T) {
	for _, c := range []struct {
		code          int
		want, wantMsg string
	}{
		{FaultFull, "DB_FULL", "the disk is full while writing the database"},
		{FaultIOErr, "DB_IO", "the disk failed while writing the database"},
		{FaultNoMem, "DB_NOMEM", "out of memory while writing the database"},
	} {
		t.Run(c.want, func(t *testing.T) {
			db := fdnOpen(t, filepath.Join(t.TempDir(), "habil.db"), Options{})
			InjectFault(db, 3, c.code)
			var errs []error
			err := db.WithTx(context.Background(), func(tx *Tx) error {
				for i := 0; i < 6; i++ {
					_, err := tx.ExecContext(tx.ctx, faultInsert, strings.Repeat("x", i+1))
					errs = append(errs, err)
				}
				return nil
			})
			for i, e := range errs {
				if (i < 2) != (e == nil) {
					t.Errorf("statement %d: err = %v", i+1, e)
				}
				if i >= 2 && !errors.Is(e, errs[2]) {
					t.Errorf("statement %d after the fault: %v, want the first error %v", i+1, e, errs[2])
				}
			}
			de := fdnWantCode(t, err, domain.KindInternal, c.want)
			if !strings.HasPrefix(de.Msg, c.wantMsg) || !strings.HasSuffix(de.Msg, ": nothing was written") || de.Hint == "" {
				t.Errorf("error %q (hint %q)", de.Msg, de.Hint)
			}
			if n := faultJournalCount(t, db); n != 0 {
				t.Errorf("%d rows committed by a failed transaction", n)
			}
			InjectFault(db, 0, 0)
			fdnSaveCertifier(t, db, "Académie")
		})
	}
}

// A real SQLITE_FULL from SQLite (the database may not grow past
// max_page_count, as on a full disk): the same all-or-nothing.
func TestTxRealFullDisk(t *testing.T) {
	db := fdnOpen(t, filepath.Join(t.TempDir(), "habil.db"), Options{})
	big := strings.Repeat("é", 20000)
	failures, after := 0, 0
	err := db.WithTx(context.Background(), func(tx *Tx) error {
		var pages int
		if err := tx.QueryRowContext(tx.ctx, "PRAGMA page_count").Scan(&pages); err != nil {
			t.Fatal(err)
		}
		if err := tx.QueryRowContext(tx.ctx, "PRAGMA max_page_count = "+strconv.Itoa(pages+8)).Scan(&pages); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 40; i++ {
			if err := tx.Journal("create", "test", strconv.Itoa(i), nil, map[string]string{"v": big}); err != nil {
				failures++
			} else if failures > 0 {
				after++
			}
		}
		return nil
	})
	if failures == 0 {
		t.Fatal("the database never got full")
	}
	if after != 0 {
		t.Errorf("%d statements succeeded after the disk was full", after)
	}
	de := fdnWantCode(t, err, domain.KindInternal, "DB_FULL")
	if !strings.Contains(de.Msg, "nothing was written") {
		t.Errorf("message %q", de.Msg)
	}
	if n := faultJournalCount(t, db); n != 0 {
		t.Errorf("%d rows committed by a transaction that hit a full disk", n)
	}
}

// A cancellation inside the transaction poisons it too: the error is the
// cancellation, and nothing is written.
func TestTxCancelledPoisons(t *testing.T) {
	db := fdnOpen(t, filepath.Join(t.TempDir(), "habil.db"), Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := db.WithTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, faultInsert, "1"); err != nil {
			t.Fatal(err)
		}
		cancel()
		tx.ExecContext(ctx, faultInsert, "2")
		tx.ExecContext(context.Background(), faultInsert, "3")
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := faultJournalCount(t, db); n != 0 {
		t.Errorf("%d rows committed by a cancelled transaction", n)
	}
}
