package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"github.com/habil-app/habil/internal/domain"
)

type (
	// JournalEntry is one line of the change journal (see domain).
	JournalEntry = domain.JournalEntry
	// JournalFilter selects journal entries (see domain).
	JournalFilter = domain.JournalFilter
)

// Journal lists entries, oldest first.
func (db *DB) Journal(ctx context.Context, f JournalFilter) ([]JournalEntry, error) {
	l, err := journal(ctx, db.sql, f)
	return l, db.wrap(err, "read journal")
}

// Journal lists entries inside the transaction.
func (tx *Tx) JournalEntries(f JournalFilter) ([]JournalEntry, error) { return journal(tx.ctx, tx, f) }

func journal(ctx context.Context, q querier, f JournalFilter) ([]JournalEntry, error) {
	query := `SELECT id, at, user, command, action, entity, entity_id, before, after FROM journal WHERE 1=1`
	var args []any
	if f.Entity != "" {
		query += ` AND entity = ?`
		args = append(args, f.Entity)
	}
	if f.ID != "" {
		query += ` AND entity_id = ?`
		args = append(args, f.ID)
	}
	if f.Since != "" {
		query += ` AND at >= ?`
		args = append(args, f.Since)
	}
	if f.Until != "" {
		query += ` AND at < ?`
		args = append(args, f.Until)
	}
	if f.User != "" {
		query += ` AND user = ?`
		args = append(args, f.User)
	}
	if f.Action != "" {
		query += ` AND action = ?`
		args = append(args, f.Action)
	}
	query += ` ORDER BY id`
	if f.Limit > 0 {
		query = `SELECT * FROM (` + query + ` DESC LIMIT ?) ORDER BY id`
		args = append(args, f.Limit)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
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
