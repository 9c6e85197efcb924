package xlsx

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/habil-app/habil/internal/domain"
	"github.com/xuri/excelize/v2"
)

// Number formats (always en-US syntax in the file; Excel localises them).
const (
	DateFormat  = "dd/mm/yyyy"
	MoneyFormat = `#,##0.00\ "€"`
)

// Column describes one column of a written sheet.
type Column struct {
	Header string
	// Width in characters; 0 means from the header (at least 10).
	Width float64
	// Text formats the whole column as text ("@"), so that what a user
	// types later (a SIRET, a postal code) keeps its digits.
	Text bool
}

// Text is a cell written as text even when it looks like a number.
type Text string

// Workbook builds an .xlsx file. Sheets are written one after the other
// with excelize's StreamWriter (rows are not kept in memory). Cell values
// for AddRow: string, Text, int, int64, float64, domain.Date (dd/mm/yyyy;
// the zero date is an empty cell), domain.Money (#,##0.00 "€"), bool
// (oui/non), nil (empty), fmt.Stringer (text). Strings are always stored as
// text, never as formulas.
type Workbook struct {
	f       *excelize.File
	created time.Time
	styles  styles
	sheets  int
	cur     *Sheet
	err     error
}

type styles struct {
	header, required, date, money, text, wrap int
}

// Sheet is the sheet being written.
type Sheet struct {
	wb    *Workbook
	sw    *excelize.StreamWriter
	row   int
	cols  int
	cells []any
}

// NewWorkbook starts an empty workbook; created is written in the document
// properties (pass the command's clock so that output is reproducible).
func NewWorkbook(created time.Time) (*Workbook, error) {
	f := excelize.NewFile()
	f.SetZipWriter(newSortedZip)
	st, err := makeStyles(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &Workbook{f: f, created: created, styles: st}, nil
}

func makeStyles(f *excelize.File) (styles, error) {
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	dateFmt, moneyFmt := DateFormat, MoneyFormat
	st := styles{
		header: mk(&excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "7F7F7F", Style: 1}},
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		}),
		required: mk(&excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F8CBAD"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "7F7F7F", Style: 1}},
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		}),
		date:  mk(&excelize.Style{CustomNumFmt: &dateFmt}),
		money: mk(&excelize.Style{CustomNumFmt: &moneyFmt}),
		text:  mk(&excelize.Style{NumFmt: 49}),
		wrap:  mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
	}
	return st, err
}

// SheetName makes s a valid sheet name: at most 31 characters, without
// : \ / ? * [ ].
func SheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.Trim(s, "'")
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
	if s == "" {
		s = "Feuille"
	}
	return s
}

// AddSheet finishes the current sheet and starts a new one with a bold,
// frozen header row.
func (wb *Workbook) AddSheet(name string, cols []Column) (*Sheet, error) {
	if err := wb.finishSheet(); err != nil {
		return nil, err
	}
	name = SheetName(name)
	if wb.sheets == 0 {
		if err := wb.f.SetSheetName("Sheet1", name); err != nil {
			return nil, err
		}
	} else if _, err := wb.f.NewSheet(name); err != nil {
		return nil, err
	}
	wb.sheets++
	sw, err := wb.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	for i, c := range cols {
		w := c.Width
		if w == 0 {
			w = math.Max(10, math.Min(60, float64(utf8.RuneCountInString(c.Header))+2))
		}
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
		if c.Text {
			if err := sw.SetColStyle(i+1, i+1, wb.styles.text); err != nil {
				return nil, err
			}
		}
	}
	if len(cols) > 0 {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return nil, err
		}
	}
	s := &Sheet{wb: wb, sw: sw, cols: len(cols)}
	wb.cur = s
	if len(cols) > 0 {
		h := make([]any, len(cols))
		for i, c := range cols {
			h[i] = excelize.Cell{StyleID: wb.styles.header, Value: c.Header}
		}
		s.row = 1
		if err := sw.SetRow("A1", h); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// AddRow appends one row of typed cells.
func (s *Sheet) AddRow(cells ...any) error {
	if s.wb.cur != s {
		return fmt.Errorf("xlsx: sheet already finished")
	}
	s.cells = s.cells[:0]
	for i, v := range cells {
		c, err := s.wb.cell(v)
		if err != nil {
			return fmt.Errorf("xlsx: row %d, cell %d: %w", s.row+1, i+1, err)
		}
		s.cells = append(s.cells, c)
	}
	s.row++
	ref, err := excelize.CoordinatesToCellName(1, s.row)
	if err != nil {
		return err
	}
	return s.sw.SetRow(ref, s.cells)
}

// cell converts a value to what the stream writer stores.
func (wb *Workbook) cell(v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		return x, nil
	case Text:
		return excelize.Cell{StyleID: wb.styles.text, Value: string(x)}, nil
	case int, int64, int32:
		return x, nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%v is not a number", x)
		}
		return x, nil
	case domain.Date:
		if x.IsZero() {
			return nil, nil
		}
		return excelize.Cell{StyleID: wb.styles.date, Value: x.Time()}, nil
	case domain.Money:
		return excelize.Cell{StyleID: wb.styles.money, Value: x.Euros()}, nil
	case bool:
		if x {
			return "oui", nil
		}
		return "non", nil
	case fmt.Stringer:
		return x.String(), nil
	}
	return nil, fmt.Errorf("unsupported cell type %T", v)
}

func (wb *Workbook) finishSheet() error {
	if wb.cur == nil {
		return nil
	}
	s := wb.cur
	wb.cur = nil
	return s.sw.Flush()
}

// Write finishes the last sheet, sets the document properties (Creator
// "habil", Created and Modified = the time given to NewWorkbook) and writes
// the workbook to w. The same content and time give the same bytes.
func (wb *Workbook) Write(w io.Writer) error {
	if err := wb.finishSheet(); err != nil {
		return err
	}
	if wb.sheets == 0 {
		return fmt.Errorf("xlsx: workbook has no sheet")
	}
	ts := wb.created.UTC().Format(time.RFC3339)
	if err := wb.f.SetDocProps(&excelize.DocProperties{
		Creator: "habil", LastModifiedBy: "habil", Created: ts, Modified: ts,
	}); err != nil {
		return err
	}
	// The first sheet is the active one already (excelize's new file); SetActiveSheet
	// would read back and re-encode every streamed sheet (23,600 rows: +340 MB).
	return wb.f.Write(w)
}

// Close releases the workbook's temporary files.
func (wb *Workbook) Close() error { return wb.f.Close() }

// WriteTable writes a one-sheet workbook: a bold frozen header row then the
// rows (cell types as for Workbook). Column widths follow the longest value
// (10 to 60 characters) unless given.
func WriteTable(w io.Writer, created time.Time, sheet string, cols []Column, rows [][]any) error {
	return WriteSheets(w, created, []SheetData{{Name: sheet, Cols: cols, Rows: rows}})
}

// displayWidth estimates the displayed width of a cell value.
func displayWidth(v any) int {
	switch x := v.(type) {
	case nil:
		return 0
	case string:
		return longestLine(x)
	case Text:
		return longestLine(string(x))
	case domain.Date:
		return 10
	case domain.Money:
		return utf8.RuneCountInString(x.French())
	case fmt.Stringer:
		return longestLine(x.String())
	}
	return len(fmt.Sprint(v))
}

func longestLine(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n = max(n, utf8.RuneCountInString(l))
	}
	return n
}
