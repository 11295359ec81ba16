package checkin

import (
	"fmt"
	"io"
	"time"
)

// WriteSessionCSV writes a session's list for spreadsheets, as
// WriteAttendanceCSV does (BOM, semicolons, formulas neutralised): one row
// per person registered or who came, each row naming the session and its
// day so that lists of several sessions can be pasted one under another.
// Times are the event's local times. Badge codes are left out: the list
// goes to speakers and sponsors, and a code lets anyone in.
func WriteSessionCSV(w io.Writer, rep SessionReport, loc *time.Location) error {
	header := []string{"atelier", "jour", "nom", "prénom", "organisme", "catégorie", "inscrit", "présent", "entrée", "sortie",
		"admis sans inscription"}
	records := make([][]string, 0, len(rep.People))
	for _, p := range rep.People {
		records = append(records, []string{rep.Session.Name, string(rep.Session.Day), p.LastName, p.FirstName, p.Organisation,
			p.Category, yesNo(p.Registered), yesNo(p.Came()), clock(p.CameAt, loc), clock(p.LeftAt, loc),
			yesNo(p.Came() && !p.Registered)})
	}
	return writeCSV(w, header, records)
}

// WriteSessionsCSV writes one row per session with its counts: the table
// of a day report's sessions, kept in a file of its own so that each CSV
// stays one table that a spreadsheet sorts and filters.
func WriteSessionsCSV(w io.Writer, reports []SessionReport) error {
	header := []string{"jour", "début", "fin", "atelier", "salle", "capacité", "inscrits", "présents", "absents",
		"venus sans inscription", "sortis", "id"}
	records := make([][]string, 0, len(reports))
	for _, r := range reports {
		s := r.Session
		records = append(records, []string{string(s.Day), s.Start, s.End, s.Name, s.Room, CapacityText(s.Capacity),
			fmt.Sprint(r.Registered), fmt.Sprint(r.Came), fmt.Sprint(r.NoShow), fmt.Sprint(r.Unregistered), fmt.Sprint(r.Left), s.ID})
	}
	return writeCSV(w, header, records)
}

// CapacityText writes a capacity for people: the number, or "sans limite"
// for 0.
func CapacityText(capacity int) string {
	if capacity == 0 {
		return "sans limite"
	}
	return fmt.Sprint(capacity)
}

// clock is a time as HH:MM in loc; "" for zero.
func clock(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("15:04")
}
