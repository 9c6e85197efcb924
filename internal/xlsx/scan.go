package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// This file reads what excelize's streaming row iterator does not give
// without loading the whole worksheet into memory: the list of sheets with
// their state and part, the merged ranges and the formula cells that have no
// cached value. It streams the worksheet XML once with a small tokenizer.

// sheetInfo is one sheet of the workbook, in workbook order.
type sheetInfo struct {
	Name   string
	Hidden bool
	Part   string // zip entry, e.g. xl/worksheets/sheet1.xml
	Chart  bool   // a chart sheet, which has no cells
}

type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type workbookXML struct {
	Sheets []struct {
		Name  string     `xml:"name,attr"`
		State string     `xml:"state,attr"`
		Attrs []xml.Attr `xml:",any,attr"`
	} `xml:"sheets>sheet"`
}

// zipIndex maps lower-cased entry names to entries.
func zipIndex(zr *zip.Reader) map[string]*zip.File {
	m := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		m[strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))] = f
	}
	return m
}

func readSmall(files map[string]*zip.File, name string, v any) error {
	f, ok := files[strings.ToLower(name)]
	if !ok {
		return fmt.Errorf("part %q is missing", name)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, 64<<20)).Decode(v)
}

// listSheets reads the workbook part and its relationships.
func listSheets(files map[string]*zip.File) ([]sheetInfo, error) {
	wbPart := "xl/workbook.xml"
	var root relationships
	if err := readSmall(files, "_rels/.rels", &root); err == nil {
		for _, r := range root.Rels {
			if strings.HasSuffix(r.Type, "/officeDocument") && r.Target != "" {
				wbPart = strings.TrimPrefix(r.Target, "/")
			}
		}
	}
	var wb workbookXML
	if err := readSmall(files, wbPart, &wb); err != nil {
		return nil, err
	}
	dir, base := path.Split(wbPart)
	var rels relationships
	if err := readSmall(files, dir+"_rels/"+base+".rels", &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(dir, t)
		}
		targets[r.ID] = t
	}
	out := make([]sheetInfo, 0, len(wb.Sheets))
	for _, s := range wb.Sheets {
		si := sheetInfo{Name: s.Name, Hidden: s.State == "hidden" || s.State == "veryHidden"}
		for _, a := range s.Attrs {
			if a.Name.Local == "id" && a.Name.Space != "" {
				si.Part = targets[a.Value]
			}
		}
		si.Chart = strings.Contains(strings.ToLower(si.Part), "chartsheets/")
		out = append(out, si)
	}
	return out, nil
}

// cellRange is a merged range, 0-based columns and 1-based rows.
type cellRange struct {
	top, left, bottom, right int
}

// sheetScan is what scanSheet found.
type sheetScan struct {
	merges  []cellRange
	noValue map[int][]int // row → 0-based columns of formulas without a cached value
}

const (
	maxMerges    = 100000
	maxNoValue   = 10000
	maxTagBytes  = 1 << 20
	scanChunkLen = 256 << 10
)

// parseRef reads "AB12" into a 0-based column and a 1-based row.
func parseRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
		if col > 16384 {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	r, err := strconv.Atoi(strings.TrimPrefix(ref[i:], "$"))
	if err != nil || r < 1 || r > 1048576 {
		return 0, 0, false
	}
	return col - 1, r, true
}

// attr returns the value of attribute name in the inside of a tag.
func attr(tag []byte, name string) (string, bool) {
	i := bytes.IndexAny(tag, " \t\r\n")
	if i < 0 {
		return "", false
	}
	rest := tag[i:]
	for {
		rest = bytes.TrimLeft(rest, " \t\r\n/")
		eq := bytes.IndexByte(rest, '=')
		if eq < 0 {
			return "", false
		}
		key := bytes.TrimSpace(rest[:eq])
		rest = bytes.TrimLeft(rest[eq+1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return "", false
		}
		q := rest[0]
		end := bytes.IndexByte(rest[1:], q)
		if end < 0 {
			return "", false
		}
		val := rest[1 : 1+end]
		rest = rest[2+end:]
		if k := localName(key); string(k) == name {
			return string(val), true
		}
	}
}

func localName(b []byte) []byte {
	if i := bytes.IndexByte(b, ':'); i >= 0 {
		return b[i+1:]
	}
	return b
}

// scanSheet streams a worksheet's XML and collects merged ranges and formula
// cells without a cached value.
func scanSheet(r io.Reader) (*sheetScan, error) {
	sc := &sheetScan{noValue: map[int][]int{}}
	var (
		buf                = make([]byte, 0, scanChunkLen)
		eof                bool
		row, col           int
		inCell, hasF, hasV bool
		cellRow, cellCol   int
		noValueCount       int
		rowText            int64 // bytes of text in the cells of the row
		run                int64 // bytes of the current text run, anywhere
		inRowCell          bool  // inside a <c> of the current row
		readBuf            = make([]byte, scanChunkLen)
	)
	fill := func() error {
		if eof {
			return nil
		}
		n, err := r.Read(readBuf)
		buf = append(buf, readBuf[:n]...)
		if err == io.EOF {
			eof = true
			return nil
		}
		return err
	}
	// need makes sure buf holds the text up to and including the first
	// occurrence of end after start; it returns its index or -1 at EOF.
	need := func(start int, end []byte) (int, error) {
		from := start
		for {
			if i := bytes.Index(buf[from:], end); i >= 0 {
				return from + i, nil
			}
			if eof {
				return -1, nil
			}
			if len(buf)-start > maxTagBytes {
				return -1, errors.New("malformed worksheet XML (a tag larger than 1 MB)")
			}
			from = max(start, len(buf)-len(end)+1)
			if err := fill(); err != nil {
				return -1, err
			}
		}
	}
	// text counts the text between two tags when inside a cell; a row
	// holding more than maxRowText fails the scan (excelize holds a row).
	text := func(n int) error {
		// Any text run is one token in memory (even blanks between cells).
		if run += int64(n); run > maxRowText {
			return &rowTextError{row: max(row, 1), col: max(col, 0)}
		}
		if !inRowCell {
			return nil
		}
		rowText += int64(n)
		if rowText > maxRowText {
			return &rowTextError{row: cellRow, col: cellCol}
		}
		return nil
	}
	pos := 0
	for {
		lt := bytes.IndexByte(buf[pos:], '<')
		if lt < 0 {
			if err := text(len(buf) - pos); err != nil {
				return nil, err
			}
			buf = buf[:0]
			pos = 0
			if eof {
				break
			}
			if err := fill(); err != nil {
				return nil, err
			}
			continue
		}
		if err := text(lt); err != nil {
			return nil, err
		}
		run = 0
		start := pos + lt
		// Keep buf small: drop what was consumed.
		if start > scanChunkLen/2 {
			buf = append(buf[:0], buf[start:]...)
			start = 0
		}
		for len(buf)-start < 9 && !eof {
			if err := fill(); err != nil {
				return nil, err
			}
		}
		rest := buf[start:]
		var end int
		var err error
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end, err = need(start+4, []byte("-->"))
			if end >= 0 {
				end += 2
			}
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end, err = need(start+9, []byte("]]>"))
			if end >= 0 {
				end += 2
			}
		default:
			end, err = need(start+1, []byte(">"))
		}
		if err != nil {
			return nil, err
		}
		if end < 0 {
			break // truncated at the end: excelize reports it
		}
		tag := buf[start+1 : end]
		pos = end + 1
		if len(tag) == 0 || tag[0] == '?' || tag[0] == '!' {
			continue
		}
		if tag[0] == '/' {
			if inCell && string(localName(bytes.TrimSpace(tag[1:]))) == "c" {
				inCell, inRowCell = false, false
				if hasF && !hasV {
					noValueCount++
					if noValueCount <= maxNoValue {
						sc.noValue[cellRow] = append(sc.noValue[cellRow], cellCol)
					}
				}
			}
			continue
		}
		self := tag[len(tag)-1] == '/'
		nameEnd := bytes.IndexAny(tag, " \t\r\n/")
		if nameEnd < 0 {
			nameEnd = len(tag)
		}
		switch string(localName(tag[:nameEnd])) {
		case "row":
			if v, ok := attr(tag, "r"); ok {
				if n, err := strconv.Atoi(v); err == nil {
					row = n
				} else {
					row++
				}
			} else {
				row++
			}
			col = -1
			rowText = 0
		case "c":
			col++
			cellRow, cellCol = row, col
			if v, ok := attr(tag, "r"); ok {
				if c, r, ok := parseRef(v); ok {
					cellRow, cellCol, col = r, c, c
				}
			}
			inCell, hasF, hasV = !self, false, false
			inRowCell = inCell
		case "f":
			hasF = hasF || inCell
		case "v":
			hasV = hasV || inCell
		case "mergeCell":
			if v, ok := attr(tag, "ref"); ok && len(sc.merges) < maxMerges {
				if a, b, ok := strings.Cut(v, ":"); ok {
					c1, r1, ok1 := parseRef(a)
					c2, r2, ok2 := parseRef(b)
					if ok1 && ok2 && r1 <= r2 && c1 <= c2 {
						sc.merges = append(sc.merges, cellRange{r1, c1, r2, c2})
					}
				}
			}
		}
	}
	return sc, nil
}
