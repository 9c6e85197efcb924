package domain_test

import (
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func boolp(b bool) *bool { return &b }

func TestFicheState(t *testing.T) {
	c := &domain.Certification{Code: "RNCP35419", EndDate: domain.MustDate("2026-03-17")}
	for _, x := range []struct {
		active *bool
		today  string
		want   domain.FicheState
	}{
		{nil, "2026-03-17", domain.FicheActive}, // the last day of the registration
		{nil, "2026-03-18", domain.FicheEnded},  // the day after
		{boolp(true), "2026-03-18", domain.FicheEnded},
		{boolp(false), "2025-01-01", domain.FicheInactive}, // marked inactive before its end
		{boolp(false), "2027-01-01", domain.FicheInactive},
	} {
		c.Active = x.active
		if got := c.State(domain.MustDate(x.today)); got != x.want {
			t.Errorf("active %v at %s: %s, want %s", x.active, x.today, got, x.want)
		}
	}
	if (&domain.Certification{}).State(domain.MustDate("2030-01-01")) != domain.FicheActive {
		t.Error("a certification without end date is active")
	}
}

func TestHabilitationLimit(t *testing.T) {
	c := &domain.Certification{Code: "RNCP35419", EndDate: domain.MustDate("2026-03-17")}
	if c.HabilitationLimit().String() != "2026-03-17" {
		t.Errorf("no delivery deadline: %s", c.HabilitationLimit())
	}
	c.DeliveryLimit = domain.MustDate("2027-03-17")
	if c.HabilitationLimit().String() != "2027-03-17" {
		t.Errorf("delivery deadline: %s", c.HabilitationLimit())
	}
	// The same limit in ValidateHabilitation: to the deadline day, not after.
	h := domain.Habilitation{Certification: "RNCP35419", Scope: domain.ScopeBoth, From: domain.MustDate("2026-01-01"), To: domain.MustDate("2027-03-17")}
	noErr(t, domain.ValidateHabilitation(h, c), "habilitation until the delivery deadline")
	h.To = domain.MustDate("2027-03-18")
	wantInvalid(t, domain.ValidateHabilitation(h, c), "BEYOND_REGISTRATION", "2027-03-18", "delivery deadline of RNCP35419 (2027-03-17", "L6113-9")
	if p := domain.HabilitationProblems(h, c); len(p) != 1 || p[0].Code != "BEYOND_REGISTRATION" {
		t.Errorf("import problems %v", p)
	}
}

func TestCheckFicheOpen(t *testing.T) {
	today := domain.MustDate("2026-11-30")
	c := &domain.Certification{Code: "RNCP35419", EndDate: domain.MustDate("2026-03-17"), Active: boolp(false),
		Successors: []domain.CertCode{"RNCP42147"}}
	// Inactive, no delivery deadline: open-ended refused, naming the successor.
	wantErr(t, domain.CheckFicheOpen(c, "habilitation", domain.Date{}, today), domain.KindConflict, "FICHE_INACTIVE",
		"marked inactive by France Compétences (replaced by RNCP42147)", "must end within RNCP35419's registration end (2026-03-17)", "habilitate on RNCP42147 instead")
	// A past habilitation that ended in time is recorded.
	noErr(t, domain.CheckFicheOpen(c, "habilitation", domain.MustDate("2026-03-17"), today), "historic habilitation")
	// With a delivery deadline: up to it, not a day more.
	c.DeliveryLimit = domain.MustDate("2027-03-17")
	noErr(t, domain.CheckFicheOpen(c, "habilitation", domain.MustDate("2027-03-17"), today), "until the delivery deadline")
	wantErr(t, domain.CheckFicheOpen(c, "convention", domain.MustDate("2027-03-18"), today), domain.KindConflict, "FICHE_INACTIVE",
		"a convention on it may not run past the delivery deadline of RNCP35419 (2027-03-17", "asked: until 2027-03-18",
		"end it on or before 2027-03-17")
	// Ended (active flag unknown), no successor.
	e := &domain.Certification{Code: "RS5568", EndDate: domain.MustDate("2026-11-10")}
	wantErr(t, domain.CheckFicheOpen(e, "habilitation", domain.Date{}, domain.MustDate("2026-11-11")), domain.KindConflict, "FICHE_ENDED",
		"RS5568's registration ended on 2026-11-10", "import the latest France Compétences export")
	// On its last day the fiche is still active: not checked here.
	noErr(t, domain.CheckFicheOpen(e, "habilitation", domain.Date{}, domain.MustDate("2026-11-10")), "last day")
}

func TestTrainOnlyNeverOnCL(t *testing.T) {
	c := &domain.Certification{Code: "RS5568", Access: []domain.Access{"FI", "FC", "CL", "VAE"}}
	h := domain.Habilitation{Certification: "RS5568", Scope: domain.ScopeTrain, Access: []domain.Access{"FC", "CL"}, From: domain.MustDate("2025-01-01")}
	wantErr(t, domain.ValidateHabilitation(h, c), domain.KindConflict, "TRAIN_ON_CL", "free candidate", "--scope assess or both")
	if p := domain.HabilitationProblems(h, c); len(p) != 1 || p[0].Code != "TRAIN_ON_CL" {
		t.Errorf("import problems %v", p)
	}
	h.Scope = domain.ScopeBoth
	noErr(t, domain.ValidateHabilitation(h, c), "both on CL")
	h.Scope = domain.ScopeAssess
	noErr(t, domain.ValidateHabilitation(h, c), "assess on CL")

	// Routes: an empty list is every open route, except CL for train-only.
	h = domain.Habilitation{Certification: "RS5568", Scope: domain.ScopeTrain}
	if got := domain.AccessCodes(h.Routes(c)); got != "FI,FC,VAE" {
		t.Errorf("train-only routes %s", got)
	}
	h.Scope = domain.ScopeBoth
	if got := domain.AccessCodes(h.Routes(c)); got != "FI,FC,CL,VAE" {
		t.Errorf("both routes %s", got)
	}
	h.Access = []domain.Access{"FC"}
	if got := domain.AccessCodes(h.Routes(c)); got != "FC" {
		t.Errorf("named routes %s", got)
	}
	h = domain.Habilitation{Scope: domain.ScopeTrain}
	if got := domain.AccessCodes(h.Routes(&domain.Certification{})); got != "FI,CA,FC,CQ,VAE" {
		t.Errorf("no route recorded: %s", got)
	}
}

func TestAdoptPublished(t *testing.T) {
	hours := 400
	prev := &domain.Certification{Code: "RNCP35419",
		Params:    domain.CertificationParams{MinTrainingHours: &hours, JuryComposition: "jury 2024", Prerequisites: "bac, édité"},
		Published: domain.PublishedParams{JuryComposition: "jury 2024", Prerequisites: "bac"},
		Blocs: []domain.Bloc{{Code: "RNCP35419BC01", Evaluation: "Cas pratiques", PublishedEvaluation: "Cas pratiques"},
			{Code: "RNCP35419BC02", Evaluation: "Oral, édité", PublishedEvaluation: "Oral"}}}
	c := &domain.Certification{Code: "RNCP35419",
		Published: domain.PublishedParams{JuryComposition: "jury 2026", Prerequisites: "bac+2"},
		Blocs: []domain.Bloc{{Code: "RNCP35419BC01", PublishedEvaluation: "Étude de cas"}, {Code: "RNCP35419BC02", PublishedEvaluation: "Écrit"},
			{Code: "RNCP35419BC03", PublishedEvaluation: "Projet"}}}
	domain.AdoptPublished(prev, c)
	if c.Params.MinTrainingHours == nil || *c.Params.MinTrainingHours != 400 {
		t.Error("the certifier's parameters are kept")
	}
	if c.Params.JuryComposition != "jury 2026" {
		t.Errorf("a jury composition never edited follows the export: %q", c.Params.JuryComposition)
	}
	if c.Params.Prerequisites != "bac, édité" {
		t.Errorf("edited prerequisites are kept: %q", c.Params.Prerequisites)
	}
	if c.Blocs[0].Evaluation != "Étude de cas" || c.Blocs[1].Evaluation != "Oral, édité" || c.Blocs[2].Evaluation != "Projet" {
		t.Errorf("bloc evaluations %+v", c.Blocs)
	}
	// A new certification takes the published values.
	n := &domain.Certification{Published: domain.PublishedParams{JuryComposition: "j"}}
	domain.AdoptPublished(nil, n)
	if n.Params.JuryComposition != "j" {
		t.Errorf("new: %q", n.Params.JuryComposition)
	}
}
