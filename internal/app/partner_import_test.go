package app_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
	"github.com/habil-app/habil/internal/sqlite"
)

const importHeader = "N° SIRET;Raison sociale;Courriel;Statut;Code RNCP;Habilitation;Blocs de compétences;Voies d'accès;Date de début;Date de fin\n"

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func counts(t *testing.T, db *sqlite.DB) (partners, journal int) {
	t.Helper()
	ctx := context.Background()
	if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM partner`).Scan(&partners); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM journal`).Scan(&journal); err != nil {
		t.Fatal(err)
	}
	return
}

var at = domain.MustDate("2026-03-01")

func TestImportPartnersPlanKinds(t *testing.T) {
	a, db := benchApp(t, t.TempDir())
	ctx := context.Background()
	first := writeFile(t, "a.csv", importHeader+
		"59214157663524;Société Œuvre;contact@oeuvre.fr;;RNCP36141;former;BC01;FC;01/01/2026;\n"+
		"81738914100018;Institut Régional;;;RNCP36141;évaluer;;;15/01/2026;31/12/2027\n"+
		"94785380033947;Cœur de Métiers;;;;;;;;\n")
	res, err := a.ImportPartners(ctx, app.PartnerImportRequest{File: first, At: at})
	if err != nil {
		t.Fatal(err)
	}
	if res.Partners != (importer.Counts{Created: 3}) || res.Habilitations != (importer.Counts{Created: 2}) {
		t.Fatalf("first import: partners %+v, habilitations %+v", res.Partners, res.Habilitations)
	}
	if len(res.StatusChanges) != 2 {
		t.Errorf("status changes %q, want the two habilitated partners active (new)", res.StatusChanges)
	}
	p, err := db.Partner(ctx, "94785380033947")
	if err != nil || p.Status != domain.StatusProspect {
		t.Fatalf("partner without habilitation: %+v, %v; want a prospect", p, err)
	}
	_, journal := counts(t, db)

	// A second file: one partner updated (e-mail), one habilitation
	// updated (end date), a new partner, one unchanged; a dry run plans
	// without writing.
	second := writeFile(t, "b.csv", importHeader+
		"59214157663524;Société Œuvre;direction@oeuvre.fr;;RNCP36141;former;BC01;FC;01/01/2026;31/12/2027\n"+
		"81738914100018;Institut Régional;;;RNCP36141;évaluer;;;15/01/2026;31/12/2027\n"+
		"35600000049837;Nouvelle Poste;;;RNCP36141;former;;;01/02/2026;\n")
	res, err = a.ImportPartners(ctx, app.PartnerImportRequest{File: second, At: at, DryRun: true, Changes: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Partners != (importer.Counts{Created: 1, Updated: 1, Unchanged: 1}) {
		t.Errorf("partners %+v", res.Partners)
	}
	if res.Habilitations != (importer.Counts{Created: 1, Updated: 1, Unchanged: 1}) {
		t.Errorf("habilitations %+v", res.Habilitations)
	}
	if res.Untouched != 1 {
		t.Errorf("untouched %d, want 1", res.Untouched)
	}
	got := map[string]importer.Change{}
	for _, c := range res.Plan.Changes() {
		got[c.Entity+" "+string(c.Action)+" "+c.ID] = c
	}
	upd, ok := got["partner update 59214157663524"]
	if !ok || upd.Row != 2 || len(upd.Changes) != 1 || !strings.Contains(upd.Changes[0], "direction@oeuvre.fr") {
		t.Errorf("partner update planned as %+v (all: %+v)", upd, res.Plan.Changes())
	}
	if c, ok := got["partner create 35600000049837"]; !ok || c.Row != 4 {
		t.Errorf("partner creation planned as %+v", c)
	}
	if len(res.Plan.Changes()) != 4 { // 2 partners, 2 habilitations; unchanged ones are only counted
		t.Errorf("%d changes kept, want 4: %+v", len(res.Plan.Changes()), res.Plan.Changes())
	}
	if _, j := counts(t, db); j != journal {
		t.Fatalf("the dry run wrote %d journal entries", j-journal)
	}

	// The real import does what the plan said, and once only.
	res, err = a.ImportPartners(ctx, app.PartnerImportRequest{File: second, At: at})
	if err != nil || res.Changed() != 4 {
		t.Fatalf("import: %v, %d changes", err, res.Changed())
	}
	p, _ = db.Partner(ctx, "81738914100018")
	if len(p.Habilitations) != 1 || p.Habilitations[0].To.String() != "2027-12-31" {
		t.Errorf("habilitations %+v", p.Habilitations)
	}
	p, _ = db.Partner(ctx, "59214157663524")
	if p.Email != "direction@oeuvre.fr" || len(p.Habilitations) != 1 || p.Habilitations[0].To.String() != "2027-12-31" {
		t.Errorf("partner %+v", p)
	}
	// history --id SIRET answers for the habilitation the import changed.
	entries, err := db.Journal(ctx, domain.JournalFilter{Entity: "partner", ID: "59214157663524"})
	if err != nil || len(entries) != 2 {
		t.Fatalf("journal of the partner: %d entries, %v", len(entries), err)
	}
	last := entries[1]
	if last.Action != "import" || !strings.Contains(string(last.Before), `"to":""`) || !strings.Contains(string(last.After), `"to":"2027-12-31"`) ||
		!strings.Contains(string(last.After), "direction@oeuvre.fr") {
		t.Errorf("journal entry %s: before %s after %s", last.Action, last.Before, last.After)
	}
	_, journal = counts(t, db)
	res, err = a.ImportPartners(ctx, app.PartnerImportRequest{File: second, At: at})
	if err != nil || res.Changed() != 0 || res.Partners.Unchanged != 3 {
		t.Fatalf("re-import: %v, %+v", err, res.Partners)
	}
	if _, j := counts(t, db); j != journal {
		t.Errorf("the identical re-import wrote %d journal entries", j-journal)
	}
}

func TestImportPartnersListsEveryErrorOfARow(t *testing.T) {
	a, db := benchApp(t, t.TempDir())
	file := writeFile(t, "bad.csv", importHeader+
		"28062882722919;Nouvelle Formation;;;RNCP36141;former;BC09;CL;01/06/2026;01/01/2026\n"+
		"96145792616078;Nouvelle Université;;;RNCP36141;former;;;01/01/2026;\n"+
		"96145792616078;Autre nom;;;;;;;;\n")
	res, err := a.ImportPartners(context.Background(), app.PartnerImportRequest{File: file, At: at})
	if domain.KindOf(err) != domain.KindRejected {
		t.Fatalf("err = %v, want a rejection", err)
	}
	var lines []string
	for _, e := range res.Errors.List() {
		lines = append(lines, e.String())
	}
	want := []string{
		"bad.csv:2:Blocs de compétences: BLOC_UNKNOWN: ",
		"bad.csv:2:Voies d'accès: ACCESS_CLOSED: ",
		"bad.csv:2:Date de fin: DATES_ORDER: ",
		`bad.csv:4:Raison sociale: DUPLICATE_CONFLICT: "Autre nom" conflicts with "Nouvelle Université" given for the same SIRET 961 457 926 16078 on row 3`,
	}
	if len(lines) != len(want) {
		t.Fatalf("errors:\n%s", strings.Join(lines, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("error %d = %q, want %q…", i, lines[i], w)
		}
	}
	if n, j := counts(t, db); n != 0 || j != 2 {
		t.Errorf("%d partners, %d journal entries written", n, j)
	}
}

func TestImportPartnersRuleRefusalIsARowError(t *testing.T) {
	a, db := benchApp(t, t.TempDir())
	ctx := context.Background()
	err := db.Update(ctx, func(tx domain.Tx) error {
		if err := tx.CreatePartner(&domain.Partner{SIRET: "59214157663524", Name: "Société Œuvre"}, domain.MustDate("2025-01-01"), ""); err != nil {
			return err
		}
		_, err := tx.SetStatus("59214157663524", domain.StatusWithdrawn, domain.MustDate("2025-06-01"), "test")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, "p.csv", importHeader+
		"81738914100018;Institut Régional;;;RNCP36141;évaluer;;;15/01/2026;31/12/2027\n"+
		"59214157663524;Société Œuvre;;;RNCP36141;former;;;01/01/2026;\n")
	res, err := a.ImportPartners(ctx, app.PartnerImportRequest{File: file, At: at})
	if domain.KindOf(err) != domain.KindRejected || res.Errors.Len() != 1 {
		t.Fatalf("err = %v, errors %v", err, res.Errors.List())
	}
	if e := res.Errors.List()[0]; e.Row != 3 || e.Code != "PARTNER_WITHDRAWN" {
		t.Errorf("row error %v", e)
	}
	if n, _ := counts(t, db); n != 1 {
		t.Errorf("%d partners: the valid row was written", n)
	}
}

// failingStore cancels the context or fails the batch write inside the
// transaction, as Ctrl-C or a full disk would.
type failingStore struct {
	domain.Store
	cancel   context.CancelFunc
	writeErr error
}

func (s failingStore) Update(ctx context.Context, fn func(domain.Tx) error) error {
	return s.Store.Update(ctx, func(tx domain.Tx) error {
		if s.cancel != nil {
			s.cancel()
		}
		return fn(failingTx{Tx: tx, err: s.writeErr})
	})
}

type failingTx struct {
	domain.Tx
	err error
}

func (tx failingTx) WritePartnerImport(batch []domain.PartnerImport, date domain.Date, reason string) error {
	if err := tx.Tx.WritePartnerImport(batch, date, reason); err != nil {
		return err
	}
	if tx.err != nil {
		return tx.err
	}
	return nil
}

func TestImportPartnersAbortsOnCancelOrStoreError(t *testing.T) {
	var body strings.Builder
	body.WriteString(importHeader)
	for i := 0; i < 1200; i++ { // several batches
		body.WriteString(benchSIRET(i) + ";Organisme " + benchSIRET(i) + ";;;RNCP36141;former;;;01/01/2026;\n")
	}
	file := writeFile(t, "p.csv", body.String())

	t.Run("cancelled", func(t *testing.T) {
		a, db := benchApp(t, t.TempDir())
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		a.Store = failingStore{Store: a.Store, cancel: cancel}
		res, err := a.ImportPartners(ctx, app.PartnerImportRequest{File: file, At: at})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if res.Errors.Len() != 0 {
			t.Errorf("row errors %v", res.Errors.List())
		}
		if n, j := counts(t, db); n != 0 || j != 2 {
			t.Errorf("%d partners, %d journal entries written", n, j)
		}
	})
	t.Run("store error", func(t *testing.T) {
		a, db := benchApp(t, t.TempDir())
		disk := errors.New("database or disk is full (13)")
		a.Store = failingStore{Store: a.Store, writeErr: disk}
		res, err := a.ImportPartners(context.Background(), app.PartnerImportRequest{File: file, At: at})
		if !errors.Is(err, disk) {
			t.Fatalf("err = %v, want the store's error", err)
		}
		if res.Errors.Len() != 0 {
			t.Errorf("a store error became row errors: %v", res.Errors.List())
		}
		if n, j := counts(t, db); n != 0 || j != 2 {
			t.Errorf("%d partners, %d journal entries written: the transaction was not rolled back", n, j)
		}
	})
}
