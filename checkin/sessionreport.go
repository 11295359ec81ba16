package checkin

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Visit is one stay of a person in a session: a check-in at the session's
// door that was not undone. Reports, certificates and the attendance CSV
// are built from visits and the sessions of desk.yaml.
type Visit struct {
	Registrant int64
	Code       Code
	Session    string // the session's id
	Day        Day
	At         time.Time
	LeftAt     time.Time // an exit scan or a move to another session; zero: did not leave
	Forced     bool      // admitted anyway: not registered for it, or the session full
}

// SessionPerson is one line of a session's report: someone registered for
// the session, or who came into it, or both.
type SessionPerson struct {
	Code         Code
	FirstName    string
	LastName     string
	Organisation string
	Category     string
	Registered   bool      // chose it in the form, and not cancelled
	CameAt       time.Time // first entry; zero: did not come
	LeftAt       time.Time // exit from the last stay; zero: did not come, or still in
	Forced       bool      // one of their entries was forced
}

// Came reports whether the person entered the session.
func (p SessionPerson) Came() bool { return !p.CameAt.IsZero() }

// SessionReport is what a speaker or a sponsor asks for: who registered for
// a session, who came and when, who left, who came without registering.
type SessionReport struct {
	Session      Session
	Registered   int // people registered (not cancelled)
	Came         int // people who entered it at least once
	NoShow       int // registered, did not come
	Unregistered int // came without being registered: admitted anyway
	Left         int // came and left (exit scan or move), not back since
	// People are everyone registered or who came, sorted by last name,
	// first name and code.
	People []SessionPerson
}

// SessionReports builds the report of each session, in the order of
// sessions, from everyone (with their choices) and the visits. Each
// distinct choice is matched once, so that thousands of people cost a few
// dozen matches.
func SessionReports(sessions []Session, people []Registrant, visits []Visit) []SessionReport {
	matched := map[string]string{} // choice -> session id, "" for none
	lines := make([]map[Code]*SessionPerson, len(sessions))
	index := make(map[string]int, len(sessions))
	for i, s := range sessions {
		lines[i] = map[Code]*SessionPerson{}
		if _, dup := index[s.ID]; !dup {
			index[s.ID] = i
		}
	}
	byID := make(map[int64]Registrant, len(people))
	line := func(i int, r Registrant) *SessionPerson {
		p := lines[i][r.Code]
		if p == nil {
			p = &SessionPerson{Code: r.Code, FirstName: r.FirstName, LastName: r.LastName, Organisation: r.Organisation, Category: r.Category}
			lines[i][r.Code] = p
		}
		return p
	}
	for _, r := range people {
		byID[r.ID] = r
		if r.Cancelled {
			continue
		}
		for _, c := range r.Choices {
			id, ok := matched[c]
			if !ok {
				id, _ = MatchSession(c, sessions)
				matched[c] = id
			}
			if i, ok := index[id]; ok && id != "" {
				line(i, r).Registered = true
			}
		}
	}
	for _, v := range sortedVisits(visits) {
		i, ok := index[v.Session]
		r, known := byID[v.Registrant]
		if !ok || !known {
			continue
		}
		p := line(i, r)
		if p.CameAt.IsZero() {
			p.CameAt = v.At
		}
		p.LeftAt = v.LeftAt // the last stay's: zero while the person is in
		p.Forced = p.Forced || v.Forced
	}
	out := make([]SessionReport, len(sessions))
	for i, s := range sessions {
		out[i] = tally(s, lines[index[s.ID]])
	}
	return out
}

// tally counts and sorts the lines of one session.
func tally(s Session, lines map[Code]*SessionPerson) SessionReport {
	rep := SessionReport{Session: s, People: make([]SessionPerson, 0, len(lines))}
	for _, p := range lines {
		rep.People = append(rep.People, *p)
		switch {
		case p.Registered && p.Came():
			rep.Registered++
			rep.Came++
		case p.Registered:
			rep.Registered++
			rep.NoShow++
		default:
			rep.Came++
			rep.Unregistered++
		}
		if p.Came() && !p.LeftAt.IsZero() {
			rep.Left++
		}
	}
	SortByName(rep.People, func(p SessionPerson) []string { return []string{p.LastName, p.FirstName, string(p.Code)} })
	return rep
}

// sortedVisits is visits by time of entry, so that the first is the first
// entry and the last decides whether the person left.
func sortedVisits(visits []Visit) []Visit {
	out := slices.Clone(visits)
	slices.SortStableFunc(out, func(a, b Visit) int { return a.At.Compare(b.At) })
	return out
}

// Attended lists, per badge code, the sessions each person entered, each
// once, by day and start time. A visit to a session that desk.yaml no
// longer lists is named by its id.
func Attended(visits []Visit, sessions []Session) map[Code][]Session {
	known := make(map[string]Session, len(sessions))
	for _, s := range slices.Backward(sessions) { // the first of a duplicated id wins
		known[s.ID] = s
	}
	out := map[Code][]Session{}
	for _, v := range visits {
		s, ok := known[v.Session]
		if !ok {
			s = Session{ID: v.Session, Name: v.Session, Day: v.Day}
		}
		if !slices.ContainsFunc(out[v.Code], func(x Session) bool { return x.ID == s.ID }) {
			out[v.Code] = append(out[v.Code], s)
		}
	}
	for _, list := range out {
		SortSessions(list)
	}
	return out
}

// SortSessions sorts sessions as a programme lists them: by day, start
// time (a session without one last in its day) and name.
func SortSessions(list []Session) {
	start := func(s Session) string { return cmp.Or(s.Start, "~") }
	slices.SortFunc(list, func(a, b Session) int {
		return cmp.Or(strings.Compare(string(a.Day), string(b.Day)), strings.Compare(start(a), start(b)), strings.Compare(a.Name, b.Name))
	})
}

// AddSessions sets on each attendance row the names of the sessions the
// person entered that day, from Attended.
func AddSessions(rows []Attendance, attended map[Code][]Session) {
	for i := range rows {
		rows[i].Sessions = nil
		for _, s := range attended[rows[i].Code] {
			if s.Day == rows[i].Day {
				rows[i].Sessions = append(rows[i].Sessions, s.Name)
			}
		}
	}
}

// SessionsOn keeps the reports of the sessions held on day.
func SessionsOn(reports []SessionReport, day Day) []SessionReport {
	var out []SessionReport
	for _, r := range reports {
		if r.Session.Day == day {
			out = append(out, r)
		}
	}
	return out
}
