package domain

import (
	"fmt"
	"strings"
)

// Partner applications (issue 17): an organisation applies to train or
// assess for a certification; its file is scored against the cahier des
// charges' criteria, then the certifier decides, with reasons. An accepted
// application gives a habilitation and a draft convention: the habilitation
// only takes effect with the convention's signature (R6113-16-1 2°: no
// convention, no habilitation; 'habil check' reports CONVENTION_MISSING for
// a habilitation in force without a signed convention).

// ApplicationCriterion is one line of the selection grid.
type ApplicationCriterion struct {
	Code  string // the key of the grid's "critere" column
	Label string // French, as printed
	Max   int    // the best score (scores go 0..Max)
	// AssessOnly: only for an application that assesses (assess or both);
	// n/a allowed for a train-only application.
	AssessOnly bool
}

// ApplicationScoreMax is the best score of every criterion.
const ApplicationScoreMax = 3

// ApplicationCriteria are the cahier des charges' selection criteria, in
// the order of the grid.
var ApplicationCriteria = []ApplicationCriterion{
	{Code: "existence_legale", Label: "Existence légale (Kbis ou avis de situation SIRENE, SIRET actif)", Max: ApplicationScoreMax},
	{Code: "nda", Label: "Déclaration d'activité d'organisme de formation (NDA)", Max: ApplicationScoreMax},
	{Code: "qualiopi", Label: "Certification Qualiopi et ses catégories d'actions", Max: ApplicationScoreMax},
	{Code: "formateurs", Label: "Qualification et expérience des formateurs", Max: ApplicationScoreMax},
	{Code: "locaux_lms", Label: "Locaux adaptés ou plateforme de formation à distance (LMS)", Max: ApplicationScoreMax},
	{Code: "programme_blocs", Label: "Programme mis en correspondance avec les blocs de compétences", Max: ApplicationScoreMax},
	{Code: "selection_positionnement", Label: "Modalités de sélection et de positionnement des candidats", Max: ApplicationScoreMax},
	{Code: "referent_handicap", Label: "Référent handicap et adaptation des parcours", Max: ApplicationScoreMax},
	{Code: "capacite_evaluation", Label: "Capacité à organiser les épreuves d'évaluation (jury, sujets, surveillance)", Max: ApplicationScoreMax, AssessOnly: true},
}

// FindApplicationCriterion returns the criterion whose code or label is s
// (compared without case or accents).
func FindApplicationCriterion(s string) (ApplicationCriterion, bool) {
	k := Fold(strings.TrimSpace(s))
	for _, c := range ApplicationCriteria {
		if k == Fold(c.Code) || k == Fold(c.Label) {
			return c, true
		}
	}
	return ApplicationCriterion{}, false
}

// ApplicationCriterionCodes lists the codes, for messages.
func ApplicationCriterionCodes() string {
	l := make([]string, len(ApplicationCriteria))
	for i, c := range ApplicationCriteria {
		l[i] = c.Code
	}
	return strings.Join(l, ", ")
}

// ApplicationScore is one scored criterion. A criterion marked n/a is not
// stored: a criterion absent from a scored grid is not applicable.
type ApplicationScore struct {
	Criterion string
	Score     int
	Max       int
	Evidence  string
	Comment   string
}

// ApplicationDecision is the certifier's decision on an application.
type ApplicationDecision string

// The decisions.
const (
	ApplicationAccept ApplicationDecision = "accept"
	ApplicationRefuse ApplicationDecision = "refuse"
)

// ParseApplicationDecision reads accept or refuse.
func ParseApplicationDecision(s string) (ApplicationDecision, error) {
	switch Fold(strings.TrimSpace(s)) {
	case "accept", "accepter", "accepte", "acceptee":
		return ApplicationAccept, nil
	case "refuse", "refuser", "refusee":
		return ApplicationRefuse, nil
	}
	return "", Invalid("APPLICATION_DECISION", "%q is not a decision: accept or refuse", s)
}

// Application is an organisation's application to become a partner.
type Application struct {
	ID            int64
	Partner       SIRET
	PartnerName   string // filled by the store
	Certification CertCode
	Scope         Scope
	OpenedOn      Date
	AssessedOn    Date   // zero: not assessed
	AssessedFrom  string // the grid file's name
	Scores        []ApplicationScore
	Decision      ApplicationDecision // "" while undecided
	DecidedOn     Date
	Reason        string
	// ConventionID and HabilitationID: what an acceptance created.
	ConventionID     int64
	ConventionNumber string // filled by the store
	ConventionSigned bool   // filled by the store: the convention is signed
	HabilitationID   int64
	CreatedAt        string
}

// Status is open, assessed, accepted or refused.
func (a *Application) Status() string {
	switch {
	case a.Decision == ApplicationAccept:
		return "accepted"
	case a.Decision == ApplicationRefuse:
		return "refused"
	case !a.AssessedOn.IsZero():
		return "assessed"
	}
	return "open"
}

// Total is the sum of the scores and of the best scores of the criteria
// scored (n/a criteria count in neither).
func (a *Application) Total() (score, max int) {
	for _, s := range a.Scores {
		score += s.Score
		max += s.Max
	}
	return score, max
}

// TotalText prints the total: "21/24 (88 %)", or "—" before assessment.
func (a *Application) TotalText() string {
	s, m := a.Total()
	if a.AssessedOn.IsZero() || m == 0 {
		return "—"
	}
	return fmt.Sprintf("%d/%d (%d %%)", s, m, RoundDiv(100*int64(s), int64(m)))
}

// Undecided refuses a change to an application already decided.
func (a *Application) Undecided(what string) error {
	if a.Decision == "" {
		return nil
	}
	return Conflict("APPLICATION_DECIDED", "application %d was already %s on %s: it cannot be %s", a.ID, a.Status(), a.DecidedOn, what).
		WithHint("a new application is needed: habil partner apply %s --certification %s --scope %s", a.Partner, a.Certification, a.Scope)
}

// Decide records the decision on date with its reason: the application
// must be assessed, undecided, and the date not before the assessment.
func (a *Application) Decide(d ApplicationDecision, date Date, reason string) error {
	if err := a.Undecided("decided again"); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Invalid("APPLICATION_REASON", "a decision needs its reason").WithHint("say why with --reason")
	}
	if a.AssessedOn.IsZero() {
		return Conflict("APPLICATION_NOT_ASSESSED", "application %d has no assessment: it cannot be decided", a.ID).
			WithHint("score it first: habil partner application-grid --out grille.xlsx, fill it, then habil partner assess %d grille.xlsx", a.ID)
	}
	if date.Before(a.AssessedOn) {
		return Conflict("APPLICATION_DECISION_DATE", "the decision (%s) would come before the assessment (%s)", date, a.AssessedOn).
			WithHint("give a --date on or after %s", a.AssessedOn)
	}
	a.Decision, a.DecidedOn, a.Reason = d, date, reason
	return nil
}

// CoveredBy reports whether habilitation h already gives what the
// application asks: the same certification and a scope that includes it.
func (a *Application) CoveredBy(h Habilitation) bool {
	if h.Certification != a.Certification {
		return false
	}
	return h.Scope == ScopeBoth || h.Scope == a.Scope
}
