package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
)

// fcFixture is a France Compétences export of testdata/fc.
func fcFixture(name string) string { return filepath.Join("..", "..", "testdata", "fc", name) }

// The certifier of RNCP35419 in the samples.
var esiMe = &domain.Certifier{Name: "École supérieure d'informatique", SIRET: "31134913800017"}

func wantKind(t *testing.T, err error, kind domain.Kind, code string) {
	t.Helper()
	de, ok := err.(*domain.Error)
	if !ok || de.Kind != kind || de.Code != code {
		t.Fatalf("got %T %v, want a %s error of kind %d", err, err, code, kind)
	}
}

func hasLine(l []string, frag string) bool {
	for _, s := range l {
		if strings.Contains(s, frag) {
			return true
		}
	}
	return false
}

func TestImportCertifications(t *testing.T) {
	ctx := context.Background()
	a, _ := ckApp(t, esiMe)
	sample := fcFixture("export_fiches_rncp_rs_v4_1_sample.xml")

	// The certifier's fiches are selected by its SIRET.
	res, err := a.ImportCertifications(ctx, app.ImportCertificationsInput{File: sample})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.Updated != 0 || res.Unchanged != 0 || len(res.Imported) != 1 || res.Imported[0].Cert.Code != "RNCP35419" || res.Scanned != 2 || !res.Changed() {
		t.Fatalf("first import: %+v", res)
	}
	if !hasLine(res.Warnings, "note: RNCP35419 is marked inactive by France Compétences") {
		t.Errorf("warnings = %q", res.Warnings)
	}
	c, err := a.Certification(ctx, "RNCP35419")
	if err != nil || c.Source != "fc-xml" || c.Level != 7 || len(c.Blocs) != 4 || len(c.Partners) != 3 {
		t.Fatalf("stored: %+v, %v", c, err)
	}

	// The same file again changes nothing.
	res, err = a.ImportCertifications(ctx, app.ImportCertificationsInput{File: sample})
	if err != nil || res.Unchanged != 1 || res.Changed() {
		t.Fatalf("re-import: %+v, %v", res, err)
	}

	// A newer export (dated by its file name) updates it.
	newer := filepath.Join(t.TempDir(), "export_fiches_RNCP_V4_1_2026-01-05.xml")
	b, err := os.ReadFile(fcFixture("export_fiches_rncp_rs_v4_1_newer.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(newer, b, 0o600); err != nil {
		t.Fatal(err)
	}
	res, err = a.ImportCertifications(ctx, app.ImportCertificationsInput{File: newer})
	if err != nil || res.Updated != 1 || res.Date != "2026-01-05" || !strings.Contains(strings.Join(res.Imported[0].Change.Changes, "; "), `end date: "2026-03-17" → "2028-03-17"`) {
		t.Fatalf("newer export: %+v, %v", res, err)
	}

	// An older export never overwrites it.
	older := fcFixture("export-fiches-rncp-v4-1-2025-11-20.zip")
	res, err = a.ImportCertifications(ctx, app.ImportCertificationsInput{File: older})
	if err != nil || res.Unchanged != 1 || res.Imported[0].NewerExport != "2026-01-05" || !res.Changed() {
		t.Fatalf("older export: %+v, %v", res, err)
	}
	if c, _ := a.Certification(ctx, "RNCP35419"); c.EndDate != domain.MustDate("2028-03-17") || c.SourceDate != "2026-01-05" {
		t.Errorf("the older export overwrote the newer data: %s, %s", c.EndDate, c.SourceDate)
	}

	// --code takes another certifier's fiche, and says so.
	res, err = a.ImportCertifications(ctx, app.ImportCertificationsInput{File: older, Codes: []domain.CertCode{"RS5568"}})
	if err != nil || res.Created != 1 || !hasLine(res.Warnings, "note: RS5568 names CCI FRANCE (SIRET 187 500 020 00073) as certifier, not your SIRET 311 349 138 00017") {
		t.Fatalf("--code: %+v, %v", res, err)
	}
	// An export that no longer lists it under our SIRET leaves it alone.
	res, err = a.ImportCertifications(ctx, app.ImportCertificationsInput{File: newer})
	if err != nil || strings.Join(res.LeftAlone, ",") != "RS5568" {
		t.Fatalf("left alone: %+v, %v", res, err)
	}
	if _, err := a.Certification(ctx, "RS5568"); err != nil {
		t.Errorf("RS5568 was not left alone: %v", err)
	}

	// A code that is not in the file: nothing written.
	_, err = a.ImportCertifications(ctx, app.ImportCertificationsInput{File: older, Codes: []domain.CertCode{"RNCP35419", "RS9999"}})
	wantKind(t, err, domain.KindNotFound, "FC_CODE_NOT_FOUND")

	// Progress is reported only for a file of at least ProgressMin bytes.
	calls := 0
	_, err = a.ImportCertifications(ctx, app.ImportCertificationsInput{File: sample, Progress: func(int) { calls++ }, ProgressMin: 1 << 40})
	if err != nil || calls != 0 {
		t.Errorf("progress on a small file: %d calls, %v", calls, err)
	}

	list, err := a.Certifications(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %d, %v", len(list), err)
	}
}

func TestImportCertificationsRefusals(t *testing.T) {
	ctx := context.Background()
	sample := fcFixture("export_fiches_rncp_rs_v4_1_sample.xml")
	// No certifier yet: 'habil init' first.
	a, _ := ckApp(t, nil)
	if _, err := a.ImportCertifications(ctx, app.ImportCertificationsInput{File: sample}); err == nil {
		t.Fatal("an import without certifier must fail")
	}
	// No fiche names our SIRET: the certifiers found are named.
	a, _ = ckApp(t, ckMe)
	_, err := a.ImportCertifications(ctx, app.ImportCertificationsInput{File: sample})
	wantKind(t, err, domain.KindNotFound, "FC_NO_MATCH")
	if !strings.Contains(err.(*domain.Error).Hint, "certifiers found: CCI FRANCE (1 fiche)") {
		t.Errorf("hint = %q", err.(*domain.Error).Hint)
	}
	// Not an export: rejected.
	_, err = a.ImportCertifications(ctx, app.ImportCertificationsInput{File: fcFixture("bad/random.bin")})
	if domain.KindOf(err) != domain.KindRejected {
		t.Fatalf("random.bin: %v", err)
	}
	// A malformed fiche of ours: rejected with one problem per field, nothing written.
	bad := filepath.Join(t.TempDir(), "bad.xml")
	if err := os.WriteFile(bad, []byte(`<?xml version="1.0" encoding="UTF-8"?>
<FICHES>
  <VERSION_FLUX>4.1</VERSION_FLUX>
  <FICHE>
    <NUMERO_FICHE>RNCP36141</NUMERO_FICHE>
    <INTITULE>Responsable en gestion des ressources humaines</INTITULE>
    <NOMENCLATURE_EUROPE><NIVEAU>NIV9</NIVEAU></NOMENCLATURE_EUROPE>
    <CERTIFICATEURS><CERTIFICATEUR><SIRET_CERTIFICATEUR>73282932000074</SIRET_CERTIFICATEUR></CERTIFICATEUR></CERTIFICATEURS>
    <DATE_FIN_ENREGISTREMENT>31/02/2027</DATE_FIN_ENREGISTREMENT>
  </FICHE>
</FICHES>
`), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := a.ImportCertifications(ctx, app.ImportCertificationsInput{File: bad})
	wantKind(t, err, domain.KindRejected, "FC_FICHE_INVALID")
	if res == nil || len(res.Problems) != 2 || !strings.HasPrefix(res.Problems[0], "bad.xml:4:") {
		t.Fatalf("problems = %+v", res)
	}
	if list, _ := a.Certifications(ctx); len(list) != 0 {
		t.Errorf("a rejected import wrote %d certifications", len(list))
	}
}

func TestAddCertification(t *testing.T) {
	ctx := context.Background()
	a, _ := ckApp(t, ckMe)
	c := &domain.Certification{Code: "RS5568", Title: "Piloter un projet numérique", EndDate: domain.MustDate("2026-09-30")}
	ch, err := a.AddCertification(ctx, c, false)
	if err != nil || !ch.Created {
		t.Fatalf("add: %+v, %v", ch, err)
	}
	if got, _ := a.Certification(ctx, "RS5568"); got.Source != "manual" {
		t.Errorf("source = %q, want manual", got.Source)
	}
	// Again: refused without update.
	_, err = a.AddCertification(ctx, &domain.Certification{Code: "RS5568", Title: "x"}, false)
	wantKind(t, err, domain.KindConflict, "CERTIFICATION_EXISTS")
	// With update: replaced, the change said.
	ch, err = a.AddCertification(ctx, &domain.Certification{Code: "RS5568", Title: "Piloter un projet numérique", EndDate: domain.MustDate("2026-06-30")}, true)
	if err != nil || ch.Created || ch.Unchanged() {
		t.Fatalf("update: %+v, %v", ch, err)
	}
	if _, err := a.Certification(ctx, "RS9999"); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown code: %v", err)
	}
}
