package app

import (
	"context"

	"github.com/habil-app/habil/internal/domain"
)

// The partner register's use cases: record, edit, change the status of a
// partner, habilitate it, end a habilitation, list, show and export. Each
// write is one store.Update; the rules are in internal/domain (the store
// executes what they decide).

// AddPartnerResult is what AddPartner recorded.
type AddPartnerResult struct {
	Partner *domain.Partner
	Date    domain.Date // date of the initial status
}

// AddPartner records a new partner, as a prospect (empty status) or active,
// dated date (today when zero) with reason (default "recorded"). A SIRET
// already in the register is refused (PARTNER_EXISTS).
func (a *App) AddPartner(ctx context.Context, p *domain.Partner, date domain.Date, reason string) (AddPartnerResult, error) {
	if p.Status == "" {
		p.Status = domain.StatusProspect
	}
	if err := domain.CheckInitialStatus(p.SIRET, p.Status); err != nil {
		return AddPartnerResult{}, err
	}
	if err := domain.CleanText("the reason", reason); err != nil {
		return AddPartnerResult{}, err
	}
	if date.IsZero() {
		date = a.Today()
	}
	err := a.Store.Update(ctx, func(tx domain.Tx) error { return tx.CreatePartner(p, date, reason) })
	if err != nil {
		return AddPartnerResult{}, err
	}
	return AddPartnerResult{Partner: p, Date: date}, nil
}

// EditPartnerResult is what EditPartner changed.
type EditPartnerResult struct {
	Partner *domain.Partner // after the change
	Change  domain.PartnerChange
}

// EditPartner changes a partner's identity, contact or Qualiopi data: edit
// receives the stored partner and sets the fields to change (an error from
// it aborts, nothing written). The status is not changed here (ChangeStatus).
// Identical data writes nothing (Change.Kind is ChangeUnchanged).
func (a *App) EditPartner(ctx context.Context, siret domain.SIRET, edit func(*domain.Partner) error) (EditPartnerResult, error) {
	var res EditPartnerResult
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		p, err := tx.Partner(siret)
		if err != nil {
			return err
		}
		if err := edit(p); err != nil {
			return err
		}
		res.Partner = p
		res.Change, err = tx.UpdatePartner(p)
		return err
	})
	return res, err
}

// StatusResult is what ChangeStatus did.
type StatusResult struct {
	Partner *domain.Partner // before the change
	From    domain.PartnerStatus
	To      domain.PartnerStatus
	Date    domain.Date
	// Ended lists the habilitations a withdrawal ended (To set) or removed
	// (they started on or after Date).
	Ended []domain.Habilitation
	// NoHabilitationInForce: the partner became active without any
	// habilitation in force on Date.
	NoHabilitationInForce bool
}

// Removed reports whether h (one of Ended) was removed rather than ended.
func (r StatusResult) Removed(h domain.Habilitation) bool { return !h.From.Before(r.Date) }

// ChangeStatus moves a partner to another status on date (today when zero)
// for reason, by the rules of domain.PlanStatusChange.
func (a *App) ChangeStatus(ctx context.Context, siret domain.SIRET, to domain.PartnerStatus, date domain.Date, reason string) (StatusResult, error) {
	if date.IsZero() {
		date = a.Today()
	}
	res := StatusResult{To: to, Date: date}
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		p, err := tx.Partner(siret)
		if err != nil {
			return err
		}
		ch, err := tx.SetStatus(siret, to, date, reason)
		if err != nil {
			return err
		}
		res.Partner, res.From, res.Ended = p, p.Status, ch.Ended
		return nil
	})
	if err != nil {
		return StatusResult{}, err
	}
	if to == domain.StatusActive {
		res.NoHabilitationInForce = true
		for _, h := range res.Partner.Habilitations {
			if h.InForce(date) {
				res.NoHabilitationInForce = false
			}
		}
	}
	return res, nil
}

// HabilitateResult is what Habilitate recorded.
type HabilitateResult struct {
	Habilitation *domain.Habilitation // normalised, with its ID
	Partner      *domain.Partner      // after the change
}

// Habilitate records a habilitation after every rule (partner not
// withdrawn, certification recorded, blocs and routes of it, dates within
// its registration or delivery deadline, a fiche ended or inactive today
// only until its delivery deadline (domain.CheckFicheOpen), no train-only
// on CL, no overlap on the same certification).
func (a *App) Habilitate(ctx context.Context, h *domain.Habilitation) (HabilitateResult, error) {
	var res HabilitateResult
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		// An ended or inactive fiche: only until its delivery deadline
		// (candidates already engaged), with an end date.
		if c, err := tx.Certification(h.Certification); err == nil {
			if e := domain.CheckFicheOpen(c, "habilitation", h.To, a.Today()); e != nil {
				return e
			}
		}
		if err := tx.AddHabilitation(h); err != nil {
			return err
		}
		p, err := tx.Partner(h.PartnerSIRET)
		res = HabilitateResult{Habilitation: h, Partner: p}
		return err
	})
	if err != nil {
		return HabilitateResult{}, err
	}
	return res, nil
}

// EndHabilitation ends habilitation id on date (its last day) for reason
// (domain.CheckHabilitationEnd).
func (a *App) EndHabilitation(ctx context.Context, id int64, date domain.Date, reason string) (*domain.Habilitation, error) {
	var h *domain.Habilitation
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		var err error
		h, err = tx.EndHabilitation(id, date, reason)
		return err
	})
	return h, err
}

// PartnerList is the result of ListPartners.
type PartnerList struct {
	Partners []*domain.Partner
	// Total is the number of partners in the register, counted only when
	// nothing matched (for "No partner matches (N in the register)").
	Total int
}

// ListPartners lists the partners matching f (filtered, sorted and counted
// by the store), with their habilitations and history. A certification in
// the filter must be recorded.
func (a *App) ListPartners(ctx context.Context, f domain.PartnerFilter) (PartnerList, error) {
	var res PartnerList
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		if f.Certification != "" {
			if _, err := r.Certification(f.Certification); err != nil {
				return err
			}
		}
		var err error
		if res.Partners, err = r.Partners(f); err != nil {
			return err
		}
		if len(res.Partners) == 0 {
			res.Total, err = r.PartnerCount()
		}
		return err
	})
	return res, err
}

// Partner returns one partner with its habilitations and history.
func (a *App) Partner(ctx context.Context, siret domain.SIRET) (*domain.Partner, error) {
	var p *domain.Partner
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		p, err = r.Partner(siret)
		return err
	})
	return p, err
}

// PartnerWriter writes partners to a file (the CLI gives the XLSX or CSV
// adapter); it returns the number of rows written.
type PartnerWriter func(partners []*domain.Partner) (rows int, err error)

// ExportResult is what ExportPartners wrote.
type ExportResult struct {
	Partners int
	Rows     int
}

// ExportPartners reads the partners matching f from one snapshot and hands
// them to write.
func (a *App) ExportPartners(ctx context.Context, f domain.PartnerFilter, write PartnerWriter) (ExportResult, error) {
	var list []*domain.Partner
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		list, err = r.Partners(f)
		return err
	})
	if err != nil {
		return ExportResult{}, err
	}
	rows, err := write(list)
	if err != nil {
		return ExportResult{}, err
	}
	return ExportResult{Partners: len(list), Rows: rows}, nil
}
