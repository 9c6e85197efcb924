package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
)

// JournalEntry is one line of the change journal.
type JournalEntry struct {
	Seq     int64
	At      string
	User    string
	Command string
	Action  string
	Entity  string
	ID      string
	Before  json.RawMessage
	After   json.RawMessage
}

// JournalFilter selects journal entries.
type JournalFilter struct {
	Entity string
	ID     string
	Limit  int // 0 = all
}

// Journal lists entries, oldest first.
func (db *DB) Journal(ctx context.Context, f JournalFilter) ([]JournalEntry, error) {
	q := `SELECT id, at, user, command, action, entity, entity_id, before, after FROM journal WHERE 1=1`
	var args []any
	if f.Entity != "" {
		q += ` AND entity = ?`
		args = append(args, f.Entity)
	}
	if f.ID != "" {
		q += ` AND entity_id = ?`
		args = append(args, f.ID)
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q = `SELECT * FROM (` + q + ` DESC LIMIT ?) ORDER BY id`
		args = append(args, f.Limit)
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.wrap(err, "read journal")
	}
	defer rows.Close()
	var out []JournalEntry
	for rows.Next() {
		var e JournalEntry
		var b, a sql.NullString
		if err := rows.Scan(&e.Seq, &e.At, &e.User, &e.Command, &e.Action, &e.Entity, &e.ID, &b, &a); err != nil {
			return nil, err
		}
		if b.Valid {
			e.Before = json.RawMessage(b.String)
		}
		if a.Valid {
			e.After = json.RawMessage(a.String)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
