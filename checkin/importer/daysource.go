package importer

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/desk-event/desk/checkin"
)

// DaysFrom is import.days_from in desk.yaml: the column whose values say
// the days (a ticket type, a rate), and the days of the values that desk
// cannot read by itself.
type DaysFrom struct {
	Column string
	Values map[string]string // a value (any case, accents) -> "all", "none" or a day YYYY-MM-DD
}

// allDaysWords are values meaning every day of the event: a pass, the
// whole event, both days.
var allDaysWords = []string{"tous", "toutes", "les deux", "both", "all", "all days", "tous les jours", "both days",
	"pass", "complet", "complete", "full", "full event", "whole event", "entire event", "evenement complet",
	"integral", "integrale", "totalite", "toutes les journees", "every day", "everyday", "multi jours", "multi day"}

// countWords name a number of days: "2 jours", "deux jours", "two days".
var countWords = map[string]int{"un": 1, "une": 1, "one": 1, "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4, "four": 4, "cinq": 5, "five": 5}

// valueDays reads one value that may say which days: a date, a weekday or
// "Jour 2" give those days; "Pass", "2 jours" (as many as the event has),
// "tous les jours", "all days", "full event" give every day. known is
// false when the value names no day.
func valueDays(value string, days []checkin.Day) (out []checkin.Day, known bool) {
	n := normalizeText(value)
	if found := daysNamed(n, days); len(found) > 0 {
		return found, true
	}
	words := splitDigits(strings.Fields(n))
	for i, w := range words {
		if !dayWords[strings.TrimSuffix(w, "s")] || i == 0 {
			continue
		}
		count, ok := countWords[words[i-1]]
		if !ok {
			count, ok = number(words[i-1])
		}
		if ok { // a number of days: every day when it is all of them, else unknown
			return slices.Clone(days), count == len(days)
		}
	}
	if containsAny(n, allDaysWords) {
		return slices.Clone(days), true
	}
	return nil, false
}

// daySource is where the days of the rows come from, chosen once per
// export: per-day columns, a days question, or a ticket column's values.
type daySource struct {
	perDay   map[int]checkin.Day // column -> day, yes/no answers
	tickBox  map[int]bool        // per-day columns where any answer means yes
	question int                 // a multiple-choice days column (-1: none)
	ticket   []int               // the ticket columns whose values may name days
	values   map[string]string   // explicit readings of values (normalised) from import.days_from
}

// rowDays reads a row's days. known is false when nothing in the row says
// (no source, or a ticket that names no day): the person comes every day
// unless another row of theirs says otherwise. label names where the days
// were read, for the import summary.
func (cm columnMap) rowDays(fields []string, days []checkin.Day) (out []checkin.Day, known bool, label, reason string) {
	src := cm.days
	switch {
	case len(src.perDay) > 0:
		for _, d := range days {
			for _, i := range slices.Sorted(maps.Keys(src.perDay)) {
				if src.perDay[i] != d {
					continue
				}
				v := cell(fields, i)
				yes, ok := yesNo(v)
				if src.tickBox[i] {
					yes, ok = strings.TrimSpace(v) != "", true
				}
				if !ok {
					return nil, false, "", fmt.Sprintf("column %q: %q is neither yes nor no", cm.headers[i], checkin.Truncate(checkin.Clean(v), 40))
				}
				if yes {
					out = append(out, d)
				}
			}
		}
		return out, true, "per-day columns", ""
	case src.question >= 0:
		v := checkin.Clean(cell(fields, src.question))
		out, bad, ok := daysOf(v, days)
		if !ok {
			return nil, false, "", fmt.Sprintf("days: %q is not one of the event days", checkin.Truncate(bad, 40))
		}
		return out, true, v, ""
	case len(src.ticket) > 0:
		v := cm.ticketValue(fields)
		if d, ok := src.values[normalizeText(v)]; ok {
			return explicitValueDays(d, days), true, v, ""
		}
		if containsAny(normalizeText(v), sideEventWords) {
			return nil, false, v, "" // a dinner or a night: it says nothing of the days one comes
		}
		out, known = valueDays(v, days)
		return out, known, v, ""
	}
	return nil, false, "", ""
}

// explicitValueDays reads the day given to a value in import.days_from.
func explicitValueDays(d string, days []checkin.Day) []checkin.Day {
	switch d {
	case "all":
		return slices.Clone(days)
	case "none":
		return nil
	}
	return []checkin.Day{checkin.Day(d)}
}

// ticketValue is the row's ticket: its ticket columns joined ("Journée" and
// its variation "Jeudi 15 octobre").
func (cm columnMap) ticketValue(fields []string) string {
	var parts []string
	for _, i := range cm.days.ticket {
		if v := checkin.Clean(cell(fields, i)); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " – ")
}

// daysOf reads a multiple-choice days cell such as "Jour 1 (plénière),
// Jour 2 (ateliers)". It returns ok=false with the first part it could not
// place on an event day.
func daysOf(value string, days []checkin.Day) (out []checkin.Day, bad string, ok bool) {
	for _, part := range splitChoices(value) {
		n := normalizeText(part)
		if n == "" {
			continue
		}
		if y, isNum := number(n); isNum && len(n) == 4 && y > 1900 {
			continue // the year of "October 14, 2026"
		}
		found, known := valueDays(part, days)
		if !known {
			return nil, strings.TrimSpace(part), false
		}
		for _, d := range found {
			out = appendDay(out, d)
		}
	}
	slices.Sort(out)
	return out, "", true
}
