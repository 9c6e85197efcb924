package app

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"

	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/domain"
)

// PurgeRequest is what 'privacy purge' asks.
type PurgeRequest struct {
	Before         domain.Date
	DryRun         bool
	IncludeHolders bool
}

// PurgeReport is what a purge did (or, dry-run, would do).
type PurgeReport struct {
	Before         domain.Date
	DryRun         bool
	IncludeHolders bool
	Targets        []domain.PurgeTarget
	Effect         domain.PurgeEffect
	// Backup is the automatic backup taken before the purge ("" dry-run).
	Backup string
	// Backups are the backup files beside the database that still hold
	// the purged data (the automatic ones and those of 'habil backup').
	Backups []string
}

// Full counts the targets anonymised entirely.
func (r *PurgeReport) Full() int {
	n := 0
	for _, t := range r.Targets {
		if t.Full {
			n++
		}
	}
	return n
}

// PrivacyPurge anonymises the candidates whose last session ended before
// req.Before (see domain.PurgeTarget): after a verified automatic backup,
// in one transaction, with their personal values redacted in the journal;
// then the write-ahead log is emptied so that no old value stays beside
// the file (the connection runs with secure_delete). A date after today is
// refused: a purge never touches anyone whose session is to come. The
// report names the candidates anonymised entirely domain.Redacted: it must
// not repeat what was erased (a dry run names them).
func (a *App) PrivacyPurge(ctx context.Context, req PurgeRequest) (*PurgeReport, error) {
	if req.Before.IsZero() {
		return nil, domain.Invalid("PURGE_BEFORE", "give the date with --before")
	}
	if req.Before.After(a.Today()) {
		return nil, domain.Conflict("PURGE_FUTURE", "--before %s is after today (%s): a purge only concerns candidates whose last session has ended", req.Before, a.Today()).
			WithHint("give a date in the past, e.g. today minus the retention period (config key privacy.retention_years)")
	}
	rep := &PurgeReport{Before: req.Before, DryRun: req.DryRun, IncludeHolders: req.IncludeHolders}
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		rep.Targets, err = r.PurgeTargets(req.Before, req.IncludeHolders)
		return err
	})
	if err != nil || req.DryRun || len(rep.Targets) == 0 {
		if err == nil && !req.DryRun {
			rep.Backups = a.backupsBeside()
		}
		return rep, err
	}
	if rep.Backup, err = a.Store.AutoBackup(ctx, "purge"); err != nil {
		return nil, err
	}
	err = a.Store.Update(ctx, func(tx domain.Tx) error {
		// Read again under the write lock: the list the purge applies is
		// the one of the state it changes.
		targets, err := tx.PurgeTargets(req.Before, req.IncludeHolders)
		if err != nil {
			return err
		}
		rep.Targets = targets
		rep.Effect, err = tx.PurgeCandidates(targets)
		return err
	})
	if err != nil {
		return nil, err
	}
	// The report must not repeat what was erased.
	for i := range rep.Targets {
		if rep.Targets[i].Full {
			rep.Targets[i].Name = domain.Redacted
		}
	}
	if err := a.Store.Checkpoint(ctx); err != nil {
		return rep, err
	}
	rep.Backups = a.backupsBeside()
	return rep, nil
}

// backupsBeside lists the backups next to the database: automatic ones
// and NAME-backup-*.db files written by 'habil backup'.
func (a *App) backupsBeside() []string {
	out := a.Store.AutoBackups()
	p := a.Store.Path()
	base := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
	if m, err := filepath.Glob(filepath.Join(filepath.Dir(p), base+"-backup-*.db")); err == nil {
		out = append(out, m...)
	}
	sort.Strings(out)
	return out
}

// PersonQuery names the person 'privacy export' is about: their identity
// (birth name, first name, birth date), their key as the journal shows it,
// or their e-mail.
type PersonQuery struct {
	BirthName, FirstName string
	BirthDate            domain.Date
	Key                  string
	Email                string
}

// PersonExport is everything habil holds about one person.
type PersonExport struct {
	ExportedAt string         `json:"exported_at"`
	Query      string         `json:"query"`
	People     []PersonRecord `json:"people"`
}

// PersonRecord is one candidate's data.
type PersonRecord struct {
	Identity      map[string]any   `json:"identity"`
	Enrollments   []map[string]any `json:"enrollments"`
	SurveyAnswers []map[string]any `json:"survey_answers"`
}

// PrivacyExport gathers everything about one person (identity, enrolments
// with their sessions, results and certificates, survey answers) and
// writes it as JSON to out, mode 0600. No match is KindNotFound.
func (a *App) PrivacyExport(ctx context.Context, q PersonQuery, out string) (*PersonExport, error) {
	exp := &PersonExport{ExportedAt: a.Clock().UTC().Format("2006-01-02T15:04:05Z07:00")}
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var people []*domain.Candidate
		switch {
		case q.Email != "":
			exp.Query = "email " + q.Email
			list, err := r.CandidatesByEmail(q.Email)
			if err != nil {
				return err
			}
			people = list
		default:
			key := strings.TrimSpace(q.Key)
			if key == "" {
				key = domain.CandidateKey(q.BirthName, q.FirstName, q.BirthDate)
			} else if parts := strings.Split(key, "|"); len(parts) == 3 {
				d, _ := domain.ParseOptionalDate(parts[2])
				key = domain.CandidateKey(parts[0], parts[1], d)
			}
			exp.Query = "candidate " + key
			found, err := r.CandidatesByKey([]string{key})
			if err != nil {
				return err
			}
			if c := found[key]; c != nil {
				people = append(people, c)
			}
		}
		if len(people) == 0 {
			return domain.NotFound("no candidate matches %s", exp.Query).
				WithHint("give the identity as \"BIRTH NAME;FIRST NAME;DD/MM/YYYY\" with --person, or the e-mail with --email")
		}
		for _, c := range people {
			rec := PersonRecord{Identity: identityJSON(c), Enrollments: []map[string]any{}, SurveyAnswers: []map[string]any{}}
			recs, err := r.Enrollments(domain.EnrollmentFilter{CandidateIDs: []int64{c.ID}})
			if err != nil {
				return err
			}
			for _, e := range recs {
				rec.Enrollments = append(rec.Enrollments, enrollmentJSON(e))
			}
			answers, err := r.CandidateSurveyAnswers(c.ID)
			if err != nil {
				return err
			}
			rec.SurveyAnswers = append(rec.SurveyAnswers, answers...)
			exp.People = append(exp.People, rec)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(exp, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := atomicfile.WriteBytes(out, 0o600, append(b, '\n')); err != nil {
		return nil, domain.Errorf(domain.KindInternal, "OUT_WRITE", "cannot write %s: %v", out, err).
			WithHint("choose another --out")
	}
	return exp, nil
}

func identityJSON(c *domain.Candidate) map[string]any {
	return map[string]any{
		"birth_name": c.BirthName, "usage_name": c.UsageName, "first_names": c.FirstNames,
		"birth_date": dateOrNil(c.BirthDate), "sex": string(c.Sex), "birth_insee": c.BirthINSEE,
		"birth_town": c.BirthTown, "birth_postal_code": c.BirthPostalCode, "birth_country": c.BirthCountry,
		"email": c.Email, "key": c.Key(),
	}
}

func enrollmentJSON(e domain.EnrollmentRecord) map[string]any {
	m := map[string]any{
		"enrollment_id": e.ID, "access": string(e.Access), "vae_type": string(e.VAEType), "blocs": nonNil(e.Blocs),
		"cpf_file": e.CPFFile, "registered_on": dateOrNil(e.RegisteredOn), "trained_by": string(e.TrainedBy),
		"accommodation": e.Accommodation, "result": string(e.Result), "blocs_validated": nonNil(e.BlocsValidated),
		"mention": string(e.Mention), "score": e.Score,
	}
	if s := e.Session; s != nil {
		m["session"] = map[string]any{"id": s.ID, "certification": string(s.Certification), "organiser": string(s.Partner),
			"date": dateOrNil(s.Date), "end_date": dateOrNil(s.EndDate), "place": s.Place}
	}
	certs := []map[string]any{}
	for _, c := range e.Certificates {
		certs = append(certs, map[string]any{"number": c.Number, "kind": string(c.Kind), "blocs": nonNil(c.Blocs),
			"jury_date": dateOrNil(c.JuryDate), "issued_on": dateOrNil(c.IssuedOn), "duplicates": c.Duplicates})
	}
	m["certificates"] = certs
	return m
}

func dateOrNil(d domain.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
