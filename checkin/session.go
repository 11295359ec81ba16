package checkin

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
)

// Session is one workshop or talk of the event, from desk.yaml.
type Session struct {
	ID, Name, Room string
	Day            Day
	Start, End     string // "HH:MM", local time of the event
	Capacity       int    // 0: no limit
	// Aliases are other names the form gave the session (its name before
	// a rename in desk.yaml): choices made under them still match it.
	Aliases []string
}

// Overlaps reports whether two sessions of one day share time: one starts
// before the other ends. A session ending at 12:00 and one starting at
// 12:00 do not overlap.
func (s Session) Overlaps(o Session) bool {
	return s.Day == o.Day && s.Start < o.End && o.Start < s.End
}

// MatchSession finds the session a registration form's choice names:
// accents, case, punctuation ignored; tolerant of the form's own wording:
// a prefix such as "Atelier 3 :", "A3 -", "Workshop B –", and trailing
// parentheses "(à confirmer)", "(complet)", "(matin)". ok=false when none or
// several sessions fit.
//
// A choice fits a session when, prefix and parentheses aside, it is the
// session's name or id; failing that, when it begins with the whole name
// ("Déployer Geotrek sur votre serveur – niveau 2") or is the name cut
// short after two words or more ("Déployer Geotrek"). Exact fits win over
// partial ones, so that "Cartographie" picks the session of that name and
// not "Cartographie avancée".
func MatchSession(choice string, sessions []Session) (id string, ok bool) {
	return matchForms(sessionForms(choice), sessions)
}

// NamesSession reports whether choice is session s's name or id exactly,
// its numbering and notes aside: the import uses it to tell a comma inside
// a workshop's name from a comma between two choices.
func NamesSession(choice string, s Session) bool {
	return fit(sessionForms(choice), s) == fitExact
}

// ChosenSessions returns the ids of the sessions that a person's choices
// name, in the order of sessions, each once.
func ChosenSessions(choices []string, sessions []Session) []string {
	chosen := map[string]bool{}
	for _, c := range choices {
		if id, ok := MatchSession(c, sessions); ok {
			chosen[id] = true
		}
	}
	var out []string
	for _, s := range sessions {
		if chosen[s.ID] {
			out = append(out, s.ID)
			delete(chosen, s.ID) // a duplicated id counts once
		}
	}
	return out
}

// RegisteredForSession reports whether the person registered for the
// session id: not cancelled, and one of their choices names it among
// sessions (all of the event's: a choice that fits two names neither).
func (r Registrant) RegisteredForSession(id string, sessions []Session) bool {
	if r.Cancelled {
		return false
	}
	for _, c := range r.Choices {
		if got, ok := MatchSession(c, sessions); ok && got == id {
			return true
		}
	}
	return false
}

// ChoiceCount is one value chosen in the form: how many people (not
// cancelled) chose it, and the session it matches ("" for none).
type ChoiceCount struct {
	Value   string
	People  int
	Session string // the session's id
}

// CountChoices matches each value chosen (with its number of people) to
// its session, once per value: sorted by session in the order of
// sessions, the values matching none last, then by count and value. The
// import report and "desk sessions" show them.
func CountChoices(people map[string]int, sessions []Session) []ChoiceCount {
	rank := make(map[string]int, len(sessions)+1)
	for i, s := range slices.Backward(sessions) { // the first of a duplicated id wins
		rank[s.ID] = i
	}
	rank[""] = len(sessions)
	out := make([]ChoiceCount, 0, len(people))
	for v, n := range people {
		id, _ := MatchSession(v, sessions)
		out = append(out, ChoiceCount{Value: v, People: n, Session: id})
	}
	slices.SortFunc(out, func(a, b ChoiceCount) int {
		return cmp.Or(rank[a.Session]-rank[b.Session], b.People-a.People, strings.Compare(a.Value, b.Value))
	})
	return out
}

// matchForms picks the one session that the folded forms of a choice fit
// best, exactly before partially.
func matchForms(forms []string, sessions []Session) (string, bool) {
	if len(forms) == 0 {
		return "", false
	}
	var exact, partial []string
	for _, s := range sessions {
		switch fit(forms, s) {
		case fitExact:
			exact = appendOnce(exact, s.ID)
		case fitPartial:
			partial = appendOnce(partial, s.ID)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0], true
	case len(exact) == 0 && len(partial) == 1:
		return partial[0], true
	}
	return "", false
}

const (
	fitNone = iota
	fitPartial
	fitExact
)

// fit says how well the forms of a choice fit session s.
func fit(forms []string, s Session) int {
	names := sessionForms(s.Name)
	for _, a := range s.Aliases { // former names: a session renamed in desk.yaml keeps the choices made under them
		names = append(names, sessionForms(a)...)
	}
	id := sessionFold(s.ID)
	best := fitNone
	for _, c := range forms {
		if c == id {
			return fitExact
		}
		for _, n := range names {
			switch {
			case c == n:
				return fitExact
			case strings.HasPrefix(c, n+" "),
				strings.HasPrefix(n, c+" ") && strings.Count(c, " ") >= 1:
				best = fitPartial
			}
		}
	}
	return best
}

// labelPrefix is the numbering a form puts before a workshop's name, once
// folded: "atelier 3", "a3", "workshop b", "session 2", "module iv", "3",
// "b". It is taken off only when words remain after it.
var labelPrefix = regexp.MustCompile(`^(?:(?:atelier|ateliers|workshop|workshops|session|sessions|module|modules|parcours|table ronde|track|groupe|group|option|choix|choice)(?: n| no)?(?: (?:[0-9]{1,3}|[a-z]|[ivx]{1,4}))?|[a-z]{1,2}[0-9]{1,3}|[0-9]{1,3}|[a-z]) (.+)$`)

// sessionForms folds a choice or a session's name into the forms it is
// compared by: the whole text and the text without its numbering prefix,
// both without trailing parentheses, accents, case and punctuation.
func sessionForms(text string) []string {
	whole := sessionFold(trimTrailingNotes(text))
	if whole == "" {
		return nil
	}
	forms := []string{whole}
	if m := labelPrefix.FindStringSubmatch(whole); m != nil {
		forms = append(forms, m[1])
	}
	return forms
}

// trimTrailingNotes takes off the notes in brackets at the end of a
// choice ("(à confirmer)", "[complet]", "(matin) (complet)") and the
// marks around it, unless nothing else would remain.
func trimTrailingNotes(text string) string {
	s := strings.TrimSpace(text)
	for {
		t := strings.TrimRight(s, " .,;:-–—*")
		if len(t) == 0 || (t[len(t)-1] != ')' && t[len(t)-1] != ']') {
			return cutOr(t, s)
		}
		open := strings.LastIndexAny(t, "([")
		if open <= 0 || strings.TrimSpace(t[:open]) == "" {
			return cutOr(t, s)
		}
		s = strings.TrimSpace(t[:open])
	}
}

// sessionFold is SearchFold with apostrophes and hyphens as word breaks:
// "A3-Déployer" is "a3 deployer", so that the numbering comes off.
func sessionFold(s string) string {
	return SearchFold(strings.Map(func(r rune) rune {
		if isJoiner(r) {
			return ' '
		}
		return r
	}, s))
}

func cutOr(t, s string) string {
	if t == "" {
		return s
	}
	return t
}

func appendOnce(ids []string, id string) []string {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}
