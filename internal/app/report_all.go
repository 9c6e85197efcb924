package app

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/report"
)

// 'habil report all' writes every report of every certification and
// partner from ONE read snapshot of the database: the bundle registry below
// lists what it writes, each entry calling the same use cases as the single
// reports, over an App pinned to that snapshot (pinnedStore), which also
// makes any attempt to write fail. The CLI gives the file writers (XLSX,
// PDF, JSON), so that this package stays free of file formats.

// Writers turn the format-neutral results into the bytes of a file.
type Writers struct {
	// Workbook writes tables as one XLSX workbook, one sheet each.
	Workbook func(sheets []*Table) ([]byte, error)
	// PDF renders a document.
	PDF func(doc *report.Document) ([]byte, error)
	// FindingsJSON writes findings exactly as 'check --format json' prints them.
	FindingsJSON func(fs []domain.Finding) ([]byte, error)
	// Accrochage is the CDC file format (the accrochage preview).
	Accrochage AccrochageCodec
}

// OutFile is one file of a bundle: its name in the output folder and its bytes.
type OutFile struct {
	Name string
	Data []byte
	// Personal says the file holds personal data (mode 0600 either way;
	// kept for the manifest's readers).
	Personal bool
}

// BundleParams are what every bundle entry gets.
type BundleParams struct {
	At       domain.Date
	Findings []domain.Finding // the check's findings at At (computed once)
	Writers  Writers
}

// Bundle is one entry of the 'report all' registry.
type Bundle struct {
	Name  string // for messages
	Build func(ctx context.Context, a *App, p BundleParams) ([]OutFile, error)
}

var bundles []Bundle

// RegisterBundle adds an entry to the 'report all' registry; entries are
// written in the order of registration (each area registers its own in an
// init function of its file).
func RegisterBundle(b Bundle) { bundles = append(bundles, b) }

// ReportAllResult is what 'report all' built.
type ReportAllResult struct {
	At       domain.Date
	Files    []OutFile // sorted by name, names unique
	Findings []domain.Finding
}

// ReportAll builds every file of the registry at at from one read
// snapshot. It writes nothing to the database (a bundle that tried would
// fail) and nothing to disk: the CLI writes the files.
func (a *App) ReportAll(ctx context.Context, at domain.Date, w Writers) (*ReportAllResult, error) {
	if at.IsZero() {
		at = a.Today()
	}
	res := &ReportAllResult{At: at}
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		pa := a.Pinned(r)
		findings, err := pa.Check(ctx, at)
		if err != nil {
			return err
		}
		res.Findings = findings
		seen := map[string]string{}
		for _, b := range bundles {
			if err := ctx.Err(); err != nil {
				return err
			}
			files, err := b.Build(ctx, pa, BundleParams{At: at, Findings: findings, Writers: w})
			if err != nil {
				return fmt.Errorf("%s: %w", b.Name, err)
			}
			for _, f := range files {
				if other, dup := seen[f.Name]; dup {
					return fmt.Errorf("report all: %s and %s both write %s", other, b.Name, f.Name)
				}
				seen[f.Name] = b.Name
				res.Files = append(res.Files, f)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(res.Files, func(i, j int) bool { return res.Files[i].Name < res.Files[j].Name })
	return res, nil
}

// Pinned returns an App whose store answers every Read from r (one
// snapshot) and refuses every write: the use cases run unchanged over it.
// The snapshot does not change, so the enrolment and session lists that
// several reports read (cohorts, accrochage, royalties, the check) are
// read once and shared.
func (a *App) Pinned(r domain.Reader) *App {
	if _, ok := r.(*snapshotReader); !ok {
		r = &snapshotReader{Reader: r, enrollments: map[string][]domain.EnrollmentRecord{}, sessions: map[string][]*domain.Session{}}
	}
	return &App{Store: pinnedStore{r: r, base: a.Store}, Config: a.Config, Clock: a.Clock}
}

// snapshotReader remembers the lists read from one unchanging snapshot.
// Callers only read what it returns.
type snapshotReader struct {
	domain.Reader
	enrollments map[string][]domain.EnrollmentRecord
	sessions    map[string][]*domain.Session
	cohorts     *cohortData // loadCohorts, read once
	// The audit plan and the conventions ending at a date, built once: the
	// dashboard and the audit-plan and conventions-ending files of 'report
	// all' show the same tables.
	auditPlans map[domain.Date]*AuditPlanResult
	ending     map[domain.Date]*Table
}

// snapshot is the snapshot reader of a pinned App (nil otherwise).
func (a *App) snapshot() *snapshotReader {
	if ps, ok := a.Store.(pinnedStore); ok {
		s, _ := ps.r.(*snapshotReader)
		return s
	}
	return nil
}

// auditPlanAt is AuditPlan at at (every active partner), built once per
// snapshot of a pinned App.
func (a *App) auditPlanAt(ctx context.Context, at domain.Date) (*AuditPlanResult, error) {
	s := a.snapshot()
	if s == nil {
		return a.AuditPlan(ctx, AuditPlanInput{At: at})
	}
	if res, ok := s.auditPlans[at]; ok {
		return res, nil
	}
	res, err := a.AuditPlan(ctx, AuditPlanInput{At: at})
	if err != nil {
		return nil, err
	}
	if s.auditPlans == nil {
		s.auditPlans = map[domain.Date]*AuditPlanResult{}
	}
	s.auditPlans[at] = res
	return res, nil
}

// conventionsEndingAt is ConventionsEnding at at, built once per snapshot
// of a pinned App.
func (a *App) conventionsEndingAt(ctx context.Context, at domain.Date) (*Table, error) {
	s := a.snapshot()
	if s == nil {
		return a.ConventionsEnding(ctx, at)
	}
	if t, ok := s.ending[at]; ok {
		return t, nil
	}
	t, err := a.ConventionsEnding(ctx, at)
	if err != nil {
		return nil, err
	}
	if s.ending == nil {
		s.ending = map[domain.Date]*Table{}
	}
	s.ending[at] = t
	return t, nil
}

// Enrollments answers a selection by certification, session or holders
// from the one list of every enrolment (same order, same records): the
// reports of one run share each enrolment rather than hold a copy per
// selection (at scale 50, the holders are four fifths of 52,000
// enrolments).
func (s *snapshotReader) Enrollments(f domain.EnrollmentFilter) ([]domain.EnrollmentRecord, error) {
	if f.CandidateIDs == nil && f.CertificateNumber == "" && (f.Certification != "" || f.SessionID != 0 || f.Holders) {
		all, err := s.Enrollments(domain.EnrollmentFilter{})
		if err != nil {
			return nil, err
		}
		var out []domain.EnrollmentRecord
		for _, r := range all {
			if (f.Certification == "" || r.Session.Certification == f.Certification) &&
				(f.SessionID == 0 || r.Enrollment.SessionID == f.SessionID) &&
				(!f.Holders || r.Enrollment.Certificate() != nil) {
				out = append(out, r)
			}
		}
		return out, nil
	}
	k := fmt.Sprintf("%+v", f)
	if l, ok := s.enrollments[k]; ok {
		return l, nil
	}
	l, err := s.Reader.Enrollments(f)
	if err == nil {
		s.enrollments[k] = l
	}
	return l, err
}

func (s *snapshotReader) Sessions(f domain.SessionFilter) ([]*domain.Session, error) {
	k := fmt.Sprintf("%+v", f)
	if l, ok := s.sessions[k]; ok {
		return l, nil
	}
	l, err := s.Reader.Sessions(f)
	if err == nil {
		s.sessions[k] = l
	}
	return l, err
}

// pinnedStore is a read-only store over one open snapshot.
type pinnedStore struct {
	r    domain.Reader
	base domain.Store
}

func (s pinnedStore) Read(ctx context.Context, fn func(domain.Reader) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(s.r)
}

func (s pinnedStore) Update(context.Context, func(domain.Tx) error) error {
	return domain.Conflict("READ_ONLY", "this command only reads the database; it tried to write (a bug: please report it)")
}

func (s pinnedStore) Path() string   { return s.base.Path() }
func (s pinnedStore) Now() time.Time { return s.base.Now() }
func (s pinnedStore) Doctor(ctx context.Context) (domain.Health, error) {
	return domain.Health{}, domain.Conflict("READ_ONLY", "doctor cannot run inside a report")
}
func (s pinnedStore) BackupTo(context.Context, string) error {
	return domain.Conflict("READ_ONLY", "backup cannot run inside a report")
}

func (s pinnedStore) AutoBackup(context.Context, string) (string, error) {
	return "", domain.Conflict("READ_ONLY", "backup cannot run inside a report")
}
func (s pinnedStore) AutoBackups() []string { return s.base.AutoBackups() }
func (s pinnedStore) Checkpoint(context.Context) error {
	return domain.Conflict("READ_ONLY", "this command only reads the database")
}
