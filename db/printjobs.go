package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/desk-event/desk/checkin"
)

const printJobColumns = `id, registrant_id, desk, printer, fallback, state, reason, cups_job, reprint_reason, created_at, updated_at, attempts`

// AddPrintJob queues a badge for a CUPS queue; a reprint (reason not "")
// is noted in the audit trail with its reason.
func (d *DB) AddPrintJob(ctx context.Context, j checkin.PrintJob) (checkin.PrintJob, error) {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return j, fmt.Errorf("queueing a badge: %w", classify(err))
	}
	defer tx.Rollback()
	const q = `INSERT INTO print_jobs (registrant_id, desk, printer, fallback, state, reprint_reason, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'queued', ?, ?, ?) RETURNING id`
	if err := tx.QueryRowContext(ctx, q, j.RegistrantID, j.Desk, j.Printer, j.Fallback, j.ReprintReason, stamp(j.CreatedAt), stamp(j.CreatedAt)).Scan(&j.ID); err != nil {
		return j, fmt.Errorf("queueing a badge: %w", classify(err))
	}
	if j.ReprintReason != "" {
		const a = `INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)`
		detail := fmt.Sprintf("registrant %d, print job %d, printer %s", j.RegistrantID, j.ID, j.Printer)
		if _, err := tx.ExecContext(ctx, a, stamp(j.CreatedAt), j.Desk, "badge reprinted: "+j.ReprintReason, detail); err != nil {
			return j, fmt.Errorf("auditing a reprint: %w", classify(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return j, fmt.Errorf("queueing a badge: %w", classify(err))
	}
	j.State, j.UpdatedAt = checkin.PrintQueued, j.CreatedAt
	return j, nil
}

// QueueFirstPrint queues a person's badge unless it is waiting to print
// or was printed (by a desk, or on a sheet from desk badges; a badge to
// correct is printed again with a reason): one statement, so that two desks, a retried scan or a
// second day never print it twice. queued is false when nothing was added.
func (d *DB) QueueFirstPrint(ctx context.Context, j checkin.PrintJob) (_ checkin.PrintJob, queued bool, err error) {
	return queueFirstPrint(ctx, d.sql, j)
}

// rowQuerier is a database or a transaction.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// queueFirstPrint is QueueFirstPrint in a transaction or not: with an
// entrance check-in, it is written in the check-in's own transaction.
func queueFirstPrint(ctx context.Context, q rowQuerier, j checkin.PrintJob) (checkin.PrintJob, bool, error) {
	const insert = `INSERT INTO print_jobs (registrant_id, desk, printer, fallback, state, created_at, updated_at)
		SELECT ?, ?, ?, ?, 'queued', ?, ?
		WHERE NOT EXISTS (SELECT 1 FROM print_jobs WHERE registrant_id = ? AND state IN ('queued', 'printing'))
		AND (SELECT printed_at IS NULL FROM registrants WHERE id = ?)
		RETURNING id`
	at := stamp(j.CreatedAt)
	err := q.QueryRowContext(ctx, insert, j.RegistrantID, j.Desk, j.Printer, j.Fallback, at, at, j.RegistrantID, j.RegistrantID).Scan(&j.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return j, false, nil
	}
	if err != nil {
		return j, false, fmt.Errorf("queueing a badge: %w", classify(err))
	}
	j.State, j.UpdatedAt = checkin.PrintQueued, j.CreatedAt
	return j, true, nil
}

// UpdatePrintJob records a job's new state, printers, CUPS job, reason and
// attempts. A badge printed counts as a printing of the person's badge,
// as desk badges counts its sheets, so that desk badges --unprinted
// leaves it out. (The registrants' version does not move: what it keys,
// the search index and the sessions' counts, has no printing in it.)
func (d *DB) UpdatePrintJob(ctx context.Context, j checkin.PrintJob) error {
	return d.updatePrintJob(ctx, nil, j)
}

// ChangePrintJob is UpdatePrintJob for a job still as from was (state,
// printer, fallback): the print worker's step, which a desk moving its
// queued badges or an undo ending one may have overtaken, in which case
// nothing is written and the error is checkin.ErrPrintJobChanged.
func (d *DB) ChangePrintJob(ctx context.Context, from, to checkin.PrintJob) error {
	return d.updatePrintJob(ctx, &from, to)
}

func (d *DB) updatePrintJob(ctx context.Context, from *checkin.PrintJob, j checkin.PrintJob) error {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("print job %d: %w", j.ID, classify(err))
	}
	defer tx.Rollback()
	q := `UPDATE print_jobs SET state = ?, printer = ?, fallback = ?, reason = ?, cups_job = ?, attempts = ?, updated_at = ? WHERE id = ?`
	args := []any{string(j.State), j.Printer, j.Fallback, j.Reason, j.CUPSJob, j.Attempts, stamp(j.UpdatedAt), j.ID}
	if from != nil {
		q += ` AND state = ? AND printer = ? AND fallback = ?`
		args = append(args, string(from.State), from.Printer, from.Fallback)
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("print job %d: %w", j.ID, classify(err))
	}
	if n, _ := res.RowsAffected(); n == 0 && from != nil {
		return fmt.Errorf("print job %d: %w", j.ID, checkin.ErrPrintJobChanged)
	}
	if j.State == checkin.PrintDone {
		const printed = `UPDATE registrants SET print_count = print_count + 1, printed_at = ? WHERE id = ?`
		if _, err := tx.ExecContext(ctx, printed, stamp(j.UpdatedAt), j.RegistrantID); err != nil {
			return fmt.Errorf("print job %d: %w", j.ID, classify(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("print job %d: %w", j.ID, classify(err))
	}
	return nil
}

// PrintJob reads one job.
func (d *DB) PrintJob(ctx context.Context, id int64) (checkin.PrintJob, error) {
	js, err := d.printJobs(ctx, `SELECT `+printJobColumns+` FROM print_jobs WHERE id = ?`, id)
	if err == nil && len(js) == 0 {
		err = fmt.Errorf("print job %d: %w", id, checkin.ErrNotFound)
	}
	if err != nil {
		return checkin.PrintJob{}, err
	}
	return js[0], nil
}

// MoveQueuedPrints sends a desk's badges still waiting in desk's queue to
// the printer and fallback it now has: a desk whose printer is down
// chooses another, and the badges of those who arrived meanwhile go
// there too. Badges already in CUPS stay where they are.
func (d *DB) MoveQueuedPrints(ctx context.Context, desk, printer, fallback string) (int, error) {
	// A try with no outcome recorded (attempts, no reason: lp running, or
	// cut short by a crash) may be in CUPS on its printer: it stays, to be
	// looked for there.
	const q = `UPDATE print_jobs SET printer = ?, fallback = ? WHERE desk = ? AND state = 'queued' AND (printer <> ? OR fallback <> ?)
		AND (attempts = 0 OR reason <> '')`
	res, err := d.sql.ExecContext(ctx, q, printer, fallback, desk, printer, fallback)
	if err != nil {
		return 0, fmt.Errorf("moving %s's queued badges: %w", desk, classify(err))
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// OpenPrintJobs are the jobs printing, and the oldest job queued for each
// printer: what the worker looks at in one pass, however long the queue.
func (d *DB) OpenPrintJobs(ctx context.Context) ([]checkin.PrintJob, error) {
	// printers steps from one printer with jobs queued to the next along
	// the index print_jobs_queued, rather than reading every queued job.
	return d.printJobs(ctx, `WITH RECURSIVE printers(printer) AS (
			SELECT min(printer) FROM print_jobs WHERE state = 'queued'
			UNION ALL
			SELECT (SELECT min(printer) FROM print_jobs WHERE state = 'queued' AND printer > printers.printer)
			FROM printers WHERE printer IS NOT NULL)
		SELECT `+printJobColumns+` FROM print_jobs WHERE state = 'printing'
		UNION ALL
		SELECT `+printJobColumns+` FROM print_jobs WHERE id IN (
			SELECT (SELECT min(id) FROM print_jobs WHERE state = 'queued' AND printer = printers.printer) FROM printers WHERE printer IS NOT NULL)
		ORDER BY id`)
}

// DeskPrintJobs are a desk's latest n jobs, newest first; every desk's
// when desk is "".
func (d *DB) DeskPrintJobs(ctx context.Context, desk string, n int) ([]checkin.PrintJob, error) {
	if desk == "" {
		return d.printJobs(ctx, `SELECT `+printJobColumns+` FROM print_jobs ORDER BY id DESC LIMIT ?`, n)
	}
	return d.printJobs(ctx, `SELECT `+printJobColumns+` FROM print_jobs WHERE desk = ? ORDER BY id DESC LIMIT ?`, desk, n)
}

// WaitingPrints are the people whose badge waits for a desk's printer
// (a job queued or printing).
func (d *DB) WaitingPrints(ctx context.Context) (map[int64]bool, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT DISTINCT registrant_id FROM print_jobs WHERE state IN ('queued', 'printing')`)
	if err != nil {
		return nil, fmt.Errorf("reading print jobs: %w", classify(err))
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("reading print jobs: %w", classify(err))
		}
		out[id] = true
	}
	return out, classify(rows.Err())
}

// LastPrintJob is a person's latest job that is not failed; found is false
// when their badge was never sent to a printer.
func (d *DB) LastPrintJob(ctx context.Context, registrantID int64) (j checkin.PrintJob, found bool, err error) {
	js, err := d.printJobs(ctx, `SELECT `+printJobColumns+` FROM print_jobs WHERE registrant_id = ? AND state != 'failed' ORDER BY id DESC LIMIT 1`, registrantID)
	if err != nil || len(js) == 0 {
		return j, false, err
	}
	return js[0], true, nil
}

// printJobs reads the print jobs a query selects.
func (d *DB) printJobs(ctx context.Context, q string, args ...any) ([]checkin.PrintJob, error) {
	rows, err := d.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("reading print jobs: %w", classify(err))
	}
	defer rows.Close()
	var out []checkin.PrintJob
	for rows.Next() {
		var j checkin.PrintJob
		var created, updated string
		if err := rows.Scan(&j.ID, &j.RegistrantID, &j.Desk, &j.Printer, &j.Fallback, &j.State, &j.Reason, &j.CUPSJob, &j.ReprintReason, &created, &updated, &j.Attempts); err != nil {
			return nil, fmt.Errorf("reading print jobs: %w", classify(err))
		}
		j.CreatedAt, err = time.Parse(stampLayout, created)
		if err == nil {
			j.UpdatedAt, err = time.Parse(stampLayout, updated)
		}
		if err != nil {
			return nil, fmt.Errorf("print job %d: %w", j.ID, err)
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("reading print jobs: %w", classify(err))
	}
	return out, nil
}
