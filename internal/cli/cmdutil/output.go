package cmdutil

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

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
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
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

// RenderTable prints aligned columns without borders (trailing spaces trimmed).
func RenderTable(w io.Writer, headers []string, rows [][]string) error {
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
