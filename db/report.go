package db

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"

	"github.com/desk-event/desk/checkin"
)

// Attendance lists every registrant for each of days with their arrival,
// if any: one line per person and day, sorted by day then name.
func (d *DB) Attendance(ctx context.Context, days []checkin.Day) ([]checkin.Attendance, error) {
	const q = `SELECT r.code, r.first_name, r.last_name, r.organisation, r.category, r.cancelled, r.walk_in,
       EXISTS (SELECT 1 FROM registrant_days rd WHERE rd.registrant_id = r.id AND rd.day = ?1),
       c.at, c.desk, c.forced, c.health_pass_verified
FROM registrants r LEFT JOIN check_ins c ON c.registrant_id = r.id AND c.day = ?1 AND c.undone_at IS NULL
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

// Backup writes a consistent copy of the database to path while the
// service may be writing (VACUUM INTO), then checks the copy: it opens,
// passes SQLite's integrity check and holds as many registrants and
// check-ins as the original. It never overwrites an existing file.
func (d *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists already; choose a new file name", path)
	}
	if _, err := d.sql.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, classify(err))
	}
	copyDB, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer copyDB.Close()
	var check string
	if err := copyDB.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		return fmt.Errorf("backup %s does not pass the integrity check (%s, %v)", path, check, err)
	}
	count := func(db *sql.DB) (n int, err error) {
		err = db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM registrants) + (SELECT count(*) FROM check_ins)`).Scan(&n)
		return n, err
	}
	original, err := count(d.sql)
	if err != nil {
		return classify(err)
	}
	copied, err := count(copyDB)
	if err != nil || copied < original {
		return fmt.Errorf("backup %s holds %d rows of the %d in the database", path, copied, original)
	}
	return nil
}
