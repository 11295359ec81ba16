package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
)

// Import plans an import against the registrants in the file and applies
// it in one transaction: all rows go in, or none. The transaction begins
// IMMEDIATE, so nothing changes between the reading and the writing.
//
// Its statements run under a context that cannot be cancelled: for one
// that can, the driver starts a goroutine per statement to watch it, which
// made a third of a 100,000-row import. Cancellation (Ctrl-C) is checked
// between rows and chunks instead, and rolls the whole import back.
func (d *DB) Import(ctx context.Context, rows []importer.Row, opts importer.ReconcileOptions, dryRun bool) (importer.Plan, error) {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return importer.Plan{}, classify(err)
	}
	defer tx.Rollback()
	run := context.WithoutCancel(ctx)
	existing, err := registrants(run, tx)
	if err != nil {
		return importer.Plan{}, err
	}
	plan, err := importer.Reconcile(existing, rows, opts)
	if err != nil || dryRun {
		return plan, err
	}
	if plan.Suspicious != nil {
		return plan, plan.Suspicious
	}
	if err := write(ctx, run, tx, plan); err != nil {
		if s := stopped(ctx); s != nil { // Ctrl-C rolled the transaction back under the statement
			return plan, s
		}
		return plan, err
	}
	return plan, classify(tx.Commit())
}

// write applies the plan and moves the registrants version, unless ctx
// is cancelled.
func write(ctx, run context.Context, tx *sql.Tx, plan importer.Plan) error {
	if err := stopped(ctx); err != nil {
		return err
	}
	if err := applyPlan(ctx, run, tx, plan); err != nil {
		return err
	}
	if err := bumpRegistrants(run, tx); err != nil {
		return err
	}
	return stopped(ctx)
}

// chunk is how many rows one INSERT statement writes: a statement per row
// costs more in database/sql and the driver than SQLite spends inserting.
// 200 registrants take 2,400 parameters, far below SQLite's 32,766.
const chunk = 200

// applyPlan writes the plan's additions in multi-row INSERTs, with ids
// chosen here (the transaction holds the write lock) so that their days
// can be written in multi-row INSERTs too, then its updates one by one.
// ctx is only checked, between chunks and rows; run runs the statements.
func applyPlan(ctx, run context.Context, tx *sql.Tx, plan importer.Plan) error {
	var next int64
	if err := tx.QueryRowContext(run, `SELECT coalesce(max(id), 0) + 1 FROM registrants`).Scan(&next); err != nil {
		return classify(err)
	}
	people := &batch{run: run, tx: tx, insert: insertRegistrants, row: registrantValues, size: chunk}
	defer people.close()
	var days []registrantDay
	for i := 0; i < len(plan.Add); i += chunk {
		if err := stopped(ctx); err != nil {
			return err
		}
		part := plan.Add[i:min(i+chunk, len(plan.Add))]
		if err := addRegistrants(people, next+int64(i), part); err != nil {
			return err
		}
		for j, r := range part {
			for _, day := range r.Days {
				days = append(days, registrantDay{next + int64(i+j), day})
			}
		}
	}
	if err := updateRegistrants(ctx, run, tx, plan.Update, &days); err != nil {
		return err
	}
	return addDays(ctx, &batch{run: run, tx: tx, insert: insertDays, row: "(?, ?)", size: 4 * chunk}, days)
}

// registrantDay is one row of registrant_days.
type registrantDay struct {
	id  int64
	day checkin.Day
}

const (
	insertRegistrants = `INSERT INTO registrants (id, code, response_id, email, first_name, last_name,
	organisation, category, cancelled, walk_in, created_at, updated_at) VALUES `
	registrantValues = `(?, ?, nullif(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?)` // one row of insertRegistrants
	insertDays       = `INSERT INTO registrant_days (registrant_id, day) VALUES `
)

// addRegistrants inserts rs with the ids first, first+1... in one
// statement. If the database refuses one of them, they are inserted one by
// one to name that person (a statement that breaks a constraint is undone
// alone: the transaction goes on).
func addRegistrants(b *batch, first int64, rs []checkin.Registrant) error {
	args := b.args[:0]
	for i, r := range rs {
		args = append(args, first+int64(i), string(r.Code), r.ResponseID, r.Email, r.FirstName, r.LastName,
			r.Organisation, r.Category, r.Cancelled, r.WalkIn, b.stamp(r.CreatedAt), b.stamp(r.UpdatedAt))
	}
	err := b.exec(len(rs), args)
	var se sqlite3.Error
	switch {
	case err == nil:
		return nil
	case len(rs) == 1:
		return fmt.Errorf("adding %s: %w", rs[0].FullName(), classify(err))
	case !errors.As(err, &se) || se.Code != sqlite3.ErrConstraint: // a full disk, say: no row to blame
		return fmt.Errorf("adding %d people: %w", len(rs), classify(err))
	}
	for i, r := range rs {
		if err := addRegistrants(b, first+int64(i), []checkin.Registrant{r}); err != nil {
			return err
		}
	}
	return fmt.Errorf("adding %d people: %w", len(rs), classify(err))
}

// addDays inserts the registrant_days rows, chunk by chunk.
func addDays(ctx context.Context, b *batch, days []registrantDay) error {
	defer b.close()
	for i := 0; i < len(days); i += b.size {
		if err := stopped(ctx); err != nil {
			return err
		}
		part := days[i:min(i+b.size, len(days))]
		args := b.args[:0]
		for _, d := range part {
			args = append(args, d.id, string(d.day))
		}
		if err := b.exec(len(part), args); err != nil {
			return fmt.Errorf("days: %w", classify(err))
		}
	}
	return nil
}

// batch runs a multi-row INSERT, its statement prepared once for full
// chunks of size rows (SQLite parsing 2,400 placeholders again for each
// chunk showed in profiles) and its arguments' slice reused.
type batch struct {
	run         context.Context
	tx          *sql.Tx
	insert, row string // the statement up to VALUES, and one row of it
	size        int
	full        *sql.Stmt
	args        []any
	at          time.Time // the time last stamped, and its stamp: new people share one
	stamped     string
}

// stamp is stamp(t), formatted once for a run of equal times.
func (b *batch) stamp(t time.Time) string {
	if b.stamped == "" || !t.Equal(b.at) {
		b.at, b.stamped = t, stamp(t)
	}
	return b.stamped
}

// exec inserts n rows whose values are args, in order.
func (b *batch) exec(n int, args []any) error {
	b.args = args[:0]
	if n != b.size {
		_, err := b.tx.ExecContext(b.run, b.insert+values(b.row, n), args...)
		return err
	}
	if b.full == nil {
		s, err := b.tx.PrepareContext(b.run, b.insert+values(b.row, n))
		if err != nil {
			return err
		}
		b.full = s
	}
	_, err := b.full.ExecContext(b.run, args...)
	return err
}

func (b *batch) close() {
	if b.full != nil {
		b.full.Close()
	}
}

// updateRegistrants writes the plan's updates one by one, clears the days
// of those whose days changed and adds their new days to days.
func updateRegistrants(ctx, run context.Context, tx *sql.Tx, updates []importer.Update, days *[]registrantDay) error {
	const (
		update = `UPDATE registrants SET response_id = nullif(?, ''), email = ?, first_name = ?, last_name = ?,
	organisation = ?, category = ?, cancelled = ?, walk_in = ?, updated_at = ? WHERE id = ?`
		clearDays = `DELETE FROM registrant_days WHERE registrant_id = ?`
	)
	if len(updates) == 0 {
		return nil
	}
	stmts, err := prepare(run, tx, update, clearDays)
	if err != nil {
		return err
	}
	defer closeAll(stmts)
	upd, clr := stmts[0], stmts[1]
	for _, u := range updates {
		if err := stopped(ctx); err != nil {
			return err
		}
		r := u.After
		if _, err := upd.ExecContext(run, r.ResponseID, r.Email, r.FirstName, r.LastName, r.Organisation,
			r.Category, r.Cancelled, r.WalkIn, stamp(r.UpdatedAt), r.ID); err != nil {
			return fmt.Errorf("updating %s: %w", r.FullName(), classify(err))
		}
		if slices.Equal(u.Before.Days, r.Days) {
			continue
		}
		if _, err := clr.ExecContext(run, r.ID); err != nil {
			return classify(err)
		}
		for _, day := range r.Days {
			*days = append(*days, registrantDay{r.ID, day})
		}
	}
	return nil
}

// stopped says why the import must stop, if ctx was cancelled (Ctrl-C).
func stopped(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("stopped: %w", err)
	}
	return nil
}

// values repeats one parenthesised row of placeholders n times.
func values(row string, n int) string {
	return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

func prepare(ctx context.Context, tx *sql.Tx, queries ...string) ([]*sql.Stmt, error) {
	var stmts []*sql.Stmt
	for _, q := range queries {
		s, err := tx.PrepareContext(ctx, q)
		if err != nil {
			closeAll(stmts)
			return nil, classify(err)
		}
		stmts = append(stmts, s)
	}
	return stmts, nil
}

func closeAll(stmts []*sql.Stmt) {
	for _, s := range stmts {
		s.Close()
	}
}
