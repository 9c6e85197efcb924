package demo

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/atomicfile"
)

// What the 2025 decree and the nightly check look at beyond conventions,
// played out on the demo network after its conventions (so that each rule
// of issue 9 fires at least once in 'habil check'):
//
//   - a prospect habilitated while its file is incomplete — no déclaration
//     d'activité, no Qualiopi certificate — with a draft convention
//     (PARTNER_NOT_ACTIVE, QUALIOPI_MISSING, NDA_MISSING);
//   - Institut Saint-Éloi's habilitation widened to a third bloc after its
//     convention was signed (CONVENTION_SCOPE_MISMATCH: an avenant is due);
//   - a third certification, RNCP34827, on which Formapro Conseil was
//     habilitated, then marked inactive by a later France Compétences export
//     (CERTIFICATION_INACTIVE; what is listed on it is info);
//   - Campus Numérique du Sud withdrawn three months ago and still listed by
//     France Compétences, never declared (FC_DECLARATION_LATE);
//   - GRETA Île-de-France Est's habilitations, not listed yet, declared ten
//     days ago on the France Compétences space ('partner declared': FC_DECLARED);
//   - the reconciliation run again on both exports (reports/reconcile.json);
//     the demo's export file names carry no date, which FC_EXPORT_OLD says.
//
// QUALIOPI_CATEGORY_MISSING already fires on the partners' recorded
// categories (a trainer on route VAE or CA without that category).

func init() {
	Register(Step{Order: 40, Name: "what the check watches beyond conventions: incomplete files, widened habilitations, an inactive fiche, declarations to France Compétences (habil partner declared …)", Fn: buildCheckRules})
}

const demoInactive = "RNCP34827"

func buildCheckRules(e *Env) error {
	today := e.Today
	months := func(n int) string { return today.AddMonths(n).String() }
	run := func(args ...string) (string, error) {
		out, err := e.Run(args...)
		return strings.TrimSpace(out), err
	}
	out, err := run("partner", "list", "--format", "json", "--at", today.String())
	if err != nil {
		return err
	}
	var partners []demoPartnerJSON
	if err := json.Unmarshal([]byte(out), &partners); err != nil {
		return fmt.Errorf("demo: reading the partner list: %w", err)
	}
	used := map[string]bool{}
	byName := map[string]demoPartnerJSON{}
	for _, p := range partners {
		used[p.SIRET] = true
		if _, ok := byName[p.Name]; !ok {
			byName[p.Name] = p
		}
	}

	// A prospect with an incomplete file, already habilitated, and a draft convention.
	siret := demoSIRET(e, used)
	if _, err := run("partner", "add", "--siret", siret, "--name", "Nouvel Horizon Formation", "--status", "prospect",
		"--date", months(-2), "--reason", "candidature reçue (appel à partenaires)", "--email", "contact@nouvel-horizon-formation.fr"); err != nil {
		return err
	}
	if _, err := run("partner", "habilitate", siret, "--certification", demoRNCP, "--scope", "both", "--from", months(-1)); err != nil {
		return err
	}
	if _, err := run("convention", "create", "--partner", siret, "--certification", demoRNCP, "--from", today.String(),
		"--to", months(12), "--date", today.AddDays(-5).String()); err != nil {
		return err
	}

	// Institut Saint-Éloi: its habilitation widened to bloc 2 after the convention was signed.
	widened := ""
	if p, ok := byName["Institut Saint-Éloi"]; ok {
		for _, h := range p.Habilitations {
			if h.Certification != demoRNCP || h.State != "in_force" {
				continue
			}
			last := today.AddMonths(-1)
			if _, err := run("partner", "habilitation", "end", fmt.Sprint(h.ID), "--date", last.String(),
				"--reason", "extension au bloc 2 décidée en comité"); err != nil {
				return err
			}
			if _, err := run("partner", "habilitate", p.SIRET, "--certification", demoRNCP, "--scope", h.Scope,
				"--bloc", "BC01,BC02,BC04", "--access", "FI,CA", "--from", last.AddDays(1).String()); err != nil {
				return err
			}
			widened = p.Name
			break
		}
	}

	// A fiche France Compétences later marked inactive, replaced by RNCP36141.
	first := filepath.Join(e.Dir, "france-competences-export-"+strings.ToLower(demoInactive)+".xml")
	if err := os.WriteFile(first, []byte(demoInactiveExport(e, true)), 0o644); err != nil {
		return fmt.Errorf("demo: writing %s: %w", first, err)
	}
	if _, err := run("certification", "import", first); err != nil {
		return err
	}
	if _, err := run("partner", "habilitate", "41287654200017", "--certification", demoInactive, "--scope", "train", "--from", months(-6)); err != nil {
		return err
	}
	// Its file name carries its date, as France Compétences names its
	// exports: 100 days old, it makes FC_EXPORT_OLD fire.
	later := filepath.Join(e.Dir, "export_fiches_"+demoInactive+"_inactive-"+today.AddDays(-100).String()+".xml")
	if err := os.WriteFile(later, []byte(demoInactiveExport(e, false)), 0o644); err != nil {
		return fmt.Errorf("demo: writing %s: %w", later, err)
	}
	if _, err := run("certification", "import", later); err != nil {
		return err
	}

	// Campus Numérique du Sud withdrawn three months ago, never declared; GRETA's
	// habilitations declared ten days ago.
	if _, err := run("partner", "status", "81745123000012", "withdrawn", "--date", months(-3),
		"--reason", "retrait de l'habilitation : sessions d'évaluation non conformes au référentiel"); err != nil {
		return err
	}
	declared := ""
	if p, ok := byName["GRETA Île-de-France Est"]; ok {
		if _, err := run("partner", "declared", p.SIRET, "--date", today.AddDays(-10).String()); err != nil {
			return err
		}
		declared = p.Name
	}

	// The reconciliation again, on both exports.
	out, err = run("partner", "reconcile", filepath.Join(e.Dir, "france-competences-export.xml"), later, "--at", today.String(), "--format", "json")
	if err != nil {
		return err
	}
	report := filepath.Join(e.Reports, "reconcile.json")
	if err := atomicfile.Write(report, 0o644, func(w io.Writer) error {
		_, err := io.WriteString(w, out+"\n")
		return err
	}); err != nil {
		return fmt.Errorf("demo: writing %s: %w", report, err)
	}
	e.Log("Nouvel Horizon Formation (prospect, no NDA nor Qualiopi) habilitated with a draft convention; %s widened after its convention; %s marked inactive; Campus Numérique du Sud withdrawn, not declared; %s declared; reconciled again: %s",
		widened, demoInactive, declared, report)
	return nil
}

// demoInactiveExport is a France Compétences export of RNCP34827, active or
// (later) marked inactive with RNCP36141 as its successor.
func demoInactiveExport(e *Env, active bool) string {
	t := e.Today
	state, successor := "Oui", ""
	if !active {
		state = "Non"
		successor = "\n    <NOUVELLES_CERTIFICATIONS>\n      <NOUVELLE_CERTIFICATION>" + demoRNCP + "</NOUVELLE_CERTIFICATION>\n    </NOUVELLES_CERTIFICATIONS>"
	}
	r := strings.NewReplacer("{{ACTIF}}", state, "{{SUCCESSOR}}", successor,
		"{{END}}", t.AddMonths(8).French(), "{{DECISION}}", t.AddMonths(-52).French(), "{{SINCE}}", t.AddMonths(-30).French())
	return r.Replace(demoInactiveTemplate)
}

const demoInactiveTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<FICHES>
  <VERSION_FLUX>4.1</VERSION_FLUX>
  <FICHE>
    <ID_FICHE>34827</ID_FICHE>
    <NUMERO_FICHE>RNCP34827</NUMERO_FICHE>
    <INTITULE>Gestionnaire des ressources humaines</INTITULE>
    <ETAT_FICHE>Publiée</ETAT_FICHE>
    <NOMENCLATURE_EUROPE>
      <NIVEAU>NIV5</NIVEAU>
      <LIBELLE>Niveau 5</LIBELLE>
    </NOMENCLATURE_EUROPE>
    <CERTIFICATEURS>
      <CERTIFICATEUR>
        <SIRET_CERTIFICATEUR>73282932000074</SIRET_CERTIFICATEUR>
        <NOM_CERTIFICATEUR>ACADEMIE DES METIERS DU NUMERIQUE</NOM_CERTIFICATEUR>
        <ETAT_CERTIFICATEUR>Actif</ETAT_CERTIFICATEUR>
      </CERTIFICATEUR>
    </CERTIFICATEURS>{{SUCCESSOR}}
    <EXISTENCE_PARTENAIRES>Oui</EXISTENCE_PARTENAIRES>
    <PARTENAIRES>
      <PARTENAIRE>
        <NOM_PARTENAIRE>FORMAPRO CONSEIL</NOM_PARTENAIRE>
        <SIRET_PARTENAIRE>41287654200017</SIRET_PARTENAIRE>
        <HABILITATION_PARTENAIRE>HABILITATION_FORMER</HABILITATION_PARTENAIRE>
        <ETAT_HABILITATION>Actif</ETAT_HABILITATION>
        <DATE_ACTIF>{{SINCE}}</DATE_ACTIF>
      </PARTENAIRE>
      <PARTENAIRE>
        <NOM_PARTENAIRE>RH EXPRESS ACADEMIE</NOM_PARTENAIRE>
        <SIRET_PARTENAIRE>90234567700014</SIRET_PARTENAIRE>
        <HABILITATION_PARTENAIRE>HABILITATION_ORGA_FORM</HABILITATION_PARTENAIRE>
        <ETAT_HABILITATION>Actif</ETAT_HABILITATION>
        <DATE_ACTIF>{{SINCE}}</DATE_ACTIF>
      </PARTENAIRE>
    </PARTENAIRES>
    <SI_JURY_FC>
      <ACTIF>Oui</ACTIF>
    </SI_JURY_FC>
    <SI_JURY_VAE>
      <ACTIF>Oui</ACTIF>
    </SI_JURY_VAE>
    <DATE_DECISION>{{DECISION}}</DATE_DECISION>
    <DATE_FIN_ENREGISTREMENT>{{END}}</DATE_FIN_ENREGISTREMENT>
    <TYPE_ENREGISTREMENT>Enregistrement sur demande</TYPE_ENREGISTREMENT>
    <BLOCS_COMPETENCES>
      <BLOC_COMPETENCES>
        <CODE>RNCP34827BC01</CODE>
        <LIBELLE>Gérer l'administration du personnel</LIBELLE>
      </BLOC_COMPETENCES>
      <BLOC_COMPETENCES>
        <CODE>RNCP34827BC02</CODE>
        <LIBELLE>Contribuer au développement des compétences</LIBELLE>
      </BLOC_COMPETENCES>
    </BLOCS_COMPETENCES>
    <ACTIF>{{ACTIF}}</ACTIF>
  </FICHE>
</FICHES>
`
