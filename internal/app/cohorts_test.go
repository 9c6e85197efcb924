package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/sqlite"

	_ "github.com/habil-app/habil/internal/csvfr"
)

// coHolders records a session of code organised by Formapro Lyon, the
// jury on jury, one admitted holder per name (access FC unless the name
// ends with "/VAE"), certificates delivered; it returns the certificate
// numbers in order.
func coHolders(t *testing.T, db *sqlite.DB, code domain.CertCode, jury string, names ...string) []string {
	t.Helper()
	var numbers []string
	ckUpdate(t, db, func(tx domain.Tx) error {
		j := domain.MustDate(jury)
		s := &domain.Session{Certification: code, Partner: "85262016007290", Date: j.AddDays(-10), JuryDate: j, DeliveredOn: j.AddDays(5)}
		if err := tx.CreateSession(s); err != nil {
			return err
		}
		var list []*domain.Enrollment
		for i, n := range names {
			acc := domain.AccessFC
			if strings.HasSuffix(n, "/VAE") {
				acc, n = domain.AccessVAE, strings.TrimSuffix(n, "/VAE")
			}
			list = append(list, &domain.Enrollment{Access: acc, Candidate: domain.Candidate{BirthName: n, FirstNames: []string{"Alex"},
				BirthDate: domain.MustDate("1990-01-01").AddDays(i), Email: strings.ToLower(n) + "@example.fr"}})
		}
		if _, err := tx.SaveEnrollments(s.ID, list); err != nil {
			return err
		}
		for _, e := range list {
			e.Result = domain.ResultAdmitted
		}
		if _, err := tx.SaveResults(s.ID, list); err != nil {
			return err
		}
		for _, e := range list {
			c := &domain.Certificate{Kind: domain.KindCertificate, EnrollmentID: e.ID, Certification: code, Year: j.Year(), JuryDate: j, IssuedOn: j.AddDays(5)}
			if err := tx.AddCertificate(c); err != nil {
				return err
			}
			numbers = append(numbers, c.Number)
		}
		return nil
	})
	return numbers
}

const coHeader = "n° de certificat;vague;date de reponse;situation;metier vise;type de contrat;salaire brut annuel;cadre;intitule du poste\n"

func coFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "enquete.csv")
	if err := os.WriteFile(p, []byte(coHeader+body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSurveysDueImportAndIndicators(t *testing.T) {
	ctx := context.Background()
	a, db := ckApp(t, ckMe) // today 2026-02-01
	ckNetwork(t, db)
	// A predecessor fiche whose holders count with RNCP35419.
	ckUpdate(t, db, func(tx domain.Tx) error {
		_, err := tx.SaveCertification(&domain.Certification{Code: "RNCP30000", Title: "Ancien titre", Level: 5,
			EndDate: domain.MustDate("2024-12-31"), Source: "manual", Successors: []domain.CertCode{"RNCP35419"}})
		return err
	})
	n := coHolders(t, db, "RNCP35419", "2025-01-15", "Martin", "Durand", "Petit/VAE")
	old := coHolders(t, db, "RNCP30000", "2024-06-10", "Bernard")

	// At 2025-07-15 the three 6-month waves of 2025 are due (from 2025-07-15).
	due, err := a.SurveysDue(ctx, domain.MustDate("2025-07-15"), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 3 || due[0].Wave != domain.Wave6m || due[0].DueDate != domain.MustDate("2025-07-15") {
		t.Fatalf("due at 2025-07-15: %+v", due)
	}
	if due, _ := a.SurveysDue(ctx, domain.MustDate("2025-07-14"), ""); len(due) != 0 {
		t.Errorf("the day before: %d due", len(due))
	}

	// Bad rows: every error, nothing written.
	bad := coFile(t, n[0]+";6m;01/03/2025;emploi;oui;CDI;;;\n"+ // month 1.5: outside the window
		"RNCP35419-2025-999999;6m;20/07/2025;emploi;;;;;\n"+ // not a holder
		n[1]+";6m;20/07/2025;chomage;;;;;\n"+ // unknown situation
		n[2]+";6m;20/07/2025;emploi;oui;CDI;beaucoup;non;\n") // salary not a number
	res, err := a.ImportSurveys(ctx, app.SurveyImportRequest{File: bad})
	if domain.KindOf(err) != domain.KindRejected {
		t.Fatalf("bad file: %v", err)
	}
	var codes []string
	for _, e := range res.Errors.List() {
		codes = append(codes, e.Code)
	}
	if got := strings.Join(codes, " "); !strings.Contains(got, "SURVEY_OUT_OF_WINDOW") || !strings.Contains(got, "SURVEY_NOT_HOLDER") ||
		!strings.Contains(got, "SURVEY_SITUATION") || len(codes) != 4 {
		t.Errorf("row errors: %s", got)
	}

	good := coFile(t, n[0]+";6m;20/07/2025;emploi;oui;CDI;31 500,00;non;Développeur\n"+
		n[1]+";6 mois;2025-08-01;emploi;non;alternance;;;Apprenti\n"+
		n[2]+";6m;2025-08-01;recherche;;;;;\n"+
		old[0]+";24m;2026-01-10;emploi;oui;CDD;;;\n")
	res, err = a.ImportSurveys(ctx, app.SurveyImportRequest{File: good})
	if err != nil || res.Created != 4 {
		t.Fatalf("import: %+v %v", res, err)
	}
	res, err = a.ImportSurveys(ctx, app.SurveyImportRequest{File: good})
	if err != nil || res.Unchanged != 4 || res.Created+res.Replaced != 0 {
		t.Fatalf("same file again: %+v %v", res, err)
	}
	changed := coFile(t, n[2]+";6m;2025-08-02;emploi;oui;CDI;;;\n")
	res, err = a.ImportSurveys(ctx, app.SurveyImportRequest{File: changed})
	if err != nil || res.Replaced != 1 || len(res.ReplacedLines) != 1 || !strings.Contains(res.ReplacedLines[0], "recherche → emploi") {
		t.Fatalf("changed answer: %+v %v", res, err)
	}
	if due, _ := a.SurveysDue(ctx, domain.MustDate("2025-08-15"), ""); len(due) != 0 {
		t.Errorf("answered waves still due: %+v", due)
	}

	ind, err := a.Indicators(ctx, "RNCP35419", 0, domain.ByYear)
	if err != nil {
		t.Fatal(err)
	}
	if len(ind.Predecessors) != 1 || ind.Predecessors[0] != "RNCP30000" || len(ind.Rows) != 2 {
		t.Fatalf("indicators: %+v", ind)
	}
	y24, y25 := ind.Rows[0], ind.Rows[1]
	if y24.Year != 2024 || y24.Certified != 1 || y24.W24m.Employed != 1 || *y24.W24m.TargetJobRate != 100 {
		t.Errorf("2024 (predecessor's holder): %+v", y24)
	}
	// 2025: 3 certified, 1 VAE; 6m: 3 answers, 1 alternance neutralised,
	// 2 employed (the replaced answer included), both in the target job →
	// 100 %, 100 %; response 100 %.
	w := y25.W6m
	if y25.Certified != 3 || y25.CertifiedVAE != 1 || w.Respondents != 3 || w.Neutralised != 1 || w.Employed != 2 ||
		*w.InsertionRate != 100 || *w.TargetJobRate != 100 || *w.ResponseRate != 100 {
		t.Errorf("2025: %+v (rates %d %d)", y25, *w.InsertionRate, *w.TargetJobRate)
	}
	// Without the alternance rule the apprentice counts as employed: 3/3.
	a.Config.Indicators.NeutraliseAlternance = false
	ind, _ = a.Indicators(ctx, "RNCP35419", 2025, domain.ByRoute)
	if len(ind.Rows) != 2 || ind.Rows[0].Route != domain.AccessFC || ind.Rows[0].W6m.Employed != 2 || ind.Rows[1].Route != domain.AccessVAE {
		t.Errorf("by route without the alternance rule: %+v", ind.Rows)
	}

	list, err := a.Cohorts(ctx, "")
	if err != nil || len(list) != 2 || list[0].Certification != "RNCP35419" || list[0].Year != 2024 || list[0].Fiches[0] != "RNCP30000" {
		t.Fatalf("cohorts: %+v %v", list, err)
	}
	if _, err := a.Cohort(ctx, "RNCP35419", 2023); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("empty promotion: %v", err)
	}

	// The statistics report: a sending in the future is refused; the same
	// sending twice is recorded once.
	if _, err := a.FranceCompetencesReport(ctx, "RNCP35419", domain.MustDate("2026-02-02"), domain.Date{}); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("sent tomorrow: %v", err)
	}
	rep, err := a.FranceCompetencesReport(ctx, "RNCP35419", domain.Date{}, domain.Date{})
	if err != nil || len(rep.Rows) != 2 || len(rep.Holders) != 4 || rep.Sheets()[0].Name != "Promotions" {
		t.Fatalf("report: %+v %v", rep, err)
	}
	for i, want := range []bool{true, false} {
		added, err := a.RecordFCStatisticsSent(ctx, "RNCP35419", domain.MustDate("2026-01-15"))
		if err != nil || added != want {
			t.Errorf("sending %d: %v %v", i, added, err)
		}
	}
	if _, err := a.RecordFCStatisticsSent(ctx, "RNCP99999", domain.MustDate("2026-01-15")); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown certification: %v", err)
	}
}
