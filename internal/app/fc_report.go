package app

import (
	"fmt"
	"slices"

	"github.com/habil-app/habil/internal/domain"
)

// FCSheet is one table of the France Compétences statistics report: a
// workbook sheet and a table of the PDF. Cells are int, string,
// domain.Date, domain.Money, or nil (an empty cell: an undefined rate).
type FCSheet struct {
	Name    string
	Title   string // French caption in the PDF
	Headers []string
	Rows    [][]any
}

// PromotionsHeaders are the five official columns of the 'Promotions' sheet.
var PromotionsHeaders = []string{"ANNEE", "NOMBRE_CERTIFIES", "NOMBRE_CERTIFIES_VAE", "TAUX_INSERTION_GLOBAL_6MOIS", "TAUX_INSERTION_METIER_2ANS"}

func rateCell(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func ouiNon(b *bool) any {
	if b == nil {
		return nil
	}
	if *b {
		return "oui"
	}
	return "non"
}

// Published returns the figures France Compétences publishes for a year
// (nil when none).
func (r *FCReport) Published(year int) *domain.PromotionStat {
	for i := range r.Certification.Stats {
		if r.Certification.Stats[i].Year == year {
			return &r.Certification.Stats[i]
		}
	}
	return nil
}

// Comparison is one published figure beside ours.
type Comparison struct {
	Year       int
	Figure     string // French label
	Ours       *int
	Published  *int
	Difference bool
}

// Comparisons lists, per year (ours and published), the four published
// figures beside ours; Difference when both are known and differ.
func (r *FCReport) Comparisons() []Comparison {
	years := map[int]bool{}
	for _, in := range r.Rows {
		years[in.Year] = true
	}
	for _, s := range r.Certification.Stats {
		years[s.Year] = true
	}
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	var out []Comparison
	for _, y := range ys {
		var ours *domain.Indicators
		for i := range r.Rows {
			if r.Rows[i].Year == y {
				ours = &r.Rows[i]
			}
		}
		pub := r.Published(y)
		ip := func(n int) *int { return &n }
		var oc, ov, oi, ot, pc, pv, pi, pt *int
		if ours != nil {
			oc, ov, oi, ot = ip(ours.Certified), ip(ours.CertifiedVAE), ours.W6m.InsertionRate, ours.W24m.TargetJobRate
		}
		if pub != nil {
			pc, pv, pi, pt = pub.Certified, pub.CertifiedVAE, pub.Insertion6m, pub.TargetJob24m
		}
		add := func(label string, o, p *int) {
			out = append(out, Comparison{Year: y, Figure: label, Ours: o, Published: p, Difference: o != nil && p != nil && *o != *p})
		}
		add("certifiés", oc, pc)
		add("dont VAE", ov, pv)
		add("taux d'insertion global à 6 mois (%)", oi, pi)
		add("taux d'insertion dans le métier à 2 ans (%)", ot, pt)
	}
	return out
}

func waveCells(w domain.WaveIndicators) []any {
	return []any{w.Respondents, w.Neutralised, w.Respondents - w.Neutralised, w.Employed, w.TargetJob, rateCell(w.InsertionRate), rateCell(w.TargetJobRate)}
}

var waveHeaders = []string{"répondants", "neutralisés", "dénominateur", "en emploi", "dans le métier visé", "taux d'insertion (%)", "taux métier visé (%)"}

func waveHeadersFor(suffix string) []string {
	out := make([]string, len(waveHeaders))
	for i, h := range waveHeaders {
		out[i] = h + " " + suffix
	}
	return out
}

// Sheets are the report's tables, 'Promotions' first (the five official
// columns, one row per year, integer rates, an empty cell when undefined).
func (r *FCReport) Sheets() []FCSheet {
	prom := FCSheet{Name: "Promotions", Title: "Promotions (colonnes officielles de France Compétences)", Headers: PromotionsHeaders}
	for _, in := range r.Rows {
		prom.Rows = append(prom.Rows, []any{in.Year, in.Certified, in.CertifiedVAE, rateCell(in.W6m.InsertionRate), rateCell(in.W24m.TargetJobRate)})
	}
	detailHeaders := append(append(append([]string{"année", "certifiés", "dont VAE"}, waveHeadersFor("6 mois")...), waveHeadersFor("24 mois")...),
		"taux de réponse 6 mois (%)", "taux de réponse 24 mois (%)")
	row := func(lead []any, in domain.Indicators) []any {
		out := append(lead, in.Certified, in.CertifiedVAE)
		out = append(out, waveCells(in.W6m)...)
		out = append(out, waveCells(in.W24m)...)
		return append(out, rateCell(in.W6m.ResponseRate), rateCell(in.W24m.ResponseRate))
	}
	detail := FCSheet{Name: "Détail", Title: "Indicateurs par promotion, avec leurs dénominateurs", Headers: detailHeaders}
	for _, in := range r.Rows {
		detail.Rows = append(detail.Rows, row([]any{in.Year}, in))
	}
	route := FCSheet{Name: "Par voie d'accès", Title: "Par voie d'accès", Headers: append([]string{"année", "voie d'accès"}, detailHeaders[1:]...)}
	for _, in := range r.ByRoute {
		route.Rows = append(route.Rows, row([]any{in.Year, string(in.Route)}, in))
	}
	partner := FCSheet{Name: "Par partenaire", Title: "Par organisme (celui qui a formé le titulaire, sinon l'organisateur de la session)",
		Headers: append([]string{"année", "SIRET", "organisme"}, detailHeaders[1:]...)}
	for _, in := range r.ByPartner {
		partner.Rows = append(partner.Rows, row([]any{in.Year, string(in.Partner), r.PartnerNames[in.Partner]}, in))
	}
	resp := FCSheet{Name: "Taux de réponse", Title: "Taux de réponse", Headers: []string{"année", "certifiés", "répondants 6 mois", "taux de réponse 6 mois (%)", "répondants 24 mois", "taux de réponse 24 mois (%)"}}
	for _, in := range r.Rows {
		resp.Rows = append(resp.Rows, []any{in.Year, in.Certified, in.W6m.Respondents, rateCell(in.W6m.ResponseRate), in.W24m.Respondents, rateCell(in.W24m.ResponseRate)})
	}
	contracts := FCSheet{Name: "Contrats", Title: "Types de contrat des titulaires en emploi", Headers: []string{"année", "vague"}}
	for _, c := range domain.ContractTypes {
		contracts.Headers = append(contracts.Headers, string(c))
	}
	contracts.Headers = append(contracts.Headers, "non précisé")
	salaries := FCSheet{Name: "Salaires", Title: fmt.Sprintf("Rémunération brute annuelle des titulaires en emploi (quartiles affichés à partir de %d réponses) et statut cadre", domain.MinSalaryAnswers),
		Headers: []string{"année", "vague", "réponses", "premier quartile", "médiane", "troisième quartile", "cadres", "réponses (statut)", "part de cadres (%)"}}
	money := func(p *int64) any {
		if p == nil {
			return nil
		}
		return domain.Money(*p)
	}
	for _, in := range r.Rows {
		for _, w := range domain.SurveyWaves {
			wi := in.Wave(w)
			if wi.Respondents == 0 {
				continue
			}
			cr := []any{in.Year, string(w)}
			for _, c := range domain.ContractTypes {
				cr = append(cr, wi.Contracts[c])
			}
			contracts.Rows = append(contracts.Rows, append(cr, wi.Contracts[domain.ContractNone]))
			salaries.Rows = append(salaries.Rows, []any{in.Year, string(w), wi.Salary.N, money(wi.Salary.Q1), money(wi.Salary.Median), money(wi.Salary.Q3),
				wi.Cadres, wi.CadreAnswers, rateCell(wi.CadreRate)})
		}
	}
	holders := FCSheet{Name: "Titulaires", Title: "Situation de chaque titulaire répondant",
		Headers: []string{"fiche", "n° de certificat", "titulaire", "promotion", "voie d'accès", "organisme", "vague", "date de réponse", "situation",
			"neutralisé", "métier visé", "intitulé du poste", "type de contrat", "salaire brut annuel", "cadre"}}
	for _, h := range r.Holders {
		for _, w := range domain.SurveyWaves {
			a := h.Answers[w]
			if a == nil {
				continue
			}
			var salary any
			if a.SalaryCents != nil {
				salary = domain.Money(*a.SalaryCents)
			}
			neut := "non"
			if r.Rules.Neutralised(a) {
				neut = "oui"
			}
			holders.Rows = append(holders.Rows, []any{string(h.Fiche), h.Certificate.Number, h.Enrollment.Candidate.FullName(), h.Year,
				string(h.Enrollment.Access), string(h.Partner), string(w), a.AnsweredOn, string(a.Situation), neut, ouiNon(a.TargetJob),
				a.JobTitle, string(a.Contract), salary, ouiNon(a.Cadre)})
		}
	}
	out := []FCSheet{prom, detail, route, partner, resp, contracts, salaries, holders}
	if r.Certification.Code.Register() == domain.RS {
		use := FCSheet{Name: "Valeur d'usage", Title: "Valeur d'usage (certification RS)",
			Headers: []string{"année", "vague", "répondants", "utilise les compétences", "ne les utilise pas", "taux d'utilisation (%)", "reconnue par l'employeur",
				"quotidienne", "hebdomadaire", "mensuelle", "occasionnelle"}}
		for _, in := range r.Rows {
			for _, w := range domain.SurveyWaves {
				wi := in.Wave(w)
				if wi.Respondents == 0 {
					continue
				}
				use.Rows = append(use.Rows, []any{in.Year, string(w), wi.Respondents, wi.Used, wi.NotUsed, rateCell(wi.UsedRate), wi.Recognised,
					wi.Frequencies[domain.FrequencyDaily], wi.Frequencies[domain.FrequencyWeekly], wi.Frequencies[domain.FrequencyMonthly], wi.Frequencies[domain.FrequencyOccasional]})
			}
		}
		out = append(out, use)
	}
	cmp := FCSheet{Name: "Comparaison", Title: "Chiffres publiés par France Compétences et chiffres calculés", Headers: []string{"année", "indicateur", "calculé", "publié", "écart"}}
	for _, c := range r.Comparisons() {
		diff := ""
		if c.Difference {
			diff = "ÉCART"
		}
		cmp.Rows = append(cmp.Rows, []any{c.Year, c.Figure, rateCell(c.Ours), rateCell(c.Published), diff})
	}
	rules := FCSheet{Name: "Règles", Title: "Règles de neutralisation appliquées", Headers: []string{"règle"}}
	for _, d := range r.Rules.Descriptions() {
		rules.Rows = append(rules.Rows, []any{d})
	}
	if len(r.Predecessors) > 0 {
		for _, p := range r.Predecessors {
			rules.Rows = append(rules.Rows, []any{fmt.Sprintf("les titulaires de %s (fiche précédente) sont comptés avec %s", p, r.Certification.Code)})
		}
	}
	return append(out, cmp, rules)
}
