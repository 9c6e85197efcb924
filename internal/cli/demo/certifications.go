package demo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The demo certifier's two certifications, imported the way a quality
// manager does it: from a France Compétences XML v4.1 export. The file is a
// small export written for the demo (same shape as the real one), with dates
// relative to the demo's "today": the RNCP registration ends in 18 months,
// the RS one in 10 months (so that CERTIFICATION_ENDING fires for it).
//
// Published partners: the certifier itself, three organisations meant to be
// in the demo's partner register (FORMAPRO CONSEIL 41287654200017, INSTITUT
// RH ATLANTIQUE 52369874400019, CAMPUS NUMERIQUE DU SUD 81745123000012) and
// two that are not (RH EXPRESS ACADEMIE 90234567700014, ECOLE DU DIGITAL 360
// 44712369600018), plus one withdrawn habilitation on the RS.
const (
	demoRNCP = "RNCP36141"
	demoRS   = "RS6155"
)

func init() {
	Register(Step{Order: 10, Name: "certifications from the France Compétences export (habil certification import)", Fn: importCertifications})
}

func importCertifications(e *Env) error {
	path := filepath.Join(e.Dir, "france-competences-export.xml")
	if err := os.WriteFile(path, []byte(demoExport(e)), 0o644); err != nil {
		return fmt.Errorf("demo: writing %s: %w", path, err)
	}
	if _, err := e.Run("certification", "import", path); err != nil {
		return err
	}
	e.Log("%s and %s imported from %s", demoRNCP, demoRS, path)
	return nil
}

// demoExport fills the export template with dates around e.Today.
func demoExport(e *Env) string {
	t := e.Today
	y := t.Year()
	fr := func(months int) string { return t.AddMonths(months).French() }
	rncpEnd, rsEnd := t.AddMonths(18), t.AddMonths(10)
	r := strings.NewReplacer(
		"{{RNCP_END}}", rncpEnd.French(),
		"{{RNCP_DECISION}}", rncpEnd.AddMonths(-60).French(),
		"{{RS_END}}", rsEnd.French(),
		"{{RS_DECISION}}", rsEnd.AddMonths(-36).French(),
		"{{Y1}}", fmt.Sprint(y-1), "{{Y2}}", fmt.Sprint(y-2), "{{Y3}}", fmt.Sprint(y-3),
		"{{ACTIVE_OLD}}", fr(-40), "{{ACTIVE_MID}}", fr(-26), "{{ACTIVE_NEW}}", fr(-9),
		"{{CHANGE_OLD}}", fr(-14), "{{CHANGE_NEW}}", fr(-2), "{{WITHDRAWN}}", fr(-5),
	)
	return r.Replace(demoExportTemplate)
}

const demoExportTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<FICHES>
  <VERSION_FLUX>4.1</VERSION_FLUX>
  <FICHE>
    <ID_FICHE>36141</ID_FICHE>
    <NUMERO_FICHE>RNCP36141</NUMERO_FICHE>
    <INTITULE>Responsable en gestion des ressources humaines</INTITULE>
    <ABREGE>
      <CODE>TP</CODE>
      <LIBELLE>Titre professionnel</LIBELLE>
    </ABREGE>
    <ETAT_FICHE>Publiée</ETAT_FICHE>
    <NOMENCLATURE_EUROPE>
      <NIVEAU>NIV6</NIVEAU>
      <LIBELLE>Niveau 6</LIBELLE>
    </NOMENCLATURE_EUROPE>
    <CODES_NSF>
      <NSF>
        <CODE>315</CODE>
        <LIBELLE>Ressources humaines, gestion du personnel, gestion de l'emploi</LIBELLE>
      </NSF>
    </CODES_NSF>
    <CERTIFICATEURS>
      <CERTIFICATEUR>
        <SIRET_CERTIFICATEUR>73282932000074</SIRET_CERTIFICATEUR>
        <NOM_CERTIFICATEUR>ACADEMIE DES METIERS DU NUMERIQUE</NOM_CERTIFICATEUR>
        <ETAT_CERTIFICATEUR>Actif</ETAT_CERTIFICATEUR>
      </CERTIFICATEUR>
    </CERTIFICATEURS>
    <EXISTENCE_PARTENAIRES>Oui</EXISTENCE_PARTENAIRES>
    <PARTENAIRES>
      <PARTENAIRE>
        <NOM_PARTENAIRE>ACADEMIE DES METIERS DU NUMERIQUE</NOM_PARTENAIRE>
        <SIRET_PARTENAIRE>73282932000074</SIRET_PARTENAIRE>
        <HABILITATION_PARTENAIRE>HABILITATION_ORGA_FORM</HABILITATION_PARTENAIRE>
        <ETAT_HABILITATION>Actif</ETAT_HABILITATION>
        <DATE_ACTIF>{{ACTIVE_OLD}}</DATE_ACTIF>
        <DATE_DERNIERE_MODIFICATION_ETAT>{{ACTIVE_OLD}}</DATE_DERNIERE_MODIFICATION_ETAT>
      </PARTENAIRE>
      <PARTENAIRE>
        <NOM_PARTENAIRE>FORMAPRO CONSEIL</NOM_PARTENAIRE>
        <SIRET_PARTENAIRE>41287654200017</SIRET_PARTENAIRE>
        <HABILITATION_PARTENAIRE>HABILITATION_ORGA_FORM</HABILITATION_PARTENAIRE>
        <ETAT_HABILITATION>Actif</ETAT_HABILITATION>
        <DATE_ACTIF>{{ACTIVE_OLD}}</DATE_ACTIF>
        <DATE_DERNIERE_MODIFICATION_ETAT>{{CHANGE_OLD}}</DATE_DERNIERE_MODIFICATION_ETAT>
      </PARTENAIRE>
      <PARTENAIRE>
        <NOM_PARTENAIRE>INSTITUT RH ATLANTIQUE</NOM_PARTENAIRE>
        <SIRET_PARTENAIRE>52369874400019</SIRET_PARTENAIRE>
        <HABILITATION_PARTENAIRE>HABILITATION_FORMER</HABILITATION_PARTENAIRE>
        <ETAT_HABILITATION>Actif</ETAT_HABILITATION>
        <DATE_ACTIF>{{ACTIVE_MID}}</DATE_ACTIF>
        <DATE_DERNIERE_MODIFICATION_ETAT>{{ACTIVE_MID}}</DATE_DERNIERE_MODIFICATION_ETAT>
      </PARTENAIRE>
      <PARTENAIRE>
        <NOM_PARTENAIRE>CAMPUS NUMERIQUE DU SUD</NOM_PARTENAIRE>
        <SIRET_PARTENAIRE>81745123000012</SIRET_PARTENAIRE>
        <HABILITATION_PARTENAIRE>HABILITATION_ORGANISER</HABILITATION_PARTENAIRE>
        <ETAT_HABILITATION>Actif</ETAT_HABILITATION>
        <DATE_ACTIF>{{ACTIVE_NEW}}</DATE_ACTIF>
        <DATE_DERNIERE_MODIFICATION_ETAT>{{ACTIVE_NEW}}</DATE_DERNIERE_MODIFICATION_ETAT>
      </PARTENAIRE>
      <PARTENAIRE>
        <NOM_PARTENAIRE>RH EXPRESS ACADEMIE</NOM_PARTENAIRE>
        <SIRET_PARTENAIRE>90234567700014</SIRET_PARTENAIRE>
        <HABILITATION_PARTENAIRE>HABILITATION_FORMER</HABILITATION_PARTENAIRE>
        <ETAT_HABILITATION>Actif</ETAT_HABILITATION>
        <DATE_ACTIF>{{ACTIVE_NEW}}</DATE_ACTIF>
        <DATE_DERNIERE_MODIFICATION_ETAT>{{CHANGE_NEW}}</DATE_DERNIERE_MODIFICATION_ETAT>
      </PARTENAIRE>
      <PARTENAIRE>
        <NOM_PARTENAIRE>ECOLE DU DIGITAL 360</NOM_PARTENAIRE>
        <SIRET_PARTENAIRE>44712369600018</SIRET_PARTENAIRE>
        <HABILITATION_PARTENAIRE>HABILITATION_ORGA_FORM</HABILITATION_PARTENAIRE>
        <ETAT_HABILITATION>Actif</ETAT_HABILITATION>
        <DATE_DERNIERE_MODIFICATION_ETAT>{{CHANGE_NEW}}</DATE_DERNIERE_MODIFICATION_ETAT>
      </PARTENAIRE>
    </PARTENAIRES>
    <ACTIVITES_VISEES>Pilotage de la gestion administrative du personnel et de la paie ; développement des compétences et accompagnement des parcours professionnels ; conduite du dialogue social ; déploiement de la politique RH et de la qualité de vie au travail.</ACTIVITES_VISEES>
    <TYPE_EMPLOI_ACCESSIBLES>Responsable des ressources humaines, chargé(e) de développement RH, responsable formation, responsable paie et administration du personnel</TYPE_EMPLOI_ACCESSIBLES>
    <CODES_ROME>
      <ROME>
        <CODE>M1503</CODE>
        <LIBELLE>Management des ressources humaines</LIBELLE>
      </ROME>
    </CODES_ROME>
    <SI_JURY_FI>
      <ACTIF>Oui</ACTIF>
      <COMPOSITION>Un président professionnel des ressources humaines, un représentant de l'organisme certificateur, un professionnel extérieur</COMPOSITION>
    </SI_JURY_FI>
    <SI_JURY_CA>
      <ACTIF>Oui</ACTIF>
      <COMPOSITION>Un président professionnel des ressources humaines, un représentant de l'organisme certificateur, un professionnel extérieur</COMPOSITION>
    </SI_JURY_CA>
    <SI_JURY_FC>
      <ACTIF>Oui</ACTIF>
      <COMPOSITION>Un président professionnel des ressources humaines, un représentant de l'organisme certificateur, un professionnel extérieur</COMPOSITION>
    </SI_JURY_FC>
    <SI_JURY_CQ>
      <ACTIF>Oui</ACTIF>
      <COMPOSITION>Un président professionnel des ressources humaines, un représentant de l'organisme certificateur, un professionnel extérieur</COMPOSITION>
    </SI_JURY_CQ>
    <SI_JURY_CL>
      <ACTIF>Non</ACTIF>
    </SI_JURY_CL>
    <SI_JURY_VAE>
      <ACTIF>Oui</ACTIF>
      <COMPOSITION>Deux professionnels des ressources humaines et un représentant de l'organisme certificateur, dont au moins un quart de représentants qualifiés de la profession</COMPOSITION>
    </SI_JURY_VAE>
    <ACCESSIBLE_NOUVELLE_CALEDONIE>Non</ACCESSIBLE_NOUVELLE_CALEDONIE>
    <ACCESSIBLE_POLYNESIE_FRANCAISE>Non</ACCESSIBLE_POLYNESIE_FRANCAISE>
    <DATE_DECISION>{{RNCP_DECISION}}</DATE_DECISION>
    <DUREE_ENREGISTREMENT>5</DUREE_ENREGISTREMENT>
    <STATISTIQUES_PROMOTIONS>
      <STATISTIQUES_PROMOTION>
        <ANNEE>{{Y1}}</ANNEE>
        <NOMBRE_CERTIFIES>31</NOMBRE_CERTIFIES>
        <NOMBRE_CERTIFIES_VAE>5</NOMBRE_CERTIFIES_VAE>
        <TAUX_INSERTION_GLOBAL_6MOIS>90</TAUX_INSERTION_GLOBAL_6MOIS>
      </STATISTIQUES_PROMOTION>
      <STATISTIQUES_PROMOTION>
        <ANNEE>{{Y2}}</ANNEE>
        <NOMBRE_CERTIFIES>24</NOMBRE_CERTIFIES>
        <NOMBRE_CERTIFIES_VAE>3</NOMBRE_CERTIFIES_VAE>
        <TAUX_INSERTION_GLOBAL_6MOIS>87</TAUX_INSERTION_GLOBAL_6MOIS>
        <TAUX_INSERTION_METIER_2ANS>71</TAUX_INSERTION_METIER_2ANS>
      </STATISTIQUES_PROMOTION>
      <STATISTIQUES_PROMOTION>
        <ANNEE>{{Y3}}</ANNEE>
        <NOMBRE_CERTIFIES>18</NOMBRE_CERTIFIES>
        <NOMBRE_CERTIFIES_VAE>2</NOMBRE_CERTIFIES_VAE>
        <TAUX_INSERTION_GLOBAL_6MOIS>82</TAUX_INSERTION_GLOBAL_6MOIS>
        <TAUX_INSERTION_METIER_2ANS>68</TAUX_INSERTION_METIER_2ANS>
      </STATISTIQUES_PROMOTION>
    </STATISTIQUES_PROMOTIONS>
    <DATE_FIN_ENREGISTREMENT>{{RNCP_END}}</DATE_FIN_ENREGISTREMENT>
    <TYPE_ENREGISTREMENT>Enregistrement sur demande</TYPE_ENREGISTREMENT>
    <BLOCS_COMPETENCES>
      <BLOC_COMPETENCES>
        <CODE>RNCP36141BC01</CODE>
        <LIBELLE>Piloter la gestion administrative du personnel et la paie</LIBELLE>
        <MODALITES_EVALUATION>Étude de cas écrite et mise en situation professionnelle reconstituée</MODALITES_EVALUATION>
      </BLOC_COMPETENCES>
      <BLOC_COMPETENCES>
        <CODE>RNCP36141BC02</CODE>
        <LIBELLE>Développer les compétences et accompagner les parcours professionnels</LIBELLE>
        <MODALITES_EVALUATION>Dossier professionnel et soutenance orale</MODALITES_EVALUATION>
      </BLOC_COMPETENCES>
      <BLOC_COMPETENCES>
        <CODE>RNCP36141BC03</CODE>
        <LIBELLE>Conduire le dialogue social et prévenir les risques professionnels</LIBELLE>
        <MODALITES_EVALUATION>Mise en situation de négociation et étude de cas</MODALITES_EVALUATION>
      </BLOC_COMPETENCES>
      <BLOC_COMPETENCES>
        <CODE>RNCP36141BC04</CODE>
        <LIBELLE>Déployer la stratégie RH et la qualité de vie et des conditions de travail</LIBELLE>
        <MODALITES_EVALUATION>Projet RH en entreprise présenté devant le jury</MODALITES_EVALUATION>
      </BLOC_COMPETENCES>
    </BLOCS_COMPETENCES>
    <VALIDATION_PARTIELLE>Oui</VALIDATION_PARTIELLE>
    <ACTIF>Oui</ACTIF>
  </FICHE>
  <FICHE>
    <ID_FICHE>26155</ID_FICHE>
    <NUMERO_FICHE>RS6155</NUMERO_FICHE>
    <INTITULE>Concevoir et animer des formations à distance</INTITULE>
    <ETAT_FICHE>Publiée</ETAT_FICHE>
    <FORMACODES>
      <FORMACODE>
        <CODE>15066</CODE>
        <LIBELLE>Formation à distance</LIBELLE>
      </FORMACODE>
    </FORMACODES>
    <CODES_NSF>
      <NSF>
        <CODE>333</CODE>
        <LIBELLE>Enseignement, formation</LIBELLE>
      </NSF>
    </CODES_NSF>
    <CERTIFICATEURS>
      <CERTIFICATEUR>
        <SIRET_CERTIFICATEUR>73282932000074</SIRET_CERTIFICATEUR>
        <NOM_CERTIFICATEUR>ACADEMIE DES METIERS DU NUMERIQUE</NOM_CERTIFICATEUR>
        <ETAT_CERTIFICATEUR>Actif</ETAT_CERTIFICATEUR>
      </CERTIFICATEUR>
    </CERTIFICATEURS>
    <EXISTENCE_PARTENAIRES>Oui</EXISTENCE_PARTENAIRES>
    <PARTENAIRES>
      <PARTENAIRE>
        <NOM_PARTENAIRE>ACADEMIE DES METIERS DU NUMERIQUE</NOM_PARTENAIRE>
        <SIRET_PARTENAIRE>73282932000074</SIRET_PARTENAIRE>
        <HABILITATION_PARTENAIRE>HABILITATION_ORGA_FORM</HABILITATION_PARTENAIRE>
        <ETAT_HABILITATION>Actif</ETAT_HABILITATION>
        <DATE_ACTIF>{{ACTIVE_MID}}</DATE_ACTIF>
        <DATE_DERNIERE_MODIFICATION_ETAT>{{ACTIVE_MID}}</DATE_DERNIERE_MODIFICATION_ETAT>
      </PARTENAIRE>
      <PARTENAIRE>
        <NOM_PARTENAIRE>FORMAPRO CONSEIL</NOM_PARTENAIRE>
        <SIRET_PARTENAIRE>41287654200017</SIRET_PARTENAIRE>
        <HABILITATION_PARTENAIRE>HABILITATION_ORGA_FORM</HABILITATION_PARTENAIRE>
        <ETAT_HABILITATION>Actif</ETAT_HABILITATION>
        <DATE_ACTIF>{{ACTIVE_MID}}</DATE_ACTIF>
        <DATE_DERNIERE_MODIFICATION_ETAT>{{ACTIVE_MID}}</DATE_DERNIERE_MODIFICATION_ETAT>
      </PARTENAIRE>
      <PARTENAIRE>
        <NOM_PARTENAIRE>E-FORMATEURS ASSOCIES</NOM_PARTENAIRE>
        <SIRET_PARTENAIRE>33198765100014</SIRET_PARTENAIRE>
        <HABILITATION_PARTENAIRE>HABILITATION_FORMER</HABILITATION_PARTENAIRE>
        <ETAT_HABILITATION>Supprimé</ETAT_HABILITATION>
        <DATE_ACTIF>{{ACTIVE_MID}}</DATE_ACTIF>
        <DATE_DERNIERE_MODIFICATION_ETAT>{{WITHDRAWN}}</DATE_DERNIERE_MODIFICATION_ETAT>
      </PARTENAIRE>
    </PARTENAIRES>
    <CAPACITES_ATTESTEES>Concevoir un parcours de formation à distance adapté au public et aux objectifs ; produire des ressources pédagogiques numériques accessibles ; animer des classes virtuelles et des activités collaboratives ; évaluer les acquis et la satisfaction des apprenants à distance.</CAPACITES_ATTESTEES>
    <SI_JURY_FC>
      <ACTIF>Oui</ACTIF>
      <COMPOSITION>Deux évaluateurs professionnels de la formation, dont un extérieur à l'organisme de formation</COMPOSITION>
    </SI_JURY_FC>
    <SI_JURY_CQ>
      <ACTIF>Oui</ACTIF>
      <COMPOSITION>Deux évaluateurs professionnels de la formation, dont un extérieur à l'organisme de formation</COMPOSITION>
    </SI_JURY_CQ>
    <SI_JURY_CL>
      <ACTIF>Oui</ACTIF>
      <COMPOSITION>Deux évaluateurs professionnels de la formation, dont un extérieur à l'organisme de formation</COMPOSITION>
    </SI_JURY_CL>
    <SI_JURY_VAE>
      <ACTIF>Non</ACTIF>
    </SI_JURY_VAE>
    <DATE_DECISION>{{RS_DECISION}}</DATE_DECISION>
    <DUREE_ENREGISTREMENT>3</DUREE_ENREGISTREMENT>
    <STATISTIQUES_PROMOTIONS>
      <STATISTIQUES_PROMOTION>
        <ANNEE>{{Y1}}</ANNEE>
        <NOMBRE_CERTIFIES>62</NOMBRE_CERTIFIES>
      </STATISTIQUES_PROMOTION>
      <STATISTIQUES_PROMOTION>
        <ANNEE>{{Y2}}</ANNEE>
        <NOMBRE_CERTIFIES>45</NOMBRE_CERTIFIES>
      </STATISTIQUES_PROMOTION>
    </STATISTIQUES_PROMOTIONS>
    <DATE_FIN_ENREGISTREMENT>{{RS_END}}</DATE_FIN_ENREGISTREMENT>
    <TYPE_ENREGISTREMENT>Enregistrement sur demande</TYPE_ENREGISTREMENT>
    <VALIDATION_PARTIELLE>Non</VALIDATION_PARTIELLE>
    <ACTIF>Oui</ACTIF>
  </FICHE>
</FICHES>
`
