package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// The use cases of the conventions de partenariat: draw one up, renew it,
// send, sign, end or terminate it, amend it (avenant), list and show them.
// The life-cycle rules are in domain (convention.go); these functions read
// what the rules need, apply them, and write in one transaction.

// ConventionCreate is a request for a new convention.
type ConventionCreate struct {
	Partner       domain.SIRET
	Certification domain.CertCode
	From, To      domain.Date
	// Date is when the convention is drawn up, which gives its number's
	// year (zero: today).
	Date domain.Date
	Fees domain.Fees
	// Reference is the certifier's own number (a convention signed before
	// habil), kept and printed beside habil's.
	Reference string
}

// Validate checks what can be checked before reading the store.
func (r ConventionCreate) Validate() error {
	if err := r.Fees.Validate(); err != nil {
		return err
	}
	if r.To.Before(r.From) {
		return domain.Invalid("DATES_ORDER", "the convention ends (%s) before it starts (%s)", r.To, r.From)
	}
	return nil
}

// ConventionCreated is what drawing up (or renewing) a convention did.
type ConventionCreated struct {
	Convention *domain.Convention
	// Renews is the number of the convention renewed ("" for a creation).
	Renews string
	// Note says how a renewal's period was cut ("" when it was not).
	Note string
	// Warnings are not errors: a Qualiopi certificate that ends before the
	// convention, a suspended partner…
	Warnings []string
}

// CreateConvention draws up a new draft convention: the partner must have a
// habilitation on the certification covering the whole period, within the
// registration, overlapping no other convention of the same partner on the
// same certification. The scope is copied from the habilitation; the store
// numbers it CONV-<year of Date>-NNNN.
func (a *App) CreateConvention(ctx context.Context, r ConventionCreate) (*ConventionCreated, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if r.Date.IsZero() {
		r.Date = a.Today()
	}
	req := domain.ConventionRequest{CreatedOn: r.Date, From: r.From, To: r.To, Fees: r.Fees, Reference: r.Reference}
	out := &ConventionCreated{}
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		p, err := tx.Partner(r.Partner)
		if err != nil {
			return err
		}
		cert, err := tx.Certification(r.Certification)
		if err != nil {
			return err
		}
		conv, warnings, err := domain.NewConvention(p, cert, req)
		if err != nil {
			return err
		}
		if err := createConvention(tx, conv); err != nil {
			return err
		}
		out.Convention, out.Warnings = conv, warnings
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// createConvention refuses an overlap with another convention of the same
// partner on the same certification, then stores conv (which numbers it).
func createConvention(tx domain.Tx, conv *domain.Convention) error {
	others, err := tx.Conventions(domain.ConventionFilter{Partner: conv.PartnerSIRET, Certification: conv.Certification})
	if err != nil {
		return err
	}
	if err := domain.CheckNoOverlap(conv, others); err != nil {
		return err
	}
	return tx.CreateConvention(conv)
}

// ConventionRenew is a request to renew a convention.
type ConventionRenew struct {
	Ref string // id or number of the convention renewed
	// From/To default to the day after the previous convention ends and
	// as long as it, cut at the end of the habilitation or registration.
	From, To domain.Date
	Date     domain.Date // drawn up on (zero: today)
	// Fees replace the previous convention's fees one by one.
	Fees domain.FeeChanges
}

// RenewConvention draws up the draft convention that follows a signed or
// ended one, linked to it, with the same rules as CreateConvention.
func (a *App) RenewConvention(ctx context.Context, r ConventionRenew) (*ConventionCreated, error) {
	if r.Date.IsZero() {
		r.Date = a.Today()
	}
	out := &ConventionCreated{}
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		prev, err := conventionByRef(tx, r.Ref)
		if err != nil {
			return err
		}
		if err := domain.CheckRenewal(prev); err != nil {
			return err
		}
		p, err := tx.Partner(prev.PartnerSIRET)
		if err != nil {
			return err
		}
		cert, err := tx.Certification(prev.Certification)
		if err != nil {
			return err
		}
		from, to, note := domain.RenewalPeriod(prev, p, cert, r.From, r.To)
		if to.Before(from) {
			return domain.Invalid("DATES_ORDER", "the renewal would end (%s) before it starts (%s)", to, from)
		}
		fees := r.Fees.Apply(prev.Terms().Fees)
		conv, warnings, err := domain.NewConvention(p, cert, domain.ConventionRequest{CreatedOn: r.Date, From: from, To: to, Fees: fees})
		if err != nil {
			if r.Fees.PerExam == nil {
				err = feeHint(err, "the fee per exam comes from %s: renew with --fee-per-exam 0 (the habilitation for the new period covers training only)", prev.Number)
			}
			return err
		}
		conv.RenewsID, conv.RenewsNumber = prev.ID, prev.Number
		if err := createConvention(tx, conv); err != nil {
			return err
		}
		out.Convention, out.Renews, out.Note, out.Warnings = conv, prev.Number, note, warnings
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SendConvention records that a draft convention was sent to the partner
// on date (zero: today).
func (a *App) SendConvention(ctx context.Context, ref string, date domain.Date) (*domain.Convention, error) {
	return a.conventionStatus(ctx, "send", ref, func(c *domain.Convention) error {
		return c.Send(a.orToday(date))
	})
}

// ConventionSign is a request to record a signature.
type ConventionSign struct {
	Ref  string      // id or number
	Date domain.Date // day of signature (zero: today)
}

// ConventionSigned is what recording a signature did.
type ConventionSigned struct {
	Convention *domain.Convention
	// Backdated is true when the signature is before the day the
	// convention was recorded: its drawn-up date (and version 1's) moved
	// from RecordedOn to the day of signature; the number keeps its year.
	Backdated  bool
	RecordedOn domain.Date
	// TemplatePath is the template file the signed PDF was printed with
	// ("" for the built-in texts).
	TemplatePath string
	// Warnings: characters the renderer cannot print, blanks to complete.
	Warnings []string
}

// Note says, in one sentence, that the drawn-up date moved ("" when it
// did not).
func (s *ConventionSigned) Note() string {
	if !s.Backdated {
		return ""
	}
	return fmt.Sprintf("%s was recorded on %s; its drawn-up date is now %s, the day of signature (the number keeps its year)",
		s.Convention.Number, s.RecordedOn, s.Convention.CreatedOn)
}

// SignConvention records the signature of r.Ref on r.Date (zero: today)
// and what was signed: the PDF of the current version, printed with the
// configured template (built-in or convention.template) by render and
// dated the day of signature, is fingerprinted (SHA-256 of the PDF and of
// the template text) with the version number, in the same transaction as
// the signature. Nothing is written when the template is broken or the
// PDF cannot be printed. A signature before the day the convention was
// recorded (a convention signed before habil) moves its drawn-up date.
func (a *App) SignConvention(ctx context.Context, r ConventionSign, render Renderer) (*ConventionSigned, error) {
	if render == nil {
		return nil, domain.Errorf(domain.KindInternal, "RENDERER", "no renderer to print the convention signed")
	}
	tmpl, err := a.conventionTemplate()
	if err != nil {
		return nil, err
	}
	logo, err := a.Logo()
	if err != nil {
		return nil, err
	}
	date, today := a.orToday(r.Date), a.Today()
	out := &ConventionSigned{TemplatePath: tmpl.path}
	err = a.Store.Update(ctx, func(tx domain.Tx) error {
		c, err := conventionByRef(tx, r.Ref)
		if err != nil {
			return err
		}
		before := c.Clone()
		if err := c.Sign(date, today); err != nil {
			return err
		}
		certifier, err := tx.Certifier()
		if err != nil {
			return err
		}
		p, err := tx.Partner(c.PartnerSIRET)
		if err != nil {
			return err
		}
		cert, err := tx.Certification(c.Certification)
		if err != nil {
			return err
		}
		doc, warnings, err := buildConventionDoc(tmpl.t, logo, certifier, p, cert, c, date, render)
		if err != nil {
			return err
		}
		h := sha256.New()
		if err := dated(render, c.SignedOn).Render(h, doc); err != nil {
			return domain.Errorf(domain.KindInternal, "SIGN_PDF", "%s: cannot print the PDF signed: %v", c.Number, err)
		}
		c.SignedVersion, c.SignedPDFSHA256, c.SignedTemplateSHA256 = c.Version(), hex.EncodeToString(h.Sum(nil)), tmpl.sha
		out.Convention, out.Warnings = c, warnings
		out.Backdated, out.RecordedOn = c.CreatedOn != before.CreatedOn, before.CreatedOn
		return tx.SaveConventionStatus("sign", before, c)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// EndConvention records that a signed convention reached its end on date
// (zero: its end date); an earlier end needs a reason, a future one is
// refused (it is still in force).
func (a *App) EndConvention(ctx context.Context, ref string, date domain.Date, reason string) (*domain.Convention, error) {
	return a.conventionStatus(ctx, "end", ref, func(c *domain.Convention) error {
		if date.IsZero() {
			date = c.Terms().To
		}
		return c.End(date, reason, a.Today())
	})
}

// TerminateConvention terminates a convention (résiliation) or abandons a
// draft, on date (zero: today), with a reason.
func (a *App) TerminateConvention(ctx context.Context, ref string, date domain.Date, reason string) (*domain.Convention, error) {
	return a.conventionStatus(ctx, "terminate", ref, func(c *domain.Convention) error {
		return c.Terminate(a.orToday(date), reason)
	})
}

// conventionStatus applies one life-cycle step and journals it under action.
func (a *App) conventionStatus(ctx context.Context, action, ref string, step func(*domain.Convention) error) (*domain.Convention, error) {
	var after *domain.Convention
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		c, err := conventionByRef(tx, ref)
		if err != nil {
			return err
		}
		before := c.Clone()
		if err := step(c); err != nil {
			return err
		}
		after = c
		return tx.SaveConventionStatus(action, before, c)
	})
	if err != nil {
		return nil, err
	}
	return after, nil
}

// ConventionAmend is an avenant: what it changes, and why.
type ConventionAmend struct {
	Ref    string
	Date   domain.Date // zero: today
	Reason string      // the avenant's object (required)
	// From/To, when given, are the new period.
	From, To domain.Date
	Fees     domain.FeeChanges
	// Rescope copies the scope of the partner's habilitation as it is now.
	Rescope bool
}

// ConventionAmended is the convention after the avenant and its new terms.
type ConventionAmended struct {
	Convention *domain.Convention
	Terms      domain.ConventionTerms
}

// AmendConvention records an avenant: a new numbered version of the
// period, fees or scope, checked again against the habilitation, the
// registration end and the partner's other conventions.
func (a *App) AmendConvention(ctx context.Context, r ConventionAmend) (*ConventionAmended, error) {
	if strings.TrimSpace(r.Reason) == "" {
		return nil, domain.Invalid("REASON_MISSING", "an avenant needs a reason (its object)")
	}
	out := &ConventionAmended{}
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		c, err := conventionByRef(tx, r.Ref)
		if err != nil {
			return err
		}
		before := c.Clone()
		p, err := tx.Partner(c.PartnerSIRET)
		if err != nil {
			return err
		}
		cert, err := tx.Certification(c.Certification)
		if err != nil {
			return err
		}
		am := domain.Amendment{Date: a.orToday(r.Date), Reason: r.Reason, From: r.From, To: r.To, Rescope: r.Rescope}
		if r.Fees.Any() {
			fees := r.Fees.Apply(c.Terms().Fees)
			am.Fees = &fees
		}
		terms, err := c.Amend(p, cert, am)
		if err != nil {
			if r.Fees.PerExam == nil {
				err = feeHint(err, "%s has a fee per exam: add --fee-per-exam 0 to this avenant, since the scope no longer covers assessment", c.Number)
			}
			return err
		}
		others, err := tx.Conventions(domain.ConventionFilter{Partner: c.PartnerSIRET, Certification: c.Certification})
		if err != nil {
			return err
		}
		if err := domain.CheckNoOverlap(c, others); err != nil {
			return err
		}
		out.Convention, out.Terms = c, terms
		return tx.AddConventionVersion(before, c)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ConventionList is the answer of ListConventions.
type ConventionList struct {
	Conventions []*domain.Convention // by number
	// Recorded counts every convention in the database when none matched
	// (to tell "none yet" from "none matches"); 0 otherwise.
	Recorded int
}

// ListConventions lists the conventions the filter selects, by number.
func (a *App) ListConventions(ctx context.Context, f domain.ConventionFilter) (*ConventionList, error) {
	out := &ConventionList{}
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		if out.Conventions, err = r.Conventions(f); err != nil {
			return err
		}
		if len(out.Conventions) == 0 {
			out.Recorded, err = r.ConventionCount()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Convention returns one convention, given by its id (12) or its number
// (CONV-2025-0007), with every version.
func (a *App) Convention(ctx context.Context, ref string) (*domain.Convention, error) {
	var c *domain.Convention
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		c, err = conventionByRef(r, ref)
		return err
	})
	return c, err
}

func conventionByRef(r domain.Reader, ref string) (*domain.Convention, error) {
	id, err := r.ConventionID(ref)
	if err != nil {
		return nil, err
	}
	return r.Convention(id)
}

func (a *App) orToday(d domain.Date) domain.Date {
	if d.IsZero() {
		return a.Today()
	}
	return d
}

// feeHint replaces the hint of a FEE_PER_EXAM_WITHOUT_ASSESSMENT refusal
// when the fee per exam was not given but carried over (a renewal, an
// avenant that rescopes): "drop --fee-per-exam" would be false.
func feeHint(err error, format string, args ...any) error {
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != "FEE_PER_EXAM_WITHOUT_ASSESSMENT" {
		return err
	}
	out := *de
	return out.WithHint(format, args...)
}
