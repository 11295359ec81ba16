package main

import (
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

func (a *app) certificatesCommand() *cobra.Command {
	var day, out string
	var all bool
	cmd := &cobra.Command{
		Use:   "certificates (--day YYYY-MM-DD | --all) --out FILE.pdf",
		Short: "Print an attendance certificate for each person who came",
		Long: `Write one page per person who attended (the day given, or any day), stating
the event, the days they attended, the sessions (workshops, talks) they
entered those days with their times, and the organiser's name
(event.organiser in desk.yaml), ready to sign, with the place and date
("Fait à Aix-en-Provence, le 15 octobre 2026", event.place); in the
event's language (event.language).`,
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
				data, err := loadReport(cmd.Context(), cfg, store, day)
				if err != nil {
					return err
				}
				letters := certificates(cfg, data, a.now())
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
// came and the sessions they entered those days, in the event's language.
func certificates(cfg config.Config, data reportData, now time.Time) []badges.Letter {
	type person struct {
		name, org   string
		last, first string
		days        []string
	}
	var order []checkin.Code
	people := map[checkin.Code]*person{}
	for _, r := range data.rows {
		if r.ArrivedAt.IsZero() {
			continue
		}
		p := people[r.Code]
		if p == nil {
			p = &person{name: strings.TrimSpace(r.FirstName + " " + r.LastName), org: r.Organisation, last: r.LastName, first: r.FirstName}
			people[r.Code] = p
			order = append(order, r.Code)
		}
		p.days = append(p.days, longDay(r.Day, cfg.Event.Language))
	}
	checkin.SortByName(order, func(c checkin.Code) []string { return []string{people[c].last, people[c].first} })
	lang := cfg.Event.Language
	closing := madeAt(cfg.Event.Place, checkin.Day(now.In(cfg.Location()).Format(time.DateOnly)), lang)
	var out []badges.Letter
	for _, code := range order {
		p := people[code]
		who := p.name
		if p.org != "" {
			who += " (" + p.org + ")"
		}
		l := badges.Letter{Heading: cfg.Event.Name, Signature: cfg.Event.Organiser, Closing: closing}
		if lang == "en" {
			l.Title = "Certificate of attendance"
			l.Paragraphs = []string{fmt.Sprintf("I, the undersigned, %s, certify that %s attended %s on %s.", cfg.Event.Organiser, who, cfg.Event.Name, strings.Join(p.days, ", "))}
		} else {
			l.Title = "Attestation de présence"
			l.Paragraphs = []string{fmt.Sprintf("Je soussigné(e), %s, atteste que %s a participé à « %s » le %s.", cfg.Event.Organiser, who, cfg.Event.Name, strings.Join(p.days, ", le "))}
		}
		if list := sessionsAttended(data.attended[code], data.days, lang); list != "" {
			l.Paragraphs = append(l.Paragraphs, list)
		}
		out = append(out, l)
	}
	return out
}

// sessionsAttended is a certificate's list of the sessions a person
// entered on days, one a line with its day and times; "" for none.
func sessionsAttended(sessions []checkin.Session, days []checkin.Day, lang string) string {
	var lines []string
	for _, s := range sessions {
		if !slices.Contains(days, s.Day) {
			continue
		}
		line := "– " + s.Name + ", " + longDay(s.Day, lang)
		if s.Start != "" {
			line += ", " + s.Start + "–" + s.End
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return ""
	}
	heading := "Ateliers suivis :"
	if lang == "en" {
		heading = "Sessions attended:"
	}
	return heading + "\n" + strings.Join(lines, "\n")
}

// madeAt is a certificate's place and date: "Fait à Aix-en-Provence, le
// 15 octobre 2026", "Done at Aix-en-Provence, on 15 October 2026"; the
// date alone when the place (event.place) is not set.
func madeAt(place string, d checkin.Day, lang string) string {
	t := d.Time()
	if lang == "en" {
		date := t.Format("2 January 2006")
		if place == "" {
			return "Done on " + date
		}
		return "Done at " + place + ", on " + date
	}
	months := []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	date := fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
	if t.Day() == 1 {
		date = "1er" + date[1:]
	}
	if place == "" {
		return "Fait le " + date
	}
	return "Fait à " + place + ", le " + date
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
