package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/habil-app/habil/internal/importer"
	"github.com/xuri/excelize/v2"
)

// Limits that keep memory flat whatever a workbook holds: excelize holds a
// whole row, and the whole shared-string table, in memory. A spreadsheet
// cell holds at most 32,767 characters (importer.MaxCellChars: a longer
// cell is a row error, located); these bounds are far above what a
// spreadsheet program can save and stop hostile files while streaming.
const (
	// MaxRowText bounds the text of one worksheet row (its cells' values
	// and inline strings, in bytes of XML).
	MaxRowText = 4 << 20
	// MaxSharedString bounds one entry of the shared-string table.
	MaxSharedString = 1 << 20
	// MaxSharedStrings bounds the shared-string part once unpacked.
	MaxSharedStrings = 256 << 20
	// MaxPart bounds every other part (styles, properties, images…):
	// excelize reads them whole into memory; only worksheets are streamed.
	MaxPart = 64 << 20
)

// The limits in force; tests lower them.
var (
	maxRowText       int64 = MaxRowText
	maxSharedString  int64 = MaxSharedString
	maxSharedStrings int64 = MaxSharedStrings
	maxPart          int64 = MaxPart
)

// checkPartSizes refuses a workbook one of whose parts that excelize loads
// whole would be larger than maxPart once unpacked (archive/zip never
// reads more than a part declares).
func checkPartSizes(name string, files []*zip.File) error {
	for _, f := range files {
		n := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		if strings.HasPrefix(n, "xl/worksheets/") || strings.HasSuffix(n, "sharedstrings.xml") || f.FileInfo().IsDir() {
			continue
		}
		if f.UncompressedSize64 > uint64(maxPart) {
			return importer.Rejectf(name, "XLSX_TOO_LARGE", "the part %s of the workbook is %d MB once unpacked, more than the %s habil reads: this is not a spreadsheet habil can import",
				f.Name, f.UncompressedSize64>>20, sizeText(maxPart)).
				WithHint("save the workbook again from your spreadsheet program, without large images, or export it as CSV")
		}
	}
	return nil
}

// rowTextError is a worksheet row holding more text than maxRowText.
type rowTextError struct {
	row, col int // 1-based row, 0-based column of the cell being read
}

func (e *rowTextError) Error() string {
	return fmt.Sprintf("row %d holds more than %s of text", e.row, sizeText(maxRowText))
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

func cellRef(row, col int) string {
	name, err := excelize.ColumnNumberToName(col + 1)
	if err != nil {
		return fmt.Sprintf("row %d", row)
	}
	return fmt.Sprintf("%s%d", name, row)
}

// limitReject turns a limit passed into the one-line rejection, or returns
// nil when err is no limit.
func limitReject(name string, err error) error {
	var re *rowTextError
	if errors.As(err, &re) {
		return importer.Rejectf(name, "XLSX_CELL_TOO_LARGE", "cell %s: row %d holds more than %s of text, far beyond the %d characters a spreadsheet cell holds: this is not a spreadsheet habil can import",
			cellRef(re.row, re.col), re.row, sizeText(maxRowText), importer.MaxCellChars).
			WithHint("check that the file is the spreadsheet you meant; a cell holds at most 32,767 characters")
	}
	var se *sharedStringError
	if errors.As(err, &se) {
		if se.index < 0 {
			return importer.Rejectf(name, "XLSX_CELL_TOO_LARGE", "the shared strings of the workbook are larger than %s once unpacked: this is not a spreadsheet habil can import",
				sizeText(maxSharedStrings)).WithHint("split the data into several files, or export it as CSV")
		}
		return importer.Rejectf(name, "XLSX_CELL_TOO_LARGE", "shared string %d (the text of a cell) is larger than %s, far beyond the %d characters a spreadsheet cell holds: this is not a spreadsheet habil can import",
			se.index+1, sizeText(maxSharedString), importer.MaxCellChars).
			WithHint("check that the file is the spreadsheet you meant; a cell holds at most 32,767 characters")
	}
	return nil
}

// sharedStringError is a shared string (index ≥ 0) or the whole table
// (index -1) over its limit.
type sharedStringError struct{ index int }

func (e *sharedStringError) Error() string { return "shared string too large" }

// checkSharedStrings streams the workbook's shared-string part, if any,
// and fails on an entry larger than maxSharedString or a part larger than
// maxSharedStrings, before excelize loads it whole.
func checkSharedStrings(files map[string]*zip.File) error {
	var part *zip.File
	for name, f := range files {
		if strings.HasSuffix(name, "sharedstrings.xml") {
			part = f
			break
		}
	}
	if part == nil {
		return nil
	}
	if part.UncompressedSize64 > uint64(maxSharedStrings) {
		return &sharedStringError{index: -1}
	}
	rc, err := part.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return scanSharedStrings(rc)
}

// scanSharedStrings counts the text of each <si> entry of the stream.
func scanSharedStrings(r io.Reader) error {
	buf := make([]byte, 64<<10)
	var (
		inTag   bool
		name    []byte
		naming  bool
		text    int64
		index   = -1
		readErr error
	)
	for readErr == nil {
		n, err := r.Read(buf)
		readErr = err
		b := buf[:n]
		for len(b) > 0 {
			if !inTag {
				i := bytes.IndexByte(b, '<')
				seg := b
				if i >= 0 {
					seg = b[:i]
				}
				if index >= 0 {
					text += int64(len(seg))
					if text > maxSharedString {
						return &sharedStringError{index: index}
					}
				}
				if i < 0 {
					break
				}
				b = b[i+1:]
				inTag, naming, name = true, true, name[:0]
				continue
			}
			i := bytes.IndexByte(b, '>')
			seg := b
			if i >= 0 {
				seg = b[:i]
			}
			if naming {
				for _, c := range seg {
					if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' {
						naming = false
						break
					}
					if len(name) < 32 {
						name = append(name, c)
					}
				}
			}
			if i < 0 {
				break
			}
			if string(localName(name)) == "si" {
				index++
				text = 0
			}
			b = b[i+1:]
			inTag = false
		}
	}
	if errors.Is(readErr, io.EOF) {
		return nil
	}
	return readErr
}

// unneutralise removes the formula guard of a CSV export (a leading "'"
// before = + - @ TAB or CR, see csvfr.Neutralise) that a spreadsheet
// program kept as text when the CSV was saved again as .xlsx; any other
// leading apostrophe is the user's own and stays.
func unneutralise(s string) string {
	if len(s) >= 2 && s[0] == '\'' {
		switch s[1] {
		case '=', '+', '-', '@', '\t', '\r':
			return s[1:]
		}
	}
	return s
}
