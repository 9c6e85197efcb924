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
			Help:    "SIRET of the establishment that trains or assesses (14 digits; spaces allowed). Format the column as text.", Example: "732 829 320 00074"},
		{Key: "name", Label: "Raison sociale", Required: true, Kind: importer.Text,
			Aliases: []string{"raison sociale", "nom", "name", "denomination", "nom partenaire", "nom_partenaire", "denomination sociale", "organisme", "nom de l'organisme", "organisme de formation", "partenaire"},
			Help:    "Legal name of the organisation.", Example: "Formapro Conseil"},
		{Key: "nda", Label: "NDA", Kind: importer.Identifier,
			Aliases: []string{"nda", "numero de declaration d'activite", "n° de declaration d'activite", "declaration d'activite"},
			Help:    "Déclaration d'activité number (11 digits).", Example: "11755555555"},
		{Key: "role", Label: "Rôle", Kind: importer.Enum,
			Aliases: []string{"role", "type de partenariat"},
			Choices: []importer.Choice{
				{Value: "partner", Aliases: []string{"partenaire", "partenaire habilite"}},
				{Value: "co-certifier", Aliases: []string{"co-certificateur", "cocertificateur", "co certificateur"}},
			},
			Help: "partenaire (default) or co-certificateur."},
		{Key: "email", Label: "Courriel", Kind: importer.Text, Aliases: []string{"email", "courriel", "e-mail", "mail", "adresse e-mail", "adresse mail", "adresse electronique"},
			Help: "Contact e-mail address.", Example: "contact@formapro.fr"},
		{Key: "phone", Label: "Téléphone", Kind: importer.Text, Aliases: []string{"telephone", "phone", "tel"},
			Help: "Contact phone number.", Example: "01 23 45 67 89"},
		{Key: "website", Label: "Site internet", Kind: importer.Text, Aliases: []string{"site internet", "site web", "website", "site"},
			Help: "Website address (checked by 'habil audit web').", Example: "https://www.formapro.fr"},
		{Key: "address", Label: "Adresse", Kind: importer.Text, Aliases: []string{"adresse", "address", "adresse postale"},
			Help: "Postal address, as printed on the convention."},
		{Key: "representative", Label: "Représentant légal", Kind: importer.Text,
			Aliases: []string{"representant legal", "representant", "representative", "signataire"},
			Help:    "Name and title of the legal representative who signs the convention."},
		{Key: "qualiopi_until", Label: "Qualiopi (fin de validité)", Kind: importer.Date,
			Aliases: []string{"qualiopi (fin de validite)", "qualiopi valide jusqu'au", "qualiopi_until", "fin qualiopi", "date fin qualiopi", "date de fin qualiopi", "qualiopi valable jusqu'au"},
			Help:    "Last day of validity of the Qualiopi certificate.", Example: "31/12/2027"},
		{Key: "uai", Label: "UAI", Kind: importer.Identifier, Aliases: []string{"uai", "code uai"},
			Help: "UAI of a CFA (7 digits and a letter)."},
		{Key: "status", Label: "Statut", Kind: importer.Enum,
			Aliases: []string{"statut", "etat", "status"},
			Choices: []importer.Choice{
				{Value: "prospect"},
				{Value: "active", Aliases: []string{"actif", "active"}},
				{Value: "suspended", Aliases: []string{"suspendu", "suspendue"}},
				{Value: "withdrawn", Aliases: []string{"retire", "retiree", "supprime"}},
			},
			Help: "prospect, actif, suspendu or retiré. When the column is absent or empty: actif for a row that carries a habilitation in force, else prospect (an existing partner keeps its status unless it was a prospect)."},
		{Key: "certification", Label: "Certification", Kind: importer.Text,
			Aliases: []string{"certification", "code rncp", "code rs", "rncp", "numero fiche", "numero_fiche"},
			Help:    "RNCP or RS code (RNCP36141, RS6155); it must be recorded in habil. Empty: the row only records the partner.", Example: "RNCP36141"},
		{Key: "scope", Label: "Habilitation", Kind: importer.Enum,
			Aliases: []string{"habilitation", "habilitation_partenaire", "perimetre", "type d'habilitation", "nature de l'habilitation", "type habilitation"},
			Choices: []importer.Choice{
				{Value: "train", Aliases: []string{"former", "train", "HABILITATION_FORMER", "preparer"}},
				{Value: "assess", Aliases: []string{"evaluer", "assess", "organiser", "HABILITATION_ORGANISER"}},
				{Value: "both", Aliases: []string{"former et evaluer", "both", "HABILITATION_ORGA_FORM", "former et organiser"}},
			},
			Help: "former (train), évaluer (assess) or former et évaluer (both). Required when a certification is given."},
		{Key: "blocs", Label: "Blocs de compétences", Kind: importer.Text, Aliases: []string{"blocs", "blocs de competences"},
			Help: "Bloc codes separated by , ; or spaces (RNCP36141BC01 or BC01). Empty: the whole certification.", Example: "BC01, BC02"},
		{Key: "access", Label: "Voies d'accès", Kind: importer.Text, Aliases: []string{"voies d'acces", "voies", "voie d'acces"},
			Help: "FI CA FC CQ CL VAE codes or their French labels. Empty: every route the certification opens.", Example: "FC, VAE"},
		{Key: "from", Label: "Date de début", Kind: importer.Date,
			Aliases: []string{"date de debut", "debut", "date debut habilitation", "date debut", "date de debut d'habilitation", "debut habilitation"},
			Help:    "First day of the habilitation. Required when a certification is given.", Example: "01/01/2026"},
		{Key: "to", Label: "Date de fin", Kind: importer.Date,
			Aliases: []string{"date de fin", "fin", "date fin habilitation", "date fin", "date de fin d'habilitation", "fin habilitation"},
			Help:    "Last day of the habilitation (at most the certification's registration end). Empty: until the registration ends."},
	},
}
