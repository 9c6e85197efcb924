package app

import (
	"github.com/habil-app/habil/internal/importer"
)

// CandidateImportSchema is the candidate spreadsheet of 'session enroll'
// (cli-contract.md, "Candidates"): one row per candidate of the session.
// 'session template candidates' writes it blank. Its explanations are in
// French: they are printed in the template's "Explications" sheet.
var CandidateImportSchema = importer.Schema{
	Name:     "Candidats",
	Template: "habil session template candidates --out candidats.xlsx",
	Fields: []importer.Field{
		{Key: "birth_name", Label: "Nom de naissance", Required: true, Kind: importer.Text,
			Aliases: []string{"nom de naissance", "nom", "nom de famille", "nom patronymique", "birth name"},
			Help:    "Nom de naissance du candidat, tel qu'il figure sur sa pièce d'identité (60 caractères au plus, toutes écritures).", Example: "Wróblewski"},
		{Key: "usage_name", Label: "Nom d'usage", Kind: importer.Text,
			Aliases: []string{"nom d'usage", "nom usage", "nom marital", "usage name"},
			Help:    "Nom d'usage, s'il diffère du nom de naissance.", Example: "Martin"},
		{Key: "first_name", Label: "Prénom", Required: true, Kind: importer.Text,
			Aliases: []string{"prenom", "prenom 1", "prenoms", "premier prenom", "first name"},
			Help:    "Premier prénom (60 caractères au plus). Plusieurs prénoms séparés par des virgules sont répartis dans Prénom 2 et Prénom 3.", Example: "Łukasz"},
		{Key: "first_name2", Label: "Prénom 2", Kind: importer.Text, Aliases: []string{"prenom 2", "deuxieme prenom", "second prenom"},
			Help: "Deuxième prénom, le cas échéant."},
		{Key: "first_name3", Label: "Prénom 3", Kind: importer.Text, Aliases: []string{"prenom 3", "troisieme prenom"},
			Help: "Troisième prénom, le cas échéant."},
		{Key: "birth_date", Label: "Date de naissance", Required: true, Kind: importer.Date,
			Aliases: []string{"date de naissance", "ne le", "nee le", "ne(e) le", "birth date", "date naissance"},
			Help:    "Date de naissance (JJ/MM/AAAA). Une date impossible (31/02) ou future est refusée.", Example: "02/04/1990"},
		{Key: "sex", Label: "Sexe", Kind: importer.Text, Aliases: []string{"sexe", "genre", "civilite", "sex"},
			Help: "M ou F (H, homme, femme acceptés).", Example: "M"},
		{Key: "birth_insee", Label: "Code INSEE commune de naissance", Kind: importer.Identifier,
			Aliases: []string{"code insee commune de naissance", "code commune de naissance", "code insee de naissance", "code insee", "code insee naissance"},
			Help:    "Code INSEE (et non code postal) de la commune de naissance : 5 caractères, 2A/2B pour la Corse ; pour une personne née à l'étranger, le code pays 99xxx (99122 Pologne, 99243 Viêt Nam).", Example: "69123"},
		{Key: "birth_town", Label: "Commune de naissance", Kind: importer.Text,
			Aliases: []string{"commune de naissance", "ville de naissance", "lieu de naissance"},
			Help:    "Nom de la commune (ou de la ville étrangère) de naissance.", Example: "Lyon"},
		{Key: "birth_postal_code", Label: "Code postal de naissance", Kind: importer.Identifier,
			Aliases: []string{"code postal de naissance", "cp de naissance", "code postal naissance"},
			Help:    "Code postal de la commune de naissance (facultatif).", Example: "69003"},
		{Key: "birth_country", Label: "Pays de naissance", Kind: importer.Text,
			Aliases: []string{"pays de naissance", "pays naissance", "pays"},
			Help:    "France (ou vide) ; pour une personne née à l'étranger, le code pays INSEE 99xxx, ou le nom du pays avec le code 99xxx dans la colonne du code INSEE.", Example: "France"},
		{Key: "email", Label: "Email", Kind: importer.Text, Aliases: []string{"email", "e-mail", "courriel", "adresse mail", "adresse e-mail", "mail"},
			Help: "Adresse électronique du candidat (enquêtes d'insertion à 6 et 24 mois).", Example: "lukasz.wroblewski@example.pl"},
		{Key: "access", Label: "Voie d'accès", Required: true, Kind: importer.Text,
			Aliases: []string{"voie d'acces", "voie", "voies d'acces", "modalite d'acces", "access"},
			Help:    "Un code FI, CA, FC, CQ, CL ou VAE, ou son libellé. La voie doit être ouverte sur la certification et couverte par l'habilitation.", Example: "FC"},
		{Key: "vae_type", Label: "Type de VAE", Kind: importer.Text, Aliases: []string{"type de vae", "type vae"},
			Help: "Pour un candidat VAE seulement : « conge vae » ou « vae classique ».", Example: "vae classique"},
		{Key: "blocs", Label: "Blocs visés", Kind: importer.Text, Aliases: []string{"blocs vises", "blocs", "blocs de competences vises"},
			Help: "Codes des blocs présentés, séparés par , ; ou des espaces (RNCP36141BC01 ou BC01). Vide : toute la certification.", Example: "BC01, BC02"},
		{Key: "cpf_file", Label: "N° dossier CPF", Kind: importer.Identifier,
			Aliases: []string{"n° dossier cpf", "numero de dossier cpf", "numero dossier cpf", "dossier cpf", "cpf"},
			Help:    "Numéro du dossier CPF quand la formation est financée par le CPF (chiffres, 13 au plus).", Example: "12345678901"},
		{Key: "registered_on", Label: "Date d'inscription", Kind: importer.Date,
			Aliases: []string{"date d'inscription", "inscrit le", "date inscription"},
			Help:    "Date d'inscription du candidat. Obligatoire pour une session tenue après la fin d'enregistrement de la certification : seuls les candidats inscrits avant peuvent encore passer l'examen.", Example: "05/01/2026"},
		{Key: "trained_by", Label: "Organisme de formation", Kind: importer.Identifier,
			Aliases: []string{"organisme de formation", "siret organisme de formation", "siret de l'organisme de formation", "forme par"},
			Help:    "SIRET du partenaire qui a formé le candidat, quand ce n'est pas l'organisateur de la session (obligatoire quand le certificateur organise la session, sauf candidat libre ou VAE).", Example: "732 829 320 00074"},
		{Key: "accommodation", Label: "Aménagement", Kind: importer.Text,
			Aliases: []string{"amenagement", "amenagements", "amenagement d'epreuve", "amenagements d'epreuves", "accommodation"},
			Help:    "Aménagements d'épreuve accordés à un candidat en situation de handicap (imprimés sur le procès-verbal).", Example: "tiers-temps"},
	},
}
