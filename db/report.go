package db

import (
	"context"
	"database/sql"
	"time"

	"github.com/desk-event/desk/checkin"
)

// Attendance lists every registrant for each of days with their arrival,
// if any: one line per person and day, sorted by day then name.
func (d *DB) Attendance(ctx context.Context, days []checkin.Day) ([]checkin.Attendance, error) {
	const q = `SELECT r.code, r.first_name, r.last_name, r.organisation, r.category, r.cancelled, r.walk_in,
       EXISTS (SELECT 1 FROM registrant_days rd WHERE rd.registrant_id = r.id AND rd.day = ?1),
       c.at, c.desk, c.forced, c.health_pass_verified
FROM registrants r LEFT JOIN check_ins c ON c.registrant_id = r.id AND c.day = ?1 AND c.undone_at IS NULL AND c.session_id IS NULL
WHERE c.id IS NOT NULL OR EXISTS (SELECT 1 FROM registrant_days rd WHERE rd.registrant_id = r.id AND rd.day = ?1)
ORDER BY r.last_name, r.first_name, r.id`
	var out []checkin.Attendance
	for _, day := range days {
		rows, err := d.sql.QueryContext(ctx, q, string(day))
		if err != nil {
			return nil, classify(err)
		}
		for rows.Next() {
			a := checkin.Attendance{Day: day}
			var at, desk sql.NullString
			var forced, verified sql.NullBool
			if err := rows.Scan(&a.Code, &a.FirstName, &a.LastName, &a.Organisation, &a.Category, &a.Cancelled, &a.WalkIn,
				&a.Registered, &at, &desk, &forced, &verified); err != nil {
				rows.Close()
				return nil, err
			}
			if at.Valid {
				a.ArrivedAt, _ = time.Parse(time.RFC3339Nano, at.String)
				a.Desk, a.Forced, a.HealthPassVerified = desk.String, forced.Bool, verified.Bool
			}
			out = append(out, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
