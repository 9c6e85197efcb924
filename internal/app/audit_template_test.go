package app_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
	"github.com/habil-app/habil/internal/report"
	"github.com/habil-app/habil/internal/xlsx"
)

// acNetwork is paRegister with RNCP36141 parameters recorded, an
// assess-only partner (paSIRET2) and a partner that trains and assesses on
// every route, VAE included (paSIRET), audited on 2026-02-01 with one open
// minor finding.
func acNetwork(t *testing.T) *app.App {
	t.Helper()
	ctx := context.Background()
	a := paRegister(t)
	hours, pupils := 450, 12
	paMust(t, a.Store.Update(ctx, func(tx domain.Tx) error {
		c, err := tx.Certification("RNCP36141")
		if err != nil {
			return err
		}
		c.Params.MinTrainingHours, c.Params.MaxTraineesPerTrainer = &hours, &pupils
		return tx.SaveCertificationParams(c)
	}))
	paAdd(t, a, paSIRET, "Formapro Lyon", domain.StatusActive, "2025-01-01")
	paAdd(t, a, paSIRET2, "Examens du Sud", domain.StatusActive, "2025-01-01")
	_, err := a.Habilitate(ctx, &domain.Habilitation{PartnerSIRET: paSIRET, Certification: "RNCP36141", Scope: domain.ScopeBoth, Blocs: []string{"RNCP36141BC01"},
		From: domain.MustDate("2025-01-01"), To: domain.MustDate("2027-12-31")})
	paMust(t, err)
	_, err = a.Habilitate(ctx, &domain.Habilitation{PartnerSIRET: paSIRET2, Certification: "RNCP36141", Scope: domain.ScopeAssess, Access: []domain.Access{domain.AccessFI},
		From: domain.MustDate("2025-01-01"), To: domain.MustDate("2027-12-31")})
	paMust(t, err)
	paMust(t, a.Store.Update(ctx, func(tx domain.Tx) error {
		return tx.CreateAudit(&domain.Audit{PartnerSIRET: paSIRET, Date: domain.MustDate("2026-02-01"), Auditor: "Claire Martin", ChecklistVersion: "habil-2026.1",
			Items: []domain.AuditItem{
				{Code: "LEG-01", Point: "SIRET actif", Status: domain.ItemCompliant},
				{Code: "WEB-01", Point: "Intitulé exact", Status: domain.ItemNonCompliant, Severity: domain.SeverityMinor, Action: "corriger le site", Deadline: domain.MustDate("2026-04-30")},
			}})
	}))
	return a
}

func acCodes(items []domain.ChecklistItem) map[string]string {
	m := map[string]string{}
	for _, it := range items {
		m[it.Code] = it.Text
	}
	return m
}

func TestPartnerAuditChecklist(t *testing.T) {
	ctx := context.Background()
	a := acNetwork(t)
	at := domain.MustDate("2026-03-01")
	pc, err := a.PartnerAuditChecklist(ctx, app.AuditChecklistRequest{SIRET: paSIRET, At: at})
	paMust(t, err)
	if !pc.Train || !pc.Assess || !pc.VAE {
		t.Errorf("scopes train=%v assess=%v vae=%v, want all three", pc.Train, pc.Assess, pc.VAE)
	}
	codes := acCodes(pc.Items)
	if len(pc.Items) != len(app.DefaultChecklist().Items) {
		t.Errorf("%d items, want the whole checklist", len(pc.Items))
	}
	if !strings.Contains(codes["FOR-02"], "RNCP36141 : 450 h minimum") || !strings.Contains(codes["FOR-05"], "12 stagiaires au plus") {
		t.Errorf("training items without the recorded parameters: %q / %q", codes["FOR-02"], codes["FOR-05"])
	}
	if strings.Contains(codes["FOR-03"], "Paramètres") {
		t.Errorf("FOR-03 names parameters that are not recorded: %q", codes["FOR-03"])
	}
	if pc.LastAudit == nil || pc.LastAudit.Auditor != "Claire Martin" || len(pc.OpenFindings) != 1 || pc.Compliance != domain.CompliancePartial {
		t.Errorf("situation: last %+v, %d open, %s", pc.LastAudit, len(pc.OpenFindings), pc.Compliance)
	}
	if len(pc.Habilitations) != 1 || !strings.Contains(pc.Habilitations[0], "RNCP36141BC01") || !strings.Contains(pc.Habilitations[0], "VAE") {
		t.Errorf("habilitations %q", pc.Habilitations)
	}
	// Before the audit: not audited, nothing open.
	early, err := a.PartnerAuditChecklist(ctx, app.AuditChecklistRequest{SIRET: paSIRET, At: domain.MustDate("2026-01-15")})
	paMust(t, err)
	if early.LastAudit != nil || early.Compliance != domain.ComplianceNotAudited {
		t.Errorf("before the audit: %+v %s", early.LastAudit, early.Compliance)
	}

	ex, err := a.PartnerAuditChecklist(ctx, app.AuditChecklistRequest{SIRET: paSIRET2, At: at})
	paMust(t, err)
	codes = acCodes(ex.Items)
	if _, ok := codes["FOR-01"]; ok {
		t.Error("an assess-only partner gets the training items")
	}
	if _, ok := codes["VAE-01"]; ok {
		t.Error("a partner without the VAE route gets the VAE items")
	}
	if _, ok := codes["EVA-02"]; !ok {
		t.Error("an assessor misses EVA-02 (R6113-16-4 2°)")
	}
	if ex.Compliance != domain.ComplianceNotAudited {
		t.Errorf("never audited: %s", ex.Compliance)
	}

	_, err = a.PartnerAuditChecklist(ctx, app.AuditChecklistRequest{SIRET: "40483304800022", At: at})
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindNotFound || !strings.Contains(de.Hint, "partner list") {
		t.Errorf("unknown SIRET: %v, want not found with a hint to 'partner list'", err)
	}
}

func TestAuditChecklistDocument(t *testing.T) {
	a := acNetwork(t)
	pc, err := a.PartnerAuditChecklist(context.Background(), app.AuditChecklistRequest{SIRET: paSIRET, At: domain.MustDate("2026-03-01")})
	paMust(t, err)
	doc := report.AuditChecklist(pc.AuditChecklistInput)
	text := strings.Join(doc.Texts(), "\n")
	for _, want := range []string{"Formapro Lyon", "817 389 141 00018", "Situation juridique", "Organisation des évaluations", "VAE",
		"Conforme", "Non conforme", "N/A", "Observations", "Preuves à collecter", "Claire Martin", "partiellement conforme",
		"corriger le site", "L'auditeur", "habil-2026.1"} {
		if !strings.Contains(text, want) {
			t.Errorf("the checklist document lacks %q", want)
		}
	}
	late := report.AuditChecklist(func() report.AuditChecklistInput {
		in := pc.AuditChecklistInput
		in.At = domain.MustDate("2026-05-02")
		return in
	}())
	if text := strings.Join(late.Texts(), "\n"); !strings.Contains(text, "30/04/2026 (dépassée)") {
		t.Error("an open finding past its deadline is not marked as such")
	}
	if strings.Contains(text, "dépassée") {
		t.Error("a finding within its deadline is marked as past it")
	}
	if !doc.Page.Landscape {
		t.Error("the checklist is not landscape")
	}
}

func TestAuditTemplateWorkbook(t *testing.T) {
	a := acNetwork(t)
	pc, err := a.PartnerAuditChecklist(context.Background(), app.AuditChecklistRequest{SIRET: paSIRET2, At: domain.MustDate("2026-03-01")})
	paMust(t, err)
	title, preamble, rows := pc.TemplateSheet()
	var buf bytes.Buffer
	paMust(t, xlsx.WriteForm(&buf, app.AuditTemplateSchema, xlsx.Form{Title: title, Preamble: preamble, Rows: rows, Notes: app.AuditTemplateNotes}, paNow))
	path := filepath.Join(t.TempDir(), "audit.xlsx")
	paMust(t, os.WriteFile(path, buf.Bytes(), 0o644))

	// The import pipeline finds the header row below the identity block.
	src, err := importer.Open(path, "")
	paMust(t, err)
	defer src.Close()
	rd, err := importer.NewReader(src, app.AuditTemplateSchema)
	paMust(t, err)
	if want := len(preamble) + 3; rd.HeaderRow() != want {
		t.Errorf("header row %d, want %d (title, %d identity lines, a blank row)", rd.HeaderRow(), want, len(preamble))
	}
	var got []string
	for {
		rec, err := rd.Next()
		if err != nil {
			break
		}
		code, _ := rec.Identifier("code")
		got = append(got, code)
		if rec.Text("point") == "" {
			t.Errorf("row %d: no control point", rec.Row)
		}
	}
	if len(got) != len(pc.Items) || got[0] != pc.Items[0].Code {
		t.Errorf("read back %d rows (%q…) for %d items", len(got), got[:min(len(got), 1)], len(pc.Items))
	}
	if !strings.Contains(title, "Examens du Sud") || preamble[1][1] != "732 829 320 00074" {
		t.Errorf("identity block: %q %q", title, preamble)
	}
}
