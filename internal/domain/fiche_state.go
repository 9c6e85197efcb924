package domain

import "strings"

// FicheState is the state of a certification's fiche on a given day:
// active, ended (its registration end is past) or inactive (France
// Compétences marks it inactive, e.g. replaced by a successor).
type FicheState string

const (
	FicheActive   FicheState = "active"
	FicheEnded    FicheState = "ended"
	FicheInactive FicheState = "inactive"
)

// State is the fiche's state on day today. A fiche marked inactive by the
// export is inactive whatever its dates; otherwise it is ended from the
// day after its registration end.
func (c *Certification) State(today Date) FicheState {
	switch {
	case c.Active != nil && !*c.Active:
		return FicheInactive
	case !c.EndDate.IsZero() && today.After(c.EndDate):
		return FicheEnded
	}
	return FicheActive
}

// HabilitationLimit is the last day a habilitation or a convention on the
// certification may run: the delivery deadline (DATE_LIMITE_DELIVRANCE:
// candidates already engaged may still be certified until then, L6113-9)
// when the fiche gives one, else its registration end. Zero when neither is
// known.
func (c *Certification) HabilitationLimit() Date {
	if !c.DeliveryLimit.IsZero() && (c.EndDate.IsZero() || c.DeliveryLimit.After(c.EndDate)) {
		return c.DeliveryLimit
	}
	return c.EndDate
}

// limitText names the limit for messages: "its delivery deadline
// (2027-03-17)" or "its registration end (2026-03-17)".
func (c *Certification) limitText() string {
	l := c.HabilitationLimit()
	if l != c.EndDate {
		return "the delivery deadline of " + string(c.Code) + " (" + l.String() + ", for candidates already engaged, L6113-9)"
	}
	return string(c.Code) + "'s registration end (" + l.String() + ")"
}

// SuccessorText is " (replaced by RNCP42147)" when the export names
// successor fiches, else "".
func (c *Certification) SuccessorText() string {
	if len(c.Successors) == 0 {
		return ""
	}
	s := make([]string, len(c.Successors))
	for i, x := range c.Successors {
		s[i] = string(x)
	}
	return " (replaced by " + strings.Join(s, ", ") + ")"
}

// stateText says why a fiche is closed to new habilitations.
func (c *Certification) stateText(st FicheState) string {
	if st == FicheInactive {
		return string(c.Code) + " is marked inactive by France Compétences" + c.SuccessorText()
	}
	return string(c.Code) + "'s registration ended on " + c.EndDate.String() + c.SuccessorText()
}

// CheckFicheOpen refuses a habilitation (what: "habilitation") or a
// convention ("convention") running until to
// (zero: open-ended) on a fiche that is ended or inactive on day today,
// unless to is given and stays within the delivery deadline
// (HabilitationLimit): only candidates already engaged may still be
// certified (L6113-9). The message says why and names the successor fiche.
// An active fiche is not checked here (ValidateHabilitation checks its
// limit).
func CheckFicheOpen(c *Certification, what string, to, today Date) error {
	st := c.State(today)
	if st == FicheActive {
		return nil
	}
	limit := c.HabilitationLimit()
	code := "FICHE_ENDED"
	if st == FicheInactive {
		code = "FICHE_INACTIVE"
	}
	hint := ""
	if len(c.Successors) > 0 {
		hint = "habilitate on " + string(c.Successors[0]) + " instead"
	}
	if !limit.IsZero() && !today.After(limit) {
		if hint != "" {
			hint += ", or "
		}
		hint += "end it on or before " + limit.String() + " to let the candidates already engaged finish"
	} else if hint == "" {
		hint = "import the latest France Compétences export if the fiche was renewed ('habil certification import FILE')"
	}
	switch {
	case to.IsZero():
		return Conflict(code, "%s: a %s on it must end within %s", c.stateText(st), what, c.limitTextOr()).WithHint("%s", hint)
	case !limit.IsZero() && to.After(limit):
		return Conflict(code, "%s: a %s on it may not run past %s (asked: until %s)", c.stateText(st), what, c.limitText(), to).WithHint("%s", hint)
	}
	return nil
}

// limitTextOr is limitText, or "a date you give" when the fiche publishes
// no date at all.
func (c *Certification) limitTextOr() string {
	if c.HabilitationLimit().IsZero() {
		return "a given end date (--to)"
	}
	return c.limitText()
}

// Routes lists the access routes a habilitation covers on c: the
// routes it names, or when it names none every route open on the
// certification (all six when none is recorded), except the free-candidate
// route (CL) for a train-only habilitation: a free candidate is not trained.
func (h Habilitation) Routes(c *Certification) []Access { return CoveredRoutes(h.Scope, h.Access, c) }

// CoveredRoutes is Habilitation.Routes for a scope and a route list (a
// convention's terms: the scope text lists these routes).
func CoveredRoutes(scope Scope, access []Access, c *Certification) []Access {
	if len(access) > 0 {
		return append([]Access(nil), access...)
	}
	open := c.Access
	if len(open) == 0 {
		open = AllAccess
	}
	left, _ := LeftOutRoute(scope)
	var out []Access
	for _, a := range open {
		if left != "" && a == left {
			continue
		}
		out = append(out, a)
	}
	return out
}

// LeftOutRoute is the open route a habilitation or convention of scope does
// not cover when it names none, and why: the free-candidate route (CL) for
// a train-only scope; "" for the others, which cover every open route.
func LeftOutRoute(scope Scope) (route Access, why string) {
	if scope == ScopeTrain {
		return AccessCL, "free candidates are not trained"
	}
	return "", ""
}

// checkTrainOnCL refuses a train-only habilitation on the free-candidate
// route (when the route is open: a closed one is ACCESS_CLOSED).
func checkTrainOnCL(h Habilitation, c *Certification) *Error {
	if h.Scope != ScopeTrain || (len(c.Access) > 0 && !c.HasAccess(AccessCL)) {
		return nil
	}
	for _, a := range h.Access {
		if a == AccessCL {
			return Conflict("TRAIN_ON_CL", "a train-only habilitation cannot cover the free-candidate route (CL): a free candidate (candidature individuelle) is not trained").
				WithHint("leave CL out of --access, or habilitate to assess (--scope assess or both) for free candidates")
		}
	}
	return nil
}

// beyondLimit is the BEYOND_REGISTRATION problem of a habilitation from
// from to to (zero: open) on c, nil when it stays within HabilitationLimit.
func beyondLimit(c *Certification, from, to Date) *Error {
	limit := c.HabilitationLimit()
	if limit.IsZero() {
		return nil
	}
	if limit == c.EndDate {
		if from.After(limit) {
			return Invalid("BEYOND_REGISTRATION", "the habilitation starts after %s's registration ends (%s)", c.Code, c.EndDate)
		}
		if !to.IsZero() && to.After(limit) {
			return Invalid("BEYOND_REGISTRATION", "the habilitation ends %s, after %s's registration ends (%s)", to, c.Code, c.EndDate).
				WithHint("end it on or before %s", c.EndDate)
		}
		return nil
	}
	if from.After(limit) {
		return Invalid("BEYOND_REGISTRATION", "the habilitation starts after %s", c.limitText())
	}
	if !to.IsZero() && to.After(limit) {
		return Invalid("BEYOND_REGISTRATION", "the habilitation ends %s, after %s", to, c.limitText()).
			WithHint("end it on or before %s", limit)
	}
	return nil
}

// AdoptPublished merges what the certifier recorded on prev (the
// certification as stored, nil when new) into c, the fiche as a France
// Compétences export gives it: the certifier's parameters (Params) are
// kept, and the jury composition, the prerequisites and each bloc's
// evaluation modalities take the published value when the recorded one is
// empty or is the value published before (it was never edited); a value the
// certifier edited ('certification edit') is kept.
func AdoptPublished(prev, c *Certification) {
	follow := func(recorded, publishedBefore, published string) string {
		if recorded == "" || recorded == publishedBefore {
			return published
		}
		return recorded
	}
	var before PublishedParams
	old := map[string]Bloc{}
	if prev != nil {
		c.Params = prev.Params
		before = prev.Published
		for _, b := range prev.Blocs {
			old[b.Code] = b
		}
	}
	c.Params.JuryComposition = follow(c.Params.JuryComposition, before.JuryComposition, c.Published.JuryComposition)
	c.Params.Prerequisites = follow(c.Params.Prerequisites, before.Prerequisites, c.Published.Prerequisites)
	for i := range c.Blocs {
		b := &c.Blocs[i]
		o := old[b.Code]
		b.Evaluation = follow(o.Evaluation, o.PublishedEvaluation, b.PublishedEvaluation)
	}
}
