package demo

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/atomicfile"
)

// The control of the network (issue 11), played out on two active partners:
//
//   - the first audited two months ago, everything conforme (compliant);
//   - the second audited three months ago with a major non-conformity (the
//     certification's RNCP code missing on its website) past its deadline
//     — 'habil check' reports NONCONFORMITY_OVERDUE and proposes the
//     procedure of R6113-16-6 — and a minor one, closed since;
//   - the other active partners, never audited, habilitated more than a
//     year ago, are reported by AUDIT_OVERDUE.
//
// The filled checklists are written to audits/ as CSV, as an auditor's
// spreadsheet would be, and recorded with 'habil audit record'.

func init() {
	Register(Step{Order: 38, Name: "audits of partners: a compliant one, one with an overdue major non-conformity (habil audit checklist, template, record, close-finding, list, report)", Fn: buildAudits})
}

func buildAudits(e *Env) error {
	today := e.Today
	out, err := e.Run("partner", "list", "--format", "json", "--at", today.String())
	if err != nil {
		return err
	}
	var partners []demoPartnerJSON
	if err := json.Unmarshal([]byte(out), &partners); err != nil {
		return fmt.Errorf("demo: reading the partner list: %w", err)
	}
	var active []demoPartnerJSON
	for _, p := range partners {
		if p.Status == "active" && len(p.Habilitations) > 0 {
			active = append(active, p)
		}
	}
	if len(active) < 2 {
		return fmt.Errorf("demo: audits need two active partners, the network has %d", len(active))
	}
	dir := filepath.Join(e.Dir, "audits")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	const header = "code;point de contrôle;statut;observations;gravité;action corrective;échéance\n"
	write := func(name string, rows ...string) (string, error) {
		path := filepath.Join(dir, name)
		return path, atomicfile.WriteBytes(path, 0o644, []byte(header+strings.Join(rows, "\n")+"\n"))
	}

	// A compliant partner.
	first, second := active[0], active[1]
	d1 := today.AddMonths(-2)
	f1, err := write("audit-"+first.SIRET+".csv",
		"LEG-01;SIRET actif;conforme;avis de situation SIRENE consulté;;;",
		"LEG-02;NDA valide;conforme;récépissé consulté;;;",
		"LEG-03;Qualiopi valide;conforme;certificat en cours de validité;;;",
		"WEB-01;Intitulé exact sur le site;conforme;;;;",
		"WEB-02;Code RNCP sur le site;conforme;;;;",
		"FOR-01;Compétences du référentiel;conforme;programme complet;;;",
		"EVA-01;Épreuves du référentiel d'évaluation;n/a;habilité à former seulement;;;")
	if err != nil {
		return err
	}
	id1, err := e.Run("audit", "record", first.SIRET, f1, "--date", d1.String(), "--auditor", "Claire Martin")
	if err != nil {
		return err
	}

	// A major non-conformity past its deadline, a minor one closed.
	d2 := today.AddMonths(-3)
	major, minor := today.AddMonths(-1), today.AddMonths(-2)
	f2, err := write("audit-"+second.SIRET+".csv",
		"LEG-01;SIRET actif;conforme;;;;",
		"LEG-02;NDA valide;conforme;;;;",
		"LEG-03;Qualiopi valide;conforme;;;;",
		"WEB-01;Intitulé exact sur le site;non conforme;intitulé abrégé sur la page formation;mineure;reprendre l'intitulé exact de la fiche;"+minor.French(),
		"WEB-02;Code RNCP sur le site;non conforme;aucune mention du code RNCP ni de l'habilitation;majeure;publier le code RNCP et la mention de l'habilitation par le certificateur;"+major.French(),
		"FOR-01;Compétences du référentiel;conforme;;;;",
		"EVA-01;Épreuves du référentiel d'évaluation;conforme;grilles conformes;;;")
	if err != nil {
		return err
	}
	id2, err := e.Run("audit", "record", second.SIRET, f2, "--date", d2.String(), "--auditor", "Claire Martin")
	if err != nil {
		return err
	}
	id2 = strings.TrimSpace(id2)
	if _, err := e.Run("audit", "close-finding", id2, "WEB-01", "--date", minor.AddDays(-3).String(),
		"--note", "intitulé corrigé sur le site (capture d'écran jointe)"); err != nil {
		return err
	}
	list, err := e.Run("audit", "list", "--format", "csv", "--at", today.String())
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(filepath.Join(e.Reports, "audits.csv"), 0o644, []byte(list)); err != nil {
		return err
	}
	// The documents of the audit: the checklist pre-filled for the partner
	// with the overdue finding, the workbook an auditor fills in, and the
	// audit report.
	auditDir := filepath.Join(e.Reports, "audits")
	if err := os.MkdirAll(auditDir, 0o755); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	for _, args := range [][]string{
		{"audit", "checklist", second.SIRET, "--out", filepath.Join(auditDir, "grille-"+second.SIRET+".pdf"), "--at", today.String()},
		{"audit", "template", second.SIRET, "--out", filepath.Join(auditDir, "grille-"+second.SIRET+".xlsx"), "--at", today.String()},
		{"audit", "report", id2, "--out", filepath.Join(auditDir, "audit-"+id2+".pdf"), "--at", today.String()},
	} {
		if _, err := e.Run(args...); err != nil {
			return err
		}
	}
	e.Log("audits %s (%s, compliant) and %s (%s, a major non-conformity overdue): reports/audits.csv; its checklist, workbook and report in reports/audits/", strings.TrimSpace(id1), first.Name, id2, second.Name)
	return nil
}
