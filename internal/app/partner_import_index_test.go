package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
	"github.com/habil-app/habil/internal/sqlite"
)

// indexes returns name → SQL of every index of the database, and its
// integrity check.
func indexes(t *testing.T, db *sqlite.DB) (map[string]string, string) {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'index'`)
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
	var ok string
	if err := db.SQL().QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil {
		t.Fatal(err)
	}
	return m, ok
}

func sameIndexes(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d indexes, want %d: %v", len(got), len(want), got)
	}
	for name, sql := range want {
		if got[name] != sql {
			t.Errorf("index %s: %q, want %q", name, got[name], sql)
		}
	}
}

// A large first import builds the indexes after the rows: the database it
// leaves has exactly the migrated schema's indexes, intact, and a failed
// one leaves them in place.
func TestImportPartnersBulkLoadKeepsTheIndexes(t *testing.T) {
	var body strings.Builder
	body.WriteString(importHeader)
	const n = 6000 // above the bulk threshold
	for i := 0; i < n; i++ {
		body.WriteString(benchSIRET(i) + ";Organisme " + benchSIRET(i) + ";;;RNCP36141;former;;;01/01/2026;\n")
	}
	file := writeFile(t, "p.csv", body.String())
	_, fresh := benchApp(t, t.TempDir())
	want, _ := indexes(t, fresh)

	t.Run("imported", func(t *testing.T) {
		a, db := benchApp(t, t.TempDir())
		res, err := a.ImportPartners(context.Background(), app.PartnerImportRequest{File: file, At: at})
		if err != nil || res.Partners.Created != n {
			t.Fatalf("err %v, %+v", err, res.Partners)
		}
		got, ok := indexes(t, db)
		if ok != "ok" {
			t.Errorf("integrity_check: %s", ok)
		}
		sameIndexes(t, got, want)
		list, err := a.Store.(*sqlite.DB).Partners(context.Background(), domain.PartnerFilter{})
		if err != nil || len(list) != n {
			t.Errorf("partner list: %d, %v", len(list), err)
		}
		// The same again is planned against the register through the
		// indexes, and changes nothing.
		res, err = a.ImportPartners(context.Background(), app.PartnerImportRequest{File: file, At: at})
		if err != nil || res.Changed() != 0 {
			t.Errorf("re-import: err %v, %d changed", err, res.Changed())
		}
	})
	t.Run("small register", func(t *testing.T) {
		// 100 partners already there (prospects without habilitation, and
		// one with a habilitation the file updates): the reads' indexes
		// are kept, the others rebuilt; the result is the same as without
		// the bulk load.
		a, db := benchApp(t, t.TempDir())
		var small strings.Builder
		small.WriteString(importHeader)
		for i := 0; i < 100; i++ {
			small.WriteString(benchSIRET(i) + ";Ancien " + benchSIRET(i) + ";;;;;;;;\n")
		}
		small.WriteString(benchSIRET(100) + ";Organisme " + benchSIRET(100) + ";;;RNCP36141;former;;;01/01/2026;30/06/2026\n")
		ctx := context.Background()
		if _, err := a.ImportPartners(ctx, app.PartnerImportRequest{File: writeFile(t, "small.csv", small.String()), At: at}); err != nil {
			t.Fatal(err)
		}
		res, err := a.ImportPartners(ctx, app.PartnerImportRequest{File: file, At: at})
		if err != nil {
			t.Fatal(err)
		}
		if res.Partners != (importer.Counts{Created: n - 101, Updated: 100, Unchanged: 1}) || res.Habilitations != (importer.Counts{Created: n - 1, Updated: 1}) {
			t.Errorf("partners %+v, habilitations %+v", res.Partners, res.Habilitations)
		}
		got, ok := indexes(t, db)
		if ok != "ok" {
			t.Errorf("integrity_check: %s", ok)
		}
		sameIndexes(t, got, want)
		p, err := db.Partner(ctx, domain.SIRET(benchSIRET(5)))
		if err != nil || p.Status != domain.StatusActive || len(p.History) != 2 || len(p.Habilitations) != 1 {
			t.Errorf("a prospect habilitated by the file: %+v, %v", p, err)
		}
		var entries []domain.JournalEntry
		err = db.Read(ctx, func(r domain.Reader) error {
			var err error
			entries, err = r.JournalEntries(domain.JournalFilter{Entity: "partner", ID: benchSIRET(5)})
			return err
		})
		if err != nil || len(entries) < 2 {
			t.Errorf("history of %s: %d entries, %v", benchSIRET(5), len(entries), err)
		}
	})
	t.Run("store error", func(t *testing.T) {
		a, db := benchApp(t, t.TempDir())
		disk := errors.New("database or disk is full (13)")
		a.Store = failingStore{Store: a.Store, writeErr: disk}
		if _, err := a.ImportPartners(context.Background(), app.PartnerImportRequest{File: file, At: at}); !errors.Is(err, disk) {
			t.Fatalf("err = %v, want the store's error", err)
		}
		got, ok := indexes(t, db)
		if ok != "ok" {
			t.Errorf("integrity_check: %s", ok)
		}
		sameIndexes(t, got, want)
	})
	t.Run("cancelled", func(t *testing.T) {
		a, db := benchApp(t, t.TempDir())
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		a.Store = failingStore{Store: a.Store, cancel: cancel}
		if _, err := a.ImportPartners(ctx, app.PartnerImportRequest{File: file, At: at}); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		got, _ := indexes(t, db)
		sameIndexes(t, got, want)
	})
}
