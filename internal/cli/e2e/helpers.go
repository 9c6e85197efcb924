package e2e

import (
	"os"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/xlsx"
	"github.com/rogpeppe/go-internal/testscript"
	"time"
)

// cp1252 maps the Windows-1252 characters outside Latin-1 to their byte.
var cp1252 = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
	'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
	'–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// cmdCP1252 writes DST as the Windows-1252 bytes of the UTF-8 file SRC, with
// CRLF line ends: exactly what French Excel saves as "CSV (séparateur: point-virgule)".
func cmdCP1252(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: cp1252 SRC DST")
	}
	src := ts.ReadFile(args[0])
	var out []byte
	for _, r := range strings.ReplaceAll(src, "\n", "\r\n") {
		switch {
		case r < 0x80 || (r >= 0xA0 && r <= 0xFF):
			out = append(out, byte(r))
		default:
			b, ok := cp1252[r]
			if !ok {
				ts.Fatalf("cp1252: %q has no Windows-1252 byte", r)
			}
			out = append(out, b)
		}
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), out, 0o644))
}

// cmdMkXLSX builds DST.xlsx from SRC, a tab-separated description of the
// sheet: one line per row; a cell written "#123" is a number cell (integer or
// decimal: SIRETs typed as numbers, date serials), "@text" a text cell;
// empty lines are empty rows. The first line is the first row (a title row
// or the header).
func cmdMkXLSX(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkxlsx SRC DST")
	}
	lines := strings.Split(strings.TrimRight(ts.ReadFile(args[0]), "\n"), "\n")
	cells := func(line string) []any {
		var out []any
		for _, c := range strings.Split(line, "\t") {
			switch {
			case strings.HasPrefix(c, "#"):
				n := c[1:]
				if i, err := strconv.ParseInt(n, 10, 64); err == nil {
					out = append(out, i)
				} else if f, err := strconv.ParseFloat(n, 64); err == nil {
					out = append(out, f)
				} else {
					ts.Fatalf("mkxlsx: %q is not a number", c)
				}
			case c == "":
				out = append(out, nil)
			default:
				out = append(out, strings.TrimPrefix(c, "@"))
			}
		}
		return out
	}
	wb, err := xlsx.NewWorkbook(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	ts.Check(err)
	defer wb.Close()
	var cols []xlsx.Column
	for _, c := range strings.Split(lines[0], "\t") {
		cols = append(cols, xlsx.Column{Header: c, Width: 20})
	}
	sh, err := wb.AddSheet("Feuil1", cols)
	ts.Check(err)
	for _, l := range lines[1:] {
		ts.Check(sh.AddRow(cells(l)...))
	}
	f, err := os.Create(ts.MkAbs(args[1]))
	ts.Check(err)
	defer f.Close()
	ts.Check(wb.Write(f))
}
