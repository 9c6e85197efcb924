package csvfr

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// Number is a number already formatted by the caller for a French
// spreadsheet ("-12,50", "1234,5"). It is written as is: unlike text, a
// leading "-" is not neutralised.
type Number string

// Writer writes the French Excel dialect: UTF-8 with a BOM, ';', CRLF.
//
// Cell values: string (text; a value starting with = + - @ TAB or CR is
// prefixed with "'" so that a spreadsheet shows it instead of running it as
// a formula), Number (written as is), int, int64, float64 (decimal comma),
// domain.Money ("1234,50": no thousands separator and no "€", so that the
// spreadsheet reads a number), domain.Date (DD/MM/YYYY; the zero date is
// empty), bool (oui/non), nil (empty), fmt.Stringer (text).
type Writer struct {
	w       io.Writer
	cw      *csv.Writer
	started bool
	cells   []string
}

// NewWriter returns a Writer on w; the BOM is written with the first row.
func NewWriter(w io.Writer) *Writer {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	return &Writer{w: w, cw: cw}
}

// Write writes one row.
func (w *Writer) Write(cells ...any) error {
	if !w.started {
		w.started = true
		if _, err := w.w.Write(bomUTF8); err != nil {
			return err
		}
	}
	w.cells = w.cells[:0]
	for i, c := range cells {
		s, err := Format(c)
		if err != nil {
			return fmt.Errorf("csvfr: cell %d: %w", i+1, err)
		}
		w.cells = append(w.cells, s)
	}
	return w.cw.Write(w.cells)
}

// Flush writes buffered rows and reports any write error.
func (w *Writer) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}

// Write writes headers then rows (see Writer for the cell types) and
// flushes.
func Write(w io.Writer, headers []string, rows [][]any) error {
	cw := NewWriter(w)
	h := make([]any, len(headers))
	for i, x := range headers {
		h[i] = x
	}
	if err := cw.Write(h...); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(r...); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// Format returns the text written for one cell value.
func Format(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return Neutralise(x), nil
	case Number:
		return string(x), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", fmt.Errorf("%v is not a number", x)
		}
		return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1), nil
	case domain.Money:
		return strings.Replace(x.Decimal(), ".", ",", 1), nil
	case domain.Date:
		return x.French(), nil
	case bool:
		if x {
			return "oui", nil
		}
		return "non", nil
	case fmt.Stringer:
		return Neutralise(x.String()), nil
	}
	return "", fmt.Errorf("unsupported cell type %T", v)
}

// Neutralise prefixes with "'" a text that a spreadsheet would take for a
// formula: one starting with = + - @ TAB or CR (OWASP "CSV injection").
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
