package app_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
	"github.com/habil-app/habil/internal/sqlite"
)

// Issue 10, items 1 and 2: a store error or a cancellation in the middle
// of an import ends it at once, with one error, and writes nothing.

func faultHabilitations(t *testing.T, db *sqlite.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM habilitation`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A full disk at any of the import's writes (the first, in the middle of
// the first batch, in the second batch): the import stops with the store's
// error (exit 1, naming the full disk), never row errors, and the
// register is as before (the certifier's and the certification's journal
// entries only).
func TestImportPartnersFullDiskWritesNothing(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "partenaires.csv")
	writeBenchCSV(t, file, 1000)
	for _, n := range []int{1, 2, 4, 7, 12} {
		t.Run(fmt.Sprintf("write %d", n), func(t *testing.T) {
			a, db := benchApp(t, t.TempDir())
			sqlite.InjectFault(db, n, sqlite.FaultFull)
			res, err := a.ImportPartners(context.Background(), app.PartnerImportRequest{File: file, At: domain.MustDate("2026-06-01")})
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != "DB_FULL" || de.Kind != domain.KindInternal {
				t.Fatalf("err = %v, want DB_FULL (exit 1)", err)
			}
			if !strings.Contains(de.Msg, "the disk is full while writing") || !strings.HasSuffix(de.Msg, "nothing was written") {
				t.Errorf("message %q", de.Msg)
			}
			if res != nil && res.Errors.Len() != 0 {
				t.Errorf("a store error became %d row errors: %v", res.Errors.Len(), res.Errors.List()[0])
			}
			if p, j := counts(t, db); p != 0 || j != 2 {
				t.Errorf("%d partners, %d journal entries after a failed import (want 0, 2)", p, j)
			}
			if h := faultHabilitations(t, db); h != 0 {
				t.Errorf("%d habilitations after a failed import", h)
			}
		})
	}
	// Without the fault, the same file imports: the fault was hit in the
	// middle of the import, not before it.
	a, db := benchApp(t, t.TempDir())
	if _, err := a.ImportPartners(context.Background(), app.PartnerImportRequest{File: file, At: domain.MustDate("2026-06-01")}); err != nil {
		t.Fatal(err)
	}
	if p, _ := counts(t, db); p != 1000 {
		t.Fatalf("%d partners imported", p)
	}
}

// Ctrl-C while the rows are being read: the import stops, with the one
// cancellation error, the row errors of the rows read so far dropped, and
// nothing written; the same in a dry run.
func TestImportPartnersCancelledWhileReading(t *testing.T) {
	var body strings.Builder
	body.WriteString(importHeader)
	for i := 0; i < 10000; i++ {
		siret := benchSIRET(i)
		if i%100 == 7 {
			siret = "123" // invalid rows among the first read
		}
		body.WriteString(siret + ";Organisme " + siret + ";;;RNCP36141;former;;;01/01/2026;\n")
	}
	file := writeFile(t, "p.csv", body.String())
	for _, dry := range []bool{false, true} {
		t.Run(fmt.Sprintf("dry-run=%v", dry), func(t *testing.T) {
			a, db := benchApp(t, t.TempDir())
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			progress := 0
			res, err := a.ImportPartners(ctx, app.PartnerImportRequest{File: file, At: at, DryRun: dry,
				Progress: func(rows int) { progress = rows; cancel() }})
			if progress == 0 {
				t.Fatal("the import never reported progress")
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want a cancellation", err)
			}
			var de *domain.Error
			if !errors.As(err, &de) || de.Msg != "interrupted: nothing was written" {
				t.Errorf("err = %v, want the one line 'interrupted: nothing was written'", err)
			}
			if res != nil && (res.Errors.Len() != 0 || len(res.Warnings) != 0) {
				t.Errorf("%d row errors, warnings %q after the interruption", res.Errors.Len(), res.Warnings)
			}
			if p, j := counts(t, db); p != 0 || j != 2 {
				t.Errorf("%d partners, %d journal entries written", p, j)
			}
		})
	}
}

// Ctrl-C while the plan is written (after the first batch): the
// transaction is rolled back, the error is the one cancellation.
func TestImportPartnersCancelledWhileWriting(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "partenaires.csv")
	writeBenchCSV(t, file, 1200)
	a, db := benchApp(t, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a.Store = cancelAfterWrite{Store: a.Store, cancel: cancel}
	res, err := a.ImportPartners(ctx, app.PartnerImportRequest{File: file, At: domain.MustDate("2026-06-01")})
	var de *domain.Error
	if !errors.Is(err, context.Canceled) || !errors.As(err, &de) || de.Msg != "interrupted: nothing was written" {
		t.Fatalf("err = %v, want the one cancellation error", err)
	}
	if res.Errors.Len() != 0 {
		t.Errorf("row errors %v", res.Errors.List())
	}
	if p, j := counts(t, db); p != 0 || j != 2 {
		t.Errorf("%d partners, %d journal entries written", p, j)
	}
}

// cancelAfterWrite cancels the context once the first batch is written.
type cancelAfterWrite struct {
	domain.Store
	cancel context.CancelFunc
}

func (s cancelAfterWrite) Update(ctx context.Context, fn func(domain.Tx) error) error {
	return s.Store.Update(ctx, func(tx domain.Tx) error { return fn(cancellingTx{Tx: tx, cancel: s.cancel}) })
}

type cancellingTx struct {
	domain.Tx
	cancel context.CancelFunc
}

func (tx cancellingTx) WritePartnerImport(batch []domain.PartnerImport, date domain.Date, reason string) error {
	err := tx.Tx.WritePartnerImport(batch, date, reason)
	tx.cancel()
	return err
}

// A store error after a rule refused a row: the command says the one
// cause (the store), not a partial list of rows to correct.
func TestImportPartnersStoreErrorAfterARefusal(t *testing.T) {
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
	var body strings.Builder
	body.WriteString(importHeader)
	body.WriteString("59214157663524;Société Œuvre;;;RNCP36141;former;;;01/01/2026;\n") // refused: withdrawn
	for i := 0; i < 700; i++ {                                                          // a second batch of the plan
		body.WriteString(benchSIRET(i) + ";Organisme " + benchSIRET(i) + ";;;RNCP36141;former;;;01/01/2026;\n")
	}
	file := writeFile(t, "p.csv", body.String())
	disk := errors.New("disk I/O error")
	for _, dry := range []bool{false, true} {
		a.Store = statesFailStore{Store: db, err: disk}
		res, err := a.ImportPartners(ctx, app.PartnerImportRequest{File: file, At: at, DryRun: dry})
		if !errors.Is(err, disk) {
			t.Fatalf("dry run %v: err = %v, want the store's error", dry, err)
		}
		if res.Errors.Len() != 0 {
			t.Errorf("dry run %v: the partial row errors are still listed: %v", dry, res.Errors.List())
		}
	}
	if p, j := counts(t, db); p != 1 || j != 4 {
		t.Errorf("%d partners, %d journal entries (want 1, 4: nothing written)", p, j)
	}
}

// statesFailStore fails the second read of the stored partners (the
// second batch of the plan), in a transaction or a read snapshot.
type statesFailStore struct {
	domain.Store
	err error
}

func (s statesFailStore) Update(ctx context.Context, fn func(domain.Tx) error) error {
	n := 0
	return s.Store.Update(ctx, func(tx domain.Tx) error { return fn(statesFailTx{Tx: tx, n: &n, err: s.err}) })
}

func (s statesFailStore) Read(ctx context.Context, fn func(domain.Reader) error) error {
	n := 0
	return s.Store.Read(ctx, func(r domain.Reader) error { return fn(statesFailReader{Reader: r, n: &n, err: s.err}) })
}

type statesFailTx struct {
	domain.Tx
	n   *int
	err error
}

func (tx statesFailTx) PartnerStates(s []domain.SIRET) (map[domain.SIRET]*domain.Partner, error) {
	if *tx.n++; *tx.n == 2 {
		return nil, tx.err
	}
	return tx.Tx.PartnerStates(s)
}

type statesFailReader struct {
	domain.Reader
	n   *int
	err error
}

func (r statesFailReader) PartnerStates(s []domain.SIRET) (map[domain.SIRET]*domain.Partner, error) {
	if *r.n++; *r.n == 2 {
		return nil, r.err
	}
	return r.Reader.PartnerStates(s)
}

// Ctrl-C while a convention file is read: the one cancellation error, no
// row error of the rows read so far, nothing written.
func TestImportConventionsCancelledWhileReading(t *testing.T) {
	a, _ := convApp(t)
	before := convJournalCount(t, a)
	var body strings.Builder
	body.WriteString(convImportHeader)
	for i := 0; i < 3000; i++ {
		if i%50 == 3 {
			body.WriteString("85262016007290;Formapro Lyon;RNCP35419;pas une date;;;;;;\n") // a row error
			continue
		}
		body.WriteString("85262016007290;Formapro Lyon;RNCP35419;01/01/2025;31/12/2025;;;150;;\n")
	}
	file := writeFile(t, "conventions.csv", body.String())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open := func(path, sheet string) (importer.Source, error) {
		src, err := importer.Open(path, sheet)
		return &cancellingSource{Source: src, cancel: cancel, after: 700}, err
	}
	res, err := a.ImportConventions(ctx, app.ConventionImportRequest{File: file, Open: open})
	var de *domain.Error
	if !errors.Is(err, context.Canceled) || !errors.As(err, &de) || de.Msg != "interrupted: nothing was written" {
		t.Fatalf("err = %v, want the one cancellation error", err)
	}
	if res != nil && res.Errors.Len() != 0 {
		t.Errorf("%d row errors after the interruption", res.Errors.Len())
	}
	if n := convJournalCount(t, a); n != before {
		t.Errorf("%d journal entries, want %d: something was written", n, before)
	}
}

// cancellingSource cancels the context (Ctrl-C) after some rows.
type cancellingSource struct {
	importer.Source
	cancel context.CancelFunc
	after  int
	n      int
}

func (s *cancellingSource) Next() (int, []string, error) {
	if s.n++; s.n == s.after {
		s.cancel()
	}
	return s.Source.Next()
}

// Ctrl-C during 'certification import': the one cancellation error,
// nothing recorded.
func TestImportCertificationsCancelled(t *testing.T) {
	a, _ := ckApp(t, esiMe)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a.Store = cancelAfterRead{Store: a.Store, cancel: cancel}
	_, err := a.ImportCertifications(ctx, app.ImportCertificationsInput{File: fcFixture("export_fiches_rncp_rs_v4_1_sample.xml"),
		Codes: []domain.CertCode{"RNCP35419"}})
	var de *domain.Error
	if !errors.Is(err, context.Canceled) || !errors.As(err, &de) || de.Msg != "interrupted: nothing was written" {
		t.Fatalf("err = %v, want the one cancellation error", err)
	}
	if _, err := a.Certification(context.Background(), "RNCP35419"); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("the interrupted import recorded RNCP35419 (%v)", err)
	}
}

// cancelAfterRead cancels the context (Ctrl-C) once the first read is done.
type cancelAfterRead struct {
	domain.Store
	cancel context.CancelFunc
}

func (s cancelAfterRead) Read(ctx context.Context, fn func(domain.Reader) error) error {
	err := s.Store.Read(ctx, fn)
	s.cancel()
	return err
}

// Every use case that writes gets the same guarantee, not only imports:
// 'partner add' whose journal entry hits a full disk (its partner row is
// already written in the transaction) writes nothing.
func TestAddPartnerFullDiskWritesNothing(t *testing.T) {
	for n := 1; n <= 3; n++ {
		a, db := benchApp(t, t.TempDir())
		sqlite.InjectFault(db, n, sqlite.FaultFull)
		_, err := a.AddPartner(context.Background(), &domain.Partner{SIRET: "59214157663524", Name: "Société Œuvre"}, domain.MustDate("2026-01-05"), "")
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != "DB_FULL" {
			t.Fatalf("write %d: err = %v, want DB_FULL", n, err)
		}
		if p, j := counts(t, db); p != 0 || j != 2 {
			t.Errorf("write %d: %d partners, %d journal entries after a failed 'partner add'", n, p, j)
		}
	}
}
