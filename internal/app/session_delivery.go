package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/report"
)

// This file holds the end of a session's life: the jury closes it
// ('session close'), its minutes are printed ('session pv'), the
// certificates and bloc attestations are delivered ('session deliver'),
// and one can be reprinted as a duplicate ('session duplicate').

// CloseResult is what 'session close' recorded.
type CloseResult struct {
	Session *domain.Session
	// ByScore: the certification is obtained by a score, and the date is
	// the validation of the scores, not a jury deliberation.
	ByScore bool
}

// CloseSession records the jury's deliberation (or, for a certification
// obtained by a score, the validation of the scores) on juryDate: every
// enrolled candidate needs a result, and the date is neither before the
// session's last day nor after at (zero: today).
func (a *App) CloseSession(ctx context.Context, id int64, juryDate, at domain.Date) (*CloseResult, error) {
	today := a.orToday(at)
	res := &CloseResult{}
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		s, err := tx.Session(id)
		if err != nil {
			return err
		}
		cert, err := tx.Certification(s.Certification)
		if err != nil {
			return err
		}
		res.ByScore = cert.Params.ByScore()
		switch s.Status(today) {
		case domain.SessionJuryClosed, domain.SessionDelivered:
			return domain.Conflict("SESSION_CLOSED", "session %d is already closed (jury of %s)", id, s.JuryDate).
				WithHint("the jury's decision stands; a correction is an appeal: habil session appeal %d …", id)
		}
		if s.Enrolled == 0 {
			return domain.Conflict("SESSION_EMPTY", "session %d has no enrolled candidate: there is nothing for a jury to decide", id).
				WithHint("enrol the candidates first: habil session enroll %d FILE", id)
		}
		if missing := s.Enrolled - s.WithResult; missing > 0 {
			return domain.Conflict("RESULTS_MISSING", "session %d: %d of %d enrolled candidates have no result yet", id, missing, s.Enrolled).
				WithHint("record every result first: habil session results %d FILE (absent candidates too)", id)
		}
		if juryDate.Before(s.LastDay()) {
			return domain.Conflict("JURY_DATE", "the jury date %s is before the session's last day %s", juryDate, s.LastDay()).
				WithHint("the jury deliberates after the exams: give a date on or after %s", s.LastDay())
		}
		if juryDate.After(today) {
			return domain.Conflict("JURY_DATE", "the jury date %s is in the future (today is %s)", juryDate, today).
				WithHint("record the deliberation once it has taken place")
		}
		after := *s
		after.JuryDate = juryDate
		if err := tx.UpdateSession("close", s, &after); err != nil {
			return err
		}
		res.Session = &after
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// sessionFile is everything a session's documents print.
type sessionFile struct {
	session   *domain.Session
	cert      *domain.Certification
	certifier domain.Certifier
}

func readSessionFile(r domain.Reader, id int64) (*sessionFile, error) {
	s, err := r.Session(id)
	if err != nil {
		return nil, err
	}
	sf := &sessionFile{session: s}
	if sf.cert, err = r.Certification(s.Certification); err != nil {
		return nil, err
	}
	if sf.certifier, err = r.Certifier(); err != nil {
		return nil, err
	}
	return sf, nil
}

// sessionPriorBlocs returns, by enrolment id, the blocs the candidates of
// session s acquired in earlier sessions of its certification.
func sessionPriorBlocs(r domain.Reader, s *domain.Session) (map[int64][]string, error) {
	var ids []int64
	for _, e := range s.Enrollments {
		ids = append(ids, e.Candidate.ID)
	}
	byCand, err := priorBlocs(r, s, ids)
	if err != nil {
		return nil, err
	}
	out := map[int64][]string{}
	for _, e := range s.Enrollments {
		if b := byCand[e.Candidate.ID]; len(b) > 0 {
			out[e.ID] = b
		}
	}
	return out, nil
}

// PriorBlocs returns, by enrolment id, the blocs the candidates of session
// s (as read by Session) acquired in earlier sessions of its
// certification ('session show': "blocs acquis antérieurement").
func (a *App) PriorBlocs(ctx context.Context, s *domain.Session) (map[int64][]string, error) {
	var out map[int64][]string
	err := a.Store.Read(ctx, func(r domain.Reader) (err error) {
		out, err = sessionPriorBlocs(r, s)
		return err
	})
	return out, err
}

// MinutesResult is what 'session pv' wrote.
type MinutesResult struct {
	Path  string
	Draft bool // the jury has not closed the session: the minutes are a draft marked PROJET
	Rendered
}

// SessionMinutesPDF writes the jury minutes of a session to out, mode
// 0600 (candidates' personal data). Before the jury closes the session the
// minutes are a draft, marked PROJET and dated today, for the jury to work
// on; after, they are dated the jury's decision and reprint identically.
func (a *App) SessionMinutesPDF(ctx context.Context, id int64, out string, r Renderer) (*MinutesResult, error) {
	var sf *sessionFile
	var prior map[int64][]string
	if err := a.Store.Read(ctx, func(rd domain.Reader) error {
		var err error
		if sf, err = readSessionFile(rd, id); err != nil {
			return err
		}
		prior, err = sessionPriorBlocs(rd, sf.session)
		return err
	}); err != nil {
		return nil, err
	}
	logo, err := a.Logo()
	if err != nil {
		return nil, err
	}
	s := sf.session
	draft := s.JuryDate.IsZero()
	at := s.JuryDate
	if draft {
		at = a.Today()
	}
	doc := report.SessionMinutes(report.MinutesInput{Certifier: sf.certifier, Certification: sf.cert, Session: s, Prior: prior,
		Draft: draft, At: at, Logo: logo})
	rendered, err := RenderFile(out, ModePersonal, dated(r, at), doc)
	if err != nil {
		return nil, err
	}
	return &MinutesResult{Path: out, Draft: draft, Rendered: rendered}, nil
}

// DeliverRequest is one 'session deliver'.
type DeliverRequest struct {
	SessionID int64
	Date      domain.Date // delivery date
	Dir       string      // output folder ("": session-ID in the current folder)
	At        domain.Date // "today": the delivery date is not after it (zero: today)
}

// DeliverResult is what 'session deliver' did.
type DeliverResult struct {
	Session      *domain.Session
	Dir          string
	Certificates []domain.Certificate // in enrolment order, certificates and attestations
	Rendered
}

// DeliverSession delivers a closed session: a numbered certificate for
// each admitted candidate and a bloc attestation for each failed candidate
// who validated at least one bloc, one PDF each (mode 0600) in the output
// folder, and the delivery date. The numbers and the date are recorded in
// one transaction that commits only once every file is written: if a file
// cannot be written, nothing is recorded and the files already written are
// removed. A session is delivered once.
func (a *App) DeliverSession(ctx context.Context, req DeliverRequest, r Renderer) (*DeliverResult, error) {
	today := a.orToday(req.At)
	dir := req.Dir
	if dir == "" {
		dir = fmt.Sprintf("session-%d", req.SessionID)
	}
	logo, err := a.Logo()
	if err != nil {
		return nil, err
	}
	res := &DeliverResult{Dir: dir}
	err = a.Store.Update(ctx, func(tx domain.Tx) error {
		sf, err := readSessionFile(tx, req.SessionID)
		if err != nil {
			return err
		}
		s := sf.session
		switch {
		case !s.DeliveredOn.IsZero():
			return domain.Conflict("SESSION_DELIVERED", "session %d was already delivered on %s: a session is delivered once", s.ID, s.DeliveredOn).
				WithHint("reprint one certificate with habil session duplicate NUMBER --out FILE.pdf")
		case s.JuryDate.IsZero():
			return domain.Conflict("SESSION_NOT_CLOSED", "session %d has no jury decision yet: certificates follow the jury", s.ID).
				WithHint("record the deliberation first: habil session close %d --jury-date D", s.ID)
		case req.Date.Before(s.JuryDate):
			return domain.Conflict("DELIVERY_DATE", "the delivery date %s is before the jury's decision of %s", req.Date, s.JuryDate).
				WithHint("give a date on or after %s", s.JuryDate)
		case req.Date.After(today):
			return domain.Conflict("DELIVERY_DATE", "the delivery date %s is in the future (today is %s)", req.Date, today).
				WithHint("deliver on the day the certificates are issued")
		}
		var docs []NamedDocument
		for _, e := range s.Enrollments {
			kind := domain.KindCertificate
			var blocs []string
			switch {
			case e.Result == domain.ResultAdmitted:
				blocs = e.BlocsValidated
			case e.Result == domain.ResultFailed && len(e.BlocsValidated) > 0:
				kind, blocs = domain.KindAttestation, e.BlocsValidated
			default:
				continue
			}
			c := domain.Certificate{Kind: kind, EnrollmentID: e.ID, Certification: s.Certification, Year: req.Date.Year(),
				Blocs: blocs, JuryDate: s.JuryDate, IssuedOn: req.Date}
			if err := tx.AddCertificate(&c); err != nil {
				return err
			}
			res.Certificates = append(res.Certificates, c)
			docs = append(docs, NamedDocument{Name: c.Number + ".pdf", Date: req.Date,
				Doc: report.CertificateDoc(report.CertificateInput{Certifier: sf.certifier, Certification: sf.cert, Candidate: e.Candidate,
					Certificate: c, Mention: e.Mention, Logo: logo})})
		}
		after := *s
		after.DeliveredOn = req.Date
		if err := tx.UpdateSession("deliver", s, &after); err != nil {
			return err
		}
		res.Session = &after
		if st, err := os.Stat(dir); err == nil && !st.IsDir() {
			return domain.Conflict("OUT_NOT_FOLDER", "%s is a file: --out names the folder the certificates are written to", dir).
				WithHint("give a folder (created when its parent exists), or leave --out out for session-%d", s.ID)
		}
		if err := PrepareDir(dir); err != nil {
			return err
		}
		rendered, err := RenderAll(ctx, dir, ModePersonal, r, docs...)
		if err != nil {
			for name := range rendered.Sums {
				os.Remove(filepath.Join(dir, name))
			}
			return err
		}
		res.Rendered = rendered
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// DuplicateResult is what 'session duplicate' wrote.
type DuplicateResult struct {
	Certificate *domain.Certificate
	Holder      domain.Candidate
	Path        string
	Rendered
}

// DuplicateCertificate reprints a delivered certificate or attestation as
// a duplicate (marked DUPLICATA, dated at, zero: today) into out, mode
// 0600, and journals it. When the file cannot be written, nothing is
// recorded.
func (a *App) DuplicateCertificate(ctx context.Context, number, out string, at domain.Date, r Renderer) (*DuplicateResult, error) {
	today := a.orToday(at)
	logo, err := a.Logo()
	if err != nil {
		return nil, err
	}
	res := &DuplicateResult{Path: out}
	err = a.Store.Update(ctx, func(tx domain.Tx) error {
		c, err := tx.AddCertificateDuplicate(number)
		if err != nil {
			return err
		}
		recs, err := tx.Enrollments(domain.EnrollmentFilter{CertificateNumber: c.Number})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return domain.NotFound("certificate %s has no enrolment", number)
		}
		e := recs[0]
		cert, err := tx.Certification(c.Certification)
		if err != nil {
			return err
		}
		certifier, err := tx.Certifier()
		if err != nil {
			return err
		}
		res.Certificate, res.Holder = c, e.Candidate
		doc := report.CertificateDoc(report.CertificateInput{Certifier: certifier, Certification: cert, Candidate: e.Candidate, Certificate: *c,
			Mention: e.Mention, Duplicate: true, DuplicateOn: today, Logo: logo})
		res.Rendered, err = RenderFile(out, ModePersonal, dated(r, today), doc)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
