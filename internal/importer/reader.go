package importer

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// HeaderSearchRows is how many non-empty rows are searched for the header
// row (title rows above it are common).
const HeaderSearchRows = 10

// Reader maps the columns of a Source to a Schema and yields its data rows
// as Records, one at a time.
type Reader struct {
	src       Source
	schema    Schema
	name      string
	cols      []int    // per field: 0-based column in the file, -1 when absent
	headers   []string // per field: header text as written in the file
	enums     []map[string]string
	seen      []map[string]string // per Enum field: cell text → value already matched (a column repeats few values)
	headerRow int
	pending   []rawRow // rows read while looking for the header, after it
	errs      *ErrorList
	warnings  []string
	titled    []bool       // per column of the header row: has a header text
	untitled  map[int]bool // header-less columns already warned about
	records   int
	eof       bool
	// reuse: Next returns the same Record each time (see Pipeline.Read,
	// which is done with a record before asking for the next one).
	reuse bool
	last  *Record
	// async: records are read ahead on another goroutine (Record.async).
	async bool
	keys  map[string]int // field index by key
}

type rawRow struct {
	row   int
	cells []string
	bad   CellErrors
}

// NewReader finds the header row among the first HeaderSearchRows non-empty
// rows of src (the row naming the most schema columns), maps the columns by
// header (domain.Fold of Label and Aliases), and returns a Reader
// positioned on the first data row. Unknown columns become warnings. A file
// without rows or without a recognisable header, with a required column
// missing or a column given twice is rejected (KindRejected, exit 3) with
// the expected headers in the hint. The Reader does not close src.
func NewReader(src Source, s Schema) (*Reader, error) {
	if err := s.Validate(); err != nil {
		return nil, domain.Errorf(domain.KindInternal, "SCHEMA", "%v", err)
	}
	r := &Reader{
		src:    src,
		schema: s,
		name:   src.Name(),
		cols:   make([]int, len(s.Fields)),
		enums:  make([]map[string]string, len(s.Fields)),
		seen:   make([]map[string]string, len(s.Fields)),
		errs:   NewErrorList(src.Name()),
	}
	byHeader := map[string]int{}
	r.keys = make(map[string]int, len(s.Fields))
	for i, f := range s.Fields {
		r.keys[f.Key] = i
		for _, h := range f.headerNames() {
			byHeader[domain.Fold(h)] = i
		}
		if f.Kind == Enum {
			r.enums[i] = enumIndex(f)
		}
	}

	var rows []rawRow
	best, bestScore := -1, 0
	for len(rows) < HeaderSearchRows {
		row, cells, bad, err := r.read()
		if err == io.EOF {
			r.eof = true
			break
		}
		if err != nil {
			return nil, err
		}
		if blank(cells) {
			continue
		}
		rows = append(rows, rawRow{row, cells, bad})
		seen := map[int]bool{}
		for _, c := range cells {
			if fi, ok := byHeader[domain.Fold(c)]; ok {
				seen[fi] = true
			}
		}
		if len(seen) > bestScore {
			best, bestScore = len(rows)-1, len(seen)
		}
	}
	if len(rows) == 0 {
		return nil, Rejectf(r.name, "FILE_EMPTY", "the file has no rows").
			WithHint("%s", r.expectedHint())
	}
	if best < 0 {
		return nil, Rejectf(r.name, "HEADER_NOT_FOUND", "no header row found in the first %d rows: none of the expected column names appears", HeaderSearchRows).
			WithHint("%s", r.expectedHint())
	}
	header := rows[best]
	r.headerRow = header.row
	r.pending = rows[best+1:]
	r.headers = make([]string, len(s.Fields))
	r.titled = make([]bool, len(header.cells))
	r.untitled = map[int]bool{}
	for i := range r.cols {
		r.cols[i] = -1
	}
	for c, cell := range header.cells {
		name := display(cell)
		if name == "" {
			continue
		}
		r.titled[c] = true
		fi, ok := byHeader[domain.Fold(cell)]
		if !ok {
			w := fmt.Sprintf("%s: column %q (%s) is not an expected header; it was ignored", r.name, name, ColumnLetter(c))
			if near := closestHeader(cell, s); near != "" {
				w += fmt.Sprintf(" (closest expected header: %q)", near)
			}
			r.warnings = append(r.warnings, w)
			continue
		}
		if prev := r.cols[fi]; prev >= 0 {
			return nil, Rejectf(r.name, "DUPLICATE_COLUMN", "columns %q (%s) and %q (%s) both give %s",
				r.headers[fi], ColumnLetter(prev), name, ColumnLetter(c), s.Fields[fi].Label).
				WithHint("keep only one of them in the header row (row %d)", header.row)
		}
		r.cols[fi], r.headers[fi] = c, name
	}
	var missing []string
	for i, f := range s.Fields {
		if f.Required && r.cols[i] < 0 {
			missing = append(missing, f.Label)
		}
	}
	if len(missing) > 0 {
		what := "a required column"
		if len(missing) > 1 {
			what = "required columns"
		}
		var found []string
		for _, cell := range header.cells {
			if name := display(cell); name != "" {
				found = append(found, name)
			}
		}
		return nil, Rejectf(r.name, "COLUMN_MISSING", "the header row (row %d) lacks %s: %s (columns found: %s)",
			header.row, what, quoteList(missing), quoteList(found)).
			WithHint("%s", r.expectedHint())
	}
	return r, nil
}

// closestHeader returns the label of the field whose header names come
// closest to cell (compared folded, by edit distance), or "" when none is
// close enough to be a likely typo or variant.
func closestHeader(cell string, s Schema) string {
	c := domain.Fold(cell)
	if c == "" {
		return ""
	}
	best, label := -1, ""
	for _, f := range s.Fields {
		for _, h := range f.headerNames() {
			fh := domain.Fold(h)
			d := editDistance(c, fh)
			// A header that contains an expected name, or the other way
			// round ("certif" in "certification"), counts as close too.
			if len(c) >= 4 && len(fh) >= 4 && (strings.Contains(fh, c) || strings.Contains(c, fh)) {
				d = min(d, 1+abs(len(fh)-len(c))/4)
			}
			if best < 0 || d < best {
				best, label = d, f.Label
			}
		}
	}
	limit := max(2, len([]rune(c))/3)
	if len([]rune(c)) <= 3 {
		limit = 1
	}
	if best < 0 || best > limit {
		return ""
	}
	return label
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// expectedHint lists the expected headers (required ones first marked).
func (r *Reader) expectedHint() string {
	var req, opt []string
	for _, f := range r.schema.Fields {
		if f.Required {
			req = append(req, f.Label)
		} else {
			opt = append(opt, f.Label)
		}
	}
	h := "expected headers: " + quoteList(req) + " (required)"
	if len(opt) > 0 {
		h += ", " + quoteList(opt)
	}
	h += "; case, accents and punctuation do not matter"
	if r.schema.Template != "" {
		h += "; '" + r.schema.Template + "' writes a blank spreadsheet"
	}
	return h
}

// read returns the next row of the source, turning a non-domain error into
// a rejection of the file.
func (r *Reader) read() (int, []string, CellErrors, error) {
	row, cells, err := r.src.Next()
	if err == nil || err == io.EOF {
		return row, cells, nil, err
	}
	var bad CellErrors
	if errors.As(err, &bad) {
		return row, cells, bad, nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return 0, nil, nil, err
	}
	return 0, nil, nil, Rejectf(r.name, "FILE_UNREADABLE", "cannot read the file: %v", err)
}

// blank reports whether every cell is empty or spaces (formatting-only rows).
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// display is a header as shown in messages: whitespace runs (line breaks
// inside a header cell) become one space.
func display(s string) string { return strings.Join(strings.Fields(s), " ") }

// Next returns the next data row, or io.EOF. Rows with no value in any
// known column (empty rows, formatting-only rows, notes beside the table)
// are skipped. Invalid
// values are recorded on the record and in Errors(); Next only fails when
// the file itself cannot be read further.
func (r *Reader) Next() (*Record, error) {
	var rec *Record
	if r.reuse {
		rec = r.last
	}
	rec, err := r.nextInto(rec)
	if rec != nil {
		r.last = rec
	}
	return rec, err
}

// nextInto is Next filling rec (a Record done with; nil: a new one).
func (r *Reader) nextInto(rec *Record) (*Record, error) {
	for {
		var raw rawRow
		if len(r.pending) > 0 {
			raw, r.pending = r.pending[0], r.pending[1:]
		} else {
			if r.eof {
				return nil, io.EOF
			}
			row, cells, bad, err := r.read()
			if err == io.EOF {
				r.eof = true
				return nil, io.EOF
			}
			if err != nil {
				return nil, err
			}
			raw = rawRow{row, cells, bad}
		}
		if blank(raw.cells) {
			continue
		}
		r.warnUntitled(raw)
		if !r.mappedValues(raw) {
			continue // nothing in the known columns: a note beside the table
		}
		r.records++
		return r.record(raw, rec), nil
	}
}

// All reads every remaining record.
func (r *Reader) All() ([]*Record, error) {
	var out []*Record
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
}

// record reads raw into rec (nil: a new Record).
func (r *Reader) record(raw rawRow, rec *Record) *Record {
	if rec != nil {
		clear(rec.vals)
		*rec = Record{Row: raw.row, r: r, vals: rec.vals, errs: rec.errs[:0], async: r.async}
	} else {
		rec = &Record{Row: raw.row, r: r, vals: make([]value, len(r.schema.Fields)), async: r.async}
	}
	date1904 := r.src.Date1904()
	for fi, f := range r.schema.Fields {
		col := r.cols[fi]
		if col < 0 {
			continue
		}
		v := &rec.vals[fi]
		var s string
		if col < len(raw.cells) {
			s = raw.cells[col]
		}
		if bad := raw.bad.at(col); bad != nil {
			rec.add(fi, bad.Code, bad.Msg)
			v.text = strings.TrimSpace(s)
			continue
		}
		if p := checkCell(s); p != nil {
			rec.add(fi, p.code, p.msg)
			continue
		}
		v.text = strings.TrimSpace(s)
		if v.text == "" {
			if f.Required {
				rec.add(fi, "VALUE_MISSING", fmt.Sprintf("%s is required but the cell is empty", f.Label))
			}
			continue
		}
		var p *problem
		switch f.Kind {
		case Text:
		case Identifier:
			v.str, p = parseIdentifier(v.text)
		case Date:
			v.date, p = parseDate(v.text, date1904)
		case Money:
			var m domain.Money
			m, p = parseMoney(v.text)
			v.i = int64(m)
		case Decimal:
			v.f, p = parseDecimal(v.text)
		case Integer:
			v.i, p = parseInteger(v.text)
		case Enum:
			if m, ok := r.seen[fi][v.text]; ok {
				v.str = m
				break
			}
			v.str, p = parseEnum(f, r.enums[fi], v.text)
			if p == nil {
				if r.seen[fi] == nil || len(r.seen[fi]) >= 256 {
					r.seen[fi] = map[string]string{}
				}
				r.seen[fi][strings.Clone(v.text)] = v.str
			}
		case Bool:
			v.b, p = parseBool(v.text)
		}
		if p != nil {
			rec.add(fi, p.code, p.msg)
			continue
		}
		v.ok = true
	}
	return rec
}

// warnUntitled warns once per column without a header that holds values.
func (r *Reader) warnUntitled(raw rawRow) {
	for c, s := range raw.cells {
		if (c >= len(r.titled) || !r.titled[c]) && !r.untitled[c] && strings.TrimSpace(s) != "" {
			r.untitled[c] = true
			r.warnings = append(r.warnings, fmt.Sprintf("%s: column %s has no header; its values (from row %d) were ignored",
				r.name, ColumnLetter(c), raw.row))
		}
	}
}

// mappedValues reports whether a known column of the row has a value.
func (r *Reader) mappedValues(raw rawRow) bool {
	for _, c := range r.cols {
		if c >= 0 && c < len(raw.cells) && strings.TrimSpace(raw.cells[c]) != "" {
			return true
		}
	}
	return false
}

func (c CellErrors) at(col int) *CellError {
	for i := range c {
		if c[i].Col == col {
			return &c[i]
		}
	}
	return nil
}

// Name is the file name used in messages.
func (r *Reader) Name() string { return r.name }

// HeaderRow is the row number of the header row.
func (r *Reader) HeaderRow() int { return r.headerRow }

// Errors is the list of every row error found so far (Record.Errorf adds
// to it too).
func (r *Reader) Errors() *ErrorList { return r.errs }

// Warnings lists the ignored columns, one message per column: unknown
// headers ("partners.csv: column "Commentaire" (F) is not an expected
// header; it was ignored"), known after NewReader, and columns without a
// header that hold values, found while reading (read them after the last
// record).
func (r *Reader) Warnings() []string { return r.warnings }

// Records is the number of data rows returned so far.
func (r *Reader) Records() int { return r.records }

// HasColumn reports whether the file has a column for the field: an
// optional column may be absent, which usually means "leave as it is".
func (r *Reader) HasColumn(key string) bool { return r.cols[r.index(key)] >= 0 }

// Column returns the header of the field as written in the file, or the
// field's Label when the file has no such column.
func (r *Reader) Column(key string) string {
	i := r.index(key)
	if r.cols[i] < 0 {
		return r.schema.Fields[i].Label
	}
	return r.headers[i]
}

func (r *Reader) index(key string) int {
	if i, ok := r.keys[key]; ok {
		return i
	}
	panic(fmt.Sprintf("importer: schema %s has no field %q", r.schema.Name, key))
}
