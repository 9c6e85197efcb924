package app

import (
	"context"

	"github.com/habil-app/habil/internal/domain"
)

// AuditPlanInput are the options of 'audit plan'.
type AuditPlanInput struct {
	At   domain.Date // the plan's date (zero: today)
	Year int         // 0: every active partner; else those due in that year or before
}

// AuditPlanResult is the ranked plan.
type AuditPlanResult struct {
	At      domain.Date
	Entries []domain.AuditPlanEntry
}

// AuditPlan ranks every active partner by risk, most urgent first
// (domain.RankAuditPlan), from one read snapshot: the partners and their
// habilitations, their audits, the last reconcile's findings (those due at
// the plan's date, as check reports them) and each partner's last website
// check.
func (a *App) AuditPlan(ctx context.Context, in AuditPlanInput) (*AuditPlanResult, error) {
	at := in.At
	if at.IsZero() {
		at = a.Today()
	}
	if in.Year < 0 || in.Year > 9999 {
		return nil, domain.Invalid("YEAR", "%d is not a year", in.Year)
	}
	var inputs []domain.AuditPlanInput
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		partners, err := r.Partners(domain.PartnerFilter{Status: []domain.PartnerStatus{domain.StatusActive}, Sort: "siret", NoHistory: true})
		if err != nil {
			return err
		}
		audits, err := r.Audits(domain.AuditFilter{})
		if err != nil {
			return err
		}
		bySIRET := map[domain.SIRET][]*domain.Audit{}
		for _, au := range audits {
			bySIRET[au.PartnerSIRET] = append(bySIRET[au.PartnerSIRET], au)
		}
		reconcile := map[string][]domain.Finding{}
		var reconcileDate domain.Date
		run, err := r.LastReconcile()
		if err != nil {
			return err
		}
		if run != nil && !run.At.After(at) {
			reconcileDate = run.At
			for _, f := range domain.DueFindings(run.Findings, at, a.Config.Check.FCDeclarationGraceDays) {
				if f.SIRET != "" && f.Severity != domain.SeverityInfo {
					reconcile[f.SIRET] = append(reconcile[f.SIRET], f)
				}
			}
		}
		checks, err := r.WebChecks(domain.AuditFilter{})
		if err != nil {
			return err
		}
		// The same pages as WEBSITE_FINDING judges: the last check of each.
		web := map[domain.SIRET][]domain.WebCheck{}
		for _, w := range domain.LastWebChecks(checks, at) {
			web[w.PartnerSIRET] = append(web[w.PartnerSIRET], w)
		}
		for _, p := range partners {
			x := domain.AuditPlanInput{Partner: p, Audits: bySIRET[p.SIRET]}
			if fs := reconcile[string(p.SIRET)]; len(fs) > 0 {
				x.Reconcile, x.ReconcileDate = fs, reconcileDate
			}
			for _, w := range web[p.SIRET] {
				x.Web = append(x.Web, w.Findings...)
				if w.CheckedOn.After(x.WebDate) {
					x.WebDate = w.CheckedOn
				}
			}
			inputs = append(inputs, x)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	entries := domain.RankAuditPlan(inputs, domain.AuditPlanParams{At: at, QualiopiWindowDays: a.Config.Check.QualiopiExpiringDays, Year: in.Year})
	return &AuditPlanResult{At: at, Entries: entries}, nil
}
