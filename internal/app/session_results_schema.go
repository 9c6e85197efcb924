package app

import "github.com/habil-app/habil/internal/importer"

// SessionResultsSchema is the results spreadsheet of a session
// (cli-contract.md, "Results"): one row per candidate, identified by birth
// name, first name and birth date.
var SessionResultsSchema = importer.Schema{
	Name:     "Resultats",
	Template: "habil session template results --out resultats.xlsx",
	Fields: []importer.Field{
		{Key: "birth_name", Label: "Nom de naissance", Required: true, Kind: importer.Text,
			Aliases: []string{"nom de naissance", "nom", "nom de famille"},
			Help:    "Nom de naissance du candidat, tel qu'à l'inscription.", Example: "Łukasiewicz"},
		{Key: "first_name", Label: "Prénom", Required: true, Kind: importer.Text,
			Aliases: []string{"prenom", "prenom 1", "prenoms", "premier prenom"},
			Help:    "Premier prénom du candidat.", Example: "Małgorzata"},
		{Key: "birth_date", Label: "Date de naissance", Required: true, Kind: importer.Date,
			Aliases: []string{"date de naissance", "ne le", "ne(e) le"},
			Help:    "Date de naissance (JJ/MM/AAAA).", Example: "04/03/1990"},
		{Key: "result", Label: "Résultat", Required: true, Kind: importer.Text,
			Aliases: []string{"resultat", "result", "decision", "decision du jury"},
			Allowed: []string{"admis", "ajourne", "absent"},
			Help:    "admis, ajourne ou absent (aussi passed, failed, absent).", Example: "admis"},
		{Key: "blocs", Label: "Blocs validés", Kind: importer.Text,
			Aliases: []string{"blocs valides", "blocs", "blocs de competences valides"},
			Help:    "Codes des blocs validés, séparés par , ; ou des espaces. Un candidat admis valide tous les blocs (colonne facultative) ; un candidat ajourné peut en valider certains.", Example: "RNCP38123BC01"},
		{Key: "mention", Label: "Mention", Kind: importer.Text,
			Aliases: []string{"mention"},
			Allowed: []string{"sans mention", "assez bien", "bien", "tres bien", "tres bien avec felicitations du jury"},
			Help:    "Mention, pour un candidat admis seulement.", Example: "bien"},
		{Key: "score", Label: "Note", Kind: importer.Text,
			Aliases: []string{"note", "score", "note finale"},
			Help:    "Note obtenue (virgule décimale acceptée).", Example: "14,5"},
	},
}
