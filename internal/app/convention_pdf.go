package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/report"
)

// ConventionTemplateKey is the configuration key naming the file of the
// convention article texts.
const ConventionTemplateKey = "convention.template"

// ConventionDocsRequest selects the conventions to print.
type ConventionDocsRequest struct {
	// Ref is one convention, by id or number; or All selects the
	// conventions of Statuses, by default those in force or awaiting
	// signature (domain.CurrentConventionStatuses: draft, sent, signed).
	Ref      string
	All      bool
	Statuses []domain.ConventionStatus
	// At is the printing date written in the documents, except in a
	// signed convention's: that one is dated the day of its signature, so
	// that it reprints byte for byte as it was signed.
	At domain.Date
}

// ConventionDocs are the convention documents, built and checked, ready to
// be rendered.
type ConventionDocs struct {
	Conventions []*domain.Convention
	Docs        []NamedDocument // NUMBER.pdf, in the order of Conventions
	// TemplatePath is the file the article texts came from ("" when the
	// built-in texts were used); TemplateSHA256 the SHA-256 of its text.
	TemplatePath   string
	TemplateSHA256 string
	// Warnings are "NUMBER: what" lines: blanks to complete by hand,
	// characters the renderer cannot print.
	Warnings []string
}

// ConventionDocuments builds the convention documents of req: the template
// is loaded and checked first, then every document is built, so that a
// template error stops before anything is rendered. r (may be nil) checks
// that every character can be printed.
func (a *App) ConventionDocuments(ctx context.Context, req ConventionDocsRequest, r Renderer) (*ConventionDocs, error) {
	tmpl, err := a.conventionTemplate()
	if err != nil {
		return nil, err
	}
	logo, err := a.Logo()
	if err != nil {
		return nil, err
	}
	type item struct {
		conv    *domain.Convention
		partner *domain.Partner
		cert    *domain.Certification
	}
	var (
		certifier domain.Certifier
		items     []item
	)
	err = a.Store.Read(ctx, func(rd domain.Reader) error {
		var err error
		if certifier, err = rd.Certifier(); err != nil {
			return err
		}
		var convs []*domain.Convention
		if req.All {
			statuses := req.Statuses
			if len(statuses) == 0 {
				statuses = domain.CurrentConventionStatuses
			}
			if convs, err = rd.Conventions(domain.ConventionFilter{Statuses: statuses}); err != nil {
				return err
			}
		} else {
			id, err := rd.ConventionID(req.Ref)
			if err != nil {
				return err
			}
			c, err := rd.Convention(id)
			if err != nil {
				return err
			}
			convs = []*domain.Convention{c}
		}
		partners := map[domain.SIRET]*domain.Partner{}
		certs := map[domain.CertCode]*domain.Certification{}
		for _, c := range convs {
			if err := ctx.Err(); err != nil {
				return err
			}
			p, ok := partners[c.PartnerSIRET]
			if !ok {
				if p, err = rd.Partner(c.PartnerSIRET); err != nil {
					return err
				}
				partners[c.PartnerSIRET] = p
			}
			cert, ok := certs[c.Certification]
			if !ok {
				if cert, err = rd.Certification(c.Certification); err != nil {
					return err
				}
				certs[c.Certification] = cert
			}
			items = append(items, item{c, p, cert})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Build on every CPU (the template is safe for concurrent use); the
	// results keep the conventions' order, and the first error wins.
	type built struct {
		doc  *report.Document
		warn []string
		err  error
	}
	res := make([]built, len(items))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(items)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(items) || ctx.Err() != nil {
					return
				}
				it := items[k]
				doc, w, err := buildConventionDoc(tmpl.t, logo, certifier, it.partner, it.cert, it.conv, printDate(it.conv, req.At), r)
				res[k] = built{doc, w, err}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := &ConventionDocs{TemplatePath: tmpl.path, TemplateSHA256: tmpl.sha}
	for k, it := range items {
		if res[k].err != nil {
			return nil, res[k].err
		}
		for _, x := range res[k].warn {
			out.Warnings = append(out.Warnings, it.conv.Number+": "+x)
		}
		out.Conventions = append(out.Conventions, it.conv)
		nd := NamedDocument{Name: it.conv.Number + ".pdf", Doc: res[k].doc}
		if signedPrint(it.conv) {
			nd.Date = it.conv.SignedOn
		}
		out.Docs = append(out.Docs, nd)
	}
	return out, nil
}

// signedPrint reports whether c is printed as it was signed: dated the day
// of its signature rather than the printing date.
func signedPrint(c *domain.Convention) bool {
	return c.Status == domain.ConventionSigned && !c.SignedOn.IsZero()
}

// printDate is the date printed in c's document: the day of signature for
// a signed convention, else at.
func printDate(c *domain.Convention, at domain.Date) domain.Date {
	if signedPrint(c) {
		return c.SignedOn
	}
	return at
}

// buildConventionDoc builds the document of c printed on editedOn, with
// the logo; r (may be nil) adds what it cannot print to the warnings.
func buildConventionDoc(tmpl *report.ConventionTemplate, logo *report.Image, certifier domain.Certifier, p *domain.Partner,
	cert *domain.Certification, c *domain.Convention, editedOn domain.Date, r Renderer) (*report.Document, []string, error) {
	doc, w, err := tmpl.Build(report.ConventionInput{Certifier: certifier, Partner: p, Certification: cert, Convention: c, EditedOn: editedOn})
	if err != nil {
		return nil, nil, err
	}
	doc.Logo = logo
	if r != nil {
		w = append(w, r.Check(doc)...)
	}
	return doc, w, nil
}

// SignedComparison says how the PDF just printed of a signed convention
// compares with the one fingerprinted at signature.
type SignedComparison struct {
	Number string
	// Same is true when the bytes are identical to what was signed.
	Same bool
	// Message says so, or why they differ, in one line.
	Message string
}

// compareSigned compares the PDF printed for c (SHA-256 sum) with the one
// fingerprinted at signature; tmplSHA is the template used now. ok is
// false for a convention never signed.
func compareSigned(c *domain.Convention, sum, tmplSHA string) (SignedComparison, bool) {
	if c.SignedOn.IsZero() {
		return SignedComparison{}, false
	}
	out := SignedComparison{Number: c.Number}
	switch {
	case c.SignedPDFSHA256 == "":
		out.Message = fmt.Sprintf("%s was signed on %s before habil (no fingerprint of the PDF signed): nothing to compare this PDF with", c.Number, c.SignedOn)
	case sum == c.SignedPDFSHA256:
		out.Same = true
		out.Message = fmt.Sprintf("%s: identical to the PDF signed on %s (version %d, SHA-256 %s)", c.Number, c.SignedOn, c.SignedVersion, ShortSHA(sum))
		if tmplSHA != c.SignedTemplateSHA256 {
			out.Message += "; the template text changed since, without changing this PDF"
		}
	case c.Version() != c.SignedVersion:
		out.Message = fmt.Sprintf("%s: a later avenant (version %d) is not signed: this PDF is the consolidated version, not version %d signed on %s",
			c.Number, c.Version(), c.SignedVersion, c.SignedOn)
	case c.Status != domain.ConventionSigned:
		out.Message = fmt.Sprintf("%s is %s: this PDF shows it, unlike the one signed on %s (SHA-256 %s)", c.Number, c.Status, c.SignedOn, ShortSHA(c.SignedPDFSHA256))
	case tmplSHA != c.SignedTemplateSHA256:
		out.Message = fmt.Sprintf("%s: the template changed since signature (signed with template SHA-256 %s, now %s): this PDF differs from the one signed on %s",
			c.Number, ShortSHA(c.SignedTemplateSHA256), ShortSHA(tmplSHA), c.SignedOn)
	default:
		out.Message = fmt.Sprintf("%s: the recorded data changed since signature (certifier, partner, certification or logo): this PDF differs from the one signed on %s (SHA-256 %s)",
			c.Number, c.SignedOn, ShortSHA(c.SignedPDFSHA256))
	}
	return out, true
}

// ShortSHA is the first 12 hex digits of a SHA-256, for messages.
func ShortSHA(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

// ConventionPDFResult is what ConventionPDF wrote.
type ConventionPDFResult struct {
	ConventionDocs
	Rendered
	// Signed compares each signed convention printed with what was
	// signed, in the order of Conventions.
	Signed []SignedComparison
}

func (res *ConventionPDFResult) compare(sums map[string]string) {
	for k, c := range res.Conventions { // Docs are in the order of Conventions
		if cmp, ok := compareSigned(c, sums[res.Docs[k].Name], res.TemplateSHA256); ok {
			res.Signed = append(res.Signed, cmp)
		}
	}
}

// ConventionPDF prints the conventions of req with r: one convention into
// the file out, or with req.All every selected convention into the folder
// out (created when its parent exists) as NUMBER.pdf. Nothing is written
// when the template is broken; no convention selected writes nothing and
// returns an empty result.
func (a *App) ConventionPDF(ctx context.Context, req ConventionDocsRequest, out string, r Renderer) (*ConventionPDFResult, error) {
	docs, err := a.ConventionDocuments(ctx, req, r)
	if err != nil {
		return nil, err
	}
	res := &ConventionPDFResult{ConventionDocs: *docs}
	if len(docs.Docs) == 0 {
		return res, nil
	}
	if !req.All {
		d := docs.Docs[0]
		res.Rendered, err = RenderFile(out, ModePublic, dated(r, d.Date), d.Doc)
		if err != nil {
			return res, err
		}
		res.compare(map[string]string{d.Name: res.Sums[out]})
		return res, nil
	}
	if err := PrepareDir(out); err != nil {
		return nil, err
	}
	res.Rendered, err = RenderAll(ctx, out, ModePublic, r, docs.Docs...)
	if err != nil {
		return res, err
	}
	res.compare(res.Sums)
	return res, nil
}

// template is a parsed convention template, the file it came from ("" for
// the built-in texts) and the SHA-256 of its text.
type template struct {
	t    *report.ConventionTemplate
	path string
	sha  string
}

func (a *App) conventionTemplate() (template, error) {
	text, path := report.DefaultConventionTemplate(), ""
	if a.Config.ConventionTemplate != "" {
		path = a.configFile(a.Config.ConventionTemplate, ConventionTemplateKey)
		b, err := os.ReadFile(path)
		if err != nil {
			return template{path: path}, domain.Errorf(domain.KindNotFound, "TEMPLATE_FILE", "cannot read the convention template %s (config key %s): %v", path, ConventionTemplateKey, pathErr(err)).
				WithHint("write one with 'habil convention text --out FILE', or unset %s to use the built-in texts", ConventionTemplateKey)
		}
		text = string(b)
	}
	name := "convention.tmpl"
	if path != "" {
		name = filepath.Base(path)
	}
	t, err := report.ParseConventionTemplate(name, text)
	if err != nil {
		return template{path: path}, err
	}
	sum := sha256.Sum256([]byte(text))
	return template{t: t, path: path, sha: hex.EncodeToString(sum[:])}, nil
}

// configFile resolves a file named in the configuration: "~/" is the home
// folder; a relative path written in the config file is relative to that
// file's folder (a nightly job runs from anywhere), one given in the
// environment (Config.FromEnv) relative to the current folder. key is the
// configuration key that names it.
func (a *App) configFile(path, key string) string {
	fromEnv := a.Config.FromEnv[key]
	if strings.HasPrefix(path, "~/") {
		if h, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(h, path[2:])
		}
	}
	if !filepath.IsAbs(path) && !fromEnv && a.Config.Path != "" {
		if _, err := os.Stat(a.Config.Path); err == nil {
			path = filepath.Join(filepath.Dir(a.Config.Path), path)
		}
	}
	return path
}

// LogoKey is the configuration key of the certifier's logo.
const LogoKey = "documents.logo"

// Logo reads the certifier's logo named by the configuration (nil when
// none): a PNG or JPEG file, checked here so that a wrong file is named
// with its key before any document is built.
func (a *App) Logo() (*report.Image, error) {
	if a.Config.Logo == "" {
		return nil, nil
	}
	path := a.configFile(a.Config.Logo, LogoKey)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, domain.Errorf(domain.KindNotFound, "LOGO_FILE", "cannot read the logo %s (config key %s): %v", path, LogoKey, pathErr(err)).
			WithHint("name a PNG or JPEG file, or unset %s", LogoKey)
	}
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) && !bytes.HasPrefix(b, []byte("\xff\xd8\xff")) {
		return nil, domain.Invalid("LOGO_FORMAT", "the logo %s (config key %s) is not a PNG or JPEG image", path, LogoKey).
			WithHint("convert it to PNG, or unset %s", LogoKey)
	}
	return &report.Image{Name: path, Data: b}, nil
}

// CheckConventionTemplate reads and checks the template file path.
func CheckConventionTemplate(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return domain.Errorf(domain.KindNotFound, "TEMPLATE_FILE", "cannot read %s: %v", path, pathErr(err))
	}
	_, err = report.ParseConventionTemplate(filepath.Base(path), string(b))
	return err
}

// WriteConventionText writes the default article texts to path (atomically).
func WriteConventionText(path string) error {
	if err := atomicfile.WriteBytes(path, ModePublic, []byte(report.DefaultConventionTemplate())); err != nil {
		return outErr(path, err)
	}
	return nil
}

// pathErr is the cause of a file error without the repeated path.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
