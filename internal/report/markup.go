package report

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// The document markup is what a document template produces (see
// templates/convention.tmpl for the full description):
//
//	# Heading 1 / ## Heading 2 / ### Heading 3
//	- bullet item
//	text lines, joined into a paragraph until a blank line; **bold** runs
//	::titre T, ::sous-titre T, ::entete T, ::pied T   document title, subtitle, running header and footer
//	::fiche TITLE … ::fin          "Key | Value" lines
//	::tableau 20,50,30 … ::fin     header line then rows, cells separated by "|"
//	::signatures … ::fin           captions line then lines, columns separated by "|"
//	::saut-de-page                 page break
//	::filigrane T                  watermark across every page (e.g. PROJET)

// directives maps each directive to whether it opens a block closed by ::fin.
var directives = map[string]bool{
	"titre": false, "sous-titre": false, "entete": false, "pied": false, "saut-de-page": false, "filigrane": false,
	"fiche": true, "tableau": true, "signatures": true, "fin": false,
}

func knownDirectives() string {
	var l []string
	for k := range directives {
		l = append(l, "::"+k)
	}
	sort.Strings(l)
	return strings.Join(l, ", ")
}

// MarkupError is a mistake in the text a template produced.
func markupErr(line int, text, format string, args ...any) error {
	return domain.Errorf(domain.KindRejected, "TEMPLATE_MARKUP", "line %d of the generated text (%q): %s", line, truncate(text, 60), fmt.Sprintf(format, args...))
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// ParseMarkup turns document markup into a Document.
func ParseMarkup(src string) (*Document, error) {
	doc := &Document{}
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var para []string
	var list *List
	flush := func() {
		if len(para) > 0 {
			doc.Blocks = append(doc.Blocks, Paragraph{Runs: ParseRuns(strings.Join(para, " "))})
			para = nil
		}
		if list != nil {
			doc.Blocks = append(doc.Blocks, *list)
			list = nil
		}
	}
	for i := 0; i < len(lines); i++ {
		raw := strings.TrimRight(lines[i], " \t")
		line := strings.TrimSpace(raw)
		n := i + 1
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "::"):
			flush()
			name, arg, _ := strings.Cut(line[2:], " ")
			arg = strings.TrimSpace(arg)
			opens, ok := directives[name]
			if !ok {
				return nil, markupErr(n, line, "unknown directive ::%s (known: %s)", name, knownDirectives())
			}
			if !opens {
				switch name {
				case "titre":
					doc.Title = arg
				case "sous-titre":
					doc.Subtitle = arg
				case "entete":
					doc.HeaderText = arg
				case "pied":
					doc.FooterText = arg
				case "filigrane":
					doc.Watermark = arg
				case "saut-de-page":
					doc.Blocks = append(doc.Blocks, PageBreak{})
				case "fin":
					return nil, markupErr(n, line, "::fin closes nothing")
				}
				continue
			}
			// Collect the block's lines up to ::fin.
			var body []string
			end := -1
			for j := i + 1; j < len(lines); j++ {
				l := strings.TrimSpace(lines[j])
				if l == "::fin" {
					end = j
					break
				}
				if strings.HasPrefix(l, "::") {
					return nil, markupErr(j+1, l, "::%s opened on line %d is not closed by ::fin", name, n)
				}
				if l != "" {
					body = append(body, l)
				}
			}
			if end < 0 {
				return nil, markupErr(n, line, "::%s is not closed by ::fin", name)
			}
			b, err := parseBlock(name, arg, body, n, line)
			if err != nil {
				return nil, err
			}
			if b != nil {
				doc.Blocks = append(doc.Blocks, b)
			}
			i = end
		case strings.HasPrefix(line, "#"):
			flush()
			level := len(line) - len(strings.TrimLeft(line, "#"))
			text := strings.TrimSpace(line[level:])
			if level > 3 || text == "" || !strings.HasPrefix(line[level:], " ") {
				return nil, markupErr(n, line, "a heading is '# Title', '## Title' or '### Title'")
			}
			doc.Blocks = append(doc.Blocks, Heading{Level: level, Text: text})
		case strings.HasPrefix(line, "- "):
			if len(para) > 0 {
				doc.Blocks = append(doc.Blocks, Paragraph{Runs: ParseRuns(strings.Join(para, " "))})
				para = nil
			}
			if list == nil {
				list = &List{}
			}
			list.Items = append(list.Items, ParseRuns(strings.TrimSpace(line[2:])))
		default:
			if list != nil { // continuation of the last item
				last := len(list.Items) - 1
				list.Items[last] = append(list.Items[last], ParseRuns(" "+line)...)
				continue
			}
			para = append(para, line)
		}
	}
	flush()
	return doc, nil
}

func splitCells(line string, n int) []string {
	parts := strings.SplitN(line, "|", n)
	for len(parts) < n {
		parts = append(parts, "")
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func parseBlock(name, arg string, body []string, n int, line string) (Block, error) {
	switch name {
	case "fiche":
		kv := KeyValues{Title: arg}
		for _, l := range body {
			c := splitCells(l, 2)
			kv.Pairs = append(kv.Pairs, KeyValue{Key: c[0], Value: c[1]})
		}
		return kv, nil
	case "tableau":
		var widths []float64
		for _, w := range strings.Split(arg, ",") {
			if strings.TrimSpace(w) == "" {
				continue
			}
			v, err := strconv.ParseFloat(strings.TrimSpace(w), 64)
			if err != nil || v <= 0 {
				return nil, markupErr(n, line, "column widths are positive numbers separated by commas, e.g. ::tableau 20,50,30")
			}
			widths = append(widths, v)
		}
		if len(body) == 0 {
			return nil, markupErr(n, line, "the table has no header line")
		}
		cols := len(widths)
		if cols == 0 {
			cols = len(strings.Split(body[0], "|"))
		}
		t := Table{Header: splitCells(body[0], cols), Widths: widths}
		for _, l := range body[1:] {
			t.Rows = append(t.Rows, splitCells(l, cols))
		}
		return t, nil
	case "signatures":
		if len(body) == 0 {
			return nil, markupErr(n, line, "the signature block has no captions line")
		}
		caps := strings.Split(body[0], "|")
		s := Signatures{}
		for _, c := range caps {
			s.Parties = append(s.Parties, SignatureParty{Caption: strings.TrimSpace(c)})
		}
		for _, l := range body[1:] {
			for i, c := range splitCells(l, len(caps)) {
				if c != "" {
					s.Parties[i].Lines = append(s.Parties[i].Lines, c)
				}
			}
		}
		return s, nil
	}
	return nil, nil
}

// ParseRuns splits "a **b** c" into runs; an unmatched "**" is kept as text.
func ParseRuns(s string) []Run {
	var out []Run
	bold := false
	for {
		i := strings.Index(s, "**")
		if i < 0 || (!bold && !strings.Contains(s[i+2:], "**")) {
			break
		}
		if i > 0 {
			out = append(out, Run{Text: s[:i], Bold: bold})
		}
		bold = !bold
		s = s[i+2:]
	}
	if s != "" {
		out = append(out, Run{Text: s, Bold: bold})
	}
	return out
}
