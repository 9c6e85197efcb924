package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
)

// Doctor's content check: a re-saved fiche without BC02 leaves the
// habilitation limited to it pointing at nothing.
func TestDoctorDataBlocGone(t *testing.T) {
	ctx := context.Background()
	a := paRegister(t)
	paAdd(t, a, paSIRET, "Formapro", domain.StatusActive, "2026-01-01")
	_, err := a.Habilitate(ctx, &domain.Habilitation{PartnerSIRET: paSIRET, Certification: "RNCP36141", Scope: domain.ScopeTrain,
		Blocs: []string{"BC02"}, From: domain.MustDate("2026-01-01")})
	paMust(t, err)
	probs, err := a.DoctorData(ctx)
	if err != nil || len(probs) != 0 {
		t.Fatalf("every bloc on the fiche: %q, %v", probs, err)
	}
	err = a.Store.Update(ctx, func(tx domain.Tx) error {
		c, err := tx.Certification("RNCP36141")
		if err != nil {
			return err
		}
		c.Blocs = c.Blocs[:1] // BC02 gone
		_, err = tx.SaveCertification(c)
		return err
	})
	paMust(t, err)
	probs, err = a.DoctorData(ctx)
	if err != nil || len(probs) != 1 || !strings.HasPrefix(probs[0], "HABILITATION_BLOC_UNKNOWN: habilitation #1 of Formapro (817 389 141 00018) for RNCP36141 is limited to bloc RNCP36141BC02") {
		t.Fatalf("bloc gone: %q, %v", probs, err)
	}
	fs, err := a.Check(ctx, a.Today())
	paMust(t, err)
	n := 0
	for _, f := range fs {
		if f.Code == "HABILITATION_BLOC_UNKNOWN" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("check reports %d HABILITATION_BLOC_UNKNOWN, want 1", n)
	}
	// An empty database (never initialised) has no content problem.
	probs, err = paApp(t).DoctorData(ctx)
	if err != nil || len(probs) != 0 {
		t.Errorf("empty database: %q, %v", probs, err)
	}
}

// Every entry point refuses a control character with the one rule, and
// writes nothing.
func TestTextRuleAtEveryEntryPoint(t *testing.T) {
	ctx := context.Background()
	a := paRegister(t)
	_, err := a.AddPartner(ctx, &domain.Partner{SIRET: paSIRET, Name: "Forma\x1b[31mpro"}, domain.Date{}, "")
	paCode(t, err, domain.CodeControlCharacter)
	if _, err := a.Partner(ctx, paSIRET); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("a refused partner was recorded: %v", err)
	}
	_, err = a.AddPartner(ctx, &domain.Partner{SIRET: paSIRET, Name: "Formapro"}, domain.Date{}, "ok\u202e")
	paCode(t, err, domain.CodeControlCharacter)
	paAdd(t, a, paSIRET, "Formapro", domain.StatusActive, "2026-01-01")
	_, err = a.EditPartner(ctx, paSIRET, func(p *domain.Partner) error { p.Representative = "M. X\x07"; return nil })
	paCode(t, err, domain.CodeControlCharacter)
	_, err = a.ChangeStatus(ctx, paSIRET, domain.StatusSuspended, domain.Date{}, "audit\x00")
	paCode(t, err, domain.CodeControlCharacter)
	_, err = a.AddCertification(ctx, &domain.Certification{Code: "RS5568", Title: "Référent\u0085", EndDate: domain.MustDate("2028-01-01")}, false)
	paCode(t, err, domain.CodeControlCharacter)
	pre := "Bac\x1b"
	_, err = a.EditCertification(ctx, app.CertificationEdit{Code: "RNCP36141", Prerequisites: &pre})
	paCode(t, err, domain.CodeControlCharacter)
	pre = "Bac +2\r\nou expérience"
	ed, err := a.EditCertification(ctx, app.CertificationEdit{Code: "RNCP36141", Prerequisites: &pre})
	paMust(t, err)
	if ed.Cert.Params.Prerequisites != "Bac +2\nou expérience" {
		t.Errorf("prerequisites %q", ed.Cert.Params.Prerequisites)
	}
	name := "Académie\x1b"
	_, err = a.Init(ctx, app.CertifierUpdate{Name: &name})
	paCode(t, err, domain.CodeControlCharacter)
	p, err := a.Partner(ctx, paSIRET)
	paMust(t, err)
	if p.Representative != "" || p.Status != domain.StatusActive {
		t.Errorf("a refused edit was written: %+v", p)
	}
}

// The import refuses with the same rule, on the column that holds the
// text; nothing is written.
func TestImportPartnersTextRule(t *testing.T) {
	a, db := benchApp(t, t.TempDir())
	_, j0 := counts(t, db)
	file := writeFile(t, "ctrl.csv", importHeader+
		"28062882722919;\"Nouvelle\nFormation\";;;;;;;;\n"+
		"96145792616078;Forma\x1b[31mpro;;;;;;;;\n"+
		"81738914100018;Institut\u202eRégional;;;;;;;;\n")
	res, err := a.ImportPartners(context.Background(), app.PartnerImportRequest{File: file, At: at})
	if domain.KindOf(err) != domain.KindRejected {
		t.Fatalf("err = %v, want a rejection", err)
	}
	var lines []string
	for _, e := range res.Errors.List() {
		lines = append(lines, e.String())
	}
	want := []string{
		"ctrl.csv:2:Raison sociale: CONTROL_CHARACTER: the partner's name contains a line break or tab",
		"ctrl.csv:3:Raison sociale: CONTROL_CHARACTER: the cell contains an invisible control character, U+001B (escape)",
		"ctrl.csv:4:Raison sociale: CONTROL_CHARACTER: the cell contains an invisible direction override",
	}
	if len(lines) != len(want) {
		t.Fatalf("errors:\n%s", strings.Join(lines, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("error %d = %q, want %q…", i, lines[i], w)
		}
	}
	if n, j := counts(t, db); n != 0 || j != j0 {
		t.Errorf("%d partners, %d journal entries written (before: %d)", n, j, j0)
	}
}
