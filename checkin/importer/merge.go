package importer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/desk-event/desk/checkin"
)

// personKey tells the rows of one person within an export: the same
// response id, else the same e-mail with the same name. Rows sharing a
// buyer's e-mail but naming different attendees are different people.
func personKey(r checkin.Registrant) string {
	if r.ResponseID != "" {
		return "id\x00" + r.ResponseID
	}
	return "email\x00" + r.Email + "\x00" + nameKey(r)
}

// merge makes one row of each person's rows (one ticket per day, a form
// submitted twice): the latest row's details, the days of all their rows
// that are not cancelled (of all rows if every one is), cancelled only
// when every row is. A row that says nothing of days counts as every day
// only when no row of the person says. The merges are returned for the
// import summary.
func merge(rows []Row, days []checkin.Day) ([]Row, []RowIssue) {
	byKey := map[string]int{}   // a key -> index in out
	byEmail := map[string]int{} // e-mail and name -> index in out, to join rows with and without an id
	var out []Row
	var group [][]Row
	for _, r := range rows {
		k, ek := personKey(r.Registrant), "email\x00"+r.Email+"\x00"+nameKey(r.Registrant)
		i, ok := byKey[k]
		if !ok && r.Email != "" {
			i, ok = byEmail[ek]
		}
		if !ok {
			i = len(out)
			out = append(out, r)
			group = append(group, nil)
		}
		group[i] = append(group[i], r)
		byKey[k] = i
		if r.Email != "" {
			byEmail[ek] = i
		}
	}
	var merged []RowIssue
	for i, g := range group {
		out[i] = combine(g, days)
		if len(g) > 1 {
			merged = append(merged, RowIssue{Row: g[0].Row, Reason: fmt.Sprintf("%s: rows %s are one person, merged (%s)",
				out[i].FullName(), rowNumbers(g), dayList(out[i].Days))})
		}
	}
	return out, merged
}

// combine makes one person of their rows.
func combine(g []Row, days []checkin.Day) Row {
	last := g[len(g)-1]
	p := last
	p.Row = g[0].Row
	if p.ResponseID == "" || g[0].ResponseID != "" {
		p.ResponseID = g[0].ResponseID // the first ticket's id, the same at every import
	}
	live := slices.DeleteFunc(slices.Clone(g), func(r Row) bool { return r.Cancelled })
	p.Cancelled = len(live) == 0
	if len(live) == 0 {
		live = g
	}
	var out []checkin.Day
	known := false
	for _, r := range live {
		if r.daysKnown {
			known = true
			for _, d := range r.Days {
				out = appendDay(out, d)
			}
		}
	}
	if !known {
		out = slices.Clone(days)
		if len(g) == 1 && len(last.Days) > 0 { // a single row's own reading (per-day columns answered no to all: none)
			out = slices.Clone(last.Days)
		}
	}
	slices.Sort(out)
	p.Days, p.daysKnown = out, known
	if c := live[0].Category; c != "" {
		p.Category = c // the first ticket's kind: the main one (a pass before its add-ons)
	}
	for _, r := range slices.Backward(live) { // else details from the latest row that has them
		if p.Organisation == "" {
			p.Organisation = r.Organisation
		}
		if p.Category == "" {
			p.Category = r.Category
		}
	}
	return p
}

func rowNumbers(g []Row) string {
	s := ""
	for i, r := range g {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(r.Row)
	}
	return s
}

// DayCount is how many people are expected on an event day, and the values
// their days were read from, with how many rows hold each.
type DayCount struct {
	Day      checkin.Day
	Expected int
	From     []ValueCount
}

// ValueCount is a value and how many rows hold it.
type ValueCount struct {
	Value string
	Rows  int
}

// daySummary counts, per event day, the rows expected that day by the
// value their days were read from; rows whose value names no day are
// counted apart (they are expected every day).
func daySummary(rows []Row, days []checkin.Day, perDay map[int]checkin.Day, headers []string) (out []DayCount, unplaced []ValueCount) {
	header := map[checkin.Day]string{} // per-day columns: the day's column is where its rows were read
	for i, d := range perDay {
		header[d] = strings.TrimSpace(cell(headers, i))
	}
	out = make([]DayCount, len(days))
	for i, d := range days {
		out[i].Day = d
	}
	for _, r := range rows {
		if r.Cancelled {
			continue
		}
		if !r.daysKnown && r.daysFrom != "" {
			unplaced = countValue(unplaced, r.daysFrom)
		}
		for i, d := range days {
			if slices.Contains(r.Days, d) || !r.daysKnown {
				from := r.daysFrom
				if h, ok := header[d]; ok && r.daysKnown {
					from = h
				}
				out[i].From = countValue(out[i].From, from)
			}
		}
	}
	return out, unplaced
}

func countValue(vs []ValueCount, v string) []ValueCount {
	if v == "" {
		v = "(nothing says: every day)"
	}
	for i := range vs {
		if vs[i].Value == v {
			vs[i].Rows++
			return vs
		}
	}
	return append(vs, ValueCount{v, 1})
}
