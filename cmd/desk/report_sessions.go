package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
)

// reportData is what the reports and certificates are written from: the
// attendance rows of the days asked for, each with the sessions entered
// that day, and the report of every session of desk.yaml.
type reportData struct {
	days     []checkin.Day
	rows     []checkin.Attendance
	sessions []checkin.SessionReport
	attended map[checkin.Code][]checkin.Session
}

// loadReport reads the attendance of day ("" for every event day) and the
// sessions' check-ins.
func loadReport(ctx context.Context, cfg config.Config, store *db.DB, day string) (reportData, error) {
	days := eventDays(cfg)
	if day != "" {
		d, err := checkin.ParseDay(day)
		if err != nil {
			return reportData{}, fmt.Errorf("--day: %w", err)
		}
		days = []checkin.Day{d}
	}
	return loadDays(ctx, cfg, store, days)
}

// sortAttendance orders attendance rows day by day, and within a day by
// name as a French reader expects (see checkin.SortByName).
func sortAttendance(rows []checkin.Attendance) {
	checkin.SortByName(rows, func(a checkin.Attendance) []string { return []string{a.LastName, a.FirstName, string(a.Code)} })
	slices.SortStableFunc(rows, func(a, b checkin.Attendance) int { return strings.Compare(string(a.Day), string(b.Day)) })
}

// loadDays is loadReport for the days given.
func loadDays(ctx context.Context, cfg config.Config, store *db.DB, days []checkin.Day) (reportData, error) {
	rows, err := store.Attendance(ctx, days)
	if err != nil {
		return reportData{}, err
	}
	sortAttendance(rows)
	data := reportData{days: days, rows: rows}
	if len(cfg.Sessions) == 0 {
		return data, nil
	}
	people, err := store.Registrants(ctx)
	if err != nil {
		return reportData{}, err
	}
	visits, err := store.Visits(ctx)
	if err != nil {
		return reportData{}, err
	}
	sessions := sessionsOf(cfg)
	data.sessions = checkin.SessionReports(sessions, people, visits)
	data.attended = checkin.Attended(visits, sessions)
	checkin.AddSessions(data.rows, data.attended)
	return data, nil
}

// summaries are the days' summaries with the sessions held each day.
func (d reportData) summaries(cfg config.Config) []checkin.DaySummary {
	out := checkin.Summarize(d.rows, cfg.Location())
	for i := range out {
		out[i].Sessions = checkin.SessionsOn(d.sessions, out[i].Day)
	}
	return out
}

// heldOn keeps the reports of the sessions held on days.
func (d reportData) heldOn(days []checkin.Day) []checkin.SessionReport {
	var out []checkin.SessionReport
	for _, day := range days {
		out = append(out, checkin.SessionsOn(d.sessions, day)...)
	}
	return out
}

// sessionsFile is the file beside a day CSV that holds its sessions:
// presence.csv -> presence-sessions.csv.
func sessionsFile(out string) string {
	ext := filepath.Ext(out)
	return strings.TrimSuffix(out, ext) + "-sessions" + ext
}

// findSession is the session of desk.yaml with that id; an unknown id is
// an error listing the ids there are.
func findSession(cfg config.Config, id string) (checkin.Session, error) {
	sessions := sessionsOf(cfg)
	ids := make([]string, len(sessions))
	for i, s := range sessions {
		if s.ID == id {
			return s, nil
		}
		ids[i] = s.ID
	}
	if len(ids) == 0 {
		return checkin.Session{}, fmt.Errorf("--session %q: desk.yaml lists no sessions (add them under sessions:)", id)
	}
	return checkin.Session{}, fmt.Errorf("--session %q: no such session in desk.yaml; the sessions are %s", id, strings.Join(ids, ", "))
}

// writeSessionReport writes the list of one session, for its speaker or
// sponsor, in format to out.
func (a *app) writeSessionReport(ctx context.Context, cfg config.Config, store *db.DB, id, format, out string) error {
	s, err := findSession(cfg, id)
	if err != nil {
		return err
	}
	data, err := loadDays(ctx, cfg, store, nil)
	if err != nil {
		return err
	}
	var rep checkin.SessionReport
	for _, r := range data.sessions {
		if r.Session.ID == s.ID {
			rep = r
			break
		}
	}
	write := func(w io.Writer) error { return checkin.WriteSessionCSV(w, rep, cfg.Location()) }
	if format == "pdf" {
		doc := sessionDocument(cfg, rep, a.now())
		write = func(w io.Writer) error { return badges.RenderDocument(w, doc) }
	}
	if err := writeAtomically(out, write); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Wrote %s: %s, %d registered, %d came (%d without registering).\n",
		out, s.Name, rep.Registered, rep.Came, rep.Unregistered)
	return nil
}

// sessionDocument lays out the list of one session.
func sessionDocument(cfg config.Config, rep checkin.SessionReport, now time.Time) badges.Document {
	s, loc := rep.Session, cfg.Location()
	doc := badges.Document{Title: s.Name, Subtitle: cfg.Event.Name,
		Footer: "desk, " + now.In(loc).Format("2006-01-02 15:04"), Date: now}
	figs := [][2]string{{"Jour", longDay(s.Day, "fr")}, {"Horaire", s.Start + " – " + s.End}, {"Salle", s.Room},
		{"Capacité", checkin.CapacityText(s.Capacity)}, {"Inscrits", fmt.Sprint(rep.Registered)}, {"Présents", fmt.Sprint(rep.Came)},
		{"dont venus sans inscription", fmt.Sprint(rep.Unregistered)}, {"Inscrits absents", fmt.Sprint(rep.NoShow)},
		{"Sortis avant la fin", fmt.Sprint(rep.Left)}}
	came := badges.Table{Title: "Présents", Header: []string{"nom", "organisme", "catégorie", "entrée", "sortie", "inscrit"},
		Widths: []float64{0.26, 0.28, 0.13, 0.09, 0.09, 0.15}}
	absent := badges.Table{Title: "Inscrits absents", Header: []string{"nom", "organisme", "catégorie"}, Widths: []float64{0.35, 0.45, 0.2}}
	for _, p := range rep.People {
		name := strings.TrimSpace(p.LastName + " " + p.FirstName)
		if !p.Came() {
			absent.Rows = append(absent.Rows, []string{name, p.Organisation, p.Category})
			continue
		}
		registered := "oui"
		if !p.Registered {
			registered = "non (admis)"
		}
		came.Rows = append(came.Rows, []string{name, p.Organisation, p.Category, clockIn(p.CameAt, loc), clockIn(p.LeftAt, loc), registered})
	}
	doc.Sections = []badges.Section{{Figures: figs, Tables: []badges.Table{came, absent}}}
	return doc
}

// sessionsTable is the day report's table of the sessions held that day.
func sessionsTable(reports []checkin.SessionReport) badges.Table {
	t := badges.Table{Title: "Ateliers", Header: []string{"horaire", "atelier", "salle", "inscrits", "présents", "capacité"},
		Widths: []float64{0.13, 0.42, 0.15, 0.1, 0.1, 0.1}}
	for _, r := range reports {
		s := r.Session
		t.Rows = append(t.Rows, []string{s.Start + "–" + s.End, s.Name, s.Room, fmt.Sprint(r.Registered), fmt.Sprint(r.Came), checkin.CapacityText(s.Capacity)})
	}
	return t
}

// clockIn is a time as HH:MM in loc; "" for zero.
func clockIn(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("15:04")
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
