// Package xlsx is habil's adapter to Excel workbooks (excelize), both ways.
//
// Reading: Open returns an importer.Source over one worksheet. Rows are
// streamed (excelize's Rows iterator with RawCellValue, so numbers and date
// serials come unformatted: "45366", "73282932000074"); the memory used does
// not grow with the number of rows. Vertically merged cells are expanded
// (each row of a merged range reads the range's value in its first column,
// so merged header cells and "fill-down" layouts read as they look); a
// formula cell whose result was
// not saved in the file is reported as a row error; the 1904 date system is
// taken from the workbook properties. Hostile files (not a zip, truncated,
// zip bombs beyond the unzip limits, an old .xls, a password-protected
// workbook) are rejected in one line (KindRejected, exit 3); nothing in here
// lets a panic through.
//
// Writing: Workbook builds a workbook sheet by sheet with excelize's
// StreamWriter: bold frozen header row, column widths, typed cells (text,
// integers, numbers, domain.Date as dd/mm/yyyy, domain.Money as
// #,##0.00 "€"). WriteTable writes one table in one call. The document
// properties carry Creator "habil" and the creation time given by the
// caller, so the same input and the same time give a byte-identical file.
// WriteTemplate writes the blank import workbook of an importer.Schema.
//
// The package registers ".xlsx" and ".xlsm" with importer.Open.
package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
	"github.com/xuri/excelize/v2"
)

// Limits applied to untrusted workbooks.
const (
	// UnzipSizeLimit bounds the total unpacked size of a workbook.
	UnzipSizeLimit = 1 << 30
	// UnzipXMLSizeLimit is the size above which a worksheet is unpacked to a
	// temporary file instead of memory.
	UnzipXMLSizeLimit = 8 << 20
)

// unzipLimit is UnzipSizeLimit; tests lower it.
var unzipLimit int64 = UnzipSizeLimit

func init() {
	open := func(path, sheet string) (importer.Source, error) {
		s, err := Open(path, sheet)
		if err != nil {
			return nil, err // not a typed nil in the interface
		}
		return s, nil
	}
	importer.RegisterFormat(".xlsx", open)
	importer.RegisterFormat(".xlsm", open)
}

// Source is one worksheet opened for import.
type Source struct {
	name     string
	sheet    string
	f        *excelize.File
	rows     *excelize.Rows
	date1904 bool
	row      int
	scan     *sheetScan
	merges   []cellRange // sorted by top row
	nextM    int         // first merge not yet active
	active   []activeMerge
}

type activeMerge struct {
	cellRange
	val string
}

var (
	magicZip = []byte("PK\x03\x04")
	magicOLE = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Open opens the sheet of the workbook at path for import: the sheet named
// sheet (compared without case, then with domain.Fold), or the first
// visible worksheet when sheet is "". A missing path is KindNotFound
// (exit 1), an unknown sheet KindNotFound with the list of sheets in the
// hint, a file that is not a readable .xlsx workbook KindRejected (exit 3).
func Open(path, sheet string) (src *Source, err error) {
	name := filepath.Base(path)
	defer func() {
		if p := recover(); p != nil {
			if src != nil {
				src.Close()
			}
			src, err = nil, damaged(name, fmt.Errorf("%v", p))
		}
	}()
	if err := importer.CheckFile(path); err != nil {
		return nil, err
	}
	if err := sniff(name, path); err != nil {
		return nil, err
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, damaged(name, err)
	}
	defer zr.Close()
	var unpacked uint64
	for _, e := range zr.File {
		unpacked += e.UncompressedSize64
	}
	if unpacked > uint64(unzipLimit) {
		return nil, tooLarge(name)
	}
	if err := checkPartSizes(name, zr.File); err != nil {
		return nil, err
	}
	files := zipIndex(&zr.Reader)
	sheets, err := listSheets(files)
	if err != nil {
		return nil, damaged(name, err)
	}
	info, err := pickSheet(name, sheets, sheet)
	if err != nil {
		return nil, err
	}
	part, ok := files[strings.ToLower(info.Part)]
	if !ok {
		return nil, damaged(name, fmt.Errorf("the part of sheet %q is missing", info.Name))
	}
	rc, err := part.Open()
	if err != nil {
		return nil, damaged(name, err)
	}
	sc, err := scanSheet(io.LimitReader(rc, unzipLimit))
	rc.Close()
	if err == nil {
		err = checkSharedStrings(files)
	}
	if err != nil {
		if e := limitReject(name, err); e != nil {
			return nil, e
		}
		return nil, damaged(name, err)
	}

	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: min(UnzipXMLSizeLimit, unzipLimit)})
	if err != nil {
		if f != nil {
			f.Close()
		}
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || errors.Is(err, excelize.ErrWorkbookPassword) {
			return nil, protected(name)
		}
		return nil, damaged(name, err)
	}
	s := &Source{name: name, sheet: info.Name, f: f, scan: sc, merges: sc.merges}
	sort.SliceStable(s.merges, func(i, j int) bool { return s.merges[i].top < s.merges[j].top })
	props, err := f.GetWorkbookProps()
	if err != nil {
		s.Close()
		return nil, damaged(name, err)
	}
	s.date1904 = props.Date1904 != nil && *props.Date1904
	if s.rows, err = f.Rows(info.Name); err != nil {
		s.Close()
		return nil, damaged(name, err)
	}
	return s, nil
}

// sniff recognises what is not a zip archive by its first bytes.
func sniff(name, path string) error {
	fh, err := os.Open(path)
	if err != nil {
		return domain.Errorf(domain.KindInternal, "FILE_UNREADABLE", "%s: %v", path, err)
	}
	defer fh.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(fh, head)
	head = head[:n]
	switch {
	case n == 0:
		return importer.Rejectf(name, "FILE_EMPTY", "the file is empty").WithHint("save the workbook again from your spreadsheet program")
	case bytes.HasPrefix(head, magicZip):
		return nil
	case bytes.HasPrefix(head, magicOLE):
		return protected(name)
	case looksLikeText(head):
		return importer.Rejectf(name, "NOT_XLSX", "the file is not an Excel workbook: it looks like a text file").
			WithHint("if it is a CSV file, give it the .csv extension; otherwise save it as .xlsx")
	}
	return importer.Rejectf(name, "NOT_XLSX", "the file is not an Excel workbook (.xlsx)").
		WithHint("open it in your spreadsheet program and save it as .xlsx (Excel workbook) or CSV")
}

func looksLikeText(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	ctl := 0
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			ctl++
		}
	}
	return ctl == 0
}

func tooLarge(name string) error {
	return importer.Rejectf(name, "XLSX_TOO_LARGE", "the file is larger than %d MB once unpacked, too large for a spreadsheet habil can import", unzipLimit>>20).
		WithHint("split the data into several files, or export it as CSV")
}

func protected(name string) error {
	return importer.Rejectf(name, "XLSX_OLD_OR_PROTECTED", "the file is an Excel 97-2003 workbook (.xls) or a password-protected workbook, which habil cannot read").
		WithHint("open it in your spreadsheet program, remove the password if any, and save it as .xlsx (Excel workbook) or CSV")
}

func damaged(name string, err error) error {
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	msg := strings.Join(strings.Fields(err.Error()), " ")
	if errors.Is(err, excelize.ErrOptionsUnzipSizeLimit) || strings.Contains(msg, "unzip size") {
		return tooLarge(name)
	}
	return importer.Rejectf(name, "XLSX_DAMAGED", "the file is not a readable .xlsx workbook: it is damaged or truncated (%s)", msg).
		WithHint("open it in your spreadsheet program and save it again as .xlsx, or export it as CSV")
}

// pickSheet chooses the sheet to read.
func pickSheet(file string, sheets []sheetInfo, want string) (sheetInfo, error) {
	var names []string
	for _, s := range sheets {
		if !s.Chart {
			names = append(names, s.Name)
		}
	}
	if len(names) == 0 {
		return sheetInfo{}, importer.Rejectf(file, "NO_SHEET", "the workbook has no worksheet")
	}
	if want == "" {
		for _, s := range sheets {
			if !s.Chart && !s.Hidden {
				return s, nil
			}
		}
		for _, s := range sheets {
			if !s.Chart {
				return s, nil
			}
		}
	}
	match := func(eq func(a, b string) bool) (sheetInfo, bool) {
		for _, s := range sheets {
			if eq(s.Name, want) {
				return s, true
			}
		}
		return sheetInfo{}, false
	}
	for _, eq := range []func(a, b string) bool{
		func(a, b string) bool { return a == b },
		strings.EqualFold,
		func(a, b string) bool { return domain.Fold(a) == domain.Fold(b) },
	} {
		if s, ok := match(eq); ok {
			if s.Chart {
				return sheetInfo{}, importer.Rejectf(file, "CHART_SHEET", "sheet %q is a chart, not a table", s.Name)
			}
			return s, nil
		}
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return sheetInfo{}, domain.Errorf(domain.KindNotFound, "SHEET_NOT_FOUND", "%s has no sheet %q", file, want).
		WithHint("its sheets are %s; choose one with --sheet", strings.Join(quoted, ", "))
}

// Name is the file name.
func (s *Source) Name() string { return s.name }

// Sheet is the name of the sheet being read.
func (s *Source) Sheet() string { return s.sheet }

// Date1904 reports whether the workbook uses the 1904 date system.
func (s *Source) Date1904() bool { return s.date1904 }

// Close releases the workbook and its temporary files.
func (s *Source) Close() error {
	if s == nil {
		return nil
	}
	var err error
	if s.rows != nil {
		err = s.rows.Close()
		s.rows = nil
	}
	if s.f != nil {
		if e := s.f.Close(); err == nil {
			err = e
		}
		s.f = nil
	}
	return err
}

var rawOpts = excelize.Options{RawCellValue: true}

// Next returns the next row (empty rows included, with no cells).
func (s *Source) Next() (row int, cells []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			row, cells, err = 0, nil, damaged(s.name, fmt.Errorf("%v", p))
		}
	}()
	if s.rows == nil {
		return 0, nil, io.EOF
	}
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return 0, nil, damaged(s.name, err)
		}
		return 0, nil, io.EOF
	}
	s.row++
	cells, err = s.rows.Columns(rawOpts)
	if err != nil {
		return 0, nil, damaged(s.name, err)
	}
	cells = s.expandMerges(cells)
	for i, c := range cells {
		cells[i] = unneutralise(c)
	}
	if cols := s.scan.noValue[s.row]; len(cols) > 0 {
		bad := make(importer.CellErrors, 0, len(cols))
		for _, c := range cols {
			bad = append(bad, importer.CellError{Col: c, Code: "FORMULA_NO_VALUE",
				Msg: "the cell holds a formula whose result was not saved in the file; open the file in Excel or LibreOffice and save it again"})
		}
		return s.row, cells, bad
	}
	return s.row, cells, nil
}

// expandMerges gives every row of a merged range the range's value in the
// range's first column: a partner's name merged over its certification
// rows, or a header cell merged over two header rows, read as they look.
// The other columns of a range stay empty, so that a header merged across
// two columns does not become two columns with the same header.
func (s *Source) expandMerges(cells []string) []string {
	// Retire finished ranges, activate those starting on this row.
	k := 0
	for _, a := range s.active {
		if a.bottom >= s.row {
			s.active[k] = a
			k++
		}
	}
	s.active = s.active[:k]
	for s.nextM < len(s.merges) && s.merges[s.nextM].top <= s.row {
		m := s.merges[s.nextM]
		s.nextM++
		if m.bottom < s.row || m.bottom == m.top {
			continue // a range on one row needs nothing
		}
		val := ""
		if m.top == s.row && m.left < len(cells) {
			val = cells[m.left]
		}
		s.active = append(s.active, activeMerge{m, val})
	}
	for _, a := range s.active {
		if a.val == "" || a.top == s.row {
			continue
		}
		if len(cells) <= a.left {
			cells = append(cells, make([]string, a.left+1-len(cells))...)
		}
		if cells[a.left] == "" {
			cells[a.left] = a.val
		}
	}
	return cells
}
