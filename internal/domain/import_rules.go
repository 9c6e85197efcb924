package domain

import "strings"

// HabilitationProblems checks a habilitation against its certification like
// ValidateHabilitation, but returns every problem instead of the first one
// (an import lists all the errors of a row): each bloc that does not belong
// to the certification, each route that is not open on it, a missing start,
// reversed dates, a period beyond the registration. Nil when h is valid.
func HabilitationProblems(h Habilitation, c *Certification) []*Error {
	var out []*Error
	if h.Certification != c.Code {
		return append(out, Invalid("CERTIFICATION", "habilitation for %s checked against %s", h.Certification, c.Code))
	}
	if c.Code.Register() == RS && len(h.Blocs) > 0 {
		out = append(out, Invalid("BLOC_ON_RS", "%s is an RS certification: it has no blocs", c.Code))
	} else {
		for _, b := range h.Blocs {
			if c.HasBloc(b) {
				continue
			}
			codes := make([]string, len(c.Blocs))
			for i, x := range c.Blocs {
				codes[i] = x.Code
			}
			msg := "it has no blocs recorded"
			if len(codes) > 0 {
				msg = "its blocs are " + strings.Join(codes, ", ")
			}
			out = append(out, Invalid("BLOC_UNKNOWN", "bloc %s does not belong to %s: %s", b, c.Code, msg))
		}
	}
	if len(c.Access) > 0 {
		for _, a := range h.Access {
			if !c.HasAccess(a) {
				out = append(out, Invalid("ACCESS_CLOSED", "access route %s is not open on %s (open routes: %s)", a, c.Code, AccessCodes(c.Access)))
			}
		}
	}
	if h.From.IsZero() {
		out = append(out, Invalid("FROM_MISSING", "the habilitation has no start date"))
	}
	if !h.From.IsZero() && !h.To.IsZero() && h.To.Before(h.From) {
		out = append(out, Invalid("DATES_ORDER", "the habilitation ends (%s) before it starts (%s)", h.To, h.From))
	}
	if e := beyondLimit(c, h.From, h.To); e != nil {
		out = append(out, e)
	}
	if e := checkTrainOnCL(h, c); e != nil {
		out = append(out, e)
	}
	return out
}

// ImportedStatus is the status rule of a partner import. given is the
// status the file gives ("" when it gives none) and inForce says whether
// one of the file's habilitations for the partner is in force at the
// import date.
//
// A new partner (exists false) is recorded as active when the file says so
// or, giving no status, carries a habilitation in force; otherwise as a
// prospect. An existing partner keeps its status (current) unless the file
// gives another one, or it is a prospect and the file gives it a
// habilitation in force: it then becomes active.
//
// initial is the status the partner is recorded or kept with; target the
// status it must end with. When they differ, the import changes the status
// (the transition must be allowed: CanTransition).
func ImportedStatus(exists bool, current, given PartnerStatus, inForce bool) (initial, target PartnerStatus) {
	if !exists {
		initial = StatusProspect
		if given == StatusActive || (given == "" && inForce) {
			initial = StatusActive
		}
	} else {
		initial = current
	}
	target = initial
	switch {
	case given != "":
		target = given
	case exists && inForce && current == StatusProspect:
		target = StatusActive
	}
	return initial, target
}

// CheckStatusDate refuses a status change dated before the partner's last
// one (since), except the first change after the partner was recorded
// (firstChange): the recording's date is then moved back to it. It returns
// whether the recording must be moved back.
func CheckStatusDate(current PartnerStatus, since, date Date, firstChange bool) (backdate bool, err error) {
	backdate = firstChange && date.Before(since)
	if !backdate && !since.IsZero() && date.Before(since) {
		return false, Conflict("STATUS_DATE", "the change is dated %s, before the partner's last status change (%s on %s)", date, current, since).
			WithHint("give a --date on or after %s", since)
	}
	return backdate, nil
}
