package demo

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/atomicfile"
)

// Partner selection (issue 17): two organisations applied two months ago
// on the first active certification and were scored against the cahier
// des charges' grid a month ago:
//
//   - one is accepted: its habilitation starts next month (until the end of
//     the registration, at most three years) and a draft
//     convention is drawn up (the habilitation takes effect when the
//     convention is signed);
//   - one is refused, with its reasons; it stays a prospect.
//
// The blank grid, the filled grids (PDF) and the list are in
// reports/candidatures/.

func init() {
	Register(Step{Order: 62, Name: "partner selection: two applications scored against the cahier des charges, one accepted (draft convention), one refused (habil partner apply, assess, decide)", Fn: buildApplications})
}

const demoGridHeader = "critere;note;preuves;commentaire\n"

func buildApplications(e *Env) error {
	today := e.Today
	out, err := e.Run("certification", "list", "--format", "json")
	if err != nil {
		return err
	}
	var certs []struct {
		Code  string `json:"code"`
		State string `json:"state"`
	}
	if err := json.Unmarshal([]byte(out), &certs); err != nil {
		return fmt.Errorf("demo: reading the certification list: %w", err)
	}
	cert := ""
	for _, c := range certs {
		if c.State == "active" {
			cert = c.Code
			break
		}
	}
	if cert == "" {
		return fmt.Errorf("demo: applications need an active certification")
	}
	dir := filepath.Join(e.Reports, "candidatures")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if _, err := e.Run("partner", "application-grid", "--out", filepath.Join(dir, "grille-vierge.xlsx")); err != nil {
		return err
	}
	grid := func(name string, rows ...string) (string, error) {
		path := filepath.Join(dir, name)
		return path, atomicfile.WriteBytes(path, 0o644, []byte(demoGridHeader+strings.Join(rows, "\n")+"\n"))
	}
	apply := func(siret, name, scope string) (string, error) {
		id, err := e.Run("partner", "apply", siret, "--certification", cert, "--scope", scope, "--name", name, "--date", today.AddMonths(-2).String())
		return strings.TrimSpace(id), err
	}

	// Accepted.
	good, err := apply("81738914100018", "Campus Numérique de Bretagne", "both")
	if err != nil {
		return err
	}
	path, err := grid("grille-campus-numerique.csv",
		"existence_legale;3;Kbis du mois, SIRET actif;",
		"nda;3;Déclaration d'activité 53350912335;",
		"qualiopi;3;Certificat Qualiopi : actions de formation, VAE, apprentissage;",
		"formateurs;2;CV et diplômes de 6 formateurs;deux formateurs sans expérience du jury",
		"locaux_lms;3;Visite des locaux de Rennes, accès à la plateforme;",
		"programme_blocs;3;Programme détaillé par bloc de compétences;",
		"selection_positionnement;2;Procédure de positionnement;tests à formaliser",
		"referent_handicap;2;Référente handicap désignée;plan d'adaptation à compléter",
		"capacite_evaluation;3;Salle d'examen, surveillance, jury constitué;")
	if err != nil {
		return err
	}
	if _, err := e.Run("partner", "assess", good, path, "--date", today.AddMonths(-1).String()); err != nil {
		return err
	}
	if _, err := e.Run("partner", "decide", good, "accept", "--date", today.AddDays(-20).String(),
		"--reason", "Dossier conforme au cahier des charges (24/27) ; former les deux nouveaux formateurs au jury",
		"--from", today.AddMonths(1).String()); err != nil {
		return err
	}

	// Refused.
	bad, err := apply("44306184100047", "Formation Express Conseil", "train")
	if err != nil {
		return err
	}
	path, err = grid("grille-formation-express.csv",
		"existence_legale;3;Kbis;",
		"nda;2;Déclaration d'activité en cours d'enregistrement;",
		"qualiopi;0;;aucune certification Qualiopi",
		"formateurs;1;Un CV;expérience du métier non démontrée",
		"locaux_lms;1;;salle louée à la demande",
		"programme_blocs;0;;programme sans lien avec les blocs",
		"selection_positionnement;1;;",
		"referent_handicap;0;;aucun référent",
		"capacite_evaluation;n/a;;formation seulement")
	if err != nil {
		return err
	}
	if _, err := e.Run("partner", "assess", bad, path, "--date", today.AddMonths(-1).String()); err != nil {
		return err
	}
	if _, err := e.Run("partner", "decide", bad, "refuse", "--date", today.AddDays(-20).String(),
		"--reason", "Pas de certification Qualiopi, programme sans correspondance avec les blocs, pas de référent handicap (8/24)"); err != nil {
		return err
	}
	for _, id := range []string{good, bad} {
		if _, err := e.Run("partner", "application", id, "--out", filepath.Join(dir, "candidature-"+id+".pdf"), "--at", today.String()); err != nil {
			return err
		}
	}
	list, err := e.Run("partner", "applications", "--format", "csv")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, "candidatures.csv"), 0o644, []byte(list)); err != nil {
		return err
	}
	e.Log("partner applications: %s accepted (draft convention), %s refused: reports/candidatures/", good, bad)
	return nil
}
