package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"text/template"
)

// ErrExists means desk init would overwrite an existing configuration.
var ErrExists = errors.New("configuration file already exists")

// New is what desk init knows about a new event.
type New struct {
	Name              string
	Days              []string
	Timezone          string
	HealthPass        string
	Database          string
	TLS               string // server.tls: off or self-signed ("" is self-signed)
	AdminPasswordHash string
	DeskPINHash       string
}

// Write creates a commented desk.yaml for a new event at path. It never
// overwrites an existing file.
func Write(path string, n New) error {
	n.Days = slices.Sorted(slices.Values(n.Days))
	if n.TLS == "" {
		n.TLS = "self-signed"
	}
	if n.TLS != "off" && n.TLS != "self-signed" {
		return fmt.Errorf("server.tls: %q is not off or self-signed (nothing was written)", n.TLS)
	}
	draft := Config{Event: Event{Name: n.Name, Days: n.Days, Timezone: n.Timezone, Language: "fr"}, HealthPass: n.HealthPass,
		Database: n.Database, Server: Server{Addr: ":8080", TLS: n.TLS, SessionHours: 16}}
	if err := draft.validate(true); err != nil {
		return fmt.Errorf("%w (nothing was written)", err)
	}
	var buf bytes.Buffer
	if err := fileTemplate.Execute(&buf, n); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%w: %s (desk init never overwrites it; edit it, or choose another file with --config)", ErrExists, path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}

// quote writes a YAML double-quoted scalar (JSON strings are valid YAML).
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

var fileTemplate = template.Must(template.New("desk.yaml").Funcs(template.FuncMap{
	"q":    quote,
	"days": func(d []string) string { return "[" + strings.Join(d, ", ") + "]" },
	"lastDay": func(d []string) string {
		if len(d) == 0 {
			return "2026-10-15"
		}
		return d[len(d)-1]
	},
}).Parse(`# desk configuration for one event.
# Every key can also be set from the environment: DESK_ then the key in
# capitals with "." as "_" (DESK_EVENT_NAME, DESK_SERVER_ADDR, DESK_HEALTH_PASS...).

event:
  # The event's name, printed on badges, reports and certificates.
  name: {{q .Name}}
  # The event days, YYYY-MM-DD. Check-ins are recorded per day.
  days: {{days .Days}}
  # The event's time zone: "today" at the desk is the date there.
  timezone: {{q .Timezone}}
  # Who signs the attendance certificates.
  organiser: ""
  # Language of day names on badges and of certificates: fr or en.
  language: "fr"
  # Where certificates are made, for "Fait à Aix-en-Provence, le 15 octobre 2026".
  # place: "Aix-en-Provence"

# Health pass policy at the door (the pass itself is checked with the
# official app; desk only records that the check was done):
#   off     - no box shown
#   record  - box shown; arrivals recorded either way; reports count unchecked arrivals
#   require - no check-in until the box is ticked
health_pass: {{q .HealthPass}}

# The database file (relative paths are relative to this file's folder).
database: {{q .Database}}

server:
  # Where "desk serve" listens. ":8080" is every network interface, so that
  # the other laptops and phones on the venue network can reach it.
  addr: ":8080"
  # The venue network is shared with the attendees: over plain HTTP the
  # desk PIN and the admin password cross it in clear. Phones also give a
  # web page the camera only over HTTPS.
  #   self-signed - HTTPS with a certificate desk makes and keeps beside the
  #                 database (each device accepts it once)
  #   files       - HTTPS with your own certificate and key below
  #   off         - plain HTTP: only on a network of your own, or on this
  #                 machine alone (addr "127.0.0.1:8080")
  tls: {{q .TLS}}
  cert: ""
  key: ""
  # Requests naming a host other than this machine's name and addresses,
  # localhost and addr are refused (421), so that a web page elsewhere
  # cannot reach the service through a name of its own (DNS rebinding).
  # Add here the names it is reached by behind a reverse proxy or DNS:
  hosts: []
  #   - "accueil.example.org"
  # How many hours a desk or the organiser stays logged in (1 to 168). A
  # restart of "desk serve" logs nobody out; past this, the PIN is asked again.
  session_hours: 16

# People registered at the desk on the day ("walk-ins") get this category
# when staff type none: it is printed on their badge and counted in reports.
walk_ins:
  category: "Sur place"

# Staff credentials, as hashes: desk init printed the password and PIN once.
# DESK_ADMIN_PASSWORD and DESK_DESK_PIN in the environment take precedence.
auth:
  admin_password_hash: {{q .AdminPasswordHash}}
  desk_pin_hash: {{q .DeskPINHash}}

import:
  # Columns are recognised by their header in French or English ("Prénom",
  # "Nom", "Adresse e-mail", "Organisme", "Catégorie"...). When a header is
  # not recognised, name it here. "desk import --dry-run" shows the mapping.
  # Columns not mapped to one of these fields are never stored.
  columns:
    first_name: ""    # e.g. "Prénom"
    last_name: ""     # e.g. "Nom de famille"
    full_name: ""     # one column with the whole name, if there is no first/last
    email: ""         # e.g. "Courriel professionnel"
    organisation: ""  # e.g. "Structure"
    category: ""      # e.g. "Type de participant" (participant, speaker, staff...)
    response_id: ""   # the form's own id of each response or ticket, if any
    ticket: ""        # ticket type, product or rate ("Billet", "Tarif"): may say the days
    status: ""        # order or attendee status: cancelled rows are not expected
    days: ""          # one column listing the days chosen ("Jour 1, Jour 2")
    sessions: ""      # the workshops chosen ("Atelier(s) souhaité(s)"), matched to sessions below
  # Per-day attendance columns ("Présence jeudi 14 octobre: Oui/Non") are
  # recognised by the date, weekday or "Jour N" in their header. Otherwise
  # map each event day to its column:
  days: {}
  #   "2026-10-14": "Présence jeudi"
  # Or read the days from the values of one column, such as the ticket type
  # or rate of a ticketing tool ("Pass 2 jours", "Journée du jeudi"). desk
  # reads dates, weekdays, "Jour 2" and "Pass"/"2 jours"/"tous les jours" by
  # itself; list here the values it cannot place (all, none or a day).
  days_from:
    column: ""
    values: {}
    #   "Pass 2 jours": all
    #   "Journée du jeudi": "2026-10-15"

# Workshops and talks that people choose in the registration form. The
# column of their choices ("Atelier(s) souhaité(s)", "Workshops"...) is found
# by its header, or named under import.columns.sessions. Each choice is
# matched to a session by its name, whatever the case, accents, a numbering
# before it ("Atelier 3 :") or a note after it ("(à confirmer)"); "desk
# sessions" lists who chose what, and the choices that match no session.
# Choices are kept: a session added here later matches them without
# importing again; after renaming one, list its former name under aliases. Two sessions in one room must not overlap.
sessions: []
#  - id: deployer                # letters, digits, - or _: used by the API and reports
#    name: "Déployer Geotrek sur votre serveur"
#    day: {{lastDay .Days}}
#    start: "09:00"
#    end: "12:00"
#    room: "Salle Durance"
#    capacity: 30                # seats; 0 = no limit
#    aliases: []                 # its former names, after a rename: choices made under them still count

checkin_rules:
  # A scan at a session's door of someone not yet checked in at the
  # entrance today: false admits them and records the day's arrival too;
  # true refuses them until they check in at the entrance.
  session_requires_entrance: false

# Badges printed at the desks on a label printer, through CUPS (README:
# "Printing badges on label printers"). These are the defaults for the desks that chose
# nothing: each desk may choose its printer and a fallback on the desk
# page, and the organiser each desk's mode on the dashboard. on_checkin
# prints each person's badge once, at their first check-in (not those
# printed before, by a desk or by "desk badges"); button prints it when the
# desk presses "Imprimer le badge"; off prints nothing.
printing:
  printer: ""          # a CUPS queue name, as "lpstat -p" lists them; "" for none
  mode: "off"          # on_checkin (print as people arrive) | button | off
  layout: "brother-dk-11202"  # a badge layout ("desk badges --layouts"), one badge per label

# What "desk purge" removes, and when (days after the event's last day).
retention:
  health_pass_days: 0   # the health-pass records (checked or not); counts stay
  days: 30              # names, e-mails, form ids; counts by day, category and organisation stay

# While "desk serve" runs, a checked copy of the database every so often
# (0 for none), in this folder (relative to this file).
backup:
  every: "30m"
  folder: "backups"

badges:
  # Sheet layout for "desk badges" ("desk badges --layouts" lists them):
  # a4-4, a4-8, a4-10, avery-l4785, avery-5395, herma-4412, durable-1456,
  # single (one 90 × 54 mm badge per page), label printers' rolls
  # (brother-dk-11202, brother-dk-11234, dymo-30857, dymo-99014, zebra-4x3),
  # a6 or a7 (one badge per page on an office printer), or custom (below).
  layout: "a4-8"
  # Surnames as the form held them (as_is), in capitals (upper), or in
  # title case keeping particles (title: "de La Tour", "McDonald").
  surname_case: "as_is"
  # Printer calibration in mm, added to every position: print
  # "desk badges --calibration --out cal.pdf", hold it against a sheet of
  # labels, and shift (x to the right, y down) by what it is off.
  offset_x: 0
  offset_y: 0
  # Band colours per category (any case and accents), as #rrggbb. Common
  # categories (participant, intervenant/speaker, staff, partenaire, presse...)
  # have colours already.
  colors: {}
  #   "Élu": "#8a3b12"
  # Your own stock, with layout: custom. All in mm.
  custom:
    page_width: 210
    page_height: 297
    width: 90          # one badge
    height: 54
    columns: 2
    rows: 5
    left: 15           # page edge to the first badge
    top: 13.5
    gap_x: 0           # between badges
    gap_y: 0
    crop_marks: true   # a sheet to cut (false for die-cut labels)
  # A TrueType font file for scripts the built-in font cannot draw (the
  # import warns about such names). Empty: the built-in DejaVu Sans Condensed.
  font: ""
  # A PNG or JPEG logo printed on every badge. Empty: none.
  logo: ""
  # Print on each badge, in small type, the sessions the person chose (day,
  # time, room), so that they know where to go.
  show_sessions: false
`))
