package importer

import (
	"regexp"
	"strings"

	"github.com/desk-event/desk/checkin"
)

// Shapes of values that are never a person's name, organisation, category
// or ticket type, whatever their column's header says: a web address, a
// number, a price or a date, an id (one word mixing digits with letters),
// an e-mail address.
var (
	urlShape    = regexp.MustCompile(`(?i)^(https?://|www\.)\S+$`)
	numberShape = regexp.MustCompile(`(?i)^[€$£]?\s*[-+]?[\d][\d\s.,:/'-]*\s*(€|eur|euros?|\$|£|chf|ttc|ht|%)?$`)
	idShape     = regexp.MustCompile(`^[A-Za-z]{0,4}[-_#]?\d[\dA-Za-z_-]{3,}$|^[A-Za-z0-9]{6,}$`)
)

// textFields hold words: a column whose values are mostly of another
// shape is not one of them.
var textFields = map[checkin.Field]bool{checkin.FieldFirstName: true, checkin.FieldLastName: true, checkin.FieldFullName: true,
	checkin.FieldOrganisation: true, checkin.FieldCategory: true, checkin.FieldTicket: true, checkin.FieldDays: true,
	checkin.FieldSessions: true}

// notText tells a value that is a web address, a number, a price, a date
// or an e-mail (and, for a category or a ticket, an id): never a name or a
// category.
func notText(v string, f checkin.Field) bool {
	v = strings.TrimSpace(v)
	switch {
	case urlShape.MatchString(v), numberShape.MatchString(v), strings.Contains(v, "@") && !strings.Contains(v, " "):
		return true
	case (f == checkin.FieldCategory || f == checkin.FieldTicket) && idShape.MatchString(v) && strings.ContainsAny(v, "0123456789"):
		return true
	}
	return false
}

// shapeFits reports whether the values of column i can be field f: for
// the fields that hold words, at least half of the filled cells must be
// text; the sessions chosen are names of sessions, not yes/no answers (a
// question about one workshop).
func shapeFits(body []Record, i int, f checkin.Field) bool {
	if !textFields[f] {
		return true // a bad e-mail is the row's problem, said row by row
	}
	if f == checkin.FieldSessions && mostlyYesNo(body, i) {
		return false
	}
	filled, other := share(body, i, func(v string) bool { return notText(v, f) })
	return filled == 0 || 2*other < filled
}

// share counts the filled cells of column i, and those of them that are.
func share(body []Record, i int, are func(v string) bool) (filled, yes int) {
	for _, r := range body {
		v := strings.TrimSpace(cell(r.Fields, i))
		if v == "" {
			continue
		}
		filled++
		if are(v) {
			yes++
		}
	}
	return filled, yes
}

// mostlyFullNames reports whether most filled cells of column i hold two
// words or more: a single "Nom" column holding "Claire Vidal".
func mostlyFullNames(body []Record, i int) bool {
	filled, two := share(body, i, func(v string) bool { return len(strings.Fields(v)) >= 2 })
	return filled > 0 && 5*two >= 3*filled
}

// mostlyYesNo reports whether most filled cells of column i are yes/no
// answers ("Oui", "Non", "x", "Je participe").
func mostlyYesNo(body []Record, i int) bool {
	filled, answers := share(body, i, func(v string) bool { _, ok := yesNo(v); return ok || tickWords[normalizeText(v)] })
	return filled > 0 && 2*answers >= filled
}

// tickWords are what a tool writes in a ticked box (Airtable: "checked").
var tickWords = map[string]bool{"checked": true, "unchecked": true, "coche": true, "cochee": true, "selected": true,
	"selectionne": true, "selectionnee": true}
