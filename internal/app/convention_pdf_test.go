package app_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/pdf"
	"github.com/habil-app/habil/internal/report"
	"github.com/habil-app/habil/internal/sqlite"
)

var docTime = time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)

// The PDF renderer is what the use cases take.
var _ app.Renderer = pdf.Renderer{}

// docApp is an App over a temp database holding a certifier, a
// certification, two partners (one without address) and three conventions
// (two drafts, one signed).
func docApp(t *testing.T) *app.App {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "habil.db"), sqlite.Options{Now: func() time.Time { return docTime }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	err = db.Update(ctx, func(tx domain.Tx) error {
		if _, _, err := tx.SaveCertifier(domain.Certifier{Name: "Académie des Métiers du Numérique", SIRET: "73282932000074", NDA: "11755555555",
			Address: "12 rue de la Paix, 75002 Paris", Signatory: "Marie Dupont, directrice générale"}); err != nil {
			return err
		}
		if _, err := tx.SaveCertification(&domain.Certification{Code: "RNCP35419", Title: "Développeur web et web mobile", Level: 5,
			EndDate: domain.MustDate("2027-12-31"), Blocs: []domain.Bloc{{Code: "RNCP35419BC01", Label: "Front-end"}},
			Access: []domain.Access{domain.AccessFC, domain.AccessVAE}}); err != nil {
			return err
		}
		for i, p := range []*domain.Partner{
			{SIRET: "85262016007290", Name: "Œnologie & Numérique de Łódź", NDA: "84691234569", Status: domain.StatusActive,
				Address: "27 quai Saint-Vincent, 69001 Lyon", Representative: "Nguyễn Thị Ễnh, directrice"},
			{SIRET: "81738914100018", Name: "Sans Adresse SARL", Status: domain.StatusActive},
		} {
			if err := tx.CreatePartner(p, domain.MustDate("2025-01-01"), ""); err != nil {
				return err
			}
			h := &domain.Habilitation{PartnerSIRET: p.SIRET, Certification: "RNCP35419", Scope: domain.ScopeBoth,
				From: domain.MustDate("2025-01-01"), To: domain.MustDate("2027-12-31")}
			if err := tx.AddHabilitation(h); err != nil {
				return err
			}
			for k := 0; k <= 1-i; k++ {
				status := domain.ConventionDraft
				if k == 1 {
					status = domain.ConventionSigned
				}
				c := &domain.Convention{PartnerSIRET: p.SIRET, Certification: "RNCP35419", HabilitationID: h.ID, Status: status,
					CreatedOn: domain.MustDate("2025-01-10"), SignedOn: map[bool]domain.Date{true: domain.MustDate("2025-01-20")}[k == 1],
					Versions: []domain.ConventionTerms{{Version: 1, Date: domain.MustDate("2025-01-10"), Scope: domain.ScopeBoth,
						Access: []domain.Access{domain.AccessFC}, From: domain.MustDate("2025-02-01").AddDays(366 * k),
						To: domain.MustDate("2025-12-31").AddDays(366 * k), Fees: domain.Fees{PerCandidate: 15000}}}}
				if err := tx.CreateConvention(c); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return app.New(db, app.DefaultConfig(), func() time.Time { return docTime })
}

// fakeRenderer writes the document's header text and counts its calls.
type fakeRenderer struct {
	calls atomic.Int32
	fail  string // a document whose header holds this fails
	block chan struct{}
}

func (f *fakeRenderer) Render(w io.Writer, doc *report.Document) error {
	f.calls.Add(1)
	if f.block != nil {
		<-f.block
	}
	if f.fail != "" && strings.Contains(doc.HeaderText, f.fail) {
		return errors.New("render failed")
	}
	_, err := io.WriteString(w, doc.HeaderText)
	return err
}

func (f *fakeRenderer) Check(doc *report.Document) []string { return nil }

func TestConventionDocuments(t *testing.T) {
	a := docApp(t)
	ctx := context.Background()
	at := domain.MustDate("2025-01-10")
	all, err := a.ConventionDocuments(ctx, app.ConventionDocsRequest{All: true, At: at}, &fakeRenderer{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range all.Docs {
		names = append(names, d.Name)
	}
	if got := strings.Join(names, " "); got != "CONV-2025-0001.pdf CONV-2025-0002.pdf CONV-2025-0003.pdf" {
		t.Errorf("documents %s", got)
	}
	if all.TemplatePath != "" {
		t.Errorf("template %q, want the built-in one", all.TemplatePath)
	}
	// The partner without address: blanks to complete, named by number.
	w := strings.Join(all.Warnings, "\n")
	if !strings.Contains(w, "CONV-2025-0003: the partner's address is not recorded") || strings.Contains(w, "CONV-2025-0001") {
		t.Errorf("warnings:\n%s", w)
	}
	drafts, err := a.ConventionDocuments(ctx, app.ConventionDocsRequest{All: true, Statuses: []domain.ConventionStatus{domain.ConventionDraft}, At: at}, nil)
	if err != nil || len(drafts.Docs) != 2 {
		t.Fatalf("drafts: %v, %d documents", err, len(drafts.Docs))
	}
	one, err := a.ConventionDocuments(ctx, app.ConventionDocsRequest{Ref: "CONV-2025-0002", At: at}, nil)
	if err != nil || len(one.Docs) != 1 || one.Conventions[0].Status != domain.ConventionSigned {
		t.Fatalf("one: %v %+v", err, one)
	}
	if _, err := a.ConventionDocuments(ctx, app.ConventionDocsRequest{Ref: "9", At: at}, nil); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown convention: %v", err)
	}
}

// The template named in the config file is found relative to that file; a
// broken one stops before anything is written.
func TestConventionTemplateFromConfig(t *testing.T) {
	a := docApp(t)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	os.WriteFile(cfgPath, []byte("convention:\n  template: textes/mine.tmpl\n"), 0o600)
	os.Mkdir(filepath.Join(dir, "textes"), 0o755)
	os.WriteFile(filepath.Join(dir, "textes", "mine.tmpl"), []byte(withMentionBlocks("::titre Convention\n# Article unique — {{.Partner.Name}}\n")), 0o600)
	a.Config.Path, a.Config.ConventionTemplate = cfgPath, "textes/mine.tmpl"
	ctx := context.Background()
	docs, err := a.ConventionDocuments(ctx, app.ConventionDocsRequest{Ref: "1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if docs.TemplatePath != filepath.Join(dir, "textes", "mine.tmpl") {
		t.Errorf("template read from %s", docs.TemplatePath)
	}
	if h, ok := docs.Docs[0].Doc.Blocks[0].(report.Heading); !ok || h.Text != "Article unique — Œnologie & Numérique de Łódź" {
		t.Errorf("first block %#v", docs.Docs[0].Doc.Blocks[0])
	}
	// From the environment, relative to the current folder: not found here.
	a.Config.FromEnv = map[string]bool{app.ConventionTemplateKey: true} // HABIL_CONVENTION_TEMPLATE=textes/mine.tmpl
	if _, err := a.ConventionDocuments(ctx, app.ConventionDocsRequest{Ref: "1"}, nil); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("template from env: %v", err)
	}
	a.Config.FromEnv = nil
	os.WriteFile(filepath.Join(dir, "textes", "mine.tmpl"), []byte("{{.Partner.Nom}}\n"), 0o600)
	out := filepath.Join(t.TempDir(), "all")
	if _, err := a.ConventionPDF(ctx, app.ConventionDocsRequest{All: true}, out, &fakeRenderer{}); err == nil || !strings.Contains(err.Error(), "unknown field .Partner.Nom") {
		t.Errorf("broken template: %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("the folder was created although the template is broken")
	}
}

// withMentionBlocks appends a short definition and a print of every block
// the decree makes mandatory, as a custom template must have them.
func withMentionBlocks(src string) string {
	for _, m := range report.MandatoryMentions {
		src += fmt.Sprintf("\n{{define %q}}Mention %s.{{end}}{{template %q .}}\n", m.Name, m.Article, m.Name)
	}
	return src
}

// A custom template without the decree's mandatory blocks is refused
// before any file is written, naming what is missing.
func TestConventionTemplateMentionMissing(t *testing.T) {
	a := docApp(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "old.tmpl")
	os.WriteFile(path, []byte("::titre Convention\n# Article unique — {{.Partner.Name}}\n"), 0o600)
	a.Config.ConventionTemplate = path
	out := filepath.Join(dir, "all")
	_, err := a.ConventionPDF(context.Background(), app.ConventionDocsRequest{All: true}, out, &fakeRenderer{})
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != "TEMPLATE_MENTION_MISSING" || de.Kind != domain.KindRejected ||
		!strings.Contains(de.Msg, `"sous-traitance" (R6113-16-2 5°)`) || !strings.Contains(de.Hint, "habil convention text --out FILE") {
		t.Fatalf("a template without the mandatory blocks: %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("the folder was created although the template lacks mandatory blocks")
	}
	if err := app.CheckConventionTemplate(path); domain.KindOf(err) != domain.KindRejected {
		t.Errorf("convention text --check: %v", err)
	}
}

func TestConventionPDFAll(t *testing.T) {
	a := docApp(t)
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "campagne")
	r := pdf.Renderer{Options: pdf.Options{Time: docTime}}
	res, err := a.ConventionPDF(ctx, app.ConventionDocsRequest{All: true, At: domain.MustDate("2025-01-10")}, out, r)
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 3 {
		t.Fatalf("%d files written", res.Files)
	}
	var total int64
	for _, c := range res.Conventions {
		b, err := os.ReadFile(filepath.Join(out, c.Number+".pdf"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("%s is not a PDF", c.Number)
		}
		total += int64(len(b))
		st, _ := os.Stat(filepath.Join(out, c.Number+".pdf"))
		if st.Mode().Perm() != 0o644 {
			t.Errorf("%s mode %04o", c.Number, st.Mode().Perm())
		}
	}
	if total != res.Bytes {
		t.Errorf("%d bytes reported, %d written", res.Bytes, total)
	}
	// One convention into a file: the same bytes as with --all.
	one := filepath.Join(t.TempDir(), "one.pdf")
	if _, err := a.ConventionPDF(ctx, app.ConventionDocsRequest{Ref: "CONV-2025-0001", At: domain.MustDate("2025-01-10")}, one, r); err != nil {
		t.Fatal(err)
	}
	b1, _ := os.ReadFile(one)
	b2, _ := os.ReadFile(filepath.Join(out, "CONV-2025-0001.pdf"))
	if !bytes.Equal(b1, b2) {
		t.Error("one convention and the same in --all differ")
	}
	// No convention of that status: nothing written, no folder made.
	none := filepath.Join(t.TempDir(), "none")
	res, err = a.ConventionPDF(ctx, app.ConventionDocsRequest{All: true, Statuses: []domain.ConventionStatus{domain.ConventionEnded}}, none, r)
	if err != nil || len(res.Docs) != 0 {
		t.Fatalf("no convention: %v %+v", err, res)
	}
	if _, err := os.Stat(none); !os.IsNotExist(err) {
		t.Error("a folder was made for nothing")
	}
	// A missing parent folder: OUT_FOLDER, nothing written.
	_, err = a.ConventionPDF(ctx, app.ConventionDocsRequest{All: true}, filepath.Join(t.TempDir(), "a", "b"), r)
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != "OUT_FOLDER" {
		t.Errorf("missing parent: %v", err)
	}
}

func TestRenderAllModeErrorsAndCancel(t *testing.T) {
	dir := t.TempDir()
	var docs []app.NamedDocument
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		docs = append(docs, app.NamedDocument{Name: n + ".txt", Doc: &report.Document{HeaderText: n}})
	}
	res, err := app.RenderAll(context.Background(), dir, app.ModePersonal, &fakeRenderer{}, docs...)
	if err != nil || res.Files != 5 || res.Bytes != 5 {
		t.Fatalf("RenderAll: %v %+v", err, res)
	}
	for _, d := range docs {
		st, err := os.Stat(filepath.Join(dir, d.Name))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", d.Name, err, st)
		}
	}
	// A render error stops the run and is returned.
	_, err = app.RenderAll(context.Background(), t.TempDir(), app.ModePublic, &fakeRenderer{fail: "c"}, docs...)
	if err == nil || err.Error() != "render failed" {
		t.Errorf("render error: %v", err)
	}
	// A cancelled context stops it: ctx.Err(), not every document rendered.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fr := &fakeRenderer{}
	res, err = app.RenderAll(ctx, t.TempDir(), app.ModePublic, fr, docs...)
	if !errors.Is(err, context.Canceled) || res.Files == len(docs) {
		t.Errorf("cancelled: %v, %d files", err, res.Files)
	}
	// A folder that does not exist: a clear error.
	_, err = app.RenderAll(context.Background(), filepath.Join(dir, "nope"), app.ModePublic, &fakeRenderer{}, docs...)
	if err == nil || !strings.Contains(err.Error(), "the folder") {
		t.Errorf("missing folder: %v", err)
	}
	if err := app.PrepareDir(filepath.Join(dir, "a.txt")); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("PrepareDir on a file: %v", err)
	}
}

// The certifier's logo (documents.logo) is read by the use case, relative
// to the config file, checked, and printed on the conventions.
func TestConventionLogo(t *testing.T) {
	a := docApp(t)
	ctx := context.Background()
	dir := t.TempDir()
	a.Config.Path = filepath.Join(dir, "config.yaml")
	os.WriteFile(a.Config.Path, []byte("documents:\n  logo: logo.png\n"), 0o600)
	m := image.NewNRGBA(image.Rect(0, 0, 40, 20))
	for i := range m.Pix {
		m.Pix[i] = 200
	}
	var logo bytes.Buffer
	if err := png.Encode(&logo, m); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "logo.png"), logo.Bytes(), 0o600)
	a.Config.Logo = "logo.png"
	docs, err := a.ConventionDocuments(ctx, app.ConventionDocsRequest{Ref: "1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l := docs.Docs[0].Doc.Logo; l == nil || !bytes.Equal(l.Data, logo.Bytes()) {
		t.Fatal("the logo is not in the document")
	}
	out := filepath.Join(t.TempDir(), "c.pdf")
	if _, err := a.ConventionPDF(ctx, app.ConventionDocsRequest{Ref: "1"}, out, pdf.Renderer{Options: pdf.Options{Time: docTime, NoCompression: true}}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); !bytes.Contains(b, []byte("/Subtype /Image /Width 40 /Height 20")) {
		t.Error("the PDF has no logo image")
	}
	os.WriteFile(filepath.Join(dir, "logo.png"), []byte("GIF89a"), 0o600)
	if _, err := a.ConventionDocuments(ctx, app.ConventionDocsRequest{Ref: "1"}, nil); domain.KindOf(err) != domain.KindInvalid || !strings.Contains(err.Error(), "documents.logo") {
		t.Errorf("not an image: %v", err)
	}
	a.Config.Logo = "missing.png"
	if _, err := a.ConventionDocuments(ctx, app.ConventionDocsRequest{Ref: "1"}, nil); domain.KindOf(err) != domain.KindNotFound || !strings.Contains(err.Error(), "missing.png") {
		t.Errorf("missing logo: %v", err)
	}
}
