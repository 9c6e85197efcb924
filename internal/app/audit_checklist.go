package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
	"github.com/habil-app/habil/internal/report"
)

// AuditChecklistKey is the configuration key naming the certifier's own
// audit checklist (a spreadsheet) that replaces the built-in one.
const AuditChecklistKey = "audit.checklist"

// Scopes of a checklist item (domain.ChecklistItem.Scope).
const (
	ScopeAll    = ""
	ScopeTrain  = "train"
	ScopeAssess = "assess"
	ScopeVAE    = "vae"
)

// checklistSchema is the certifier's own checklist file: one row per
// control point, read through the import pipeline (header aliases,
// FILE:ROW:COLUMN errors).
var checklistSchema = importer.Schema{
	Name: "Checklist",
	Fields: []importer.Field{
		{Key: "code", Label: "code", Aliases: []string{"code point", "référence"}, Required: true, Kind: importer.Identifier,
			Help: "code unique du point de contrôle (repris dans la grille d'audit remplie)", Example: "WEB-01"},
		{Key: "section", Label: "section", Aliases: []string{"rubrique", "thème"}, Required: true, Kind: importer.Text,
			Help: "titre de la section où le point est imprimé", Example: "Site internet"},
		{Key: "point", Label: "point de contrôle", Aliases: []string{"point", "exigence", "contrôle"}, Required: true, Kind: importer.Text,
			Help: "ce que l'auditeur vérifie", Example: "Le site reprend l'intitulé exact de la certification."},
		{Key: "evidence", Label: "preuves à collecter", Aliases: []string{"preuves", "preuve", "éléments de preuve"}, Kind: importer.Text,
			Help: "les preuves que l'auditeur collecte", Example: "Captures datées"},
		{Key: "basis", Label: "base légale", Aliases: []string{"référence légale", "fondement"}, Kind: importer.Text,
			Help: "article de loi ou du règlement", Example: "R6113-16-3 1°"},
		{Key: "scope", Label: "périmètre", Aliases: []string{"portée", "scope"}, Kind: importer.Enum,
			Help:    "partenaires concernés: vide ou « tous » = tous; « préparation » = habilités à préparer; « évaluation » = habilités à évaluer; « vae » = voie VAE",
			Example: "préparation",
			Choices: []importer.Choice{
				{Value: ScopeAll, Aliases: []string{"tous", "all", "toutes"}},
				{Value: ScopeTrain, Aliases: []string{"préparation", "formation", "train", "préparer"}},
				{Value: ScopeAssess, Aliases: []string{"évaluation", "assess", "évaluer", "examen"}},
				{Value: ScopeVAE, Aliases: []string{"vae"}},
			}},
	},
}

// DefaultChecklist returns a copy of the built-in checklist.
func DefaultChecklist() *domain.Checklist {
	c := &domain.Checklist{Version: DefaultChecklistVersion, Items: make([]domain.ChecklistItem, len(defaultChecklistItems))}
	for i, r := range defaultChecklistItems {
		c.Items[i] = domain.ChecklistItem{Code: r.code, Section: r.section, Text: r.text, Evidence: r.evidence, Basis: r.basis, Scope: r.scope}
	}
	return c
}

// AuditChecklist returns the audit checklist in use: the certifier's own
// file named by audit.checklist (validated: required columns, unique codes;
// errors name FILE:ROW:COLUMN), or the built-in one (version
// DefaultChecklistVersion). A relative path is resolved as for the other
// configured files: given in the environment (HABIL_AUDIT_CHECKLIST), it
// is relative to the current folder, written in the config file to its
// folder. The version of a custom checklist is its file name.
func (a *App) AuditChecklist() (*domain.Checklist, error) {
	if a.Config.AuditChecklist == "" {
		return DefaultChecklist(), nil
	}
	path := a.configFile(a.Config.AuditChecklist, AuditChecklistKey)
	c, err := readChecklist(path)
	if err != nil {
		var de *domain.Error
		if errors.As(err, &de) && de.Hint == "" {
			de.Hint = fmt.Sprintf("correct the file, or unset %s (%s) to use the built-in checklist %s", AuditChecklistKey, EnvName(AuditChecklistKey), DefaultChecklistVersion)
		}
		return nil, err
	}
	return c, nil
}

// readChecklist reads a certifier's checklist spreadsheet.
func readChecklist(path string) (*domain.Checklist, error) {
	src, err := importer.Open(path, "")
	if err != nil {
		return nil, err
	}
	defer src.Close()
	rd, err := importer.NewReader(src, checklistSchema)
	if err != nil {
		return nil, err
	}
	c := &domain.Checklist{Version: filepath.Base(path)}
	seen := map[string]int{}
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		code, _ := rec.Identifier("code")
		code = strings.ToUpper(strings.TrimSpace(code))
		if code != "" {
			if row, dup := seen[code]; dup {
				rec.Errorf("code", "CHECKLIST_DUPLICATE", "the code %s is already used on row %d: each control point needs its own code", code, row)
			} else {
				seen[code] = rec.Row
			}
		}
		scope, _ := rec.Enum("scope")
		if !rec.OK() {
			continue
		}
		c.Items = append(c.Items, domain.ChecklistItem{
			Code: code, Section: rec.Text("section"), Text: rec.Text("point"),
			Evidence: rec.Text("evidence"), Basis: rec.Text("basis"), Scope: scope,
		})
	}
	if errs := rd.Errors(); errs.Len() > 0 {
		list := errs.List()
		msg := list[0].String()
		if errs.Len() > 1 {
			msg += fmt.Sprintf(" (and %d more errors)", errs.Len()-1)
		}
		return nil, domain.Errorf(domain.KindRejected, "CHECKLIST_INVALID", "the audit checklist %s is invalid: %s", filepath.Base(path), msg)
	}
	if len(c.Items) == 0 {
		return nil, domain.Errorf(domain.KindRejected, "CHECKLIST_EMPTY", "the audit checklist %s has no control point", filepath.Base(path))
	}
	return c, nil
}

// ChecklistFor keeps the items of c that apply to a partner with the given
// scopes in force: items of scope "" always, "train" when it may prepare
// candidates, "assess" when it may organise the evaluation, "vae" when a
// habilitation in force covers the VAE route.
func ChecklistFor(c *domain.Checklist, train, assess, vae bool) []domain.ChecklistItem {
	var out []domain.ChecklistItem
	for _, it := range c.Items {
		switch it.Scope {
		case ScopeTrain:
			if !train {
				continue
			}
		case ScopeAssess:
			if !assess {
				continue
			}
		case ScopeVAE:
			if !vae {
				continue
			}
		}
		out = append(out, it)
	}
	return out
}

// AuditChecklistRequest selects the partner whose checklist is printed.
type AuditChecklistRequest struct {
	SIRET domain.SIRET
	At    domain.Date // the printing date; the situation (habilitations, findings) is read at it
}

// PartnerChecklist is a partner's audit checklist with its pre-filled
// situation: what 'audit checklist' prints and 'audit template' writes.
type PartnerChecklist struct {
	report.AuditChecklistInput
	// Train, Assess, VAE: the scopes of the habilitations in force, which
	// chose the items.
	Train, Assess, VAE bool
}

// PartnerAuditChecklist reads the partner's situation at req.At and keeps
// the checklist items that apply to it: items for every partner, training
// items when a habilitation in force lets it prepare candidates, exam items
// when one lets it organise the evaluation, VAE items when one covers the
// VAE route. The training items name the certification's parameters when
// recorded. An unknown SIRET is NotFound (hint: 'habil partner list').
func (a *App) PartnerAuditChecklist(ctx context.Context, req AuditChecklistRequest) (*PartnerChecklist, error) {
	cl, err := a.AuditChecklist()
	if err != nil {
		return nil, err
	}
	at := req.At
	if at.IsZero() {
		at = a.Today()
	}
	out := &PartnerChecklist{}
	out.Version, out.At = cl.Version, at
	var certs []*domain.Certification
	err = a.Store.Read(ctx, func(r domain.Reader) error {
		p, err := r.Partner(req.SIRET)
		if err != nil {
			return err
		}
		out.Partner = p
		if out.Certifier, err = r.Certifier(); err != nil && domain.KindOf(err) != domain.KindNotFound {
			return err
		}
		seen := map[domain.CertCode]bool{}
		for _, h := range p.Habilitations {
			if !h.InForce(at) {
				continue
			}
			c, err := r.Certification(h.Certification)
			if err != nil && domain.KindOf(err) != domain.KindNotFound {
				return err
			}
			out.Habilitations = append(out.Habilitations, habilitationLine(h, c))
			out.Train = out.Train || h.Scope.Trains()
			out.Assess = out.Assess || h.Scope.Assesses()
			if c != nil {
				for _, acc := range h.Routes(c) {
					out.VAE = out.VAE || acc == domain.AccessVAE
				}
				if !seen[c.Code] {
					seen[c.Code] = true
					certs = append(certs, c)
				}
			} else {
				for _, acc := range h.Access {
					out.VAE = out.VAE || acc == domain.AccessVAE
				}
			}
		}
		convs, err := r.Conventions(domain.ConventionFilter{Partner: req.SIRET})
		if err != nil {
			return err
		}
		for _, c := range convs {
			if c.InForce(at) {
				t := c.Terms()
				out.Conventions = append(out.Conventions, fmt.Sprintf("%s — %s, du %s au %s (signée le %s)",
					c.Number, c.Certification, t.From.French(), c.EffectiveEnd().French(), c.SignedOn.French()))
			}
		}
		audits, err := r.Audits(domain.AuditFilter{Partner: req.SIRET})
		if err != nil {
			return err
		}
		for _, au := range audits {
			if au.Date.After(at) {
				continue
			}
			if out.LastAudit == nil || !au.Date.Before(out.LastAudit.Date) {
				out.LastAudit = au
			}
			out.OpenFindings = append(out.OpenFindings, au.OpenFindings(at)...)
		}
		out.Compliance = domain.ComplianceAt(audits, at)
		return nil
	})
	if err != nil {
		return nil, err
	}
	items := ChecklistFor(cl, out.Train, out.Assess, out.VAE)
	if cl.Version == DefaultChecklistVersion {
		for i := range items {
			if note := paramsNote(items[i].Code, certs); note != "" {
				items[i].Text += " " + note
			}
		}
	}
	out.Items = items
	return out, nil
}

// habilitationLine prints a habilitation in force for the checklist header.
func habilitationLine(h domain.Habilitation, c *domain.Certification) string {
	var b strings.Builder
	b.WriteString(string(h.Certification))
	if c != nil && c.Title != "" {
		b.WriteString(" " + c.Title)
	}
	b.WriteString(" — " + h.Scope.Label())
	if len(h.Blocs) > 0 {
		b.WriteString(" — blocs " + strings.Join(h.Blocs, ", "))
	} else {
		b.WriteString(" — toute la certification")
	}
	var routes []domain.Access
	if c != nil {
		routes = h.Routes(c)
	} else {
		routes = h.Access
	}
	if len(routes) > 0 {
		var l []string
		for _, r := range routes {
			l = append(l, r.Label())
		}
		b.WriteString(" — voies " + strings.Join(l, ", "))
	}
	b.WriteString(" — depuis le " + h.From.French())
	if !h.To.IsZero() {
		b.WriteString(" jusqu'au " + h.To.French())
	}
	return b.String()
}

// paramsNote prints the recorded parameters of the certifications that a
// built-in training item checks (R6113-16-3 3° to 5°), or "".
func paramsNote(code string, certs []*domain.Certification) string {
	var parts []string
	for _, c := range certs {
		p := c.Params
		var v string
		switch code {
		case "FOR-02":
			if p.MinTrainingHours != nil {
				v = fmt.Sprintf("%d h minimum", *p.MinTrainingHours)
			}
		case "FOR-03":
			switch {
			case p.InternshipMinHours != nil && p.InternshipMaxHours != nil:
				v = fmt.Sprintf("stage de %d h à %d h", *p.InternshipMinHours, *p.InternshipMaxHours)
			case p.InternshipMinHours != nil:
				v = fmt.Sprintf("stage de %d h minimum", *p.InternshipMinHours)
			case p.InternshipMaxHours != nil:
				v = fmt.Sprintf("stage de %d h maximum", *p.InternshipMaxHours)
			}
		case "FOR-04":
			if p.MinInPersonPct != nil {
				v = fmt.Sprintf("%d %% minimum en présentiel", *p.MinInPersonPct)
			}
		case "FOR-05":
			if p.MaxTraineesPerTrainer != nil {
				v = fmt.Sprintf("%d stagiaires au plus par formateur", *p.MaxTraineesPerTrainer)
			}
		}
		if v != "" {
			parts = append(parts, string(c.Code)+" : "+v)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "(Paramètres fixés : " + strings.Join(parts, " ; ") + ".)"
}

// AuditChecklistPDF writes the partner's checklist to out (mode 0644, as
// the conventions: it holds the partner's identity, no candidate data).
func (a *App) AuditChecklistPDF(ctx context.Context, req AuditChecklistRequest, out string, r Renderer) (*PartnerChecklist, Rendered, error) {
	pc, err := a.PartnerAuditChecklist(ctx, req)
	if err != nil {
		return nil, Rendered{}, err
	}
	if pc.Logo, err = a.Logo(); err != nil {
		return nil, Rendered{}, err
	}
	doc := report.AuditChecklist(pc.AuditChecklistInput)
	res, err := RenderFile(out, ModePublic, dated(r, pc.At), doc)
	return pc, res, err
}
