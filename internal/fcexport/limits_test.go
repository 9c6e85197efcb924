package fcexport

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// repeatReader yields n bytes repeating b, never holding more than b.
type repeatReader struct {
	b   []byte
	n   int64
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && r.n > 0 {
		c := copy(p[k:], r.b[r.off:])
		if int64(c) > r.n {
			c = int(r.n)
		}
		k += c
		r.n -= int64(c)
		r.off = (r.off + c) % len(r.b)
	}
	return k, nil
}

// writeZip writes a zip whose entries are streamed from readers (never
// held in memory).
func writeZip(t *testing.T, path string, entries []string, readers []io.Reader) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for i, name := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, readers[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// scanAlloc opens and scans path and returns the error and the bytes
// allocated meanwhile (an upper bound of the memory the scan needed).
func scanAlloc(t *testing.T, path string) (error, uint64) {
	t.Helper()
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	e, err := Open(path)
	if err == nil {
		_, err = e.Scan(context.Background(), Selection{All: true})
		e.Close()
	}
	runtime.ReadMemStats(&m1)
	return err, m1.TotalAlloc - m0.TotalAlloc
}

func wantTooLarge(t *testing.T, err error, parts ...string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindRejected || de.Code != "FC_TOO_LARGE" {
		t.Fatalf("err = %v, want an FC_TOO_LARGE rejection (exit 3)", err)
	}
	for _, p := range parts {
		if !strings.Contains(de.Msg, p) {
			t.Errorf("message %q lacks %q", de.Msg, p)
		}
	}
}

// A 3 MB zip holding one 2 GB text node is rejected after reading a few
// MB, naming the limit and the element, with memory flat (issue 10: it
// took 4.2 GB).
func TestHugeTextNodeInZip(t *testing.T) {
	if testing.Short() {
		t.Skip("compresses 2 GB")
	}
	path := filepath.Join(t.TempDir(), "export-fiches-rncp-v4-1-2025-11-20.zip")
	head := "<?xml version='1.0' encoding='UTF-8'?>\n<FICHES>\n<VERSION_FLUX>4.1</VERSION_FLUX>\n<FICHE>\n<NUMERO_FICHE>RNCP1</NUMERO_FICHE>\n<ACTIVITES_VISEES>"
	tail := "</ACTIVITES_VISEES>\n</FICHE>\n</FICHES>\n"
	writeZip(t, path, []string{"export_fiches_RNCP_V4_1_2025-11-20.xml"}, []io.Reader{io.MultiReader(
		strings.NewReader(head), &repeatReader{b: bytes.Repeat([]byte("Concevoir des actions "), 200), n: 2 << 30}, strings.NewReader(tail))})
	if st, _ := os.Stat(path); st.Size() > 8<<20 {
		t.Fatalf("the zip is %d bytes", st.Size())
	}
	err, alloc := scanAlloc(t, path)
	wantTooLarge(t, err, "export_fiches_RNCP_V4_1_2025-11-20.xml:6:", "the text of <ACTIVITES_VISEES> is larger than 4 MB", "nothing was imported")
	t.Logf("allocated %.1f MB", float64(alloc)/(1<<20))
	if alloc > 100<<20 {
		t.Errorf("the scan allocated %d MB: memory is not bounded", alloc>>20)
	}
}

// A text cut into pieces by comments or CDATA is one text for the
// decoder: the pieces count together.
func TestTextSplitByCommentsCounts(t *testing.T) {
	defer func(v int64) { maxTextNode = v }(maxTextNode)
	maxTextNode = 64 << 10
	piece := strings.Repeat("x", 30<<10)
	for name, body := range map[string]string{
		"comments": piece + "<!-- a -->" + piece + "<!-- b -->" + piece,
		"cdata":    piece + "<![CDATA[" + piece + "<a>" + piece + "]]>",
		"comment":  "<!--" + piece + "<b>" + piece + piece + "-->",
	} {
		doc := "<FICHES><FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE><INTITULE>" + body + "</INTITULE></FICHE></FICHES>"
		_, err := ReadXML(context.Background(), strings.NewReader(doc), "x.xml", Selection{All: true})
		wantTooLarge(t, err, "x.xml:1:", "larger than 64 KB")
		if name != "comment" && err != nil && !strings.Contains(err.Error(), "<INTITULE>") {
			t.Errorf("%s: %v does not name the element", name, err)
		}
	}
	// Texts under the limit, and a '>' in text or in an attribute, read.
	doc := "<FICHES><FICHE><NUMERO_FICHE a='x>y'>RNCP1</NUMERO_FICHE><INTITULE>a &gt; b > c" + piece + "</INTITULE><ACTIF>Oui</ACTIF></FICHE></FICHES>"
	r, err := ReadXML(context.Background(), strings.NewReader(doc), "x.xml", Selection{All: true})
	if err != nil || len(r.Fiches) != 1 || !strings.HasPrefix(r.Fiches[0].Cert.Title, "a > b > c") {
		t.Fatalf("a legitimate fiche: %v %+v", err, r)
	}
}

// One FICHE is bounded as a whole: many small children cannot make the
// decoder accumulate without end.
func TestFicheBounded(t *testing.T) {
	defer func(v int64) { maxFicheBytes = v }(maxFicheBytes)
	maxFicheBytes = 1 << 20
	var b strings.Builder
	b.WriteString("<FICHES>\n<FICHE>\n<NUMERO_FICHE>RNCP1</NUMERO_FICHE>\n")
	for range 80000 {
		b.WriteString("<INTITULE>abc<x/>def</INTITULE>\n")
	}
	b.WriteString("</FICHE></FICHES>")
	_, err := ReadXML(context.Background(), strings.NewReader(b.String()), "x.xml", Selection{All: true})
	wantTooLarge(t, err, "a <FICHE> is larger than 1 MB")
}

// A CSV export zip with one 200 MB cell is rejected naming the file, the
// line and the limit, with memory flat (issue 10: it took 965 MB).
func TestHugeCSVCell(t *testing.T) {
	src, err := zip.OpenReader(fixture(t, "export-fiches-csv-2024-02-22-sample.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var names []string
	var readers []io.Reader
	standard := ""
	for _, f := range src.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		names = append(names, f.Name)
		if csvKind(filepath.Base(f.Name)) == partStandard {
			standard = filepath.Base(f.Name)
			lines := strings.SplitAfter(string(b), "\n")
			// Line 3 gets a 200 MB quoted cell before its first field.
			huge := io.MultiReader(strings.NewReader(strings.Join(lines[:2], "")+`"`),
				&repeatReader{b: []byte("Activités visées ; "), n: 200 << 20}, strings.NewReader(`"`+strings.Join(lines[2:], "")))
			readers = append(readers, huge)
			continue
		}
		readers = append(readers, bytes.NewReader(b))
	}
	path := filepath.Join(t.TempDir(), "export-fiches-csv-2024-02-22.zip")
	writeZip(t, path, names, readers)
	err, alloc := scanAlloc(t, path)
	wantTooLarge(t, err, standard+":3:", "a row is larger than 4 MB")
	t.Logf("allocated %.1f MB", float64(alloc)/(1<<20))
	if alloc > 100<<20 {
		t.Errorf("the scan allocated %d MB: memory is not bounded", alloc>>20)
	}
}

// A zip entry declaring more than the limit once unpacked is refused
// before anything is read.
func TestZipMemberBounded(t *testing.T) {
	defer func(v int64) { maxZipMember = v }(maxZipMember)
	maxZipMember = 10 << 10
	_, err := Open(fixture(t, "export-fiches-rncp-v4-1-2025-11-20.zip"))
	wantTooLarge(t, err, "once unpacked")
}
