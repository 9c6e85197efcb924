package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
)

// webFactory is a factory over a fresh database in a temporary folder with
// a certifier, RNCP36141 and one active partner habilitated on it.
func webFactory(t *testing.T) (*cmdutil.Factory, *bytes.Buffer) {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "habil.db")
	// Never the user's database: the flag, the environment and the folders
	// all point into the temporary folder, and the path is checked.
	for k, v := range map[string]string{"HABIL_DB": db, "XDG_CONFIG_HOME": filepath.Join(dir, "cfg"),
		"XDG_DATA_HOME": filepath.Join(dir, "data"), "HOME": dir, "SOURCE_DATE_EPOCH": "1773532800"} {
		t.Setenv(k, v)
	}
	ios, _, out, _ := cmdutil.Test()
	f := cmdutil.NewFactory(ios, []string{"audit", "web"})
	f.DBFlag = db
	f.Format = "json"
	if p, err := f.DBPath(); err != nil || p != db {
		t.Fatalf("database path %q (%v), want %q", p, err, db)
	}
	t.Cleanup(func() { f.Close() })
	ctx := context.Background()
	a, err := f.App(ctx)
	if err != nil {
		t.Fatal(err)
	}
	name, siret := "Académie des Métiers", domain.SIRET("73282932000074")
	if _, err := a.Init(ctx, app.CertifierUpdate{Name: &name, SIRET: &siret}); err != nil {
		t.Fatal(err)
	}
	err = a.Store.Update(ctx, func(tx domain.Tx) error {
		if _, err := tx.SaveCertification(&domain.Certification{Code: "RNCP36141", Title: "Chargé de projets", EndDate: domain.MustDate("2028-12-31")}); err != nil {
			return err
		}
		if err := tx.CreatePartner(&domain.Partner{SIRET: "81738914100018", Name: "Formapro", Status: domain.StatusActive, Role: domain.RolePartner},
			domain.MustDate("2025-01-01"), ""); err != nil {
			return err
		}
		return tx.AddHabilitation(&domain.Habilitation{PartnerSIRET: "81738914100018", Certification: "RNCP36141", Scope: domain.ScopeTrain,
			From: domain.MustDate("2025-01-01")})
	})
	if err != nil {
		t.Fatal(err)
	}
	return f, out
}

// TestWebOverHTTP runs 'audit web' over a local test server with the real
// fetcher: each kind of page gives the expected findings, in JSON, with the
// url key, and the command never fails.
func TestWebOverHTTP(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/good", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<h1>Chargé de projets — RNCP36141</h1><p>Certifié par l'Académie des Métiers</p>"))
	})
	mux.HandleFunc("/nocertifier", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<h1>Chargé de projets — RNCP36141</h1>"))
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := []byte(strings.Repeat("<p>RNCP36141</p>", 64))
		for i := 0; i < 100000; i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	for _, c := range []struct{ path, want string }{
		{"/good", ""},
		{"/nocertifier", "WEB_CERTIFIER_MISSING"},
		{"/missing", "WEB_UNREACHABLE HTTP 404"},
		{"/huge", "WEB_UNREACHABLE larger than 64 KB"},
		{"/slow", "WEB_UNREACHABLE timeout"},
		{"/loop", "WEB_UNREACHABLE more than 5 redirects"},
		{"/image", "WEB_UNREACHABLE not HTML (image/png)"},
	} {
		t.Run(c.path, func(t *testing.T) {
			f, out := webFactory(t)
			o := &WebOptions{SIRETs: []string{"81738914100018"}, URL: srv.URL + c.path, Timeout: 300 * time.Millisecond, MaxBytes: 64 << 10}
			if err := webRun(context.Background(), f, o); err != nil {
				t.Fatalf("audit web failed: %v", err)
			}
			var got []cmdutil.FindingJSON
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("json: %v", err)
			}
			var s []string
			for _, g := range got {
				s = append(s, g.Code+" "+g.Message)
				if g.URL == nil || *g.URL != srv.URL+c.path || g.SIRET == nil || *g.SIRET != "81738914100018" {
					t.Errorf("finding %+v", g)
				}
			}
			if c.want == "" && len(got) != 0 {
				t.Fatalf("findings %v", s)
			}
			if c.want != "" {
				code, frag, _ := strings.Cut(c.want, " ")
				if len(got) != 1 || got[0].Code != code || !strings.Contains(got[0].Message, frag) {
					t.Fatalf("findings %v, want %s", s, c.want)
				}
			}
		})
	}
}
