package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
)

func (a *app) reportCommand() *cobra.Command {
	var day, format, out, session string
	var all, fallback bool
	cmd := &cobra.Command{
		Use:   "report (--day YYYY-MM-DD | --all | --session ID) --format pdf|csv --out FILE",
		Short: "Write the attendance of a day, of the whole event or of one session",
		Long: `Write who was expected and who came, one row per person and day, with the
arrival time and desk, walk-ins and admissions without registration, and
whether the health pass was checked.

--format pdf is for people: per day, the key figures, an arrivals chart,
categories, organisations, the sessions held that day with their counts,
the attendees with arrival time and desk, and the no-shows. --format csv
is for spreadsheets (UTF-8 with BOM and semicolons, as French Excel reads
them; cells that would run as formulas are neutralised), with the sessions
each person entered; when the days reported hold sessions, their counts go
to a second file beside it, FILE-sessions.csv, so that each file is one
table a spreadsheet sorts and filters.

--session ID writes the list a speaker or sponsor asks for: the session's
day, time, room and capacity, who registered, who came and when, who left,
and who came without registering.`,
		Example: `  desk report --day 2026-10-14 --format pdf --out jour1.pdf
  desk report --all --format csv --out presence.csv
  desk report --session deployer --format pdf --out atelier-deployer.pdf`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if fallback {
				return a.fallbackList(cmd.Context(), out)
			}
			switch {
			case format != "csv" && format != "pdf":
				return fmt.Errorf("--format %q: csv or pdf", format)
			case out == "":
				return errors.New("say where to write the report with --out FILE")
			case btoi(all)+btoi(day != "")+btoi(session != "") != 1:
				return errors.New("give one of --day YYYY-MM-DD, --all or --session ID")
			}
			return a.withEvent(cmd.Context(), func(cfg config.Config, store *db.DB) error {
				if session != "" {
					return a.writeSessionReport(cmd.Context(), cfg, store, session, format, out)
				}
				return a.writeAttendance(cmd.Context(), cfg, store, day, format, out)
			})
		},
	}
	cmd.Flags().StringVar(&day, "day", "", "the event day to report, YYYY-MM-DD")
	cmd.Flags().BoolVar(&all, "all", false, "every event day")
	cmd.Flags().StringVar(&session, "session", "", "one session (workshop, talk) by its id in desk.yaml")
	cmd.Flags().StringVar(&format, "format", "pdf", "pdf or csv")
	cmd.Flags().StringVar(&out, "out", "", "the file to write")
	cmd.Flags().BoolVar(&fallback, "fallback", false, "the paper list for the door if power or network fails: everyone with code and a box per day")
	return cmd
}

// writeAttendance writes the attendance report of a day ("" for every
// day) in format to out; a CSV of days holding sessions gets their counts
// in a second file.
func (a *app) writeAttendance(ctx context.Context, cfg config.Config, store *db.DB, day, format, out string) error {
	data, err := loadReport(ctx, cfg, store, day)
	if err != nil {
		return err
	}
	write := func(w io.Writer) error {
		return checkin.WriteAttendanceCSV(w, data.rows, cfg.Location(), attendanceColumns(cfg))
	}
	if format == "pdf" {
		doc := attendanceDocument(cfg, data.summaries(cfg), a.now())
		write = func(w io.Writer) error { return badges.RenderDocument(w, doc) }
	}
	if err := writeAtomically(out, write); err != nil {
		return err
	}
	present := 0
	for _, r := range data.rows {
		if !r.ArrivedAt.IsZero() {
			present++
		}
	}
	fmt.Fprintf(a.stdout, "Wrote %s: %s, %d present.\n", out, plural(len(data.rows), "row"), present)
	held := data.heldOn(data.days)
	if format != "csv" || len(held) == 0 {
		return nil
	}
	beside := sessionsFile(out)
	if err := writeAtomically(beside, func(w io.Writer) error { return checkin.WriteSessionsCSV(w, held) }); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Wrote %s: %s with their counts.\n", beside, plural(len(held), "session"))
	return nil
}

// fallbackList prints, for the morning the laptop dies, everyone expected
// sorted by last name with organisation, badge code and a box to tick per
// event day.
func (a *app) fallbackList(ctx context.Context, out string) error {
	if out == "" {
		return errors.New("say where to write the list with --out FILE.pdf")
	}
	return a.withEvent(ctx, func(cfg config.Config, store *db.DB) error { return a.writeFallback(ctx, cfg, store, out) })
}

func (a *app) writeFallback(ctx context.Context, cfg config.Config, store *db.DB, out string) error {
	all, err := store.Registrants(ctx)
	if err != nil {
		return err
	}
	people := slices.DeleteFunc(all, func(r checkin.Registrant) bool { return r.Cancelled })
	doc := fallbackDocument(cfg, people, a.now())
	if err := writeAtomically(out, func(w io.Writer) error { return badges.RenderDocument(w, doc) }); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Wrote %s: %s to tick by hand.\n", out, plural(len(people), "person", "people"))
	return nil
}

// fallbackDocument lays out the paper list of people, sorted by name,
// with a box per event day they are registered for.
func fallbackDocument(cfg config.Config, people []checkin.Registrant, now time.Time) badges.Document {
	checkin.SortByName(people, func(r checkin.Registrant) []string { return []string{r.LastName, r.FirstName, r.Organisation} })
	days := eventDays(cfg)
	t := badges.Table{Title: fmt.Sprintf("%d personnes attendues", len(people)), Header: []string{"nom", "organisme", "code"}}
	dayW := min(0.08, 0.16/float64(len(days)))
	t.Widths = []float64{0.25, 0.42 - dayW*float64(len(days)), 0.33} // the code whole: staff type it
	t.Boxes = []bool{false, false, false}
	t.Wrap = []bool{true, true, false} // a long organisation on two lines, not cut
	for _, d := range days {
		t.Header = append(t.Header, d.Time().Format("02/01"))
		t.Widths = append(t.Widths, dayW)
		t.Boxes = append(t.Boxes, true)
	}
	for _, r := range people {
		row := []string{r.LastName + " " + r.FirstName, r.Organisation, r.Code.Grouped()}
		for _, d := range days {
			if r.RegisteredFor(d) {
				row = append(row, "")
			} else {
				row = append(row, "—")
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return badges.Document{Title: "Liste d'accueil — " + cfg.Event.Name,
		Subtitle: "À cocher à l'arrivée si le poste d'accueil ne fonctionne plus.",
		Footer:   "desk, " + now.In(cfg.Location()).Format("2006-01-02 15:04"), Date: now,
		Sections: []badges.Section{{Tables: []badges.Table{t}}}}
}

func (a *app) backupCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Copy the database safely, even while desk serve runs",
		Long: `Write a consistent copy of the event's database to FILE (a new file), even
while the check-in service is writing, and check the copy before saying so.
The copy is written as FILE.partial and renamed FILE only once it is checked
and on the disk: a copy interrupted (Ctrl-C, a full disk) leaves no FILE.
Unfinished copies of desk serve in backup.folder are removed first.`,
		Example: `  desk backup /media/usb/rencontre-2026-10-14.db`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return errors.New("give the file to write the backup to, e.g. desk backup backup.db")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withEvent(cmd.Context(), func(cfg config.Config, store *db.DB) error {
				if err := a.prepareBackups(cfg.Backup.Folder, false); err != nil {
					return err
				}
				if err := store.Backup(cmd.Context(), args[0]); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Wrote %s: a checked copy of %s.\n", args[0], cfg.Database)
				return nil
			})
		},
	}
}

// attendanceColumns are the attendance CSV's optional columns for the
// event: the health pass when it is checked, the sessions when there are.
func attendanceColumns(cfg config.Config) checkin.AttendanceColumns {
	return checkin.AttendanceColumns{HealthPass: cfg.HealthPass != "off", Sessions: len(cfg.Sessions) > 0}
}

// attendanceDocument lays out the attendance report of each day.
func attendanceDocument(cfg config.Config, days []checkin.DaySummary, now time.Time) badges.Document {
	doc := badges.Document{Title: "Présence — " + cfg.Event.Name,
		Footer: "desk, " + now.In(cfg.Location()).Format("2006-01-02 15:04"), Date: now}
	for _, d := range days {
		figs := [][2]string{{"Attendus", fmt.Sprint(d.Expected)}, {"Présents", fmt.Sprint(d.Present)},
			{"Absents", fmt.Sprint(d.NoShow)}, {"Inscrits sur place", fmt.Sprint(d.WalkIns)},
			{"Admis sans inscription ce jour", fmt.Sprint(d.Forced)}, {"Organismes représentés", fmt.Sprint(d.Organisations)}}
		if cfg.HealthPass != "off" {
			figs = append(figs, [2]string{"Pass sanitaire vérifié", fmt.Sprint(d.HealthPassChecked)})
		}
		chart := &badges.Chart{Title: "Arrivées par 10 minutes"}
		for _, b := range d.PerTenMinutes {
			chart.Bars = append(chart.Bars, badges.Bar{Label: b.Start.Format("15:04"), Value: b.Arrivals})
		}
		counts := func(title, what string, cs []checkin.Count) badges.Table {
			t := badges.Table{Title: title, Header: []string{what, "attendus", "présents"}, Widths: []float64{0.7, 0.15, 0.15}}
			for _, c := range cs {
				t.Rows = append(t.Rows, []string{c.Name, fmt.Sprint(c.Expected), fmt.Sprint(c.Arrived)})
			}
			return t
		}
		people := attendeesTable(cfg, d.Attendees)
		absent := badges.Table{Title: "Absents", Header: []string{"nom", "organisme"}, Widths: []float64{0.45, 0.55}, Wrap: []bool{true, true}}
		for _, a := range d.NoShows {
			absent.Rows = append(absent.Rows, []string{a.LastName + " " + a.FirstName, a.Organisation})
		}
		var tables []badges.Table
		if len(d.Sessions) > 0 { // before the long lists: the sessions of the day at a glance
			tables = append(tables, sessionsTable(d.Sessions))
		}
		tables = append(tables, counts("Catégories", "catégorie", d.ByCategory), counts("Organismes", "organisme", d.ByOrganisation), people, absent)
		doc.Sections = append(doc.Sections, badges.Section{Title: longDay(d.Day, cfg.Event.Language), Figures: figs, Chart: chart, Tables: tables})
	}
	return doc
}

// withEvent loads the event's configuration and opens its database for
// one command.
func (a *app) withEvent(ctx context.Context, run func(cfg config.Config, store *db.DB) error) error {
	cfg, err := config.Load(a.configPath)
	if err != nil {
		return err
	}
	store, err := db.Open(ctx, cfg.Database)
	if err != nil {
		return err
	}
	defer store.Close()
	return run(cfg, store)
}

// attendeesTable lists who came with arrival time and desk, and whether
// their health pass was checked when the event checks them.
func attendeesTable(cfg config.Config, attendees []checkin.Attendance) badges.Table {
	t := badges.Table{Title: "Présents", Header: []string{"nom", "organisme", "arrivée", "poste"}, Widths: []float64{0.35, 0.4, 0.1, 0.15}, Wrap: []bool{true, true}}
	pass := cfg.HealthPass != "off"
	if pass {
		t.Header = append(t.Header, "pass vérifié")
		t.Widths = []float64{0.32, 0.33, 0.09, 0.14, 0.12}
	}
	for _, a := range attendees {
		row := []string{a.LastName + " " + a.FirstName, a.Organisation, a.ArrivedAt.In(cfg.Location()).Format("15:04"), a.Desk}
		if pass {
			row = append(row, yesNoFr(a.HealthPassVerified))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func yesNoFr(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}
