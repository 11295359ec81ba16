package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/desk-event/desk/checkin"
)

// AddWalkIn registers someone at the door with a new badge code; the
// caller then checks them in with Scan. The request's nonce makes it
// idempotent: the same nonce again returns the person it registered, in
// the same transaction that would otherwise insert them (BEGIN IMMEDIATE:
// two retries racing cannot both insert; the unique index says so too).
func (d *DB) AddWalkIn(ctx context.Context, r checkin.Registrant, nonce string, at time.Time, rand io.Reader) (checkin.Registrant, error) {
	const insert = `INSERT INTO registrants (code, email, first_name, last_name, organisation, category, walk_in, walk_in_nonce, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`
	if err := checkin.CheckNonce(nonce); err != nil {
		return r, err
	}
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return r, classify(err)
	}
	defer tx.Rollback()
	var code string
	err = tx.QueryRowContext(ctx, `SELECT code FROM registrants WHERE walk_in_nonce = ?`, nonce).Scan(&code)
	if err == nil { // a retry: the person is already registered
		tx.Rollback()
		return d.RegistrantByCode(ctx, checkin.Code(code))
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return r, classify(err)
	}
	for attempt := 0; ; attempt++ {
		if r.Code, err = checkin.NewCode(rand); err != nil {
			return r, err
		}
		res, err := tx.ExecContext(ctx, insert, string(r.Code), r.Email, r.FirstName, r.LastName, r.Organisation, r.Category, nonce, stamp(at), stamp(at))
		if err == nil {
			r.ID, _ = res.LastInsertId()
			break
		}
		if attempt > 3 { // a code collision is astronomically rare; anything else is a real error
			return r, fmt.Errorf("walk-in: %w", classify(err))
		}
	}
	for _, day := range r.Days {
		if _, err := tx.ExecContext(ctx, `INSERT INTO registrant_days (registrant_id, day) VALUES (?, ?)`, r.ID, string(day)); err != nil {
			return r, fmt.Errorf("walk-in on %s: %w", day, classify(err))
		}
	}
	if err := bumpRegistrants(ctx, tx); err != nil {
		return r, err
	}
	r.WalkIn, r.CreatedAt, r.UpdatedAt = true, at, at
	return r, classify(tx.Commit())
}

// WalkInByNonce is the person a walk-in request registered
// (checkin.ErrNotFound if that nonce registered nobody), so that a retried
// request is recognised before anything else is checked.
func (d *DB) WalkInByNonce(ctx context.Context, nonce string) (checkin.Registrant, error) {
	var code string
	err := d.sql.QueryRowContext(ctx, `SELECT code FROM registrants WHERE walk_in_nonce = ?`, nonce).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return checkin.Registrant{}, fmt.Errorf("walk-in: %w", checkin.ErrNotFound)
	}
	if err != nil {
		return checkin.Registrant{}, classify(err)
	}
	return d.RegistrantByCode(ctx, checkin.Code(code))
}

// RegistrantsByEmail are the people registered under an e-mail address
// (case-insensitively), so that the desk offers them instead of
// registering a walk-in twice.
func (d *DB) RegistrantsByEmail(ctx context.Context, email string) ([]checkin.Registrant, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return nil, nil
	}
	rows, err := d.sql.QueryContext(ctx, `SELECT code FROM registrants WHERE email = ? ORDER BY id LIMIT 20`, email)
	if err != nil {
		return nil, classify(err)
	}
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return nil, classify(err)
		}
		codes = append(codes, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, classify(err)
	}
	out := make([]checkin.Registrant, 0, len(codes))
	for _, c := range codes {
		r, err := d.RegistrantByCode(ctx, checkin.Code(c))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
