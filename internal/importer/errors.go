package importer

import (
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/habil-app/habil/internal/domain"
)

// RowError is one invalid value of an imported file.
type RowError struct {
	File   string
	Row    int    // row number as the spreadsheet shows it (1-based)
	Column string // header text as written in the file; "" for a whole-row error
	Code   string // stable code, e.g. DATE_FORMAT, SIRET_CHECKSUM
	Msg    string
}

// String returns "FILE:ROW:COLUMN: CODE: message" ("FILE:ROW: CODE: message"
// for an error about the whole row).
func (e RowError) String() string {
	loc := e.File + ":" + strconv.Itoa(e.Row) + ":"
	if e.Column != "" {
		loc += e.Column + ":"
	}
	return loc + " " + e.Code + ": " + e.Msg
}

// Error makes RowError usable as an error.
func (e RowError) Error() string { return e.String() }

// maxKept bounds the errors kept in memory; the others are only counted.
const maxKept = 10000

// ErrorList collects the row errors of one file: every error of every row,
// so that the user can fix the file in one go. The zero value is not usable:
// get one from Reader.Errors or NewErrorList.
type ErrorList struct {
	file  string
	kept  []RowError
	total int
	rows  map[int]struct{}
}

// NewErrorList returns an empty list for file.
func NewErrorList(file string) *ErrorList {
	return &ErrorList{file: file, rows: map[int]struct{}{}}
}

// Add records e (its File is set to the list's file when empty).
func (l *ErrorList) Add(e RowError) {
	if e.File == "" {
		e.File = l.file
	}
	l.total++
	l.rows[e.Row] = struct{}{}
	if len(l.kept) < maxKept {
		l.kept = append(l.kept, e)
	}
}

// Len is the number of errors recorded.
func (l *ErrorList) Len() int { return l.total }

// Rows is the number of distinct rows with at least one error.
func (l *ErrorList) Rows() int { return len(l.rows) }

// List returns the errors sorted by row (stable: within a row, in the order
// they were found). At most 10,000 are kept.
func (l *ErrorList) List() []RowError {
	out := append([]RowError(nil), l.kept...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Row < out[j].Row })
	return out
}

// Print writes up to max errors, one per line, then "… and K more errors"
// when some were left out (max <= 0 prints them all).
func (l *ErrorList) Print(w io.Writer, max int) error {
	list := l.List()
	if max > 0 && len(list) > max {
		list = list[:max]
	}
	for _, e := range list {
		if _, err := fmt.Fprintln(w, e.String()); err != nil {
			return err
		}
	}
	if more := l.total - len(list); more > 0 {
		_, err := fmt.Fprintf(w, "… and %d more %s\n", more, plural(more, "error", "errors"))
		return err
	}
	return nil
}

// Err returns nil when the list is empty, else the rejection error for the
// CLI (domain.KindRejected, exit 3): "partners.xlsx: 7 errors in 5 rows;
// nothing was written".
func (l *ErrorList) Err() error {
	if l.total == 0 {
		return nil
	}
	return domain.Errorf(domain.KindRejected, "IMPORT_REJECTED", "%s: %d %s in %d %s; nothing was written",
		l.file, l.total, plural(l.total, "error", "errors"), len(l.rows), plural(len(l.rows), "row", "rows")).
		WithHint("correct the rows listed above in the file and run the import again")
}

// Report prints up to max errors to w and returns Err(): the usual ending
// of an import command that found invalid rows.
func (l *ErrorList) Report(w io.Writer, max int) error {
	if l.total == 0 {
		return nil
	}
	if err := l.Print(w, max); err != nil {
		return err
	}
	return l.Err()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Rejectf builds the error for a file that cannot be imported at all (not a
// spreadsheet, damaged, no header row…): domain.KindRejected (exit 3) with a
// stable code and the message "FILE: message".
func Rejectf(file, code, format string, args ...any) *domain.Error {
	e := domain.Errorf(domain.KindRejected, code, format, args...)
	e.Msg = file + ": " + e.Msg
	return e
}

// ColumnLetter returns the spreadsheet letter of a 0-based column index
// (0 → "A", 26 → "AA").
func ColumnLetter(i int) string {
	if i < 0 {
		return "?"
	}
	var b []byte
	for i >= 0 {
		b = append([]byte{byte('A' + i%26)}, b...)
		i = i/26 - 1
	}
	return string(b)
}
