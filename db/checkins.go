package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/desk-event/desk/checkin"
)

// Scan answers one scan at a desk and, when the rules allow, records the
// arrival. Input that is not a badge code is answered without touching
// the database. The check-in is one INSERT that the unique index on
// (registrant, day) and the unique nonce guard: two desks racing on one
// badge get one arrival, and a retried request gets its first answer. The
// answer is given only after the commit, which synchronous=FULL makes
// durable.
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
	if out := checkin.Rule(r, req); out != "" {
		return checkin.ScanResult{Outcome: out, Registrant: &r}, nil
	}
	if err := checkin.CheckNonce(req.Nonce); err != nil {
		return checkin.ScanResult{}, err
	}
	var isDay bool
	if err := d.sql.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM event_days WHERE day = ?)`, string(req.Day)).Scan(&isDay); err != nil {
		return checkin.ScanResult{}, classify(err)
	}
	if !isDay { // not an event day: nobody is registered for it, and nobody can be forced in
		return checkin.ScanResult{Outcome: checkin.NotRegisteredToday, Registrant: &r}, nil
	}
	inserted, err := d.insertCheckIn(ctx, r, req)
	if err != nil {
		return checkin.ScanResult{}, err
	}
	if !inserted {
		// Either this very request again (a retry), or the nonce of another
		// scan (a client error), or someone checked the person in first.
		prior, err := d.checkInByNonce(ctx, req.Nonce)
		switch {
		case err == nil && prior.RegistrantID == r.ID && prior.Day == req.Day:
			return checkin.ScanResult{Outcome: checkin.CheckedIn, Registrant: &r, CheckIn: &prior.CheckIn}, nil
		case err == nil:
			return checkin.ScanResult{}, checkin.ErrBadNonce
		case !errors.Is(err, sql.ErrNoRows):
			return checkin.ScanResult{}, classify(err)
		}
	}
	ci, err := d.liveCheckIn(ctx, r.ID, req.Day)
	if err != nil {
		return checkin.ScanResult{}, fmt.Errorf("check-in of %s on %s: %w", r.Code, req.Day, classify(err))
	}
	res := checkin.ScanResult{Outcome: checkin.CheckedIn, Registrant: &r, CheckIn: &ci.CheckIn}
	if !inserted {
		res.Outcome = checkin.AlreadyCheckedIn // someone else's scan, at ci.At, desk ci.Desk
	}
	return res, nil
}

// insertCheckIn hands the arrival to the writer, which commits it with
// whatever other check-ins arrived meanwhile, and waits for the commit. It
// reports false when the person was already in for the day (or the nonce
// used).
func (d *DB) insertCheckIn(ctx context.Context, r checkin.Registrant, req checkin.ScanRequest) (bool, error) {
	p := pendingCheckIn{r: r, req: req, done: make(chan insertResult, 1)}
	d.writerMu.RLock()
	if d.checkIns == nil {
		d.writerMu.RUnlock()
		return false, errors.New("the database is closed")
	}
	d.checkIns <- p
	d.writerMu.RUnlock()
	select {
	case res := <-p.done:
		return res.inserted, res.err
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// maxBatch bounds how many check-ins share one commit.
const maxBatch = 256

type pendingCheckIn struct {
	r    checkin.Registrant
	req  checkin.ScanRequest
	done chan insertResult
}

type insertResult struct {
	inserted bool
	err      error
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
				results[i] = insertResult{err: err}
			}
			p.done <- results[i]
		}
	}
}

func (d *DB) commitCheckIns(batch []pendingCheckIn) ([]insertResult, error) {
	const insert = `INSERT INTO check_ins (registrant_id, day, at, desk, staff_session, nonce, forced, health_pass_verified, health_pass_at, health_pass_desk)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
	ctx := context.Background() // one desk giving up must not abort the others' arrivals
	results := make([]insertResult, len(batch))
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return results, classify(err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, insert)
	if err != nil {
		return results, classify(err)
	}
	defer stmt.Close()
	for i, p := range batch {
		r, req := p.r, p.req
		var verified, verifiedAt, verifiedDesk any
		if req.Policy != checkin.HealthPassOff {
			verified = req.HealthPassVerified
			if req.HealthPassVerified {
				verifiedAt, verifiedDesk = stamp(req.At), req.Desk
			}
		}
		forced := req.Force && !r.RegisteredFor(req.Day)
		res, err := stmt.ExecContext(ctx, r.ID, string(req.Day), stamp(req.At), req.Desk, nullable(req.Session), req.Nonce, forced,
			verified, verifiedAt, verifiedDesk)
		if err != nil {
			results[i].err = fmt.Errorf("check-in: %w", classify(err))
			continue
		}
		n, _ := res.RowsAffected()
		results[i].inserted = n == 1
		if n == 1 && forced {
			id, _ := res.LastInsertId()
			if err := audit(ctx, tx, req.At, req.Desk, req.Session, "admitted, not registered for the day", id); err != nil {
				return results, err
			}
		}
	}
	return results, classify(tx.Commit())
}

// audit records a change to a check-in: when, by which desk and staff
// session (its short id; "" for none), what.
func audit(ctx context.Context, tx *sql.Tx, at time.Time, actor, session, action string, checkInID int64) error {
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

const checkInColumns = `id, registrant_id, day, at, desk, forced, health_pass_verified, nonce`

func scanCheckIn(row interface{ Scan(...any) error }) (storedCheckIn, error) {
	var c storedCheckIn
	var day, at string
	var verified sql.NullBool
	if err := row.Scan(&c.ID, &c.RegistrantID, &day, &at, &c.Desk, &c.Forced, &verified, &c.Nonce); err != nil {
		return c, err
	}
	c.Day = checkin.Day(day)
	c.At, _ = time.Parse(time.RFC3339Nano, at)
	if verified.Valid {
		c.HealthPassVerified = &verified.Bool
	}
	return c, nil
}

// liveCheckIn is the check-in of a person on a day that is not undone.
func (d *DB) liveCheckIn(ctx context.Context, registrant int64, day checkin.Day) (storedCheckIn, error) {
	q := `SELECT ` + checkInColumns + ` FROM check_ins WHERE registrant_id = ? AND day = ? AND undone_at IS NULL`
	return scanCheckIn(d.sql.QueryRowContext(ctx, q, registrant, string(day)))
}

func (d *DB) checkInByNonce(ctx context.Context, nonce string) (storedCheckIn, error) {
	q := `SELECT ` + checkInColumns + ` FROM check_ins WHERE nonce = ?`
	return scanCheckIn(d.sql.QueryRowContext(ctx, q, nonce))
}

// RegistrantByCode finds a registrant by badge code (checkin.ErrNotFound
// if none).
func (d *DB) RegistrantByCode(ctx context.Context, code checkin.Code) (checkin.Registrant, error) {
	const q = `SELECT id, first_name, last_name, organisation, category, cancelled, walk_in,
       coalesce((SELECT group_concat(day) FROM registrant_days WHERE registrant_id = r.id), ''),
       coalesce((SELECT group_concat(choice, char(31)) FROM registrant_choices WHERE registrant_id = r.id), '')
FROM registrants r WHERE code = ?`
	r := checkin.Registrant{Code: code}
	var days, choices string
	err := d.sql.QueryRowContext(ctx, q, string(code)).Scan(&r.ID, &r.FirstName, &r.LastName, &r.Organisation,
		&r.Category, &r.Cancelled, &r.WalkIn, &days, &choices)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("badge code: %w", checkin.ErrNotFound)
	}
	if err != nil {
		return r, classify(err)
	}
	r.Days, r.Choices = splitDays(days), splitChoices(choices)
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
// (a.Any) any. Whatever else is checkin.ErrUnknownCheckIn.
func (d *DB) Undo(ctx context.Context, a checkin.Amendment) error {
	const q = `UPDATE check_ins SET undone_at = ?, undone_by = ? WHERE ` + amendable
	return d.amend(ctx, a, "undone", q, append([]any{stamp(a.At), a.Desk}, amendArgs(a)...))
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
	return d.amend(ctx, a, action, q, append([]any{verified, when, who}, amendArgs(a)...))
}

// amend runs one conditional UPDATE of a check-in and audits it, in one
// transaction; no row changed is checkin.ErrUnknownCheckIn.
func (d *DB) amend(ctx context.Context, a checkin.Amendment, action, q string, args []any) error {
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
	return classify(tx.Commit())
}

// nullable stores "" as NULL: a check-in or audit row without a session.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
