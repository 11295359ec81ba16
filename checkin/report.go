package checkin

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// AttendanceColumns says which optional columns the attendance CSV has.
type AttendanceColumns struct {
	HealthPass bool // the event checks health passes (policy not off)
	Sessions   bool // the event has sessions
}

// WriteAttendanceCSV writes one row per registrant and day for
// spreadsheets: UTF-8 with a byte-order mark and semicolons, so that
// French Excel opens it with its accents and columns, and every cell that
// a spreadsheet would run as a formula neutralised. Times are the event's
// local times. With cols.HealthPass, a column says whether the person's
// health pass was checked; with cols.Sessions, a last column lists the
// sessions the person entered that day, joined by "; ".
func WriteAttendanceCSV(w io.Writer, rows []Attendance, loc *time.Location, cols AttendanceColumns) error {
	header := []string{"jour", "nom", "prénom", "organisme", "catégorie", "inscrit ce jour", "présent", "arrivée", "poste",
		"inscrit sur place", "admis sans inscription"}
	if cols.HealthPass {
		header = append(header, "pass sanitaire vérifié")
	}
	header = append(header, "inscription annulée", "code")
	if cols.Sessions {
		header = append(header, "ateliers suivis")
	}
	records := make([][]string, 0, len(rows))
	for _, a := range rows {
		arrived, at := !a.ArrivedAt.IsZero(), ""
		if arrived {
			at = a.ArrivedAt.In(loc).Format("15:04")
		}
		record := []string{string(a.Day), a.LastName, a.FirstName, a.Organisation, a.Category, yesNo(a.Registered), yesNo(arrived),
			at, a.Desk, yesNo(a.WalkIn), yesNo(a.Forced)}
		if cols.HealthPass {
			record = append(record, yesNo(a.HealthPassVerified))
		}
		record = append(record, yesNo(a.Cancelled), string(a.Code))
		if cols.Sessions {
			record = append(record, strings.Join(a.Sessions, "; "))
		}
		records = append(records, record)
	}
	return writeCSV(w, header, records)
}

// writeCSV writes a table as French Excel opens it: UTF-8 with a
// byte-order mark, semicolons, CRLF, and every cell that a spreadsheet
// would run as a formula neutralised.
func writeCSV(w io.Writer, header []string, records [][]string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	cw.Write(header)
	for _, record := range records {
		for i, v := range record {
			record[i] = SafeCell(v)
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing the CSV: %w", err)
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}

// SafeCell neutralises a cell that a spreadsheet would take for a
// formula (starting with = + - @, or a tab or carriage return) by putting
// an apostrophe before it, which spreadsheets show as text.
func SafeCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// DaySummary is what the attendance report says of one day.
type DaySummary struct {
	Day                       Day
	Expected, Present, NoShow int // expected: registered, not cancelled
	WalkIns, Forced           int // present without being registered before
	HealthPassChecked         int
	Organisations             int // represented among those present
	ByCategory                []Count
	ByOrganisation            []Count
	PerTenMinutes             []Bucket // local times
	Attendees, NoShows        []Attendance
	// Sessions are the sessions held that day with their counts (see
	// SessionsOn); Summarize leaves them to the caller, who knows them.
	Sessions []SessionReport
}

// Summarize counts the attendance rows day by day. Arrivals are bucketed
// in the event's local time.
func Summarize(rows []Attendance, loc *time.Location) []DaySummary {
	var out []DaySummary
	index := map[Day]int{}
	cats, orgs := map[Day]map[string]*Count{}, map[Day]map[string]*Count{}
	for _, a := range rows {
		i, ok := index[a.Day]
		if !ok {
			i = len(out)
			index[a.Day] = i
			out = append(out, DaySummary{Day: a.Day})
			cats[a.Day], orgs[a.Day] = map[string]*Count{}, map[string]*Count{}
		}
		s := &out[i]
		expected := a.Registered && !a.Cancelled
		present := !a.ArrivedAt.IsZero()
		for _, m := range []struct {
			counts map[string]*Count
			key    string
		}{{cats[a.Day], a.Category}, {orgs[a.Day], a.Organisation}} {
			c := m.counts[m.key]
			if c == nil {
				c = &Count{Name: m.key}
				m.counts[m.key] = c
			}
			if expected {
				c.Expected++
			}
			if present {
				c.Arrived++
			}
		}
		switch {
		case present:
			s.Present++
			s.Attendees = append(s.Attendees, a)
			if a.WalkIn {
				s.WalkIns++
			} else if a.Forced {
				s.Forced++
			}
			if a.HealthPassVerified {
				s.HealthPassChecked++
			}
		case expected:
			s.NoShow++
			s.NoShows = append(s.NoShows, a)
		}
		if expected {
			s.Expected++
		}
	}
	for i := range out {
		s := &out[i]
		s.ByCategory, s.ByOrganisation = sortedCounts(cats[s.Day]), sortedCounts(orgs[s.Day])
		for _, c := range s.ByOrganisation {
			if c.Arrived > 0 && c.Name != "" {
				s.Organisations++
			}
		}
		s.PerTenMinutes = buckets(s.Attendees, loc)
	}
	return out
}

func sortedCounts(m map[string]*Count) []Count {
	out := make([]Count, 0, len(m))
	for _, c := range m {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Count) int {
		if a.Expected != b.Expected {
			return b.Expected - a.Expected
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// buckets counts arrivals per ten minutes, from the first to the last,
// empty slots included so that the chart shows the quiet times too.
func buckets(attendees []Attendance, loc *time.Location) []Bucket {
	if len(attendees) == 0 {
		return nil
	}
	slot := func(t time.Time) time.Time { t = t.In(loc); return t.Truncate(10 * time.Minute) }
	first, last := slot(attendees[0].ArrivedAt), slot(attendees[0].ArrivedAt)
	count := map[time.Time]int{}
	for _, a := range attendees {
		s := slot(a.ArrivedAt)
		count[s]++
		if s.Before(first) {
			first = s
		}
		if s.After(last) {
			last = s
		}
	}
	var out []Bucket
	for t := first; !t.After(last) && len(out) < 24*6; t = t.Add(10 * time.Minute) {
		out = append(out, Bucket{Start: t, Arrivals: count[t]})
	}
	return out
}
