package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/pdf"
	"github.com/habil-app/habil/internal/report"
)

// convSign signs ref on date (zero: today) with a fake renderer.
func convSign(a *app.App, ref string, date domain.Date) (*domain.Convention, error) {
	res, err := a.SignConvention(context.Background(), app.ConventionSign{Ref: ref, Date: date}, &fakeRenderer{})
	if err != nil {
		return nil, err
	}
	return res.Convention, nil
}

// datedPDF is the PDF renderer as the CLI gives it: it can be dated.
type datedPDF struct{ pdf.Renderer }

func (r datedPDF) Dated(t time.Time) app.Renderer {
	o := r.Options
	o.Time = t
	return datedPDF{pdf.Renderer{Options: o}}
}

var _ app.DatedRenderer = datedPDF{}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// convPrint prints ref into a temp file on at; it returns the bytes and
// the comparison with what was signed (nil when there is none).
func convPrint(t *testing.T, a *app.App, ref string, at string) ([]byte, *app.SignedComparison) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "c.pdf")
	r := datedPDF{pdf.Renderer{Options: pdf.Options{Time: convDate(at).Time()}}}
	res, err := a.ConventionPDF(context.Background(), app.ConventionDocsRequest{Ref: ref, At: convDate(at)}, out, r)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if res.Sums[out] != sha(b) {
		t.Errorf("sum reported %s, file %s", res.Sums[out], sha(b))
	}
	if len(res.Signed) == 0 {
		return b, nil
	}
	return b, &res.Signed[0]
}

func TestSignConventionKeepsWhatWasSigned(t *testing.T) {
	a, _ := convApp(t) // today 2025-01-15
	ctx := context.Background()
	convCreate(t, a, "2025-01-10", "2025-02-01", "2025-12-31", domain.Fees{PerCandidate: 15000})
	res, err := a.SignConvention(ctx, app.ConventionSign{Ref: "1", Date: convDate("2025-01-14")}, datedPDF{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Backdated || res.Note() != "" {
		t.Errorf("a signature after it was drawn up is not backdated: %q", res.Note())
	}
	got := convStored(t, a, "1")
	if got.SignedVersion != 1 || len(got.SignedPDFSHA256) != 64 || got.SignedTemplateSHA256 != sha([]byte(report.DefaultConventionTemplate())) {
		t.Fatalf("what was signed: version %d, PDF %q, template %q", got.SignedVersion, got.SignedPDFSHA256, got.SignedTemplateSHA256)
	}
	// Reprinted on any day (the printing date is the signature's): the same bytes.
	b1, cmp := convPrint(t, a, "1", "2025-03-01")
	b2, _ := convPrint(t, a, "1", "2026-07-14")
	if sha(b1) != got.SignedPDFSHA256 || string(b1) != string(b2) {
		t.Errorf("reprints differ from what was signed: %s %s, signed %s", sha(b1), sha(b2), got.SignedPDFSHA256)
	}
	if cmp == nil || !cmp.Same || !strings.Contains(cmp.Message, "identical to the PDF signed on 2025-01-14 (version 1") {
		t.Errorf("comparison %+v", cmp)
	}
	if acts := convActions(t, a, "1"); strings.Join(acts, ",") != "create,sign" {
		t.Errorf("journal %v", acts)
	}
}

func TestSignConventionRefusedWhenThePDFCannotBePrinted(t *testing.T) {
	a, _ := convApp(t)
	ctx := context.Background()
	convCreate(t, a, "2025-01-10", "2025-02-01", "2025-12-31", domain.Fees{})
	// The renderer fails: nothing is written.
	_, err := a.SignConvention(ctx, app.ConventionSign{Ref: "1"}, &fakeRenderer{fail: "CONV-2025-0001"})
	if err == nil || !strings.Contains(err.Error(), "cannot print the PDF signed") {
		t.Fatalf("got %v", err)
	}
	// A broken template: refused before anything, naming the problem.
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.tmpl")
	if err := os.WriteFile(bad, []byte(report.DefaultConventionTemplate()+"\n{{.Partner.Nom}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a.Config.ConventionTemplate = bad
	_, err = a.SignConvention(ctx, app.ConventionSign{Ref: "1"}, datedPDF{})
	if err == nil || !strings.Contains(err.Error(), "Nom") {
		t.Fatalf("broken template: %v", err)
	}
	a.Config.ConventionTemplate = filepath.Join(dir, "missing.tmpl")
	_, err = a.SignConvention(ctx, app.ConventionSign{Ref: "1"}, datedPDF{})
	convErr(t, err, domain.KindNotFound, "TEMPLATE_FILE")
	c := convStored(t, a, "1")
	if c.Status != domain.ConventionDraft || !c.SignedOn.IsZero() || c.SignedPDFSHA256 != "" {
		t.Errorf("a refused signature was recorded: %+v", c)
	}
	if acts := convActions(t, a, "1"); strings.Join(acts, ",") != "create" {
		t.Errorf("journal %v", acts)
	}
}

func TestSignConventionBeforeItWasRecorded(t *testing.T) {
	a, _ := convApp(t) // today 2025-01-15
	convCreate(t, a, "", "2025-02-01", "2025-12-31", domain.Fees{})
	res, err := a.SignConvention(context.Background(), app.ConventionSign{Ref: "CONV-2025-0001", Date: convDate("2024-11-28")}, datedPDF{})
	if err != nil {
		t.Fatal(err)
	}
	want := "CONV-2025-0001 was recorded on 2025-01-15; its drawn-up date is now 2024-11-28, the day of signature (the number keeps its year)"
	if !res.Backdated || res.RecordedOn != convDate(convToday) || res.Note() != want {
		t.Errorf("note %q, want %q", res.Note(), want)
	}
	// The journal's sign entry has both drawn-up dates.
	var before, after string
	err = a.Store.Read(context.Background(), func(r domain.Reader) error {
		l, err := r.JournalEntries(domain.JournalFilter{Entity: "convention", ID: "1"})
		for _, e := range l {
			if e.Action == "sign" {
				before, after = string(e.Before), string(e.After)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(before, `"created_on":"2025-01-15"`) || !strings.Contains(after, `"created_on":"2024-11-28"`) {
		t.Errorf("journal before %s\nafter %s", before, after)
	}
}

func TestConventionPDFSaysWhatChangedSinceSignature(t *testing.T) {
	a, db := convApp(t)
	ctx := context.Background()
	convCreate(t, a, "2025-01-10", "2025-02-01", "2025-12-31", domain.Fees{PerCandidate: 15000})
	if _, err := a.SignConvention(ctx, app.ConventionSign{Ref: "1", Date: convDate("2025-01-14")}, datedPDF{}); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.SQL().ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	// The partner's data changed.
	exec(`UPDATE partner SET name = 'Formapro Lyon Confluence' WHERE siret = ?`, string(convSIRET))
	_, cmp := convPrint(t, a, "1", "2025-03-01")
	if cmp == nil || cmp.Same || !strings.Contains(cmp.Message, "the recorded data changed since signature") {
		t.Errorf("data changed: %+v", cmp)
	}
	exec(`UPDATE partner SET name = 'Formapro Lyon' WHERE siret = ?`, string(convSIRET))
	if _, cmp := convPrint(t, a, "1", "2025-03-01"); cmp == nil || !cmp.Same {
		t.Errorf("data restored: %+v", cmp)
	}
	// A template changed between signature and print.
	tmpl := filepath.Join(t.TempDir(), "mine.tmpl")
	text := strings.Replace(report.DefaultConventionTemplate(), "{{.Partner.Name}}", "{{.Partner.Name}} (le partenaire)", -1)
	if err := os.WriteFile(tmpl, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	a.Config.ConventionTemplate = tmpl
	_, cmp = convPrint(t, a, "1", "2025-03-01")
	signedTmpl := sha([]byte(report.DefaultConventionTemplate()))
	if cmp == nil || cmp.Same || !strings.Contains(cmp.Message, "the template changed since signature (signed with template SHA-256 "+signedTmpl[:12]+", now "+sha([]byte(text))[:12]+")") {
		t.Errorf("template changed: %+v", cmp)
	}
	a.Config.ConventionTemplate = ""
	// An avenant not signed.
	if _, err := a.AmendConvention(ctx, app.ConventionAmend{Ref: "1", Reason: "révision", Date: convDate("2025-01-15"), Fees: domain.FeeChanges{PerCandidate: convMoney(16000)}}); err != nil {
		t.Fatal(err)
	}
	_, cmp = convPrint(t, a, "1", "2025-03-01")
	if cmp == nil || cmp.Same || !strings.Contains(cmp.Message, "a later avenant (version 2) is not signed: this PDF is the consolidated version") {
		t.Errorf("avenant: %+v", cmp)
	}
	// Signed before habil (no fingerprint): said, nothing compared.
	exec(`UPDATE convention SET signed_pdf_sha256 = '', signed_template_sha256 = '', signed_version = 0 WHERE id = 1`)
	_, cmp = convPrint(t, a, "1", "2025-03-01")
	if cmp == nil || cmp.Same || !strings.Contains(cmp.Message, "signed on 2025-01-14 before habil") {
		t.Errorf("signed before habil: %+v", cmp)
	}
	// A draft: no comparison.
	convCreate(t, a, "2025-01-10", "2026-01-01", "2026-06-30", domain.Fees{})
	if _, cmp := convPrint(t, a, "2", "2025-03-01"); cmp != nil {
		t.Errorf("a draft compared: %+v", cmp)
	}
}

func TestConventionPDFAllSelection(t *testing.T) {
	a, _ := convApp(t)
	ctx := context.Background()
	convCreate(t, a, "2025-01-10", "2025-02-01", "2025-06-30", domain.Fees{})
	convCreate(t, a, "2025-01-10", "2025-07-01", "2025-12-31", domain.Fees{})
	convCreate(t, a, "2025-01-10", "2026-01-01", "2026-06-30", domain.Fees{})
	if _, err := convSign(a, "1", convDate("2025-01-12")); err != nil {
		t.Fatal(err)
	}
	if _, err := a.TerminateConvention(ctx, "2", domain.Date{}, "abandon"); err != nil {
		t.Fatal(err)
	}
	names := func(st ...domain.ConventionStatus) string {
		t.Helper()
		res, err := a.ConventionDocuments(ctx, app.ConventionDocsRequest{All: true, Statuses: st}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var l []string
		for _, d := range res.Docs {
			l = append(l, strings.TrimSuffix(d.Name, ".pdf"))
		}
		return strings.Join(l, " ")
	}
	if got := names(); got != "CONV-2025-0001 CONV-2025-0003" {
		t.Errorf("default: %s, want the signed and the draft", got)
	}
	if got := names(domain.ConventionTerminated); got != "CONV-2025-0002" {
		t.Errorf("terminated: %s", got)
	}
	if got := names(domain.AllConventionStatuses...); got != "CONV-2025-0001 CONV-2025-0002 CONV-2025-0003" {
		t.Errorf("all: %s", got)
	}
}

func TestAttachConvention(t *testing.T) {
	a, _ := convApp(t) // today 2025-01-15
	ctx := context.Background()
	convCreate(t, a, "2025-01-10", "2025-02-01", "2025-12-31", domain.Fees{})
	dir := t.TempDir()
	scan := filepath.Join(dir, "scan signé.pdf")
	if err := os.WriteFile(scan, []byte("%PDF-1.4 signed scan"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Not signed yet: attached, with a warning.
	res, err := a.AttachConvention(ctx, app.ConventionAttach{Ref: "1", Path: scan, Date: convDate("2025-01-14")})
	if err != nil {
		t.Fatal(err)
	}
	at := res.Attachment
	if at.Path != scan || at.Size != 20 || at.SHA256 != sha([]byte("%PDF-1.4 signed scan")) || at.AttachedOn != convDate("2025-01-14") || at.ID == 0 {
		t.Errorf("attachment %+v", at)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "its signature is not recorded") {
		t.Errorf("warnings %v", res.Warnings)
	}
	// The same file twice: refused, naming the day.
	_, err = a.AttachConvention(ctx, app.ConventionAttach{Ref: "1", Path: scan})
	convErr(t, err, domain.KindConflict, "ATTACH_DUPLICATE")
	if !strings.Contains(err.Error(), "already attached on 2025-01-14") {
		t.Errorf("message %v", err)
	}
	// A missing file: not found, naming the path; nothing written.
	_, err = a.AttachConvention(ctx, app.ConventionAttach{Ref: "1", Path: filepath.Join(dir, "nope.pdf")})
	convErr(t, err, domain.KindNotFound, "ATTACH_FILE")
	if !strings.Contains(err.Error(), filepath.Join(dir, "nope.pdf")) {
		t.Errorf("message %v", err)
	}
	// An empty file: attached (default date today), with a warning.
	empty := filepath.Join(dir, "empty.jpg")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := convSign(a, "1", convDate("2025-01-14")); err != nil {
		t.Fatal(err)
	}
	res, err = a.AttachConvention(ctx, app.ConventionAttach{Ref: "1", Path: empty})
	if err != nil {
		t.Fatal(err)
	}
	if res.Attachment.AttachedOn != convDate(convToday) || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "is empty (0 bytes)") {
		t.Errorf("empty: %+v %v", res.Attachment, res.Warnings)
	}
	// A relative path is kept absolute.
	wd, _ := os.Getwd()
	t.Cleanup(func() { _ = os.Chdir(wd) })
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("photo.jpg", []byte("jpeg"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = a.AttachConvention(ctx, app.ConventionAttach{Ref: "1", Path: "photo.jpg"})
	if err != nil || res.Attachment.Path != filepath.Join(dir, "photo.jpg") {
		t.Fatalf("relative: %v %+v", err, res)
	}
	// Show checks each file: ok, then changed, then missing.
	states := func() string {
		t.Helper()
		sh, err := a.ShowConvention(ctx, "1")
		if err != nil {
			t.Fatal(err)
		}
		var l []string
		for _, x := range sh.Attachments {
			l = append(l, x.State)
		}
		return strings.Join(l, ",")
	}
	if got := states(); got != "ok,ok,ok" {
		t.Errorf("states %s", got)
	}
	if err := os.WriteFile(scan, []byte("%PDF-1.4 signed scaN"), 0o644); err != nil { // same size, other content
		t.Fatal(err)
	}
	if err := os.Remove("photo.jpg"); err != nil {
		t.Fatal(err)
	}
	if got := states(); got != "changed,ok,missing" {
		t.Errorf("states %s, want changed,ok,missing", got)
	}
	if acts := convActions(t, a, "1"); strings.Join(acts, ",") != "create,attach,sign,attach,attach" {
		t.Errorf("journal %v", acts)
	}
}

func TestRenewAndAmendSayWhereTheFeePerExamComesFrom(t *testing.T) {
	a, db := convApp(t)
	ctx := context.Background()
	// Formapro Lyon trains only in 2027.
	if _, err := db.SQL().ExecContext(ctx, `INSERT INTO habilitation(id, partner_siret, certification, scope, blocs, access, date_from, date_to, created_at, updated_at)
		VALUES (8, '85262016007290', 'RNCP35419', 'train', '', '', '2027-01-01', '2027-12-31', 'x', 'x')`); err != nil {
		t.Fatal(err)
	}
	convCreate(t, a, "2025-01-10", "2026-01-01", "2026-12-31", domain.Fees{PerExam: 8000})
	if _, err := convSign(a, "1", domain.Date{}); err != nil {
		t.Fatal(err)
	}
	_, err := a.RenewConvention(ctx, app.ConventionRenew{Ref: "1"})
	convErr(t, err, domain.KindConflict, "FEE_PER_EXAM_WITHOUT_ASSESSMENT")
	var de *domain.Error
	if errors.As(err, &de); de.Hint != "the fee per exam comes from CONV-2025-0001: renew with --fee-per-exam 0 (the habilitation for the new period covers training only)" {
		t.Errorf("hint %q", de.Hint)
	}
	// Given explicitly: the rule's own hint.
	_, err = a.RenewConvention(ctx, app.ConventionRenew{Ref: "1", Fees: domain.FeeChanges{PerExam: convMoney(5000)}})
	if errors.As(err, &de); !strings.Contains(de.Hint, "drop --fee-per-exam") {
		t.Errorf("hint %q", de.Hint)
	}
	if n := convCount(t, a); n != 1 {
		t.Fatalf("%d conventions after refused renewals", n)
	}
	res, err := a.RenewConvention(ctx, app.ConventionRenew{Ref: "1", Fees: domain.FeeChanges{PerExam: convMoney(0)}})
	if err != nil || res.Convention.Terms().Scope != domain.ScopeTrain || res.Convention.Terms().Fees.PerExam != 0 {
		t.Fatalf("renewal without the fee: %v %+v", err, res)
	}
	// An avenant with a fee per exam on the train-only renewal: refused, not recorded.
	_, err = a.AmendConvention(ctx, app.ConventionAmend{Ref: "2", Reason: "frais", Fees: domain.FeeChanges{PerExam: convMoney(5000)}})
	convErr(t, err, domain.KindConflict, "FEE_PER_EXAM_WITHOUT_ASSESSMENT")
	if v := convStored(t, a, "2").Version(); v != 1 {
		t.Errorf("version %d after a refused avenant", v)
	}
}
