package db

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/desk-event/desk/checkin"
)

// tokenHash is what the database keeps of a session token: its SHA-256.
// The token is random and long, so a hash without salt is enough, and a
// stolen copy of the file gives no cookie.
func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// OpenStaffSession records a new staff session under the hash of its
// token. A session without a desk name gets checkin.DefaultDeskName among
// the names of live sessions and of the desks that recorded check-ins,
// chosen in the same transaction as the insert so that two desks logging in
// at once get two names. It returns the session as recorded.
func (d *DB) OpenStaffSession(ctx context.Context, token string, s checkin.StaffSession) (checkin.StaffSession, error) {
	var recorded []string
	if s.Desk == "" { // read outside the write lock: only a live session can add a name here
		var err error
		if recorded, err = deskNames(ctx, d.sql, `SELECT DISTINCT desk FROM check_ins WHERE desk LIKE ?`, checkin.DefaultDeskPrefix+"%"); err != nil {
			return s, fmt.Errorf("desk names: %w", classify(err))
		}
	}
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return s, classify(err)
	}
	defer tx.Rollback()
	if s.Desk == "" {
		live, err := deskNames(ctx, tx, `SELECT desk FROM staff_sessions WHERE expires_at > ? AND desk LIKE ?`, stamp(s.Created), checkin.DefaultDeskPrefix+"%")
		if err != nil {
			return s, fmt.Errorf("desk names: %w", classify(err))
		}
		s.Desk = checkin.DefaultDeskName(append(recorded, live...))
	}
	const insert = `INSERT INTO staff_sessions (token_sha256, role, desk, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`
	if _, err := tx.ExecContext(ctx, insert, tokenHash(token), s.Role, s.Desk, stamp(s.Created), stamp(s.Expires)); err != nil {
		return s, fmt.Errorf("open session: %w", classify(err))
	}
	return s, classify(tx.Commit())
}

// deskNames reads one column of desk names.
func deskNames(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// StaffSession finds the live session of a token: one that is unknown,
// ended or expired at now is checkin.ErrNoStaffSession.
func (d *DB) StaffSession(ctx context.Context, token string, now time.Time) (checkin.StaffSession, error) {
	const q = `SELECT role, desk, created_at, expires_at FROM staff_sessions WHERE token_sha256 = ? AND expires_at > ?`
	var s checkin.StaffSession
	var created, expires string
	err := d.sql.QueryRowContext(ctx, q, tokenHash(token), stamp(now)).Scan(&s.Role, &s.Desk, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return s, checkin.ErrNoStaffSession
	}
	if err != nil {
		return s, fmt.Errorf("session: %w", classify(err))
	}
	s.Created, _ = time.Parse(time.RFC3339Nano, created)
	s.Expires, _ = time.Parse(time.RFC3339Nano, expires)
	return s, nil
}

// EndStaffSession forgets the session of a token (logout). Ending a
// session that does not exist is not an error: the desk is logged out.
func (d *DB) EndStaffSession(ctx context.Context, token string) error {
	if _, err := d.sql.ExecContext(ctx, `DELETE FROM staff_sessions WHERE token_sha256 = ?`, tokenHash(token)); err != nil {
		return fmt.Errorf("end session: %w", classify(err))
	}
	return nil
}

// DeleteExpiredStaffSessions forgets the sessions expired at now, in one
// statement, and says how many there were.
func (d *DB) DeleteExpiredStaffSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := d.sql.ExecContext(ctx, `DELETE FROM staff_sessions WHERE expires_at <= ?`, stamp(now))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", classify(err))
	}
	return res.RowsAffected()
}

// EndDeskSessions logs out every desk at once (the organiser's "log out
// every desk", after a lost phone or a leaked PIN): it deletes the desk
// sessions, leaves the organisers' alone, and notes in the audit trail who
// did it, when and how many sessions ended, in one transaction.
func (d *DB) EndDeskSessions(ctx context.Context, actor string, at time.Time) (int64, error) {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return 0, classify(err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM staff_sessions WHERE role = 'desk'`)
	if err != nil {
		return 0, fmt.Errorf("end desk sessions: %w", classify(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("end desk sessions: %w", classify(err))
	}
	const note = `INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, 'logged out every desk', ?)`
	if _, err := tx.ExecContext(ctx, note, stamp(at), actor, fmt.Sprintf("%d sessions ended", n)); err != nil {
		return 0, fmt.Errorf("audit: %w", classify(err))
	}
	return n, classify(tx.Commit())
}
