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
// and sessions chosen can be written in multi-row INSERTs too, then its
// updates one by one. ctx is only checked, between chunks and rows; run
// runs the statements.
func applyPlan(ctx, run context.Context, tx *sql.Tx, plan importer.Plan) error {
	var next int64
	if err := tx.QueryRowContext(run, `SELECT coalesce(max(id), 0) + 1 FROM registrants`).Scan(&next); err != nil {
		return classify(err)
	}
	people := &batch{run: run, tx: tx, insert: insertRegistrants, row: registrantValues, size: chunk}
	defer people.close()
	var more personRows
	for i := 0; i < len(plan.Add); i += chunk {
		if err := stopped(ctx); err != nil {
			return err
		}
		part := plan.Add[i:min(i+chunk, len(plan.Add))]
		if err := addRegistrants(people, next+int64(i), part); err != nil {
			return err
		}
		for j, r := range part {
			more.add(next+int64(i+j), r.Days, r.Choices)
		}
	}
	if err := updateRegistrants(ctx, run, tx, plan.Update, &more); err != nil {
		return err
	}
	if err := addValues(ctx, &batch{run: run, tx: tx, insert: insertDays, row: "(?, ?)", size: 4 * chunk}, "days", more.days); err != nil {
		return err
	}
	return addValues(ctx, &batch{run: run, tx: tx, insert: insertChoices, row: "(?, ?)", size: 4 * chunk}, "sessions chosen", more.choices)
}

// idValue is one row of registrant_days or registrant_choices: a person's
// id and one day or choice.
type idValue struct {
	id    int64
	value string
}

// personRows are the rows of registrant_days and registrant_choices to
// insert.
type personRows struct {
	days, choices []idValue
}

// add plans the days and choices of person id.
func (p *personRows) add(id int64, days []checkin.Day, choices []string) {
	for _, d := range days {
		p.days = append(p.days, idValue{id, string(d)})
	}
	for _, c := range choices {
		p.choices = append(p.choices, idValue{id, c})
	}
}

const (
	insertRegistrants = `INSERT INTO registrants (id, code, response_id, email, first_name, last_name,
	organisation, category, cancelled, walk_in, created_at, updated_at) VALUES `
	registrantValues = `(?, ?, nullif(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?)` // one row of insertRegistrants
	insertDays       = `INSERT INTO registrant_days (registrant_id, day) VALUES `
	insertChoices    = `INSERT INTO registrant_choices (registrant_id, choice) VALUES `
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

// addValues inserts rows of registrant_days or registrant_choices (what
// names them in errors), chunk by chunk.
func addValues(ctx context.Context, b *batch, what string, rows []idValue) error {
	defer b.close()
	for i := 0; i < len(rows); i += b.size {
		if err := stopped(ctx); err != nil {
			return err
		}
		part := rows[i:min(i+b.size, len(rows))]
		args := b.args[:0]
		for _, r := range part {
			args = append(args, r.id, r.value)
		}
		if err := b.exec(len(part), args); err != nil {
			return fmt.Errorf("%s: %w", what, classify(err))
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
// and sessions chosen of those whose days or choices changed, and adds
// their new ones to more.
func updateRegistrants(ctx, run context.Context, tx *sql.Tx, updates []importer.Update, more *personRows) error {
	const (
		update = `UPDATE registrants SET response_id = nullif(?, ''), email = ?, first_name = ?, last_name = ?,
	organisation = ?, category = ?, cancelled = ?, walk_in = ?, updated_at = ? WHERE id = ?`
		clearDays    = `DELETE FROM registrant_days WHERE registrant_id = ?`
		clearChoices = `DELETE FROM registrant_choices WHERE registrant_id = ?`
	)
	if len(updates) == 0 {
		return nil
	}
	stmts, err := prepare(run, tx, update, clearDays, clearChoices)
	if err != nil {
		return err
	}
	defer closeAll(stmts)
	upd, clrDays, clrChoices := stmts[0], stmts[1], stmts[2]
	for _, u := range updates {
		if err := stopped(ctx); err != nil {
			return err
		}
		r := u.After
		if _, err := upd.ExecContext(run, r.ResponseID, r.Email, r.FirstName, r.LastName, r.Organisation,
			r.Category, r.Cancelled, r.WalkIn, stamp(r.UpdatedAt), r.ID); err != nil {
			return fmt.Errorf("updating %s: %w", r.FullName(), classify(err))
		}
		var days []checkin.Day
		var choices []string
		if !slices.Equal(u.Before.Days, r.Days) {
			if _, err := clrDays.ExecContext(run, r.ID); err != nil {
				return classify(err)
			}
			days = r.Days
		}
		if !slices.Equal(u.Before.Choices, r.Choices) {
			if _, err := clrChoices.ExecContext(run, r.ID); err != nil {
				return classify(err)
			}
			choices = r.Choices
		}
		more.add(r.ID, days, choices)
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
