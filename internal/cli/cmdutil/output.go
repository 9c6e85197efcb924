package cmdutil

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/habil-app/habil/internal/domain"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/cobra"
)

// Formats accepted by --format.
var Formats = []string{"table", "json", "csv"}

// ValidateFormat checks a --format value.
func ValidateFormat(f string) error {
	for _, x := range Formats {
		if f == x {
			return nil
		}
	}
	return FlagErrorf("--format %q is not supported: use table, json or csv", f)
}

// Listing is what a listing command prints: a table (headers and rows of
// text) and the JSON value with the contract's keys.
type Listing struct {
	Headers []string
	Rows    [][]string
	JSON    any
	// Empty is printed on stderr (table format only) when there are no rows.
	Empty string
}

// Print writes the listing in the requested format to out.
func Print(ios *IOStreams, format string, l Listing) error {
	switch format {
	case "json":
		return WriteJSON(ios.Out, l.JSON)
	case "csv":
		if ios.IsStdoutTTY() { // a terminal: no raw control character (scripts get the data as stored)
			return WriteCSV(ios.Out, l.Headers, EscapeRows(l.Rows))
		}
		return WriteCSV(ios.Out, l.Headers, l.Rows)
	default:
		if len(l.Rows) == 0 && l.Empty != "" {
			fmt.Fprintln(ios.ErrOut, l.Empty)
			return nil
		}
		return RenderTable(ios.Out, l.Headers, l.Rows)
	}
}

// WriteJSON writes v as indented JSON without HTML escaping.
// The C1 controls and the bidi overrides, which encoding/json writes raw,
// are written as \u escapes (the same JSON value, nothing raw on a
// terminal).
func WriteJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(EscapeJSON(buf.Bytes()))
	return err
}

// EscapeJSON rewrites the runes domain.UnsafeRune refuses that encoding/json
// leaves raw (C1, DEL, bidi overrides) as \u escapes: they can only occur
// inside JSON strings, where the escape is the same value.
func EscapeJSON(b []byte) []byte {
	if !bytes.ContainsFunc(b, func(r rune) bool { return r >= 0x7f && domain.UnsafeRune(r) }) {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r >= 0x7f && domain.UnsafeRune(r) {
			out = fmt.Appendf(out, "\\u%04x", r)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

// EscapeRows returns rows with every cell made safe for a terminal
// (domain.EscapeText: a control character shows as "␛", "\u202e"…); rows
// without such characters are returned as they are.
func EscapeRows(rows [][]string) [][]string {
	var out [][]string
	for i, r := range rows {
		copied := false
		for j, c := range r {
			e := domain.EscapeText(c)
			if e == c {
				continue
			}
			if out == nil {
				out = append(make([][]string, 0, len(rows)), rows...)
			}
			if !copied {
				out[i], copied = append([]string(nil), r...), true
			}
			out[i][j] = e
		}
	}
	if out == nil {
		return rows
	}
	return out
}

// WriteCSV writes a plain RFC 4180 CSV (comma, LF) for scripts.
func WriteCSV(w io.Writer, headers []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(headers); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// RenderTable prints aligned columns without borders (trailing spaces
// trimmed): each column as wide as its widest cell, then two spaces.
// Control characters are shown escaped (EscapeRows): a table is for a
// terminal.
func RenderTable(w io.Writer, headers []string, rows [][]string) error {
	rows = EscapeRows(rows)
	if narrowText(headers, rows) {
		return alignTable(w, headers, rows)
	}
	return renderTableWriter(w, headers, rows)
}

// narrowRune reports whether r takes exactly one column on a terminal
// whatever the locale: Latin letters with their accents (é, œ, Ł, ễ),
// French punctuation and the few symbols habil prints (€, →, …, dashes,
// quotes). Other text (wide CJK, combining marks, emoji) goes through
// tablewriter, which measures display widths.
func narrowRune(r rune) bool {
	switch {
	case r >= 0x20 && r < 0x7f, r >= 0xa0 && r < 0x300, r >= 0x1e00 && r < 0x1f00:
		return true
	}
	switch r {
	case '€', '→', '…', '–', '—', '‘', '’', '“', '”', '•', '\u202f':
		return true
	}
	return false
}

func narrowText(headers []string, rows [][]string) bool {
	ok := func(s string) bool {
		for _, r := range s {
			if !narrowRune(r) {
				return false
			}
		}
		return true
	}
	for _, h := range headers {
		if !ok(h) {
			return false
		}
	}
	for _, r := range rows {
		for _, c := range r {
			if !ok(c) {
				return false
			}
		}
	}
	return true
}

// alignTable is RenderTable for narrow text, where a cell's width is its
// number of runes: the same output as tablewriter (tested), in linear time
// (tablewriter takes ~15 s for 100,000 partners).
func alignTable(w io.Writer, headers []string, rows [][]string) error {
	n := len(headers)
	for _, r := range rows {
		n = max(n, len(r))
	}
	width := make([]int, n)
	measure := func(r []string) {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	measure(headers)
	for _, r := range rows {
		measure(r)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var line []byte
	write := func(r []string) {
		line = line[:0]
		for i := 0; i < n; i++ {
			c := ""
			if i < len(r) {
				c = r[i]
			}
			line = append(line, c...)
			if i < n-1 {
				for k := utf8.RuneCountInString(c); k < width[i]+2; k++ {
					line = append(line, ' ')
				}
			}
		}
		line = bytes.TrimRight(line, " ")
		line = append(line, '\n')
		bw.Write(line)
	}
	write(headers)
	for _, r := range rows {
		write(r)
	}
	return bw.Flush()
}

func renderTableWriter(w io.Writer, headers []string, rows [][]string) error {
	var buf bytes.Buffer
	t := tablewriter.NewTable(&buf,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders:  tw.BorderNone,
			Settings: tw.Settings{Separators: tw.SeparatorsNone, Lines: tw.LinesNone},
		})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithPadding(tw.Padding{Left: "", Right: "  ", Overwrite: true}),
	)
	h := make([]any, len(headers))
	for i, x := range headers {
		h[i] = x
	}
	t.Header(h...)
	for _, r := range rows {
		if err := t.Append(r); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	for _, line := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
		if _, err := fmt.Fprintln(w, strings.TrimRight(line, " ")); err != nil {
			return err
		}
	}
	return nil
}

// Orempty returns "-" for an empty string in tables.
func Orempty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// NullString returns nil for "" (JSON null).
func NullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// ExactArgs is cobra.ExactArgs with a usage error that says what is missing.
func ExactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			if len(args) < n {
				return FlagErrorf("missing %s", what)
			}
			return FlagErrorf("too many arguments: expected %s", what)
		}
		return nil
	}
}

// NoArgs refuses positional arguments.
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return FlagErrorf("unexpected argument %q", args[0])
	}
	return nil
}

// SafeWriter wraps w so that what a 'show' command prints never holds a raw
// control character (domain.EscapeText on each write: data written by an
// older version shows "␛", "\u202e"…). Meant for text written with fmt,
// one whole line or value per write.
func SafeWriter(w io.Writer) io.Writer { return safeWriter{w} }

type safeWriter struct{ w io.Writer }

func (s safeWriter) Write(p []byte) (int, error) {
	if !bytes.ContainsFunc(p, func(r rune) bool { return r == '\r' || domain.UnsafeRune(r) }) && utf8.Valid(p) {
		return s.w.Write(p)
	}
	if _, err := io.WriteString(s.w, domain.EscapeText(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
