package importer

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/habil-app/habil/internal/domain"
)

// A Source yields the raw rows of one worksheet or CSV file.
//
// Cells are text exactly as stored: for an .xlsx workbook the raw cell value,
// so numbers and date serials come as "45366" or "73282932000074", never
// formatted for display. Row is the row number the spreadsheet shows
// (1-based, counting empty rows). Rows may be ragged: missing trailing cells
// read as empty.
type Source interface {
	// Name is the file name used in messages.
	Name() string
	// Next returns the next row, or io.EOF at the end. An error of type
	// CellErrors comes with valid cells: the cells it names cannot be
	// trusted (a formula without a computed value…) and become row errors.
	// Any other error is fatal for the import.
	Next() (row int, cells []string, err error)
	// Date1904 reports whether date serials use the 1904 date system.
	Date1904() bool
	Close() error
}

// CellError is one cell of a row that a Source cannot read faithfully.
type CellError struct {
	Col  int // 0-based column index
	Code string
	Msg  string
}

// CellErrors is returned by Source.Next together with the row's cells.
type CellErrors []CellError

func (c CellErrors) Error() string {
	parts := make([]string, len(c))
	for i, e := range c {
		parts[i] = ColumnLetter(e.Col) + ": " + e.Code + ": " + e.Msg
	}
	return strings.Join(parts, "; ")
}

// OpenFunc opens one file format; sheet is the --sheet value ("" = default).
type OpenFunc func(path, sheet string) (Source, error)

var (
	formatsMu sync.RWMutex
	formats   = map[string]OpenFunc{}
)

// RegisterFormat makes Open read files with the given extension (".xlsx").
// The format adapters (internal/xlsx, internal/csvfr) register themselves in
// init, so a program that imports them can use Open.
func RegisterFormat(ext string, open OpenFunc) {
	formatsMu.Lock()
	defer formatsMu.Unlock()
	formats[strings.ToLower(ext)] = open
}

// unsupported lists well-known formats habil cannot read, with the advice.
var unsupported = map[string]string{
	".xls":     "the file is an Excel 97-2003 workbook (.xls), which habil cannot read",
	".xlsb":    "the file is an Excel binary workbook (.xlsb), which habil cannot read",
	".ods":     "the file is an OpenDocument spreadsheet (.ods), which habil cannot read",
	".numbers": "the file is an Apple Numbers file, which habil cannot read",
}

// Open opens a spreadsheet for import, choosing the format by extension
// (.xlsx/.xlsm, .csv/.txt/.tsv by default). A missing or unreadable path is a
// KindNotFound/KindInternal error (exit 1); a file of a format habil cannot
// read is rejected (KindRejected, exit 3) with the advice to save it as .xlsx
// or CSV.
func Open(path, sheet string) (Source, error) {
	name := filepath.Base(path)
	if err := CheckFile(path); err != nil {
		return nil, err
	}
	ext := strings.ToLower(filepath.Ext(path))
	formatsMu.RLock()
	open, ok := formats[ext]
	exts := make([]string, 0, len(formats))
	for e := range formats {
		exts = append(exts, e)
	}
	formatsMu.RUnlock()
	if ok {
		return open(path, sheet)
	}
	if why, known := unsupported[ext]; known {
		return nil, Rejectf(name, "FORMAT_UNSUPPORTED", "%s", why).
			WithHint("open it in your spreadsheet program and save it as .xlsx (Excel workbook) or CSV")
	}
	sort.Strings(exts)
	if len(exts) == 0 {
		return nil, domain.Errorf(domain.KindInternal, "NO_FORMAT", "%s: no spreadsheet reader is registered (import internal/xlsx and internal/csvfr)", name)
	}
	what := "the file has no extension"
	if ext != "" {
		what = "the file has the extension " + strconv.Quote(ext)
	}
	return nil, Rejectf(name, "FORMAT_UNSUPPORTED", "%s; habil imports %s files", what, strings.Join(exts, ", ")).
		WithHint("save the spreadsheet as .xlsx (Excel workbook) or CSV")
}

// CheckFile reports a path that cannot be opened as a file with the
// contract's exit code 1: KindNotFound for a missing file, KindInternal for
// a folder or a file without read permission.
func CheckFile(path string) error {
	name := filepath.Base(path)
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return domain.Errorf(domain.KindNotFound, "FILE_NOT_FOUND", "%s: no such file", path).
			WithHint("check the path and the file name")
	case err != nil:
		return domain.Errorf(domain.KindInternal, "FILE_UNREADABLE", "%s: cannot read the file: %v", path, unwrapPath(err))
	case st.IsDir():
		return domain.Errorf(domain.KindInternal, "FILE_UNREADABLE", "%s is a folder, not a spreadsheet file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return domain.Errorf(domain.KindInternal, "FILE_UNREADABLE", "%s: cannot read the file: %v", name, unwrapPath(err))
	}
	return f.Close()
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
