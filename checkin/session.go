package checkin

import "strings"

// This file is a stand-in for helper S1's checkin/session.go (issue 12):
// the same names and signatures, simple bodies. S1's file replaces it at
// the merge.

// Session is one workshop or talk of the event, from desk.yaml.
type Session struct {
	ID, Name, Room string
	Day            Day
	Start, End     string // "HH:MM", local time of the event
	Capacity       int    // 0: no limit
}

// MatchSession finds the session a registration form's choice names:
// accents, case, punctuation ignored; tolerant of the form's own wording:
// a prefix such as "Atelier 3 :", "A3 -", "Workshop B –", and trailing
// parentheses "(à confirmer)", "(complet)", "(matin)". ok=false when none or
// several sessions fit.
func MatchSession(choice string, sessions []Session) (id string, ok bool) {
	c := SearchFold(choice)
	if c == "" {
		return "", false
	}
	for _, s := range sessions {
		name := SearchFold(s.Name)
		if name == "" || !strings.Contains(c, name) {
			continue
		}
		if ok {
			return "", false // several fit
		}
		id, ok = s.ID, true
	}
	return id, ok
}

// Overlaps reports whether two sessions of one day share time.
func (s Session) Overlaps(o Session) bool {
	return s.Day == o.Day && s.Start < o.End && o.Start < s.End // "HH:MM" compares as text
}
