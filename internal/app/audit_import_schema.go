package app

import (
	"github.com/habil-app/habil/internal/importer"
)

// AuditImportSchema is the filled audit checklist read by 'audit record'
// (issue 11: the spreadsheet of 'audit template'): one row per control
// point, with its result and, for a non-conformity, its severity,
// corrective action and deadline.
var AuditImportSchema = importer.Schema{
	Name:     "Audit",
	Template: "habil audit template SIRET --out audit.xlsx",
	Fields: []importer.Field{
		{Key: "code", Label: "code", Required: true, Kind: importer.Text,
			Aliases: []string{"code", "code du point", "point", "reference"},
			Help:    "Code du point de contrôle de la grille d'audit.", Example: "COM-01"},
		{Key: "point", Label: "point de contrôle", Kind: importer.Text,
			Aliases: []string{"point de controle", "intitule", "libelle", "exigence"},
			Help:    "Intitulé du point de contrôle (pour information)."},
		{Key: "status", Label: "statut", Required: true, Kind: importer.Text,
			Aliases: []string{"statut", "resultat", "status", "conformite"},
			Help:    "conforme, non conforme ou n/a.", Example: "conforme"},
		{Key: "observations", Label: "observations", Kind: importer.Text,
			Aliases: []string{"observations", "observation", "commentaire", "constat", "constats"},
			Help:    "Constats de l'auditeur et preuves consultées."},
		{Key: "severity", Label: "gravité", Kind: importer.Text,
			Aliases: []string{"gravite", "severite", "severity", "niveau"},
			Help:    "mineure ou majeure, pour un point non conforme seulement.", Example: "mineure"},
		{Key: "action", Label: "action corrective", Kind: importer.Text,
			Aliases: []string{"action corrective", "action", "actions correctives", "mesure corrective"},
			Help:    "Action corrective demandée, pour un point non conforme."},
		{Key: "deadline", Label: "échéance", Kind: importer.Date,
			Aliases: []string{"echeance", "date limite", "delai", "deadline", "date d'echeance"},
			Help:    "Date à laquelle l'action corrective doit être réalisée (au plus tôt la date de l'audit).", Example: "31/03/2026"},
	},
}
