package db

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/desk-event/desk/checkin"
)

// RegistrantNames calls each with every registrant's id, names and
// organisation, in id order, without holding everyone in memory: the
// search index needs nothing else.
func (d *DB) RegistrantNames(ctx context.Context, each func(id int64, first, last, organisation string)) error {
	const q = `SELECT id, first_name, last_name, organisation FROM registrants ORDER BY id`
	rows, err := d.sql.QueryContext(ctx, q)
	if err != nil {
		return classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var first, last, org string
		if err := rows.Scan(&id, &first, &last, &org); err != nil {
			return fmt.Errorf("registrant names: %w", classify(err))
		}
		each(id, first, last, org)
	}
	return classify(rows.Err())
}

// RegistrantsByID returns the registrants with these ids, in the order of
// the ids; an id nobody has is left out.
func (d *DB) RegistrantsByID(ctx context.Context, ids []int64) ([]checkin.Registrant, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	found, err := selectRegistrants(ctx, d.sql, `WHERE r.id IN (`+placeholders(len(ids))+`)`, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("registrants by id: %w", classify(err))
	}
	out := make([]checkin.Registrant, 0, len(found))
	for _, id := range ids {
		if i := slices.IndexFunc(found, func(r checkin.Registrant) bool { return r.ID == id }); i >= 0 {
			out = append(out, found[i])
		}
	}
	return out, nil
}

// LiveCheckIns returns, by registrant id, the arrivals of these people at
// the entrance on a day that are not undone: whether, when and where each
// one arrived.
func (d *DB) LiveCheckIns(ctx context.Context, day checkin.Day, ids []int64) (map[int64]checkin.CheckIn, error) {
	out := make(map[int64]checkin.CheckIn, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	q := `SELECT ` + checkInColumns + ` FROM check_ins WHERE day = ? AND undone_at IS NULL AND session_id IS NULL AND registrant_id IN (` + placeholders(len(ids)) + `)`
	rows, err := d.sql.QueryContext(ctx, q, append([]any{string(day)}, anys(ids)...)...)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCheckIn(rows)
		if err != nil {
			return nil, fmt.Errorf("check-ins on %s: %w", day, classify(err))
		}
		out[c.RegistrantID] = c.CheckIn
	}
	return out, classify(rows.Err())
}

// placeholders is "?, ?, ?" for n values of an IN list.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func anys(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
