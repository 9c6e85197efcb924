package app

import (
	"context"
	"fmt"
	"sort"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/report"
)

// NetworkTopic is one topic of the network dashboard: a sheet of the
// workbook and a section of the PDF (with its chart, if any).
type NetworkTopic struct {
	Heading string
	Note    string
	Table   *Table
	Empty   string
	Chart   *report.BarChart
}

// Network is the dashboard of 'report network'.
type Network struct {
	At        domain.Date
	Certifier domain.Certifier
	Topics    []NetworkTopic
}

// NetworkDashboard builds the dashboard at at from one read snapshot:
// partners by state and habilitation kind, conventions ending soon, audits
// due with open findings, sessions and pass rates per partner, certificates
// delivered and their delays, and the check's findings (given, or computed
// when nil).
func (a *App) NetworkDashboard(ctx context.Context, at domain.Date, findings []domain.Finding) (*Network, error) {
	if at.IsZero() {
		at = a.Today()
	}
	n := &Network{At: at}
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		pa := a.Pinned(r)
		var err error
		if n.Certifier, err = r.Certifier(); err != nil {
			return err
		}
		if findings == nil {
			if findings, err = pa.Check(ctx, at); err != nil {
				return err
			}
		}
		partners, err := r.Partners(domain.PartnerFilter{NoHistory: true})
		if err != nil {
			return err
		}
		n.Topics = append(n.Topics, partnersTopic(partners, at))
		ending, err := pa.conventionsEndingAt(ctx, at)
		if err != nil {
			return err
		}
		n.Topics = append(n.Topics, NetworkTopic{Heading: "Conventions à renouveler",
			Note:  fmt.Sprintf("Conventions signées qui prennent fin dans les %d jours, ou terminées alors que le partenaire est actif.", a.Config.Check.ConventionExpiringDays),
			Table: ending, Empty: "Aucune convention à renouveler."})
		plan, err := pa.auditPlanAt(ctx, at)
		if err != nil {
			return err
		}
		n.Topics = append(n.Topics, auditsTopic(plan, at))
		sessions, err := r.Sessions(domain.SessionFilter{})
		if err != nil {
			return err
		}
		enrolled, err := r.Enrollments(domain.EnrollmentFilter{})
		if err != nil {
			return err
		}
		n.Topics = append(n.Topics, sessionsTopic(sessions, enrolled, at), certificatesTopic(enrolled, at, a.Config.Check))
		for _, extra := range networkTopics {
			ts, err := extra(ctx, pa, r, at)
			if err != nil {
				return err
			}
			n.Topics = append(n.Topics, ts...)
		}
		n.Topics = append(n.Topics, findingsTopic(findings))
		return nil
	})
	return n, err
}

// networkTopics are the dashboard topics other areas add (accrochage,
// surveys…), in registration order, before the findings.
var networkTopics []func(ctx context.Context, a *App, r domain.Reader, at domain.Date) ([]NetworkTopic, error)

// RegisterNetworkTopic adds topics to the network dashboard.
func RegisterNetworkTopic(fn func(ctx context.Context, a *App, r domain.Reader, at domain.Date) ([]NetworkTopic, error)) {
	networkTopics = append(networkTopics, fn)
}

func partnersTopic(partners []*domain.Partner, at domain.Date) NetworkTopic {
	t := &Table{Sheet: "Partenaires", Columns: []Column{{Header: "Statut", Width: 14}, {Header: "Partenaires", Width: 12},
		{Header: "Habilités à former", Width: 14}, {Header: "Habilités à évaluer", Width: 14},
		{Header: "Habilités à former et évaluer", Width: 18}, {Header: "Sans habilitation en vigueur", Width: 18}}}
	chart := &report.BarChart{Title: "Part des partenaires par statut (%)", Series: []report.BarSeries{{Name: "partenaires"}}}
	total := 0
	for _, p := range partners {
		switch p.Status {
		case domain.StatusActive, domain.StatusProspect, domain.StatusSuspended, domain.StatusWithdrawn:
			total++
		}
	}
	for _, st := range []domain.PartnerStatus{domain.StatusActive, domain.StatusProspect, domain.StatusSuspended, domain.StatusWithdrawn} {
		var count, train, assess, both, none int
		for _, p := range partners {
			if p.Status != st {
				continue
			}
			count++
			var tr, as, bo bool
			for _, h := range p.Habilitations {
				if !h.InForce(at) {
					continue
				}
				switch h.Scope {
				case domain.ScopeTrain:
					tr = true
				case domain.ScopeAssess:
					as = true
				case domain.ScopeBoth:
					bo = true
				}
			}
			if tr {
				train++
			}
			if as {
				assess++
			}
			if bo {
				both++
			}
			if !tr && !as && !bo {
				none++
			}
		}
		t.Rows = append(t.Rows, []any{st.French(), count, train, assess, both, none})
		chart.Labels = append(chart.Labels, fmt.Sprintf("%s (%d)", st.French(), count))
		chart.Series[0].Values = append(chart.Series[0].Values, domain.RatePercent(count, total))
	}
	return NetworkTopic{Heading: "Partenaires par statut et habilitation", Table: t, Chart: chart,
		Note: "Un partenaire compte une fois par type d'habilitation en vigueur à la date du tableau de bord."}
}

func auditsTopic(plan *AuditPlanResult, at domain.Date) NetworkTopic {
	t := &Table{Sheet: "Audits", Columns: []Column{{Header: "SIRET", Text: true, Width: 16}, {Header: "Partenaire", Width: 36},
		{Header: "Dernier audit", Width: 12}, {Header: "Échéance", Width: 12}, {Header: "Constats ouverts", Width: 10},
		{Header: "Actions en retard", Width: 10}, {Header: "Conformité", Width: 20}}}
	soon := at.AddDays(90)
	for _, e := range plan.Entries {
		if !(e.NeverAudited || (!e.Due.IsZero() && !e.Due.After(soon)) || e.OpenFindings > 0) {
			continue
		}
		due := any(e.Due)
		if e.NeverAudited {
			due = "jamais audité"
		}
		t.Rows = append(t.Rows, []any{string(e.SIRET), e.Name, e.LastAudit, due, e.OpenFindings, e.Overdue, e.Compliance.French()})
	}
	return NetworkTopic{Heading: "Audits à mener et constats ouverts", Table: t,
		Note:  "Partenaires actifs jamais audités, dont l'audit est échu ou le sera dans les 90 jours, ou qui ont des constats ouverts (ordre du plan d'audit).",
		Empty: "Aucun audit à prévoir dans les 90 jours et aucun constat ouvert."}
}

func sessionsTopic(sessions []*domain.Session, enrolled []domain.EnrollmentRecord, at domain.Date) NetworkTopic {
	from := at.AddMonths(-12)
	type agg struct {
		name                                   string
		sessions, presented, admitted, partial int
	}
	by := map[domain.SIRET]*agg{}
	get := func(s *domain.Session) *agg {
		if by[s.Partner] == nil {
			by[s.Partner] = &agg{name: s.PartnerName}
		}
		return by[s.Partner]
	}
	for _, s := range sessions {
		if s.Date.After(at) || s.LastDay().Before(from) {
			continue
		}
		get(s).sessions++
	}
	for _, e := range enrolled {
		s := e.Session
		if s.Date.After(at) || s.LastDay().Before(from) || e.Result == domain.ResultNone || e.Result == domain.ResultAbsent {
			continue
		}
		g := get(s)
		g.presented++
		switch {
		case e.Result == domain.ResultAdmitted:
			g.admitted++
		case len(e.BlocsValidated) > 0:
			g.partial++
		}
	}
	t := &Table{Sheet: "Sessions", Columns: []Column{{Header: "SIRET organisateur", Text: true, Width: 16}, {Header: "Organisateur", Width: 36},
		{Header: "Sessions", Width: 10}, {Header: "Candidats présentés", Width: 12}, {Header: "Admis", Width: 10},
		{Header: "Validations partielles", Width: 12}, {Header: "Taux de réussite (%)", Width: 12}}}
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	chart := &report.BarChart{Title: "Taux de réussite par organisateur (%)", Series: []report.BarSeries{{Name: "admis ÷ présentés"}}}
	for _, k := range keys {
		g := by[domain.SIRET(k)]
		r := domain.RatePercent(g.admitted, g.presented)
		t.Rows = append(t.Rows, []any{k, g.name, g.sessions, g.presented, g.admitted, g.partial, rateCell(r)})
		chart.Labels = append(chart.Labels, shortLabel(g.name, 14))
		chart.Series[0].Values = append(chart.Series[0].Values, r)
	}
	return NetworkTopic{Heading: "Sessions et taux de réussite par organisateur", Table: t, Chart: chart,
		Note:  fmt.Sprintf("Sessions tenues du %s au %s ; taux = admis ÷ candidats présentés (absents exclus), arrondi à l'entier.", from.French(), at.French()),
		Empty: "Aucune session sur les douze derniers mois."}
}

func certificatesTopic(enrolled []domain.EnrollmentRecord, at domain.Date, lim domain.CheckLimits) NetworkTopic {
	from := at.AddMonths(-12)
	type agg struct {
		delivered, late int
		delays          []int
	}
	by := map[domain.CertCode]*agg{}
	lateAfter := lim.DeliveryLateDays
	for _, e := range enrolled {
		c := e.Certificate()
		if c == nil || c.IssuedOn.Before(from) || c.IssuedOn.After(at) {
			continue
		}
		g := by[c.Certification]
		if g == nil {
			g = &agg{}
			by[c.Certification] = g
		}
		g.delivered++
		d := c.JuryDate.DaysUntil(c.IssuedOn)
		g.delays = append(g.delays, d)
		if d > lateAfter {
			g.late++
		}
	}
	t := &Table{Sheet: "Certificats", Columns: []Column{{Header: "Certification", Width: 14}, {Header: "Certificats délivrés", Width: 12},
		{Header: "Délai médian jury → délivrance (jours)", Width: 18}, {Header: "Délai maximal (jours)", Width: 12},
		{Header: fmt.Sprintf("Délivrés après %d jours", lateAfter), Width: 14}}}
	codes := make([]string, 0, len(by))
	for k := range by {
		codes = append(codes, string(k))
	}
	sort.Strings(codes)
	for _, k := range codes {
		g := by[domain.CertCode(k)]
		sort.Ints(g.delays)
		t.Rows = append(t.Rows, []any{k, g.delivered, g.delays[(len(g.delays)-1)/2], g.delays[len(g.delays)-1], g.late})
	}
	return NetworkTopic{Heading: "Certificats délivrés et délais", Table: t,
		Note:  fmt.Sprintf("Certificats délivrés du %s au %s ; délai entre la décision du jury et la délivrance.", from.French(), at.French()),
		Empty: "Aucun certificat délivré sur les douze derniers mois."}
}

func findingsTopic(findings []domain.Finding) NetworkTopic {
	t := &Table{Sheet: "Constats", Columns: []Column{{Header: "Gravité", Width: 12}, {Header: "Code", Width: 30},
		{Header: "Objet", Width: 20, Text: true}, {Header: "Constat", Width: 100}}}
	for _, f := range findings {
		t.Rows = append(t.Rows, []any{severityFrench[f.Severity], f.Code, f.Subject, f.Message})
	}
	return NetworkTopic{Heading: "Constats du contrôle de conformité", Table: t,
		Empty: "Aucun constat : toutes les règles sont respectées à cette date."}
}

// Document prints the dashboard (landscape, one section per topic).
func (n *Network) Document() *report.Document {
	secs := make([]report.Section, 0, len(n.Topics))
	for _, tp := range n.Topics {
		s := report.Section{Heading: tp.Heading, Note: tp.Note, Empty: tp.Empty, Chart: tp.Chart}
		for _, c := range tp.Table.Columns {
			s.Header = append(s.Header, c.Header)
			w := c.Width
			if w == 0 {
				w = 12
			}
			s.Widths = append(s.Widths, w)
		}
		for _, row := range tp.Table.Rows {
			cells := make([]string, len(row))
			for i, v := range row {
				cells[i] = cellText(v)
			}
			s.Rows = append(s.Rows, cells)
		}
		secs = append(secs, s)
	}
	return report.TablesDocument("Tableau de bord du réseau", n.Certifier.Name+" — situation au "+n.At.French(),
		"Tableau de bord du réseau — "+n.At.French(), n.Certifier.Name, secs)
}

// Tables are the dashboard's sheets.
func (n *Network) Tables() []*Table {
	out := make([]*Table, len(n.Topics))
	for i, tp := range n.Topics {
		out[i] = tp.Table
	}
	return out
}

func bundleNetwork(ctx context.Context, a *App, p BundleParams) ([]OutFile, error) {
	n, err := a.NetworkDashboard(ctx, p.At, p.Findings)
	if err != nil {
		return nil, err
	}
	pdf, err := p.Writers.PDF(n.Document())
	if err != nil {
		return nil, err
	}
	x, err := p.Writers.Workbook(n.Tables())
	if err != nil {
		return nil, err
	}
	return []OutFile{{Name: "network.pdf", Data: pdf, Personal: true}, {Name: "network.xlsx", Data: x, Personal: true}}, nil
}

// shortLabel cuts a chart label to n characters (the tables give the
// whole name).
func shortLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
