package domain

import (
	"fmt"
	"slices"
	"strings"
)

// This file holds the rules of sessions and enrolments: who may organise a
// session of a certification on a date, which candidates it may enrol
// (route, blocs, registration end), R6113-16-4 2° and the jury.

// Organiser is who organises a session, as the rules see it: the
// certifier itself, or a partner with the habilitation that lets it.
type Organiser struct {
	Certifier    bool          // the certifier organises (its own SIRET)
	Partner      *Partner      // nil for the certifier
	Habilitation *Habilitation // the assess|both habilitation in force at the session date; nil for the certifier
}

// habilitationAt returns p's habilitation on cert in force on date whose
// scope satisfies ok (nil when none).
func habilitationAt(p *Partner, cert CertCode, date Date, ok func(Scope) bool) *Habilitation {
	if p == nil {
		return nil
	}
	for i := range p.Habilitations {
		h := &p.Habilitations[i]
		if h.Certification == cert && h.InForce(date) && ok(h.Scope) {
			return h
		}
	}
	return nil
}

// CheckSessionDate refuses a session after the certification's delivery
// deadline (HabilitationLimit): after the registration end only candidates
// registered before it may still sit, until DATE_LIMITE_DELIVRANCE.
func CheckSessionDate(c *Certification, date Date) error {
	limit := c.HabilitationLimit()
	if !limit.IsZero() && date.After(limit) {
		return Conflict("SESSION_BEYOND_REGISTRATION", "a session of %s on %s is past %s", c.Code, date, c.limitText()).
			WithHint("no certificate can be delivered after it%s", c.SuccessorText())
	}
	return nil
}

// CheckOrganiser says whether siret may organise a session of c on date:
// the certifier (its own SIRET) always may; a partner needs an assess or
// both habilitation on c in force at that date (train only cannot). p is
// the partner (nil when siret is not in the register).
func CheckOrganiser(c *Certification, certifier SIRET, siret SIRET, p *Partner, date Date) (Organiser, error) {
	if siret == certifier && certifier != "" {
		return Organiser{Certifier: true}, nil
	}
	if p == nil {
		return Organiser{}, NotFound("%s is neither a partner nor the certifier", siret.Formatted()).
			WithHint("add the partner first ('habil partner add'), or give the certifier's own SIRET (%s) for a session it organises", certifier)
	}
	if h := habilitationAt(p, c.Code, date, Scope.Assesses); h != nil {
		return Organiser{Partner: p, Habilitation: h}, nil
	}
	if h := habilitationAt(p, c.Code, date, Scope.Trains); h != nil {
		return Organiser{}, Conflict("SESSION_ORGANISER_TRAIN_ONLY", "%s (%s) is habilitated to train only on %s: it cannot organise the assessment",
			p.Name, p.SIRET.Formatted(), c.Code).
			WithHint("the certifier may organise the session itself (--partner %s) with the candidates this partner trained, or habilitate the partner with --scope both", certifier)
	}
	var periods []string
	for _, h := range p.Habilitations {
		if h.Certification == c.Code && h.Scope.Assesses() {
			periods = append(periods, h.Period())
		}
	}
	if len(periods) > 0 {
		return Organiser{}, Conflict("SESSION_PARTNER_NOT_HABILITATED", "%s (%s) is not habilitated to assess %s on %s (its habilitation: %s)",
			p.Name, p.SIRET.Formatted(), c.Code, date, strings.Join(periods, ", ")).
			WithHint("hold the session within the habilitation, or renew it ('habil partner habilitate')")
	}
	return Organiser{}, Conflict("SESSION_PARTNER_NOT_HABILITATED", "%s (%s) holds no habilitation to assess %s", p.Name, p.SIRET.Formatted(), c.Code).
		WithHint("habilitate it first: habil partner habilitate %s --certification %s --scope assess --from D", p.SIRET, c.Code)
}

// EnrollmentCheck is what CheckEnrollment needs besides the enrolment.
type EnrollmentCheck struct {
	Cert      *Certification
	Session   *Session
	Organiser Organiser
	// Trainer is the partner named as having trained the candidate
	// (Enrollment.TrainedBy; nil when none or not in the register).
	Trainer *Partner
}

// CheckEnrollment checks one enrolment against the certification and the
// habilitation: the route open on the certification and within the
// habilitation's routes (for a session the certifier organises: within the
// training partner's habilitation when one is given), the targeted blocs
// within the certification and the habilitation's blocs, the VAE type, the
// registration end (a session after it only for candidates registered
// before it), and, when the certifier organises, the training partner
// (required except for free candidates and VAE). It returns the refusals
// (by field) and the warnings (R6113-16-4 2°).
func CheckEnrollment(x EnrollmentCheck, e *Enrollment) (problems []FieldProblem, warnings []string) {
	c, s := x.Cert, x.Session
	add := func(field string, err *Error) { problems = append(problems, FieldProblem{field, err}) }
	hab := x.Organiser.Habilitation
	habOwner := x.Organiser.Partner
	if e.TrainedBy != "" && e.TrainedBy != s.Partner {
		switch {
		case x.Trainer == nil:
			add("trained_by", Conflict("TRAINER_UNKNOWN", "%s (training organisation) is not in the partner register", e.TrainedBy.Formatted()).
				WithHint("add the partner first, or leave the cell empty when the organiser trained the candidate"))
		default:
			th := habilitationAt(x.Trainer, c.Code, s.Date, Scope.Trains)
			if th == nil {
				add("trained_by", Conflict("TRAINER_NOT_HABILITATED", "%s (%s) is not habilitated to train for %s on %s",
					x.Trainer.Name, x.Trainer.SIRET.Formatted(), c.Code, s.Date))
			} else {
				if x.Organiser.Certifier {
					hab, habOwner = th, x.Trainer
				}
				if th.Scope == ScopeBoth {
					warnings = append(warnings, fmt.Sprintf("%s is trained by %s (%s), habilitated to train and assess %s: R6113-16-4 2° wants its trainees assessed in its own sessions",
						e.Candidate.FullName(), x.Trainer.Name, x.Trainer.SIRET.Formatted(), c.Code))
				}
			}
		}
	} else if x.Organiser.Certifier && e.Access != AccessCL && e.Access != AccessVAE {
		add("trained_by", Conflict("TRAINER_MISSING", "the certifier organises this session: give the SIRET of the partner that trained %s", e.Candidate.FullName()).
			WithHint("fill the 'organisme de formation' column (free candidates and VAE need none)"))
	}
	if e.Access != "" {
		if len(c.Access) > 0 && !c.HasAccess(e.Access) {
			add("access", Conflict("ACCESS_CLOSED", "the route %s is not open on %s (open: %s)", e.Access, c.Code, AccessCodes(c.Access)))
		} else if hab != nil && !slices.Contains(hab.Routes(c), e.Access) {
			add("access", Conflict("ACCESS_NOT_HABILITATED", "%s is not habilitated for the route %s on %s (its routes: %s)",
				habOwner.Name, e.Access, c.Code, AccessCodes(hab.Routes(c))))
		}
	}
	for _, b := range e.Blocs {
		switch {
		case !c.HasBloc(b):
			add("blocs", Conflict("BLOC_UNKNOWN", "%s is not a bloc of %s", b, c.Code))
		case hab != nil && len(hab.Blocs) > 0 && !slices.Contains(hab.Blocs, b):
			add("blocs", Conflict("BLOC_NOT_HABILITATED", "%s is not habilitated for the bloc %s (its blocs: %s)", habOwner.Name, b, strings.Join(hab.Blocs, ", ")))
		}
	}
	if len(e.Blocs) == 0 && hab != nil && len(hab.Blocs) > 0 {
		add("blocs", Conflict("BLOC_NOT_HABILITATED", "%s is habilitated only for the blocs %s of %s: list the targeted blocs",
			habOwner.Name, strings.Join(hab.Blocs, ", "), c.Code))
	}
	switch {
	case e.Access == AccessVAE && e.VAEType == "":
		add("vae_type", Invalid("VAE_TYPE_MISSING", "a VAE candidate needs the VAE type: \"conge vae\" or \"vae classique\""))
	case e.Access != AccessVAE && e.Access != "" && e.VAEType != "":
		add("vae_type", Invalid("VAE_TYPE_NOT_VAE", "a VAE type is given for the route %s: only VAE candidates have one", e.Access))
	}
	if !c.EndDate.IsZero() && s.Date.After(c.EndDate) {
		switch {
		case e.RegisteredOn.IsZero():
			add("registered_on", Conflict("REGISTERED_AFTER_END", "the session (%s) is after %s's registration end (%s): give the registration date, before the end, of the candidates already engaged",
				s.Date, c.Code, c.EndDate))
		case e.RegisteredOn.After(c.EndDate):
			add("registered_on", Conflict("REGISTERED_AFTER_END", "registered on %s, after %s's registration end (%s): only candidates registered before it may still sit (L6113-9)",
				e.RegisteredOn, c.Code, c.EndDate))
		}
	}
	return problems, warnings
}

// CheckJury compares the jury members ("NAME, ROLE") with the jury
// composition recorded for the certification. It is lenient and returns
// warnings only: a member without a role, and, when the composition
// speaks of professionals ("professionnel"), a jury where no member's role
// says so. Nothing is checked without a recorded composition.
func CheckJury(c *Certification, jury []string) []string {
	if len(jury) == 0 {
		return nil
	}
	var out []string
	roles := ""
	for _, m := range jury {
		name, role, ok := strings.Cut(m, ",")
		if !ok || strings.TrimSpace(role) == "" {
			out = append(out, fmt.Sprintf("jury member %q has no role: write \"NAME, ROLE\" (e.g. \"Anne Roy, professionnelle du secteur\")", strings.TrimSpace(name)))
			continue
		}
		roles += " " + Fold(role)
	}
	comp := Fold(c.Params.JuryComposition)
	if comp == "" {
		return out
	}
	if strings.Contains(comp, "profession") && !strings.Contains(roles, "profession") {
		out = append(out, fmt.Sprintf("the jury composition of %s names professionals, and no member's role says so: %s", c.Code, c.Params.JuryComposition))
	}
	return out
}

// CheckEnrollOpen refuses enrolling into a session whose jury has
// deliberated or whose certificates are delivered.
func CheckEnrollOpen(s *Session) error {
	switch {
	case !s.DeliveredOn.IsZero():
		return Conflict("SESSION_DELIVERED", "session %d was delivered on %s: no more candidates can be enrolled", s.ID, s.DeliveredOn).
			WithHint("create another session ('habil session create')")
	case !s.JuryDate.IsZero():
		return Conflict("SESSION_JURY_CLOSED", "the jury of session %d deliberated on %s: no more candidates can be enrolled", s.ID, s.JuryDate).
			WithHint("create another session ('habil session create')")
	}
	return nil
}
