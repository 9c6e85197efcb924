package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/xlsx"
)

// The partner template's explanation sheet speaks French with its accents
// and names no command habil does not have (issue 9).
func TestPartnerTemplateExplanations(t *testing.T) {
	p := filepath.Join(t.TempDir(), "partenaires.xlsx")
	fh, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := xlsx.WriteTemplate(fh, app.PartnerImportSchema, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	src, err := xlsx.Open(p, xlsx.ExplanationSheet)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var all []string
	for {
		_, cells, err := src.Next()
		if err != nil {
			break
		}
		all = append(all, strings.Join(cells, " | "))
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"retiré", "évaluer", "former et évaluer", "Raison sociale de l'organisme.", "Dernier jour de validité du certificat Qualiopi."} {
		if !strings.Contains(text, want) {
			t.Errorf("the explanation sheet lacks %q:\n%s", want, text)
		}
	}
	for _, bad := range []string{"audit web", "retire,", "evaluer", "Legal name", "Last day"} {
		if strings.Contains(text, bad) {
			t.Errorf("the explanation sheet still says %q", bad)
		}
	}
}
