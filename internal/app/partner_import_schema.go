package app

import (
	"github.com/habil-app/habil/internal/importer"
)

// PartnerImportSchema is the partner spreadsheet (cli-contract.md, "Import headers"):
// one row per partner × certification habilitation. The same columns are
// written by 'partner export' and 'partner template', so an export can be
// edited and imported back.
var PartnerImportSchema = importer.Schema{
	Name:     "Partenaires",
	Template: "habil partner template --out partenaires.xlsx",
	Fields: []importer.Field{
		{Key: "siret", Label: "SIRET", Required: true, Kind: importer.Identifier,
			Aliases: []string{"siret", "n° siret", "numero siret", "siret partenaire", "siret_partenaire", "siret de l'etablissement", "siret de l'etablissement habilite", "siret etablissement"},
			Help:    "SIRET de l'établissement qui forme ou évalue (14 chiffres ; espaces acceptés). Laissez la colonne au format Texte.", Example: "732 829 320 00074"},
		{Key: "name", Label: "Raison sociale", Required: true, Kind: importer.Text,
			Aliases: []string{"raison sociale", "nom", "name", "denomination", "nom partenaire", "nom_partenaire", "denomination sociale", "organisme", "nom de l'organisme", "organisme de formation", "partenaire"},
			Help:    "Raison sociale de l'organisme.", Example: "Formapro Conseil"},
		{Key: "nda", Label: "NDA", Kind: importer.Identifier,
			Aliases: []string{"nda", "numero de declaration d'activite", "n° de declaration d'activite", "declaration d'activite"},
			Help:    "Numéro de déclaration d'activité (11 chiffres).", Example: "11755555555"},
		{Key: "role", Label: "Rôle", Kind: importer.Enum,
			Aliases: []string{"role", "type de partenariat"},
			Choices: []importer.Choice{
				{Value: "partner", Aliases: []string{"partenaire", "partenaire habilite"}},
				{Value: "co-certifier", Aliases: []string{"co-certificateur", "cocertificateur", "co certificateur"}},
			},
			Help: "partenaire (par défaut) ou co-certificateur."},
		{Key: "email", Label: "Courriel", Kind: importer.Text, Aliases: []string{"email", "courriel", "e-mail", "mail", "adresse e-mail", "adresse mail", "adresse electronique"},
			Help: "Adresse électronique de contact.", Example: "contact@formapro.fr"},
		{Key: "phone", Label: "Téléphone", Kind: importer.Text, Aliases: []string{"telephone", "phone", "tel"},
			Help: "Numéro de téléphone de contact.", Example: "01 23 45 67 89"},
		{Key: "website", Label: "Site internet", Kind: importer.Text, Aliases: []string{"site internet", "site web", "website", "site"},
			Help: "Adresse du site internet de l'organisme.", Example: "https://www.formapro.fr"},
		{Key: "address", Label: "Adresse", Kind: importer.Text, Aliases: []string{"adresse", "address", "adresse postale"},
			Help: "Adresse postale, telle qu'elle figure sur la convention."},
		{Key: "representative", Label: "Représentant légal", Kind: importer.Text,
			Aliases: []string{"representant legal", "representant", "representative", "signataire"},
			Help:    "Nom et qualité du représentant légal qui signe la convention."},
		{Key: "qualiopi_until", Label: "Qualiopi (fin de validité)", Kind: importer.Date,
			Aliases: []string{"qualiopi (fin de validite)", "qualiopi valide jusqu'au", "qualiopi_until", "fin qualiopi", "date fin qualiopi", "date de fin qualiopi", "qualiopi valable jusqu'au"},
			Help:    "Dernier jour de validité du certificat Qualiopi.", Example: "31/12/2027"},
		{Key: "uai", Label: "UAI", Kind: importer.Identifier, Aliases: []string{"uai", "code uai"},
			Help: "UAI d'un CFA (7 chiffres et une lettre)."},
		{Key: "status", Label: "Statut", Kind: importer.Enum,
			Aliases: []string{"statut", "etat", "status"},
			Choices: []importer.Choice{
				{Value: "prospect"},
				{Value: "active", Aliases: []string{"actif", "active"}},
				{Value: "suspended", Aliases: []string{"suspendu", "suspendue"}},
				{Value: "withdrawn", Aliases: []string{"retiré", "retirée", "supprimé"}},
			},
			Help: "prospect, actif, suspendu ou retiré. Colonne absente ou vide : actif pour une ligne qui porte une habilitation en vigueur, sinon prospect (un partenaire déjà enregistré garde son statut, sauf s'il était prospect)."},
		{Key: "certification", Label: "Certification", Kind: importer.Text,
			Aliases: []string{"certification", "code rncp", "code rs", "rncp", "numero fiche", "numero_fiche"},
			Help:    "Code RNCP ou RS (RNCP36141, RS6155), déjà enregistré dans habil. Vide : la ligne n'enregistre que le partenaire.", Example: "RNCP36141"},
		{Key: "scope", Label: "Habilitation", Kind: importer.Enum,
			Aliases: []string{"habilitation", "habilitation_partenaire", "perimetre", "type d'habilitation", "nature de l'habilitation", "type habilitation"},
			Choices: []importer.Choice{
				{Value: "train", Aliases: []string{"former", "train", "HABILITATION_FORMER", "préparer"}},
				{Value: "assess", Aliases: []string{"évaluer", "assess", "organiser", "HABILITATION_ORGANISER"}},
				{Value: "both", Aliases: []string{"former et évaluer", "both", "HABILITATION_ORGA_FORM", "former et organiser"}},
			},
			Help: "former, évaluer ou former et évaluer. Obligatoire quand une certification est indiquée."},
		{Key: "blocs", Label: "Blocs de compétences", Kind: importer.Text, Aliases: []string{"blocs", "blocs de competences"},
			Help: "Codes des blocs séparés par , ; ou des espaces (RNCP36141BC01 ou BC01). Vide : toute la certification.", Example: "BC01, BC02"},
		{Key: "access", Label: "Voies d'accès", Kind: importer.Text, Aliases: []string{"voies d'acces", "voies", "voie d'acces"},
			Help: "Codes FI CA FC CQ CL VAE ou leurs libellés. Vide : toutes les voies d'accès ouvertes par la certification.", Example: "FC, VAE"},
		{Key: "from", Label: "Date de début", Kind: importer.Date,
			Aliases: []string{"date de debut", "debut", "date debut habilitation", "date debut", "date de debut d'habilitation", "debut habilitation"},
			Help:    "Premier jour de l'habilitation. Obligatoire quand une certification est indiquée.", Example: "01/01/2026"},
		{Key: "to", Label: "Date de fin", Kind: importer.Date,
			Aliases: []string{"date de fin", "fin", "date fin habilitation", "date fin", "date de fin d'habilitation", "fin habilitation"},
			Help:    "Dernier jour de l'habilitation (au plus tard la fin d'enregistrement de la certification). Vide : jusqu'à la fin de l'enregistrement."},
	},
}
