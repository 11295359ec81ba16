package db

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/desk-event/desk/checkin"
)

var _ checkin.Store = (*DB)(nil)

// SetDays records the event days from the configuration.
func (d *DB) SetDays(ctx context.Context, days []checkin.Day) error {
	const q = `INSERT INTO event_days (day) VALUES (?) ON CONFLICT DO NOTHING`
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return classify(err)
	}
	defer tx.Rollback()
	for _, day := range days {
		if _, err := tx.ExecContext(ctx, q, string(day)); err != nil {
			return classify(err)
		}
	}
	return classify(tx.Commit())
}

// Registrants returns every registrant in id order.
func (d *DB) Registrants(ctx context.Context) ([]checkin.Registrant, error) {
	return registrants(ctx, d.sql)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func registrants(ctx context.Context, q querier) ([]checkin.Registrant, error) {
	return selectRegistrants(ctx, q, `ORDER BY r.id`)
}

// selectRegistrants reads the registrants that the end of the query
// (WHERE, ORDER BY) selects, with every field.
func selectRegistrants(ctx context.Context, q querier, tail string, args ...any) ([]checkin.Registrant, error) {
	const query = `
SELECT r.id, r.code, coalesce(r.response_id, ''), r.email, r.first_name, r.last_name,
       r.organisation, r.category, r.cancelled, r.walk_in, r.created_at, r.updated_at,
       coalesce((SELECT group_concat(day) FROM registrant_days WHERE registrant_id = r.id), ''),
       r.print_count, coalesce(r.printed_at, ''),
       coalesce((SELECT group_concat(choice, char(31)) FROM registrant_choices WHERE registrant_id = r.id), '')
FROM registrants r `
	rows, err := q.QueryContext(ctx, query+tail, args...)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []checkin.Registrant
	for rows.Next() {
		var r checkin.Registrant
		var created, updated, days, printed, choices string
		if err := rows.Scan(&r.ID, &r.Code, &r.ResponseID, &r.Email, &r.FirstName, &r.LastName,
			&r.Organisation, &r.Category, &r.Cancelled, &r.WalkIn, &created, &updated, &days,
			&r.PrintCount, &printed, &choices); err != nil {
			return nil, err
		}
		r.PrintedAt, _ = time.Parse(time.RFC3339Nano, printed)
		r.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		r.UpdatedAt, _ = time.Parse(time.RFC3339Nano, updated)
		r.Days = splitDays(days)
		r.Choices = splitChoices(choices)
		out = append(out, r)
	}
	return out, rows.Err()
}

// stampLayout is RFC 3339 in UTC with a fixed nine-digit fraction, so that
// stored times compare correctly as text (RFC3339Nano drops trailing zeros:
// "07:00:00.5Z" would sort after "07:00:00Z" but also after "07:00:01Z").
const stampLayout = "2006-01-02T15:04:05.000000000Z07:00"

// stamp writes a time as the database keeps it.
func stamp(t time.Time) string { return t.UTC().Format(stampLayout) }

// MarkPrinted counts one more printing of each badge, in one transaction.
func (d *DB) MarkPrinted(ctx context.Context, ids []int64, at time.Time) error {
	const q = `UPDATE registrants SET print_count = print_count + 1, printed_at = ? WHERE id = ?`
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return classify(err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return classify(err)
	}
	defer stmt.Close()
	for _, id := range ids {
		if _, err := stmt.ExecContext(ctx, stamp(at), id); err != nil {
			return classify(err)
		}
	}
	if err := bumpRegistrants(ctx, tx); err != nil {
		return err
	}
	return classify(tx.Commit())
}

// bumpRegistrants moves the registrants version; every transaction that
// changes registrants calls it before committing.
func bumpRegistrants(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE meta SET value = value + 1 WHERE key = 'registrants_version'`)
	return classify(err)
}

// splitDays reads the days of group_concat, sorted.
func splitDays(s string) []checkin.Day {
	var days []checkin.Day
	for _, day := range strings.Split(s, ",") {
		if day != "" {
			days = append(days, checkin.Day(day))
		}
	}
	slices.Sort(days)
	return days
}

// choiceSeparator joins a person's choices in one column: the unit
// separator, which a choice (cleaned of control characters) never holds.
const choiceSeparator = "\x1f"

// splitChoices reads the choices of group_concat, sorted.
func splitChoices(s string) []string {
	if s == "" {
		return nil
	}
	out := strings.Split(s, choiceSeparator)
	slices.Sort(out)
	return out
}

// RegistrantsVersion changes whenever a registrant is added, changed or
// removed, by any process using the file.
func (d *DB) RegistrantsVersion(ctx context.Context) (int64, error) {
	var v int64
	err := d.sql.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'registrants_version'`).Scan(&v)
	return v, classify(err)
}
