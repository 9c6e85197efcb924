// Package csvfr reads and writes CSV files the way French spreadsheet users
// produce and expect them.
//
// Reading (an importer.Source):
//
//	src, err := csvfr.Open("partenaires.csv")
//
// detects the encoding (UTF-8 with or without BOM; UTF-16 with BOM, Excel's
// "Unicode text"; else Windows-1252, decided line by line so that a file
// pasted together from two exports still reads right), the separator (';',
// ',' or TAB, sniffed on the first rows, title rows included), quotes,
// CRLF/LF/CR line ends, and numbers rows as a spreadsheet does (an empty
// line is a row; a quoted cell over several lines is one row). A
// Windows-1252 byte with no character (0x81, 0x8D, 0x8F, 0x90, 0x9D)
// becomes U+FFFD, which the importer reports as a row error naming the row
// and column. Hostile files are rejected in one line, never read whole into
// memory: an empty file, a binary file (NUL bytes), an .xlsx or .xls renamed
// .csv, a row over MaxRowBytes.
//
// Writing (French Excel dialect): Write and Writer produce UTF-8 with a BOM,
// ';' separators and CRLF line ends; text cells that a spreadsheet would
// run as a formula (starting with = + - @ TAB or CR) are prefixed with "'",
// and the reader removes that "'" (only before those characters), so that
// an export imports back unchanged.
// Numbers go through typed cells (Number, int, float64, domain.Money,
// domain.Date) so that "-12,50" stays a number.
//
// The package registers ".csv", ".txt" and ".tsv" with importer.Open.
package csvfr

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// MaxRowBytes is the largest row accepted (1 MB): a spreadsheet cell holds
// at most 32,767 characters, so a larger row is not a spreadsheet export.
const MaxRowBytes = 1 << 20

// sniffBytes is how much of the start of the file is used to choose the
// separator.
const sniffBytes = 64 << 10

func init() {
	for _, ext := range []string{".csv", ".txt", ".tsv"} {
		importer.RegisterFormat(ext, openSheet)
	}
}

func openSheet(path, sheet string) (importer.Source, error) {
	if sheet != "" {
		return nil, domain.Invalid("SHEET_NOT_APPLICABLE", "--sheet %q: %s is a CSV file, which has no sheets", sheet, filepath.Base(path))
	}
	s, err := Open(path)
	if err != nil {
		return nil, err // not a typed nil in the interface
	}
	return s, nil
}

// Encoding names what Open detected (for messages and tests).
type Encoding string

const (
	UTF8        Encoding = "UTF-8"
	UTF8BOM     Encoding = "UTF-8 with BOM"
	UTF16       Encoding = "UTF-16"
	Windows1252 Encoding = "Windows-1252"
)

// Source is a CSV file opened for import.
type Source struct {
	name     string
	file     *os.File
	cr       *csv.Reader
	budget   *budget
	enc      Encoding
	comma    rune
	lastRow  int // spreadsheet row of the last record
	lastLine int // physical line where the last record ended
}

// Open opens a CSV file for import. A missing path is KindNotFound (exit 1);
// a file that is not a text CSV is rejected (KindRejected, exit 3).
func Open(path string) (*Source, error) {
	if err := importer.CheckFile(path); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, domain.Errorf(domain.KindInternal, "FILE_UNREADABLE", "%s: %v", path, err)
	}
	s, err := newSource(filepath.Base(path), f)
	if err != nil {
		f.Close()
		return nil, err
	}
	s.file = f
	return s, nil
}

// NewSource reads CSV from r (read twice: once to check the bytes, once to
// parse them); name is used in messages.
func NewSource(name string, r io.ReadSeeker) (*Source, error) { return newSource(name, r) }

func newSource(name string, r io.ReadSeeker) (*Source, error) {
	in, err := inspect(name, r)
	if err != nil {
		return nil, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, domain.Errorf(domain.KindInternal, "FILE_UNREADABLE", "%s: %v", name, err)
	}
	var text io.Reader = r
	if in.crOnly {
		text = crToLF{r}
	}
	switch in.enc {
	case UTF8BOM:
		if _, err := io.CopyN(io.Discard, r, 3); err != nil {
			return nil, domain.Errorf(domain.KindInternal, "FILE_UNREADABLE", "%s: %v", name, err)
		}
	case UTF16:
		text = transform.NewReader(text, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case Windows1252:
		text = &lineDecoder{br: bufio.NewReaderSize(text, 64<<10)}
	}
	// Choose the separator on the first rows, then parse from the start.
	head := make([]byte, sniffBytes)
	n, err := io.ReadFull(text, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, readError(name, err)
	}
	head = head[:n]
	comma := sniff(head, n == sniffBytes)
	b := &budget{r: io.MultiReader(bytes.NewReader(head), text), max: MaxRowBytes}
	cr := csv.NewReader(b)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	return &Source{name: name, cr: cr, budget: b, enc: in.enc, comma: comma}, nil
}

// Name is the file name.
func (s *Source) Name() string { return s.name }

// Date1904 is always false: CSV dates are text or 1900-system serials.
func (s *Source) Date1904() bool { return false }

// Encoding is the detected text encoding.
func (s *Source) Encoding() Encoding { return s.enc }

// Comma is the detected separator.
func (s *Source) Comma() rune { return s.comma }

// Close closes the file opened by Open.
func (s *Source) Close() error {
	if s == nil {
		return nil
	}
	if s.file == nil {
		return nil
	}
	err := s.file.Close()
	s.file = nil
	return err
}

// Next returns the next record and the row number a spreadsheet shows for
// it (empty lines count as rows; a quoted cell over several lines does not
// add rows).
func (s *Source) Next() (int, []string, error) {
	rec, err := s.cr.Read()
	if err == io.EOF {
		return 0, nil, io.EOF
	}
	if err != nil {
		return 0, nil, s.fail(err)
	}
	line, _ := s.cr.FieldPos(0)
	row := s.lastRow + 1 + max(0, line-s.lastLine-1)
	last := len(rec) - 1
	endLine, _ := s.cr.FieldPos(last)
	s.lastLine = endLine + strings.Count(rec[last], "\n")
	s.lastRow = row
	s.budget.mark = s.budget.n
	for i, c := range rec {
		rec[i] = Unneutralise(c)
	}
	return row, rec, nil
}

// Unneutralise undoes Neutralise, so that what habil exports imports back
// unchanged: a leading "'" is removed only before = + - @ TAB or CR (the
// formula guard); any other leading apostrophe is the user's own and stays.
func Unneutralise(s string) string {
	if len(s) >= 2 && s[0] == '\'' {
		switch s[1] {
		case '=', '+', '-', '@', '\t', '\r':
			return s[1:]
		}
	}
	return s
}

func (s *Source) fail(err error) error {
	if errors.Is(err, errRowTooLarge) {
		return importer.Rejectf(s.name, "ROW_TOO_LARGE", "row %d is larger than %d MB: this is not a spreadsheet export (a cell holds at most %d characters)",
			s.lastRow+1, MaxRowBytes>>20, importer.MaxCellChars).
			WithHint("check that the file is the CSV export of a spreadsheet")
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return importer.Rejectf(s.name, "CSV_SYNTAX", "line %d: %v", pe.Line, pe.Err).
			WithHint("open the file in a spreadsheet program and save it again as CSV")
	}
	return readError(s.name, err)
}

func readError(name string, err error) error {
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, errRowTooLarge) {
		return importer.Rejectf(name, "ROW_TOO_LARGE", "a line is larger than %d MB: this is not a spreadsheet export", MaxRowBytes>>20)
	}
	return importer.Rejectf(name, "FILE_UNREADABLE", "cannot read the file: %v", err)
}

// inspection is what the first pass over the bytes found.
type inspection struct {
	enc    Encoding
	crOnly bool // old Mac line ends: CR and no LF
}

var (
	magicZip = []byte("PK\x03\x04")
	magicOLE = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	magicPDF = []byte("%PDF")
	bomUTF8  = []byte{0xEF, 0xBB, 0xBF}
)

// inspect reads the whole file once, in chunks, to reject binary files and
// to decide the encoding.
func inspect(name string, r io.Reader) (inspection, error) {
	var in inspection
	buf := make([]byte, 64<<10)
	var carry []byte                    // an incomplete UTF-8 sequence at the end of a chunk
	data := make([]byte, 0, len(buf)+4) // carry + chunk, reused: memory flat whatever the size
	valid, hasLF, hasCR, total := true, false, false, 0
	lines := 1
	for first := true; ; first = false {
		n, err := io.ReadFull(r, buf)
		chunk := buf[:n]
		if first {
			switch {
			case n == 0:
				return in, importer.Rejectf(name, "FILE_EMPTY", "the file is empty").
					WithHint("export the spreadsheet again")
			case bytes.HasPrefix(chunk, magicZip):
				return in, importer.Rejectf(name, "NOT_CSV", "the file is an Excel workbook (.xlsx), not a CSV file").
					WithHint("rename it with the .xlsx extension, or save it as CSV")
			case bytes.HasPrefix(chunk, magicOLE):
				return in, importer.Rejectf(name, "NOT_CSV", "the file is an Excel 97-2003 workbook (.xls), not a CSV file").
					WithHint("open it in your spreadsheet program and save it as .xlsx or CSV")
			case bytes.HasPrefix(chunk, magicPDF):
				return in, importer.Rejectf(name, "NOT_CSV", "the file is a PDF document, not a CSV file")
			case bytes.HasPrefix(chunk, []byte{0xFF, 0xFE}):
				in.enc = UTF16
				return in, nil
			case bytes.HasPrefix(chunk, []byte{0xFE, 0xFF}):
				return in, importer.Rejectf(name, "ENCODING", "the file is in UTF-16 big-endian, which habil does not read").
					WithHint("save it as \"CSV UTF-8\"")
			case bytes.HasPrefix(chunk, bomUTF8):
				in.enc = UTF8BOM
			}
		}
		if i := bytes.IndexByte(chunk, 0); i >= 0 {
			return in, importer.Rejectf(name, "NOT_TEXT", "the file contains NUL bytes (line %d): it is not a text CSV file", lines+bytes.Count(chunk[:i], []byte{'\n'})).
				WithHint("export the data from your spreadsheet program as CSV or .xlsx")
		}
		lines += bytes.Count(chunk, []byte{'\n'})
		hasLF = hasLF || bytes.IndexByte(chunk, '\n') >= 0
		hasCR = hasCR || bytes.IndexByte(chunk, '\r') >= 0
		total += n
		if valid {
			data = append(append(data[:0], carry...), chunk...)
			cut := len(data)
			// Keep back an incomplete sequence at the end for the next chunk.
			for i := 1; i <= 3 && i <= len(data); i++ {
				c := data[len(data)-i]
				if c < 0x80 {
					break
				}
				if c >= 0xC0 {
					if need := utf8SeqLen(c); need > i {
						cut = len(data) - i
					}
					break
				}
			}
			if !utf8.Valid(data[:cut]) {
				valid = false
			}
			carry = append(carry[:0], data[cut:]...)
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return in, readError(name, err)
		}
	}
	if len(carry) > 0 {
		valid = false
	}
	if in.enc == "" {
		in.enc = UTF8
		if !valid {
			in.enc = Windows1252
		}
	} else if !valid { // a UTF-8 BOM followed by other bytes: read line by line
		in.enc = Windows1252
	}
	in.crOnly = hasCR && !hasLF
	return in, nil
}

func utf8SeqLen(lead byte) int {
	switch {
	case lead >= 0xF0:
		return 4
	case lead >= 0xE0:
		return 3
	default:
		return 2
	}
}

// cp1252 maps every byte to its Windows-1252 character in UTF-8 (the five
// undefined bytes give U+FFFD).
var cp1252 = func() (t [256][]byte) {
	for b := 0; b < 256; b++ {
		t[b] = []byte(string(charmap.Windows1252.DecodeByte(byte(b))))
	}
	return
}()

// lineDecoder converts text line by line: a line that is valid UTF-8 is
// kept, any other line is Windows-1252.
type lineDecoder struct {
	br   *bufio.Reader
	line []byte
	out  []byte
	off  int
	err  error
	bom  bool
}

func (d *lineDecoder) Read(p []byte) (int, error) {
	for d.off >= len(d.out) {
		if d.err != nil {
			return 0, d.err
		}
		d.line = d.line[:0]
		for {
			chunk, err := d.br.ReadSlice('\n')
			d.line = append(d.line, chunk...)
			if err == bufio.ErrBufferFull {
				if len(d.line) > MaxRowBytes {
					d.err = errRowTooLarge
					break
				}
				continue
			}
			if err != nil {
				d.err = err
			}
			break
		}
		line := d.line
		if !d.bom {
			d.bom = true
			line = bytes.TrimPrefix(line, bomUTF8)
		}
		d.off = 0
		if utf8.Valid(line) {
			d.out = append(d.out[:0], line...)
			continue
		}
		d.out = d.out[:0]
		for _, c := range line {
			if c < 0x80 {
				d.out = append(d.out, c)
			} else {
				d.out = append(d.out, cp1252[c]...)
			}
		}
	}
	n := copy(p, d.out[d.off:])
	d.off += n
	return n, nil
}

// crToLF turns the CR line ends of old Mac files into LF.
type crToLF struct{ r io.Reader }

func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

var errRowTooLarge = errors.New("row too large")

// budget fails a read when more than max bytes were consumed since the last
// record (mark), so that one enormous cell cannot exhaust memory.
type budget struct {
	r       io.Reader
	n, mark int
	max     int
}

func (b *budget) Read(p []byte) (int, error) {
	if b.n-b.mark > b.max {
		return 0, errRowTooLarge
	}
	n, err := b.r.Read(p)
	b.n += n
	return n, err
}

// sniff chooses the separator: the one that splits one of the first rows
// (the header, usually) into the most non-empty cells; ';' wins ties, then
// TAB, then ','.
func sniff(head []byte, truncated bool) rune {
	best, bestScore := ';', -1
	for _, comma := range []rune{';', '\t', ','} {
		cr := csv.NewReader(bytes.NewReader(head))
		cr.Comma = comma
		cr.FieldsPerRecord = -1
		cr.LazyQuotes = true
		score := 0
		for rows := 0; rows < 10; {
			rec, err := cr.Read()
			if err != nil {
				break
			}
			if truncated && cr.InputOffset() >= int64(len(head)) {
				break // possibly cut in the middle
			}
			n := 0
			for _, c := range rec {
				if strings.TrimSpace(c) != "" {
					n++
				}
			}
			if n == 0 {
				continue
			}
			rows++
			score = max(score, n)
		}
		if score > bestScore {
			best, bestScore = comma, score
		}
	}
	return best
}

// String describes the source for debugging.
func (s *Source) String() string {
	return fmt.Sprintf("%s (%s, separator %q)", s.name, s.enc, s.comma)
}
