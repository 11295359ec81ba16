package db

import (
	"context"
	"fmt"

	"github.com/desk-event/desk/checkin"
)

// liveChoices selects every choice of the people not cancelled.
const liveChoices = `SELECT c.choice, c.registrant_id FROM registrant_choices c
JOIN registrants r ON r.id = c.registrant_id WHERE r.cancelled = 0`

// RegisteredPerSession counts, per session id, the people registered for
// it: not cancelled, and one of their choices matches it among sessions
// (checkin.MatchSession). Each distinct choice is matched once, so that
// 5,000 people cost one query and a few dozen matches. Sessions nobody
// chose are in the map with 0.
func (d *DB) RegisteredPerSession(ctx context.Context, sessions []checkin.Session) (map[string]int, error) {
	out := make(map[string]int, len(sessions))
	for _, s := range sessions {
		out[s.ID] = 0
	}
	matched := map[string]string{} // choice -> session id ("" for none)
	type registration struct {
		session string
		person  int64
	}
	seen := map[registration]bool{} // two choices naming one session count once
	err := d.eachChoice(ctx, func(choice string, person int64) {
		id, ok := matched[choice]
		if !ok {
			id, _ = checkin.MatchSession(choice, sessions)
			matched[choice] = id
		}
		if id != "" && !seen[registration{id, person}] {
			seen[registration{id, person}] = true
			out[id]++
		}
	})
	return out, err
}

// ChoiceCounts counts, per value chosen, the people not cancelled who
// chose it: with the sessions of desk.yaml, it tells the choices that
// match no session.
func (d *DB) ChoiceCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	err := d.eachChoice(ctx, func(choice string, _ int64) { out[choice]++ })
	return out, err
}

// eachChoice calls each with every choice of the people not cancelled.
func (d *DB) eachChoice(ctx context.Context, each func(choice string, person int64)) error {
	rows, err := d.sql.QueryContext(ctx, liveChoices)
	if err != nil {
		return fmt.Errorf("sessions chosen: %w", classify(err))
	}
	defer rows.Close()
	for rows.Next() {
		var choice string
		var person int64
		if err := rows.Scan(&choice, &person); err != nil {
			return fmt.Errorf("sessions chosen: %w", classify(err))
		}
		each(choice, person)
	}
	return classify(rows.Err())
}
