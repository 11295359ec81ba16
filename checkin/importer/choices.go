package importer

// The sessions chosen in the form: one cell holds several workshops'
// names, joined by ";", "," or line breaks. They are kept as text, cleaned,
// so that a session added to desk.yaml later matches them; the import
// report says which session each value matches, and which match none.

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/desk-event/desk/checkin"
)

// maxChoiceLength is the longest choice kept, in characters: a workshop's
// name, not a remark.
const maxChoiceLength = 200

// maxChoices is the most choices kept of one cell.
const maxChoices = 50

// rowChoices reads the sessions chosen in a row, each cleaned, sorted and
// once; it says why any value was left out.
func (cm columnMap) rowChoices(fields []string, sessions []checkin.Session) (choices []string, left []string) {
	i, ok := cm.field[checkin.FieldSessions]
	if !ok {
		return nil, nil
	}
	var parts []string
	for _, col := range append([]int{i}, cm.moreChoices...) {
		parts = append(parts, splitSessionChoices(cell(fields, col), sessions)...)
	}
	for _, part := range parts {
		c := cleanChoice(part)
		switch {
		case c == "":
		case utf8.RuneCountInString(c) > maxChoiceLength:
			left = append(left, fmt.Sprintf("a session chosen is %d characters long (at most %d): %q", utf8.RuneCountInString(c), maxChoiceLength, checkin.Truncate(c, 40)))
		case strings.ContainsAny(c, "<>"):
			left = append(left, fmt.Sprintf("a session chosen contains < or > (markup is not accepted): %q", checkin.Truncate(c, 40)))
		case len(choices) == maxChoices:
			left = append(left, fmt.Sprintf("more than %d sessions chosen: %q and after are left out", maxChoices, checkin.Truncate(c, 40)))
			return sortedChoices(choices), left
		default:
			choices = append(choices, c)
		}
	}
	return sortedChoices(choices), left
}

// sortedChoices sorts choices and keeps each once.
func sortedChoices(choices []string) []string {
	slices.Sort(choices)
	return slices.Compact(choices)
}

// cleanChoice makes one choice a single line, without the bullets,
// quotes and formula marks around it.
func cleanChoice(s string) string {
	return strings.Trim(checkin.Clean(s), " -–—•·▪*=+@\"'«»")
}

// splitSessionChoices splits a cell at ";", "|" and line breaks, then at
// ",", outside brackets ("Déployer Geotrek (matin, complet)"). A comma
// inside a workshop's name is kept: pieces are joined back when together
// they are exactly a session's name, the longest run first; and, sessions
// known or not, a piece that starts in lower case and names no session
// goes on the name before it ("Geotrek-rando, le portail grand public"),
// so that the choice is whole when its session is added to desk.yaml later.
func splitSessionChoices(value string, sessions []checkin.Session) []string {
	var out []string
	for _, part := range splitOutside(value, ";|\n\r", nil) {
		pieces := splitOutside(part, ",", nil)
		for i := 0; i < len(pieces); {
			j := namedRun(pieces, i, sessions)
			if j == i+1 {
				for j < len(pieces) && continues(pieces[j], sessions) {
					j++
				}
			}
			out = append(out, strings.Join(pieces[i:j], ","))
			i = j
		}
	}
	return out
}

// namedRun returns the end of the longest run of pieces from i that
// together are exactly a session's name; i+1 when none is.
func namedRun(pieces []string, i int, sessions []checkin.Session) int {
	for j := len(pieces); j > i+1; j-- {
		run := strings.Join(pieces[i:j], ",")
		if slices.ContainsFunc(sessions, func(s checkin.Session) bool { return checkin.NamesSession(run, s) }) {
			return j
		}
	}
	return i + 1
}

// continues reports a piece after a comma that goes on the choice before
// it: it starts in lower case and names no session by itself.
func continues(piece string, sessions []checkin.Session) bool {
	first, _ := utf8.DecodeRuneInString(strings.TrimSpace(piece))
	if !unicode.IsLower(first) {
		return false
	}
	_, named := checkin.MatchSession(piece, sessions)
	return !named
}

// splitOutside splits value at any of seps that is outside brackets
// ("Jour 2 (ateliers, matin)" stays whole), unless text says the
// separator at i is part of the text (nil: none is).
func splitOutside(value, seps string, text func(value string, i int) bool) []string {
	var parts []string
	start, depth := 0, 0
	for i := 0; i < len(value); i++ {
		switch c := value[i]; {
		case c == '(' || c == '[':
			depth++
		case (c == ')' || c == ']') && depth > 0:
			depth--
		case depth == 0 && strings.IndexByte(seps, c) >= 0 && (text == nil || !text(value, i)):
			parts = append(parts, value[start:i])
			start = i + 1
		}
	}
	return append(parts, value[start:])
}

// choiceSummary counts, per value chosen, the people not cancelled who
// chose it, and the session it matches (see checkin.CountChoices).
func choiceSummary(rows []Row, sessions []checkin.Session) []checkin.ChoiceCount {
	counts := map[string]int{}
	for _, r := range rows {
		if r.Cancelled {
			continue
		}
		for _, c := range r.Choices {
			counts[c]++
		}
	}
	return checkin.CountChoices(counts, sessions)
}
