package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"
)

// sortedZip is the zip writer habil gives excelize: it keeps every part in
// memory and writes them on Close in a fixed order ([Content_Types].xml
// first, then by name), with a fixed date, so that the same workbook gives
// the same bytes. (excelize writes streamed sheets in the order of a Go map:
// a workbook of several sheets would differ from one run to the next.)
type sortedZip struct {
	w     io.Writer
	parts map[string]*bytes.Buffer
}

func newSortedZip(w io.Writer) excelize.ZipWriter {
	return &sortedZip{w: w, parts: map[string]*bytes.Buffer{}}
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	b := &bytes.Buffer{}
	z.parts[name] = b
	return b, nil
}

func (z *sortedZip) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		z.parts[path] = bytes.NewBuffer(b)
		return nil
	})
}

// zipEpoch is the date written on every part (the workbook's own dates are
// in its document properties).
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

func (z *sortedZip) Close() error {
	names := make([]string, 0, len(z.parts))
	for n := range z.parts {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := names[i] == "[Content_Types].xml", names[j] == "[Content_Types].xml"
		if a != b {
			return a
		}
		return names[i] < names[j]
	})
	zw := zip.NewWriter(z.w)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: zipEpoch})
		if err != nil {
			return err
		}
		if _, err := w.Write(z.parts[n].Bytes()); err != nil {
			return err
		}
	}
	z.parts = nil
	return zw.Close()
}
