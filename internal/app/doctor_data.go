package app

import (
	"context"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

// Doctor's checks of the database's content (beside its file checks in
// Doctor): records that contradict each other, which no command should
// have let in but an older version or a newer France Compétences export
// can leave. Each is one entry of doctorDataChecks.

// dataCheck is one content check: the check rule it reuses.
type dataCheck struct {
	Code string // the finding code of internal/check it evaluates
}

// doctorDataChecks lists doctor's content checks.
var doctorDataChecks = []dataCheck{
	// A re-imported fiche lost a bloc that habilitations or conventions
	// are limited to.
	{Code: check.BlocUnknown},
}

// DoctorData runs doctor's content checks on the register as it is today
// and returns one line per problem ("" none): the code and the finding's
// message. It only reads; a database that was never initialised has no
// content problem.
func (a *App) DoctorData(ctx context.Context) ([]string, error) {
	s := check.Snapshot{At: a.Today(), Limits: a.Config.Check}
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		if s.Certifications, err = r.Certifications(); err != nil {
			return err
		}
		if s.Partners, err = r.Partners(domain.PartnerFilter{NoHistory: true}); err != nil {
			return err
		}
		s.Conventions, err = r.Conventions(domain.ConventionFilter{})
		return err
	})
	if err != nil {
		return nil, err
	}
	env := check.NewEnv(s)
	var out []string
	for _, dc := range doctorDataChecks {
		rule, ok := check.RuleOf(dc.Code)
		if !ok {
			continue
		}
		findings := rule.Eval(env)
		check.Sort(findings)
		for _, f := range findings {
			out = append(out, f.Code+": "+f.Message)
		}
	}
	return out, nil
}
