package app

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
	"github.com/habil-app/habil/internal/report"
)

// Partner applications (issue 17): apply, assess against the cahier des
// charges' grid, decide. The rules are in domain/application.go.

// ApplyRequest is what 'partner apply' records.
type ApplyRequest struct {
	SIRET         domain.SIRET
	Certification domain.CertCode
	Scope         domain.Scope
	Name          string      // for an organisation not in the register yet
	Date          domain.Date // opened on; zero: today
}

// ApplyResult is what Apply recorded.
type ApplyResult struct {
	Application *domain.Application
	NewPartner  bool // the organisation was recorded as a prospect
}

// Apply opens an application: an organisation not in the register is
// recorded as a prospect (its --name needed); a withdrawn partner, one
// already habilitated on the certification for that scope, or one with an
// application still undecided on it is refused, nothing written.
func (a *App) Apply(ctx context.Context, req ApplyRequest) (*ApplyResult, error) {
	if req.Date.IsZero() {
		req.Date = a.Today()
	}
	req.Name = strings.TrimSpace(req.Name)
	out := &ApplyResult{}
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		if _, err := tx.Certification(req.Certification); err != nil {
			return err
		}
		p, err := tx.Partner(req.SIRET)
		switch {
		case domain.KindOf(err) == domain.KindNotFound:
			if req.Name == "" {
				return domain.Invalid("APPLICATION_NAME", "%s is not in the register: give the organisation's name", req.SIRET.Formatted()).
					WithHint("habil partner apply %s --certification %s --scope %s --name \"NAME\"", req.SIRET, req.Certification, req.Scope)
			}
			p = &domain.Partner{SIRET: req.SIRET, Name: req.Name, Status: domain.StatusProspect}
			if err := tx.CreatePartner(p, req.Date, "application"); err != nil {
				return err
			}
			out.NewPartner = true
		case err != nil:
			return err
		}
		app := &domain.Application{Partner: req.SIRET, PartnerName: p.Name, Certification: req.Certification, Scope: req.Scope, OpenedOn: req.Date}
		if p.Status == domain.StatusWithdrawn {
			return domain.Conflict("PARTNER_WITHDRAWN", "%s (%s) was withdrawn: it cannot apply again", p.Name, p.SIRET.Formatted())
		}
		for _, h := range p.Habilitations {
			if app.CoveredBy(h) && (h.To.IsZero() || !h.To.Before(req.Date)) {
				return domain.Conflict("APPLICATION_ALREADY_HABILITATED", "%s (%s) is already habilitated on %s to %s (%s): no application is needed",
					p.Name, p.SIRET.Formatted(), h.Certification, h.Scope, h.Period()).
					WithHint("see it with 'habil partner show %s'", p.SIRET)
			}
		}
		all, err := tx.Applications()
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.Partner == req.SIRET && o.Certification == req.Certification && o.Decision == "" {
				return domain.Conflict("APPLICATION_OPEN", "%s already has application %d on %s, not decided yet", p.Name, o.ID, o.Certification).
					WithHint("assess or decide it: habil partner assess %d FILE, habil partner decide %d accept|refuse --reason TEXT", o.ID, o.ID)
			}
		}
		out.Application = app
		return tx.CreateApplication(app)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ApplicationGridSchema is the selection grid read by 'partner assess'
// and written blank by 'partner application-grid'.
var ApplicationGridSchema = importer.Schema{
	Name:     "Grille",
	Template: "habil partner application-grid --out grille.xlsx",
	Fields: []importer.Field{
		{Key: "criterion", Label: "critere", Required: true, Kind: importer.Text,
			Aliases: []string{"criterion", "code critere", "code du critere"},
			Help:    "Code du critère du cahier des charges (ne pas modifier) : " + domain.ApplicationCriterionCodes() + "."},
		{Key: "label", Label: "libelle", Kind: importer.Text,
			Aliases: []string{"intitule", "label", "critere du cahier des charges"},
			Help:    "Intitulé du critère (pour information ; non importé)."},
		{Key: "score", Label: "note", Required: true, Kind: importer.Text,
			Aliases: []string{"score", "notation", "note sur 3", "note (0-3)"},
			Help:    "Note de 0 (absent) à 3 (pleinement satisfait), ou n/a si le critère ne s'applique pas (la capacité d'évaluation pour une candidature de formation seule).",
			Allowed: []string{"0", "1", "2", "3", "n/a"}, Example: "2"},
		{Key: "evidence", Label: "preuves", Kind: importer.Text,
			Aliases: []string{"evidence", "elements de preuve", "justificatifs", "pieces"},
			Help:    "Pièces examinées (Kbis, certificat Qualiopi, CV des formateurs…).", Example: "Certificat Qualiopi n° 2024-123, actions de formation"},
		{Key: "comment", Label: "commentaire", Kind: importer.Text,
			Aliases: []string{"comment", "observations", "remarques"},
			Help:    "Appréciation de l'évaluateur."},
	},
}

// ApplicationGridRows are the blank grid's rows: criterion code, label,
// then empty note, evidence and comment ("n/a" pre-filled for the exam
// criterion of a train-only scope when scope is given). With cert, the
// programme criterion lists the certification's blocs to map.
func ApplicationGridRows(scope domain.Scope, cert *domain.Certification) [][]string {
	rows := make([][]string, len(domain.ApplicationCriteria))
	for i, c := range domain.ApplicationCriteria {
		note := ""
		if c.AssessOnly && scope == domain.ScopeTrain {
			note = "n/a"
		}
		label := c.Label
		if cert != nil && c.Code == "programme_blocs" && len(cert.Blocs) > 0 {
			var bl []string
			for _, b := range cert.Blocs {
				bl = append(bl, strings.TrimSpace(b.Code+" "+b.Label))
			}
			label += " (" + string(cert.Code) + " : " + strings.Join(bl, " ; ") + ")"
		}
		rows[i] = []string{c.Code, label, note, "", ""}
	}
	return rows
}

// AssessRequest is what 'partner assess' reads.
type AssessRequest struct {
	ID     int64
	File   string
	Sheet  string
	DryRun bool
	Date   domain.Date // assessed on; zero: today
	Open   func(path, sheet string) (importer.Source, error)
}

// AssessResult is what an assessment read and did (or would do).
type AssessResult struct {
	File        string
	Rows        int
	Warnings    []string
	Errors      *importer.ErrorList
	Application *domain.Application // after the assessment
	Replaced    bool                // a previous assessment was replaced
}

type gridRow struct {
	row   int
	na    bool
	score domain.ApplicationScore
}

// AssessApplication reads a filled grid through the import pipeline and
// records it as the application's assessment, replacing a previous one
// (journaled). Every criterion of the cahier des charges must be on the
// grid once, with a note 0-3 or n/a (a criterion that does not apply;
// never the exam capability of an application that assesses); unknown criteria
// and notes out of range are FILE:ROW:COLUMN errors (exit 3, nothing
// written). A decided application cannot be assessed again.
func (a *App) AssessApplication(ctx context.Context, req AssessRequest) (*AssessResult, error) {
	res := &AssessResult{File: filepath.Base(req.File), Errors: importer.NewErrorList(filepath.Base(req.File))}
	if req.Date.IsZero() {
		req.Date = a.Today()
	}
	var app *domain.Application
	if err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		app, err = r.Application(req.ID)
		return err
	}); err != nil {
		return res, err
	}
	if err := app.Undecided("assessed again"); err != nil {
		return res, err
	}
	var rows []gridRow
	seen := map[string]int{}
	pl := importer.Pipeline[gridRow]{
		Schema: ApplicationGridSchema,
		Map: func(rec *importer.Record) (gridRow, bool) {
			g := gridRow{row: rec.Row}
			c, ok := domain.FindApplicationCriterion(rec.Text("criterion"))
			if !ok {
				rec.Errorf("criterion", "GRID_CRITERION_UNKNOWN", "%q is not a criterion of the cahier des charges: %s", rec.Text("criterion"), domain.ApplicationCriterionCodes())
			}
			g.score = domain.ApplicationScore{Criterion: c.Code, Max: c.Max, Evidence: rec.Text("evidence"), Comment: rec.Text("comment")}
			v := strings.TrimSpace(rec.Text("score"))
			switch strings.NewReplacer("/", "", ".", "", " ", "").Replace(domain.Fold(v)) {
			case "na", "sansobjet", "nonapplicable":
				g.na = true
				if ok && c.AssessOnly && app.Scope.Assesses() {
					rec.Errorf("score", "GRID_SCORE_REQUIRED", "%s cannot be n/a: application %d is to %s", c.Code, app.ID, app.Scope)
				}
			default:
				n, err := strconv.Atoi(v)
				if err != nil || n < 0 || (ok && n > c.Max) {
					rec.Errorf("score", "GRID_SCORE", "%q is not a note: give 0 to %d, or n/a", v, domain.ApplicationScoreMax)
				}
				g.score.Score = n
			}
			return g, rec.OK()
		},
		Keep: func(rec *importer.Record, g gridRow) {
			if prev, dup := seen[g.score.Criterion]; dup {
				rec.Errorf("criterion", "GRID_CRITERION_DUPLICATE", "%s is already scored on row %d", g.score.Criterion, prev)
				return
			}
			seen[g.score.Criterion] = rec.Row
			rows = append(rows, g)
		},
	}
	read, err := readImport(ctx, req.Open, req.File, req.Sheet, pl, func(read *importer.ReadResult) {
		res.File, res.Rows, res.Warnings, res.Errors = read.File, read.Rows, read.Warnings, read.Errors
	})
	if err != nil {
		return res, err
	}
	for _, c := range domain.ApplicationCriteria {
		if _, ok := seen[c.Code]; !ok {
			read.Errors.Add(importer.RowError{Row: 1, Column: "critere", Code: "GRID_CRITERION_MISSING",
				Msg: "the grid has no row for " + c.Code + " (" + c.Label + "): score it, or write n/a"})
		}
	}
	if read.Errors.Len() > 0 {
		return res, read.Errors.Err()
	}
	err = a.runImport(ctx, req.DryRun, res.Errors, func(ctx context.Context, r domain.Reader, tx domain.Tx, errs *importer.ErrorList) error {
		before, err := r.Application(req.ID)
		if err != nil {
			return err
		}
		if err := before.Undecided("assessed again"); err != nil {
			return err
		}
		after := *before
		after.AssessedOn, after.AssessedFrom, after.Scores = req.Date, res.File, nil
		if req.Date.Before(before.OpenedOn) {
			return domain.Conflict("APPLICATION_ASSESS_DATE", "the assessment (%s) would come before the application (%s)", req.Date, before.OpenedOn)
		}
		for _, g := range rows {
			if !g.na {
				after.Scores = append(after.Scores, g.score)
			}
		}
		res.Application, res.Replaced = &after, !before.AssessedOn.IsZero()
		if tx == nil {
			return nil
		}
		return tx.SaveApplicationAssessment(before, &after)
	})
	if importAborted(err) {
		res.Errors, res.Warnings = importer.NewErrorList(res.File), nil
	}
	return res, err
}

// DecideRequest is what 'partner decide' records.
type DecideRequest struct {
	ID       int64
	Decision domain.ApplicationDecision
	Reason   string
	From, To domain.Date // the habilitation and convention period (accept)
	Date     domain.Date // decided on; zero: today
}

// DecideResult is what a decision recorded.
type DecideResult struct {
	Application  *domain.Application
	Convention   *domain.Convention   // accept: the draft convention
	Habilitation *domain.Habilitation // accept: the habilitation, effective once the convention is signed
	Warnings     []string
}

// DecideApplication records the decision on an assessed, undecided
// application. Accepting it records, in the same transaction, the
// habilitation on the application's certification and scope for --from
// (default: the decision's day) to --to (default: the end of the
// registration, or three years) and a draft convention over the same
// period: the habilitation only takes effect with the convention's
// signature (R6113-16-1 2°), which 'habil check' enforces
// (CONVENTION_MISSING). Refusing keeps the reasons; the partner stays a
// prospect.
func (a *App) DecideApplication(ctx context.Context, req DecideRequest) (*DecideResult, error) {
	if req.Date.IsZero() {
		req.Date = a.Today()
	}
	out := &DecideResult{}
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		before, err := tx.Application(req.ID)
		if err != nil {
			return err
		}
		after := *before
		if err := after.Decide(req.Decision, req.Date, req.Reason); err != nil {
			return err
		}
		out.Application = &after
		if req.Decision == domain.ApplicationAccept {
			cert, err := tx.Certification(before.Certification)
			if err != nil {
				return err
			}
			from, to := req.From, req.To
			if from.IsZero() {
				from = req.Date
			}
			limit := cert.HabilitationLimit()
			if to.IsZero() {
				to = from.AddMonths(36).AddDays(-1)
				if !limit.IsZero() && to.After(limit) {
					to = limit
				}
			}
			if to.Before(from) {
				return domain.Invalid("DATES_ORDER", "the habilitation would end (%s) before it starts (%s)", to, from)
			}
			if e := domain.CheckFicheOpen(cert, "habilitation", to, a.Today()); e != nil {
				return e
			}
			h := &domain.Habilitation{PartnerSIRET: before.Partner, Certification: before.Certification, Scope: before.Scope, From: from, To: to}
			if err := tx.AddHabilitation(h); err != nil {
				return err
			}
			p, err := tx.Partner(before.Partner)
			if err != nil {
				return err
			}
			conv, warnings, err := domain.NewConvention(p, cert, domain.ConventionRequest{CreatedOn: req.Date, From: from, To: to})
			if err != nil {
				return err
			}
			if err := createConvention(tx, conv); err != nil {
				return err
			}
			after.ConventionID, after.ConventionNumber, after.HabilitationID = conv.ID, conv.Number, h.ID
			out.Convention, out.Habilitation, out.Warnings = conv, h, warnings
		}
		return tx.SaveApplicationDecision(before, &after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Applications lists the applications.
func (a *App) Applications(ctx context.Context) ([]*domain.Application, error) {
	var out []*domain.Application
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		out, err = r.Applications()
		return err
	})
	return out, err
}

// ApplicationPDF writes the filled grid of application id to out, printed
// at at (today when zero).
func (a *App) ApplicationPDF(ctx context.Context, id int64, at domain.Date, out string, r Renderer) (Rendered, error) {
	if at.IsZero() {
		at = a.Today()
	}
	in := report.ApplicationGridInput{At: at}
	err := a.Store.Read(ctx, func(rd domain.Reader) error {
		var err error
		if in.Certifier, err = rd.Certifier(); err != nil {
			return err
		}
		if in.Application, err = rd.Application(id); err != nil {
			return err
		}
		in.Certification, err = rd.Certification(in.Application.Certification)
		return err
	})
	if err != nil {
		return Rendered{}, err
	}
	if in.Logo, err = a.Logo(); err != nil {
		return Rendered{}, err
	}
	return RenderFile(out, ModePublic, dated(r, at), report.ApplicationGrid(in))
}
