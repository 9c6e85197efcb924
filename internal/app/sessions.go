package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// This file holds the session use cases: create, edit, list, show, and the
// session log (incident, evidence, appeal). Enrolment is in
// session_enroll.go.

// SessionCreate is a request to create a session.
type SessionCreate struct {
	Certification domain.CertCode
	Partner       domain.SIRET // the organiser: a partner, or the certifier's own SIRET
	Date, EndDate domain.Date
	Place         string
	PostalCode    string
	Mode          domain.ExamMode
	Jury          []string // "NAME, ROLE"
}

// SessionSaved is a session created or edited, with the warnings of the
// rules (jury composition).
type SessionSaved struct {
	Session  *domain.Session
	Warnings []string
}

// partnerOrNil reads a partner, nil when it is not in the register.
func partnerOrNil(r domain.Reader, siret domain.SIRET) (*domain.Partner, error) {
	p, err := r.Partner(siret)
	if domain.KindOf(err) == domain.KindNotFound {
		return nil, nil
	}
	return p, err
}

// checkSessionFields checks the session's own fields (texts, postal code,
// dates order, jury members).
func checkSessionFields(s *domain.Session) error {
	s.Place, s.PostalCode = strings.TrimSpace(s.Place), strings.Join(strings.Fields(s.PostalCode), "")
	if err := domain.CleanText("the place", s.Place); err != nil {
		return err
	}
	if s.PostalCode != "" && (len(s.PostalCode) != 5 || strings.Trim(s.PostalCode, "0123456789") != "") {
		return domain.Invalid("POSTAL_CODE", "%q is not a postal code: 5 digits", s.PostalCode)
	}
	if !s.EndDate.IsZero() && s.EndDate.Before(s.Date) {
		return domain.Invalid("DATES_ORDER", "the session ends (%s) before it starts (%s)", s.EndDate, s.Date)
	}
	for i, m := range s.Jury {
		m = strings.TrimSpace(m)
		if err := domain.CleanText("a jury member", m); err != nil {
			return err
		}
		if m == "" {
			return domain.Invalid("JURY_EMPTY", "a jury member is empty: give \"NAME, ROLE\"")
		}
		s.Jury[i] = m
	}
	return nil
}

// checkOrganiser applies the organiser and date rules to s.
func checkOrganiser(r domain.Reader, s *domain.Session) (*domain.Certification, error) {
	cert, err := r.Certification(s.Certification)
	if err != nil {
		return nil, err
	}
	me, err := r.Certifier()
	if err != nil {
		return nil, err
	}
	if err := domain.CheckSessionDate(cert, s.Date); err != nil {
		return nil, err
	}
	p, err := partnerOrNil(r, s.Partner)
	if err != nil {
		return nil, err
	}
	if _, err := domain.CheckOrganiser(cert, me.SIRET, s.Partner, p, s.Date); err != nil {
		return nil, err
	}
	return cert, nil
}

// CreateSession records a session of a certification organised by a
// partner habilitated to assess at the session date, or by the certifier
// itself (its own SIRET as Partner).
func (a *App) CreateSession(ctx context.Context, req SessionCreate) (*SessionSaved, error) {
	s := &domain.Session{Certification: req.Certification, Partner: req.Partner, Date: req.Date, EndDate: req.EndDate,
		Place: req.Place, PostalCode: req.PostalCode, Mode: req.Mode, Jury: append([]string(nil), req.Jury...)}
	if s.Date.IsZero() {
		return nil, domain.Invalid("SESSION_DATE", "the session date is missing").WithHint("give --date YYYY-MM-DD")
	}
	if err := checkSessionFields(s); err != nil {
		return nil, err
	}
	out := &SessionSaved{Session: s}
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		cert, err := checkOrganiser(tx, s)
		if err != nil {
			return err
		}
		out.Warnings = domain.CheckJury(cert, s.Jury)
		if err := tx.CreateSession(s); err != nil {
			return err
		}
		created, err := tx.Session(s.ID)
		if err != nil {
			return err
		}
		out.Session = created
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SessionEdit changes a session's own fields; nil fields are kept.
type SessionEdit struct {
	ID         int64
	Date       *domain.Date
	EndDate    *domain.Date
	Place      *string
	PostalCode *string
	Mode       *domain.ExamMode
	Jury       []string // nil: kept; given: replaces the jury
}

// EditSession changes a session's date, place, postal code, mode or jury.
// A new date is checked again against the organiser's habilitation; the
// date of a session whose jury deliberated no longer changes.
func (a *App) EditSession(ctx context.Context, req SessionEdit) (*SessionSaved, error) {
	out := &SessionSaved{}
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		before, err := tx.Session(req.ID)
		if err != nil {
			return err
		}
		after := *before
		after.Jury = append([]string(nil), before.Jury...)
		if req.Date != nil {
			after.Date = *req.Date
		}
		if req.EndDate != nil {
			after.EndDate = *req.EndDate
		}
		if req.Place != nil {
			after.Place = *req.Place
		}
		if req.PostalCode != nil {
			after.PostalCode = *req.PostalCode
		}
		if req.Mode != nil {
			after.Mode = *req.Mode
		}
		if req.Jury != nil {
			after.Jury = append([]string(nil), req.Jury...)
		}
		if err := checkSessionFields(&after); err != nil {
			return err
		}
		if after.Date != before.Date || after.EndDate != before.EndDate {
			if !before.JuryDate.IsZero() {
				return domain.Conflict("SESSION_JURY_CLOSED", "the jury of session %d deliberated on %s: its dates no longer change", before.ID, before.JuryDate)
			}
			if _, err := checkOrganiser(tx, &after); err != nil {
				return err
			}
		}
		cert, err := tx.Certification(after.Certification)
		if err != nil {
			return err
		}
		if req.Jury != nil {
			out.Warnings = domain.CheckJury(cert, after.Jury)
		}
		if err := tx.UpdateSession("edit", before, &after); err != nil {
			return err
		}
		out.Session = &after
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SessionListRequest selects sessions; Status filters on the status at At.
type SessionListRequest struct {
	Filter domain.SessionFilter
	Status domain.SessionStatus
	At     domain.Date
}

// ParseSessionStatus reads a status of 'session list --status'.
func ParseSessionStatus(s string) (domain.SessionStatus, error) {
	for _, st := range domain.SessionStatuses {
		if domain.Fold(s) == domain.Fold(string(st)) {
			return st, nil
		}
	}
	var names []string
	for _, st := range domain.SessionStatuses {
		names = append(names, string(st))
	}
	return "", domain.Invalid("SESSION_STATUS", "%q is not a session status: use %s", s, strings.Join(names, ", "))
}

// ListSessions lists sessions by date (with their counts).
func (a *App) ListSessions(ctx context.Context, req SessionListRequest) ([]*domain.Session, error) {
	at := a.orToday(req.At)
	var out []*domain.Session
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		l, err := r.Sessions(req.Filter)
		for _, s := range l {
			if req.Status == "" || s.Status(at) == req.Status {
				out = append(out, s)
			}
		}
		return err
	})
	return out, err
}

// Session reads one session with its candidates and log.
func (a *App) Session(ctx context.Context, id int64) (*domain.Session, error) {
	var out *domain.Session
	err := a.Store.Read(ctx, func(r domain.Reader) (err error) {
		out, err = r.Session(id)
		return err
	})
	return out, err
}

// addEvent stores a log entry of session id after check (nil: none).
func (a *App) addEvent(ctx context.Context, e *domain.SessionEvent, check func(s *domain.Session) error) error {
	return a.Store.Update(ctx, func(tx domain.Tx) error {
		s, err := tx.Session(e.SessionID)
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(s); err != nil {
				return err
			}
		}
		return tx.AddSessionEvent(e)
	})
}

func (a *App) eventDate(d domain.Date) (domain.Date, error) {
	if d.IsZero() {
		return a.Today(), nil
	}
	if d.After(a.Today()) {
		return d, domain.Conflict("DATE_FUTURE", "%s is in the future (today is %s): record what happened, when it happened", d, a.Today())
	}
	return d, nil
}

// SessionIncident records an anomaly of a session (date zero: today).
func (a *App) SessionIncident(ctx context.Context, id int64, date domain.Date, text string) (*domain.SessionEvent, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, domain.Invalid("TEXT_MISSING", "say what happened with --text")
	}
	text, err := domain.CleanLines("the incident", text)
	if err != nil {
		return nil, err
	}
	d, err := a.eventDate(date)
	if err != nil {
		return nil, err
	}
	e := &domain.SessionEvent{SessionID: id, Kind: domain.EventIncident, Date: d, Text: text}
	return e, a.addEvent(ctx, e, nil)
}

// SessionEvidence records files kept as proof (attendance sheets,
// minutes) by path, SHA-256 and size, so that a later audit can prove a
// file unchanged. A missing file refuses them all (exit 1).
func (a *App) SessionEvidence(ctx context.Context, id int64, date domain.Date, paths []string) ([]*domain.SessionEvent, error) {
	if len(paths) == 0 {
		return nil, domain.Invalid("FILE_MISSING", "give at least one file")
	}
	d, err := a.eventDate(date)
	if err != nil {
		return nil, err
	}
	var events []*domain.SessionEvent
	for _, p := range paths {
		sum, size, err := fileDigest(p)
		if err != nil {
			return nil, err
		}
		events = append(events, &domain.SessionEvent{SessionID: id, Kind: domain.EventEvidence, Date: d, Path: p, SHA256: sum, Size: size})
	}
	err = a.Store.Update(ctx, func(tx domain.Tx) error {
		if _, err := tx.Session(id); err != nil {
			return err
		}
		for _, e := range events {
			if err := tx.AddSessionEvent(e); err != nil {
				return err
			}
		}
		return nil
	})
	return events, err
}

// fileDigest returns the SHA-256 (hex) and size of a regular file.
func fileDigest(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", 0, domain.NotFound("%s does not exist", path).WithHint("check the path of the evidence file")
		}
		return "", 0, domain.Errorf(domain.KindNotFound, "FILE_UNREADABLE", "cannot read %s: %v", path, pathErr(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return "", 0, domain.Errorf(domain.KindNotFound, "FILE_UNREADABLE", "%s is a folder: give the files themselves", path)
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, domain.Errorf(domain.KindNotFound, "FILE_UNREADABLE", "cannot read %s: %v", path, pathErr(err))
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// SessionAppeal is an appeal against a jury decision.
type SessionAppeal struct {
	ID          int64
	Candidate   string // "BIRTHNAME;FIRSTNAME;DATE" or a certificate number
	Date        domain.Date
	Text        string
	Outcome     string
	OutcomeDate domain.Date
}

// FindEnrollment finds the enrolment of a session a key designates:
// "BIRTH NAME;FIRST NAME;DD/MM/YYYY" (names compared without accents or
// case) or the number of a certificate delivered at the session.
func FindEnrollment(s *domain.Session, key string) (*domain.Enrollment, error) {
	key = strings.TrimSpace(key)
	parts := strings.Split(key, ";")
	if len(parts) == 3 {
		d, err := domain.ParseDate(parts[2])
		if err != nil {
			return nil, err
		}
		k := domain.CandidateKey(parts[0], parts[1], d)
		for _, e := range s.Enrollments {
			if e.Candidate.Key() == k {
				return e, nil
			}
		}
		return nil, domain.NotFound("%s %s born on %s is not enrolled in session %d", strings.TrimSpace(parts[1]), strings.TrimSpace(parts[0]), d, s.ID).
			WithHint("see the candidates with 'habil session show %d'", s.ID)
	}
	if len(parts) != 1 || key == "" {
		return nil, domain.Invalid("CANDIDATE_KEY", "%q designates no candidate: give \"BIRTH NAME;FIRST NAME;DD/MM/YYYY\" or a certificate number", key)
	}
	for _, e := range s.Enrollments {
		for _, c := range e.Certificates {
			if strings.EqualFold(c.Number, key) {
				return e, nil
			}
		}
	}
	return nil, domain.NotFound("no certificate %s was delivered at session %d", key, s.ID).
		WithHint("give the candidate as \"BIRTH NAME;FIRST NAME;DD/MM/YYYY\"")
}

// RecordAppeal records an appeal against the jury decision on a candidate
// of the session, with its outcome when known.
func (a *App) RecordAppeal(ctx context.Context, req SessionAppeal) (*domain.SessionEvent, error) {
	text, err := domain.CleanLines("the appeal", strings.TrimSpace(req.Text))
	if err != nil {
		return nil, err
	}
	if text == "" {
		return nil, domain.Invalid("TEXT_MISSING", "say what the appeal contests with --text")
	}
	outcome, err := domain.CleanLines("the outcome", strings.TrimSpace(req.Outcome))
	if err != nil {
		return nil, err
	}
	d, err := a.eventDate(req.Date)
	if err != nil {
		return nil, err
	}
	if !req.OutcomeDate.IsZero() && req.OutcomeDate.Before(d) {
		return nil, domain.Invalid("DATES_ORDER", "the outcome (%s) comes before the appeal (%s)", req.OutcomeDate, d)
	}
	if !req.OutcomeDate.IsZero() && outcome == "" {
		return nil, domain.Invalid("OUTCOME_MISSING", "an outcome date without an outcome: give --outcome TEXT")
	}
	e := &domain.SessionEvent{SessionID: req.ID, Kind: domain.EventAppeal, Date: d, Text: text, Outcome: outcome, OutcomeDate: req.OutcomeDate}
	err = a.addEvent(ctx, e, func(s *domain.Session) error {
		en, err := FindEnrollment(s, req.Candidate)
		if err != nil {
			return err
		}
		e.EnrollmentID = en.ID
		return nil
	})
	return e, err
}
