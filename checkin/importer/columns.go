package importer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/desk-event/desk/checkin"
)

// Mapping is the explicit part of column mapping, from desk.yaml: a header
// per field, a header per event day, and a column whose values say the
// days. Headers not named here are matched by synonym; an explicit source
// of days always wins over per-day columns found by their header.
type Mapping struct {
	Columns  map[checkin.Field]string
	Days     map[checkin.Day]string
	DaysFrom DaysFrom
}

// explicitDays says that desk.yaml names one column the days come from:
// per-day columns found by their header are then not read. (Per-day
// columns named under import.days leave the other days to their headers.)
func (m Mapping) explicitDays() bool {
	return m.DaysFrom.Column != "" || m.Columns[checkin.FieldDays] != "" || m.Columns[checkin.FieldTicket] != ""
}

// columnMap says which column holds which field and where the days of
// each row come from.
type columnMap struct {
	field   map[checkin.Field]int
	days    daySource
	headers []string
	notes   []string // columns passed over, for the import report
	sep     rune     // the table's separator, to spot rows swallowed by a stray quote
	// fallbackEmail is a second e-mail column (-1: none), used when a
	// row's own e-mail is empty.
	fallbackEmail int
	profile       *profile // the tool recognised from the headers, if any
	idCols        []int    // the columns whose values, joined, are each ticket's id (the tool's order code and position)
	moreChoices   []int    // further columns of sessions chosen (one per time slot), read with the sessions field's
}

// mapColumns maps a header row, looking at the rows below it (body) too.
// Explicit mappings win, then the tool's own columns when the headers are
// those of a known tool, then day columns, then the best synonym: each
// field takes the best-scoring column that holds data, the leftmost on a
// tie. A response-id column whose values repeat (a position number within
// each order) cannot tell people apart and is passed over.
func mapColumns(headers []string, body []Record, m Mapping, days []checkin.Day) (columnMap, error) {
	cm := columnMap{field: map[checkin.Field]int{}, headers: headers, fallbackEmail: -1,
		days: daySource{perDay: map[int]checkin.Day{}, tickBox: map[int]bool{}, question: -1}}
	taken := map[int]bool{}
	norms := make([]string, len(headers))
	for i, h := range headers {
		norms[i] = normalizeText(h)
	}
	find := func(want string) int {
		return slices.Index(norms, normalizeText(want))
	}
	for _, f := range checkin.Fields {
		if want, ok := m.Columns[f]; ok && want != "" {
			i := find(want)
			if i < 0 {
				return cm, fmt.Errorf("import.columns.%s is %q but the file has no such column", f, want)
			}
			if row, other, dup := repeatedValue(body, i); f == checkin.FieldResponseID && dup {
				return cm, fmt.Errorf("import.columns.response_id names %q, but rows %d and %d share a value: it cannot tell people apart (an order number?); name the column of each ticket's or response's own id", want, row, other)
			}
			cm.field[f], taken[i] = i, true
		}
	}
	dayTaken := map[checkin.Day]bool{}
	for d, want := range m.Days {
		i := find(want)
		if i < 0 {
			return cm, fmt.Errorf("import.days.%s is %q but the file has no such column", d, want)
		}
		cm.days.perDay[i], taken[i], dayTaken[d] = d, true, true
	}
	if m.DaysFrom.Column != "" {
		i := find(m.DaysFrom.Column)
		if i < 0 {
			return cm, fmt.Errorf("import.days_from.column is %q but the file has no such column", m.DaysFrom.Column)
		}
		cm.days.ticket, taken[i] = []int{i}, true
		cm.days.values = map[string]string{}
		for v, d := range m.DaysFrom.Values {
			cm.days.values[normalizeText(v)] = d
		}
	}
	cm.profile = recognise(norms)
	cm.applyProfile(norms, body, taken)
	if !m.explicitDays() {
		cm.findDayColumns(norms, days, taken, dayTaken)
	}
	explicit := map[checkin.Field]bool{}
	for f, h := range m.Columns {
		explicit[f] = h != ""
	}
	cm.assignBySynonym(norms, body, taken, explicit)
	cm.chooseDaySource(body, days)
	return cm, nil
}

// findDayColumns takes the per-day attendance columns: a header that names
// one event day and asks about coming that day ("Présence jeudi 14
// octobre", "Jour 2"), not about a meal, a workshop or anything else that
// happens that day.
func (cm *columnMap) findDayColumns(norms []string, days []checkin.Day, taken map[int]bool, dayTaken map[checkin.Day]bool) {
	for i, h := range norms {
		if taken[i] || isConsent(h) || containsAny(h, sideEventWords) {
			continue
		}
		d, ok := dayOf(h, days)
		if !ok || dayTaken[d] {
			continue
		}
		if !aboutComing(h) {
			cm.notes = append(cm.notes, fmt.Sprintf("column %q names %s but asks about something else: not read as attendance (name it under import.days in desk.yaml if it is)", cm.headers[i], d))
			continue
		}
		cm.days.perDay[i], taken[i], dayTaken[d] = d, true, true
	}
}

// chooseDaySource decides where the rows' days come from: per-day columns,
// else the days question, else the ticket column when its values name
// days. With none of them, everyone comes every day.
func (cm *columnMap) chooseDaySource(body []Record, days []checkin.Day) {
	if len(cm.days.perDay) == 0 && cm.days.values == nil {
		cm.days.ticket = nil // chosen again (after per-day columns turned out to be remarks)
	}
	switch {
	case len(cm.days.perDay) > 0, len(cm.days.ticket) > 0:
	case cm.has(checkin.FieldDays):
		cm.days.question = cm.field[checkin.FieldDays]
	case cm.has(checkin.FieldTicket):
		cols := append([]int{cm.field[checkin.FieldTicket]}, cm.variationColumns()...)
		cm.days.ticket = cols
		for _, r := range body {
			if _, known := valueDays(cm.ticketValue(r.Fields), days); known {
				return
			}
		}
		cm.days.ticket = nil // no value names a day: the ticket says nothing about days
	}
}

// columnFilled reports whether any row has a value in column i.
func columnFilled(body []Record, i int) bool {
	for _, r := range body {
		if strings.TrimSpace(cell(r.Fields, i)) != "" {
			return true
		}
	}
	return false
}

// repeatedValue finds two rows with the same non-empty value in column i.
func repeatedValue(body []Record, i int) (first, second int, found bool) {
	seen := make(map[string]int, len(body))
	for _, r := range body {
		v := strings.TrimSpace(cell(r.Fields, i))
		if v == "" {
			continue
		}
		if row, ok := seen[v]; ok {
			return row, r.Row, true
		}
		seen[v] = r.Row
	}
	return 0, 0, false
}

// assignBySynonym gives the fields not mapped explicitly their columns:
// every (field, column) pair that a synonym links is ranked, columns that
// hold data first, then by score, then leftmost, and taken greedily. So a
// column goes to the field it names best ("Prénom et nom" is a full name,
// not a first name) unless that field already has a better column
// ("Attendee name: Given name" is then the first name). The runner-up
// e-mail column is kept as a fallback for rows whose e-mail is empty (the
// buyer's address for a ticket without the attendee's).
func (cm *columnMap) assignBySynonym(norms []string, body []Record, taken map[int]bool, explicit map[checkin.Field]bool) {
	type candidate struct {
		f      checkin.Field
		col    int
		score  int
		filled bool
	}
	var cands []candidate
	for i, h := range norms {
		if taken[i] || h == "" {
			continue
		}
		filled := columnFilled(body, i)
		for _, f := range checkin.Fields {
			if _, ok := cm.field[f]; ok && (f != checkin.FieldEmail || explicit[f]) { // the tool's e-mail column leaves another for rows without
				continue
			}
			if s := fieldScore(h, f); s > 0 {
				if !shapeFits(body, i, f) {
					cm.noteShape(i, f)
					continue
				}
				cands = append(cands, candidate{f, i, s, filled})
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		switch {
		case a.filled != b.filled:
			return map[bool]int{true: -1, false: 1}[a.filled]
		case a.score != b.score:
			return b.score - a.score
		}
		return a.col - b.col
	})
	rejectedIDs := map[int]bool{}
	for _, c := range cands {
		if _, done := cm.field[c.f]; done || taken[c.col] || rejectedIDs[c.col] {
			if c.f == checkin.FieldEmail && c.filled && !taken[c.col] && cm.fallbackEmail < 0 {
				cm.fallbackEmail = c.col
			}
			if c.f == checkin.FieldSessions && c.filled && !taken[c.col] && !explicit[c.f] {
				cm.moreChoices = append(cm.moreChoices, c.col) // "Atelier du matin", then "Atelier de l'après-midi"
				taken[c.col] = true
			}
			continue
		}
		if c.f == checkin.FieldResponseID {
			if row, other, dup := repeatedValue(body, c.col); dup {
				cm.notes = append(cm.notes, fmt.Sprintf("column %q is not used as the response id: rows %d and %d share a value", cm.headers[c.col], row, other))
				rejectedIDs[c.col] = true
				continue
			}
		}
		cm.field[c.f], taken[c.col] = c.col, true
	}
	if cm.fallbackEmail >= 0 && taken[cm.fallbackEmail] {
		cm.fallbackEmail = -1
	}
	cm.fullNameInOneColumn(body)
}

// noteShape says, once per column, why a column named like a field is not
// read as that field.
func (cm *columnMap) noteShape(i int, f checkin.Field) {
	note := fmt.Sprintf("column %q is not read as the %s: its values look like web addresses, numbers, prices, dates or ids", cm.headers[i], f.Label())
	if f == checkin.FieldSessions {
		note = fmt.Sprintf("column %q is not read as the sessions chosen: its answers are yes or no, about one session (name the column listing the sessions chosen under import.columns.sessions in desk.yaml)", cm.headers[i])
	}
	if !slices.Contains(cm.notes, note) {
		cm.notes = append(cm.notes, note)
	}
}

// fullNameInOneColumn reads a lone name column that holds whole names
// ("Nom": "Claire Vidal", with no first-name column) as the full name, to
// be split into first and last name.
func (cm *columnMap) fullNameInOneColumn(body []Record) {
	if cm.has(checkin.FieldFirstName) || cm.has(checkin.FieldFullName) {
		return
	}
	if i, ok := cm.field[checkin.FieldLastName]; ok && mostlyFullNames(body, i) {
		delete(cm.field, checkin.FieldLastName)
		cm.field[checkin.FieldFullName] = i
	}
}

// missing names what the mapping lacks to name and recognise people.
func (cm columnMap) missing() []string {
	var miss []string
	if !cm.has(checkin.FieldFirstName) && !cm.has(checkin.FieldLastName) && !cm.has(checkin.FieldFullName) {
		miss = append(miss, "the name (Prénom/Nom, first/last name)")
	}
	if !cm.has(checkin.FieldEmail) && !cm.has(checkin.FieldResponseID) {
		miss = append(miss, "the e-mail address (or the form's response id)")
	}
	return miss
}

func (cm columnMap) has(f checkin.Field) bool { _, ok := cm.field[f]; return ok }

// ignored lists the headers that are not imported: their contents are
// never stored.
func (cm columnMap) ignored() []string {
	used := map[int]bool{}
	for _, i := range cm.field {
		used[i] = true
	}
	for i := range cm.days.perDay {
		used[i] = true
	}
	for _, i := range cm.days.ticket {
		used[i] = true
	}
	used[cm.fallbackEmail] = true
	var out []string
	for i, h := range cm.headers {
		if !used[i] && strings.TrimSpace(h) != "" {
			out = append(out, strings.TrimSpace(h))
		}
	}
	return out
}

// Fold is the one way desk compares what people type with names: lower
// case, accents removed, punctuation as spaces ("Hélène" and "helene",
// "Le Roux" and "le-roux" match).
func Fold(s string) string { return normalizeText(s) }
