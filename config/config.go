// Package config reads desk.yaml, with defaults for every key and overrides
// from DESK_* environment variables. It is the only package that imports
// viper, and it imports nothing else of desk's.
package config

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cast"
	"github.com/spf13/viper"
)

// DefaultPath is where desk looks for its configuration.
const DefaultPath = "desk.yaml"

// EnvPrefix prefixes every environment override: DESK_EVENT_NAME sets
// event.name.
const EnvPrefix = "DESK"

// ErrNotFound means there is no configuration file yet.
var ErrNotFound = errors.New("no configuration file")

// ColumnKeys are the fields an export column can be mapped to under
// import.columns (the same as checkin.Fields; a test keeps them equal).
var ColumnKeys = []string{"first_name", "last_name", "full_name", "email", "organisation",
	"category", "ticket", "response_id", "status", "days", "sessions"}

// HealthPassPolicies are the allowed values of health_pass.
var HealthPassPolicies = []string{"off", "record", "require"}

// Config is desk.yaml after defaults, environment and validation.
type Config struct {
	File       string // the file read; relative paths below are resolved against its folder
	Retention  Retention
	Backup     Backup
	Event      Event
	HealthPass string // off | record | require
	Database   string // path of the SQLite file
	Server     Server
	Auth       Auth
	Import     Import
	WalkIns    WalkIns
	Badges     Badges
	// Sessions are the workshops and talks people choose in the form, in
	// the order of desk.yaml.
	Sessions     []Session
	CheckinRules CheckinRules
	Printing     Printing
}

// Printing is what a desk that chose nothing does about printing badges
// on a label printer through CUPS.
type Printing struct {
	Printer string // a CUPS queue name, as lpstat -p lists them; "" for none
	Mode    string // on_checkin | button | off
	Layout  string // a badge layout name (desk badges --layouts)
}

// PrintModes are the values of printing.mode.
var PrintModes = []string{"on_checkin", "button", "off"}

// Event describes the event itself.
type Event struct {
	Name      string
	Days      []string // YYYY-MM-DD, sorted
	Timezone  string   // IANA name; "today" is the date there
	Organiser string   // signs attendance certificates
	Language  string   // fr or en: day names on badges, certificates
	Place     string   // the town certificates are made at: "Fait à Aix-en-Provence, le …"
}

// WalkIns are the settings of people registered at the door.
type WalkIns struct {
	Category string // the category they get when the desk types none
}

// Server is where the check-in service listens.
type Server struct {
	Addr         string
	TLS          string // off, self-signed (made and kept beside the database) or files (Cert and Key)
	Cert         string
	Key          string
	SessionHours int // how long a staff login lasts, 1 to 168 hours
	// Hosts are further names the service is reached by (behind a reverse
	// proxy, a DNS name): requests naming any other host are refused.
	Hosts []string
}

// Auth holds the staff credentials: hashes from desk init, or plain values
// from DESK_ADMIN_PASSWORD and DESK_DESK_PIN, which take precedence.
type Auth struct {
	AdminPasswordHash string
	DeskPINHash       string
	AdminPassword     string // from the environment only; never written
	DeskPIN           string // from the environment only; never written
}

// Import is the explicit column mapping: field -> header, day -> header.
type Import struct {
	Columns map[string]string
	Days    map[string]string
	// DaysFrom reads the days from the values of one column (a ticket
	// type, a rate): values maps each value to "all" or a day YYYY-MM-DD;
	// values not listed are read as desk reads any day column.
	DaysFrom DaysFrom
}

// DaysFrom is import.days_from.
type DaysFrom struct {
	Column string
	Values map[string]string
}

// Retention says when desk purge removes what: days after the event's
// last day.
type Retention struct {
	HealthPassDays int // the health-pass records (0: the day after the event)
	Days           int // the registrants' personal data
}

// Backup is the automatic backup of desk serve.
type Backup struct {
	Every  time.Duration // 0: none
	Folder string
}

// Badges configures badge printing.
type Badges struct {
	Layout  string
	Font    string            // a TTF file for scripts the built-in font lacks; "" for the built-in
	Logo    string            // a PNG or JPEG printed beside the event name; "" for none
	Colors  map[string]string // category -> "#rrggbb" of its band
	OffsetX float64           // printer calibration, mm
	OffsetY float64
	Custom  CustomLayout // used when Layout is "custom"
	// ShowSessions prints the person's sessions (day, time, room) in small
	// type, so that they know where to go.
	ShowSessions bool
	// SurnameCase writes surnames as registered ("as_is"), in capitals
	// ("upper") or in title case ("title"), whatever the form held.
	SurnameCase string
}

// SurnameCases are the values of badges.surname_case.
var SurnameCases = []string{"as_is", "upper", "title"}

// CustomLayout describes label stock that no preset matches, in mm.
type CustomLayout struct {
	PageWidth, PageHeight float64
	Width, Height         float64
	Columns, Rows         int
	Left, Top             float64
	GapX, GapY            float64
	CropMarks             bool
}

// defaults gives every key a value, which also lets viper find the DESK_*
// variable of every key.
func defaults() map[string]any {
	d := map[string]any{
		"event.name":                 "",
		"event.days":                 []string{},
		"event.timezone":             "Europe/Paris",
		"event.organiser":            "",
		"event.place":                "",
		"health_pass":                "off",
		"database":                   "desk.db",
		"server.addr":                ":8080",
		"server.tls":                 "off",
		"server.cert":                "",
		"server.key":                 "",
		"server.session_hours":       16,
		"server.hosts":               []string{},
		"walk_ins.category":          "",
		"auth.admin_password_hash":   "",
		"auth.desk_pin_hash":         "",
		"badges.layout":              "a4-8",
		"badges.font":                "",
		"badges.logo":                "",
		"badges.offset_x":            0.0,
		"badges.offset_y":            0.0,
		"badges.colors":              map[string]string{},
		"badges.custom.page_width":   210.0,
		"badges.custom.page_height":  297.0,
		"badges.custom.width":        90.0,
		"badges.custom.height":       54.0,
		"badges.custom.columns":      2,
		"badges.custom.rows":         5,
		"badges.custom.left":         15.0,
		"badges.custom.top":          13.5,
		"badges.custom.gap_x":        0.0,
		"badges.custom.gap_y":        0.0,
		"badges.custom.crop_marks":   true,
		"event.language":             "fr",
		"retention.health_pass_days": 0,
		"retention.days":             30,
		"backup.every":               "30m",
		"backup.folder":              "backups",
		"import.days":                map[string]string{},
		"import.days_from.column":    "",
		"import.days_from.values":    map[string]string{},
		"sessions":                   []any{},
		"badges.show_sessions":       false,
		"badges.surname_case":        "as_is",

		"checkin_rules.session_requires_entrance": false,
		"printing.printer":                        "",
		"printing.mode":                           "off",
		"printing.layout":                         "brother-dk-11202",
	}
	for _, k := range ColumnKeys {
		d["import.columns."+k] = ""
	}
	return d
}

// freeForm are the keys under which any name is allowed (a date, a field).
var freeForm = []string{"import.days.", "import.columns.", "import.days_from.values.", "badges.colors."}

// Load reads the configuration file at path, applies defaults and DESK_*
// environment variables, and validates the result.
func Load(path string) (Config, error) {
	v := viper.New()
	for k, val := range defaults() {
		v.SetDefault(k, val)
	}
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	v.SetConfigFile(path)
	v.SetConfigType("yaml")
	if err := v.ReadInConfig(); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return Config{}, fmt.Errorf("%w: %s does not exist; run \"desk init\" to create it, or pass --config", ErrNotFound, path)
		}
		return Config{}, fmt.Errorf("%s: %v", path, err)
	}
	if err := unknownKeys(path); err != nil {
		return Config{}, err
	}
	var numErrs []string
	num := func(key string) float64 {
		f, err := cast.ToFloat64E(v.Get(key))
		if err != nil {
			numErrs = append(numErrs, fmt.Sprintf("%s: %q is not a number (write decimals with a dot: 2.5)", key, fmt.Sprint(v.Get(key))))
		}
		return f
	}
	whole := func(key string) int {
		n, err := cast.ToIntE(v.Get(key))
		if err != nil {
			numErrs = append(numErrs, fmt.Sprintf("%s: %q is not a whole number", key, fmt.Sprint(v.Get(key))))
		}
		return n
	}
	duration := func(key string) time.Duration {
		d, err := cast.ToDurationE(v.Get(key))
		if err != nil || d < 0 {
			numErrs = append(numErrs, fmt.Sprintf("%s: %q is not a duration (e.g. 30m, 1h, or 0 for none)", key, fmt.Sprint(v.Get(key))))
		}
		return d
	}
	c := Config{
		Retention: Retention{HealthPassDays: whole("retention.health_pass_days"), Days: whole("retention.days")},
		Backup:    Backup{Every: duration("backup.every"), Folder: resolve(path, v.GetString("backup.folder"))},
		File:      path,
		Event: Event{Name: v.GetString("event.name"), Days: list(v.Get("event.days")), Timezone: v.GetString("event.timezone"),
			Organiser: v.GetString("event.organiser"), Language: strings.ToLower(v.GetString("event.language")),
			Place: strings.TrimSpace(v.GetString("event.place"))},
		HealthPass: strings.ToLower(v.GetString("health_pass")),
		Database:   resolve(path, v.GetString("database")),
		Server: Server{Addr: v.GetString("server.addr"), TLS: strings.ToLower(v.GetString("server.tls")),
			Cert: resolve(path, v.GetString("server.cert")), Key: resolve(path, v.GetString("server.key")),
			SessionHours: whole("server.session_hours"), Hosts: list(v.Get("server.hosts"))},
		Auth: Auth{AdminPasswordHash: v.GetString("auth.admin_password_hash"), DeskPINHash: v.GetString("auth.desk_pin_hash"),
			AdminPassword: os.Getenv(EnvPrefix + "_ADMIN_PASSWORD"), DeskPIN: os.Getenv(EnvPrefix + "_DESK_PIN")},
		Import: Import{Columns: map[string]string{}, Days: v.GetStringMapString("import.days"),
			DaysFrom: DaysFrom{Column: v.GetString("import.days_from.column"), Values: v.GetStringMapString("import.days_from.values")}},
		WalkIns: WalkIns{Category: strings.TrimSpace(v.GetString("walk_ins.category"))},
		Badges: Badges{Layout: v.GetString("badges.layout"), Font: resolve(path, v.GetString("badges.font")), Logo: resolve(path, v.GetString("badges.logo")),
			Colors: v.GetStringMapString("badges.colors"), OffsetX: num("badges.offset_x"), OffsetY: num("badges.offset_y"),
			Custom: CustomLayout{PageWidth: num("badges.custom.page_width"), PageHeight: num("badges.custom.page_height"),
				Width: num("badges.custom.width"), Height: num("badges.custom.height"),
				Columns: whole("badges.custom.columns"), Rows: whole("badges.custom.rows"),
				Left: num("badges.custom.left"), Top: num("badges.custom.top"),
				GapX: num("badges.custom.gap_x"), GapY: num("badges.custom.gap_y"), CropMarks: v.GetBool("badges.custom.crop_marks")}},
	}
	var sessionErrs []string
	c.Sessions, sessionErrs = readSessions(v.Get("sessions"))
	numErrs = append(numErrs, sessionErrs...)
	c.Badges.SurnameCase = v.GetString("badges.surname_case")
	c.Printing = Printing{Printer: strings.TrimSpace(v.GetString("printing.printer")),
		Mode: cmp.Or(strings.ToLower(strings.TrimSpace(v.GetString("printing.mode"))), "off"), Layout: strings.TrimSpace(v.GetString("printing.layout"))}
	if printer, set := os.LookupEnv(EnvPrefix + "_PRINTING_PRINTER"); set {
		// Set but empty clears the file's printer (each desk chooses its
		// own), where viper would ignore an empty variable.
		c.Printing.Printer = strings.TrimSpace(printer)
	}
	c.Badges.ShowSessions = boolean("badges.show_sessions", v.Get("badges.show_sessions"), &numErrs)
	c.CheckinRules.SessionRequiresEntrance = boolean("checkin_rules.session_requires_entrance", v.Get("checkin_rules.session_requires_entrance"), &numErrs)
	for k, val := range v.GetStringMapString("import.columns") {
		if val = v.GetString("import.columns." + k); val != "" {
			c.Import.Columns[k] = val
		}
	}
	slices.Sort(c.Event.Days)
	if len(numErrs) > 0 {
		return Config{}, fmt.Errorf("%s: %s%s", path, strings.Join(numErrs, "; "), fromEnvironment(strings.Join(numErrs, "; ")))
	}
	if err := c.Validate(); err != nil {
		return Config{}, fmt.Errorf("%s: %w%s", path, err, fromEnvironment(err.Error()))
	}
	return c, nil
}

// fromEnvironment names the DESK_* variables that set the keys an error
// message names, since those values are not in the file it names.
func fromEnvironment(message string) string {
	var set []string
	for key := range defaults() {
		name := EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
		value, ok := os.LookupEnv(name)
		if ok && (value != "" || key == "printing.printer") && namesKey(message, key) { // viper ignores the other empty ones
			set = append(set, name)
		}
	}
	if len(set) == 0 {
		return ""
	}
	slices.Sort(set)
	return " (set by the environment: " + strings.Join(set, ", ") + ")"
}

// namesKey tells whether message names key as a whole ("badges.offset_x/offset_y"
// names badges.offset_x; "import.days_from.column" does not name import.days).
func namesKey(message, key string) bool {
	for rest := message; ; {
		i := strings.Index(rest, key)
		if i < 0 {
			return false
		}
		rest = rest[i+len(key):]
		if rest == "" || !strings.ContainsAny(rest[:1], "abcdefghijklmnopqrstuvwxyz0123456789_.") ||
			rest[0] == '.' && (len(rest) == 1 || rest[1] == ' ') {
			return true
		}
	}
}

// list reads a YAML list, or a comma- or space-separated string from the
// environment (DESK_EVENT_DAYS="2026-10-14,2026-10-15").
func list(v any) []string {
	var out []string
	switch x := v.(type) {
	case string:
		out = strings.FieldsFunc(x, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	case []any:
		for _, e := range x {
			if t, ok := e.(time.Time); ok { // YAML reads an unquoted date as a time
				out = append(out, t.Format(time.DateOnly))
				continue
			}
			out = append(out, strings.TrimSpace(fmt.Sprint(e)))
		}
	case []string:
		out = append(out, x...)
	}
	return out
}

// resolve makes a path from the configuration relative to the
// configuration file's folder, so that desk works from any directory.
func resolve(configFile, p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(configFile), p)
}

// unknownKeys names the keys of the file that desk does not know, which
// are almost always typos that would otherwise be silently ignored.
func unknownKeys(path string) error {
	raw := viper.New()
	raw.SetConfigFile(path)
	raw.SetConfigType("yaml")
	if err := raw.ReadInConfig(); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	known := defaults()
	var unknown []string
	for _, k := range raw.AllKeys() {
		if _, ok := known[k]; ok || slices.ContainsFunc(freeForm, func(p string) bool { return strings.HasPrefix(k, p) }) {
			continue
		}
		unknown = append(unknown, k+suggest(k, known))
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return fmt.Errorf("%s: unknown key %s", path, strings.Join(unknown, ", "))
}

// suggest proposes the known key closest to a typo.
func suggest(key string, known map[string]any) string {
	best, bestDist := "", 4
	for k := range known {
		if d := distance(key, k); d < bestDist || (d == bestDist && k < best) {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

// distance is the Levenshtein edit distance.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// Validate checks every key and says which key is wrong and how to fix it.
func (c Config) Validate() error { return c.validate(false) }

// validate checks the configuration; a new one (from desk init) may leave
// the event's name and days for the organiser to fill in.
func (c Config) validate(draft bool) error {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if strings.TrimSpace(c.Event.Name) == "" && !draft {
		bad("event.name is empty: give the event's name, as printed on badges")
	}
	if len(c.Event.Days) == 0 && !draft {
		bad("event.days is empty: list the event's dates, e.g. [2026-10-14, 2026-10-15]")
	}
	for i, d := range c.Event.Days {
		if t, err := time.Parse(time.DateOnly, d); err != nil || t.Format(time.DateOnly) != d {
			bad("event.days: %q is not a date written YYYY-MM-DD", d)
		} else if i > 0 && d == c.Event.Days[i-1] {
			bad("event.days: %s is listed twice", d)
		}
	}
	if _, err := time.LoadLocation(c.Event.Timezone); err != nil || c.Event.Timezone == "" {
		bad("event.timezone: %q is not a time zone; use a name such as Europe/Paris", c.Event.Timezone)
	}
	if !slices.Contains(HealthPassPolicies, c.HealthPass) {
		bad("health_pass: %q is not one of off, record, require", c.HealthPass)
	}
	if c.Event.Language != "fr" && c.Event.Language != "en" {
		bad("event.language: %q is not fr or en", c.Event.Language)
	}
	if n := utf8.RuneCountInString(c.Event.Place); n > 60 || strings.ContainsFunc(c.Event.Place, unicode.IsControl) {
		bad("event.place: %q is not a town's name on one line of at most 60 characters", c.Event.Place)
	}
	for name, color := range c.Badges.Colors {
		if len(color) != 7 || color[0] != '#' || strings.Trim(strings.ToLower(color[1:]), "0123456789abcdef") != "" {
			bad("badges.colors.%s: %q is not a colour written #rrggbb", name, color)
		}
	}
	if c.Badges.SurnameCase != "" && !slices.Contains(SurnameCases, c.Badges.SurnameCase) { // "": as_is, as in a Config built in code
		bad("badges.surname_case: %q is not one of as_is, upper, title", c.Badges.SurnameCase)
	}
	if max(c.Badges.OffsetX, -c.Badges.OffsetX, c.Badges.OffsetY, -c.Badges.OffsetY) > 10 {
		bad("badges.offset_x/offset_y: %+.1f, %+.1f mm: calibration offsets are a few millimetres (at most 10)", c.Badges.OffsetX, c.Badges.OffsetY)
	}
	if c.Backup.Every > 0 && c.Backup.Every < time.Minute {
		bad("backup.every: %s is too often; write it with a unit, e.g. 30m (or 0 for none)", c.Backup.Every)
	}
	if c.Retention.HealthPassDays < 0 || c.Retention.Days < 0 {
		bad("retention.health_pass_days and retention.days are numbers of days after the event, 0 or more")
	}
	if c.Database == "" {
		bad("database is empty: give the path of the database file, e.g. desk.db")
	}
	switch c.Server.TLS {
	case "off", "self-signed":
	case "files":
		if c.Server.Cert == "" || c.Server.Key == "" {
			bad("server.tls is files: set server.cert and server.key to the certificate and key files")
		}
	default:
		bad("server.tls: %q is not one of off, self-signed, files", c.Server.TLS)
	}
	if len([]rune(c.WalkIns.Category)) > 100 || strings.ContainsAny(c.WalkIns.Category, "<>") {
		bad("walk_ins.category: %q is not a category: at most 100 characters, no < or >", c.WalkIns.Category)
	}
	if c.Server.SessionHours < 1 || c.Server.SessionHours > 168 {
		bad("server.session_hours: %d is not between 1 and 168 (a week): how many hours a desk stays logged in", c.Server.SessionHours)
	}
	for _, h := range c.Server.Hosts {
		if net.ParseIP(h) == nil && (h == "" || strings.ContainsAny(h, "/:@ ")) {
			bad("server.hosts: %q is not a host name: write the name alone, e.g. desk.example.org (no scheme, port or path)", h)
		}
	}
	if _, _, err := net.SplitHostPort(c.Server.Addr); err != nil {
		bad("server.addr: %q is not HOST:PORT, e.g. :8080 or 0.0.0.0:8080", c.Server.Addr)
	}
	for k := range c.Import.Columns {
		if !slices.Contains(ColumnKeys, k) {
			bad("import.columns.%s: unknown field; the fields are %s", k, strings.Join(ColumnKeys, ", "))
		}
	}
	for d := range c.Import.Days {
		if !slices.Contains(c.Event.Days, d) {
			bad("import.days.%s: not one of the event days (event.days)", d)
		}
	}
	for value, d := range c.Import.DaysFrom.Values {
		if d != "all" && d != "none" && !slices.Contains(c.Event.Days, d) {
			bad("import.days_from.values: %q is %q, which is neither all, none nor one of the event days (event.days)", value, d)
		}
	}
	if len(c.Import.DaysFrom.Values) > 0 && c.Import.DaysFrom.Column == "" {
		bad("import.days_from.values is set but import.days_from.column is empty: name the column whose values say the days (e.g. \"Tarif\")")
	}
	validateSessions(c.Sessions, c.Event.Days, bad)
	validatePrinting(c.Printing, bad)
	if len(problems) == 0 {
		return nil
	}
	return errors.New(strings.Join(problems, "; "))
}

// Location is the event's time zone (valid after Load).
func (c Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.Event.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// validatePrinting checks printing.*: the layout's name is checked against
// the presets by desk serve, since config imports nothing of desk's.
func validatePrinting(p Printing, bad func(string, ...any)) {
	if p.Mode != "" && !slices.Contains(PrintModes, p.Mode) { // "": off, as in a Config built in code
		bad("printing.mode: %q is not one of on_checkin, button, off", p.Mode)
	}
	if !ValidQueueName(p.Printer) {
		bad("printing.printer: %q is not a CUPS queue name: at most 127 characters, no spaces, /, # or quotes (lpstat -p lists them)", p.Printer)
	}
}

// ValidQueueName tells whether name can be a CUPS queue name ("" is none).
func ValidQueueName(name string) bool {
	return len(name) <= 127 && !strings.ContainsFunc(name, func(r rune) bool {
		return r <= ' ' || r == 0x7f || strings.ContainsRune("/#\\'\"", r)
	})
}
