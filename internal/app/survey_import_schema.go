package app

import (
	"github.com/habil-app/habil/internal/importer"
)

// SurveyImportSchema is the survey answers spreadsheet read by 'cohort
// surveys import' (contract headers), and written by 'cohort surveys
// export' and 'cohort surveys template' so that a filled list imports back.
// A holder is found by certificate number, else by the candidate key
// (birth name, first name, birth date) with the certification when they
// hold two.
var SurveyImportSchema = importer.Schema{
	Name:     "Enquetes",
	Template: "habil cohort surveys template --out enquetes.xlsx",
	Fields: []importer.Field{
		{Key: "certificate", Label: "n° de certificat", Kind: importer.Identifier,
			Aliases: []string{"numero de certificat", "certificate", "n de certificat", "no de certificat", "certificat"},
			Help:    "Numéro du certificat délivré (ou, à défaut, nom de naissance + prénom + date de naissance).", Example: "RNCP38123-2024-000017"},
		{Key: "birth_name", Label: "nom de naissance", Kind: importer.Text,
			Aliases: []string{"nom", "nom de famille"},
			Help:    "Nom de naissance du titulaire (si le numéro de certificat n'est pas donné).", Example: "MARTIN"},
		{Key: "first_name", Label: "prenom", Kind: importer.Text,
			Aliases: []string{"prenom 1", "prenoms"},
			Help:    "Premier prénom du titulaire.", Example: "Léa"},
		{Key: "birth_date", Label: "date de naissance", Kind: importer.Date,
			Help: "Date de naissance du titulaire.", Example: "02/01/1990"},
		{Key: "certification", Label: "certification", Kind: importer.Text,
			Aliases: []string{"code certification", "code rncp", "code rs", "fiche"},
			Help:    "Code de la certification : nécessaire seulement quand la personne en détient deux.", Example: "RNCP38123"},
		{Key: "email", Label: "email", Kind: importer.Text,
			Aliases: []string{"adresse mail", "mail", "courriel", "e-mail", "adresse email"},
			Help:    "Adresse électronique du titulaire (pour l'envoi ; non importée)."},
		{Key: "partner", Label: "organisme", Kind: importer.Text,
			Aliases: []string{"partenaire", "organisme de formation", "siret organisme"},
			Help:    "Organisme qui a formé le titulaire (pour information ; non importé)."},
		{Key: "due", Label: "date prevue", Kind: importer.Date,
			Aliases: []string{"echeance", "date d'echeance", "due date"},
			Help:    "Date à partir de laquelle la vague est due (pour information ; non importée)."},
		{Key: "wave", Label: "vague", Required: true, Kind: importer.Text,
			Aliases: []string{"wave", "enquete"},
			Help:    "6m (6 mois) ou 24m (24 mois, 2 ans).", Allowed: []string{"6m", "24m"}, Example: "6m"},
		{Key: "answered_on", Label: "date de reponse", Kind: importer.Date,
			Aliases: []string{"date reponse", "repondu le", "date"},
			Help:    "Date de la réponse (obligatoire dès qu'une réponse est donnée ; une ligne sans aucune réponse est ignorée) : de 5 à moins de 12 mois après le jury pour la vague 6m, de 18 à moins de 36 mois pour la vague 24m (configurable).", Example: "15/09/2025"},
		{Key: "situation", Label: "situation", Kind: importer.Text,
			Help:    "emploi, recherche, etudes (neutralisé), incapacite (neutralisé), etranger (neutralisé), inactif.",
			Allowed: []string{"emploi", "recherche", "etudes", "incapacite", "etranger", "inactif"}, Example: "emploi"},
		{Key: "target_job", Label: "metier vise", Kind: importer.Text,
			Aliases: []string{"metier cible", "emploi vise"},
			Help:    "oui si l'emploi correspond au métier visé par la certification.", Allowed: []string{"oui", "non"}, Example: "oui"},
		{Key: "contract", Label: "type de contrat", Kind: importer.Text,
			Aliases: []string{"contrat"},
			Help:    "CDI, CDD, interim, independant, alternance (compté comme études), autre.",
			Allowed: []string{"CDI", "CDD", "interim", "independant", "alternance", "autre"}, Example: "CDI"},
		{Key: "salary", Label: "salaire brut annuel", Kind: importer.Money,
			Aliases: []string{"salaire", "remuneration brute annuelle", "salaire annuel brut"},
			Help:    "Rémunération brute annuelle en euros (virgule décimale acceptée).", Example: "28 500,00"},
		{Key: "cadre", Label: "cadre", Kind: importer.Text,
			Aliases: []string{"statut cadre"},
			Help:    "oui si le titulaire a le statut de cadre.", Allowed: []string{"oui", "non"}, Example: "non"},
		{Key: "job_title", Label: "intitule du poste", Kind: importer.Text,
			Aliases: []string{"poste", "emploi occupe", "intitule de poste", "job title"},
			Help:    "Intitulé de l'emploi occupé.", Example: "Chargée de projets"},
		{Key: "used", Label: "utilisation", Kind: importer.Text,
			Aliases: []string{"utilisation des competences"},
			Help:    "Certifications RS : oui si le titulaire utilise les compétences certifiées au travail.", Allowed: []string{"oui", "non"}},
		{Key: "frequency", Label: "frequence", Kind: importer.Text,
			Aliases: []string{"frequence d'utilisation"},
			Help:    "Certifications RS : quotidienne, hebdomadaire, mensuelle ou occasionnelle.",
			Allowed: []string{"quotidienne", "hebdomadaire", "mensuelle", "occasionnelle"}},
		{Key: "recognised", Label: "reconnaissance employeur", Kind: importer.Text,
			Aliases: []string{"reconnaissance par l'employeur", "reconnue par l'employeur"},
			Help:    "Certifications RS : oui si l'employeur reconnaît la certification.", Allowed: []string{"oui", "non"}},
	},
}
