package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
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
// excelize writes each part whole before it creates the next one, so one
// compressor (about 1 MB of state) serves every part in turn; a write to a
// part already finished is an error, never a silently wrong file.
type sortedZip struct {
	w     io.Writer
	parts map[string]*zipPart
	fw    *flate.Writer // the compressor, reset for each part
	cur   *zipPart      // the part being written
}

// zipPart is one part, compressed as it is written.
type zipPart struct {
	name string
	buf  bytes.Buffer
	fw   *flate.Writer // nil once finished
	crc  hash.Hash32
	size uint64
}

func (p *zipPart) Write(b []byte) (int, error) {
	if p.fw == nil {
		return 0, fmt.Errorf("xlsx: part %s written after the next one was started", p.name)
	}
	p.crc.Write(b)
	p.size += uint64(len(b))
	return p.fw.Write(b)
}

func newSortedZip(w io.Writer) excelize.ZipWriter {
	return &sortedZip{w: w, parts: map[string]*zipPart{}}
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	p := &zipPart{name: name, crc: crc32.NewIEEE()}
	if z.fw == nil {
		fw, err := flate.NewWriter(&p.buf, flate.DefaultCompression)
		if err != nil {
			return nil, err
		}
		z.fw = fw
	} else {
		z.fw.Reset(&p.buf)
	}
	p.fw = z.fw
	z.parts[name] = p
	z.cur = p
	return p, nil
}

// finish ends the compressed stream of the part being written.
func (z *sortedZip) finish() error {
	if z.cur == nil {
		return nil
	}
	p := z.cur
	z.cur = nil
	err := p.fw.Close()
	p.fw = nil
	return err
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
	if err := z.finish(); err != nil {
		return err
	}
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
