package app

import (
	"context"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

// CheckSnapshot reads what the rules of 'habil check' evaluate, in one
// consistent read, with the thresholds of the configuration. It fails when
// the database has no certifier yet ('habil init' was not run).
func (a *App) CheckSnapshot(ctx context.Context, at domain.Date) (check.Snapshot, error) {
	s := check.Snapshot{At: at, Limits: a.Config.Check}
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		if _, err := r.Certifier(); err != nil {
			return err
		}
		var err error
		if s.Certifications, err = r.Certifications(); err != nil {
			return err
		}
		if s.Partners, err = r.Partners(domain.PartnerFilter{NoHistory: true}); err != nil {
			return err
		}
		if s.Conventions, err = r.Conventions(domain.ConventionFilter{}); err != nil {
			return err
		}
		if s.Reconcile, err = r.LastReconcile(); err != nil {
			return err
		}
		if s.Declarations, err = r.FCDeclarations(); err != nil {
			return err
		}
		s.WebChecks, err = r.WebChecks(domain.AuditFilter{})
		if err != nil {
			return err
		}
		s.Audits, err = r.Audits(domain.AuditFilter{})
		if err != nil {
			return err
		}
		if s.Sessions, err = r.Sessions(domain.SessionFilter{}); err != nil {
			return err
		}
		if s.Accrochage, err = accrochageStates(r); err != nil {
			return err
		}
		// Issue 14: the surveys due and the statistics sent.
		cd, err := loadCohorts(r)
		if err != nil {
			return err
		}
		s.SurveysDue = surveysDue(cd, a.Config.SurveyWindows, at, "")
		s.Holders = map[domain.CertCode]int{}
		for _, h := range cd.holders {
			s.Holders[h.CountsWith]++
		}
		if s.FCStatisticsSent, err = r.FCStatisticsSent(); err != nil {
			return err
		}
		if s.Improvements, err = r.ImprovementActions(domain.ImprovementFilter{}); err != nil {
			return err
		}
		if s.Committees, err = r.CommitteeMeetings(domain.CommitteeFilter{}); err != nil {
			return err
		}
		if s.Royalties, err = r.RoyaltyStatements(); err != nil {
			return err
		}
		if s.Trainings, err = r.Trainings(); err != nil {
			return err
		}
		if s.Documents, err = r.NetworkDocuments(); err != nil {
			return err
		}
		if a.Config.RetentionYears <= 0 {
			return nil
		}
		s.RetentionBefore = at.AddMonths(-12 * a.Config.RetentionYears)
		s.RetentionDue, err = r.PurgeTargets(s.RetentionBefore, false)
		return err
	})
	return s, err
}

// Check evaluates every rule of the registry (internal/check) at at, with
// the thresholds of a.Config.Check, and returns the findings sorted, errors
// first (never nil). It only reads.
func (a *App) Check(ctx context.Context, at domain.Date) ([]domain.Finding, error) {
	s, err := a.CheckSnapshot(ctx, at)
	if err != nil {
		return nil, err
	}
	return check.Run(s), nil
}
