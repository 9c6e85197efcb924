package fcexport

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// The CSV files habil reads (the other four — Rome, Nsf, Formacode, CCN —
// are not needed; Ancienne_Nouvelle_Certification is read when present).
const (
	partStandard   = "Standard"
	partCertifiers = "Certificateurs"
	partPartners   = "Partenaires"
	partBlocs      = "Blocs_De_Compétences"
	partAccess     = "VoixdAccès"
	// partSuccessors is optional: without it the successors stay unknown.
	partSuccessors = "Ancienne_Nouvelle_Certification"
)

var partOrder = []string{partStandard, partCertifiers, partBlocs, partAccess, partPartners}

// required columns of each file, as domain.Fold gives them.
var partColumns = map[string][]string{
	partStandard:   {"numero fiche", "intitule", "nomenclature europe niveau", "date fin enregistrement", "actif"},
	partCertifiers: {"numero fiche", "siret certificateur", "nom certificateur"},
	partPartners:   {"numero fiche", "nom partenaire", "siret partenaire", "habilitation partenaire"},
	partBlocs:      {"numero fiche", "bloc competences code", "bloc competences libelle"},
	partAccess:     {"numero fiche", "si jury"},
	partSuccessors: {"numero fiche", "nouvelle certification"},
}

type csvPart struct {
	name string
	size int64 // uncompressed bytes
	open func() (io.ReadCloser, error)
}

type csvParts map[string]*csvPart

// size is the data a CSV scan reads (Certificateurs is read twice).
func (p csvParts) size() int64 {
	var n int64
	for k, x := range p {
		n += x.size
		if k == partCertifiers {
			n += x.size
		}
	}
	return n
}

// csvKind recognises export_fiches_CSV_<Name>_AAAA_MM_JJ.csv, whatever the
// case, the Unicode normalisation or the encoding of the accented names.
func csvKind(base string) string {
	if !strings.HasSuffix(strings.ToLower(base), ".csv") {
		return ""
	}
	f := " " + domain.Fold(base[:len(base)-len(".csv")]) + " "
	if !strings.Contains(f, " fiches csv ") {
		return ""
	}
	switch {
	case strings.Contains(f, " standard "):
		return partStandard
	case strings.Contains(f, " certificateurs "):
		return partCertifiers
	case strings.Contains(f, " partenaires "):
		return partPartners
	case strings.Contains(f, " blocs de comp"):
		return partBlocs
	case strings.Contains(f, " voixd"), strings.Contains(f, " voiesd"), strings.Contains(f, " voies d acc"):
		return partAccess
	case strings.Contains(f, " ancienne nouvelle "):
		return partSuccessors
	}
	return ""
}

func (p csvParts) complete(display string) error {
	var missing []string
	for _, k := range partOrder {
		if p[k] == nil {
			missing = append(missing, "export_fiches_CSV_"+k+"_*.csv")
		}
	}
	if len(missing) > 0 {
		return rejected("FC_CSV_MISSING", "%s is not a complete CSV export: %s missing; %s", display, strings.Join(missing, ", "), Expected).
			WithHint(DownloadHint)
	}
	return nil
}

// csvFile reads one ';'-separated file of the export, row by row.
type csvFile struct {
	display string
	rc      io.ReadCloser
	r       *csv.Reader
	col     map[string]int // folded header → index
	header  []string
	guard   *rowGuard
	last    int // line where the last row read ended
}

func openCSV(p *csvPart, prefix, kind string) (*csvFile, error) {
	display := prefix + p.name
	rc, err := p.open()
	if err != nil {
		return nil, rejected("FC_DAMAGED", "cannot read %s (%v): the export is damaged", display, zipErrText(err)).WithHint("download the export again; " + DownloadHint)
	}
	guard := &rowGuard{r: rc}
	r := csv.NewReader(bufio.NewReaderSize(guard, 64<<10))
	r.Comma = ';'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	c := &csvFile{display: display, rc: rc, r: r, guard: guard, col: map[string]int{}}
	h, err := r.Read()
	if err != nil {
		rc.Close()
		if errors.Is(err, io.EOF) {
			return nil, rejected("FC_CSV", "%s is empty: expected the header line of the France Compétences CSV export", display).WithHint(DownloadHint)
		}
		return nil, c.readError(err)
	}
	for i, name := range h {
		name = strings.TrimPrefix(name, "\ufeff")
		c.header = append(c.header, name)
		if _, dup := c.col[domain.Fold(name)]; !dup {
			c.col[domain.Fold(name)] = i
		}
	}
	var missing []string
	for _, k := range partColumns[kind] {
		if _, ok := c.col[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		rc.Close()
		return nil, rejected("FC_CSV_HEADER", "%s:1: column(s) %s missing (found: %s): not the France Compétences CSV export", display,
			strings.Join(missing, ", "), strings.Join(c.header, ", ")).WithHint(DownloadHint)
	}
	return c, nil
}

func (c *csvFile) Close() error { return c.rc.Close() }

// next returns the next row and its line, io.EOF at the end.
func (c *csvFile) next() ([]string, int, error) {
	rec, err := c.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		return nil, 0, c.readError(err)
	}
	line, _ := c.r.FieldPos(0)
	if n := len(rec); n > 0 {
		end, _ := c.r.FieldPos(n - 1)
		c.last = end + strings.Count(rec[n-1], "\n")
	}
	c.guard.mark = c.guard.n // the next row starts its budget
	return rec, line, nil
}

func (c *csvFile) readError(err error) error {
	if le, ok := asLimit(err); ok {
		le.line = c.last + 1
		return rejectLimit(c.display, le)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return rejected("FC_CSV", "%s:%d: not readable as CSV (%v); nothing was imported", c.display, pe.Line, pe.Err).
			WithHint("download the export again; " + DownloadHint)
	}
	return rejected("FC_DAMAGED", "%s: cannot read the file (%v): the export is truncated or damaged; nothing was imported", c.display, zipErrText(err)).
		WithHint("download the export again; " + DownloadHint)
}

// get returns the trimmed value of a column ("" when the row is short).
func (c *csvFile) get(rec []string, key string) string {
	i, ok := c.col[key]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// column returns the header text of a column, for messages.
func (c *csvFile) column(key string) string {
	if i, ok := c.col[key]; ok {
		return c.header[i]
	}
	return key
}

// each calls fn for every row.
func (c *csvFile) each(ctx context.Context, fn func(rec []string, line int)) error {
	for n := 0; ; n++ {
		rec, line, err := c.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		fn(rec, line)
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
}

func (s *scanner) eachRow(ctx context.Context, parts csvParts, prefix, kind string, fn func(c *csvFile, rec []string, line int)) error {
	c, err := openCSV(parts[kind], prefix, kind)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.each(ctx, func(rec []string, line int) { fn(c, rec, line) })
}

// scanCSV reads the CSV export: Certificateurs first (to select), then
// Standard (one row per fiche), then the blocs, access routes and partners
// of the selected fiches. Each file is streamed; only the selected fiches
// are kept.
func (s *scanner) scanCSV(ctx context.Context, parts csvParts, prefix string) error {
	bySIRET := map[string]bool{}
	siretMode := !s.sel.All && s.codes == nil
	err := s.eachRow(ctx, parts, prefix, partCertifiers, func(c *csvFile, rec []string, line int) {
		code, _ := normCode(c.get(rec, "numero fiche"))
		cert := Certifier{SIRET: domain.CleanDigits(c.get(rec, "siret certificateur")), Name: clean(c.get(rec, "nom certificateur"))}
		mine := siretMode && cert.SIRET != "" && cert.SIRET == string(s.sel.SIRET)
		if mine {
			bySIRET[code] = true
		}
		if cert.SIRET == "" {
			s.res.WithoutCertifierSIRET++
		}
		s.countCertifier(code, cert, mine)
	})
	if err != nil {
		return err
	}
	selected := func(code string) bool {
		return s.sel.All || (s.codes != nil && s.codes[domain.CertCode(code)]) || bySIRET[code]
	}

	builders := map[string]*builder{}
	var order []string
	err = s.eachRow(ctx, parts, prefix, partStandard, func(c *csvFile, rec []string, line int) {
		raw := c.get(rec, "numero fiche")
		code, _ := normCode(raw)
		s.count(code)
		b := newBuilder(c.display, line, raw)
		b.code(c.column("numero fiche"))
		b.title(c.column("intitule"), c.get(rec, "intitule"))
		b.level(c.column("nomenclature europe niveau"), c.get(rec, "nomenclature europe niveau"))
		b.f.Cert.EndDate = b.date(line, c.column("date fin enregistrement"), c.get(rec, "date fin enregistrement"), true)
		b.f.Cert.Active = b.flag(c.column("actif"), c.get(rec, "actif"))
		b.f.Cert.RegistrationType = b.text(line, c.column("type enregistrement"), c.get(rec, "type enregistrement"))
		b.f.Cert.PartialValidation = b.flag(c.column("validation partielle"), c.get(rec, "validation partielle"))
		if !selected(code) {
			s.skip(b.f.Problems)
			return
		}
		if _, ok := builders[code]; ok {
			if !s.dup[code] {
				s.dup[code] = true
				s.res.Duplicates = append(s.res.Duplicates, code)
			}
		} else {
			order = append(order, code)
		}
		builders[code] = b
	})
	if err != nil {
		return err
	}
	if len(builders) == 0 {
		return nil
	}

	// The certifiers of the selected fiches (for the notes).
	err = s.eachRow(ctx, parts, prefix, partCertifiers, func(c *csvFile, rec []string, line int) {
		code, _ := normCode(c.get(rec, "numero fiche"))
		if b := builders[code]; b != nil {
			b.certifier(c.get(rec, "siret certificateur"), c.get(rec, "nom certificateur"))
		}
	})
	if err != nil {
		return err
	}
	err = s.eachRow(ctx, parts, prefix, partBlocs, func(c *csvFile, rec []string, line int) {
		code, _ := normCode(c.get(rec, "numero fiche"))
		if b := builders[code]; b != nil {
			b.file = c.display
			b.bloc(line, c.column("bloc competences code"), c.column("bloc competences libelle"),
				c.get(rec, "bloc competences code"), c.get(rec, "bloc competences libelle"))
		}
	})
	if err != nil {
		return err
	}
	err = s.eachRow(ctx, parts, prefix, partAccess, func(c *csvFile, rec []string, line int) {
		code, _ := normCode(c.get(rec, "numero fiche"))
		b := builders[code]
		if b == nil {
			return
		}
		label := c.get(rec, "si jury")
		if label == "" {
			return
		}
		a, err := domain.ParseAccess(label)
		if err != nil {
			b.file = c.display
			b.problem(line, c.column("si jury"), "FICHE_ACCESS", "%q is not one of the six access routes of France Compétences", label)
			return
		}
		b.route(a)
	})
	if err != nil {
		return err
	}
	err = s.eachRow(ctx, parts, prefix, partPartners, func(c *csvFile, rec []string, line int) {
		code, _ := normCode(c.get(rec, "numero fiche"))
		if b := builders[code]; b != nil {
			b.partner(domain.PublishedPartner{SIRET: c.get(rec, "siret partenaire"), Name: c.get(rec, "nom partenaire"),
				Habilitation: c.get(rec, "habilitation partenaire")})
		}
	})
	if err != nil {
		return err
	}
	if parts[partSuccessors] == nil {
		s.res.NoSuccessorFile = true
	} else {
		err = s.eachRow(ctx, parts, prefix, partSuccessors, func(c *csvFile, rec []string, line int) {
			code, _ := normCode(c.get(rec, "numero fiche"))
			if b := builders[code]; b != nil {
				b.file = c.display
				b.successor(line, c.column("nouvelle certification"), c.get(rec, "nouvelle certification"))
			}
		})
		if err != nil {
			return err
		}
	}
	for _, code := range order {
		s.found[domain.CertCode(code)] = true
		s.res.Fiches = append(s.res.Fiches, builders[code].done(s.res.Shape, s.res.Date))
	}
	return nil
}
