package domain

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The text rule: what characters a name or a free text may hold, the same
// for every entry point (flags, imports, init). A control character is
// invisible in a spreadsheet or a PDF and, printed raw, drives the terminal
// (colours, cursor moves, a cleared screen); a bidi override makes a name
// read in another order than it is stored. Such characters are refused, never
// silently dropped: the user retypes the value.
//
//   - Never allowed: the C0 controls (U+0000–U+001F) except tab, line feed
//     and carriage return; DEL (U+007F); the C1 controls (U+0080–U+009F);
//     the bidi embeddings, overrides and isolates (U+202A–U+202E,
//     U+2066–U+2069).
//   - One-line values (names, references, reasons, codes, e-mails, phones):
//     no tab, line feed or carriage return either (CleanText).
//   - Multi-line texts (postal addresses, prerequisites, jury composition,
//     evaluation modalities): line feeds and tabs are kept; "\r\n" and a lone
//     "\r" become "\n" (CleanLines).

// CodeControlCharacter is the error code of a refused character.
const CodeControlCharacter = "CONTROL_CHARACTER"

// UnsafeRune reports whether r is never allowed in a text (see above): it is
// also what the table and list printers escape.
func UnsafeRune(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\t' && r != '\n' && r != '\r'
	case r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// runeName names a refused character for a message: "U+001B (escape)".
func runeName(r rune) string {
	names := map[rune]string{
		0x00: "null", 0x07: "bell", 0x08: "backspace", '\t': "tab", '\n': "line break", 0x0b: "vertical tab",
		0x0c: "form feed", '\r': "carriage return", 0x1b: "escape", 0x7f: "delete", 0x85: "next line",
		0x9b: "control sequence introducer", 0x202a: "left-to-right embedding", 0x202b: "right-to-left embedding",
		0x202c: "pop directional formatting", 0x202d: "left-to-right override", 0x202e: "right-to-left override",
		0x2066: "left-to-right isolate", 0x2067: "right-to-left isolate", 0x2068: "first strong isolate",
		0x2069: "pop directional isolate",
	}
	if n, ok := names[r]; ok {
		return fmt.Sprintf("U+%04X (%s)", r, n)
	}
	return fmt.Sprintf("U+%04X", r)
}

// badRune returns the first refused character of s and its position (in
// characters, from 1); multiline allows tab, line feed and carriage return.
func badRune(s string, multiline bool) (rune, int, bool) {
	pos := 0
	for _, r := range s {
		pos++
		if UnsafeRune(r) || (!multiline && (r == '\t' || r == '\n' || r == '\r')) {
			return r, pos, true
		}
	}
	return 0, 0, false
}

func textError(field string, r rune, pos int, multiline bool) *Error {
	what := "an invisible control character"
	if r >= 0x202a {
		what = "an invisible direction override (it makes the text read in another order than it is stored)"
	} else if r == '\t' || r == '\n' || r == '\r' {
		what = "a line break or tab, which a one-line value cannot hold"
	}
	e := Invalid(CodeControlCharacter, "%s contains %s, %s, at character %d", field, what, runeName(r), pos)
	if multiline {
		return e.WithHint("retype the text without it")
	}
	return e.WithHint("retype the value on one line, without it")
}

// CleanText checks a one-line value (a name, a reference, a reason…):
// nil, or a KindInvalid CONTROL_CHARACTER error naming field, the
// character and its position. field is how the message names the value
// ("the partner's name").
func CleanText(field, value string) error {
	if r, pos, bad := badRune(value, false); bad {
		return textError(field, r, pos, false)
	}
	return nil
}

// CleanLines checks a multi-line text (an address, a long text) and returns
// it with its line ends normalised to "\n".
func CleanLines(field, value string) (string, error) {
	if r, pos, bad := badRune(value, true); bad {
		return value, textError(field, r, pos, true)
	}
	return NormaliseLines(value), nil
}

// NormaliseLines turns "\r\n" and a lone "\r" into "\n".
func NormaliseLines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// EscapeText makes s safe to print on a terminal: every refused character
// (UnsafeRune) and the carriage return (it would overwrite the line) become
// a visible escape — ESC is shown as "␛", CR as "␍", the other C0 controls
// and DEL as their Unicode control pictures (U+2400…), the C1 controls and
// bidi overrides as "\u0085", "\u202e". Tabs and line feeds are kept (a
// table printer lays them out); a byte that is not UTF-8 becomes "�". Text
// without such characters is returned as it is.
func EscapeText(s string) string {
	clean := utf8.ValidString(s) // an invalid byte is printed as �
	for _, r := range s {
		if UnsafeRune(r) || r == '\r' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !UnsafeRune(r) && r != '\r':
			b.WriteRune(r)
		case r < 0x20:
			b.WriteRune(0x2400 + r) // ␀ … ␟ (␛ for ESC)
		case r == 0x7f:
			b.WriteRune('␡')
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}
