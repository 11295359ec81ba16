package db

import (
	"context"
	"fmt"
	"time"

	"github.com/desk-event/desk/checkin"
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

// Visits lists every check-in at a session's door that was not undone,
// with the person's badge code, by time of entry: the reports and
// certificates build on them.
func (d *DB) Visits(ctx context.Context) ([]checkin.Visit, error) {
	const q = `SELECT c.registrant_id, r.code, c.session_id, c.day, c.at, coalesce(c.left_at, ''), c.forced
FROM check_ins c JOIN registrants r ON r.id = c.registrant_id
WHERE c.session_id IS NOT NULL AND c.undone_at IS NULL ORDER BY c.at, c.id`
	rows, err := d.sql.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("session check-ins: %w", classify(err))
	}
	defer rows.Close()
	var out []checkin.Visit
	for rows.Next() {
		var v checkin.Visit
		var day, at, left string
		if err := rows.Scan(&v.Registrant, &v.Code, &v.Session, &day, &at, &left, &v.Forced); err != nil {
			return nil, fmt.Errorf("session check-ins: %w", err)
		}
		v.Day = checkin.Day(day)
		v.At, _ = time.Parse(time.RFC3339Nano, at)
		if left != "" {
			v.LeftAt, _ = time.Parse(time.RFC3339Nano, left)
		}
		out = append(out, v)
	}
	return out, classify(rows.Err())
}
