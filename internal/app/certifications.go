package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/fcexport"
)

// Certifications lists the certifications, in code order.
func (a *App) Certifications(ctx context.Context) ([]*domain.Certification, error) {
	var out []*domain.Certification
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		out, err = r.Certifications()
		return err
	})
	return out, err
}

// Certification returns one certification (KindNotFound when unknown).
func (a *App) Certification(ctx context.Context, code domain.CertCode) (*domain.Certification, error) {
	var out *domain.Certification
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		out, err = r.Certification(code)
		return err
	})
	return out, err
}

// AddCertification records a certification entered by hand (its Source is
// set to "manual"). An existing code is a conflict unless update is true,
// which replaces its data.
func (a *App) AddCertification(ctx context.Context, c *domain.Certification, update bool) (domain.CertificationChange, error) {
	var ch domain.CertificationChange
	c.Source = "manual"
	if err := domain.CleanCertificationTexts(c); err != nil {
		return ch, err
	}
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		prev, err := tx.Certification(c.Code)
		switch {
		case err == nil && !update:
			return domain.Conflict("CERTIFICATION_EXISTS", "%s is already recorded", c.Code).
				WithHint("add --update to replace its data, or see it with 'habil certification show %s'", c.Code)
		case err != nil && domain.KindOf(err) != domain.KindNotFound:
			return err
		case err == nil:
			keepRecorded(prev, c)
		}
		ch, err = tx.SaveCertification(c)
		return err
	})
	return ch, err
}

// keepRecorded copies into c, entered by hand over prev, what 'certification
// add' cannot give: the certifier's parameters and bloc evaluations, and
// what the France Compétences export said of the fiche.
func keepRecorded(prev, c *domain.Certification) {
	c.Params, c.Published = prev.Params, prev.Published
	c.Certifiers, c.RegistrationType, c.Successors, c.PartialValidation = prev.Certifiers, prev.RegistrationType, prev.Successors, prev.PartialValidation
	old := map[string]domain.Bloc{}
	for _, b := range prev.Blocs {
		old[b.Code] = b
	}
	for i := range c.Blocs {
		if o, ok := old[c.Blocs[i].Code]; ok {
			c.Blocs[i].Evaluation, c.Blocs[i].PublishedEvaluation = o.Evaluation, o.PublishedEvaluation
		}
	}
}

// ImportCertificationsInput says what to import.
type ImportCertificationsInput struct {
	// File is the France Compétences export (XML v4.1, its zip, the CSV
	// export zip or folder); its shape is read from the content.
	File string
	// Codes picks fiches whoever their certifier; none: the fiches that
	// name the certifier's SIRET.
	Codes []domain.CertCode
	// Progress, when set, is called while a file of at least ProgressMin
	// bytes is scanned (every 1000 fiches).
	Progress    func(scanned int)
	ProgressMin int64
}

// CertificationImported is what the import did to one selected fiche.
type CertificationImported struct {
	Cert   *domain.Certification
	Change domain.CertificationChange
	// Kept lists what a CSV export could not carry and was kept from the
	// earlier XML import.
	Kept []string
	// NewerExport is the date of the newer export the stored data came
	// from: an older export never overwrites it, the certification was left
	// as it is ("" otherwise).
	NewerExport string
}

// ImportCertificationsResult is what 'certification import' did.
type ImportCertificationsResult struct {
	Name    string // the file's base name
	Shape   fcexport.Shape
	Date    string // the export's date ("" when unknown)
	Scanned int    // fiches read
	// Problems are the malformed fields of the selected fiches (FILE:LINE:
	// FIELD: CODE: message), set when the import is rejected for them.
	Problems []string
	// Warnings are what the user should know, as lines ("warning: …",
	// "note: …"): version, malformed fiches skipped, duplicates, notes of a
	// fiche, fiches imported with --code that name another certifier.
	Warnings []string
	// Imported are the selected fiches, in file order.
	Imported []CertificationImported
	// LeftAlone are the certifications imported earlier (same register)
	// that this export no longer lists under the certifier's SIRET: left as
	// they are (only when no code was given).
	LeftAlone                   []string
	Created, Updated, Unchanged int
}

// Changed reports whether anything was written or refused as older.
func (r *ImportCertificationsResult) Changed() bool {
	for _, d := range r.Imported {
		if d.NewerExport != "" || !d.Change.Unchanged() {
			return true
		}
	}
	return false
}

// ImportCertifications records the certifier's certifications (or the
// fiches named by in.Codes) from the France Compétences export. Everything
// is written in one transaction; an export older than the one a
// certification was last imported from leaves it as it is; a CSV export
// keeps what it cannot carry from the earlier XML import. A malformed
// selected fiche rejects the import (the result then holds the Problems).
func (a *App) ImportCertifications(ctx context.Context, in ImportCertificationsInput) (*ImportCertificationsResult, error) {
	var me domain.Certifier
	if err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		me, err = r.Certifier()
		return err
	}); err != nil {
		return nil, err
	}
	exp, err := fcexport.Open(in.File)
	if err != nil {
		return nil, err
	}
	defer exp.Close()
	name := filepath.Base(in.File)
	sel := fcexport.Selection{SIRET: me.SIRET, Name: me.Name, Codes: in.Codes}
	if in.Progress != nil && exp.Size >= in.ProgressMin {
		sel.Progress = in.Progress
	}
	res, err := exp.Scan(ctx, sel)
	if importStopped(ctx, err) {
		return nil, interrupted(ctx)
	}
	if err != nil {
		return nil, err
	}
	out := &ImportCertificationsResult{Name: name, Shape: res.Shape, Date: res.Date, Scanned: res.Scanned}
	if res.Scanned == 0 {
		return nil, domain.Errorf(domain.KindRejected, "FC_EMPTY", "%s holds no fiche: %s", name, fcexport.Expected).WithHint(fcexport.DownloadHint)
	}
	if len(res.Missing) > 0 {
		return nil, missingCodes(name, res)
	}
	if probs := res.Problems(); len(probs) > 0 {
		for _, p := range probs {
			out.Problems = append(out.Problems, p.Error())
		}
		var bad []string
		for _, fi := range res.Fiches {
			if len(fi.Problems) > 0 {
				bad = append(bad, fi.Problems[0].Fiche)
			}
		}
		return out, domain.Errorf(domain.KindRejected, "FC_FICHE_INVALID", "%d problem(s) in the selected fiche(s) %s of %s: nothing was imported",
			len(probs), strings.Join(bad, ", "), name).
			WithHint("these fiches are published malformed by France Compétences: report it to them; meanwhile import your other fiches with --code")
	}
	if len(res.Fiches) == 0 {
		return nil, noMatch(name, me, res)
	}
	out.Warnings = importWarnings(res, me, len(in.Codes) > 0)

	err = a.Store.Update(ctx, func(tx domain.Tx) error {
		out.Imported = out.Imported[:0]
		for _, fi := range res.Fiches {
			c := fi.Cert
			prev, err := tx.Certification(c.Code)
			if err != nil && domain.KindOf(err) != domain.KindNotFound {
				return err
			}
			if err != nil {
				prev = nil
			}
			// An older export never overwrites what a newer one recorded.
			if prev != nil && strings.HasPrefix(prev.Source, "fc-") && prev.SourceDate != "" && res.Date != "" && res.Date < prev.SourceDate {
				out.Imported = append(out.Imported, CertificationImported{Cert: &c, NewerExport: prev.SourceDate})
				continue
			}
			kept := res.KeepLacking(prev, &c)
			domain.AdoptPublished(prev, &c)
			ch, err := tx.SaveCertification(&c)
			if err != nil {
				return err
			}
			out.Imported = append(out.Imported, CertificationImported{Cert: &c, Change: ch, Kept: kept})
		}
		if len(in.Codes) > 0 {
			return nil
		}
		all, err := tx.Certifications()
		if err != nil {
			return err
		}
		out.LeftAlone = leftAlone(all, res)
		return nil
	})
	if importStopped(ctx, err) {
		return nil, interrupted(ctx)
	}
	if err != nil {
		return nil, err
	}
	for _, d := range out.Imported {
		switch {
		case d.NewerExport != "":
			out.Unchanged++
		case d.Change.Created:
			out.Created++
		case d.Change.Unchanged():
			out.Unchanged++
		default:
			out.Updated++
		}
	}
	return out, nil
}

// importWarnings says what the user should know before the import is written.
func importWarnings(res *fcexport.Result, me domain.Certifier, explicit bool) []string {
	var w []string
	if res.Version != "" && !strings.HasPrefix(res.Version, "4.") {
		w = append(w, fmt.Sprintf("warning: the export is version %s; habil reads version 4.1: check the imported certifications", res.Version))
	}
	if res.Skipped > 0 {
		var ex []string
		for _, p := range res.SkippedExamples {
			ex = append(ex, p.Short())
		}
		w = append(w, fmt.Sprintf("warning: %d malformed fiche(s) not selected were skipped, e.g. %s", res.Skipped, strings.Join(ex, "; ")))
	}
	for _, d := range res.Duplicates {
		w = append(w, fmt.Sprintf("warning: %s appears more than once in the file: the last one was kept", d))
	}
	for _, fi := range res.Fiches {
		for _, n := range fi.Notes {
			w = append(w, "warning: "+n.Error())
		}
		if fi.Cert.Active != nil && !*fi.Cert.Active {
			w = append(w, fmt.Sprintf("note: %s is marked inactive by France Compétences%s", fi.Cert.Code, fi.Cert.SuccessorText()))
		}
		if !explicit {
			continue
		}
		var others []string
		ours := false
		for _, c := range fi.Certifiers {
			if c.SIRET == "" {
				continue
			}
			if c.SIRET == string(me.SIRET) {
				ours = true
			}
			others = append(others, fmt.Sprintf("%s (SIRET %s)", c.Name, domain.FormatSIRET(c.SIRET)))
		}
		if !ours && len(others) > 0 {
			w = append(w, fmt.Sprintf("note: %s names %s as certifier, not your SIRET %s: imported because --code asks for it",
				fi.Cert.Code, strings.Join(others, " and "), me.SIRET.Formatted()))
		}
	}
	return w
}

func registerHint(res *fcexport.Result, code domain.CertCode) string {
	switch {
	case code.Register() == domain.RS && res.RS == 0:
		return "this file holds no RS fiche: RS fiches are in export-fiches-rs-v4-1-*.zip (or the CSV export)"
	case code.Register() == domain.RNCP && res.RNCP == 0:
		return "this file holds no RNCP fiche: RNCP fiches are in export-fiches-rncp-v4-1-*.zip (or the CSV export)"
	}
	return ""
}

func missingCodes(name string, res *fcexport.Result) error {
	var l []string
	var hints []string
	seen := map[string]bool{}
	for _, c := range res.Missing {
		l = append(l, string(c))
		if h := registerHint(res, c); h != "" && !seen[h] {
			seen[h] = true
			hints = append(hints, h)
		}
	}
	verb := "is"
	if len(l) > 1 {
		verb = "are"
	}
	hints = append(hints, "check the code on the fiche at francecompetences.fr; nothing was imported")
	return domain.Errorf(domain.KindNotFound, "FC_CODE_NOT_FOUND", "%s %s not in %s (%d fiches scanned)", strings.Join(l, ", "), verb, name, res.Scanned).
		WithHint("%s", strings.Join(hints, "; "))
}

func noMatch(name string, me domain.Certifier, res *fcexport.Result) error {
	var hints []string
	example := ""
	if len(res.SameSIREN) > 0 {
		hints = append(hints, "fiches of your company under another SIRET: "+strings.Join(res.SameSIREN, ", "))
		example = strings.Fields(res.SameSIREN[0])[0]
	}
	if len(res.SameName) > 0 {
		hints = append(hints, "fiches of a certifier named like you: "+strings.Join(res.SameName, ", "))
		if example == "" {
			example = res.SameName[0]
		}
	}
	if res.WithoutCertifierSIRET > 0 {
		hints = append(hints, fmt.Sprintf("France Compétences leaves the certifier SIRET empty on many fiches (%d here)", res.WithoutCertifierSIRET))
	}
	if len(res.Certifiers) > 0 {
		var top []string
		for i, c := range res.Certifiers {
			if i == 10 {
				top = append(top, fmt.Sprintf("… (%d certifiers in all)", len(res.Certifiers)))
				break
			}
			s := ""
			if c.Fiches > 1 {
				s = "s"
			}
			top = append(top, fmt.Sprintf("%s (%d fiche%s)", c.Name, c.Fiches, s))
		}
		hints = append(hints, "certifiers found: "+strings.Join(top, ", "))
	}
	if example == "" {
		example = "RNCP12345"
	}
	hints = append(hints, fmt.Sprintf("pick your fiches with --code, e.g. 'habil certification import %s --code %s', or check the SIRET given to 'habil init'", name, example))
	if res.RS == 0 {
		hints = append(hints, "RS fiches are in export-fiches-rs-v4-1-*.zip")
	} else if res.RNCP == 0 {
		hints = append(hints, "RNCP fiches are in export-fiches-rncp-v4-1-*.zip")
	}
	return domain.Errorf(domain.KindNotFound, "FC_NO_MATCH", "no fiche of %s names your SIRET %s (%s) as certifier (%d fiches scanned); nothing was imported",
		name, me.SIRET.Formatted(), me.Name, res.Scanned).WithHint("%s", strings.Join(hints, "; "))
}

// leftAlone lists the imported certifications of the database that this
// export (same register) no longer lists under the certifier's SIRET.
func leftAlone(all []*domain.Certification, res *fcexport.Result) []string {
	got := map[domain.CertCode]bool{}
	for _, fi := range res.Fiches {
		got[fi.Cert.Code] = true
	}
	var left []string
	for _, c := range all {
		if got[c.Code] || (c.Code.Register() == domain.RNCP && res.RNCP == 0) || (c.Code.Register() == domain.RS && res.RS == 0) {
			continue
		}
		if !strings.HasPrefix(c.Source, "fc-") {
			continue
		}
		left = append(left, string(c.Code))
	}
	return left
}

// CertificationEdit is what 'certification edit' changes: a nil field is
// left as it is; Clear names the fields to empty (ClearNames).
type CertificationEdit struct {
	Code                  domain.CertCode
	MinTrainingHours      *int
	InternshipMinHours    *int
	InternshipMaxHours    *int
	MinInPersonPct        *int
	MaxTraineesPerTrainer *int
	Prerequisites         *string
	JuryComposition       *string
	Award                 *domain.Award
	// BlocEvaluations sets the evaluation modalities of blocs, in order
	// (an empty Text clears the bloc's).
	BlocEvaluations []BlocEvaluation
	Clear           []string
}

// BlocEvaluation is one --bloc-evaluation BLOC=TEXT.
type BlocEvaluation struct {
	Bloc string // code as given (BC01 is completed with the certification's code)
	Text string
}

// ClearNames are the fields 'certification edit --clear' empties (the flag
// names); "bloc-evaluation" clears every bloc's evaluation modalities.
var ClearNames = []string{"min-training-hours", "internship-min-hours", "internship-max-hours", "min-in-person",
	"max-trainees-per-trainer", "prerequisites", "jury", "award", "bloc-evaluation"}

// CertificationEdited is what EditCertification did.
type CertificationEdited struct {
	Cert    *domain.Certification // after the edit
	Changes []string              // one line per field changed; empty: nothing changed, nothing written
}

// EditCertification sets the parameters the certifier fixes for a
// certification (domain.CertificationParams and each bloc's evaluation
// modalities), in one transaction journaled "edit". Only the fields given
// change. A bloc that is not the certification's is KindNotFound naming its
// blocs; parameters that contradict each other (an internship minimum above
// its maximum, given now or recorded before) are a KindConflict.
func (a *App) EditCertification(ctx context.Context, e CertificationEdit) (*CertificationEdited, error) {
	out := &CertificationEdited{}
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		c, err := tx.Certification(e.Code)
		if err != nil {
			return err
		}
		before := *c
		before.Blocs = append([]domain.Bloc(nil), c.Blocs...)
		p := &c.Params
		for _, name := range e.Clear {
			switch name {
			case "min-training-hours":
				p.MinTrainingHours = nil
			case "internship-min-hours":
				p.InternshipMinHours = nil
			case "internship-max-hours":
				p.InternshipMaxHours = nil
			case "min-in-person":
				p.MinInPersonPct = nil
			case "max-trainees-per-trainer":
				p.MaxTraineesPerTrainer = nil
			case "prerequisites":
				p.Prerequisites = ""
			case "jury":
				p.JuryComposition = ""
			case "award":
				p.Award = domain.AwardJury
			case "bloc-evaluation":
				for i := range c.Blocs {
					c.Blocs[i].Evaluation = ""
				}
			default:
				return domain.Invalid("CLEAR_NAME", "%q cannot be cleared: use one of %s", name, strings.Join(ClearNames, ", "))
			}
		}
		set := func(dst **int, v *int) {
			if v != nil {
				n := *v
				*dst = &n
			}
		}
		set(&p.MinTrainingHours, e.MinTrainingHours)
		set(&p.InternshipMinHours, e.InternshipMinHours)
		set(&p.InternshipMaxHours, e.InternshipMaxHours)
		set(&p.MinInPersonPct, e.MinInPersonPct)
		set(&p.MaxTraineesPerTrainer, e.MaxTraineesPerTrainer)
		if e.Prerequisites != nil {
			if p.Prerequisites, err = domain.CleanLines("the prerequisites", strings.TrimSpace(*e.Prerequisites)); err != nil {
				return err
			}
		}
		if e.JuryComposition != nil {
			if p.JuryComposition, err = domain.CleanLines("the jury composition", strings.TrimSpace(*e.JuryComposition)); err != nil {
				return err
			}
		}
		if e.Award != nil {
			p.Award = *e.Award
		}
		for _, be := range e.BlocEvaluations {
			code, err := domain.ParseBlocCode(c.Code, be.Bloc)
			if err != nil || !c.HasBloc(code) {
				return unknownBloc(c, be.Bloc)
			}
			text, err := domain.CleanLines("the evaluation modalities of bloc "+code, strings.TrimSpace(be.Text))
			if err != nil {
				return err
			}
			for i := range c.Blocs {
				if c.Blocs[i].Code == code {
					c.Blocs[i].Evaluation = text
				}
			}
		}
		if err := p.Validate(); err != nil {
			var de *domain.Error
			if errors.As(err, &de) {
				return domain.Conflict(de.Code, "%s", de.Msg).WithHint("check the values given and those recorded ('habil certification show %s')", c.Code)
			}
			return err
		}
		out.Changes = paramChanges(&before, c)
		out.Cert = c
		if len(out.Changes) == 0 {
			return nil
		}
		return tx.SaveCertificationParams(c)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func unknownBloc(c *domain.Certification, given string) error {
	if len(c.Blocs) == 0 {
		return domain.NotFound("%s has no blocs de compétences recorded: %q cannot be given evaluation modalities", c.Code, given).
			WithHint("an RS certification has no blocs; for an RNCP one, import its fiche ('habil certification import FILE') or add its blocs ('habil certification add %s … --update')", c.Code)
	}
	codes := make([]string, len(c.Blocs))
	for i, b := range c.Blocs {
		codes[i] = b.Code
	}
	return domain.NotFound("%q is not a bloc of %s: its blocs are %s", given, c.Code, strings.Join(codes, ", ")).
		WithHint("give --bloc-evaluation CODE=TEXT with one of them (BC01 is completed)")
}

// ParamText prints a recorded number with its unit, or "not recorded".
func ParamText(v *int, unit string) string {
	if v == nil {
		return "not recorded"
	}
	return fmt.Sprintf("%d%s", *v, unit)
}

func textOrNone(s string) string {
	if s == "" {
		return "not recorded"
	}
	s = strings.ReplaceAll(s, "\n", " / ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// paramChanges lists what differs between the parameters of a and b.
func paramChanges(a, b *domain.Certification) []string {
	var out []string
	num := func(name, unit string, x, y *int) {
		if ParamText(x, unit) != ParamText(y, unit) {
			out = append(out, fmt.Sprintf("%s: %s → %s", name, ParamText(x, unit), ParamText(y, unit)))
		}
	}
	pa, pb := a.Params, b.Params
	num("minimum training duration", " h", pa.MinTrainingHours, pb.MinTrainingHours)
	num("minimum internship duration", " h", pa.InternshipMinHours, pb.InternshipMinHours)
	num("maximum internship duration", " h", pa.InternshipMaxHours, pb.InternshipMaxHours)
	num("minimum in-person share", " %", pa.MinInPersonPct, pb.MinInPersonPct)
	num("maximum trainees per trainer", "", pa.MaxTraineesPerTrainer, pb.MaxTraineesPerTrainer)
	txt := func(name, x, y string) {
		if x != y {
			out = append(out, fmt.Sprintf("%s: %s → %s", name, textOrNone(x), textOrNone(y)))
		}
	}
	txt("prerequisites", pa.Prerequisites, pb.Prerequisites)
	txt("jury composition", pa.JuryComposition, pb.JuryComposition)
	award := func(x domain.Award) string {
		if x == "" {
			return string(domain.AwardJury)
		}
		return string(x)
	}
	if award(pa.Award) != award(pb.Award) {
		out = append(out, fmt.Sprintf("award: %s → %s", award(pa.Award), award(pb.Award)))
	}
	for i := range b.Blocs {
		if i < len(a.Blocs) && a.Blocs[i].Evaluation != b.Blocs[i].Evaluation {
			txt("bloc "+b.Blocs[i].Code+" evaluation", a.Blocs[i].Evaluation, b.Blocs[i].Evaluation)
		}
	}
	return out
}
