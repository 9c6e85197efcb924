package app

import (
	"github.com/habil-app/habil/internal/importer"
)

// ConventionImportSchema is the spreadsheet of the conventions a certifier
// signed before it used habil (cli-contract.md, 'convention import'): one
// row per existing convention. 'convention template' writes it blank.
// Its explanations are in French: they are printed in the template's
// "Explications" sheet, read by whoever fills the file.
var ConventionImportSchema = importer.Schema{
	Name:     "Conventions",
	Template: "habil convention template --out conventions.xlsx",
	Fields: []importer.Field{
		{Key: "siret", Label: "SIRET", Required: true, Kind: importer.Identifier,
			Aliases: []string{"siret", "n° siret", "numero siret", "siret partenaire", "siret_partenaire", "siret de l'etablissement", "siret etablissement", "siret de l'organisme"},
			Help:    "SIRET de l'établissement partenaire (14 chiffres, espaces acceptés). Il doit être déjà enregistré dans habil avec son habilitation : importez d'abord les partenaires (habil partner import).",
			Example: "852 620 160 07290"},
		{Key: "name", Label: "Raison sociale", Kind: importer.Text,
			Aliases: []string{"raison sociale", "nom", "denomination", "denomination sociale", "partenaire", "nom partenaire", "organisme", "organisme partenaire"},
			Help:    "Pour mémoire : non lue par habil, qui reprend le nom enregistré pour ce SIRET.",
			Example: "Formapro Conseil"},
		{Key: "certification", Label: "Code RNCP/RS", Required: true, Kind: importer.Text,
			Aliases: []string{"code rncp/rs", "certification", "code rncp", "code rs", "rncp", "code certification", "numero fiche", "numero_fiche", "fiche"},
			Help:    "Code de la fiche RNCP ou RS (RNCP35419, RS5568), déjà enregistrée dans habil (habil certification import).",
			Example: "RNCP35419"},
		{Key: "from", Label: "Date de début", Required: true, Kind: importer.Date,
			Aliases: []string{"date de debut", "debut", "date debut", "date de debut de la convention", "debut de la convention", "du"},
			Help:    "Premier jour couvert par la convention. La période doit être couverte par l'habilitation du partenaire et tenir dans l'enregistrement de la certification.",
			Example: "01/03/2025"},
		{Key: "to", Label: "Date de fin", Required: true, Kind: importer.Date,
			Aliases: []string{"date de fin", "fin", "date fin", "date de fin de la convention", "fin de la convention", "au"},
			Help:    "Dernier jour couvert par la convention (au plus la fin de l'habilitation et de l'enregistrement).",
			Example: "28/02/2027"},
		{Key: "signed_on", Label: "Date de signature", Kind: importer.Date,
			Aliases: []string{"date de signature", "signature", "date signature", "signee le", "signe le", "date de signature de la convention"},
			Help:    "Jour où la convention a été signée (ni dans le futur, ni après sa fin). Vide : la convention n'est pas encore signée, elle est enregistrée comme projet.",
			Example: "03/02/2025"},
		{Key: "reference", Label: "Référence", Kind: importer.Text,
			Aliases: []string{"reference", "ref", "votre reference", "reference interne", "reference certificateur", "n° de convention", "numero de convention", "n° convention"},
			Help:    "Votre propre numéro de la convention : habil le garde et l'imprime à côté du sien. Avec une référence, une nouvelle importation retrouve la convention par partenaire, certification et référence ; sans, par partenaire, certification et dates.",
			Example: "CP-2025-014"},
		{Key: "fee_per_candidate", Label: "Redevance par candidat", Kind: importer.Money,
			Aliases: []string{"redevance par candidat", "redevance par candidat (€)", "redevance candidat", "frais par candidat", "montant par candidat", "redevance"},
			Help:    "Redevance due par candidat présenté, en euros. Vide : aucune.",
			Example: "150,00"},
		{Key: "fee_per_exam", Label: "Frais par examen", Kind: importer.Money,
			Aliases: []string{"frais par examen", "frais par examen (€)", "redevance par examen", "frais par session", "frais de session", "frais d'examen"},
			Help:    "Frais par session d'examen organisée, en euros : seulement pour une convention qui couvre l'évaluation. Vide : aucun.",
			Example: "75,50"},
		{Key: "flat_fee", Label: "Forfait annuel", Kind: importer.Money,
			Aliases: []string{"forfait annuel", "forfait annuel (€)", "forfait", "redevance forfaitaire", "redevance annuelle", "forfait par an"},
			Help:    "Forfait par année de convention, en euros. Vide : aucun.",
			Example: "1 200,00"},
	},
}
