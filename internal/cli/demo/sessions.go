package demo

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/domain"
)

// Exam sessions (issue 12): every active partner habilitated to assess
// organises a session of its certifications every six months, over the
// five years before the demo's day (as far back as its habilitation goes)
// and one to come; the certifier organises sessions itself for the
// candidates of partners habilitated to train only. About 170 candidates
// a year at scale 1 (--scale N multiplies the partners, hence the
// sessions), with names in Latin, Polish and Vietnamese letters,
// foreign-born candidates (99xxx), VAE candidates, CPF files and exam
// accommodations. Each candidate list is written as the spreadsheet a
// partner sends (sessions/candidats-session-N.csv, UTF-8, ';', mode 0600:
// personal data) and imported with 'habil session enroll'. A few
// candidates of a partner's first session sit again in a later one (the
// same person across sessions). Results are left to the next step.

func init() {
	Register(Step{Order: 50, Name: "exam sessions and their candidates, with the certifier's own sessions for train-only partners (habil session create, enroll)", Fn: buildSessions})
}

// DemoSession is a session the demo created, for the steps that follow
// (results, jury, delivery, CPF accrochage).
type DemoSession struct {
	ID            int64
	Certification string
	Partner       string // the organiser's SIRET
	Certifier     bool   // organised by the certifier itself
	Date          domain.Date
	Candidates    int
	File          string // the candidate spreadsheet imported
}

// DemoSessions lists the sessions of the last demo built, by date then id.
var DemoSessions []DemoSession

// demoCertifierSIRET is the demo certifier's SIRET (identity.go).
const demoCertifierSIRET = "73282932000074"

type sessPartnerJSON struct {
	SIRET         string `json:"siret"`
	Name          string `json:"name"`
	Status        string `json:"status"`
	Habilitations []struct {
		Certification string   `json:"certification"`
		Scope         string   `json:"scope"`
		Blocs         []string `json:"blocs"`
		Access        []string `json:"access"`
		From          *string  `json:"from"`
		To            *string  `json:"to"`
	} `json:"habilitations"`
}

type sessCertJSON struct {
	Code    string  `json:"code"`
	EndDate *string `json:"end_date"`
	Blocs   []struct {
		Code string `json:"code"`
	} `json:"blocs"`
	Access []string `json:"access"`
}

// sessPlan is one session to create.
type sessPlan struct {
	cert      sessCertJSON
	organiser string
	name      string
	certifier bool
	trainer   string   // certifier's sessions: the train-only partner
	blocs     []string // the habilitation's blocs ("" = whole certification)
	routes    []string // routes the candidates may take
	date      domain.Date
	n         int
}

type sessPerson struct {
	birth, first string
	sex          string
	insee        string
	town, cp     string
	country      string
}

var (
	sessSurnames = []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
		"Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
		"André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau",
		"Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier",
		"Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Le Gall", "N'Diaye", "Saint-Martin", "Deschamps"}
	sessFirstF = []string{"Léa", "Chloé", "Manon", "Camille", "Inès", "Sarah", "Julie", "Émilie", "Laura", "Marie", "Océane",
		"Clara", "Anaïs", "Élodie", "Pauline", "Amandine", "Zoé", "Maëlle", "Noémie", "Hélène"}
	sessFirstM = []string{"Lucas", "Hugo", "Thomas", "Nicolas", "Julien", "Maxime", "Antoine", "Kévin", "Mathieu", "Romain",
		"Alexandre", "Théo", "Quentin", "Jérémy", "Loïc", "Benoît", "Gaël", "Jérôme", "François", "Raphaël"}
	sessTowns = [][3]string{{"75056", "Paris", "75014"}, {"69123", "Lyon", "69003"}, {"13055", "Marseille", "13001"},
		{"31555", "Toulouse", "31000"}, {"06088", "Nice", "06000"}, {"44109", "Nantes", "44000"}, {"67482", "Strasbourg", "67000"},
		{"34172", "Montpellier", "34000"}, {"33063", "Bordeaux", "33000"}, {"59350", "Lille", "59000"}, {"35238", "Rennes", "35000"},
		{"2A004", "Ajaccio", "20000"}, {"97411", "Saint-Denis", "97400"}, {"21231", "Dijon", "21000"}, {"29019", "Brest", "29200"}}
	// People born abroad: birth name, first name, sex, country code,
	// country, town.
	sessForeign = [][6]string{
		{"Wróblewski", "Łukasz", "M", "99122", "Pologne", "Wrocław"},
		{"Zieliński", "Krzysztof", "M", "99122", "Pologne", "Poznań"},
		{"Szymańska", "Zofia", "F", "99122", "Pologne", "Szczecin"},
		{"Kowalska", "Agnieszka", "F", "99122", "Pologne", "Kraków"},
		{"Wiśniewski", "Paweł", "M", "99122", "Pologne", "Łódź"},
		{"Dąbrowska", "Małgorzata", "F", "99122", "Pologne", "Gdańsk"},
		{"Nguyễn", "Thị Ánh", "F", "99243", "Viêt Nam", "Hà Nội"},
		{"Trần", "Văn Đức", "M", "99243", "Viêt Nam", "Huế"},
		{"Lê", "Thị Hương", "F", "99243", "Viêt Nam", "Đà Nẵng"},
		{"Phạm", "Minh Tuấn", "M", "99243", "Viêt Nam", "Hải Phòng"},
		{"Hoàng", "Thu Trang", "F", "99243", "Viêt Nam", "Cần Thơ"},
		{"Võ", "Quốc Bảo", "M", "99243", "Viêt Nam", "Nha Trang"},
		{"Benali", "Yasmine", "F", "99350", "Maroc", "Casablanca"},
		{"Haddad", "Karim", "M", "99352", "Algérie", "Oran"},
		{"Trabelsi", "Amira", "F", "99351", "Tunisie", "Sfax"},
		{"Ferreira", "João", "M", "99139", "Portugal", "Braga"},
		{"Müller", "Jürgen", "M", "99109", "Allemagne", "München"},
		{"García López", "María José", "F", "99134", "Espagne", "Sevilla"},
	}
	sessAccommodations = []string{"tiers-temps", "tiers-temps, salle au rez-de-chaussée", "secrétaire lecteur-scripteur",
		"sujets agrandis (A3)", "pauses supplémentaires"}
)

func buildSessions(e *Env) error {
	DemoSessions = nil
	today := e.Today
	r := rand.New(rand.NewSource(50 + int64(e.Scale)))
	out, err := e.Run("partner", "list", "--format", "json", "--at", today.String())
	if err != nil {
		return err
	}
	var partners []sessPartnerJSON
	if err := json.Unmarshal([]byte(out), &partners); err != nil {
		return fmt.Errorf("demo: reading the partner list: %w", err)
	}
	out, err = e.Run("certification", "list", "--format", "json")
	if err != nil {
		return err
	}
	var certList []sessCertJSON
	if err := json.Unmarshal([]byte(out), &certList); err != nil {
		return fmt.Errorf("demo: reading the certifications: %w", err)
	}
	certs := map[string]sessCertJSON{}
	for _, c := range certList {
		certs[c.Code] = c
	}
	date := func(s *string) domain.Date {
		if s == nil {
			return domain.Date{}
		}
		d, _ := domain.ParseOptionalDate(*s)
		return d
	}
	fits := func(c sessCertJSON, from, to, d domain.Date) bool {
		end := date(c.EndDate)
		return !d.Before(from) && (to.IsZero() || !d.After(to)) && (end.IsZero() || !d.After(end))
	}
	routesOf := func(c sessCertJSON, access []string, scope string) []string {
		if len(access) > 0 {
			return access
		}
		var l []string
		for _, a := range c.Access {
			if a == "CL" && scope == "train" {
				continue
			}
			l = append(l, a)
		}
		if len(l) == 0 {
			l = []string{"FC"}
		}
		return l
	}

	// The sessions: one every six months for each assess habilitation of
	// an active partner, over the five years before the demo's day (as far
	// back as the habilitation goes) and one to come; one by the
	// certifier per certification for a train-only partner's trainees.
	var plans []sessPlan
	k := 0
	certifierFor := map[string]bool{}
	for _, p := range partners {
		if p.Status != "active" {
			continue
		}
		for _, h := range p.Habilitations {
			c, ok := certs[h.Certification]
			if !ok {
				continue
			}
			from, to := date(h.From), date(h.To)
			if h.Scope == "train" {
				d := today.AddMonths(-4).AddDays(k % 9)
				if certifierFor[c.Code] || !fits(c, from, to, d) {
					d = today.AddMonths(-1).AddDays(k % 9)
					if certifierFor[c.Code] || !fits(c, from, to, d) {
						continue
					}
				}
				certifierFor[c.Code] = true
				routes := routesOf(c, h.Access, h.Scope)
				for _, a := range c.Access {
					if a == "CL" { // free candidates too, trained by no one
						routes = append(routes, "CL")
					}
				}
				plans = append(plans, sessPlan{cert: c, organiser: demoCertifierSIRET, name: "le certificateur", certifier: true, trainer: p.SIRET,
					blocs: h.Blocs, routes: routes, date: d, n: 16 + r.Intn(10)})
				k++
				continue
			}
			for m := -59 + k%6; m <= 1; m += 6 {
				d := today.AddMonths(m).AddDays(k % 11)
				if !fits(c, from, to, d) {
					continue
				}
				plans = append(plans, sessPlan{cert: c, organiser: p.SIRET, name: p.Name, blocs: h.Blocs,
					routes: routesOf(c, h.Access, h.Scope), date: d, n: 24 + r.Intn(20)})
			}
			k++
		}
	}
	sort.SliceStable(plans, func(i, j int) bool { return plans[i].date.Before(plans[j].date) })

	dir := filepath.Join(e.Dir, "sessions")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	seen := map[string]bool{}
	firstOf := map[string][]string{} // organiser → rows of its first session, to sit again
	total := 0
	for i, pl := range plans {
		args := []string{"session", "create", "--certification", pl.cert.Code, "--partner", pl.organiser, "--date", pl.date.String()}
		if i%4 == 0 {
			args = append(args, "--end-date", pl.date.AddDays(1).String())
		}
		place, cp := sessTowns[i%len(sessTowns)][1], sessTowns[i%len(sessTowns)][2]
		mode := []string{"onsite", "onsite", "mixed", "remote"}[i%4]
		args = append(args, "--place", place, "--postal-code", cp, "--mode", mode,
			"--jury", "Claire Martin, professionnelle du secteur", "--jury", "Olivier Garnier, professionnel du secteur",
			"--jury", "Sophie Lambert, représentante du certificateur")
		idText, err := e.Run(args...)
		if err != nil {
			return err
		}
		id, err := strconv.ParseInt(strings.TrimSpace(idText), 10, 64)
		if err != nil {
			return fmt.Errorf("demo: session create printed %q", idText)
		}
		var rows []string
		// --scale multiplies the partners, hence the sessions; a session
		// keeps its size (scaling both would grow the candidates as N²).
		n := pl.n
		hab := pl.organiser + pl.cert.Code + strings.Join(pl.blocs, " ") + strings.Join(pl.routes, " ")
		if again := firstOf[hab]; again != nil && pl.date.Before(today) {
			rows = append(rows, again...) // they sit again
			firstOf[hab] = nil
		}
		for len(rows) < n {
			row, key := sessCandidateRow(r, pl, today, len(rows))
			if seen[key] {
				continue
			}
			seen[key] = true
			rows = append(rows, row)
		}
		if _, ok := firstOf[hab]; !ok && len(rows) > 2 {
			firstOf[hab] = append([]string(nil), rows[:2]...)
		}
		file := filepath.Join(dir, fmt.Sprintf("candidats-session-%d.csv", id))
		const header = "Nom de naissance;Prénoms;Date de naissance;Sexe;Code INSEE commune de naissance;Commune de naissance;" +
			"Code postal de naissance;Pays de naissance;Email;Voie d'accès;Type de VAE;Blocs visés;N° dossier CPF;" +
			"Date d'inscription;Organisme de formation;Aménagement\n"
		if err := atomicfile.WriteBytes(file, 0o600, []byte(header+strings.Join(rows, "\n")+"\n")); err != nil {
			return err
		}
		if _, err := e.Run("session", "enroll", strconv.FormatInt(id, 10), file); err != nil {
			return err
		}
		total += len(rows)
		DemoSessions = append(DemoSessions, DemoSession{ID: id, Certification: pl.cert.Code, Partner: pl.organiser, Certifier: pl.certifier,
			Date: pl.date, Candidates: len(rows), File: file})
	}
	if len(DemoSessions) > 0 {
		first := DemoSessions[0]
		if _, err := e.Run("session", "incident", strconv.FormatInt(first.ID, 10), "--date", first.Date.String(),
			"--text", "Coupure de courant de 20 minutes pendant l'épreuve écrite ; durée prolongée d'autant pour tous les candidats"); err != nil {
			return err
		}
		if _, err := e.Run("session", "evidence", strconv.FormatInt(first.ID, 10), first.File, "--date", first.Date.String()); err != nil {
			return err
		}
	}
	e.Summary = append(e.Summary, fmt.Sprintf("%d exam sessions with %d candidates, lists in %s (habil session list)", len(DemoSessions), total, dir))
	return nil
}

// sessCandidateRow makes one candidate row for the session and returns it
// with the person's key (birth name|first name|birth date).
func sessCandidateRow(r *rand.Rand, pl sessPlan, today domain.Date, i int) (string, string) {
	var p sessPerson
	if r.Intn(100) < 10 {
		f := sessForeign[r.Intn(len(sessForeign))]
		p = sessPerson{birth: f[0], first: f[1], sex: f[2], insee: f[3], country: f[4], town: f[5]}
		// Another first name of the same country and sex, half the time.
		o := sessForeign[r.Intn(len(sessForeign))]
		if o[3] == f[3] && o[2] == f[2] && r.Intn(2) == 0 {
			p.first = o[1]
		}
	} else {
		t := sessTowns[r.Intn(len(sessTowns))]
		p = sessPerson{birth: sessSurnames[r.Intn(len(sessSurnames))], insee: t[0], town: t[1], cp: t[2], country: "France"}
		if r.Intn(2) == 0 {
			p.sex, p.first = "F", sessFirstF[r.Intn(len(sessFirstF))]
		} else {
			p.sex, p.first = "M", sessFirstM[r.Intn(len(sessFirstM))]
		}
		if r.Intn(8) == 0 { // a second first name
			if p.sex == "F" {
				p.first += ", " + sessFirstF[r.Intn(len(sessFirstF))]
			} else {
				p.first += ", " + sessFirstM[r.Intn(len(sessFirstM))]
			}
		}
	}
	birth := pl.date.AddMonths(-12 * (19 + r.Intn(35))).AddDays(-r.Intn(360))
	route := pl.routes[r.Intn(len(pl.routes))]
	vae := ""
	if route == "VAE" {
		vae = []string{"vae classique", "conge vae"}[r.Intn(2)]
	}
	var blocs []string
	switch {
	case len(pl.blocs) > 0:
		n := 1 + r.Intn(len(pl.blocs))
		blocs = append(blocs, pl.blocs[:n]...)
	case len(pl.cert.Blocs) > 0 && r.Intn(5) == 0:
		blocs = append(blocs, pl.cert.Blocs[r.Intn(len(pl.cert.Blocs))].Code)
	}
	cpf := ""
	if (route == "FC" || route == "VAE") && r.Intn(5) < 2 {
		cpf = fmt.Sprintf("%011d", 10000000000+r.Int63n(89999999999))
	}
	registered := pl.date.AddMonths(-(2 + r.Intn(8)))
	if registered.After(today) {
		registered = today
	}
	trainer := ""
	if pl.certifier && route != "CL" && route != "VAE" {
		trainer = pl.trainer
	}
	acc := ""
	if r.Intn(30) == 0 {
		acc = sessAccommodations[r.Intn(len(sessAccommodations))]
	}
	first := strings.SplitN(p.first, ",", 2)[0]
	email := strings.ReplaceAll(domain.Fold(first), " ", "-") + "." + strings.ReplaceAll(domain.Fold(p.birth), " ", "-") + strconv.Itoa(i) + "@example.fr"
	if r.Intn(10) == 0 {
		email = "" // no e-mail given
	}
	country := p.country
	if p.insee[:2] == "99" {
		country = p.insee // the code, as a partner would give it
	}
	row := strings.Join([]string{p.birth, p.first, birth.French(), p.sex, p.insee, p.town, p.cp, country, email, route, vae,
		strings.Join(blocs, " "), cpf, registered.French(), trainer, acc}, ";")
	return row, domain.CandidateKey(p.birth, first, birth)
}
