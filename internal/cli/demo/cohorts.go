package demo

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/domain"
)

// The insertion surveys of the demo's holders (issue 14): for every holder
// whose 6-month or 24-month wave has come by the demo's day, an answer
// dated 15 days after the wave is due, imported with the real 'cohort
// surveys import'; then the official indicators and the statistics report
// for France Compétences (workbook and PDF) of each certification with
// holders. The answers are derived from the certificate numbers (not from
// the shared random source), so the demo stays the same whatever steps run
// before. Without delivered certificates (no session steps), it says so
// and writes nothing.

func init() {
	Register(Step{Order: 57, Name: "insertion surveys at 6 and 24 months, indicators and France Compétences statistics (habil cohort, report france-competences)", Fn: buildCohorts})
}

type demoCohort struct {
	Certification string `json:"certification"`
	Year          int    `json:"year"`
	Certified     int    `json:"certified"`
}

type demoHolder struct {
	CertificateNumber string `json:"certificate_number"`
	Fiche             string `json:"fiche"`
	Access            string `json:"access"`
	JuryDate          string `json:"jury_date"`
}

// demoAnswer is a plausible answer chosen from the certificate number: most
// holders in employment (some in work-study, some abroad), some looking,
// some studying.
func demoAnswer(number string, wave domain.SurveyWave) []string {
	h := fnv.New32a()
	io.WriteString(h, number+string(wave))
	n := h.Sum32()
	type pick struct{ situation, target, contract, salary, cadre, title string }
	choices := []pick{
		{"emploi", "oui", "CDI", "32 400,00", "non", "Chargé de projets"},
		{"emploi", "oui", "CDI", "38 900,00", "oui", "Responsable de service"},
		{"emploi", "oui", "CDD", "29 100,00", "non", "Assistant de projets"},
		{"emploi", "non", "interim", "24 700,00", "non", "Employé administratif"},
		{"emploi", "oui", "CDI", "35 500,00", "non", "Coordinateur"},
		{"emploi", "oui", "alternance", "", "non", "Apprenti"},
		{"recherche", "", "", "", "", ""},
		{"etudes", "", "", "", "", ""},
		{"emploi", "oui", "independant", "31 000,00", "non", "Consultant"},
		{"etranger", "", "", "", "", ""},
	}
	c := choices[n%uint32(len(choices))]
	if wave == domain.Wave24m && c.situation == "recherche" && n%3 != 0 {
		c = choices[0] // most of those looking at 6 months have found a job at 2 years
	}
	return []string{c.situation, c.target, c.contract, c.salary, c.cadre, c.title}
}

func buildCohorts(e *Env) error {
	out, err := e.Run("cohort", "list", "--format", "json")
	if err != nil {
		return err
	}
	var cohorts []demoCohort
	if err := json.Unmarshal([]byte(out), &cohorts); err != nil {
		return fmt.Errorf("demo: reading the promotions: %w", err)
	}
	if len(cohorts) == 0 {
		e.Log("no certificate delivered yet: no promotion, no survey")
		return nil
	}
	var rows []string
	certs := []string{}
	seen := map[string]bool{}
	answers := map[domain.SurveyWave]int{}
	for _, c := range cohorts {
		if !seen[c.Certification] {
			seen[c.Certification] = true
			certs = append(certs, c.Certification)
		}
		show, err := e.Run("cohort", "show", c.Certification, strconv.Itoa(c.Year), "--format", "json")
		if err != nil {
			return err
		}
		var p struct {
			Holders []demoHolder `json:"holders"`
		}
		if err := json.Unmarshal([]byte(show), &p); err != nil {
			return fmt.Errorf("demo: reading promotion %s %d: %w", c.Certification, c.Year, err)
		}
		for _, h := range p.Holders {
			jury, err := domain.ParseDate(h.JuryDate)
			if err != nil {
				continue
			}
			for _, w := range domain.SurveyWaves {
				on := jury.AddMonths(w.Months()).AddDays(15)
				if on.After(e.Today) {
					continue
				}
				// Some holders never answer.
				hs := fnv.New32a()
				io.WriteString(hs, "reply"+h.CertificateNumber+string(w))
				if hs.Sum32()%5 == 0 {
					continue
				}
				a := demoAnswer(h.CertificateNumber, w)
				rows = append(rows, strings.Join(append([]string{h.CertificateNumber, string(w), on.French()}, a...), ";"))
				answers[w]++
			}
		}
	}
	file := filepath.Join(e.Dir, "enquetes-reponses.csv")
	if err := atomicfile.Write(file, 0o600, func(w io.Writer) error {
		_, err := io.WriteString(w, "n° de certificat;vague;date de reponse;situation;metier vise;type de contrat;salaire brut annuel;cadre;intitule du poste\n"+
			strings.Join(rows, "\n")+"\n")
		return err
	}); err != nil {
		return fmt.Errorf("demo: writing %s: %w", file, err)
	}
	if len(rows) > 0 {
		if _, err := e.Run("cohort", "surveys", "import", file); err != nil {
			return err
		}
	} else {
		os.Remove(file)
	}
	at := e.Today.String()
	if _, err := e.Run("cohort", "surveys", "export", "--wave", "6m", "--at", at, "--out", filepath.Join(e.Reports, "enquete-6mois.xlsx")); err != nil {
		return err
	}
	if _, err := e.Run("cohort", "surveys", "export", "--wave", "24m", "--at", at, "--out", filepath.Join(e.Reports, "enquete-24mois.xlsx")); err != nil {
		return err
	}
	for i, code := range certs {
		base := filepath.Join(e.Reports, "statistiques-"+strings.ToLower(code))
		js, err := e.Run("cohort", "indicators", "--certification", code, "--format", "json")
		if err != nil {
			return err
		}
		if err := atomicfile.Write(base+".json", 0o644, func(w io.Writer) error { _, err := io.WriteString(w, js); return err }); err != nil {
			return fmt.Errorf("demo: writing %s.json: %w", base, err)
		}
		if _, err := e.Run("report", "france-competences", "--certification", code, "--out", base+".xlsx"); err != nil {
			return err
		}
		args := []string{"report", "france-competences", "--certification", code, "--out", base + ".pdf"}
		if i == 0 {
			// The first certification's statistics were sent a month ago.
			args = append(args, "--sent", e.Today.AddMonths(-1).String())
		}
		if _, err := e.Run(args...); err != nil {
			return err
		}
	}
	e.Log("%d promotions of %d certifications, %d answers at 6 months and %d at 24 months imported from %s; statistics in %s",
		len(cohorts), len(certs), answers[domain.Wave6m], answers[domain.Wave24m], file, filepath.Join(e.Reports, "statistiques-*.xlsx|pdf"))
	return nil
}
