package app

import "github.com/habil-app/habil/internal/domain"

// STAND-IN until h11-a's audit_checklist.go is merged: DELETE THIS FILE
// then (h11-a defines the same method over the embedded checklist, whose
// codes these are).
func (a *App) AuditChecklist(fromEnv bool) (*domain.Checklist, error) {
	return &domain.Checklist{Version: "habil-2026.1", Items: []domain.ChecklistItem{
		{Code: "LEG-01", Section: "Statut juridique", Text: "Le SIRET de l'organisme est actif (établissement non fermé)."},
		{Code: "LEG-02", Section: "Statut juridique", Text: "Le numéro de déclaration d'activité (NDA) est valide et non caduc."},
		{Code: "LEG-03", Section: "Statut juridique", Text: "Le certificat Qualiopi est valide et couvre la catégorie d'action adaptée (formation, VAE)."},
		{Code: "WEB-01", Section: "Site internet", Text: "Le site mentionne l'intitulé exact de la certification."},
		{Code: "WEB-02", Section: "Site internet", Text: "Le site mentionne le code RNCP ou RS."},
		{Code: "FOR-01", Section: "Formation", Text: "La formation couvre toutes les compétences du référentiel."},
		{Code: "EVA-01", Section: "Évaluation", Text: "Les épreuves suivent le référentiel d'évaluation."},
	}}, nil
}
