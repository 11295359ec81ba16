package config

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cast"
)

// Session is one workshop or talk under sessions: in desk.yaml.
type Session struct {
	ID       string
	Name     string // as the registration form names it
	Day      string // YYYY-MM-DD, one of event.days
	Start    string // HH:MM
	End      string // HH:MM, after Start
	Room     string
	Capacity int // 0: no limit
	// Aliases are former or other names of the session (a workshop renamed
	// after the import): choices made under them keep matching it.
	Aliases []string
}

// CheckinRules are the choices of the organiser about arrivals.
type CheckinRules struct {
	// SessionRequiresEntrance: a session scan of someone not checked in at
	// the entrance today is refused (false: admitted, and the day's arrival
	// recorded too).
	SessionRequiresEntrance bool
}

// sessionKeys are the keys of one session.
var sessionKeys = []string{"id", "name", "day", "start", "end", "room", "capacity", "aliases"}

// sessionID is what a session's id may be made of: it goes into URLs,
// the API and report file names.
var sessionID = regexp.MustCompile(`^[a-z0-9_-]{1,64}$`)

// readSessions reads the sessions: list. Errors name the session by its
// place in the list and say what is wrong in it.
func readSessions(raw any) ([]Session, []string) {
	if raw == nil {
		return nil, nil
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, []string{"sessions: write a list, one \"- id: ...\" per session (see the example desk init writes)"}
	}
	var out []Session
	var errs []string
	for i, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			errs = append(errs, fmt.Sprintf("sessions[%d]: write each session as keys (id, name, day, start, end, room, capacity)", i+1))
			continue
		}
		s, problems := readSession(i+1, m)
		errs = append(errs, problems...)
		out = append(out, s)
	}
	return out, errs
}

// readSession reads the keys of the n-th session.
func readSession(n int, m map[string]any) (Session, []string) {
	var errs []string
	var keys []string
	for k := range m {
		if !slices.Contains(sessionKeys, strings.ToLower(k)) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		errs = append(errs, fmt.Sprintf("sessions[%d]: unknown key %s (a session has %s)", n, k, strings.Join(sessionKeys, ", ")))
	}
	lower := make(map[string]any, len(m))
	for k, v := range m {
		lower[strings.ToLower(k)] = v
	}
	m = lower
	text := func(k string) string {
		switch x := m[k].(type) {
		case nil:
			return ""
		case time.Time: // YAML reads an unquoted date as a time
			return x.Format(time.DateOnly)
		}
		return strings.TrimSpace(fmt.Sprint(m[k]))
	}
	s := Session{ID: text("id"), Name: text("name"), Day: text("day"), Start: text("start"), End: text("end"), Room: text("room")}
	if t, ok := clock(s.Start); ok {
		s.Start = t
	}
	if t, ok := clock(s.End); ok {
		s.End = t
	}
	if v, ok := m["aliases"]; ok && v != nil {
		list, err := cast.ToStringSliceE(v)
		if err != nil {
			errs = append(errs, fmt.Sprintf("sessions[%d]: aliases must be a list of names, e.g. [\"Ancien titre\"]", n))
		}
		for _, a := range list {
			if a = strings.TrimSpace(a); a != "" {
				s.Aliases = append(s.Aliases, a)
			}
		}
	}
	if v, ok := m["capacity"]; ok && v != nil {
		c, err := cast.ToIntE(v)
		if err != nil {
			errs = append(errs, fmt.Sprintf("sessions[%d]: capacity %q is not a whole number: give the number of seats, or 0 for no limit", n, fmt.Sprint(v)))
		}
		s.Capacity = c
	}
	return s, errs
}

// validateSessions checks the sessions against each other and the event
// days.
func validateSessions(sessions []Session, days []string, bad func(string, ...any)) {
	seen := map[string]int{}
	for i, s := range sessions {
		at := fmt.Sprintf("sessions[%d]", i+1)
		if s.ID != "" {
			at = fmt.Sprintf("sessions[%d] (id %s)", i+1, s.ID)
		}
		switch {
		case s.ID == "":
			bad("%s: id is empty: give each session a short id of lower-case letters, digits, - or _ (e.g. deployer)", at)
		case !sessionID.MatchString(s.ID):
			bad("%s: id %q may hold only lower-case letters, digits, - and _ (e.g. deployer)", at, s.ID)
		default:
			if first, dup := seen[s.ID]; dup {
				bad("%s: id %s is already the id of sessions[%d]: give each session its own id", at, s.ID, first)
			} else {
				seen[s.ID] = i + 1
			}
		}
		if s.Name == "" {
			bad("%s: name is empty: give the session's name as the registration form writes it", at)
		}
		if !slices.Contains(days, s.Day) {
			bad("%s: day %q is not one of the event days (event.days: %s)", at, s.Day, strings.Join(days, ", "))
		}
		_, okStart := clock(s.Start)
		_, okEnd := clock(s.End)
		if !okStart {
			bad("%s: start %q is not a time written HH:MM: write it in quotes, e.g. start: \"09:00\"", at, s.Start)
		}
		if !okEnd {
			bad("%s: end %q is not a time written HH:MM: write it in quotes, e.g. end: \"12:00\"", at, s.End)
		}
		if okStart && okEnd && s.Start >= s.End {
			bad("%s: starts at %s but ends at %s: the end must come after the start", at, s.Start, s.End)
		}
		if s.Capacity < 0 {
			bad("%s: capacity %d is negative: give the number of seats, or 0 for no limit", at, s.Capacity)
		}
	}
	roomClashes(sessions, bad)
}

// roomClashes finds two sessions in one room at the same time.
func roomClashes(sessions []Session, bad func(string, ...any)) {
	for i, a := range sessions {
		for _, b := range sessions[i+1:] {
			room := strings.TrimSpace(a.Room)
			if room == "" || !strings.EqualFold(room, strings.TrimSpace(b.Room)) || a.Day != b.Day || !timed(a) || !timed(b) {
				continue
			}
			if a.Start < b.End && b.Start < a.End {
				bad("sessions %s (%s-%s) and %s (%s-%s) are both in room %q on %s at the same time: change a time or a room",
					a.ID, a.Start, a.End, b.ID, b.Start, b.End, room, a.Day)
			}
		}
	}
}

// timed reports a session whose times are right, to be compared.
func timed(s Session) bool {
	_, okStart := clock(s.Start)
	_, okEnd := clock(s.End)
	return okStart && okEnd && s.Start < s.End
}

// clock reads a time of day written HH:MM (or H:MM), written back HH:MM.
func clock(s string) (string, bool) {
	if len(s) < 4 || len(s) > 5 || s[len(s)-3] != ':' {
		return "", false
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return "", false
	}
	return t.Format("15:04"), true
}

// boolean reads a yes/no key, or says it is not one.
func boolean(key string, v any, errs *[]string) bool {
	b, err := cast.ToBoolE(v)
	if err != nil {
		*errs = append(*errs, fmt.Sprintf("%s: %q is not true or false", key, fmt.Sprint(v)))
	}
	return b
}
