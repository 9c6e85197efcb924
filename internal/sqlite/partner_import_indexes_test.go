package sqlite

import (
	"context"
	"errors"
	"testing"
)

// schemaIndexes returns name → SQL of the secondary indexes (not the
// automatic ones of PRIMARY KEY and UNIQUE) of the tables an import fills.
func schemaIndexes(t *testing.T, db *DB) map[string]string {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
		AND tbl_name IN ('partner', 'partner_status_history', 'habilitation', 'journal')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var name, sql string
		if err := rows.Scan(&name, &sql); err != nil {
			t.Fatal(err)
		}
		m[name] = sql
	}
	return m
}

// The import's copy of the index definitions is exactly the migrated
// schema's, index for index.
func TestImportIndexesMatchTheSchema(t *testing.T) {
	db := imOpen(t)
	have := schemaIndexes(t, db)
	if len(have) != len(importIndexes) {
		t.Errorf("schema indexes %v, import list %v", have, importIndexes)
	}
	for _, ix := range importIndexes {
		if have[ix.name] != ix.sql {
			t.Errorf("index %s: schema %q, import list %q", ix.name, have[ix.name], ix.sql)
		}
	}
}

func TestSuspendAndRestoreImportIndexes(t *testing.T) {
	db := imOpen(t)
	ctx := context.Background()
	want := schemaIndexes(t, db)
	// Rolled back: the indexes are all there again.
	boom := errors.New("boom")
	err := db.WithTx(ctx, func(tx *Tx) error {
		if err := tx.SuspendImportIndexes(true); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if got := schemaIndexes(t, db); len(got) != len(want) {
		t.Fatalf("after a rollback: %v, want %v", got, want)
	}
	// Suspended (reads' indexes kept), then restored.
	err = db.WithTx(ctx, func(tx *Tx) error {
		if err := tx.SuspendImportIndexes(false); err != nil {
			return err
		}
		var n int
		if err := tx.Tx.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name IN ('habilitation_partner', 'partner_status_history_siret', 'partner_list')`).Scan(&n); err != nil {
			return err
		}
		if n != 2 {
			t.Errorf("%d of the reads' indexes and partner_list left, want 2", n)
		}
		return tx.RestoreImportIndexes()
	})
	if err != nil {
		t.Fatal(err)
	}
	got := schemaIndexes(t, db)
	for name, sql := range want {
		if got[name] != sql {
			t.Errorf("index %s: %q, want %q", name, got[name], sql)
		}
	}
	var ok string
	if err := db.SQL().QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check: %q %v", ok, err)
	}
}
