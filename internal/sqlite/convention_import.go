package sqlite

import (
	"errors"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// UpdateConventionDraft rewrites a draft convention that has a single
// version (what 'convention import' may change before signature: period,
// fees, scope, habilitation, reference, drawn-up date) and journals it
// under action; before is the convention as stored.
func (tx *Tx) UpdateConventionDraft(action string, before, after *domain.Convention) error {
	if len(after.Versions) != 1 {
		return errors.New("sqlite: only a draft with one version can be rewritten")
	}
	var hab any
	if after.HabilitationID != 0 {
		hab = after.HabilitationID
	}
	now := tx.convNow()
	res, err := tx.ExecContext(tx.ctx, `UPDATE convention SET habilitation_id=?, created_on=?, reference=?, updated_at=?
		WHERE id=? AND status=?`,
		hab, after.CreatedOn.String(), after.Reference, now, after.ID, string(domain.ConventionDraft))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ConventionNotFound(strconv.FormatInt(after.ID, 10))
	}
	t := after.Versions[0]
	if _, err := tx.ExecContext(tx.ctx, `UPDATE convention_version SET date=?, scope=?, blocs=?, access=?, date_from=?, date_to=?,
		fee_per_candidate=?, fee_per_exam=?, flat_fee=? WHERE convention_id=? AND version=1`,
		t.Date.String(), string(t.Scope), strings.Join(t.Blocs, ","), convAccessJoin(t.Access), t.From.String(), t.To.String(),
		int64(t.Fees.PerCandidate), int64(t.Fees.PerExam), int64(t.Fees.FlatYearly), after.ID); err != nil {
		return err
	}
	return tx.Journal(action, "convention", strconv.FormatInt(after.ID, 10), toConventionRow(before), toConventionRow(after))
}
