package db

import (
	"context"
	"fmt"
)

// SessionsPresent counts, by session id, the people in each session now:
// checked in there, not undone, not left. Sessions nobody is in are absent.
func (d *DB) SessionsPresent(ctx context.Context) (map[string]int, error) {
	const q = `SELECT session_id, count(*) FROM check_ins
WHERE session_id IS NOT NULL AND undone_at IS NULL AND left_at IS NULL GROUP BY session_id`
	rows, err := d.sql.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("people in sessions: %w", classify(err))
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("people in sessions: %w", err)
		}
		out[id] = n
	}
	return out, classify(rows.Err())
}
