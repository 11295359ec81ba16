package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/desk-event/desk/checkin"
)

// QueueArrivalPrints queues the badges of the people checked in since the
// last call at desks that print on arrival (their choices over defaults),
// unless waiting to print or printed before, and moves the cursor past
// those check-ins: one transaction, so that after a crash every arrival is
// considered once. Undone check-ins and session scans are skipped (a
// session scan that records the day's arrival writes an entrance check-in
// of its own). A person arriving twice in one batch (the second day, an
// undo and a new scan) gets one badge, at their first arrival's desk.
//
// It is three statements however many arrivals: the transaction holds the
// write lock the check-ins also need, so it must be short.
func (d *DB) QueueArrivalPrints(ctx context.Context, defaults checkin.DeskPrinting, at time.Time) (queued int, err error) {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("queueing arrivals' badges: %w", classify(err))
	}
	defer tx.Rollback()
	var from int64
	var to sql.NullInt64
	const batch = `SELECT (SELECT check_in FROM print_cursor),
		(SELECT max(id) FROM (SELECT id FROM check_ins WHERE id > (SELECT check_in FROM print_cursor) ORDER BY id LIMIT 1000))`
	if err := tx.QueryRowContext(ctx, batch).Scan(&from, &to); err != nil {
		return 0, fmt.Errorf("queueing arrivals' badges: %w", classify(err))
	}
	if !to.Valid {
		return 0, nil // no new check-in
	}
	// The bare columns of an aggregate with min() come from the row with
	// the minimum (SQLite): each person's first arrival of the batch.
	const insert = `INSERT INTO print_jobs (registrant_id, desk, printer, fallback, state, created_at, updated_at, check_in_id)
		SELECT registrant_id, desk, printer, fallback, 'queued', :at, :at, arrival FROM (
			SELECT min(c.id) AS arrival, c.registrant_id, c.desk, coalesce(nullif(p.printer, ''), :printer) AS printer, coalesce(p.fallback, '') AS fallback
			FROM check_ins c LEFT JOIN desk_printing p ON p.desk = c.desk
			WHERE c.id > :from AND c.id <= :to AND c.session_id IS NULL AND c.undone_at IS NULL
				AND coalesce(nullif(p.mode, ''), :mode) = 'on_checkin' AND coalesce(nullif(p.printer, ''), :printer) <> ''
			GROUP BY c.registrant_id) first
		WHERE NOT EXISTS (SELECT 1 FROM print_jobs j WHERE j.registrant_id = first.registrant_id AND j.state IN ('queued', 'printing'))
			AND (SELECT printed_at IS NULL FROM registrants r WHERE r.id = first.registrant_id)
		ORDER BY arrival` // badges print in the order people came in
	res, err := tx.ExecContext(ctx, insert, sql.Named("at", stamp(at)), sql.Named("printer", defaults.Printer),
		sql.Named("mode", string(defaults.Mode)), sql.Named("from", from), sql.Named("to", to.Int64))
	if err != nil {
		return 0, fmt.Errorf("queueing arrivals' badges: %w", classify(err))
	}
	n, _ := res.RowsAffected()
	if _, err := tx.ExecContext(ctx, `UPDATE print_cursor SET check_in = ?`, to.Int64); err != nil {
		return 0, fmt.Errorf("queueing arrivals' badges: %w", classify(err))
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("queueing arrivals' badges: %w", classify(err))
	}
	return int(n), nil
}
