package app

import (
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/importer"
)

// AuditTemplateSchema is the audit spreadsheet of 'audit template': the
// checklist items of a partner, to fill in and record with 'audit record'
// (cli-contract.md: code, point de contrôle, statut, observations, gravité,
// action corrective, échéance).
var AuditTemplateSchema = importer.Schema{
	Name:     "Audit",
	Template: "habil audit template SIRET --out audit.xlsx",
	Fields: []importer.Field{
		{Key: "code", Label: "code", Required: true, Kind: importer.Identifier,
			Help: "code du point de contrôle de la grille (ne pas modifier)", Example: "WEB-01"},
		{Key: "point", Label: "point de contrôle", Kind: importer.Text,
			Help: "le point de contrôle, tel qu'imprimé sur la grille (pour information)"},
		{Key: "status", Label: "statut", Required: true, Kind: importer.Enum,
			Help: "conforme, non conforme, ou n/a (sans objet)", Example: "non conforme",
			Allowed: []string{"conforme", "non conforme", "n/a"}},
		{Key: "observations", Label: "observations", Kind: importer.Text,
			Help: "ce que l'auditeur a constaté, les preuves vues", Example: "Intitulé abrégé sur la page d'accueil"},
		{Key: "severity", Label: "gravité", Kind: importer.Enum,
			Help: "pour une non-conformité : mineure ou majeure", Example: "mineure",
			Allowed: []string{"mineure", "majeure"}},
		{Key: "action", Label: "action corrective", Kind: importer.Text,
			Help: "pour une non-conformité : l'action que le partenaire doit mener", Example: "Corriger l'intitulé sur le site"},
		{Key: "deadline", Label: "échéance", Kind: importer.Date,
			Help: "pour une non-conformité : la date à laquelle l'action doit être faite", Example: "30/06/2026"},
	},
}

// AuditTemplateNotes explain the audit spreadsheet in its "Explications"
// sheet, after the general notes.
var AuditTemplateNotes = []string{
	"Grille d'audit : une ligne par point de contrôle. Renseigner le statut de chaque point ; pour une non-conformité, la gravité, l'action corrective et l'échéance.",
	"Ne pas modifier la colonne code : elle relie chaque ligne au point de la grille. Les lignes de titre au-dessus des intitulés (identité du partenaire) sont ignorées à l'import.",
	"Enregistrer ensuite l'audit avec : habil audit record SIRET FICHIER --date JJ/MM/AAAA --auditor NOM.",
}

// TemplateSheet is what 'audit template' writes: a title, the partner's
// identity lines above the header row, and one row per item (code and
// point filled, the rest to complete), in AuditTemplateSchema's order.
func (pc *PartnerChecklist) TemplateSheet() (title string, preamble [][2]string, rows [][]string) {
	p := pc.Partner
	title = "Grille d'audit — " + p.Name
	nda := string(p.NDA)
	if nda == "" {
		nda = "non renseigné"
	}
	qualiopi := "non renseigné"
	if q := p.Qualiopi; q.Number != "" || !q.ValidUntil.IsZero() {
		qualiopi = strings.TrimSpace(q.Number)
		if !q.ValidUntil.IsZero() {
			qualiopi = strings.TrimSpace(qualiopi + " valide jusqu'au " + q.ValidUntil.French())
		}
	}
	habs := strings.Join(pc.Habilitations, " ; ")
	if habs == "" {
		habs = "aucune habilitation en vigueur"
	}
	convs := strings.Join(pc.Conventions, " ; ")
	if convs == "" {
		convs = "aucune convention en vigueur"
	}
	preamble = [][2]string{
		{"Partenaire", p.Name},
		{"SIRET", p.SIRET.Formatted()},
		{"Déclaration d'activité", nda},
		{"Qualiopi", qualiopi},
		{"Habilitations en vigueur", habs},
		{"Convention en vigueur", convs},
		{"Conformité au " + pc.At.French(), pc.Compliance.French() + fmt.Sprintf(" (%d non-conformité(s) ouverte(s))", len(pc.OpenFindings))},
		{"Grille", fmt.Sprintf("%s (%d points)", pc.Version, len(pc.Items))},
	}
	for _, it := range pc.Items {
		rows = append(rows, []string{it.Code, it.Text, "", "", "", "", ""})
	}
	return title, preamble, rows
}
