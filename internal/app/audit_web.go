package app

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/habil-app/habil/internal/domain"
)

// Website finding codes of 'audit web' (cli-contract.md, "Communication
// checks"). WEB_NOT_HABILITATED is an error, the others warnings.
const (
	WebCertificationMissing = "WEB_CERTIFICATION_MISSING"
	WebNotHabilitated       = "WEB_NOT_HABILITATED"
	WebCertifierMissing     = "WEB_CERTIFIER_MISSING"
	WebUnreachable          = "WEB_UNREACHABLE"
	WebTitleInexact         = "WEB_TITLE_INEXACT"
	WebNDAMention           = "WEB_NDA_MENTION"
)

// NDASentence is the sentence L6352-12 requires beside a déclaration
// d'activité number.
const NDASentence = "Cet enregistrement ne vaut pas agrément de l'État"

// WebPage is one fetched page as the application layer sees it (the CLI
// adapts internal/httpfetch to WebFetcher).
type WebPage struct {
	FinalURL    string
	Status      int // HTTP status, 0 when no response
	ContentType string
	Body        []byte // bounded by the fetcher
	SHA256      string // of Body
	Size        int64
	// Problem says why the page could not be fetched (network error,
	// timeout, redirect loop, too large); "" when it was.
	Problem string
	// Canceled is true when the run was interrupted during the fetch.
	Canceled bool
}

// WebFetcher fetches one http(s) address within its own time and size
// bounds; it reports failures in the page, never panics.
type WebFetcher func(ctx context.Context, url string) WebPage

// WebCheckInput is what 'audit web' asks for.
type WebCheckInput struct {
	// SIRETs are the partners to check; none: every active partner with a
	// website.
	SIRETs []domain.SIRET
	// URL replaces the recorded website (exactly one SIRET).
	URL   string
	At    domain.Date
	Fetch WebFetcher
	// Workers is the number of pages fetched at once (default 4).
	Workers int
}

// WebCheckResult is what 'audit web' found and recorded.
type WebCheckResult struct {
	Checks []domain.WebCheck // as recorded, in partner order
	// FinalURLs are the addresses actually read, after redirects
	// (FinalURLs[i] is Checks[i]'s; "" when nothing answered).
	FinalURLs []string
	Findings  []domain.Finding // every finding, sorted: errors first
	// Notes are the partners not checked (no website recorded).
	Notes []string
}

type webTarget struct {
	p   *domain.Partner
	url string
}

// CheckWebsites fetches the website of each partner (concurrently, before
// any write), analyses each page against the partner's habilitations and
// the certifier's certifications, and records one dated WebCheck per page
// (its SHA-256 as evidence, its findings) in one transaction. An
// unreachable page is a finding (WEB_UNREACHABLE), not an error; an
// interrupted run records nothing.
func (a *App) CheckWebsites(ctx context.Context, in WebCheckInput) (*WebCheckResult, error) {
	if in.Fetch == nil {
		return nil, fmt.Errorf("audit web: no page fetcher")
	}
	if in.URL != "" {
		if len(in.SIRETs) != 1 {
			return nil, domain.Invalid("WEB_URL", "--url replaces the website of one partner: give exactly one SIRET").
				WithHint("habil audit web SIRET --url https://…")
		}
		u, err := normaliseWebsite(in.URL)
		if err != nil {
			return nil, domain.Invalid("WEB_URL", "--url %q: %v", in.URL, err).WithHint("give an http or https address, e.g. https://www.example.fr/formation")
		}
		in.URL = u
	}
	var certifier domain.Certifier
	var certs []*domain.Certification
	var partners []*domain.Partner
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		if certifier, err = r.Certifier(); err != nil {
			return err
		}
		if certs, err = r.Certifications(); err != nil {
			return err
		}
		if len(in.SIRETs) == 0 {
			partners, err = r.Partners(domain.PartnerFilter{Status: []domain.PartnerStatus{domain.StatusActive}, NoHistory: true})
			return err
		}
		for _, s := range in.SIRETs {
			p, err := r.Partner(s)
			if err != nil {
				return err
			}
			partners = append(partners, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	res := &WebCheckResult{Findings: []domain.Finding{}}
	var targets []webTarget
	for _, p := range partners {
		raw := p.Website
		if in.URL != "" {
			raw = in.URL
		}
		if strings.TrimSpace(raw) == "" {
			res.Notes = append(res.Notes, fmt.Sprintf("%s (%s) has no website recorded: not checked (record it with 'habil partner edit %s --website URL', or give --url)",
				p.Name, p.SIRET.Formatted(), p.SIRET))
			continue
		}
		u, err := normaliseWebsite(raw)
		if err != nil {
			u = strings.TrimSpace(raw) // the fetcher reports it as unreachable
		}
		targets = append(targets, webTarget{p, u})
	}
	if len(targets) == 0 {
		return res, nil
	}
	pages := fetchAll(ctx, in.Fetch, targets, in.Workers)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fetchedAt := a.Clock().UTC().Format("2006-01-02T15:04:05Z07:00")
	for i, t := range targets {
		pg := pages[i]
		if pg.Canceled {
			return nil, context.Canceled
		}
		fs := AnalyseWebPage(WebPageContext{Certifier: certifier, Certifications: certs, Partner: t.p, At: in.At}, pg)
		w := domain.WebCheck{PartnerSIRET: t.p.SIRET, URL: t.url, CheckedOn: in.At, FetchedAt: fetchedAt, HTTPStatus: pg.Status,
			SHA256: pg.SHA256, Size: pg.Size, Error: pg.Problem}
		for j := range fs {
			fs[j].URL = t.url
			w.Findings = append(w.Findings, domain.WebFinding{Code: fs[j].Code, Severity: fs[j].Severity, Message: fs[j].Message})
		}
		res.Checks = append(res.Checks, w)
		res.FinalURLs = append(res.FinalURLs, pg.FinalURL)
		res.Findings = append(res.Findings, fs...)
	}
	err = a.Store.Update(ctx, func(tx domain.Tx) error {
		for i := range res.Checks {
			if err := tx.AddWebCheck(&res.Checks[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sortWebFindings(res.Findings)
	return res, nil
}

// fetchAll fetches the targets with a small pool; pages[i] is targets[i]'s.
func fetchAll(ctx context.Context, fetch WebFetcher, targets []webTarget, workers int) []WebPage {
	if workers <= 0 {
		workers = 4
	}
	pages := make([]WebPage, len(targets))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers && w < len(targets); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if ctx.Err() != nil {
					pages[i] = WebPage{Canceled: true}
					continue
				}
				pages[i] = fetch(ctx, targets[i].url)
			}
		}()
	}
	for i := range targets {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return pages
}

// normaliseWebsite returns an absolute http(s) address: a recorded
// "www.example.fr" becomes "https://www.example.fr".
func normaliseWebsite(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || strings.ContainsAny(u.Host, " \t") {
		return "", fmt.Errorf("not a web address")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("only http and https addresses are checked")
	}
	return u.String(), nil
}

func sortWebFindings(l []domain.Finding) {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() < b.Severity.Rank()
		}
		if a.Subject != b.Subject {
			return a.Subject < b.Subject
		}
		if a.URL != b.URL {
			return a.URL < b.URL
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		if a.Certification != b.Certification {
			return a.Certification < b.Certification
		}
		return a.Message < b.Message
	})
}

// ---------------------------------------------------------------- analysis

// WebPageContext is what a page is judged against.
type WebPageContext struct {
	Certifier      domain.Certifier
	Certifications []*domain.Certification // the certifier's
	Partner        *domain.Partner         // with its habilitations
	At             domain.Date
}

// AnalyseWebPage returns the findings on one fetched page (Subject and SIRET
// set to the partner; URL left to the caller). An unreachable page, an HTTP
// error or a page that is not HTML or text gives one WEB_UNREACHABLE and
// nothing else.
func AnalyseWebPage(c WebPageContext, pg WebPage) []domain.Finding {
	p := c.Partner
	who := p.Name + " (" + p.SIRET.Formatted() + ")"
	mk := func(code string, sev domain.Severity, cert domain.CertCode, format string, args ...any) domain.Finding {
		return domain.Finding{Code: code, Severity: sev, Subject: string(p.SIRET), SIRET: string(p.SIRET), Certification: cert,
			Message: who + ": " + fmt.Sprintf(format, args...)}
	}
	switch {
	case pg.Problem != "":
		return []domain.Finding{mk(WebUnreachable, domain.SeverityWarning, "", "website unreachable: %s", pg.Problem)}
	case pg.Status >= 400:
		return []domain.Finding{mk(WebUnreachable, domain.SeverityWarning, "", "website unreachable: HTTP %d", pg.Status)}
	case !textual(pg.ContentType):
		return []domain.Finding{mk(WebUnreachable, domain.SeverityWarning, "", "the page is not HTML (%s): its content was not analysed", mediaType(pg.ContentType))}
	}
	text := PageText(decodeBody(pg.Body))
	folded := " " + domain.Fold(text) + " "
	has := func(s string) bool {
		f := domain.Fold(s)
		return f != "" && strings.Contains(folded, " "+f+" ")
	}
	var out []domain.Finding

	// What the page advertises: certification and bloc codes.
	codes, blocs := PageCodes(text)
	ours := map[domain.CertCode]*domain.Certification{}
	for _, cert := range c.Certifications {
		ours[cert.Code] = cert
	}
	held := map[domain.CertCode]*domain.Habilitation{}
	var heldCodes []domain.CertCode
	for i := range p.Habilitations {
		h := &p.Habilitations[i]
		cert := ours[h.Certification]
		if !h.InForce(c.At) || cert == nil || (!cert.EndDate.IsZero() && c.At.After(cert.EndDate)) {
			continue
		}
		if _, dup := held[h.Certification]; !dup {
			heldCodes = append(heldCodes, h.Certification)
		}
		held[h.Certification] = h
	}
	sort.Slice(heldCodes, func(i, j int) bool { return heldCodes[i] < heldCodes[j] })
	for _, code := range codes {
		if _, ok := ours[code]; ok && held[code] == nil {
			out = append(out, mk(WebNotHabilitated, domain.SeverityError, code,
				"the website advertises %s, a certification of %s the partner is not habilitated for", code, c.Certifier.Name))
		}
	}
	for _, b := range blocs {
		cert := ours[b.cert]
		if cert == nil {
			continue
		}
		bloc, known := findBloc(cert, b.number)
		h := held[b.cert]
		if !known || h == nil {
			continue // an unknown bloc, or the certification itself is reported
		}
		if len(h.Blocs) > 0 && !slices.Contains(h.Blocs, bloc.Code) {
			out = append(out, mk(WebNotHabilitated, domain.SeverityError, b.cert,
				"the website advertises the bloc %s, which the partner's habilitation on %s does not cover", bloc.Code, b.cert))
		}
	}

	// The certifications the partner holds: named, by code or exact title.
	if len(heldCodes) > 0 {
		named := false
		for _, code := range heldCodes {
			cert := ours[code]
			codeShown := slices.Contains(codes, code)
			if codeShown || has(cert.Title) {
				named = true
			}
			if !codeShown {
				continue
			}
			if !has(cert.Title) {
				out = append(out, mk(WebTitleInexact, domain.SeverityWarning, code,
					"the website shows %s without its exact registered title %q (R6113-16-3 1°)", code, cert.Title))
			}
			for _, b := range blocs {
				bloc, ok := findBloc(cert, b.number)
				if b.cert != code || !ok || bloc.Label == "" || has(bloc.Label) {
					continue
				}
				out = append(out, mk(WebTitleInexact, domain.SeverityWarning, code,
					"the website shows the bloc %s without its exact registered title %q (R6113-16-3 1°)", bloc.Code, bloc.Label))
			}
		}
		if !named {
			var list []string
			for _, code := range heldCodes {
				list = append(list, fmt.Sprintf("%s %q", code, ours[code].Title))
			}
			var cert domain.CertCode
			if len(heldCodes) == 1 {
				cert = heldCodes[0]
			}
			out = append(out, mk(WebCertificationMissing, domain.SeverityWarning, cert,
				"the website names none of the certifications the partner is habilitated for (%s), by code or exact title", strings.Join(list, ", ")))
		}
	}

	if c.Certifier.Name != "" && !has(c.Certifier.Name) {
		out = append(out, mk(WebCertifierMissing, domain.SeverityWarning, "",
			"the website does not name the certifier %q", c.Certifier.Name))
	}
	if nda := digits(string(p.NDA)); len(nda) == 11 && ndaShown(text, nda) && !has(NDASentence) {
		out = append(out, mk(WebNDAMention, domain.SeverityWarning, "",
			"the website shows the déclaration d'activité number %s without the sentence required beside it (L6352-12): %q", p.NDA, NDASentence))
	}
	dedupe := map[string]bool{}
	kept := out[:0]
	for _, f := range out {
		k := f.Code + "\x00" + string(f.Certification) + "\x00" + f.Message
		if !dedupe[k] {
			dedupe[k] = true
			kept = append(kept, f)
		}
	}
	return kept
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ndaShown says whether text shows the 11 digits of nda, spaces (or dots)
// allowed between them, not inside a longer number.
func ndaShown(text, nda string) bool {
	var pat strings.Builder
	pat.WriteString(`(?:^|[^0-9])`)
	for i, r := range nda {
		if i > 0 {
			pat.WriteString(`[\s\x{00a0}.]*`)
		}
		pat.WriteRune(r)
	}
	pat.WriteString(`(?:[^0-9]|$)`)
	re, err := regexp.Compile(pat.String())
	return err == nil && re.MatchString(text)
}

// textual says whether a Content-Type is a page habil can read (HTML or
// text; an absent type is read too).
func textual(ct string) bool {
	m := mediaType(ct)
	return m == "" || m == "text/html" || m == "text/plain" || m == "application/xhtml+xml"
}

func mediaType(ct string) string {
	m, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(m))
}

// decodeBody returns the body as UTF-8: as is when it is valid UTF-8,
// else read as Windows-1252/Latin-1 (the usual other charset of French
// sites).
func decodeBody(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var s strings.Builder
	for _, c := range b {
		if r, ok := cp1252[c]; ok {
			s.WriteRune(r)
		} else {
			s.WriteRune(rune(c))
		}
	}
	return s.String()
}

var cp1252 = map[byte]rune{0x80: '€', 0x82: '‚', 0x85: '…', 0x8c: 'Œ', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—', 0x9c: 'œ'}

var (
	reHidden  = regexp.MustCompile(`(?is)<(script|style|noscript|template|svg|iframe|object)\b[^>]*>.*?</(script|style|noscript|template|svg|iframe|object)\s*>`)
	reComment = regexp.MustCompile(`(?s)<!--.*?-->`)
	reBlock   = regexp.MustCompile(`(?i)<\s*/?\s*(br|p|div|li|ul|ol|tr|td|th|h[1-6]|section|article|header|footer|nav|table|title|option|dt|dd|blockquote)\b[^>]*>`)
	reTag     = regexp.MustCompile(`(?s)<[^>]*>`)
	reSpaces  = regexp.MustCompile(`[ \t\r\f\v\x{00a0}]+`)
	reLines   = regexp.MustCompile(`\s*\n\s*`)
)

// PageText returns the visible text of an HTML page: comments, scripts,
// styles and other non-text elements removed, tags stripped (block tags
// become line breaks), entities decoded, spaces collapsed. Nothing is ever
// executed.
func PageText(page string) string {
	s := reComment.ReplaceAllString(page, " ")
	s = reHidden.ReplaceAllString(s, " ")
	s = reBlock.ReplaceAllString(s, "\n")
	s = reTag.ReplaceAllString(s, " ")
	s = html.UnescapeString(s)
	s = reSpaces.ReplaceAllString(s, " ")
	s = reLines.ReplaceAllString(s, "\n")
	return strings.TrimSpace(s)
}

type pageBloc struct {
	cert   domain.CertCode
	number int
}

// reCode finds certification codes (RNCP35185, RS 5568) and bloc codes
// (RNCP35185BC01, RNCP 35185 BC 1) in a page's text.
var reCode = regexp.MustCompile(`(?i)\b(RNCP|RS)[\s\x{00a0}]?(\d{3,6})(?:[\s\x{00a0}]?[-–]?[\s\x{00a0}]?BC[\s\x{00a0}]?(\d{1,2}))?\b`)

// PageCodes lists the certification codes and the bloc codes a text shows,
// each once, in order of appearance. A bloc code also counts as its
// certification's code.
func PageCodes(text string) ([]domain.CertCode, []pageBloc) {
	var codes []domain.CertCode
	var blocs []pageBloc
	seen := map[string]bool{}
	for _, m := range reCode.FindAllStringSubmatch(text, -1) {
		code := domain.CertCode(strings.ToUpper(m[1]) + m[2])
		if !seen[string(code)] {
			seen[string(code)] = true
			codes = append(codes, code)
		}
		if m[3] != "" {
			n, _ := strconv.Atoi(m[3])
			k := fmt.Sprintf("%s#%d", code, n)
			if !seen[k] {
				seen[k] = true
				blocs = append(blocs, pageBloc{code, n})
			}
		}
	}
	return codes, blocs
}

// findBloc returns the bloc of cert numbered n (its code ends in BCnn).
func findBloc(cert *domain.Certification, n int) (domain.Bloc, bool) {
	for _, b := range cert.Blocs {
		i := strings.LastIndex(strings.ToUpper(b.Code), "BC")
		if i < 0 {
			continue
		}
		if m, err := strconv.Atoi(b.Code[i+2:]); err == nil && m == n {
			return b, true
		}
	}
	return domain.Bloc{}, false
}
