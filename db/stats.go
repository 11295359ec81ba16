package db

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/desk-event/desk/checkin"
)

// Stats counts a day: expected, arrived, by category, organisation and
// desk, and arrivals per ten minutes.
func (d *DB) Stats(ctx context.Context, day checkin.Day) (checkin.DayStats, error) {
	s := checkin.DayStats{Day: day}
	const totals = `SELECT
  (SELECT count(*) FROM registrant_days rd JOIN registrants r ON r.id = rd.registrant_id WHERE rd.day = ?1 AND r.cancelled = 0),
  (SELECT count(*) FROM check_ins WHERE day = ?1 AND undone_at IS NULL AND session_id IS NULL),
  (SELECT count(*) FROM check_ins WHERE day = ?1 AND undone_at IS NULL AND session_id IS NULL AND forced = 1),
  (SELECT count(*) FROM check_ins WHERE day = ?1 AND undone_at IS NULL AND session_id IS NULL AND health_pass_verified = 1),
  (SELECT count(*) FROM check_ins c JOIN registrants r ON r.id = c.registrant_id WHERE c.day = ?1 AND c.undone_at IS NULL AND c.session_id IS NULL AND r.walk_in = 1)`
	if err := d.sql.QueryRowContext(ctx, totals, string(day)).Scan(&s.Expected, &s.Arrived, &s.Forced, &s.HealthPassChecked, &s.WalkIns); err != nil {
		return s, fmt.Errorf("day totals: %w", classify(err))
	}
	var err error
	if s.ByCategory, err = d.countBy(ctx, day, "category"); err != nil {
		return s, err
	}
	if s.ByOrganisation, err = d.countBy(ctx, day, "organisation"); err != nil {
		return s, err
	}
	if s.ByDesk, err = d.byDesk(ctx, day); err != nil {
		return s, err
	}
	s.PerTenMinutes, err = d.perTenMinutes(ctx, day)
	return s, err
}

// byDesk counts a day's arrivals per desk name, busiest desk first.
func (d *DB) byDesk(ctx context.Context, day checkin.Day) ([]checkin.DeskCount, error) {
	const q = `SELECT desk, count(*) FROM check_ins WHERE day = ? AND undone_at IS NULL AND session_id IS NULL GROUP BY desk ORDER BY 2 DESC, 1`
	rows, err := d.sql.QueryContext(ctx, q, string(day))
	if err != nil {
		return nil, fmt.Errorf("arrivals by desk: %w", classify(err))
	}
	defer rows.Close()
	var out []checkin.DeskCount
	for rows.Next() {
		var c checkin.DeskCount
		if err := rows.Scan(&c.Name, &c.Arrived); err != nil {
			return nil, fmt.Errorf("arrivals by desk: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// perTenMinutes counts a day's arrivals per ten-minute slot, with the
// empty slots between the first arrival and the last one.
func (d *DB) perTenMinutes(ctx context.Context, day checkin.Day) ([]checkin.Bucket, error) {
	const q = `SELECT substr(at, 1, 15), count(*) FROM check_ins WHERE day = ? AND undone_at IS NULL AND session_id IS NULL GROUP BY 1 ORDER BY 1`
	rows, err := d.sql.QueryContext(ctx, q, string(day))
	if err != nil {
		return nil, fmt.Errorf("arrivals per ten minutes: %w", classify(err))
	}
	defer rows.Close()
	var out []checkin.Bucket
	for rows.Next() {
		var prefix string
		var n int
		if err := rows.Scan(&prefix, &n); err != nil {
			return nil, fmt.Errorf("arrivals per ten minutes: %w", err)
		}
		start, _ := time.Parse("2006-01-02T15:04", prefix+"0") // at is UTC RFC 3339: "2026-10-14T08:3" + "0"
		for len(out) > 0 && out[len(out)-1].Start.Add(slot).Before(start) {
			out = append(out, checkin.Bucket{Start: out[len(out)-1].Start.Add(slot)})
		}
		out = append(out, checkin.Bucket{Start: start, Arrivals: n})
	}
	return out, rows.Err()
}

// slot is the width of a bar of the arrivals chart.
const slot = 10 * time.Minute

// countBy counts expected and arrived people per value of a registrants
// column (category or organisation; never from user input).
func (d *DB) countBy(ctx context.Context, day checkin.Day, column string) ([]checkin.Count, error) {
	q := `SELECT r.` + column + `,
  sum(r.cancelled = 0 AND EXISTS (SELECT 1 FROM registrant_days rd WHERE rd.registrant_id = r.id AND rd.day = ?1)),
  sum(EXISTS (SELECT 1 FROM check_ins c WHERE c.registrant_id = r.id AND c.day = ?1 AND c.undone_at IS NULL AND c.session_id IS NULL))
FROM registrants r GROUP BY r.` + column
	rows, err := d.sql.QueryContext(ctx, q, string(day))
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []checkin.Count
	for rows.Next() {
		var c checkin.Count
		if err := rows.Scan(&c.Name, &c.Expected, &c.Arrived); err != nil {
			return nil, err
		}
		if c.Expected > 0 || c.Arrived > 0 {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b checkin.Count) int {
		if a.Expected != b.Expected {
			return b.Expected - a.Expected
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, rows.Err()
}

// LatestArrivals lists the last n check-ins of a day, newest first.
func (d *DB) LatestArrivals(ctx context.Context, day checkin.Day, n int) ([]checkin.Arrival, error) {
	const q = `SELECT c.at, c.desk, r.first_name, r.last_name, r.organisation FROM check_ins c
JOIN registrants r ON r.id = c.registrant_id WHERE c.day = ? AND c.undone_at IS NULL AND c.session_id IS NULL ORDER BY c.at DESC, c.id DESC LIMIT ?`
	rows, err := d.sql.QueryContext(ctx, q, string(day), n)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []checkin.Arrival
	for rows.Next() {
		var a checkin.Arrival
		var at string
		if err := rows.Scan(&at, &a.Desk, &a.FirstName, &a.LastName, &a.Organisation); err != nil {
			return nil, err
		}
		a.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, a)
	}
	return out, rows.Err()
}
