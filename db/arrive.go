package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/desk-event/desk/checkin"
)

// arrive decides one scan inside the writer's transaction and writes its
// result: the facts read here are those the decision rests on, since no
// other check-in is written meanwhile.
func arrive(ctx context.Context, tx *batchTx, p pendingCheckIn) (checkin.ScanResult, error) {
	r, req := p.r, p.req
	if req.Nonce != "" {
		if res, done, err := replay(ctx, tx, p); done {
			return res, err
		}
	}
	f, seen, err := gather(ctx, tx, p)
	if err != nil {
		return checkin.ScanResult{}, fmt.Errorf("check-in of %s: %w", r.Code, err)
	}
	res := checkin.ScanResult{Outcome: checkin.Decide(f), Registrant: &r}
	switch res.Outcome {
	case checkin.CheckedIn:
		if err := checkin.CheckNonce(req.Nonce); err != nil {
			return checkin.ScanResult{}, err
		}
		return admit(ctx, tx, p, f, res)
	case checkin.AlreadyCheckedIn:
		res.CheckIn = &seen.CheckIn // someone else's scan, at seen.At, desk seen.Desk
	case checkin.LeftSession:
		if f.InSession {
			seen.LeftAt = req.At
			res.CheckIn = &seen.CheckIn
			return res, leave(ctx, tx, r.ID, []string{req.Session.ID}, req, nil)
		}
	}
	return res, nil
}

// replay answers a nonce already used: the same scan again (a retry)
// gets its first answer; another scan with it is a client error.
func replay(ctx context.Context, tx *batchTx, p pendingCheckIn) (checkin.ScanResult, bool, error) {
	prior, err := scanCheckIn(tx.QueryRowContext(ctx, `SELECT `+checkInColumns+` FROM check_ins WHERE nonce = ?`, p.req.Nonce))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return checkin.ScanResult{}, false, nil
	case err != nil:
		return checkin.ScanResult{}, true, classify(err)
	case prior.RegistrantID != p.r.ID || prior.Day != p.req.Day || prior.SessionID != sessionID(p.req):
		return checkin.ScanResult{}, true, checkin.ErrBadNonce
	}
	return checkin.ScanResult{Outcome: checkin.CheckedIn, Registrant: &p.r, CheckIn: &prior.CheckIn}, true, nil
}

// gather reads the facts of a scan: whether the day is an event day, the
// person's arrival today and, at a session's door, their presence there
// and how many are in (when the session has a capacity). It returns the row the person is "already" in.
func gather(ctx context.Context, tx *batchTx, p pendingCheckIn) (checkin.Facts, storedCheckIn, error) {
	r, req := p.r, p.req
	f := checkin.Facts{Registrant: r, Day: req.Day, Session: req.Session, Registered: p.registered, Policy: req.Policy,
		HealthPassVerified: req.HealthPassVerified, Force: req.Force, Organiser: req.Organiser,
		RequireEntrance: req.RequireEntrance, Exit: req.Exit}
	var isDay bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM event_days WHERE day = ?)`, string(req.Day)).Scan(&isDay); err != nil {
		return f, storedCheckIn{}, classify(err)
	}
	if !isDay { // not an event day: nobody is registered for it, and nobody can be forced in
		f.Session, f.Registered, f.Force = nil, false, false
		return f, storedCheckIn{}, nil
	}
	entrance, err := scanCheckIn(tx.QueryRowContext(ctx, `SELECT `+checkInColumns+` FROM check_ins
WHERE registrant_id = ? AND day = ? AND undone_at IS NULL AND session_id IS NULL`, r.ID, string(req.Day)))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return f, storedCheckIn{}, classify(err)
	}
	f.EnteredToday = err == nil
	if req.Session == nil {
		return f, entrance, nil
	}
	in, err := scanCheckIn(tx.QueryRowContext(ctx, `SELECT `+checkInColumns+` FROM check_ins
WHERE registrant_id = ? AND session_id = ? AND undone_at IS NULL AND left_at IS NULL`, r.ID, req.Session.ID))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return f, storedCheckIn{}, classify(err)
	}
	f.InSession = err == nil
	if req.Session.Capacity == 0 {
		return f, in, nil // no limit: nobody needs counting
	}
	const present = `SELECT count(*) FROM check_ins WHERE session_id = ? AND undone_at IS NULL AND left_at IS NULL`
	if err := tx.QueryRowContext(ctx, present, req.Session.ID).Scan(&f.Present); err != nil {
		return f, storedCheckIn{}, classify(err)
	}
	return f, in, nil
}

// admit records an admission: the check-in; at a session's door, the
// end of the person's presence in a session of the same time (a move),
// and the day's arrival when they had not come through the entrance.
func admit(ctx context.Context, tx *batchTx, p pendingCheckIn, f checkin.Facts, res checkin.ScanResult) (checkin.ScanResult, error) {
	req := p.req
	forced := req.Force && (!f.Registered || f.Session != nil && f.Session.Capacity > 0 && f.Present >= f.Session.Capacity)
	ci, err := insertCheckIn(ctx, tx, p, sessionID(req), req.Nonce, forced, nil)
	if err != nil {
		return res, err
	}
	if forced {
		if err := audit(ctx, tx, req.At, req.Desk, req.StaffSession, forcedAction(f), ci.ID); err != nil {
			return res, err
		}
	}
	res.CheckIn = &ci
	if req.Session == nil {
		return res, nil
	}
	if err := leave(ctx, tx, p.r.ID, req.Overlapping, req, ci.ID); err != nil {
		return res, err
	}
	if f.EnteredToday {
		return res, nil
	}
	late := !p.r.RegisteredFor(req.Day)
	arrival, err := insertCheckIn(ctx, tx, p, "", "with-"+strconv.FormatInt(ci.ID, 10), late, ci.ID)
	if err != nil {
		return res, err
	}
	if late {
		if err := audit(ctx, tx, req.At, req.Desk, req.StaffSession, "arrival recorded at session "+req.Session.ID+", not registered for the day", arrival.ID); err != nil {
			return res, err
		}
	}
	res.Arrival = &arrival
	return res, nil
}

// forcedAction is what the audit trail says of a forced admission.
func forcedAction(f checkin.Facts) string {
	switch {
	case f.Session == nil:
		return "admitted, not registered for the day"
	case !f.Registered:
		return "admitted to session " + f.Session.ID + ", not registered for it"
	}
	return "admitted to session " + f.Session.ID + ", full"
}

// insertCheckIn writes one check-in row: at the entrance when session is
// "", with the arrival's session check-in in with (nil otherwise).
func insertCheckIn(ctx context.Context, tx *batchTx, p pendingCheckIn, session, nonce string, forced bool, with any) (checkin.CheckIn, error) {
	const insert = `INSERT INTO check_ins (registrant_id, day, at, desk, staff_session, nonce, forced, health_pass_verified, health_pass_at,
  health_pass_desk, session_id, recorded_with) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	req := p.req
	ci := checkin.CheckIn{RegistrantID: p.r.ID, Day: req.Day, At: req.At, Desk: req.Desk, Forced: forced, SessionID: session}
	var verified, verifiedAt, verifiedDesk any
	if req.Policy != checkin.HealthPassOff {
		v := req.HealthPassVerified
		verified, ci.HealthPassVerified = v, &v
		if v {
			verifiedAt, verifiedDesk = stamp(req.At), req.Desk
		}
	}
	res, err := tx.ExecContext(ctx, insert, p.r.ID, string(req.Day), stamp(req.At), req.Desk, nullable(req.StaffSession), nonce, forced,
		verified, verifiedAt, verifiedDesk, nullable(session), with)
	if err != nil {
		return ci, fmt.Errorf("check-in: %w", classify(err))
	}
	ci.ID, err = res.LastInsertId()
	return ci, err
}

// leave ends the person's presence in these sessions: an exit scan (with
// nil), or a move to another session of the same time (with the check-in
// into it, so that undoing that one gives the presence back).
func leave(ctx context.Context, tx *batchTx, registrant int64, sessions []string, req checkin.ScanRequest, with any) error {
	if len(sessions) == 0 {
		return nil
	}
	// max: a scan timed just before the entry it ends (two desks at the same
	// instant) never leaves before it came. Stamps are fixed-width, so
	// they compare as text.
	q := `UPDATE check_ins SET left_at = max(at, ?), left_with = ? WHERE registrant_id = ? AND undone_at IS NULL AND left_at IS NULL
  AND session_id IN (` + placeholders(len(sessions)) + `)`
	args := []any{stamp(req.At), with, registrant}
	for _, s := range sessions {
		args = append(args, s)
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("leave sessions: %w", classify(err))
	}
	return nil
}

// sessionID is the id of the session scanned into; "" at the entrance.
func sessionID(req checkin.ScanRequest) string {
	if req.Session == nil {
		return ""
	}
	return req.Session.ID
}

// batchTx is the writer's transaction, each statement prepared once per
// batch rather than once per scan: the writer is the one goroutine every
// check-in waits on.
type batchTx struct {
	*sql.Tx
	stmts map[string]*sql.Stmt
}

func newBatchTx(tx *sql.Tx) *batchTx { return &batchTx{Tx: tx, stmts: map[string]*sql.Stmt{}} }

func (b *batchTx) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := b.stmts[q]; ok {
		return st, nil
	}
	st, err := b.Tx.PrepareContext(ctx, q)
	if err == nil {
		b.stmts[q] = st
	}
	return st, err
}

// QueryRowContext runs q prepared (unprepared if it cannot be, which then
// reports the error through the row).
func (b *batchTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := b.prepared(ctx, q)
	if err != nil {
		return b.Tx.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// ExecContext runs q prepared.
func (b *batchTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := b.prepared(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// closeStatements closes the batch's statements, before its commit.
func (b *batchTx) closeStatements() {
	for _, st := range b.stmts {
		st.Close()
	}
}
