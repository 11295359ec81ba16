// Package checkin is the domain of desk: registrants and their badge codes,
// event days, the import of registration exports and the rules of arrival.
// It knows nothing about SQL, HTTP or PDF; the db, web and badges packages
// build on it.
package checkin

import (
	"fmt"
	"slices"
	"time"
)

// Day is one event day, as its local date "YYYY-MM-DD".
type Day string

// ParseDay checks that s is a real calendar date written YYYY-MM-DD.
func ParseDay(s string) (Day, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Format(time.DateOnly) != s {
		return "", fmt.Errorf("%q is not a date written YYYY-MM-DD", s)
	}
	return Day(s), nil
}

// Time returns the day at midnight UTC, for weekday and month arithmetic.
func (d Day) Time() time.Time {
	t, _ := time.Parse(time.DateOnly, string(d))
	return t
}

// Registrant is a person expected at the event, with only what the desk
// needs: PRODUCT.md forbids storing anything else from the export.
type Registrant struct {
	ID           int64
	Code         Code
	ResponseID   string // the form's own response, ticket or attendee id; "" when none
	Email        string // lower-case; "" only for walk-ins without one
	FirstName    string
	LastName     string
	Organisation string
	Category     string
	Days         []Day // sorted; the days the person registered for
	// Choices are the raw session choices of the export (cleaned text, one
	// per choice), matched to sessions with MatchSession when needed.
	Choices    []string
	Cancelled  bool
	WalkIn     bool // registered at the desk rather than imported
	CreatedAt  time.Time
	UpdatedAt  time.Time
	PrintCount int       // how many times the badge was printed
	PrintedAt  time.Time // the last time; zero if never
}

// FullName is the name as people say it: first name, then last name.
func (r Registrant) FullName() string {
	switch {
	case r.FirstName == "":
		return r.LastName
	case r.LastName == "":
		return r.FirstName
	}
	return r.FirstName + " " + r.LastName
}

// RegisteredFor reports whether the person registered for day d.
func (r Registrant) RegisteredFor(d Day) bool {
	return slices.Contains(r.Days, d)
}

// Short day and month names for Label.
var (
	frWeekdays = []string{"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."}
	frMonths   = []string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
)

// Label names the day briefly for badges and pages: "mer. 14 oct." in
// French, "Wed 14 Oct" in English.
func (d Day) Label(language string) string {
	t := d.Time()
	if language == "en" {
		return t.Format("Mon 2 Jan")
	}
	return fmt.Sprintf("%s %d %s", frWeekdays[t.Weekday()], t.Day(), frMonths[t.Month()-1])
}
