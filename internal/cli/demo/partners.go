package demo

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/domain"
)

// The demo's partner network (about 20 organisations × --scale) in every
// state, with habilitations of every kind on the certifications imported by
// the previous step, then a reconciliation with the France Compétences
// export that step wrote (findings in reports/reconcile.json).
//
// The three organisations the export lists as active partners (FORMAPRO
// CONSEIL, INSTITUT RH ATLANTIQUE, CAMPUS NUMERIQUE DU SUD) are recorded with
// the habilitation codes published, and E-FORMATEURS ASSOCIES, listed as
// "Supprimé" on the RS, is withdrawn: the reconciliation then finds the two
// organisations unknown to the register (FC_UNKNOWN_PARTNER), Formapro's RS
// habilitation listed with another code and the habilitations not declared
// yet (FC_REGISTER_MISMATCH).

func init() {
	Register(Step{Order: 20, Name: "partner network: partners in every state and their habilitations (habil partner …)", Fn: buildPartners})
}

// demoPartner describes one organisation; dates are months relative to e.Today.
type demoPartner struct {
	siret    string // fixed SIRET (published ones), else generated
	name     string
	city     string
	rep      string
	role     string
	uai      bool   // a CFA: give it a UAI
	status   string // final status
	since    int    // months before today it became active (or was recorded, for a prospect)
	qualiopi int    // Qualiopi end, in days from today (0 = not recorded)
	habs     []demoHab
	// suspend / withdraw: months before today the status changed.
	change int
	reason string
}

type demoHab struct {
	cert   string
	scope  string
	blocs  string // comma-separated short codes (BC01,BC02)
	access string
	from   int // months before today
	to     int // months from today (0 = open: until the registration ends)
	end    int // when > 0: ended this many months ago with endWhy, then renewed the next day
	endWhy string
}

func demoPartners() []demoPartner {
	return []demoPartner{
		{siret: "41287654200017", name: "Formapro Conseil", city: "Lyon", rep: "Claire Besson, gérante", status: "active", since: 40, qualiopi: 540,
			habs: []demoHab{{cert: demoRNCP, scope: "both", from: 40}, {cert: demoRS, scope: "train", from: 26}}}, // listed ORGA_FORM on the RS: a code difference
		{siret: "52369874400019", name: "Institut RH Atlantique", city: "Nantes", rep: "Yann Le Goff, directeur", status: "active", since: 26, qualiopi: 45,
			habs: []demoHab{{cert: demoRNCP, scope: "train", blocs: "BC01,BC02", from: 26}}},
		{siret: "81745123000012", name: "Campus Numérique du Sud", city: "Montpellier", rep: "Nguyễn Văn Đức, directeur pédagogique", status: "active", since: 9, qualiopi: 730,
			habs: []demoHab{{cert: demoRNCP, scope: "assess", access: "VAE", from: 9}}},
		{siret: "33198765100014", name: "E-Formateurs Associés", city: "Lille", rep: "Sophie Vasseur, présidente", status: "withdrawn", since: 26, qualiopi: 200,
			change: 5, reason: "fin de partenariat : offre CPF non conforme au référentiel",
			habs: []demoHab{{cert: demoRS, scope: "train", from: 26}}},
		{name: "Cœur de Compétences", city: "Tours", rep: "Éloïse Marchand, directrice", status: "active", since: 30, qualiopi: 20,
			habs: []demoHab{{cert: demoRNCP, scope: "both", from: 30, end: 4, endWhy: "avenant : habilitation limitée aux blocs 1 à 3"},
				{cert: demoRS, scope: "train", from: 12}}},
		{name: "Association pour la Formation Professionnelle des Adultes et le Développement des Compétences en Région Auvergne-Rhône-Alpes",
			city: "Clermont-Ferrand", rep: "Jean-Michel Roux, délégué général", status: "active", since: 20, qualiopi: 400,
			habs: []demoHab{{cert: demoRNCP, scope: "train", access: "FC,CQ", from: 20}}},
		{name: "CFA des Métiers de l'Artisanat de Haute-Savoie", city: "Annecy", rep: "Hélène Dufresne, directrice", uai: true, status: "active", since: 36, qualiopi: -10,
			habs: []demoHab{{cert: demoRNCP, scope: "both", access: "CA", from: 36}}},
		{name: "École Supérieure de Management Hélène-Boucher", city: "Paris", rep: "François Lefèvre, directeur général", role: "co-certifier", status: "active", since: 62, qualiopi: 600,
			habs: []demoHab{{cert: demoRNCP, scope: "both", from: 62}}},
		{name: "GRETA Île-de-France Est", city: "Créteil", rep: "Agnès Nguyen, conseillère en formation continue", status: "active", since: 15, qualiopi: 320,
			habs: []demoHab{{cert: demoRNCP, scope: "assess", access: "VAE", from: 15}, {cert: demoRS, scope: "assess", from: 15}}},
		{name: "Compétences & Talents Occitanie", city: "Toulouse", rep: "Laurent Garcia, gérant", status: "active", since: 1, qualiopi: 900,
			habs: []demoHab{{cert: demoRNCP, scope: "train", blocs: "BC03", from: 1}}},
		{name: "Forméo Grand Est", city: "Strasbourg", rep: "Anne Muller, responsable qualité", status: "active", since: 7, qualiopi: 55,
			habs: []demoHab{{cert: demoRS, scope: "both", from: 7}}},
		{name: "Institut Saint-Éloi", city: "Rennes", rep: "Gaël Le Bihan, directeur", status: "active", since: 18, qualiopi: 250,
			habs: []demoHab{{cert: demoRNCP, scope: "train", blocs: "BC01,BC04", access: "FI,CA", from: 18}}},
		{name: "Orée Formation Normandie", city: "Caen", rep: "Mathilde Lecœur, directrice", status: "suspended", since: 22, qualiopi: 150,
			change: 1, reason: "audit : non-conformité majeure (indicateur 7, positionnement des candidats)",
			habs: []demoHab{{cert: demoRNCP, scope: "both", from: 22}}},
		{name: "Les Ateliers du Management", city: "Bordeaux", rep: "Pierre Lacoste, président", status: "suspended", since: 14, qualiopi: 30,
			change: 2, reason: "Qualiopi en cours de renouvellement",
			habs: []demoHab{{cert: demoRS, scope: "train", from: 14}}},
		{name: "Académie Pôle RH Hauts-de-France", city: "Amiens", rep: "Céline Dupuis, directrice", status: "withdrawn", since: 30, qualiopi: 90,
			change: 8, reason: "cessation d'activité de l'organisme",
			habs: []demoHab{{cert: demoRNCP, scope: "train", from: 30}}},
		{name: "Talentis Conseil Bourgogne-Franche-Comté", city: "Dijon", rep: "Bruno Perrin, gérant", status: "prospect", since: 2, qualiopi: 500},
		{name: "Centre de Formation Jeanne-d'Arc", city: "Orléans", rep: "Sœur Marie-Thérèse Allard, directrice", status: "prospect", since: 1},
		{name: "Maison de l'Emploi et de la Formation de Guyane", city: "Cayenne", rep: "Rémi Thélusma, directeur", status: "prospect", since: 3, qualiopi: 280},
		{name: "Société Française de Formation Continue", city: "Marseille", rep: "Isabelle Fabre, directrice", status: "active", since: 11, qualiopi: 365,
			habs: []demoHab{{cert: demoRNCP, scope: "both", blocs: "BC02", access: "FC,VAE", from: 11}}},
		{name: "Atelier Formation Bretagne", city: "Brest", rep: "Erwan Kerjean, gérant", status: "active", since: 5, qualiopi: 700,
			habs: []demoHab{{cert: demoRS, scope: "train", from: 5}}},
	}
}

var demoCities = []string{"Lyon", "Nantes", "Lille", "Toulouse", "Bordeaux", "Rennes", "Grenoble", "Nancy", "Reims", "Pau", "Metz", "Brest", "Limoges", "Nîmes", "Angers"}

var demoRegions = []string{"84", "52", "32", "76", "75", "53", "11", "44", "93", "28", "24", "27"}

// demoSIRET draws a valid SIREN (Luhn) and NIC (Luhn over the 14 digits).
func demoSIRET(e *Env, used map[string]bool) string {
	for {
		var b strings.Builder
		b.WriteByte(byte('1' + e.Rand.Intn(9)))
		for i := 0; i < 7; i++ {
			b.WriteByte(byte('0' + e.Rand.Intn(10)))
		}
		siren := domain.CompleteLuhn(b.String())
		nic := fmt.Sprintf("%04d", 10+e.Rand.Intn(90)*10)
		s := domain.CompleteLuhn(siren + nic)
		if !used[s] && domain.SIRETChecksumOK(s) {
			used[s] = true
			return s
		}
	}
}

func demoNDA(e *Env) string {
	return demoRegions[e.Rand.Intn(len(demoRegions))] + fmt.Sprintf("%09d", e.Rand.Intn(1_000_000_000))
}

// demoUAI draws a valid UAI: 7 digits and the check letter.
func demoUAI(e *Env) string {
	const letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
	n := 740000 + e.Rand.Intn(9999)
	return fmt.Sprintf("%07d%c", n, letters[n%23])
}

func slug(s string) string {
	f := domain.Fold(s)
	f = strings.NewReplacer(" de ", " ", " des ", " ", " du ", " ", " la ", " ", " le ", " ", " les ", " ", " et ", " ", " l ", " ", " d ", " ").Replace(" " + f + " ")
	words := strings.Fields(f)
	if len(words) > 4 {
		words = words[:4]
	}
	return strings.Join(words, "-")
}

func buildPartners(e *Env) error {
	today := e.Today
	months := func(n int) string { return today.AddMonths(n).String() }
	used := map[string]bool{}
	base := demoPartners()
	var all []demoPartner
	for copyN := 0; copyN < e.Scale; copyN++ {
		for _, p := range base {
			if copyN > 0 {
				if p.siret != "" {
					continue // the published organisations exist once
				}
				p.city = demoCities[(copyN+len(all))%len(demoCities)]
				p.name = fmt.Sprintf("%s – établissement de %s (%d)", p.name, p.city, copyN+1)
			}
			all = append(all, p)
		}
	}
	counts := map[string]int{}
	habCount := 0
	for _, p := range all {
		siret := p.siret
		if siret == "" {
			siret = demoSIRET(e, used)
		}
		used[siret] = true
		initial := "active"
		if p.status == "prospect" {
			initial = "prospect"
		}
		reason := "convention de partenariat signée"
		if initial == "prospect" {
			reason = "candidature reçue (appel à partenaires)"
		}
		site := "www." + slug(p.name) + ".fr"
		args := []string{"partner", "add", "--siret", siret, "--name", p.name, "--nda", demoNDA(e),
			"--email", "contact@" + slug(p.name) + ".fr", "--website", site, "--phone", fmt.Sprintf("0%d %02d %02d %02d %02d", 1+e.Rand.Intn(5), e.Rand.Intn(100), e.Rand.Intn(100), e.Rand.Intn(100), e.Rand.Intn(100)),
			"--address", fmt.Sprintf("%d rue %s, %s", 1+e.Rand.Intn(120), []string{"de la République", "Victor-Hugo", "des Écoles", "Pasteur", "du Général-de-Gaulle"}[e.Rand.Intn(5)], p.city),
			"--representative", p.rep, "--status", initial, "--date", months(-p.since), "--reason", reason}
		if p.role != "" {
			args = append(args, "--role", p.role)
		}
		if p.uai {
			args = append(args, "--uai", demoUAI(e))
		}
		if p.qualiopi != 0 {
			cats := "formation"
			if p.uai {
				cats = "formation,apprentissage"
			} else if e.Rand.Intn(3) == 0 {
				cats = "formation,vae"
			}
			args = append(args, "--qualiopi-until", today.AddDays(p.qualiopi).String(),
				"--qualiopi-body", []string{"AFNOR Certification", "Bureau Veritas Certification", "SGS ICS", "Certif'Qualité"}[e.Rand.Intn(4)],
				"--qualiopi-number", fmt.Sprintf("QUA-%d-%05d", today.AddDays(p.qualiopi).Year()-3, e.Rand.Intn(100000)),
				"--qualiopi-categories", cats)
		}
		if _, err := e.Run(args...); err != nil {
			return err
		}
		for _, h := range p.habs {
			hargs := []string{"partner", "habilitate", siret, "--certification", h.cert, "--scope", h.scope, "--from", months(-h.from)}
			if h.blocs != "" {
				hargs = append(hargs, "--bloc", h.blocs)
			}
			if h.access != "" {
				hargs = append(hargs, "--access", h.access)
			}
			if h.to != 0 {
				hargs = append(hargs, "--to", months(h.to))
			}
			out, err := e.Run(hargs...)
			if err != nil {
				return err
			}
			habCount++
			if h.end > 0 {
				id := strings.TrimSpace(out)
				last := today.AddMonths(-h.end)
				if _, err := e.Run("partner", "habilitation", "end", id, "--date", last.String(), "--reason", h.endWhy); err != nil {
					return err
				}
				// Renewed the next day, limited to blocs 1 to 3.
				if _, err := e.Run("partner", "habilitate", siret, "--certification", h.cert, "--scope", h.scope,
					"--bloc", "BC01,BC02,BC03", "--from", last.AddDays(1).String()); err != nil {
					return err
				}
				habCount++
			}
		}
		switch p.status {
		case "suspended", "withdrawn":
			if _, err := e.Run("partner", "status", siret, p.status, "--reason", p.reason, "--date", months(-p.change)); err != nil {
				return err
			}
		}
		counts[p.status]++
	}
	e.Log("%d partners (%d active, %d prospects, %d suspended, %d withdrawn), %d habilitations",
		len(all), counts["active"], counts["prospect"], counts["suspended"], counts["withdrawn"], habCount)

	export := filepath.Join(e.Dir, "france-competences-export.xml")
	if _, err := os.Stat(export); err != nil {
		e.Log("no France Compétences export in %s: reconciliation skipped", e.Dir)
		return nil
	}
	out, err := e.Run("partner", "reconcile", export, "--at", today.String(), "--format", "json")
	if err != nil {
		return err
	}
	report := filepath.Join(e.Reports, "reconcile.json")
	if err := atomicfile.Write(report, 0o644, func(w io.Writer) error {
		_, err := io.WriteString(w, out)
		return err
	}); err != nil {
		return fmt.Errorf("demo: writing %s: %w", report, err)
	}
	n := strings.Count(out, `"code": "FC_UNKNOWN_PARTNER"`)
	m := strings.Count(out, `"code": "FC_REGISTER_MISMATCH"`)
	e.Log("reconciled with the France Compétences export: %d FC_UNKNOWN_PARTNER, %d FC_REGISTER_MISMATCH (%s)", n, m, report)
	return nil
}
