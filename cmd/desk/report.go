package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
)

func (a *app) reportCommand() *cobra.Command {
	var day, format, out string
	var all, fallback bool
	cmd := &cobra.Command{
		Use:   "report (--day YYYY-MM-DD | --all) --format pdf|csv --out FILE",
		Short: "Write the attendance of a day or of the whole event",
		Long: `Write who was expected and who came, one row per person and day, with the
arrival time and desk, walk-ins and admissions without registration, and
whether the health pass was checked.

--format pdf is for people: per day, the key figures, an arrivals chart,
categories, organisations, the attendees with arrival time and desk, and
the no-shows. --format csv is for spreadsheets (UTF-8 with BOM and
semicolons, as French Excel reads them; cells that would run as formulas
are neutralised).`,
		Example: `  desk report --day 2026-10-14 --format pdf --out jour1.pdf
  desk report --all --format csv --out presence.csv`,
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
			case all == (day != ""):
				return errors.New("give either --day YYYY-MM-DD or --all")
			}
			return a.withEvent(cmd.Context(), func(cfg config.Config, store *db.DB) error {
				rows, err := attendanceOf(cmd.Context(), cfg, store, day)
				if err != nil {
					return err
				}
				write := func(w io.Writer) error { return checkin.WriteAttendanceCSV(w, rows, cfg.Location()) }
				if format == "pdf" {
					doc := attendanceDocument(cfg, checkin.Summarize(rows, cfg.Location()), a.now())
					write = func(w io.Writer) error { return badges.RenderDocument(w, doc) }
				}
				if err := writeAtomically(out, write); err != nil {
					return err
				}
				present := 0
				for _, r := range rows {
					if !r.ArrivedAt.IsZero() {
						present++
					}
				}
				fmt.Fprintf(a.stdout, "Wrote %s: %s, %d present.\n", out, plural(len(rows), "row"), present)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&day, "day", "", "the event day to report, YYYY-MM-DD")
	cmd.Flags().BoolVar(&all, "all", false, "every event day")
	cmd.Flags().StringVar(&format, "format", "pdf", "pdf or csv")
	cmd.Flags().StringVar(&out, "out", "", "the file to write")
	cmd.Flags().BoolVar(&fallback, "fallback", false, "the paper list for the door if power or network fails: everyone with code and a box per day")
	return cmd
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
	sortBadges(people, "last-name")
	days := eventDays(cfg)
	t := badges.Table{Title: fmt.Sprintf("%d personnes attendues", len(people)), Header: []string{"nom", "organisme", "code"}}
	dayW := min(0.08, 0.16/float64(len(days)))
	t.Widths = []float64{0.25, 0.42 - dayW*float64(len(days)), 0.33} // the code whole: staff type it
	t.Boxes = []bool{false, false, false}
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
	doc := badges.Document{Title: "Liste d'accueil — " + cfg.Event.Name,
		Subtitle: "À cocher à l'arrivée si le poste d'accueil ne fonctionne plus.",
		Footer:   "desk, " + a.now().In(cfg.Location()).Format("2006-01-02 15:04"), Date: a.now(),
		Sections: []badges.Section{{Tables: []badges.Table{t}}}}
	if err := writeAtomically(out, func(w io.Writer) error { return badges.RenderDocument(w, doc) }); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Wrote %s: %s to tick by hand.\n", out, plural(len(people), "person", "people"))
	return nil
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
		people := badges.Table{Title: "Présents", Header: []string{"nom", "organisme", "arrivée", "poste"}, Widths: []float64{0.35, 0.4, 0.1, 0.15}}
		for _, a := range d.Attendees {
			people.Rows = append(people.Rows, []string{a.LastName + " " + a.FirstName, a.Organisation, a.ArrivedAt.In(cfg.Location()).Format("15:04"), a.Desk})
		}
		absent := badges.Table{Title: "Absents", Header: []string{"nom", "organisme"}, Widths: []float64{0.45, 0.55}}
		for _, a := range d.NoShows {
			absent.Rows = append(absent.Rows, []string{a.LastName + " " + a.FirstName, a.Organisation})
		}
		doc.Sections = append(doc.Sections, badges.Section{Title: d.Day.Label(cfg.Event.Language), Figures: figs, Chart: chart,
			Tables: []badges.Table{counts("Catégories", "catégorie", d.ByCategory), counts("Organismes", "organisme", d.ByOrganisation), people, absent}})
	}
	return doc
}

func (a *app) certificatesCommand() *cobra.Command {
	var day, out string
	var all bool
	cmd := &cobra.Command{
		Use:   "certificates (--day YYYY-MM-DD | --all) --out FILE.pdf",
		Short: "Print an attendance certificate for each person who came",
		Long: `Write one page per person who attended (the day given, or any day), stating
the event, the days they attended and the organiser's name (event.organiser
in desk.yaml), ready to sign; in the event's language (event.language).`,
		Example: `  desk certificates --all --out attestations.pdf`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case out == "":
				return errors.New("say where to write the certificates with --out FILE.pdf")
			case all == (day != ""):
				return errors.New("give either --day YYYY-MM-DD or --all")
			}
			return a.withEvent(cmd.Context(), func(cfg config.Config, store *db.DB) error {
				if cfg.Event.Organiser == "" {
					return errors.New("event.organiser is empty: set in desk.yaml who signs the certificates")
				}
				rows, err := attendanceOf(cmd.Context(), cfg, store, day)
				if err != nil {
					return err
				}
				letters := certificates(cfg, rows, a.now())
				if len(letters) == 0 {
					return errors.New("nobody attended: no certificate to print")
				}
				if err := writeAtomically(out, func(w io.Writer) error { return badges.RenderLetters(w, letters, a.now()) }); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Wrote %s: %s, ready to sign.\n", out, plural(len(letters), "certificate"))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&day, "day", "", "only those who came this day, YYYY-MM-DD")
	cmd.Flags().BoolVar(&all, "all", false, "everyone who came, with all the days they came")
	cmd.Flags().StringVar(&out, "out", "", "the PDF file to write")
	return cmd
}

// certificates writes one letter per person present, with the days they
// came, in the event's language.
func certificates(cfg config.Config, rows []checkin.Attendance, now time.Time) []badges.Letter {
	type person struct {
		name, org string
		days      []string
	}
	var order []checkin.Code
	people := map[checkin.Code]*person{}
	for _, r := range rows {
		if r.ArrivedAt.IsZero() {
			continue
		}
		p := people[r.Code]
		if p == nil {
			p = &person{name: strings.TrimSpace(r.FirstName + " " + r.LastName), org: r.Organisation}
			people[r.Code] = p
			order = append(order, r.Code)
		}
		p.days = append(p.days, longDay(r.Day, cfg.Event.Language))
	}
	date := longDay(checkin.Day(now.In(cfg.Location()).Format(time.DateOnly)), cfg.Event.Language)
	var out []badges.Letter
	for _, code := range order {
		p := people[code]
		who := p.name
		if p.org != "" {
			who += " (" + p.org + ")"
		}
		l := badges.Letter{Heading: cfg.Event.Name, Signature: cfg.Event.Organiser}
		if cfg.Event.Language == "en" {
			l.Title = "Certificate of attendance"
			l.Paragraphs = []string{fmt.Sprintf("I, the undersigned, %s, certify that %s attended %s on %s.", cfg.Event.Organiser, who, cfg.Event.Name, strings.Join(p.days, ", ")),
				"Made on " + date + "."}
		} else {
			l.Title = "Attestation de présence"
			l.Paragraphs = []string{fmt.Sprintf("Je soussigné(e), %s, atteste que %s a participé à « %s » le %s.", cfg.Event.Organiser, who, cfg.Event.Name, strings.Join(p.days, ", le ")),
				"Fait le " + date + "."}
		}
		out = append(out, l)
	}
	return out
}

// longDay writes a day in full: "mercredi 14 octobre 2026", "Wednesday 14 October 2026".
func longDay(d checkin.Day, lang string) string {
	t := d.Time()
	if lang == "en" {
		return t.Format("Monday 2 January 2006")
	}
	weekdays := []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	months := []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	return fmt.Sprintf("%s %d %s %d", weekdays[t.Weekday()], t.Day(), months[t.Month()-1], t.Year())
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

// attendanceOf is the attendance of the day given, or of every event day
// when day is "".
func attendanceOf(ctx context.Context, cfg config.Config, store *db.DB, day string) ([]checkin.Attendance, error) {
	days := eventDays(cfg)
	if day != "" {
		d, err := checkin.ParseDay(day)
		if err != nil {
			return nil, fmt.Errorf("--day: %w", err)
		}
		days = []checkin.Day{d}
	}
	return store.Attendance(ctx, days)
}
