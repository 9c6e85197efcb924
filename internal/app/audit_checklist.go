package app

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
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
// configured files: fromEnv says it was given in the environment
// (HABIL_AUDIT_CHECKLIST, relative to the current folder) rather than in
// the config file (relative to its folder). The version of a custom
// checklist is its file name.
func (a *App) AuditChecklist(fromEnv bool) (*domain.Checklist, error) {
	if a.Config.AuditChecklist == "" {
		return DefaultChecklist(), nil
	}
	path := a.configFile(a.Config.AuditChecklist, fromEnv)
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
