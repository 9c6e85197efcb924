// Package fcexport reads the France Compétences open-data export of the
// RNCP and RS registers (data.gouv.fr dataset "Répertoire national des
// certifications professionnelles et répertoire spécifique") in its two
// shapes:
//
//   - the XML v4.1 export (root FICHES), as a plain .xml file or inside the
//     daily export-fiches-{rncp,rs}-v4-1-AAAA-MM-JJ.zip;
//   - the CSV export export-fiches-csv-AAAA-MM-JJ.zip (10 ';'-separated files),
//     or the folder it unzips to.
//
// The shape is recognised from the content. Files are streamed: the XML is
// decoded one FICHE at a time and zip entries are never extracted to memory,
// so memory does not grow with the size of the export (about 1 GB for the
// RNCP XML). Only the selected fiches are kept.
//
// The package imports the standard library and domain only.
package fcexport

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// Shape is the form of an export file.
type Shape string

const (
	// ShapeXML is a plain export_fiches_{RNCP|RS}_V4_1_AAAA-MM-JJ.xml file.
	ShapeXML Shape = "xml"
	// ShapeXMLZip is the export-fiches-{rncp|rs}-v4-1-AAAA-MM-JJ.zip holding that XML.
	ShapeXMLZip Shape = "xml-zip"
	// ShapeCSVZip is export-fiches-csv-AAAA-MM-JJ.zip with its 10 CSV files.
	ShapeCSVZip Shape = "csv-zip"
	// ShapeCSVDir is the folder the CSV zip unzips to.
	ShapeCSVDir Shape = "csv-dir"
)

// IsCSV reports whether the shape is the CSV export.
func (s Shape) IsCSV() bool { return s == ShapeCSVZip || s == ShapeCSVDir }

// Source is the value stored in domain.Certification.Source.
func (s Shape) Source() string {
	if s.IsCSV() {
		return "fc-csv"
	}
	return "fc-xml"
}

// Describe names the shape for messages.
func (s Shape) Describe() string {
	switch s {
	case ShapeXML:
		return "XML v4.1 export"
	case ShapeXMLZip:
		return "zipped XML v4.1 export"
	case ShapeCSVZip:
		return "CSV export zip"
	case ShapeCSVDir:
		return "unzipped CSV export folder"
	}
	return string(s)
}

// Lacks lists what the shape does not carry (nil for the XML).
func (s Shape) Lacks() []string {
	if s.IsCSV() {
		return []string{"promotion statistics", "partner habilitation status and dates", "delivery deadline (DATE_LIMITE_DELIVRANCE)",
			"jury composition, prerequisites nor evaluation modalities"}
	}
	return nil
}

// Expected is the one-line description of what import accepts.
const Expected = "expected the France Compétences open-data export: XML v4.1 (export_fiches_RNCP_V4_1_*.xml, " +
	"or the export-fiches-rncp-v4-1-*.zip / export-fiches-rs-v4-1-*.zip holding it) or the CSV export zip (export-fiches-csv-*.zip)"

// DownloadHint tells where the export comes from.
const DownloadHint = "download it from data.gouv.fr, dataset \"Répertoire national des certifications professionnelles et répertoire spécifique\" (France Compétences)"

// rejected builds the exit-3 error of an unusable file.
func rejected(code, format string, args ...any) *domain.Error {
	return domain.Errorf(domain.KindRejected, code, format, args...)
}

// Export is an opened export file. Close it when done.
type Export struct {
	Path  string
	Shape Shape
	// Date of the export (YYYY-MM-DD) as read from the file names, "" when unknown.
	Date string
	// Size is how much data a scan reads, in bytes: the file, the
	// uncompressed entries of a zip, the largest CSV file of a folder.
	Size int64

	file    *os.File
	zr      *zip.Reader
	xmls    []*zip.File // ShapeXMLZip: the XML entries, in name order
	csv     csvParts    // CSV shapes
	display string      // how messages name the file
}

// Close releases the file.
func (e *Export) Close() error {
	if e.file != nil {
		err := e.file.Close()
		e.file = nil
		return err
	}
	return nil
}

var reDate = regexp.MustCompile(`(\d{4})[-_](\d{2})[-_](\d{2})`)

// dateIn finds an AAAA-MM-JJ or AAAA_MM_JJ date in a file name.
func dateIn(name string) string {
	m := reDate.FindStringSubmatch(name)
	if m == nil {
		return ""
	}
	d, err := domain.ParseDate(m[1] + "-" + m[2] + "-" + m[3])
	if err != nil {
		return ""
	}
	return d.String()
}

// Open recognises the shape of the file at p from its content. A missing or
// unreadable path is a KindNotFound/KindInternal error (exit 1); a file that
// is not an export is a KindRejected error (exit 3) saying what was expected.
func Open(p string) (*Export, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, openError(p, err)
	}
	e := &Export{Path: p, display: filepath.Base(p), Date: dateIn(filepath.Base(p))}
	if st.IsDir() {
		return e, e.openDir()
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, openError(p, err)
	}
	e.file, e.Size = f, st.Size()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		f.Close()
		return nil, openError(p, err)
	}
	head = head[:n]
	if err := e.detect(head); err != nil {
		f.Close()
		return nil, err
	}
	return e, nil
}

func openError(p string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return domain.Errorf(domain.KindNotFound, "FILE_NOT_FOUND", "cannot read %s: no such file", p).WithHint(DownloadHint)
	case errors.Is(err, fs.ErrPermission):
		return domain.Errorf(domain.KindInternal, "FILE_UNREADABLE", "cannot read %s: permission denied", p).
			WithHint("check the file's permissions")
	}
	return &domain.Error{Kind: domain.KindInternal, Code: "FILE_UNREADABLE", Msg: fmt.Sprintf("cannot read %s: %v", p, err), Err: err}
}

func (e *Export) detect(head []byte) error {
	name := e.display
	switch {
	case len(head) == 0:
		return rejected("FC_FORMAT", "%s is empty: %s", name, Expected).WithHint(DownloadHint)
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return e.openZip()
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case bytes.HasPrefix(text, []byte("<")):
		if _, err := e.file.Seek(0, io.SeekStart); err != nil {
			return openError(e.Path, err)
		}
		if err := checkRoot(bufio.NewReader(e.file), name); err != nil {
			return err
		}
		e.Shape = ShapeXML
		return nil
	case bytes.HasPrefix(head, []byte("%PDF")):
		return rejected("FC_FORMAT", "%s is a PDF document, not an export: %s", name, Expected).WithHint(DownloadHint)
	case bytes.HasPrefix(head, []byte("\x1f\x8b")):
		return rejected("FC_FORMAT", "%s is gzip-compressed: %s", name, Expected).WithHint("give the .zip or .xml as downloaded")
	case bytes.Contains(head, []byte("Numero_Fiche")):
		return rejected("FC_FORMAT", "%s is one file of the CSV export: give the whole export-fiches-csv-*.zip (or the folder of its 10 files)", name).
			WithHint(DownloadHint)
	}
	return rejected("FC_FORMAT", "%s is not a France Compétences export: %s", name, Expected).WithHint(DownloadHint)
}

// checkRoot reads up to the first element and requires <FICHES>.
func checkRoot(r io.Reader, name string) error {
	d := xml.NewDecoder(newXMLGuard(r))
	for {
		tok, err := d.RawToken()
		if le, ok := asLimit(err); ok {
			return rejectLimit(name, le)
		}
		if err != nil {
			line, _ := d.InputPos()
			return rejected("FC_XML", "%s:%d: not a readable XML file (%s): %s", name, line, xmlErrText(err), Expected).WithHint(DownloadHint)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local != "FICHES" {
				return rejected("FC_XML_ROOT", "%s: the XML root element is <%s>, expected <FICHES> of the France Compétences XML v4.1 export", name, se.Name.Local).
					WithHint(DownloadHint)
			}
			return nil
		}
	}
}

func xmlErrText(err error) string {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "it ends too early"
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return se.Msg
	}
	return err.Error()
}

func (e *Export) openZip() error {
	zr, err := zip.NewReader(e.file, e.Size)
	if err != nil {
		return rejected("FC_ZIP", "%s is not a readable zip (%v): the download is probably truncated or damaged; download it again", e.display, zipErrText(err)).
			WithHint(DownloadHint)
	}
	e.zr = zr
	parts := csvParts{}
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() || strings.HasPrefix(zf.Name, "__MACOSX/") {
			continue
		}
		// archive/zip never reads more than an entry declares: bounding
		// the declared size bounds what a zip bomb can make us read.
		if zf.UncompressedSize64 > uint64(maxZipMember) {
			return rejected("FC_TOO_LARGE", "%s: %s is %d MB once unpacked, more than the %s habil reads from one file of an export: this is not a France Compétences export",
				e.display, zf.Name, zf.UncompressedSize64>>20, mb(maxZipMember)).WithHint(DownloadHint)
		}
		base := path.Base(zf.Name)
		if strings.HasSuffix(strings.ToLower(base), ".xml") {
			e.xmls = append(e.xmls, zf)
			continue
		}
		if k := csvKind(base); k != "" && parts[k] == nil {
			zf := zf
			parts[k] = &csvPart{name: base, size: int64(zf.UncompressedSize64), open: func() (io.ReadCloser, error) { return zf.Open() }}
		}
	}
	switch {
	case len(e.xmls) > 0:
		sort.Slice(e.xmls, func(i, j int) bool { return e.xmls[i].Name < e.xmls[j].Name })
		for _, zf := range e.xmls {
			rc, err := zf.Open()
			if err != nil {
				return rejected("FC_ZIP", "%s: cannot read %s in the zip (%v): the zip is damaged", e.display, zf.Name, zipErrText(err)).WithHint("download it again; " + DownloadHint)
			}
			err = checkRoot(bufio.NewReader(rc), e.display+"/"+zf.Name)
			rc.Close()
			if err != nil {
				return err
			}
		}
		e.Shape, e.Size = ShapeXMLZip, 0
		for _, zf := range e.xmls {
			e.Size += int64(zf.UncompressedSize64)
		}
		if e.Date == "" {
			e.Date = dateIn(e.xmls[0].Name)
		}
		return nil
	case len(parts) > 0:
		if err := parts.complete(e.display); err != nil {
			return err
		}
		e.Shape, e.csv, e.Size = ShapeCSVZip, parts, parts.size()
		if e.Date == "" {
			e.Date = dateIn(parts[partStandard].name)
		}
		return nil
	}
	var names []string
	for i, zf := range zr.File {
		if i == 5 {
			names = append(names, "…")
			break
		}
		names = append(names, zf.Name)
	}
	return rejected("FC_ZIP_CONTENT", "%s holds no France Compétences export (found: %s): %s", e.display, orNone(names), Expected).
		WithHint(DownloadHint)
}

func zipErrText(err error) string {
	s := err.Error()
	return strings.TrimPrefix(s, "zip: ")
}

func orNone(l []string) string {
	if len(l) == 0 {
		return "nothing"
	}
	return strings.Join(l, ", ")
}

func (e *Export) openDir() error {
	entries, err := os.ReadDir(e.Path)
	if err != nil {
		return openError(e.Path, err)
	}
	parts := csvParts{}
	for _, de := range entries {
		if de.IsDir() {
			continue
		}
		if k := csvKind(de.Name()); k != "" && parts[k] == nil {
			full := filepath.Join(e.Path, de.Name())
			p := &csvPart{name: de.Name(), open: func() (io.ReadCloser, error) { return os.Open(full) }}
			if info, err := de.Info(); err == nil {
				p.size = info.Size()
			}
			parts[k] = p
		}
	}
	if len(parts) == 0 {
		return rejected("FC_FORMAT", "the folder %s holds no export_fiches_CSV_*.csv file: %s", e.display, Expected).WithHint(DownloadHint)
	}
	if err := parts.complete(e.display); err != nil {
		return err
	}
	e.Shape, e.csv, e.Size = ShapeCSVDir, parts, parts.size()
	if e.Date == "" {
		e.Date = dateIn(parts[partStandard].name)
	}
	return nil
}

// Certifier is a certifier listed on a fiche.
type Certifier struct {
	SIRET string // digits as published ("" when missing)
	Name  string
}

// Fiche is one fiche of the export, converted.
type Fiche struct {
	Cert       domain.Certification
	Certifiers []Certifier
	// Problems are malformed fields that make the fiche unusable.
	Problems []Problem
	// Notes are minor defects (a partner's date) that do not block the import.
	Notes []Problem
}

// Problem is a malformed field of a fiche.
type Problem struct {
	File  string // file, or zip/entry
	Line  int    // line of the FICHE (XML) or of the row (CSV)
	Field string // XML element or CSV column
	Fiche string // the fiche's code as published
	Code  string // stable code: FICHE_CODE, FICHE_DATE, FICHE_LEVEL, FICHE_NUMBER, FICHE_FLAG, FICHE_ACCESS, FICHE_TITLE, FICHE_TEXT
	Msg   string
}

// Error formats FILE:LINE:FIELD: CODE: fiche X: message.
func (p Problem) Error() string {
	fiche := p.Fiche
	if fiche == "" {
		fiche = "(no code)"
	}
	return fmt.Sprintf("%s:%d:%s: %s: fiche %s: %s", p.File, p.Line, p.Field, p.Code, fiche, p.Msg)
}

// Short formats "fiche X, FIELD: message" for one-line summaries.
func (p Problem) Short() string {
	fiche := p.Fiche
	if fiche == "" {
		fiche = fmt.Sprintf("at line %d", p.Line)
	}
	return fmt.Sprintf("%s (%s: %s)", fiche, p.Field, p.Msg)
}

// Selection says which fiches to keep.
type Selection struct {
	// SIRET of the certifier: fiches listing it among their certifiers.
	SIRET domain.SIRET
	// Name of the certifier: when no fiche lists the SIRET, fiches whose
	// certifier has this name (compared with domain.Fold) are suggested.
	Name string
	// Codes picks fiches explicitly; SIRET then only serves the notes.
	Codes []domain.CertCode
	// All keeps every fiche (tests and tools).
	All bool
	// Progress, when set, is called every 1000 fiches scanned.
	Progress func(scanned int)
}

// CertifierCount is a certifier name with its number of fiches.
type CertifierCount struct {
	Name   string
	SIRET  string // the SIRET seen most recently with that name ("" when never given)
	Fiches int
}

// Result is what a scan found.
type Result struct {
	Shape   Shape
	Date    string // export date, "" when unknown
	Version string // VERSION_FLUX of the XML
	Scanned int    // fiches read
	RNCP    int    // of which RNCP fiches
	RS      int    // of which RS fiches

	// Fiches are the selected fiches in file order; a fiche with Problems
	// must reject the import.
	Fiches []*Fiche
	// Missing are requested codes absent from the file.
	Missing []domain.CertCode
	// Skipped counts the fiches that were not selected and are malformed;
	// SkippedExamples holds the first few.
	Skipped         int
	SkippedExamples []Problem
	// Duplicates are selected codes found more than once (the last is kept).
	Duplicates []string

	// Certifiers are every certifier name with its fiche count, most
	// frequent first (for the hint when nothing matches).
	Certifiers []CertifierCount
	// WithoutCertifierSIRET counts the fiches that name no certifier SIRET.
	WithoutCertifierSIRET int
	// SameSIREN lists fiches certified by another establishment of the
	// selected SIRET's company ("RNCP123 (SIRET …)"), at most 20.
	SameSIREN []string
	// SameName lists fiches whose certifier bears Selection.Name, at most 20.
	SameName []string
	// NoSuccessorFile is set when a CSV export came without its
	// Ancienne_Nouvelle_Certification file (successors unknown, not none).
	NoSuccessorFile bool
}

// Problems returns the problems of the selected fiches.
func (r *Result) Problems() []Problem {
	var out []Problem
	for _, f := range r.Fiches {
		out = append(out, f.Problems...)
	}
	return out
}

// Scan reads the whole export and returns the selected fiches. Read errors
// in the middle of the file (truncated zip entry, XML syntax) are
// KindRejected errors; ctx cancellation stops the scan.
func (e *Export) Scan(ctx context.Context, sel Selection) (*Result, error) {
	s := newScanner(sel)
	s.res.Shape, s.res.Date = e.Shape, e.Date
	switch e.Shape {
	case ShapeXML:
		if _, err := e.file.Seek(0, io.SeekStart); err != nil {
			return nil, openError(e.Path, err)
		}
		if err := s.scanXML(ctx, e.file, e.display); err != nil {
			return nil, err
		}
	case ShapeXMLZip:
		for _, zf := range e.xmls {
			rc, err := zf.Open()
			if err != nil {
				return nil, rejected("FC_ZIP", "%s: cannot read %s in the zip (%v): the zip is damaged", e.display, zf.Name, zipErrText(err)).WithHint("download it again; " + DownloadHint)
			}
			err = s.scanXML(ctx, rc, e.display+"/"+zf.Name)
			rc.Close()
			if err != nil {
				return nil, err
			}
		}
	case ShapeCSVZip, ShapeCSVDir:
		prefix := e.display + "/"
		if err := s.scanCSV(ctx, e.csv, prefix); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("fcexport: export not opened")
	}
	return s.finish(), nil
}

// ReadXML scans an XML v4.1 stream (name is used in messages).
func ReadXML(ctx context.Context, r io.Reader, name string, sel Selection) (*Result, error) {
	s := newScanner(sel)
	s.res.Shape, s.res.Date = ShapeXML, dateIn(name)
	if err := s.scanXML(ctx, r, name); err != nil {
		return nil, err
	}
	return s.finish(), nil
}
