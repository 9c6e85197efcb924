package fcexport

import (
	"archive/zip"
	"bytes"
	"flag"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the derived fixtures of testdata/fc")

// fcData is testdata/fc, shared with the testscript scenarios.
var fcData = filepath.Join("..", "..", "testdata", "fc")

func fixture(t testing.TB, name string) string {
	t.Helper()
	return filepath.Join(fcData, name)
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(fixture(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// zipOf builds a zip holding the given entries (name, content pairs).
func zipOf(t testing.TB, entries ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i+1 < len(entries); i += 2 {
		h := &zip.FileHeader{Name: entries[i], Method: zip.Deflate, Modified: time.Date(2025, 11, 20, 4, 0, 0, 0, time.UTC)}
		f, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(f, entries[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func unzipAll(t testing.TB, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(data)
	}
	return out
}

// derived are the fixtures built from the France Compétences samples. The
// committed files must hold what the builder makes (checked on content, not
// on compressed bytes); go test ./internal/fcexport -run TestFixtures -update
// rewrites them.
func derived(t testing.TB) map[string][]byte {
	sample := readFixture(t, "export_fiches_rncp_rs_v4_1_sample.xml")
	csvZip := readFixture(t, "export-fiches-csv-2024-02-22-sample.zip")
	random := make([]byte, 4096)
	rand.New(rand.NewSource(42)).Read(random)
	return map[string][]byte{
		"export-fiches-rncp-v4-1-2025-11-20.zip":         zipOf(t, "export_fiches_RNCP_V4_1_2025-11-20.xml", string(sample)),
		"bad/truncated-export-fiches-csv-2024-02-22.zip": csvZip[:len(csvZip)*6/10],
		"bad/truncated-export_fiches_RNCP_V4_1.xml":      sample[:len(sample)/2],
		"bad/no-export.zip":                              zipOf(t, "LISEZMOI.txt", "Ceci n'est pas un export France Compétences.\n", "photos/logo.png", "\x89PNG\r\n"),
		"bad/random.bin":                                 random,
		// The sample with one 5 MB text node: over MaxTextNode (exit 3).
		"bad/huge-text-export-fiches-rncp-v4-1-2025-11-20.zip": zipOf(t, "export_fiches_RNCP_V4_1_2025-11-20.xml",
			strings.Replace(string(sample), "<INTITULE>", "<INTITULE>"+strings.Repeat("Responsable ", 5<<20/12), 1)),
	}
}

func TestFixtures(t *testing.T) {
	for name, want := range derived(t) {
		p := fixture(t, name)
		if *update {
			if err := os.WriteFile(p, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%s: %v (run go test ./internal/fcexport -run TestFixtures -update)", name, err)
		}
		if filepath.Ext(name) == ".zip" && name != "bad/truncated-export-fiches-csv-2024-02-22.zip" {
			g, w := unzipAll(t, got), unzipAll(t, want)
			if len(g) != len(w) {
				t.Errorf("%s holds %d entries, want %d", name, len(g), len(w))
			}
			for k, v := range w {
				if g[k] != v {
					t.Errorf("%s: entry %s differs from what the builder makes", name, k)
				}
			}
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what the builder makes (run with -update)", name)
		}
	}
}
