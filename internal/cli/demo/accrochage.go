package demo

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/habil-app/habil/internal/atomicfile"
)

// The CPF accrochage (issue 13): holders declared to the Caisse des Dépôts
// in every state. Two sessions organised by the certifier itself are
// delivered through the session commands:
//
//   - RNCP36141, delivered about 5 months ago: one holder accepted (OK), one
//     rejected (KO, 'habil check' reports ACCROCHAGE_REJECTED and
//     ACCROCHAGE_OVERDUE), one rejected and closed (no French social security
//     number), one never sent (no birth code: ACCROCHAGE_OVERDUE);
//   - RS6155, delivered 65 days ago: two holders sent, waiting for the
//     processing report (pending; ACCROCHAGE_DUE).
//
// The XML files are written to reports/ and the CDC's processing report the
// demo plays is written to accrochage/. Holders delivered by earlier steps
// are sent and accepted with the first file.

func init() {
	Register(Step{Order: 55, Name: "CPF accrochage: holders declared to the Caisse des Dépôts, OK, KO, closed, pending and never sent (habil report accrochage, accrochage-ack)", Fn: buildAccrochage})
}

type demoHabJSON struct {
	SIRET         string `json:"siret"`
	Status        string `json:"status"`
	Habilitations []struct {
		Certification string `json:"certification"`
		Scope         string `json:"scope"`
		State         string `json:"state"`
	} `json:"habilitations"`
}

var reIDFlux = regexp.MustCompile(`<cpf:idFlux>([^<]+)</cpf:idFlux>`)

func buildAccrochage(e *Env) error {
	t := e.Today
	const me = "73282932000074"
	dir := filepath.Join(e.Dir, "accrochage")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	write := func(name, content string) (string, error) {
		p := filepath.Join(dir, name)
		return p, atomicfile.WriteBytes(p, 0o600, []byte(content))
	}
	// A partner that trained the RNCP candidates (habilitated to train only).
	out, err := e.Run("partner", "list", "--format", "json", "--at", t.String())
	if err != nil {
		return err
	}
	var partners []demoHabJSON
	if err := json.Unmarshal([]byte(out), &partners); err != nil {
		return fmt.Errorf("demo: reading the partner list: %w", err)
	}
	trainer := ""
	for _, p := range partners {
		for _, h := range p.Habilitations {
			if trainer == "" && p.Status == "active" && h.Certification == demoRNCP && h.Scope == "train" && h.State == "in_force" {
				trainer = p.SIRET
			}
		}
	}
	if trainer == "" {
		return fmt.Errorf("demo: accrochage needs an active partner habilitated to train on %s", demoRNCP)
	}

	session := func(cert string, date, jury, delivered string, candidates, results string) ([]string, error) {
		id, err := e.Run("session", "create", "--certification", cert, "--partner", me, "--date", date,
			"--place", "Paris", "--postal-code", "75002", "--mode", "onsite", "--jury", "Marie Dupont, présidente",
			"--jury", "Jean Roche, professionnel des ressources humaines")
		if err != nil {
			return nil, err
		}
		id = strings.TrimSpace(id)
		c, err := write("candidats-"+cert+".csv", candidates)
		if err != nil {
			return nil, err
		}
		r, err := write("resultats-"+cert+".csv", results)
		if err != nil {
			return nil, err
		}
		if _, err := e.Run("session", "enroll", id, c); err != nil {
			return nil, err
		}
		if _, err := e.Run("session", "results", id, r); err != nil {
			return nil, err
		}
		if _, err := e.Run("session", "close", id, "--jury-date", jury); err != nil {
			return nil, err
		}
		nums, err := e.Run("session", "deliver", id, "--date", delivered, "--out", filepath.Join(dir, "certificats-"+cert))
		if err != nil {
			return nil, err
		}
		return strings.Fields(nums), nil
	}
	s1 := t.AddMonths(-5)
	rncp, err := session(demoRNCP, s1.String(), s1.AddDays(10).String(), s1.AddDays(17).String(),
		"Nom de naissance;Prénom;Date de naissance;Sexe;Code INSEE commune de naissance;Commune de naissance;Voie d'accès;Type de VAE;Organisme de formation\n"+
			"Bernard;Camille;12/05/1994;F;69123;Lyon;FC;;"+trainer+"\n"+
			"N'Diaye;Awa;03/09/1991;F;99341;;VAE;vae classique;\n"+
			"Kowalczyk;Piotr;21/11/1987;M;99122;;FC;;"+trainer+"\n"+
			"Moreau;Lucas;08/02/1999;M;;;FC;;"+trainer+"\n",
		"Nom de naissance;Prénom;Date de naissance;Résultat;Mention;Note\n"+
			"Bernard;Camille;12/05/1994;admis;bien;\nN'Diaye;Awa;03/09/1991;admis;;\nKowalczyk;Piotr;21/11/1987;admis;assez bien;\nMoreau;Lucas;08/02/1999;admis;;\n")
	if err != nil {
		return err
	}
	if len(rncp) != 4 {
		return fmt.Errorf("demo: expected 4 certificates for %s, got %v", demoRNCP, rncp)
	}

	// The first file: every holder that can be sent (Lucas Moreau has no
	// birth code: left out and listed).
	first := filepath.Join(e.Reports, "accrochage-cdc.xml")
	if _, err := e.Run("report", "accrochage", "--out", first, "--at", e.Today.String()); err != nil {
		return err
	}
	b, err := os.ReadFile(first)
	if err != nil {
		return err
	}
	m := reIDFlux.FindSubmatch(b)
	if m == nil {
		return fmt.Errorf("demo: no idFlux in %s", first)
	}
	// The CDC's answer: Awa N'Diaye and Piotr Kowalczyk not found in the
	// national register, everyone else accepted.
	status, err := e.Run("report", "accrochage", "--status")
	if err != nil {
		return err
	}
	var ok, ko []string
	rejected := map[string]string{
		rncp[1]: "Aucun titulaire ne correspond aux critères obligatoires enrichis du jour et du mois de naissance",
		rncp[2]: "Aucun titulaire ne correspond aux critères obligatoires",
	}
	for _, line := range strings.Split(strings.TrimSpace(status), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 4 || !strings.HasPrefix(f[3], "pending") {
			continue
		}
		if msg, isKO := rejected[f[0]]; isKO {
			ko = append(ko, "    <passage>\n      <idTechnique>"+f[2]+"</idTechnique>\n      <messageErreur>"+msg+"</messageErreur>\n    </passage>\n")
		} else {
			ok = append(ok, "    <idTechnique>"+f[2]+"</idTechnique>\n")
		}
	}
	ack, err := write("accuse-de-traitement.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ns2:rapport xmlns:ns2="urn:cdc:cpf:pc5:rapport:schema">
  <nomFichier>accrochage-cdc.xml</nomFichier>
  <idFlux>`+string(m[1])+`</idFlux>
  <idTraitement>51354</idTraitement>
  <PassagesKO>
`+strings.Join(ko, "")+`  </PassagesKO>
  <PassagesOK>
`+strings.Join(ok, "")+`  </PassagesOK>
</ns2:rapport>
`)
	if err != nil {
		return err
	}
	if _, err := e.Run("report", "accrochage-ack", ack, "--at", e.Today.String()); err != nil {
		return err
	}
	// Piotr Kowalczyk has no French social security number: closed.
	if _, err := e.Run("report", "accrochage", "--close", rncp[2], "--reason", "pas de numéro de sécurité sociale français (titulaire résidant à l'étranger)"); err != nil {
		return err
	}

	// RS6155, delivered 65 days ago: sent, no answer yet.
	s2 := t.AddDays(-80)
	rs, err := session(demoRS, s2.String(), s2.AddDays(7).String(), t.AddDays(-65).String(),
		"Nom de naissance;Prénom;Date de naissance;Sexe;Code INSEE commune de naissance;Commune de naissance;Voie d'accès\n"+
			"Lefèvre-Dumas;Hélène;30/06/1985;F;75056;Paris;CL\n"+
			"Nguyễn;Văn An;14/02/1990;M;99243;;CL\n",
		"Nom de naissance;Prénom;Date de naissance;Résultat;Note\n"+
			"Lefèvre-Dumas;Hélène;30/06/1985;admis;812\nNguyễn;Văn An;14/02/1990;admis;745\n")
	if err != nil {
		return err
	}
	if _, err := e.Run("report", "accrochage", "--out", filepath.Join(e.Reports, "accrochage-cdc-rs.xml"), "--certification", demoRS, "--at", e.Today.String()); err != nil {
		return err
	}
	e.Log("accrochage: %d holders of %s (OK, KO, closed, never sent) and %d of %s pending; files in %s, processing report in %s",
		len(rncp), demoRNCP, len(rs), demoRS, e.Reports, ack)
	return nil
}
