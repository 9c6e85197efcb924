package demo

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/atomicfile"
)

// The network's life (issue 17): continuous improvement and the improvement
// committee.
//
//   - the major non-conformity of the audited partner (demo step audits.go)
//     becomes an improvement action with its deadline, which has passed
//     ('habil check' reports IMPROVEMENT_OVERDUE);
//   - a complaint about delivery delays, still open and not yet due, and a
//     survey result, closed;
//   - the improvement committee of the active certification met ten months
//     ago with the branch's representative (not due yet: COMMITTEE_DUE after
//     twelve months); its minutes are in reports/committee/;
//   - last year's royalty statement (reports/redevances-YYYY.xlsx, .pdf),
//     recorded and not paid yet ('habil check': ROYALTY_UNPAID).

func init() {
	Register(Step{Order: 60, Name: "continuous improvement and royalties: actions from an audit, a complaint, a survey; the improvement committee and its minutes; last year's royalty statement (habil improve, committee, royalty)", Fn: buildNetworkLife})
}

func buildNetworkLife(e *Env) error {
	today := e.Today
	out, err := e.Run("audit", "list", "--format", "json", "--at", today.String())
	if err != nil {
		return err
	}
	var audits []struct {
		ID      int64 `json:"id"`
		Overdue int   `json:"overdue"`
	}
	if err := json.Unmarshal([]byte(out), &audits); err != nil {
		return fmt.Errorf("demo: reading the audit list: %w", err)
	}
	for _, a := range audits {
		if a.Overdue > 0 {
			if _, err := e.Run("improve", "from-finding", fmt.Sprint(a.ID), "WEB-02"); err != nil {
				return err
			}
			break
		}
	}
	if _, err := e.Run("improve", "add", "--source", "complaint", "--date", today.AddMonths(-1).String(), "--due", today.AddMonths(2).String(),
		"--text", "Réclamation d'un candidat : certificat reçu deux mois après le jury"); err != nil {
		return err
	}
	survey, err := e.Run("improve", "add", "--source", "survey", "--date", today.AddMonths(-11).String(), "--due", today.AddMonths(-8).String(),
		"--text", "Enquête à 6 mois : les titulaires jugent l'épreuve de mise en situation trop courte")
	if err != nil {
		return err
	}
	survey = strings.TrimSpace(survey)
	if _, err := e.Run("improve", "close", survey, "--date", today.AddMonths(-9).String(),
		"--outcome", "Durée de la mise en situation portée de 2 h à 3 h (référentiel d'évaluation v2)"); err != nil {
		return err
	}

	out, err = e.Run("certification", "list", "--format", "json")
	if err != nil {
		return err
	}
	var certs []struct {
		Code  string `json:"code"`
		State string `json:"state"`
	}
	if err := json.Unmarshal([]byte(out), &certs); err != nil {
		return fmt.Errorf("demo: reading the certification list: %w", err)
	}
	dir := filepath.Join(e.Reports, "committee")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	for _, c := range certs {
		if c.State != "active" {
			continue
		}
		id, err := e.Run("committee", "meet", "--certification", c.Code, "--date", today.AddMonths(-10).String(),
			"--member", "Claire Martin, responsable qualité du certificateur",
			"--member", "Sophie Bernard, représentante de la branche professionnelle",
			"--member", "Marc Lefèvre, directeur des ressources humaines (professionnel du métier)",
			"--member", "Nadia Haddad, formatrice d'un organisme partenaire",
			"--decision", "Allonger l'épreuve de mise en situation professionnelle à 3 heures",
			"--decision", "Former les évaluateurs des partenaires à la nouvelle grille avant la prochaine session")
		if err != nil {
			return err
		}
		id = strings.TrimSpace(id)
		if _, err := e.Run("committee", "minutes", id, "--out", filepath.Join(dir, "conseil-"+c.Code+".pdf"), "--at", today.String()); err != nil {
			return err
		}
		e.Log("improvement committee of %s: reports/committee/conseil-%s.pdf", c.Code, c.Code)
	}
	// Royalties of last year from the conventions' fees (and the sessions
	// held): the workbook and the PDF; recorded, they are unpaid so far.
	year := fmt.Sprint(today.Year() - 1)
	for _, ext := range []string{".xlsx", ".pdf"} {
		if _, err := e.Run("royalty", "statement", "--period", year, "--out", filepath.Join(e.Reports, "redevances-"+year+ext), "--at", today.String()); err != nil {
			return err
		}
	}
	e.Log("royalties %s: reports/redevances-%s.xlsx and .pdf", year, year)
	if err := buildProfessionalisation(e); err != nil {
		return err
	}
	list, err := e.Run("improve", "list", "--format", "csv", "--at", today.String())
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(filepath.Join(e.Reports, "improvements.csv"), 0o644, []byte(list))
}

// buildProfessionalisation trains every active partner (six months ago) and
// publishes the exam rules two months ago, acknowledged by all the active
// partners but the last one ('habil check': DOCUMENT_NOT_ACKNOWLEDGED).
func buildProfessionalisation(e *Env) error {
	today := e.Today
	out, err := e.Run("partner", "list", "--format", "json", "--at", today.String())
	if err != nil {
		return err
	}
	var partners []demoPartnerJSON
	if err := json.Unmarshal([]byte(out), &partners); err != nil {
		return fmt.Errorf("demo: reading the partner list: %w", err)
	}
	args := []string{"network", "training", "add", "--date", today.AddMonths(-6).String(), "--topic", "Référentiel d'évaluation et déroulement des épreuves"}
	var active []string
	for _, p := range partners {
		if p.Status == "active" && len(p.Habilitations) > 0 {
			active = append(active, p.SIRET)
			args = append(args, "--partner", p.SIRET)
		}
	}
	if len(active) == 0 {
		return nil
	}
	if _, err := e.Run(args...); err != nil {
		return err
	}
	doc := filepath.Join(e.Dir, "reglement-examen-v3.txt")
	if err := atomicfile.WriteBytes(doc, 0o644, []byte("Règlement d'examen, version 3 : déroulement des épreuves, aménagements, fraude, recours.\n")); err != nil {
		return err
	}
	published := today.AddMonths(-2)
	if _, err := e.Run("network", "documents", "publish", "Règlement d'examen", doc, "--version", "3", "--date", published.String()); err != nil {
		return err
	}
	for _, s := range active[:len(active)-1] {
		if _, err := e.Run("network", "documents", "ack", s, "Règlement d'examen", "--version", "3", "--date", published.AddDays(10).String()); err != nil {
			return err
		}
	}
	e.Log("professionalisation: %d partners trained, the exam rules v3 acknowledged by %d of them", len(active), len(active)-1)
	return nil
}
