package report

import (
	"fmt"
	"regexp"
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
//
// Numbers are computed from what is printed, so that a passage a scope
// leaves out never leaves a gap: "# Article — Objet" is printed "Article 1 —
// Objet", the next "# Article — …" "Article 2 — …"; a "## Title" within a
// numbered article is "2.1 Title", a "### Title" within it "2.1.1 Title";
// "# Annexe — Title" is numbered on its own ("Annexe 1 — Title"; its
// sub-headings are not numbered). A heading with any other text ("#
// Article unique", "## Préambule") is printed as written. A heading may end
// with an anchor "{#label}" (lower-case letters, digits, "-"); the text
// then refers to it by label, resolved once everything is numbered:
// "[[label]]" prints "l'article 9" (or "l'article 5.2", "l'annexe 2"),
// "[[#label]]" the number alone ("9"). An unknown label is an error naming
// it.
//
// French typography (see French) is applied to every text of the result,
// the template's and the values it printed alike.

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
	var from []int // the source line of each block
	paraLine, listLine := 0, 0
	flush := func() {
		if len(para) > 0 {
			doc.Blocks = append(doc.Blocks, Paragraph{Runs: ParseRuns(strings.Join(para, " "))})
			from = append(from, paraLine)
			para = nil
		}
		if list != nil {
			doc.Blocks = append(doc.Blocks, *list)
			from = append(from, listLine)
			list = nil
		}
	}
	num := &numbering{anchors: map[string]anchor{}}
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
					from = append(from, n)
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
				from = append(from, n)
			}
			i = end
		case strings.HasPrefix(line, "#"):
			flush()
			level := len(line) - len(strings.TrimLeft(line, "#"))
			text := strings.TrimSpace(line[level:])
			if level > 3 || text == "" || !strings.HasPrefix(line[level:], " ") {
				return nil, markupErr(n, line, "a heading is '# Title', '## Title' or '### Title'")
			}
			text, err := num.heading(level, text, n, line)
			if err != nil {
				return nil, err
			}
			doc.Blocks = append(doc.Blocks, Heading{Level: level, Text: text})
			from = append(from, n)
		case strings.HasPrefix(line, "- "):
			if len(para) > 0 {
				doc.Blocks = append(doc.Blocks, Paragraph{Runs: ParseRuns(strings.Join(para, " "))})
				from = append(from, paraLine)
				para = nil
			}
			if list == nil {
				list = &List{}
				listLine = n
			}
			list.Items = append(list.Items, ParseRuns(strings.TrimSpace(line[2:])))
		default:
			if list != nil { // continuation of the last item
				last := len(list.Items) - 1
				list.Items[last] = append(list.Items[last], ParseRuns(" "+line)...)
				continue
			}
			if len(para) == 0 {
				paraLine = n
			}
			para = append(para, line)
		}
	}
	flush()
	if err := finish(doc, from, lines, num); err != nil {
		return nil, err
	}
	return doc, nil
}

// anchor is where a label points: "article" or "annexe", and the number.
type anchor struct {
	kind, number string
}

// numbering numbers the headings as they come (see ParseMarkup).
type numbering struct {
	article, annex int
	sub, subsub    int
	inArticle      bool // under a numbered article
	anchors        map[string]anchor
}

var (
	reNumbered = regexp.MustCompile(`^(Article|Annexe)\s*—\s*(.*)$`)
	reAnchor   = regexp.MustCompile(`\s*\{#([^}]*)\}$`)
	reLabel    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	reRef      = regexp.MustCompile(`\[\[(#?)([^\]]*)\]\]`)
)

// heading numbers a heading and records its anchor; it returns the text
// to print.
func (nb *numbering) heading(level int, text string, n int, line string) (string, error) {
	label := ""
	if m := reAnchor.FindStringSubmatch(text); m != nil {
		label = m[1]
		text = strings.TrimSpace(text[:len(text)-len(m[0])])
		if !reLabel.MatchString(label) {
			return "", markupErr(n, line, "the anchor {#%s} is not a label: use lower-case letters, digits and '-', e.g. {#donnees}", label)
		}
		if _, dup := nb.anchors[label]; dup {
			return "", markupErr(n, line, "the anchor {#%s} is used twice", label)
		}
	}
	var at anchor
	switch level {
	case 1:
		nb.inArticle, nb.sub, nb.subsub = false, 0, 0
		if m := reNumbered.FindStringSubmatch(text); m != nil {
			if m[1] == "Article" {
				nb.article++
				nb.inArticle = true
				at = anchor{"article", strconv.Itoa(nb.article)}
			} else {
				nb.annex++
				at = anchor{"annexe", strconv.Itoa(nb.annex)}
			}
			text = m[1] + " " + at.number
			if rest := strings.TrimSpace(m[2]); rest != "" {
				text += " — " + rest
			}
		}
	case 2:
		nb.subsub = 0
		if nb.inArticle {
			nb.sub++
			at = anchor{"article", fmt.Sprintf("%d.%d", nb.article, nb.sub)}
			text = at.number + " " + text
		}
	case 3:
		if nb.inArticle && nb.sub > 0 {
			nb.subsub++
			at = anchor{"article", fmt.Sprintf("%d.%d.%d", nb.article, nb.sub, nb.subsub)}
			text = at.number + " " + text
		}
	}
	if label != "" {
		if at.number == "" {
			return "", markupErr(n, line, "the anchor {#%s} is on a heading that has no number: put it on a '# Article — …', '# Annexe — …' or a sub-heading of an article", label)
		}
		nb.anchors[label] = at
	}
	return text, nil
}

// finish resolves the cross-references and applies French typography to
// every text of the document.
func finish(doc *Document, from []int, lines []string, nb *numbering) error {
	var err error
	fix := func(s string, blk int) string {
		if err != nil {
			return s
		}
		if strings.Contains(s, "[[") {
			s = reRef.ReplaceAllStringFunc(s, func(m string) string {
				sm := reRef.FindStringSubmatch(m)
				at, ok := nb.anchors[sm[2]]
				if !ok {
					if err == nil {
						n := 0
						if blk >= 0 && blk < len(from) {
							n = from[blk]
						}
						text := ""
						if n > 0 && n <= len(lines) {
							text = strings.TrimSpace(lines[n-1])
						}
						err = domain.Errorf(domain.KindRejected, "TEMPLATE_REFERENCE", "line %d of the generated text (%q): [[%s]] refers to no heading (labels: %s)", n, truncate(text, 60), sm[2], nb.labels()).
							WithHint("put the anchor {#%s} at the end of the heading it refers to", sm[2])
					}
					return m
				}
				if sm[1] == "#" {
					return at.number
				}
				return "l'" + at.kind + " " + at.number
			})
		}
		return French(s)
	}
	runs := func(rs []Run, blk int) []Run {
		out := make([]Run, len(rs))
		for i, r := range rs {
			out[i] = Run{Text: fix(r.Text, blk), Bold: r.Bold}
		}
		return out
	}
	strs := func(ss []string, blk int) []string {
		out := make([]string, len(ss))
		for i, x := range ss {
			out[i] = fix(x, blk)
		}
		return out
	}
	doc.Title, doc.Subtitle = fix(doc.Title, -1), fix(doc.Subtitle, -1)
	doc.HeaderText, doc.FooterText = fix(doc.HeaderText, -1), fix(doc.FooterText, -1)
	for i, b := range doc.Blocks {
		switch x := b.(type) {
		case Heading:
			x.Text = fix(x.Text, i)
			doc.Blocks[i] = x
		case Paragraph:
			x.Runs = runs(x.Runs, i)
			doc.Blocks[i] = x
		case List:
			items := make([][]Run, len(x.Items))
			for k, it := range x.Items {
				items[k] = runs(it, i)
			}
			x.Items = items
			doc.Blocks[i] = x
		case Table:
			x.Header = strs(x.Header, i)
			rows := make([][]string, len(x.Rows))
			for k, r := range x.Rows {
				rows[k] = strs(r, i)
			}
			x.Rows = rows
			doc.Blocks[i] = x
		case KeyValues:
			x.Title = fix(x.Title, i)
			pairs := make([]KeyValue, len(x.Pairs))
			for k, p := range x.Pairs {
				pairs[k] = KeyValue{Key: fix(p.Key, i), Value: fix(p.Value, i)}
			}
			x.Pairs = pairs
			doc.Blocks[i] = x
		case Signatures:
			parties := make([]SignatureParty, len(x.Parties))
			for k, p := range x.Parties {
				parties[k] = SignatureParty{Caption: fix(p.Caption, i), Lines: strs(p.Lines, i)}
			}
			x.Parties = parties
			doc.Blocks[i] = x
		}
	}
	return err
}

func (nb *numbering) labels() string {
	if len(nb.anchors) == 0 {
		return "none"
	}
	var l []string
	for k := range nb.anchors {
		l = append(l, k)
	}
	sort.Strings(l)
	return strings.Join(l, ", ")
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
