package db

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/desk-event/desk/checkin"
)

// ErrNoSuchPerson means no registrant has the code or e-mail given.
var ErrNoSuchPerson = errors.New("nobody has this badge code or e-mail")

// erasedName stands for a person whose personal data was erased: the
// counts (by day, category, organisation) stay right.
const erasedName = "(effacé)"

// PurgeHealthPass removes every health-pass record (checked or not, when,
// by which desk); the number of arrivals stays.
func (d *DB) PurgeHealthPass(ctx context.Context) (int64, error) {
	return d.scrub(ctx, statement{q: `UPDATE check_ins SET health_pass_verified = NULL, health_pass_at = NULL, health_pass_desk = NULL
WHERE health_pass_verified IS NOT NULL`})
}

// PurgePeople erases the personal data of everyone: names, e-mails,
// response ids and the reasons typed for reprints are gone; categories,
// organisations, days, sessions chosen and arrivals stay for the reports'
// counts (no longer anyone's).
func (d *DB) PurgePeople(ctx context.Context) (int64, error) {
	return d.scrub(ctx, statement{q: `UPDATE registrants SET first_name = '', last_name = '` + erasedName + `', email = '', response_id = NULL
WHERE last_name <> '` + erasedName + `' OR first_name <> ''`},
		statement{q: `UPDATE print_jobs SET reprint_reason = '` + erasedName + `' WHERE reprint_reason NOT IN ('', '` + erasedName + `')`},
		statement{q: `UPDATE audit SET action = 'badge reprinted' WHERE action LIKE 'badge reprinted: %'`})
}

// PurgePerson erases one person's personal data, found by badge code or
// e-mail, on request, as PurgePeople does: their sessions chosen stay,
// with nobody's name, so that the sessions' counts stay right.
func (d *DB) PurgePerson(ctx context.Context, codeOrEmail string) (int64, error) {
	r, err := d.person(ctx, codeOrEmail)
	if err != nil {
		return 0, err
	}
	return d.scrub(ctx, statement{`UPDATE registrants SET first_name = '', last_name = '` + erasedName + `', email = '', response_id = NULL WHERE id = ?`, []any{r.ID}},
		statement{`UPDATE print_jobs SET reprint_reason = '` + erasedName + `' WHERE registrant_id = ? AND reprint_reason NOT IN ('', '` + erasedName + `')`, []any{r.ID}},
		statement{`UPDATE audit SET action = 'badge reprinted' WHERE action LIKE 'badge reprinted: %' AND detail LIKE ?`, []any{fmt.Sprintf("registrant %d,%%", r.ID)}})
}

// statement is one change of a scrub.
type statement struct {
	q    string
	args []any
}

// scrub makes a purge's changes with secure deletion, then rewrites the file
// (VACUUM) and empties the write-ahead log, so that nothing removed can be
// found in the database's files afterwards.
func (d *DB) scrub(ctx context.Context, stmts ...statement) (int64, error) {
	conn, err := d.sql.Conn(ctx)
	if err != nil {
		return 0, classify(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
		return 0, classify(err)
	}
	n, err := scrubChanges(ctx, conn, stmts)
	if err != nil {
		return n, err
	}
	for _, stmt := range []string{`VACUUM`, `PRAGMA wal_checkpoint(TRUNCATE)`} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return n, fmt.Errorf("%s: %w", stmt, classify(err))
		}
	}
	return n, nil
}

// scrubChanges makes a scrub's changes in one transaction, and counts
// the rows of the first, the purge's main change.
func scrubChanges(ctx context.Context, conn *sql.Conn, stmts []statement) (int64, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, classify(err)
	}
	defer tx.Rollback()
	var n int64
	for i, st := range stmts {
		res, err := tx.ExecContext(ctx, st.q, st.args...)
		if err != nil {
			return 0, classify(err)
		}
		if i == 0 {
			n, _ = res.RowsAffected()
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = value + 1 WHERE key = 'registrants_version'`); err != nil {
		return 0, classify(err)
	}
	return n, classify(tx.Commit())
}

// printJSON is one badge sent to a printer, as a person's export shows it.
type printJSON struct {
	At            string `json:"at"`
	Desk          string `json:"desk"`
	Printer       string `json:"printer"`
	State         string `json:"state"`
	Reason        string `json:"reason,omitempty"` // CUPS's words, for a badge that waits or failed
	ReprintReason string `json:"reprint_reason,omitempty"`
}

// personPrints are the badges of a person sent to the desks' printers.
func (d *DB) personPrints(ctx context.Context, registrant int64) ([]printJSON, error) {
	jobs, err := d.printJobs(ctx, `SELECT `+printJobColumns+` FROM print_jobs WHERE registrant_id = ? ORDER BY id`, registrant)
	out := make([]printJSON, len(jobs))
	for i, j := range jobs {
		out[i] = printJSON{At: j.CreatedAt.Format(time.RFC3339), Desk: j.Desk, Printer: j.Printer, State: string(j.State), Reason: j.Reason, ReprintReason: j.ReprintReason}
	}
	return out, err
}

func (d *DB) person(ctx context.Context, codeOrEmail string) (checkin.Registrant, error) {
	if code, err := checkin.NormalizeCode(codeOrEmail); err == nil {
		r, err := d.RegistrantByCode(ctx, code)
		if errors.Is(err, checkin.ErrNotFound) {
			return r, ErrNoSuchPerson
		}
		return r, err
	}
	email, err := checkin.NormalizeEmail(codeOrEmail)
	if err != nil || email == "" {
		return checkin.Registrant{}, ErrNoSuchPerson
	}
	found, err := selectRegistrants(ctx, d.sql, `WHERE r.email = ?`, email)
	if err != nil {
		return checkin.Registrant{}, classify(err)
	}
	switch len(found) {
	case 0:
		return checkin.Registrant{}, ErrNoSuchPerson
	case 1:
		return found[0], nil
	}
	return checkin.Registrant{}, fmt.Errorf("%d people share this e-mail: give the badge code instead", len(found))
}

// ExportPerson gives a person everything stored about them, as JSON: with
// the event's sessions, their check-ins at a session's door name the
// session, and the sessions their choices register them for are listed.
func (d *DB) ExportPerson(ctx context.Context, codeOrEmail string, sessions []checkin.Session) ([]byte, error) {
	r, err := d.person(ctx, codeOrEmail)
	if err != nil {
		return nil, err
	}
	full, err := d.RegistrantsByID(ctx, []int64{r.ID}) // by code, person reads only what a desk needs
	if err != nil || len(full) != 1 {
		return nil, fmt.Errorf("export of %s: %w", r.Code, cmp.Or(err, ErrNoSuchPerson))
	}
	r = full[0]
	rows, err := d.sql.QueryContext(ctx, `SELECT day, at, desk, health_pass_verified, undone_at, coalesce(session_id, ''), coalesce(left_at, '') FROM check_ins WHERE registrant_id = ? ORDER BY at, id`, r.ID)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	type arrival struct {
		Day                string `json:"day"`
		At                 string `json:"at"`
		Desk               string `json:"desk"`
		HealthPassVerified *bool  `json:"health_pass_verified,omitempty"`
		UndoneAt           string `json:"undone_at,omitempty"`
		Session            string `json:"session,omitempty"` // a session's door; none: the entrance
		SessionName        string `json:"session_name,omitempty"`
		LeftAt             string `json:"left_at,omitempty"`
	}
	names := map[string]string{}
	for _, s := range sessions {
		names[s.ID] = cmp.Or(names[s.ID], s.Name)
	}
	var arrivals []arrival
	for rows.Next() {
		var a arrival
		var v sql.NullBool
		var undone sql.NullString
		if err := rows.Scan(&a.Day, &a.At, &a.Desk, &v, &undone, &a.Session, &a.LeftAt); err != nil {
			return nil, err
		}
		if v.Valid {
			a.HealthPassVerified = &v.Bool
		}
		a.UndoneAt, a.SessionName = undone.String, names[a.Session]
		arrivals = append(arrivals, a)
	}
	days := make([]string, len(r.Days))
	for i, d := range r.Days {
		days[i] = string(d)
	}
	prints, err := d.personPrints(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(map[string]any{"badge_prints": prints, "badge_code": r.Code, "first_name": r.FirstName, "last_name": r.LastName,
		"email": r.Email, "organisation": r.Organisation, "category": r.Category, "response_id": r.ResponseID,
		"days": days, "sessions_chosen": choicesOf(r), "sessions_registered": registeredSessions(r, sessions), "cancelled": r.Cancelled, "walk_in": r.WalkIn, "badge_printed": r.PrintCount,
		"created_at": r.CreatedAt.Format(time.RFC3339), "updated_at": r.UpdatedAt.Format(time.RFC3339), "arrivals": arrivals}, "", "  ")
}

// choicesOf is the sessions chosen for an export: a list, empty rather
// than null.
func choicesOf(r checkin.Registrant) []string {
	if r.Choices == nil {
		return []string{}
	}
	return r.Choices
}

// registeredSession is a session a person's choices register them for.
type registeredSession struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Day   string `json:"day"`
	Start string `json:"start"`
	End   string `json:"end"`
	Room  string `json:"room,omitempty"`
}

// registeredSessions lists, for an export, the sessions a person's choices
// match: a list, empty rather than null.
func registeredSessions(r checkin.Registrant, sessions []checkin.Session) []registeredSession {
	out := []registeredSession{}
	ids := checkin.ChosenSessions(r.Choices, sessions)
	for _, s := range sessions {
		if slices.Contains(ids, s.ID) && !r.Cancelled {
			out = append(out, registeredSession{s.ID, s.Name, string(s.Day), s.Start, s.End, s.Room})
			ids = slices.DeleteFunc(ids, func(id string) bool { return id == s.ID })
		}
	}
	return out
}
