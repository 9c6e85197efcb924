package report

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/xlsx"
)

func fcAnswer(w domain.SurveyWave, s domain.Situation, c domain.ContractType, target bool) *domain.SurveyAnswer {
	return &domain.SurveyAnswer{Wave: w, Situation: s, Contract: c, TargetJob: &target}
}

func fcHolder(year int, acc domain.Access, answers ...*domain.SurveyAnswer) domain.IndicatorHolder {
	h := domain.IndicatorHolder{Fiche: "RNCP36141", Year: year, Access: acc, Partner: "59214157663524", Answers: map[domain.SurveyWave]*domain.SurveyAnswer{}}
	for _, a := range answers {
		h.Answers[a.Wave] = a
	}
	return h
}

// The workbook read back: sheet Promotions first with exactly the five
// official headers, one row per year, integer rates, an empty cell for an
// undefined rate; the detail sheets follow; same data, same bytes.
func TestFranceCompetencesWorkbookReadBack(t *testing.T) {
	holders := []domain.IndicatorHolder{
		// 2024: 6-month 3 employed of 4 answers, 1 in studies → 3/3 = 100; 24m: 1 of 3 in target job → 33.
		fcHolder(2024, domain.AccessFC, fcAnswer(domain.Wave6m, domain.SituationEmployed, domain.ContractCDI, true), fcAnswer(domain.Wave24m, domain.SituationEmployed, domain.ContractCDI, true)),
		fcHolder(2024, domain.AccessFC, fcAnswer(domain.Wave6m, domain.SituationEmployed, domain.ContractCDD, false), fcAnswer(domain.Wave24m, domain.SituationEmployed, domain.ContractCDI, false)),
		fcHolder(2024, domain.AccessVAE, fcAnswer(domain.Wave6m, domain.SituationEmployed, domain.ContractCDI, true), fcAnswer(domain.Wave24m, domain.SituationSeeking, "", false)),
		fcHolder(2024, domain.AccessFC, fcAnswer(domain.Wave6m, domain.SituationStudies, "", false)),
		// 2025: no answer: both rates undefined.
		fcHolder(2025, domain.AccessCA),
	}
	rows := domain.ComputeIndicators(holders, domain.DefaultIndicatorRules, domain.ByYear)
	rep := &app.FCReport{IndicatorsResult: &app.IndicatorsResult{Certification: &domain.Certification{Code: "RNCP36141", Title: "Responsable RH"},
		Rules: domain.DefaultIndicatorRules, Rows: rows}, PartnerNames: map[domain.SIRET]string{}}
	rep.ByRoute = domain.ComputeIndicators(holders, domain.DefaultIndicatorRules, domain.ByRoute)
	rep.ByPartner = domain.ComputeIndicators(holders, domain.DefaultIndicatorRules, domain.ByPartner)

	write := func() []byte {
		var b bytes.Buffer
		if err := xlsx.WriteSheets(&b, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), FCSheets(rep)); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	data := write()
	if !bytes.Equal(data, write()) {
		t.Error("the same statistics gave two different workbooks")
	}
	path := filepath.Join(t.TempDir(), "stats.xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	read := func(sheet string) [][]string {
		src, err := xlsx.Open(path, sheet)
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		var out [][]string
		for {
			_, cells, err := src.Next()
			if err == io.EOF {
				return out
			}
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, cells)
		}
	}
	first := read("")
	got := read("Promotions")
	if strings.Join(first[0], "|") != strings.Join(got[0], "|") {
		t.Errorf("Promotions is not the first sheet: %v", first[0])
	}
	want := []string{
		"ANNEE|NOMBRE_CERTIFIES|NOMBRE_CERTIFIES_VAE|TAUX_INSERTION_GLOBAL_6MOIS|TAUX_INSERTION_METIER_2ANS",
		"2024|4|1|100|33",
		"2025|1|0||",
	}
	var lines []string
	for _, r := range got {
		for len(r) < 5 {
			r = append(r, "")
		}
		lines = append(lines, strings.Join(r, "|"))
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("Promotions:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	for _, sheet := range []string{"Détail", "Par voie d'accès", "Par partenaire", "Taux de réponse", "Contrats", "Salaires", "Titulaires", "Comparaison", "Règles"} {
		if r := read(sheet); len(r) == 0 {
			t.Errorf("sheet %s is empty", sheet)
		}
	}
	// An RS certification adds its value in use.
	rs := *rep
	rs.IndicatorsResult = &app.IndicatorsResult{Certification: &domain.Certification{Code: "RS5000"}, Rules: domain.DefaultIndicatorRules, Rows: rows}
	names := ""
	for _, sd := range FCSheets(&rs) {
		names += sd.Name + "|"
	}
	if !strings.Contains(names, "Valeur d'usage|") || strings.Contains(fmtNames(FCSheets(rep)), "Valeur d'usage") {
		t.Errorf("value in use sheet: RS %s", names)
	}
	if r := read("Par voie d'accès"); len(r) != 4 || r[1][1] != "FC" || r[2][1] != "VAE" || r[3][1] != "CA" {
		t.Errorf("by route: %v", r)
	}
}

func fmtNames(l []xlsx.SheetData) string {
	var out []string
	for _, s := range l {
		out = append(out, s.Name)
	}
	return strings.Join(out, "|")
}
