package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/desk-event/desk/checkin"
)

// SetDeskPrinting records a desk's printer, fallback and mode, and notes
// the change in the audit trail under the login that made it.
func (d *DB) SetDeskPrinting(ctx context.Context, p checkin.DeskPrinting) error {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("desk printing: %w", classify(err))
	}
	defer tx.Rollback()
	const q = `INSERT INTO desk_printing (desk, printer, fallback, mode, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (desk) DO UPDATE SET printer = excluded.printer, fallback = excluded.fallback, mode = excluded.mode,
			updated_at = excluded.updated_at, updated_by = excluded.updated_by`
	at := stamp(p.UpdatedAt)
	if _, err := tx.ExecContext(ctx, q, p.Desk, p.Printer, p.Fallback, string(p.Mode), at, p.UpdatedBy); err != nil {
		return fmt.Errorf("desk printing of %s: %w", p.Desk, classify(err))
	}
	const a = `INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, 'desk printing set', ?)`
	detail := fmt.Sprintf("desk %s: printer %q, fallback %q, mode %q", p.Desk, p.Printer, p.Fallback, p.Mode)
	if _, err := tx.ExecContext(ctx, a, at, p.UpdatedBy, detail); err != nil {
		return fmt.Errorf("auditing desk printing: %w", classify(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("desk printing of %s: %w", p.Desk, classify(err))
	}
	return nil
}

// DesksPrinting are the printing choices of every desk that made one, and
// of the desks logged in now (with nothing chosen), by desk name.
func (d *DB) DesksPrinting(ctx context.Context, now time.Time) ([]checkin.DeskPrinting, error) {
	const q = `SELECT desk, printer, fallback, mode, updated_at, updated_by FROM desk_printing
		UNION ALL
		SELECT DISTINCT desk, '', '', '', '', '' FROM staff_sessions
			WHERE role = 'desk' AND expires_at > ? AND desk NOT IN (SELECT desk FROM desk_printing)
		ORDER BY desk`
	rows, err := d.sql.QueryContext(ctx, q, stamp(now))
	if err != nil {
		return nil, fmt.Errorf("reading desk printing: %w", classify(err))
	}
	defer rows.Close()
	var out []checkin.DeskPrinting
	for rows.Next() {
		var p checkin.DeskPrinting
		var at string
		if err := rows.Scan(&p.Desk, &p.Printer, &p.Fallback, &p.Mode, &at, &p.UpdatedBy); err != nil {
			return nil, fmt.Errorf("reading desk printing: %w", classify(err))
		}
		if at != "" {
			if p.UpdatedAt, err = time.Parse(stampLayout, at); err != nil {
				return nil, fmt.Errorf("desk printing of %s: %w", p.Desk, err)
			}
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading desk printing: %w", classify(err))
	}
	return out, nil
}

// DeskPrinting is what one desk chose; a desk that chose nothing gets a
// DeskPrinting with only its name.
func (d *DB) DeskPrinting(ctx context.Context, desk string) (checkin.DeskPrinting, error) {
	p := checkin.DeskPrinting{Desk: desk}
	var at string
	const q = `SELECT printer, fallback, mode, updated_at, updated_by FROM desk_printing WHERE desk = ?`
	err := d.sql.QueryRowContext(ctx, q, desk).Scan(&p.Printer, &p.Fallback, &p.Mode, &at, &p.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("desk printing of %s: %w", desk, classify(err))
	}
	if p.UpdatedAt, err = time.Parse(stampLayout, at); err != nil {
		return p, fmt.Errorf("desk printing of %s: %w", desk, err)
	}
	return p, nil
}
