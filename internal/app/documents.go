package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/report"
)

// Renderer prints documents in one file format. The CLI passes the PDF
// renderer (internal/pdf); tests may pass a fake. Render must be safe to
// call from several goroutines at once, each with its own document.
type Renderer interface {
	// Render writes doc to w.
	Render(w io.Writer, doc *report.Document) error
	// Check lists what the format cannot print in doc (a character missing
	// from the embedded font…), as warnings; nil when all is printable.
	Check(doc *report.Document) []string
}

// DatedRenderer is a Renderer that can date its documents (the creation
// and modification dates a PDF carries). A signed convention is printed
// dated the day of its signature, so that reprinting it gives the same
// bytes whatever the day; a Renderer that cannot be dated writes its own.
type DatedRenderer interface {
	Renderer
	// Dated returns the same renderer, writing t as the document's date.
	Dated(t time.Time) Renderer
}

// dated is r dated d when r can be and d is set, else r.
func dated(r Renderer, d domain.Date) Renderer {
	if dr, ok := r.(DatedRenderer); ok && !d.IsZero() {
		return dr.Dated(d.Time())
	}
	return r
}

// File modes of written documents: personal data (a candidate's
// certificate, the minutes of a jury) is readable by its owner only.
const (
	ModePublic   os.FileMode = 0o644
	ModePersonal os.FileMode = 0o600
)

// NamedDocument is a document and the file name it is written to.
type NamedDocument struct {
	Name string // file name inside the folder (e.g. CONV-2025-0007.pdf)
	Doc  *report.Document
	// Date is the date the renderer writes in the file (a DatedRenderer);
	// zero: the renderer's own.
	Date domain.Date
}

// Rendered tells what RenderAll or RenderFile wrote.
type Rendered struct {
	Files int   // files written
	Bytes int64 // their total size
	// Sums are the SHA-256 (hex) of the files written, by path for
	// RenderFile, by document name for RenderAll.
	Sums map[string]string
}

// RenderFile renders doc into path, atomically: on any error the file is
// left as it was. The folder must exist.
func RenderFile(path string, mode os.FileMode, r Renderer, doc *report.Document) (Rendered, error) {
	sum, size, err := writeSummed(path, mode, func(w io.Writer) error { return r.Render(w, doc) })
	if err != nil {
		return Rendered{}, err
	}
	return Rendered{Files: 1, Bytes: size, Sums: map[string]string{path: sum}}, nil
}

// writeSummed writes path atomically through write (on any error the file
// is left as it was) and returns the SHA-256 (hex) and size of what it
// wrote.
func writeSummed(path string, mode os.FileMode, write func(io.Writer) error) (string, int64, error) {
	var n countWriter
	h := sha256.New()
	err := atomicfile.Write(path, mode, func(w io.Writer) error {
		n.w = io.MultiWriter(w, h)
		return write(&n)
	})
	if err != nil {
		return "", 0, outErr(path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n.n, nil
}

// PrepareDir makes sure dir is a folder, creating it when its parent
// exists (habil never invents a whole path the user did not ask for).
func PrepareDir(dir string) error {
	st, err := os.Stat(dir)
	if err == nil {
		if !st.IsDir() {
			return domain.Invalid("OUT_NOT_FOLDER", "%s is a file: with --all, --out is a folder", dir)
		}
		return nil
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return domain.Errorf(domain.KindNotFound, "OUT_FOLDER", "cannot create %s: the folder %s does not exist", dir, filepath.Dir(filepath.Clean(dir))).
				WithHint("create it first, or choose another --out; nothing was written")
		}
		return domain.Errorf(domain.KindInternal, "OUT_FOLDER", "cannot create %s: %v", dir, atomicfile.Reason(err)).
			WithHint("check that the parent folder is writable, or choose another --out")
	}
	return nil
}

// RenderAll renders every document into the folder dir (which must exist:
// see PrepareDir), each file written atomically with the given mode. The
// documents are rendered on every CPU while finished files are written and
// synced on more goroutines (a sync waits on the disk, not the CPU). It
// stops at the first error or when ctx is cancelled, and returns that error
// (ctx.Err() on cancellation); the files already written stay, whole.
func RenderAll(ctx context.Context, dir string, mode os.FileMode, r Renderer, docs ...NamedDocument) (Rendered, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu    sync.Mutex
		first error
		done  = Rendered{Sums: map[string]string{}}
	)
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
		cancel()
	}
	type out struct {
		name, path string
		b          []byte
	}
	jobs := make(chan NamedDocument)
	files := make(chan out, 4)
	var renderers, writers sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(docs)) {
		renderers.Add(1)
		go func() {
			defer renderers.Done()
			for d := range jobs {
				var buf bytes.Buffer
				if err := dated(r, d.Date).Render(&buf, d.Doc); err != nil {
					fail(err)
					continue
				}
				select {
				case files <- out{d.Name, filepath.Join(dir, d.Name), buf.Bytes()}:
				case <-ctx.Done():
				}
			}
		}()
	}
	for range min(8, len(docs)) {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for f := range files {
				if ctx.Err() != nil {
					continue
				}
				if err := atomicfile.WriteBytes(f.path, mode, f.b); err != nil {
					fail(outErr(f.path, err))
					continue
				}
				sum := sha256.Sum256(f.b)
				mu.Lock()
				done.Files++
				done.Bytes += int64(len(f.b))
				done.Sums[f.name] = hex.EncodeToString(sum[:])
				mu.Unlock()
			}
		}()
	}
feed:
	for _, d := range docs {
		select {
		case jobs <- d:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	renderers.Wait()
	close(files)
	writers.Wait()
	if first == nil && ctx.Err() != nil {
		// Only the caller's context can be done here: fail was never called.
		first = ctx.Err()
	}
	return done, first
}

// outErr turns an atomicfile error into a clear one-line error.
func outErr(path string, err error) error {
	if errors.Is(err, atomicfile.ErrFolder) {
		return domain.Errorf(domain.KindNotFound, "OUT_FOLDER", "cannot write %s: the folder %s does not exist", path, filepath.Dir(path)).
			WithHint("create it first, or choose another --out; nothing was written")
	}
	var pe *atomicfile.ProtectedError
	if errors.As(err, &pe) {
		return domain.Conflict("OUT_IS_DATABASE", "--out names the database itself (%s): choose another file", pe.Protected).
			WithHint("the database is given by --db, HABIL_DB or the config key db; write the output elsewhere")
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	return domain.Errorf(domain.KindInternal, "OUT_WRITE", "%v", err).
		WithHint("check that the folder is writable and has free space, or choose another --out")
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
