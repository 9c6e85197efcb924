package report

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// A suspension for a breach found outside an audit (fraud, misleading
// communication) does not claim audit findings the letter cannot cite.
func TestSuspensionGroundsFollowTheFindings(t *testing.T) {
	in := SuspensionLetterInput{Certifier: domain.Certifier{Name: "Académie"}, Reason: "fraude aux épreuves"}
	got := groundsSentence(in)
	if strings.Contains(got, "audit") || !strings.Contains(got, "un manquement à vos obligations a été constaté. Motif : fraude aux épreuves.") {
		t.Errorf("without findings: %s", got)
	}
	in.Findings = []SuspensionGround{{AuditID: 2, AuditDate: domain.MustDate("2026-09-01"), Item: domain.AuditItem{Code: "WEB-02"}}}
	if got := groundsSentence(in); !strings.Contains(got, "lors de l'audit de votre organisme et n'ont pas été corrigés dans les délais fixés") {
		t.Errorf("with findings: %s", got)
	}
}
