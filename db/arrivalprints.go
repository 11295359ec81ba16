package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/desk-event/desk/checkin"
)

// arrival is a check-in the printing worker has not considered.
type arrival struct {
	checkIn, registrant int64
	desk                checkin.DeskPrinting
	entrance            bool // an arrival of the day, not undone (not a session scan)
}

// QueueArrivalPrints queues the badges of the people checked in since the
// last call at desks that print on arrival (their choices over defaults),
// unless printed before, and moves the cursor past those check-ins: one
// transaction, so that after a crash every arrival is considered once.
// Undone check-ins and session scans are skipped; a session scan that
// recorded the day's arrival counts as an arrival at its desk.
func (d *DB) QueueArrivalPrints(ctx context.Context, defaults checkin.DeskPrinting, at time.Time) (queued int, err error) {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("queueing arrivals' badges: %w", classify(err))
	}
	defer tx.Rollback()
	arrivals, err := newArrivals(ctx, tx)
	if err != nil || len(arrivals) == 0 {
		return 0, err
	}
	for _, a := range arrivals {
		p := a.desk.Over(defaults)
		if !a.entrance || p.Mode != checkin.PrintOnCheckIn || p.Printer == "" {
			continue
		}
		j := checkin.PrintJob{RegistrantID: a.registrant, Desk: p.Desk, Printer: p.Printer, Fallback: p.Fallback, CreatedAt: at}
		_, ok, err := queueFirstPrint(ctx, tx, j)
		if err != nil {
			return 0, err
		}
		if ok {
			queued++
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE print_cursor SET check_in = ?`, arrivals[len(arrivals)-1].checkIn); err != nil {
		return 0, fmt.Errorf("queueing arrivals' badges: %w", classify(err))
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("queueing arrivals' badges: %w", classify(err))
	}
	return queued, nil
}

// newArrivals reads the check-ins past the cursor, 1,000 at most, with
// their desks' choices. Every check-in moves the cursor, the session scans
// and the undone ones too, so that a pass never reads them again.
func newArrivals(ctx context.Context, tx *sql.Tx) ([]arrival, error) {
	const q = `SELECT c.id, c.registrant_id, c.desk, coalesce(p.printer, ''), coalesce(p.fallback, ''), coalesce(p.mode, ''),
			c.session_id IS NULL AND c.undone_at IS NULL
		FROM check_ins c LEFT JOIN desk_printing p ON p.desk = c.desk
		WHERE c.id > (SELECT check_in FROM print_cursor)
		ORDER BY c.id LIMIT 1000`
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("reading new arrivals: %w", classify(err))
	}
	defer rows.Close()
	var arrivals []arrival
	for rows.Next() {
		var a arrival
		if err := rows.Scan(&a.checkIn, &a.registrant, &a.desk.Desk, &a.desk.Printer, &a.desk.Fallback, &a.desk.Mode, &a.entrance); err != nil {
			return nil, fmt.Errorf("reading new arrivals: %w", classify(err))
		}
		arrivals = append(arrivals, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading new arrivals: %w", classify(err))
	}
	return arrivals, nil
}
