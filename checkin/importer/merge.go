package importer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/desk-event/desk/checkin"
)

// personKey tells the rows of one person within an export: the same
// response id, else the same e-mail with the same name (name is nameKey's). Rows sharing a
// buyer's e-mail but naming different attendees are different people.
func personKey(r checkin.Registrant, name string) string {
	if r.ResponseID != "" {
		return "id\x00" + r.ResponseID
	}
	return "email\x00" + r.Email + "\x00" + name
}

// merge makes one row of each person's rows (one ticket per day, a form
// submitted twice): the latest row's details, the days of all their rows
// that are not cancelled (of all rows if every one is), cancelled only
// when every row is. A row that says nothing of days counts as every day
// only when no row of the person says. The merges are returned for the
// import summary.
func merge(rows []Row, days []checkin.Day) ([]Row, []RowIssue) {
	byKey := make(map[string]int, len(rows))   // a key -> the person's index
	byEmail := make(map[string]int, len(rows)) // e-mail and name -> index, to join rows with and without an id
	first := make([]int, 0, len(rows))         // each person's first row
	var more map[int][]int                     // a person's further rows, for the few who have them
	for ri, r := range rows {
		name := nameKey(r.Registrant)
		k, ek := personKey(r.Registrant, name), "email\x00"+r.Email+"\x00"+name
		i, ok := byKey[k]
		if !ok && r.Email != "" {
			i, ok = byEmail[ek]
		}
		switch {
		case !ok:
			i = len(first)
			first = append(first, ri)
		default:
			if more == nil {
				more = map[int][]int{}
			}
			more[i] = append(more[i], ri)
		}
		byKey[k] = i
		if r.Email != "" {
			byEmail[ek] = i
		}
	}
	out := make([]Row, len(first))
	var merged []RowIssue
	for i, ri := range first {
		if len(more[i]) == 0 {
			out[i] = combine([]Row{rows[ri]}, days)
			continue
		}
		g := []Row{rows[ri]}
		for _, j := range more[i] {
			g = append(g, rows[j])
		}
		out[i] = combine(g, days)
		merged = append(merged, RowIssue{Row: g[0].Row, Reason: fmt.Sprintf("%s: rows %s are one person, merged (%s)",
			out[i].FullName(), rowNumbers(g), dayList(out[i].Days))})
	}
	return out, merged
}

// combine makes one person of their rows.
func combine(g []Row, days []checkin.Day) Row {
	if len(g) == 1 { // most people: their one row, every day if it says none
		p := g[0]
		if !p.daysKnown && len(p.Days) == 0 {
			p.Days = slices.Clone(days)
		}
		return p
	}
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
	}
	slices.Sort(out)
	p.Days, p.daysKnown = out, known
	p.Choices, p.noChoices = nil, true
	for _, r := range live { // the sessions chosen on any of their rows
		p.Choices = append(p.Choices, r.Choices...)
		p.noChoices = p.noChoices && r.noChoices
	}
	p.Choices = sortedChoices(p.Choices)
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
