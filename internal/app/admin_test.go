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
)

func TestInitAndCertifier(t *testing.T) {
	ctx := context.Background()
	a := paApp(t)
	_, err := a.Certifier(ctx)
	paCode(t, err, "NOT_INITIALISED")
	name := "Académie"
	_, err = a.Init(ctx, app.CertifierUpdate{Name: &name})
	if !errors.Is(err, app.ErrInitIdentity) {
		t.Fatalf("a new database without a SIRET: %v", err)
	}
	siret := domain.SIRET("73282932000074")
	res, err := a.Init(ctx, app.CertifierUpdate{Name: &name, SIRET: &siret})
	paMust(t, err)
	if !res.Created || res.Certifier.Name != name {
		t.Errorf("init %+v", res)
	}
	res, err = a.Init(ctx, app.CertifierUpdate{Name: &name})
	paMust(t, err)
	if res.Created || res.Changed {
		t.Errorf("same values: %+v", res)
	}
	sig := "Marie Dupont"
	res, err = a.Init(ctx, app.CertifierUpdate{Signatory: &sig})
	paMust(t, err)
	if !res.Changed || res.Certifier.Signatory != sig || res.Certifier.SIRET != siret {
		t.Errorf("update %+v", res)
	}
	empty := ""
	_, err = a.Init(ctx, app.CertifierUpdate{Name: &empty})
	if domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("empty name accepted: %v", err)
	}
	c, err := a.Certifier(ctx)
	paMust(t, err)
	if c.Name != name || c.Signatory != sig {
		t.Errorf("certifier %+v", c)
	}
	if !(app.CertifierUpdate{}).Empty() || (app.CertifierUpdate{Name: &name}).Empty() {
		t.Error("CertifierUpdate.Empty")
	}
}

func TestDoctorBackupHistory(t *testing.T) {
	ctx := context.Background()
	a := paSmallRegister(t)
	h, err := a.Doctor(ctx)
	paMust(t, err)
	if len(h.Problems()) != 0 {
		t.Errorf("problems on a new database: %v", h.Problems())
	}
	// Default name: next to the database, stamped with the clock.
	path, err := a.Backup(ctx, "")
	paMust(t, err)
	if filepath.Dir(path) != filepath.Dir(a.Store.Path()) || filepath.Base(path) != "habil-backup-"+paNow.Local().Format("20060102-150405")+".db" {
		t.Errorf("backup written to %s", path)
	}
	st, err := os.Stat(path)
	paMust(t, err)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v", st.Mode())
	}
	// Never over an existing file.
	if _, err := a.Backup(ctx, path); err == nil {
		t.Error("a backup overwrote an existing file")
	}
	l, err := a.History(ctx, domain.JournalFilter{Entity: "partner", ID: string(paSIRET)})
	paMust(t, err)
	if len(l) == 0 || l[0].Action != "create" || !strings.Contains(string(l[0].After), "Œuvre") {
		t.Errorf("history %+v", l)
	}
	l, err = a.History(ctx, domain.JournalFilter{Limit: 2})
	paMust(t, err)
	if len(l) != 2 {
		t.Errorf("limit 2: %d entries", len(l))
	}
}
