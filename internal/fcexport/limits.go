package fcexport

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Limits applied while streaming an export, so that memory stays flat
// whatever the file holds (issue 10: a 2 MB zip holding one 2 GB text node
// took 4.2 GB of memory). The largest text node of the published samples
// is 4,452 bytes and the longest texts of real fiches (activities, skills)
// are some tens of KB: the limits leave a margin of a hundred times that.
const (
	// MaxTextNode bounds one XML text run (text, comment, CDATA) and one
	// tag with its attributes.
	MaxTextNode = 4 << 20
	// MaxFicheBytes bounds one <FICHE> element.
	MaxFicheBytes = 64 << 20
	// MaxCSVRow bounds one row of a CSV export file.
	MaxCSVRow = 4 << 20
	// MaxZipMember bounds the uncompressed size of one zip entry (the RNCP
	// XML export is about 1 GB); archive/zip never reads more than the
	// size an entry declares.
	MaxZipMember = 8 << 30
)

// The limits in force; tests lower them.
var (
	maxTextNode   int64 = MaxTextNode
	maxFicheBytes int64 = MaxFicheBytes
	maxCSVRow     int64 = MaxCSVRow
	maxZipMember  int64 = MaxZipMember
)

// limitError is a limit passed while reading; the scan turns it into a
// one-line rejection naming the limit and where.
type limitError struct {
	what  string // "text", "tag", "fiche", "row"
	elem  string // XML element holding the text ("" when unknown)
	line  int    // line where it happened
	limit int64
}

func (e *limitError) Error() string {
	return fmt.Sprintf("%s larger than %s", e.what, mb(e.limit))
}

func mb(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// rejectLimit formats a limitError of file name.
func rejectLimit(name string, le *limitError) error {
	switch le.what {
	case "fiche":
		return rejected("FC_TOO_LARGE", "%s:%d: a <FICHE> is larger than %s: this is not a France Compétences export (a fiche is some tens of KB); nothing was imported",
			name, le.line, mb(le.limit)).WithHint("download the export again; " + DownloadHint)
	case "row":
		return rejected("FC_TOO_LARGE", "%s:%d: a row is larger than %s: this is not a France Compétences export; nothing was imported",
			name, le.line, mb(le.limit)).WithHint("download the export again; " + DownloadHint)
	case "tag":
		return rejected("FC_TOO_LARGE", "%s:%d: a tag is larger than %s: this is not a France Compétences export; nothing was imported",
			name, le.line, mb(le.limit)).WithHint("download the export again; " + DownloadHint)
	}
	where := "a text"
	if le.elem != "" {
		where = "the text of <" + le.elem + ">"
	}
	return rejected("FC_TOO_LARGE", "%s:%d: %s is larger than %s: this is not a France Compétences export (its longest texts are some tens of KB); nothing was imported",
		name, le.line, where, mb(le.limit)).WithHint("download the export again; " + DownloadHint)
}

// asLimit finds a limitError in err.
func asLimit(err error) (*limitError, bool) {
	var le *limitError
	ok := errors.As(err, &le)
	return le, ok
}

// xmlGuard watches the raw bytes of an XML stream on their way to the
// decoder and fails the read as soon as a text run, a comment, a CDATA
// section, a processing instruction or a tag grows past maxTextNode, or
// the current FICHE past maxFicheBytes: encoding/xml holds each of those
// whole in memory. A run is counted from the last start or end tag, so
// that comments or CDATA cannot split one element's text into pieces.
type xmlGuard struct {
	r     io.Reader
	state int
	run   int64 // bytes since the last start or end tag
	line  int   // current line (1-based)
	name  []byte
	elem  string // the last start tag's name
	bang  []byte // bytes after "<!" until the kind is known
	tail  [2]byte
	n     int64 // bytes read
	mark  int64 // start of the current FICHE, -1 outside one
	err   error
}

const (
	gText = iota
	gLt
	gTagName
	gEndName
	gTag
	gBang
	gComment
	gCDATA
	gPI
	gDecl
)

func newXMLGuard(r io.Reader) *xmlGuard { return &xmlGuard{r: r, line: 1, mark: -1} }

// startFiche starts the FICHE budget; endFiche stops it.
func (g *xmlGuard) startFiche() { g.mark = g.n }
func (g *xmlGuard) endFiche()   { g.mark = -1 }

func (g *xmlGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	if n > 0 {
		if e := g.scan(p[:n]); e != nil {
			g.err = e
			return 0, e
		}
		g.n += int64(n)
		if g.mark >= 0 && g.n-g.mark > maxFicheBytes {
			g.err = &limitError{what: "fiche", line: g.line, limit: maxFicheBytes}
			return 0, g.err
		}
	}
	return n, err
}

func (g *xmlGuard) over(what string) error {
	elem := g.elem
	if what != "text" {
		elem = ""
	}
	return &limitError{what: what, elem: elem, line: g.line, limit: maxTextNode}
}

// scan advances the state machine over b.
func (g *xmlGuard) scan(b []byte) error {
	for i := 0; i < len(b); {
		switch g.state {
		case gText:
			j := bytes.IndexByte(b[i:], '<')
			seg := b[i:]
			if j >= 0 {
				seg = b[i : i+j]
			}
			g.line += bytes.Count(seg, []byte{'\n'})
			g.run += int64(len(seg))
			if g.run > maxTextNode {
				return g.over("text")
			}
			if j < 0 {
				return nil
			}
			i += j + 1
			g.state = gLt
			continue
		case gLt:
			c := b[i]
			switch c {
			case '/':
				g.state, g.run = gEndName, 0
			case '!':
				g.state, g.bang = gBang, g.bang[:0]
				g.run++
			case '?':
				g.state = gPI
				g.run++
			default:
				g.state, g.run = gTagName, 1
				g.name = append(g.name[:0], c)
			}
			i++
			continue
		case gTagName, gEndName, gTag:
			c := b[i]
			if c == '>' {
				if g.state == gTagName {
					g.elem = string(g.name)
				}
				g.state, g.run = gText, 0
				i++
				continue
			}
			if c == '\n' {
				g.line++
			}
			if g.state == gTagName {
				if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' {
					g.elem = string(g.name)
					g.state = gTag
				} else if len(g.name) < 128 {
					g.name = append(g.name, c)
				}
			}
			g.run++
			if g.run > maxTextNode {
				return g.over("tag")
			}
			i++
			continue
		case gBang:
			c := b[i]
			g.bang = append(g.bang, c)
			g.run++
			i++
			switch {
			case bytes.Equal(g.bang, []byte("--")):
				g.state, g.tail = gComment, [2]byte{}
			case bytes.Equal(g.bang, []byte("[CDATA[")):
				g.state, g.tail = gCDATA, [2]byte{}
			case bytes.HasPrefix([]byte("--"), g.bang) || bytes.HasPrefix([]byte("[CDATA["), g.bang):
				// not decided yet
			default:
				g.state = gDecl
				if c == '>' {
					g.state = gText
				}
			}
			continue
		default: // gComment, gCDATA, gPI, gDecl: count to their end
			c := b[i]
			if c == '\n' {
				g.line++
			}
			g.run++
			if g.run > maxTextNode {
				return g.over("text")
			}
			if c == '>' {
				switch {
				case g.state == gComment && g.tail == [2]byte{'-', '-'},
					g.state == gCDATA && g.tail == [2]byte{']', ']'},
					g.state == gPI && g.tail[1] == '?',
					g.state == gDecl:
					g.state = gText
				}
			}
			g.tail[0], g.tail[1] = g.tail[1], c
			i++
		}
	}
	return nil
}

// rowGuard bounds the bytes of one CSV row: the reader marks the start of
// each row (after the previous one was read) and the read fails once more
// than maxCSVRow bytes came in since (the CSV reader holds a row whole).
type rowGuard struct {
	r     io.Reader
	n     int64
	mark  int64
	lines int // newlines read, for the message
	err   error
}

func (g *rowGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	g.n += int64(n)
	g.lines += bytes.Count(p[:n], []byte{'\n'})
	if g.n-g.mark > maxCSVRow {
		g.err = &limitError{what: "row", line: g.lines + 1, limit: maxCSVRow}
		return 0, g.err
	}
	return n, err
}
