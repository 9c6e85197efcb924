package fcexport

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/habil-app/habil/internal/domain"
)

// builder converts the text of one fiche and collects its problems.
type builder struct {
	f           *Fiche
	file        string
	line        int
	raw         string // the code as published
	seenBloc    map[string]bool
	seenStat    map[int]bool
	seenPartner map[string]bool
	access      map[domain.Access]bool
	juries      []juryText // SI_JURY_*/COMPOSITION, in file order
}

type juryText struct {
	route domain.Access
	open  bool
	text  string
}

func newBuilder(file string, line int, rawCode string) *builder {
	return &builder{f: &Fiche{}, file: file, line: line, raw: strings.TrimSpace(rawCode),
		seenBloc: map[string]bool{}, seenStat: map[int]bool{}, seenPartner: map[string]bool{}, access: map[domain.Access]bool{}}
}

func (b *builder) problem(line int, field, code, format string, args ...any) {
	b.f.Problems = append(b.f.Problems, Problem{File: b.file, Line: line, Field: field, Fiche: b.raw, Code: code, Msg: fmt.Sprintf(format, args...)})
}

func (b *builder) note(line int, field, code, format string, args ...any) {
	b.f.Notes = append(b.f.Notes, Problem{File: b.file, Line: line, Field: field, Fiche: b.raw, Code: code, Msg: fmt.Sprintf(format, args...)})
}

// clean trims and collapses white space.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func (b *builder) text(line int, field, s string) string {
	s = clean(s)
	if !utf8.ValidString(s) {
		b.problem(line, field, "FICHE_TEXT", "the text is not valid UTF-8")
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	if err := domain.CleanText("the text", s); err != nil { // domain's text rule
		var de *domain.Error
		if errors.As(err, &de) {
			b.problem(line, field, de.Code, "%s", de.Msg)
		}
		return domain.EscapeText(s)
	}
	return s
}

func (b *builder) code(field string) {
	c, err := domain.ParseCertCode(b.raw)
	if err != nil {
		if b.raw == "" {
			b.problem(b.line, field, "FICHE_CODE", "the fiche has no code")
		} else {
			b.problem(b.line, field, "FICHE_CODE", "%q is not an RNCP or RS code", b.raw)
		}
		return
	}
	b.f.Cert.Code = c
}

func (b *builder) title(field, s string) {
	t := b.text(b.line, field, s)
	if t == "" {
		b.problem(b.line, field, "FICHE_TITLE", "the title is empty")
	}
	b.f.Cert.Title = t
}

// level maps NIV3…NIV8 to 3…8; "" and REPRISE ("sans niveau") give 0; RS
// fiches have no level.
func (b *builder) level(field, s string) {
	v := strings.ToUpper(strings.TrimSpace(s))
	switch {
	case v == "" || v == "REPRISE":
		return
	case len(v) == 4 && strings.HasPrefix(v, "NIV") && v[3] >= '3' && v[3] <= '8':
		if b.f.Cert.Code.Register() == domain.RS {
			return
		}
		b.f.Cert.Level = int(v[3] - '0')
	default:
		b.problem(b.line, field, "FICHE_LEVEL", "%q is not a level: expected NIV3 to NIV8", strings.TrimSpace(s))
	}
}

// date reads JJ/MM/AAAA ("" is no date).
func (b *builder) date(line int, field, s string, strict bool) domain.Date {
	d, err := domain.ParseOptionalDate(s)
	if err != nil {
		msg := err.Error()
		var de *domain.Error
		if errors.As(err, &de) {
			msg = de.Msg
		}
		if strict {
			b.problem(line, field, "FICHE_DATE", "%s", msg)
		} else {
			b.note(line, field, "FICHE_DATE", "%s: kept as unknown", msg)
		}
		return domain.Date{}
	}
	return d
}

// flag reads Oui/Non (XML) or ACTIVE/INACTIVE (CSV); "" is unknown.
func (b *builder) flag(field, s string) *bool {
	var v bool
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "":
		return nil
	case "OUI", "ACTIVE", "ACTIF":
		v = true
	case "NON", "INACTIVE", "INACTIF":
		v = false
	default:
		b.problem(b.line, field, "FICHE_FLAG", "%q is not Oui/Non (ACTIVE/INACTIVE)", strings.TrimSpace(s))
		return nil
	}
	return &v
}

func (b *builder) bloc(line int, fieldCode, fieldLabel, code, label string) {
	c := strings.ToUpper(clean(code))
	if c == "" {
		b.problem(line, fieldCode, "FICHE_BLOC", "a bloc has no code")
		return
	}
	if b.seenBloc[c] {
		return
	}
	b.seenBloc[c] = true
	b.f.Cert.Blocs = append(b.f.Cert.Blocs, domain.Bloc{Code: c, Label: b.text(line, fieldLabel, label)})
}

func (b *builder) route(a domain.Access) { b.access[a] = true }

// reParagraph matches what the export writes for a line break inside a
// text (three or more spaces, or a real line break).
var reParagraph = regexp.MustCompile(`[ \t\x{00a0}]*(?:\r?\n|[ \t\x{00a0}]{3,})[\s\x{00a0}]*`)

// longText cleans a long text of the export (jury composition,
// prerequisites, evaluation modalities): the export writes its line breaks
// as runs of spaces; they become one line each ("\n"), other spaces are
// collapsed.
func (b *builder) longText(line int, field, s string) string {
	parts := reParagraph.Split(strings.TrimSpace(s), -1)
	var out []string
	for _, p := range parts {
		if p = b.text(line, field, p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n")
}

// blocEvaluation records a bloc's published evaluation modalities.
func (b *builder) blocEvaluation(line int, field, code, text string) {
	c := strings.ToUpper(clean(code))
	for i := range b.f.Cert.Blocs {
		if bl := &b.f.Cert.Blocs[i]; bl.Code == c && bl.PublishedEvaluation == "" {
			bl.PublishedEvaluation = b.longText(line, field, text)
		}
	}
}

// successor records a fiche that replaces this one (a malformed code is a
// note: it does not block the import).
func (b *builder) successor(line int, field, raw string) {
	c, err := domain.ParseCertCode(raw)
	if err != nil {
		if strings.TrimSpace(raw) != "" {
			b.note(line, field, "FICHE_CODE", "%q is not an RNCP or RS code: successor ignored", strings.TrimSpace(raw))
		}
		return
	}
	for _, x := range b.f.Cert.Successors {
		if x == c {
			return
		}
	}
	b.f.Cert.Successors = append(b.f.Cert.Successors, c)
}

// jury records the composition published for a route.
func (b *builder) jury(a domain.Access, open bool, text string) {
	if text != "" {
		b.juries = append(b.juries, juryText{a, open, text})
	}
}

// juryComposition is the fiche's jury composition: the one text when every
// open route publishes the same, else one line per text naming its routes
// ("FI, CA : …"). Routes that are closed count only when no open route
// publishes a composition.
func (b *builder) juryComposition() string {
	var use []juryText
	for _, j := range b.juries {
		if j.open {
			use = append(use, j)
		}
	}
	if len(use) == 0 {
		use = b.juries
	}
	var texts []string
	routes := map[string][]string{}
	for _, a := range domain.AllAccess {
		for _, j := range use {
			if j.route != a {
				continue
			}
			if _, ok := routes[j.text]; !ok {
				texts = append(texts, j.text)
			}
			routes[j.text] = append(routes[j.text], string(a))
		}
	}
	if len(texts) <= 1 {
		return strings.Join(texts, "")
	}
	var lines []string
	for _, t := range texts {
		for i, l := range strings.Split(t, "\n") {
			if i == 0 {
				l = strings.Join(routes[t], ", ") + " : " + l
			}
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// number reads a count or a rate ("" is unknown). Rates may carry a
// decimal part, rounded half up.
func (b *builder) number(line int, field, s string, rate bool) *int {
	v := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	v = strings.ReplaceAll(v, ",", ".")
	if v == "" {
		return nil
	}
	if rate && strings.Contains(v, ".") {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f <= 100 {
			n := int(f + 0.5)
			return &n
		}
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || (rate && n > 100) {
		what := "a whole number"
		if rate {
			what = "a rate from 0 to 100"
		}
		b.problem(line, field, "FICHE_NUMBER", "%q is not %s", strings.TrimSpace(s), what)
		return nil
	}
	return &n
}

func (b *builder) stat(line int, year, certified, vae, ins6, job24 string) {
	y, err := strconv.Atoi(strings.TrimSpace(year))
	if err != nil || y < 1900 || y > 2199 {
		b.problem(line, "STATISTIQUES_PROMOTION/ANNEE", "FICHE_NUMBER", "%q is not a year", strings.TrimSpace(year))
		return
	}
	s := domain.PromotionStat{Year: y,
		Certified:    b.number(line, "STATISTIQUES_PROMOTION/NOMBRE_CERTIFIES", certified, false),
		CertifiedVAE: b.number(line, "STATISTIQUES_PROMOTION/NOMBRE_CERTIFIES_VAE", vae, false),
		Insertion6m:  b.number(line, "STATISTIQUES_PROMOTION/TAUX_INSERTION_GLOBAL_6MOIS", ins6, true),
		TargetJob24m: b.number(line, "STATISTIQUES_PROMOTION/TAUX_INSERTION_METIER_2ANS", job24, true),
	}
	if b.seenStat[y] {
		b.note(line, "STATISTIQUES_PROMOTION/ANNEE", "FICHE_DUPLICATE", "year %d is published twice: the first is kept", y)
		return
	}
	b.seenStat[y] = true
	b.f.Cert.Stats = append(b.f.Cert.Stats, s)
}

func (b *builder) partner(p domain.PublishedPartner) {
	p.SIRET = domain.CleanDigits(p.SIRET)
	p.Name = clean(p.Name)
	p.Habilitation = strings.ToUpper(clean(p.Habilitation))
	p.Status = clean(p.Status)
	k := p.SIRET + "|" + p.Habilitation
	if b.seenPartner[k] {
		return
	}
	b.seenPartner[k] = true
	b.f.Cert.Partners = append(b.f.Cert.Partners, p)
}

func (b *builder) certifier(siret, name string) {
	b.f.Certifiers = append(b.f.Certifiers, Certifier{SIRET: domain.CleanDigits(siret), Name: clean(name)})
}

// done orders the lists so that the same export always gives the same data.
func (b *builder) done(shape Shape, date string) *Fiche {
	c := &b.f.Cert
	c.Access = domain.SortAccess(b.access)
	sort.SliceStable(c.Blocs, func(i, j int) bool { return c.Blocs[i].Code < c.Blocs[j].Code })
	sort.SliceStable(c.Stats, func(i, j int) bool { return c.Stats[i].Year < c.Stats[j].Year })
	sort.SliceStable(c.Partners, func(i, j int) bool {
		if c.Partners[i].SIRET != c.Partners[j].SIRET {
			return c.Partners[i].SIRET < c.Partners[j].SIRET
		}
		return c.Partners[i].Habilitation < c.Partners[j].Habilitation
	})
	c.Source, c.SourceDate = shape.Source(), date
	c.Published.JuryComposition = b.juryComposition()
	c.Certifiers = nil
	for _, x := range b.f.Certifiers {
		c.Certifiers = append(c.Certifiers, domain.FicheCertifier{SIRET: x.SIRET, Name: x.Name})
	}
	sort.SliceStable(c.Successors, func(i, j int) bool { return c.Successors[i] < c.Successors[j] })
	return b.f
}

// KeepLacking copies into c, from prev (the certification as stored before
// this import), what the shape cannot carry, so that a CSV import does not
// erase the promotion statistics, partner statuses and delivery deadline
// imported earlier from the XML export. It returns what it kept.
func KeepLacking(shape Shape, prev, c *domain.Certification) []string {
	if !shape.IsCSV() || prev == nil {
		return nil
	}
	var kept []string
	if len(prev.Stats) > 0 && len(c.Stats) == 0 {
		c.Stats = append([]domain.PromotionStat(nil), prev.Stats...)
		kept = append(kept, "promotion statistics")
	}
	if !prev.DeliveryLimit.IsZero() && c.DeliveryLimit.IsZero() {
		c.DeliveryLimit = prev.DeliveryLimit
		kept = append(kept, "delivery deadline")
	}
	old := map[string]domain.PublishedPartner{}
	for _, p := range prev.Partners {
		if p.Status != "" {
			old[p.SIRET+"|"+p.Habilitation] = p
		}
	}
	n := 0
	for i, p := range c.Partners {
		if o, ok := old[p.SIRET+"|"+p.Habilitation]; ok && p.Status == "" {
			c.Partners[i].Status, c.Partners[i].ActiveSince, c.Partners[i].StatusChange = o.Status, o.ActiveSince, o.StatusChange
			n++
		}
	}
	if n > 0 {
		kept = append(kept, "partner status")
	}
	if prev.Published != (domain.PublishedParams{}) && c.Published == (domain.PublishedParams{}) {
		c.Published = prev.Published
		kept = append(kept, "jury composition and prerequisites")
	}
	evals := map[string]string{}
	for _, x := range prev.Blocs {
		evals[x.Code] = x.PublishedEvaluation
	}
	n = 0
	for i, x := range c.Blocs {
		if e := evals[x.Code]; e != "" && x.PublishedEvaluation == "" {
			c.Blocs[i].PublishedEvaluation = e
			n++
		}
	}
	if n > 0 {
		kept = append(kept, "evaluation modalities")
	}
	return kept
}

// KeepLacking is the package's KeepLacking for a fiche of this result; it
// also keeps the successor fiches when the CSV export came without its
// Ancienne_Nouvelle_Certification file.
func (r *Result) KeepLacking(prev, c *domain.Certification) []string {
	kept := KeepLacking(r.Shape, prev, c)
	if r.Shape.IsCSV() && r.NoSuccessorFile && prev != nil && len(prev.Successors) > 0 && len(c.Successors) == 0 {
		c.Successors = append([]domain.CertCode(nil), prev.Successors...)
		kept = append(kept, "successor fiches")
	}
	return kept
}
