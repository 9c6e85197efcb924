package fcexport

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

// fuzzSeeds are the seeds shared by the France Compétences fuzz targets:
// the real samples of testdata/fc, cut and damaged.
func fuzzSeeds(f *testing.F) {
	xml := readFixture(f, "export_fiches_rncp_rs_v4_1_sample.xml")
	f.Add(xml)
	f.Add(xml[:len(xml)/3])
	f.Add([]byte(`<?xml version="1.0" encoding="UTF-8"?><FICHES><FICHE><NUMERO_FICHE>RNCP36141</NUMERO_FICHE><INTITULE>` + "\x00" + `</INTITULE></FICHE></FICHES>`))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><FICHES><FICHE>&b;</FICHE></FICHES>`))
	f.Add([]byte("<FICHES>" + string(make([]byte, 0)) + "<a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a>"))
	f.Add(readFixture(f, "export-fiches-csv-2024-02-22-sample.zip"))
	f.Add(zipOf(f, "export.xml", string(xml[:2000])))
	f.Add([]byte("Numero_Fiche;Intitule;Siret\nRNCP36141;Chargé;73282932000074\n"))
}

// FuzzReadXML: no XML makes the France Compétences reader panic or hang
// (go test -fuzz=FuzzReadXML ./internal/fcexport).
func FuzzReadXML(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := ReadXML(ctx, bytesReader(data), "fuzz.xml", Selection{All: true})
		if err != nil {
			if ctx.Err() != nil {
				t.Fatalf("%d bytes took more than 10 s", len(data))
			}
			return
		}
		if res == nil {
			t.Fatal("no result and no error")
		}
	})
}

// FuzzOpen: any file (XML, CSV, zip) is recognised or refused with a domain
// error, and scanning it never panics or hangs
// (go test -fuzz=FuzzOpen ./internal/fcexport).
func FuzzOpen(f *testing.F) {
	fuzzSeeds(f)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "export-fiches-2025-11-20")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		e, err := Open(p)
		if err != nil {
			var de *domain.Error
			if domain.KindOf(err) == domain.KindInternal && !asDomain(err, &de) {
				t.Fatalf("not a domain error: %v", err)
			}
			return
		}
		defer e.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := e.Scan(ctx, Selection{All: true}); err != nil && ctx.Err() != nil {
			t.Fatalf("%d bytes took more than 10 s", len(data))
		}
	})
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

func asDomain(err error, de **domain.Error) bool { return errors.As(err, de) }
