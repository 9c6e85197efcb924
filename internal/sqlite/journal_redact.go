package sqlite

import (
	"database/sql"
	"encoding/json"
	"sort"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// This is the one file allowed to rewrite journal rows (see
// TestJournalIsAppendOnly): 'privacy purge' replaces the personal values of
// the people it anonymises, and nothing else.

// redactJournal replaces values (a purged candidate's personal data) by
// domain.Redacted in the journal entries about that candidate: those of
// the candidate record (entity candidate, id candidateID) and those whose
// values or command line hold the candidate's key or both their birth name
// and first name. It returns the number of entries changed.
func (tx *Tx) redactJournal(candidateID, key string, values []string) (int, error) {
	var vals []string
	seen := map[string]bool{}
	for _, v := range values {
		for _, w := range []string{v, strings.ToUpper(v)} {
			w = strings.TrimSpace(w)
			if len([]rune(w)) < 2 || seen[w] {
				continue
			}
			seen[w] = true
			vals = append(vals, w)
		}
	}
	if len(vals) == 0 {
		return 0, nil
	}
	// Longest first: "Marie-Claire" before "Marie".
	sort.Slice(vals, func(i, j int) bool {
		if len(vals[i]) != len(vals[j]) {
			return len(vals[i]) > len(vals[j])
		}
		return vals[i] < vals[j]
	})
	rows, err := tx.QueryContext(tx.ctx, `SELECT id, command, entity_id, before, after FROM journal
		WHERE (entity = 'candidate' AND entity_id = ?)
		   OR instr(coalesce(before, ''), ?) > 0 OR instr(coalesce(after, ''), ?) > 0 OR instr(command, ?) > 0`,
		candidateID, jsonInner(key), jsonInner(key), key)
	if err != nil {
		return 0, err
	}
	type entry struct {
		id                int64
		command, entityID string
		before, after     sql.NullString
	}
	var list []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.id, &e.command, &e.entityID, &e.before, &e.after); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, e := range list {
		cmd, before, after := e.command, e.before, e.after
		for _, v := range vals {
			cmd = strings.ReplaceAll(cmd, v, domain.Redacted)
			in := jsonInner(v)
			if before.Valid {
				before.String = strings.ReplaceAll(before.String, in, domain.Redacted)
			}
			if after.Valid {
				after.String = strings.ReplaceAll(after.String, in, domain.Redacted)
			}
		}
		if cmd == e.command && before == e.before && after == e.after {
			continue
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE journal SET command = ?, before = ?, after = ? WHERE id = ?`, cmd, before, after, e.id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// jsonInner is v as it appears inside a JSON string.
func jsonInner(v string) string {
	b, _ := json.Marshal(v)
	return string(b[1 : len(b)-1])
}
