package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// The fields of schema v8 survive a round trip, a save of the same data
// changes nothing, and each change is named.
func TestCertificationRegisterFieldsRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := fdnOpen(t, filepath.Join(t.TempDir(), "habil.db"), Options{})
	yes := true
	c := &domain.Certification{Code: "RS6117", Title: "CQP Tourier", EndDate: domain.MustDate("2025-09-29"), Source: "fc-csv",
		Certifiers:       []domain.FicheCertifier{{SIRET: "78466840200018", Name: "CONFEDE. NATIONALE BOULANGERS PATISSIERS"}, {SIRET: "31504294500032", Name: "INSTITUT NATIONAL BOULANGERIE PATISSERIE"}},
		RegistrationType: "Enregistrement sur demande", Successors: []domain.CertCode{"RS7000"}, PartialValidation: &yes,
		Published: domain.PublishedParams{JuryComposition: "Deux professionnels", Prerequisites: "CAP boulanger"},
		Params:    domain.CertificationParams{JuryComposition: "Deux professionnels", Prerequisites: "CAP boulanger, édité"}}
	save := func(c *domain.Certification) domain.CertificationChange {
		t.Helper()
		var ch domain.CertificationChange
		if err := db.Update(ctx, func(tx domain.Tx) error {
			var err error
			ch, err = tx.SaveCertification(c)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return ch
	}
	if ch := save(c); !ch.Created {
		t.Fatalf("created: %+v", ch)
	}
	got, err := db.Certification(ctx, "RS6117")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Certifiers) != 2 || got.Certifiers[1] != c.Certifiers[1] || got.RegistrationType != c.RegistrationType ||
		len(got.Successors) != 1 || got.Successors[0] != "RS7000" || got.PartialValidation == nil || !*got.PartialValidation ||
		got.Published != c.Published || got.Params.JuryComposition != "Deux professionnels" || got.Params.Prerequisites != "CAP boulanger, édité" {
		t.Errorf("round trip: %+v", got)
	}
	if ch := save(got); !ch.Unchanged() {
		t.Errorf("same data: %v", ch.Changes)
	}
	no := false
	got.Certifiers = got.Certifiers[:1]
	got.RegistrationType = "Enregistrement de droit"
	got.Successors = nil
	got.PartialValidation = &no
	got.Published.JuryComposition = "Trois professionnels"
	ch := save(got)
	want := []string{`certifiers: "CONFEDE. NATIONALE BOULANGERS PATISSIERS 78466840200018, INSTITUT NATIONAL BOULANGERIE PATISSERIE 31504294500032" → "CONFEDE. NATIONALE BOULANGERS PATISSIERS 78466840200018"`,
		`registration type: "Enregistrement sur demande" → "Enregistrement de droit"`, `successors: "RS7000" → ""`,
		`partial validation: "yes" → "no"`, "published jury composition changed"}
	if g := strings.Join(ch.Changes, "; "); g != strings.Join(want, "; ") {
		t.Errorf("changes\n got %s\nwant %s", g, strings.Join(want, "; "))
	}
	// What was not changed stays as recorded.
	again, _ := db.Certification(ctx, "RS6117")
	if again.Params.Prerequisites != "CAP boulanger, édité" || len(again.Successors) != 0 || *again.PartialValidation {
		t.Errorf("after update: %+v", again)
	}
}
