package demo

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/xlsx"
)

// The conventions a certifier signed before it used habil, imported from
// the spreadsheet its quality manager kept (issue 8): Institut Provence
// Formation, a partner of long standing recorded now, habilitated on the
// RNCP for twenty months and on the RS for three, brings three conventions
// in conventions-existantes.xlsx (written in the demo folder):
//
//   - the RNCP convention signed twenty months ago (in 2025 at the demo's
//     default date) under the certifier's own reference, in force;
//   - the convention that will follow it, drawn up but not signed yet;
//   - the RS convention signed three months ago, without a reference.
//
// The import is 'habil convention import' (after a dry run); their PDFs go
// to reports/conventions/, with the PDF of the terminated (résiliée)
// convention of the previous step. The parameters the 2025 decree makes a
// convention state per certification are set by 'certification edit'
// (another step).

func init() {
	Register(Step{Order: 35, Name: "conventions signed before habil, imported from a spreadsheet (habil convention import)", Fn: importExistingConventions})
}

// demoImportedSIRET is Institut Provence Formation (a valid SIRET no other
// step draws: generated ones come from the seeded random source).
const demoImportedSIRET = "44306184100013"

func importExistingConventions(e *Env) error {
	today := e.Today
	out, err := e.Run("certification", "list", "--format", "json")
	if err != nil {
		return err
	}
	var certs []demoCertJSON
	if err := json.Unmarshal([]byte(out), &certs); err != nil {
		return fmt.Errorf("demo: reading the certification list: %w", err)
	}
	regEnd := map[string]domain.Date{}
	for _, c := range certs {
		if c.EndDate != nil {
			regEnd[c.Code], _ = domain.ParseDate(*c.EndDate)
		}
	}
	rncpEnd, rsEnd := regEnd[demoRNCP], regEnd[demoRS]
	if rncpEnd.IsZero() || rsEnd.IsZero() || !rsEnd.After(today) || !rncpEnd.After(today.AddMonths(7)) {
		e.Log("the demo certifications end too soon: no convention imported")
		return nil
	}

	// The partner, with the habilitations the conventions rely on.
	rncpFrom, rsFrom := today.AddMonths(-20), today.AddMonths(-3)
	if _, err := e.Run("partner", "add", "--siret", demoImportedSIRET, "--name", "Institut Provence Formation",
		"--nda", "93131234513", "--email", "contact@institut-provence-formation.fr", "--website", "www.institut-provence-formation.fr",
		"--address", "18 boulevard Longchamp, 13001 Marseille", "--representative", "Sabine Ferrand, directrice",
		"--qualiopi-until", today.AddDays(800).String(), "--status", "active", "--date", rncpFrom.AddDays(-30).String(),
		"--reason", "partenaire depuis 2023, enregistré dans habil à la reprise des conventions"); err != nil {
		return err
	}
	if _, err := e.Run("partner", "habilitate", demoImportedSIRET, "--certification", demoRNCP, "--scope", "both", "--from", rncpFrom.String()); err != nil {
		return err
	}
	if _, err := e.Run("partner", "habilitate", demoImportedSIRET, "--certification", demoRS, "--scope", "train", "--from", rsFrom.String()); err != nil {
		return err
	}

	// The quality manager's spreadsheet, with the headers she used.
	current := today.AddMonths(6)
	signedRNCP, signedRS := rncpFrom.AddDays(-12), rsFrom.AddDays(-5)
	ref := fmt.Sprintf("IPF-%d-07", signedRNCP.Year())
	name := "Institut Provence Formation"
	cols := []xlsx.Column{{Header: "N° SIRET", Text: true}, {Header: "Organisme"}, {Header: "Code RNCP/RS"}, {Header: "Date de début"},
		{Header: "Date de fin"}, {Header: "Date de signature"}, {Header: "Référence"}, {Header: "Redevance par candidat (€)"},
		{Header: "Frais par examen"}, {Header: "Forfait annuel"}}
	rows := [][]any{
		{xlsx.Text(demoImportedSIRET), name, demoRNCP, rncpFrom, current.AddDays(-1), signedRNCP, ref, domain.Money(14500), domain.Money(6000), domain.Money(100000)},
		{xlsx.Text(demoImportedSIRET), name, demoRNCP, current, rncpEnd, nil, nil, domain.Money(15500), domain.Money(6000), domain.Money(100000)},
		{xlsx.Text(demoImportedSIRET), name, demoRS, rsFrom, rsEnd, signedRS, nil, domain.Money(9000), nil, nil},
	}
	file := filepath.Join(e.Dir, "conventions-existantes.xlsx")
	if err := cmdutil.WriteTableFile(file, 0o644, today.Time(), "Conventions", cols, rows); err != nil {
		return fmt.Errorf("demo: writing %s: %w", file, err)
	}
	if _, err := e.Run("convention", "import", file, "--dry-run", "--at", today.String()); err != nil {
		return err
	}
	if _, err := e.Run("convention", "import", file, "--at", today.String()); err != nil {
		return err
	}

	// Their PDFs, and the terminated convention's.
	out, err = e.Run("convention", "list", "--partner", demoImportedSIRET, "--format", "json")
	if err != nil {
		return err
	}
	var imported []struct {
		ID     int64  `json:"id"`
		Number string `json:"number"`
		Status string `json:"status"`
	}
	if err := json.Unmarshal([]byte(out), &imported); err != nil {
		return fmt.Errorf("demo: reading the imported conventions: %w", err)
	}
	dir := filepath.Join(e.Reports, "conventions")
	var numbers []string
	for _, c := range imported {
		if _, err := e.Run("convention", "pdf", fmt.Sprint(c.ID), "--out", filepath.Join(dir, c.Number+".pdf"), "--at", today.String()); err != nil {
			return err
		}
		numbers = append(numbers, c.Number+" ("+c.Status+")")
	}
	out, err = e.Run("convention", "list", "--status", "terminated", "--format", "json")
	if err != nil {
		return err
	}
	terminated := strings.Count(out, `"number"`)
	if terminated > 0 {
		if _, err := e.Run("convention", "pdf", "--all", "--status", "terminated", "--out", dir, "--at", today.String()); err != nil {
			return err
		}
	}
	msg := fmt.Sprintf("%d existing conventions imported from %s: %s; the certifier's reference %s kept beside habil's number", len(imported), file, strings.Join(numbers, ", "), ref)
	e.Log("%s", msg)
	e.Log("%d terminated (résiliée) convention(s); PDFs in %s", terminated, dir)
	e.Summary = append(e.Summary, msg+" (habil convention import)")
	return nil
}
