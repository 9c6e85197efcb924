package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"
)

// sortedZip is the zip writer habil gives excelize: it compresses every
// part as it is written, keeps the compressed bytes, and writes the parts
// on Close in a fixed order ([Content_Types].xml first, then by name) with
// a fixed date, so that the same workbook gives the same bytes. (excelize
// writes streamed sheets in the order of a Go map: a workbook of several
// sheets would differ from one run to the next.) Only compressed data is
// held: a sheet of 50,000 rows costs a few MB, not the tens of MB of its XML.
type sortedZip struct {
	w     io.Writer
	parts map[string]*zipPart
}

// zipPart is one part, compressed as it is written.
type zipPart struct {
	buf  bytes.Buffer
	fw   *flate.Writer
	crc  hash.Hash32
	size uint64
}

func (p *zipPart) Write(b []byte) (int, error) {
	p.crc.Write(b)
	p.size += uint64(len(b))
	return p.fw.Write(b)
}

func newSortedZip(w io.Writer) excelize.ZipWriter {
	return &sortedZip{w: w, parts: map[string]*zipPart{}}
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	p := &zipPart{crc: crc32.NewIEEE()}
	fw, err := flate.NewWriter(&p.buf, flate.DefaultCompression)
	if err != nil {
		return nil, err
	}
	p.fw = fw
	z.parts[name] = p
	return p, nil
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
		w, err := z.Create(path)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
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
		p := z.parts[n]
		if err := p.fw.Close(); err != nil {
			return err
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: zipEpoch,
			CRC32: p.crc.Sum32(), CompressedSize64: uint64(p.buf.Len()), UncompressedSize64: p.size})
		if err != nil {
			return err
		}
		if _, err := w.Write(p.buf.Bytes()); err != nil {
			return err
		}
		delete(z.parts, n)
	}
	return zw.Close()
}
