package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

func imOpen(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "habil.db"), Options{
		Now:   func() time.Time { return time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC) },
		Actor: Actor{User: "test", Command: "habil partner import p.csv"},
	})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	err = db.WithTx(context.Background(), func(tx *Tx) error {
		_, err := tx.SaveCertification(&domain.Certification{Code: "RNCP36141", Title: "RH", Level: 6, EndDate: domain.MustDate("2028-06-30"),
			Blocs: []domain.Bloc{{Code: "RNCP36141BC01", Label: "A"}, {Code: "RNCP36141BC02", Label: "B"}}})
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

func TestWritePartnerImport(t *testing.T) {
	db := imOpen(t)
	ctx := context.Background()
	d := domain.MustDate("2026-03-01")
	var batch []domain.PartnerImport
	for i, s := range []domain.SIRET{"59214157663524", "81738914100018"} {
		p := &domain.Partner{SIRET: s, Name: fmt.Sprintf("P%d \"quoted\"", i), Status: domain.StatusActive}
		h := domain.Habilitation{Certification: "RNCP36141", Scope: domain.ScopeBoth, Blocs: []string{"RNCP36141BC01"}, Access: []domain.Access{}, From: d}
		batch = append(batch, domain.PartnerImport{After: p, Habilitations: []domain.HabilitationImport{{After: h}, {After: h}}})
		batch[i].Habilitations[1].After.From = domain.MustDate("2029-01-01")
	}
	err := db.WithTx(ctx, func(tx *Tx) error { return tx.WritePartnerImport(batch, d, "import p.csv") })
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range batch {
		p, err := db.Partner(ctx, op.After.SIRET)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != domain.StatusActive || len(p.History) != 1 || p.History[0].Reason != "import p.csv" || len(p.Habilitations) != 2 {
			t.Errorf("partner %+v", p)
		}
		for j, hi := range op.Habilitations {
			if hi.After.ID != p.Habilitations[j].ID {
				t.Errorf("habilitation id %d, stored %d", hi.After.ID, p.Habilitations[j].ID)
			}
		}
	}
	states, err := db.PartnerStates(ctx, []domain.SIRET{"59214157663524", "35600000049837"})
	if err != nil || len(states) != 1 || len(states["59214157663524"].Habilitations) != 2 {
		t.Fatalf("states %v, %v", states, err)
	}

	// An update: one journal entry for the partner, with before and after.
	old := states["59214157663524"]
	upd := *old
	upd.Email = "a@b.fr"
	h := old.Habilitations[0]
	h2 := h
	h2.To = domain.MustDate("2027-12-31")
	err = db.WithTx(ctx, func(tx *Tx) error {
		return tx.WritePartnerImport([]domain.PartnerImport{{Before: old, After: &upd,
			Habilitations: []domain.HabilitationImport{{Before: &h, After: h2}}}}, d, "import q.csv")
	})
	if err != nil {
		t.Fatal(err)
	}
	es, err := db.Journal(ctx, JournalFilter{Entity: "partner", ID: "59214157663524"})
	if err != nil || len(es) != 2 {
		t.Fatalf("journal %v %v", es, err)
	}
	e := es[1]
	if e.Action != "import" || e.Command != "habil partner import p.csv" ||
		!strings.Contains(string(e.Before), `"to":""`) || !strings.Contains(string(e.After), `"to":"2027-12-31"`) ||
		!strings.Contains(string(e.After), `"email":"a@b.fr"`) || strings.Contains(string(e.Before), "a@b.fr") {
		t.Errorf("journal entry: %s / %s", e.Before, e.After)
	}
	if !strings.Contains(string(es[0].After), `"name":"P0 \"quoted\""`) {
		t.Errorf("creation entry %s", es[0].After)
	}
}

// BenchmarkImportFloor is the floor the partner import is measured
// against: plain prepared INSERTs of N partners, N status rows, N
// habilitations and 2N journal rows (small JSON) in one transaction, one
// row per statement. Sub-benchmark habil-schema runs them in a habil
// database (its tables, indexes, foreign keys, CHECK constraints,
// pragmas); plain-tables in four tables without constraints nor indexes,
// with the same pragmas (what "a plain modernc program" does). Run:
//
//	go test ./internal/sqlite -run '^$' -bench ImportFloor -benchtime 1x
func BenchmarkImportFloor(b *testing.B) {
	n := 100_000
	if s := os.Getenv("HABIL_BENCH_ROWS"); s != "" {
		fmt.Sscan(s, &n)
	}
	const now = "2026-01-15T10:30:00Z"
	plain := []string{
		`CREATE TABLE p(siret TEXT, name TEXT, nda TEXT, email TEXT, status TEXT, created_at TEXT, updated_at TEXT)`,
		`CREATE TABLE s(siret TEXT, from_status TEXT, to_status TEXT, date TEXT, reason TEXT, recorded_at TEXT)`,
		`CREATE TABLE h(partner_siret TEXT, certification TEXT, scope TEXT, blocs TEXT, access TEXT, date_from TEXT, date_to TEXT, created_at TEXT, updated_at TEXT)`,
		`CREATE TABLE j(at TEXT, user TEXT, command TEXT, action TEXT, entity TEXT, entity_id TEXT, before TEXT, after TEXT)`,
	}
	for _, schema := range []string{"habil-schema", "plain-tables"} {
		b.Run(schema, func(b *testing.B) {
			ins := [4]string{
				`INSERT INTO partner(siret, name, nda, email, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?)`,
				`INSERT INTO partner_status_history(siret, from_status, to_status, date, reason, recorded_at) VALUES (?,?,?,?,?,?)`,
				`INSERT INTO habilitation(partner_siret, certification, scope, blocs, access, date_from, date_to, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)`,
				`INSERT INTO journal(at, user, command, action, entity, entity_id, before, after) VALUES (?,?,?,?,?,?,?,?)`,
			}
			if schema == "plain-tables" {
				for i, t := range []string{"partner(", "partner_status_history(", "habilitation(", "journal("} {
					ins[i] = strings.Replace(ins[i], t, []string{"p(", "s(", "h(", "j("}[i], 1)
				}
			}
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := imOpen(b)
				if schema == "plain-tables" {
					for _, q := range plain {
						if _, err := db.sql.Exec(q); err != nil {
							b.Fatal(err)
						}
					}
				}
				b.StartTimer()
				err := db.WithTx(context.Background(), func(tx *Tx) error {
					for k := 0; k < n; k++ {
						siret := fmt.Sprintf("%014d", k)
						if _, err := tx.ExecContext(tx.ctx, ins[0], siret, "Organisme de formation", "11000000000", "contact@exemple.fr", "active", now, now); err != nil {
							return err
						}
						if _, err := tx.ExecContext(tx.ctx, ins[1], siret, "", "active", "2026-06-01", "import p.csv", now); err != nil {
							return err
						}
						if _, err := tx.ExecContext(tx.ctx, ins[2], siret, "RNCP36141", "both", "RNCP36141BC01,RNCP36141BC02", "FC", "2026-01-01", "2027-12-31", now, now); err != nil {
							return err
						}
						for _, e := range []string{"partner", "habilitation"} {
							if _, err := tx.ExecContext(tx.ctx, ins[3], now, "test", "habil partner import p.csv", "create", e, siret, nil, `{"name":"Organisme de formation"}`); err != nil {
								return err
							}
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				db.Close()
			}
		})
	}
}

func TestPartnerStatesReadsOddRecords(t *testing.T) {
	db := imOpen(t)
	ctx := context.Background()
	d := domain.MustDate("2026-03-01")
	err := db.WithTx(ctx, func(tx *Tx) error {
		// Control characters are refused since issue 10: the odd name and
		// reason are what an older version wrote, set below with SQL.
		if err := tx.CreatePartner(&domain.Partner{SIRET: "59214157663524", Name: "Oddname", Email: "a@b.fr"}, d, ""); err != nil {
			return err
		}
		if err := tx.CreatePartner(&domain.Partner{SIRET: "81738914100018", Name: "Plain", Phone: "01 02"}, d, ""); err != nil {
			return err
		}
		for _, s := range []domain.SIRET{"59214157663524", "81738914100018"} {
			h := &domain.Habilitation{PartnerSIRET: s, Certification: "RNCP36141", Scope: domain.ScopeTrain, Blocs: []string{"BC02", "BC01"}, From: d}
			if err := tx.AddHabilitation(h); err != nil {
				return err
			}
			if _, err := tx.EndHabilitation(h.ID, domain.MustDate("2026-12-31"), "endreason"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, `UPDATE partner SET name = 'Odd' || char(31) || 'name' WHERE siret = '59214157663524'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, `UPDATE habilitation SET end_reason = 'end' || char(31) || 'reason'`); err != nil {
		t.Fatal(err)
	}
	if p, err := db.Partner(ctx, "59214157663524"); err != nil || p.Name != "Odd\x1fname" {
		t.Fatalf("the older data was not set: %+v, %v", p, err)
	}
	states, err := db.PartnerStates(ctx, []domain.SIRET{"59214157663524", "81738914100018", "35600000049837"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []domain.SIRET{"59214157663524", "81738914100018"} {
		want, _ := db.Partner(ctx, s)
		got := states[s]
		if got == nil || got.Name != want.Name || got.Email != want.Email || got.Phone != want.Phone || got.Status != want.Status ||
			len(got.Habilitations) != 1 || got.Habilitations[0].EndReason != "end\x1freason" ||
			strings.Join(got.Habilitations[0].Blocs, ",") != "RNCP36141BC01,RNCP36141BC02" || got.Habilitations[0].To != want.Habilitations[0].To {
			t.Errorf("%s: got %+v, want %+v", s, got, want)
		}
	}
	if len(states) != 2 {
		t.Errorf("%d states", len(states))
	}
}

func TestNewDatabaseHasLargePages(t *testing.T) {
	db := imOpen(t)
	var size int
	var mode string
	if err := db.sql.QueryRow(`PRAGMA page_size`).Scan(&size); err != nil || size != pageSize {
		t.Errorf("page size %d, %v; want %d", size, err, pageSize)
	}
	if err := db.sql.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q, %v", mode, err)
	}
	// An existing database keeps its page size.
	path := filepath.Join(t.TempDir(), "old.db")
	h, err := sql.Open("sqlite", "file:"+path+"?_pragma=page_size(4096)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Exec(`VACUUM`); err != nil {
		t.Fatal(err)
	}
	h.Close()
	old, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if err := old.sql.QueryRow(`PRAGMA page_size`).Scan(&size); err != nil || size != 4096 {
		t.Errorf("existing database: page size %d, %v", size, err)
	}
}
