package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/desk-event/desk/checkin"
)

// Scan answers one scan at a desk, at the entrance or at a session's door,
// and records what the rules allow. Input that is not a badge code is
// answered without touching the database. The facts the rule needs (who
// is in today, who is in the session, how many) are read, the rule
// applied and the result written in one transaction of the one writer,
// so that capacity is checked and taken atomically; the unique indexes
// (one arrival per person and day, one presence per person and session)
// and the unique nonce guard it too: racing desks get one check-in, and a
// retried request gets its first answer. The answer is given only after
// the commit, which synchronous=FULL makes durable.
func (d *DB) Scan(ctx context.Context, req checkin.ScanRequest) (checkin.ScanResult, error) {
	code, outcome, hint := checkin.Classify(req.Input)
	if outcome != "" {
		return checkin.ScanResult{Outcome: outcome, Hint: hint}, nil
	}
	r, err := d.RegistrantByCode(ctx, code)
	if errors.Is(err, checkin.ErrNotFound) {
		return checkin.ScanResult{Outcome: checkin.UnknownCode}, nil
	}
	if err != nil {
		return checkin.ScanResult{}, err
	}
	p := pendingCheckIn{r: r, req: req, done: make(chan writeResult, 1)}
	if req.Session != nil {
		p.req.Day = req.Session.Day // a session's check-in belongs to its day
		p.registered = req.Registered != nil && req.Registered(r)
	} else {
		p.registered = r.RegisteredFor(req.Day)
	}
	return d.write(ctx, p)
}

// write hands a scan to the writer, which decides and commits it with
// whatever other scans arrived meanwhile, and waits for the commit.
func (d *DB) write(ctx context.Context, p pendingCheckIn) (checkin.ScanResult, error) {
	d.writerMu.RLock()
	if d.checkIns == nil {
		d.writerMu.RUnlock()
		return checkin.ScanResult{}, errors.New("the database is closed")
	}
	d.checkIns <- p
	d.writerMu.RUnlock()
	select {
	case res := <-p.done:
		return res.res, res.err
	case <-ctx.Done():
		return checkin.ScanResult{}, ctx.Err()
	}
}

// maxBatch bounds how many check-ins share one commit.
const maxBatch = 256

type pendingCheckIn struct {
	r          checkin.Registrant
	req        checkin.ScanRequest
	registered bool // for the day at the entrance, for the session at its door
	done       chan writeResult
}

type writeResult struct {
	res checkin.ScanResult
	err error
}

// writeCheckIns is the one goroutine that writes check-ins. Concurrent
// scans are grouped into one transaction: one durable commit (one fsync)
// for all of them, and no desk waits on SQLite's lock. Each is answered
// only after the commit.
func (d *DB) writeCheckIns(in <-chan pendingCheckIn, stopped chan<- struct{}) {
	defer close(stopped)
	for first := range in {
		batch := []pendingCheckIn{first}
	more:
		for len(batch) < maxBatch {
			select {
			case p, ok := <-in:
				if !ok {
					break more
				}
				batch = append(batch, p)
			default:
				break more
			}
		}
		results, err := d.commitCheckIns(batch)
		for i, p := range batch {
			if err != nil {
				results[i] = writeResult{err: err}
			}
			p.done <- results[i]
		}
	}
}

// commitCheckIns decides and writes a batch in one transaction. Each scan
// runs under its own savepoint: one that fails leaves no half of itself
// (a session check-in without its arrival) and does not fail the others.
func (d *DB) commitCheckIns(batch []pendingCheckIn) ([]writeResult, error) {
	ctx := context.Background() // one desk giving up must not abort the others' arrivals
	results := make([]writeResult, len(batch))
	sqlTx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return results, classify(err)
	}
	defer sqlTx.Rollback()
	tx := newBatchTx(sqlTx)
	defer tx.closeStatements()
	for i, p := range batch {
		if _, err := tx.ExecContext(ctx, `SAVEPOINT scan`); err != nil {
			return results, classify(err)
		}
		results[i].res, results[i].err = arrive(ctx, tx, p)
		end := []string{`RELEASE scan`}
		if results[i].err != nil {
			end = []string{`ROLLBACK TO scan`, `RELEASE scan`}
		}
		for _, q := range end {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return results, classify(err)
			}
		}
	}
	tx.closeStatements()
	return results, classify(tx.Commit())
}

// execer is a transaction, prepared (the writer's) or not.
type execer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// audit records a change to a check-in: when, by which desk and staff
// session (its short id; "" for none), what.
func audit(ctx context.Context, tx execer, at time.Time, actor, session, action string, checkInID int64) error {
	const q = `INSERT INTO audit (at, actor, staff_session, action, check_in_id) VALUES (?, ?, ?, ?, ?)`
	if _, err := tx.ExecContext(ctx, q, stamp(at), actor, nullable(session), action, checkInID); err != nil {
		return fmt.Errorf("audit: %w", classify(err))
	}
	return nil
}

// storedCheckIn is a check-in row with the nonce that created it.
type storedCheckIn struct {
	checkin.CheckIn
	Nonce string
}

const checkInColumns = `id, registrant_id, day, at, desk, forced, health_pass_verified, nonce, coalesce(session_id, ''), coalesce(left_at, '')`

func scanCheckIn(row interface{ Scan(...any) error }) (storedCheckIn, error) {
	var c storedCheckIn
	var day, at, left string
	var verified sql.NullBool
	if err := row.Scan(&c.ID, &c.RegistrantID, &day, &at, &c.Desk, &c.Forced, &verified, &c.Nonce, &c.SessionID, &left); err != nil {
		return c, err
	}
	c.Day = checkin.Day(day)
	c.At, _ = time.Parse(time.RFC3339Nano, at)
	if left != "" {
		c.LeftAt, _ = time.Parse(time.RFC3339Nano, left)
	}
	if verified.Valid {
		c.HealthPassVerified = &verified.Bool
	}
	return c, nil
}

// RegistrantByCode finds a registrant by badge code (checkin.ErrNotFound
// if none).
func (d *DB) RegistrantByCode(ctx context.Context, code checkin.Code) (checkin.Registrant, error) {
	const q = `SELECT id, first_name, last_name, organisation, category, cancelled, walk_in,
       coalesce((SELECT group_concat(day) FROM registrant_days WHERE registrant_id = r.id), ''),
       coalesce((SELECT group_concat(choice, char(31)) FROM registrant_choices WHERE registrant_id = r.id), ''),
       print_count, coalesce(printed_at, '')
FROM registrants r WHERE code = ?`
	r := checkin.Registrant{Code: code}
	var days, choices, printed string
	err := d.sql.QueryRowContext(ctx, q, string(code)).Scan(&r.ID, &r.FirstName, &r.LastName, &r.Organisation,
		&r.Category, &r.Cancelled, &r.WalkIn, &days, &choices, &r.PrintCount, &printed)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("badge code: %w", checkin.ErrNotFound)
	}
	if err != nil {
		return r, classify(err)
	}
	r.Days, r.Choices = splitDays(days), splitChoices(choices)
	r.PrintedAt, _ = time.Parse(time.RFC3339Nano, printed) // as selectRegistrants: older stamps have fewer digits
	return r, nil
}

// amendable is the condition on a check-in that a.Any (the organiser) or
// its own staff session within the undo window may change; its arguments
// come from amendArgs.
const amendable = `id = ? AND undone_at IS NULL AND (? OR (staff_session = ? AND at >= ?))`

func amendArgs(a checkin.Amendment) []any {
	return []any{a.ID, a.Any, a.Session, stamp(a.Since)}
}

// Undo cancels a check-in; it stays in the table, marked undone, and the
// audit trail says who undid it and when. A desk undoes only the
// check-ins of its own staff session made since a.Since; the organiser
// (a.Any) any. Whatever else is checkin.ErrUnknownCheckIn. Session
// check-ins share the id space: undoing one that recorded the day's
// arrival too undoes that arrival as well.
func (d *DB) Undo(ctx context.Context, a checkin.Amendment) error {
	// A desk does not undo a visit the person has left: that would erase
	// their attendance (the organiser may, to correct a mistake).
	const q = `UPDATE check_ins SET undone_at = ?, undone_by = ? WHERE ` + amendable + ` AND (left_at IS NULL OR ?)`
	const arrival = `UPDATE check_ins SET undone_at = ?, undone_by = ? WHERE recorded_with = ? AND undone_at IS NULL RETURNING id`
	err := d.amend(ctx, a, "undone", q, append(append([]any{stamp(a.At), a.Desk}, amendArgs(a)...), a.Any), func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, arrival, stamp(a.At), a.Desk, a.ID).Scan(&id)
		switch {
		case err == nil:
			if err := audit(ctx, tx, a.At, a.Desk, a.Session, "undone with its session check-in", id); err != nil {
				return err
			}
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("undo the arrival recorded with check-in %d: %w", a.ID, classify(err))
		}
		if err := unqueueBadge(ctx, tx, a); err != nil {
			return err
		}
		return giveBack(ctx, tx, a)
	})
	if errors.Is(err, checkin.ErrUnknownCheckIn) && !a.Any && d.leftVisit(ctx, a) {
		return fmt.Errorf("undo check-in %d: %w", a.ID, checkin.ErrVisitLeft)
	}
	return err
}

// unqueueBadge ends the job of a badge still waiting in desk's queue that
// the undone arrival (or the arrival recorded with it) queued: a scan made
// by mistake prints nothing, and the person's real arrival later prints
// their badge. Badges asked for on a desk's button stay.
func unqueueBadge(ctx context.Context, tx *sql.Tx, a checkin.Amendment) error {
	const q = `UPDATE print_jobs SET state = 'failed', reason = 'check-in undone before the badge printed', updated_at = ?
		WHERE state = 'queued' AND check_in_id IN (SELECT id FROM check_ins WHERE id = ? OR recorded_with = ?)`
	if _, err := tx.ExecContext(ctx, q, stamp(a.At), a.ID, a.ID); err != nil {
		return fmt.Errorf("undo check-in %d: the badge waiting to print: %w", a.ID, classify(err))
	}
	return nil
}

// leftVisit tells whether an undo the desk may otherwise make was refused
// because the person left that session visit.
func (d *DB) leftVisit(ctx context.Context, a checkin.Amendment) bool {
	var left bool
	err := d.sql.QueryRowContext(ctx, `SELECT left_at IS NOT NULL FROM check_ins WHERE `+amendable, amendArgs(a)...).Scan(&left)
	return err == nil && left
}

// giveBack restores the presence that an undone session check-in had
// ended by moving the person (a scan at the wrong door), and audits it.
func giveBack(ctx context.Context, tx *sql.Tx, a checkin.Amendment) error {
	// Not when the person is in that session again, or in another one now
	// (they moved on): only a presence nothing has taken the place of.
	const q = `UPDATE check_ins SET left_at = NULL, left_with = NULL WHERE left_with = ? AND undone_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM check_ins o WHERE o.registrant_id = check_ins.registrant_id AND o.session_id IS NOT NULL
    AND o.undone_at IS NULL AND o.left_at IS NULL)
  RETURNING id`
	rows, err := tx.QueryContext(ctx, q, a.ID)
	if err != nil {
		return fmt.Errorf("give back the presence check-in %d ended: %w", a.ID, classify(err))
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return classify(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if err := audit(ctx, tx, a.At, a.Desk, a.Session, "presence restored: the move that ended it was undone", id); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("give back the presence check-in %d ended: %w", a.ID, classify(err))
	}
	return nil
}

// SetHealthPass records, on an arrival already made, that the health pass
// was (or was not) checked, by which desk and when, under the same rule as
// Undo; the change is audited.
func (d *DB) SetHealthPass(ctx context.Context, a checkin.Amendment, verified bool) error {
	const q = `UPDATE check_ins SET health_pass_verified = ?, health_pass_at = ?, health_pass_desk = ? WHERE ` + amendable
	var when, who any
	action := "health pass unmarked"
	if verified {
		when, who, action = stamp(a.At), a.Desk, "health pass checked"
	}
	return d.amend(ctx, a, action, q, append([]any{verified, when, who}, amendArgs(a)...), nil)
}

// amend runs one conditional UPDATE of a check-in, audits it and runs
// then (if any) in the same transaction; no row changed is
// checkin.ErrUnknownCheckIn.
func (d *DB) amend(ctx context.Context, a checkin.Amendment, action, q string, args []any, then func(*sql.Tx) error) error {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return classify(err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return classify(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s: check-in %d: %w", action, a.ID, checkin.ErrUnknownCheckIn)
	}
	if err := audit(ctx, tx, a.At, a.Desk, a.Session, action, a.ID); err != nil {
		return err
	}
	if then != nil {
		if err := then(tx); err != nil {
			return err
		}
	}
	return classify(tx.Commit())
}

// nullable stores "" as NULL: a check-in or audit row without a session.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
