package main

import (
	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
)

// badgeMaker returns what the badge of a registrant shows under cfg: with
// badges.show_sessions, the sessions their choices name.
func badgeMaker(cfg config.Config) func(checkin.Registrant) badges.Badge {
	lang, sessions := cfg.Event.Language, sessionsOf(cfg)
	show := cfg.Badges.ShowSessions && len(sessions) > 0
	return func(r checkin.Registrant) badges.Badge {
		b := badges.Badge{Code: string(r.Code), FirstName: r.FirstName, LastName: r.LastName,
			Organisation: r.Organisation, Category: r.Category, Days: dayLabels(r.Days, lang)}
		if show {
			b.Sessions = sessionLines(checkin.ChosenSessions(r.Choices, sessions), sessions, lang)
		}
		return b
	}
}

// sessionLines are the chosen sessions (ids) as a badge prints them, by
// day and time: the start time, with the day when they span several days.
func sessionLines(ids []string, sessions []checkin.Session, lang string) []badges.SessionLine {
	var chosen []checkin.Session
	for _, s := range sessions {
		for _, id := range ids {
			if s.ID == id {
				chosen = append(chosen, s)
				break
			}
		}
	}
	checkin.SortSessions(chosen)
	several := len(chosen) > 1 && chosen[0].Day != chosen[len(chosen)-1].Day
	out := make([]badges.SessionLine, len(chosen))
	for i, s := range chosen {
		when := s.Start
		if several {
			when = s.Day.Label(lang) + " " + s.Start
		}
		out[i] = badges.SessionLine{When: when, Name: s.Name, Room: s.Room}
	}
	return out
}
