package app

import (
	"context"
	"sort"
	"strconv"

	"github.com/habil-app/habil/internal/domain"
)

// This file holds the cohort use cases (issue 14): promotions of holders
// (a certification × the calendar year of the jury decision), the surveys
// due at 6 and 24 months, the official indicators, and the statistics sent
// to France Compétences.

// CohortHolder is one certificate holder with what the cohorts need.
type CohortHolder struct {
	Enrollment  *domain.Enrollment
	Session     *domain.Session
	Certificate *domain.Certificate // the enrolment's
	// Fiche is the certification obtained; CountsWith the fiche it counts
	// with (its successor held by the certifier, else itself).
	Fiche, CountsWith domain.CertCode
	JuryDate          domain.Date
	Year              int
	Partner           domain.SIRET                               // trained_by, else the session's organiser
	Answers           map[domain.SurveyWave]*domain.SurveyAnswer // nil until one is read
}

// IndicatorHolder is the holder as domain.ComputeIndicators sees it.
func (h *CohortHolder) IndicatorHolder() domain.IndicatorHolder {
	return domain.IndicatorHolder{Fiche: h.Fiche, Year: h.Year, Access: h.Enrollment.Access, Partner: h.Partner,
		CertificateNumber: h.Certificate.Number, Name: h.Enrollment.Candidate.FullName(), Answers: h.Answers}
}

// cohortData is every holder with their answers and the certifications.
type cohortData struct {
	certs   map[domain.CertCode]*domain.Certification
	holders []*CohortHolder
	byEnr   map[int64]*CohortHolder
}

func loadCohorts(r domain.Reader) (*cohortData, error) {
	if sr, ok := r.(*snapshotReader); ok { // report all: one read of the snapshot
		if sr.cohorts == nil {
			d, err := readCohorts(r)
			if err != nil {
				return nil, err
			}
			sr.cohorts = d
		}
		return sr.cohorts, nil
	}
	return readCohorts(r)
}

func readCohorts(r domain.Reader) (*cohortData, error) {
	list, err := r.Certifications()
	if err != nil {
		return nil, err
	}
	d := &cohortData{certs: map[domain.CertCode]*domain.Certification{}, byEnr: map[int64]*CohortHolder{}}
	for _, c := range list {
		d.certs[c.Code] = c
	}
	recs, err := r.Enrollments(domain.EnrollmentFilter{Holders: true})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		c := rec.Enrollment.Certificate()
		if c == nil {
			continue
		}
		h := &CohortHolder{Enrollment: rec.Enrollment, Session: rec.Session, Certificate: c,
			Fiche: rec.Session.Certification, JuryDate: c.JuryDate, Partner: rec.Enrollment.TrainedBy}
		if h.JuryDate.IsZero() {
			h.JuryDate = rec.Session.JuryDate
		}
		if h.JuryDate.IsZero() {
			h.JuryDate = c.IssuedOn
		}
		h.Year = domain.PromotionYear(h.JuryDate)
		if h.Partner == "" {
			h.Partner = rec.Session.Partner
		}
		h.CountsWith = domain.CountingFiche(h.Fiche, d.certs)
		d.holders = append(d.holders, h)
		d.byEnr[rec.Enrollment.ID] = h
	}
	answers, err := r.SurveyAnswers()
	if err != nil {
		return nil, err
	}
	for i := range answers {
		a := answers[i]
		if h := d.byEnr[a.EnrollmentID]; h != nil {
			if h.Answers == nil {
				h.Answers = map[domain.SurveyWave]*domain.SurveyAnswer{}
			}
			h.Answers[a.Wave] = &a
		}
	}
	return d, nil
}

// Cohort is one promotion: a certification (with its predecessors' holders)
// and a year.
type Cohort struct {
	Certification domain.CertCode
	Year          int
	Fiches        []domain.CertCode // the fiches its holders obtained
	Holders       []*CohortHolder
	VAE           int
	Answers6m     int
	Answers24m    int
}

func groupCohorts(d *cohortData, code domain.CertCode) []*Cohort {
	byKey := map[string]*Cohort{}
	var out []*Cohort
	for _, h := range d.holders {
		if code != "" && h.CountsWith != code {
			continue
		}
		k := string(h.CountsWith) + "|" + strconv.Itoa(h.Year)
		c := byKey[k]
		if c == nil {
			c = &Cohort{Certification: h.CountsWith, Year: h.Year}
			byKey[k] = c
			out = append(out, c)
		}
		c.Holders = append(c.Holders, h)
		if h.Enrollment.Access == domain.AccessVAE {
			c.VAE++
		}
		if h.Answers[domain.Wave6m] != nil {
			c.Answers6m++
		}
		if h.Answers[domain.Wave24m] != nil {
			c.Answers24m++
		}
		found := false
		for _, f := range c.Fiches {
			found = found || f == h.Fiche
		}
		if !found {
			c.Fiches = append(c.Fiches, h.Fiche)
			sort.Slice(c.Fiches, func(i, j int) bool { return c.Fiches[i] < c.Fiches[j] })
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Certification != out[j].Certification {
			return out[i].Certification < out[j].Certification
		}
		return out[i].Year < out[j].Year
	})
	return out
}

// Cohorts lists the promotions, of one certification when code is given
// (an unknown code is NotFound).
func (a *App) Cohorts(ctx context.Context, code domain.CertCode) ([]*Cohort, error) {
	var out []*Cohort
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		if code != "" {
			if _, err := r.Certification(code); err != nil {
				return err
			}
		}
		d, err := loadCohorts(r)
		if err != nil {
			return err
		}
		out = groupCohorts(d, code)
		return nil
	})
	return out, err
}

// Cohort returns one promotion with its holders (NotFound when the
// certification is unknown or has no holder that year).
func (a *App) Cohort(ctx context.Context, code domain.CertCode, year int) (*Cohort, error) {
	list, err := a.Cohorts(ctx, code)
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		if c.Year == year {
			return c, nil
		}
	}
	return nil, domain.NotFound("%s has no holder admitted by a jury in %d", code, year).
		WithHint("list the promotions with 'habil cohort list --certification %s'", code)
}

// surveysDue lists the waves due at at and not answered: from the due date
// (jury + 6 or 24 months) to the end of the wave's answer window.
func surveysDue(d *cohortData, windows domain.SurveyWindows, at domain.Date, only domain.SurveyWave) []domain.SurveyDue {
	var out []domain.SurveyDue
	for _, h := range d.holders {
		for _, w := range domain.SurveyWaves {
			if only != "" && w != only {
				continue
			}
			due := h.JuryDate.AddMonths(w.Months())
			closes := windows.For(w).Closes(h.JuryDate)
			if at.Before(due) || !at.Before(closes) || h.Answers[w] != nil {
				continue
			}
			out = append(out, domain.SurveyDue{CertificateNumber: h.Certificate.Number, Certification: h.Fiche,
				Candidate: h.Enrollment.Candidate, Partner: h.Partner, Wave: w, DueDate: due, Closes: closes, EnrollmentID: h.Enrollment.ID})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].DueDate != out[j].DueDate {
			return out[i].DueDate.Before(out[j].DueDate)
		}
		return out[i].CertificateNumber < out[j].CertificateNumber
	})
	return out
}

// SurveysDue lists the survey waves due at at (default today) and not yet
// answered, soonest due first.
func (a *App) SurveysDue(ctx context.Context, at domain.Date, wave domain.SurveyWave) ([]domain.SurveyDue, error) {
	if at.IsZero() {
		at = a.Today()
	}
	var out []domain.SurveyDue
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		d, err := loadCohorts(r)
		if err != nil {
			return err
		}
		out = surveysDue(d, a.Config.SurveyWindows, at, wave)
		return nil
	})
	return out, err
}

// IndicatorsResult are the indicators of one certification.
type IndicatorsResult struct {
	Certification *domain.Certification
	Predecessors  []domain.CertCode // fiches whose holders count with it
	Rules         domain.IndicatorRules
	By            domain.Breakdown
	Rows          []domain.Indicators
	Holders       []*CohortHolder // those counted, by year then certificate number
}

// Indicators computes the insertion indicators of a certification (its
// predecessors' holders included), for one year when year is not 0.
func (a *App) Indicators(ctx context.Context, code domain.CertCode, year int, by domain.Breakdown) (*IndicatorsResult, error) {
	res := &IndicatorsResult{Rules: a.Config.Indicators, By: by}
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		c, err := r.Certification(code)
		if err != nil {
			return err
		}
		res.Certification = c
		d, err := loadCohorts(r)
		if err != nil {
			return err
		}
		res.Predecessors = domain.Predecessors(code, d.certs)
		var in []domain.IndicatorHolder
		for _, h := range d.holders {
			if h.CountsWith != code || (year != 0 && h.Year != year) {
				continue
			}
			res.Holders = append(res.Holders, h)
			in = append(in, h.IndicatorHolder())
		}
		sort.SliceStable(res.Holders, func(i, j int) bool {
			if res.Holders[i].Year != res.Holders[j].Year {
				return res.Holders[i].Year < res.Holders[j].Year
			}
			return res.Holders[i].Certificate.Number < res.Holders[j].Certificate.Number
		})
		res.Rows = domain.ComputeIndicators(in, res.Rules, by)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// FCReport is everything the France Compétences statistics report shows.
type FCReport struct {
	*IndicatorsResult
	ByRoute   []domain.Indicators
	ByPartner []domain.Indicators
	// PartnerNames names the partners of ByPartner (the certifier's own
	// SIRET by its name).
	PartnerNames map[domain.SIRET]string
	Certifier    domain.Certifier
	At           domain.Date
	// Sent is the day given with --sent (zero: none), printed in the
	// document; RecordFCStatisticsSent records it.
	Sent     domain.Date
	LastSent domain.Date // the last sending recorded before this one
	windows  domain.SurveyWindows
}

// FranceCompetencesReport gathers the statistics report of a certification
// at at (zero: today); when sent is given (a day after at is refused), the
// report says they were sent to France Compétences that day and its last
// sending is the one recorded before it. It records nothing: the caller
// records the sending with RecordFCStatisticsSent.
func (a *App) FranceCompetencesReport(ctx context.Context, code domain.CertCode, sent, at domain.Date) (*FCReport, error) {
	if at.IsZero() {
		at = a.Today()
	}
	if !sent.IsZero() && sent.After(at) {
		return nil, domain.Conflict("FC_SENT_FUTURE", "--sent %s is in the future", sent).WithHint("record the sending once the statistics have been sent")
	}
	base, err := a.Indicators(ctx, code, 0, domain.ByYear)
	if err != nil {
		return nil, err
	}
	rep := &FCReport{IndicatorsResult: base, At: at, Sent: sent, PartnerNames: map[domain.SIRET]string{}, windows: a.Config.SurveyWindows}
	var in []domain.IndicatorHolder
	for _, h := range base.Holders {
		in = append(in, h.IndicatorHolder())
	}
	rep.ByRoute = domain.ComputeIndicators(in, base.Rules, domain.ByRoute)
	rep.ByPartner = domain.ComputeIndicators(in, base.Rules, domain.ByPartner)
	err = a.Store.Read(ctx, func(r domain.Reader) error {
		c, err := r.Certifier()
		if err == nil {
			rep.Certifier = c
			rep.PartnerNames[c.SIRET] = c.Name
		}
		for _, row := range rep.ByPartner {
			if _, ok := rep.PartnerNames[row.Partner]; ok {
				continue
			}
			if p, err := r.Partner(row.Partner); err == nil {
				rep.PartnerNames[row.Partner] = p.Name
			}
		}
		list, err := r.FCStatisticsSent()
		if err != nil {
			return err
		}
		for _, s := range list {
			if s.Certification == code && (sent.IsZero() || s.SentOn.Before(sent)) {
				rep.LastSent = s.SentOn
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// RecordFCStatisticsSent records the sending of a certification's
// statistics on a day; false when it was already recorded.
func (a *App) RecordFCStatisticsSent(ctx context.Context, code domain.CertCode, on domain.Date) (bool, error) {
	var added bool
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		if _, err := tx.Certification(code); err != nil {
			return err
		}
		var err error
		added, err = tx.AddFCStatisticsSent(code, on)
		return err
	})
	return added, err
}
