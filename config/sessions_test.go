package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// eightWorkshops is the sessions: list of the reference event.
const eightWorkshops = `event:
  name: x
  days: [2026-10-14, 2026-10-15]
sessions:
  - {id: deployer, name: "Déployer Geotrek sur votre serveur", day: 2026-10-15, start: "09:00", end: "12:00", room: Durance, capacity: 30}
  - {id: data, name: "Data in the field", day: 2026-10-15, start: "9:00", end: "12:00", room: Verdon, capacity: 20, aliases: ["Field data"]}
  - {id: carto, name: "Cartographie", day: "2026-10-15", start: "09:00", end: "10:30", room: Ubaye}
  - {id: carto-2, name: "Cartographie avancée", day: 2026-10-15, start: "10:30", end: "12:00", room: ubaye, capacity: 0}
`

func loadYAML(t *testing.T, yaml string) (Config, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "desk.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return Load(path)
}

func TestSessionsLoad(t *testing.T) {
	c, err := loadYAML(t, eightWorkshops)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sessions) != 4 {
		t.Fatalf("sessions = %+v", c.Sessions)
	}
	want := Session{ID: "data", Name: "Data in the field", Day: "2026-10-15", Start: "09:00", End: "12:00", Room: "Verdon", Capacity: 20,
		Aliases: []string{"Field data"}}
	if !reflect.DeepEqual(c.Sessions[1], want) {
		t.Errorf("sessions[1] = %+v, want %+v (9:00 written 09:00)", c.Sessions[1], want)
	}
	if c.Sessions[0].Day != "2026-10-15" || c.Sessions[0].Capacity != 30 || c.Sessions[3].ID != "carto-2" {
		t.Errorf("sessions = %+v", c.Sessions)
	}
	if c.CheckinRules.SessionRequiresEntrance || c.Badges.ShowSessions {
		t.Error("session_requires_entrance and show_sessions default to false")
	}
}

func TestSessionErrorsNameTheKey(t *testing.T) {
	head := "event:\n  name: x\n  days: [2026-10-14, 2026-10-15]\nsessions:\n"
	cases := []struct{ name, sessions, want string }{
		{"unknown day", `  - {id: a, name: A, day: 2026-10-16, start: "09:00", end: "10:00"}`,
			`sessions[1] (id a): day "2026-10-16" is not one of the event days (event.days: 2026-10-14, 2026-10-15)`},
		{"no day", `  - {id: a, name: A, start: "09:00", end: "10:00"}`, `sessions[1] (id a): day "" is not one of the event days`},
		{"overlap in a room", "  - {id: a, name: A, day: 2026-10-15, start: \"09:00\", end: \"12:00\", room: Durance}\n  - {id: b, name: B, day: 2026-10-15, start: \"11:00\", end: \"13:00\", room: \" durance \"}",
			`sessions a (09:00-12:00) and b (11:00-13:00) are both in room "Durance" on 2026-10-15 at the same time: change a time or a room`},
		{"duplicate id", "  - {id: a, name: A, day: 2026-10-15, start: \"09:00\", end: \"10:00\"}\n  - {id: a, name: B, day: 2026-10-15, start: \"09:00\", end: \"10:00\"}",
			"sessions[2] (id a): id a is already the id of sessions[1]: give each session its own id"},
		{"bad start", `  - {id: a, name: A, day: 2026-10-15, start: "9h", end: "10:00"}`, `sessions[1] (id a): start "9h" is not a time written HH:MM: write it in quotes, e.g. start: "09:00"`},
		{"bad end", `  - {id: a, name: A, day: 2026-10-15, start: "09:00", end: "25:00"}`, `sessions[1] (id a): end "25:00" is not a time written HH:MM`},
		{"start after end", `  - {id: a, name: A, day: 2026-10-15, start: "12:00", end: "09:00"}`, "sessions[1] (id a): starts at 12:00 but ends at 09:00: the end must come after the start"},
		{"start equals end", `  - {id: a, name: A, day: 2026-10-15, start: "12:00", end: "12:00"}`, "starts at 12:00 but ends at 12:00"},
		{"negative capacity", `  - {id: a, name: A, day: 2026-10-15, start: "09:00", end: "10:00", capacity: -3}`, "sessions[1] (id a): capacity -3 is negative: give the number of seats, or 0 for no limit"},
		{"capacity not a number", `  - {id: a, name: A, day: 2026-10-15, start: "09:00", end: "10:00", capacity: lots}`, `sessions[1]: capacity "lots" is not a whole number`},
		{"no id", `  - {name: A, day: 2026-10-15, start: "09:00", end: "10:00"}`, "sessions[1]: id is empty: give each session a short id"},
		{"bad id", `  - {id: "Atelier 3", name: A, day: 2026-10-15, start: "09:00", end: "10:00"}`, `id "Atelier 3" may hold only lower-case letters, digits, - and _`},
		{"no name", `  - {id: a, day: 2026-10-15, start: "09:00", end: "10:00"}`, "sessions[1] (id a): name is empty"},
		{"typo in a session", `  - {id: a, name: A, day: 2026-10-15, start: "09:00", end: "10:00", rooom: X}`, "sessions[1]: unknown key rooom (a session has id, name, day, start, end, room, capacity, aliases)"},
		{"not a list", `  deployer`, "sessions: write a list"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadYAML(t, head+tc.sessions+"\n")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans several lines: %q", err)
			}
		})
	}
}

// Sessions one after the other in a room, or at once in two rooms, are fine.
func TestSessionsInTurnOrInTwoRooms(t *testing.T) {
	c, err := loadYAML(t, "event:\n  name: x\n  days: [2026-10-15]\nsessions:\n"+
		"  - {id: a, name: A, day: 2026-10-15, start: \"09:00\", end: \"10:30\", room: Durance}\n"+
		"  - {id: b, name: B, day: 2026-10-15, start: \"10:30\", end: \"12:00\", room: Durance}\n"+
		"  - {id: c, name: C, day: 2026-10-15, start: \"09:00\", end: \"12:00\", room: Verdon}\n"+
		"  - {id: d, name: D, day: 2026-10-15, start: \"09:00\", end: \"12:00\"}\n"+
		"  - {id: e, name: E, day: 2026-10-15, start: \"09:00\", end: \"12:00\"}\n")
	if err != nil || len(c.Sessions) != 5 {
		t.Fatalf("err = %v, sessions %+v", err, c.Sessions)
	}
}

func TestSessionSettingsFromEnvironment(t *testing.T) {
	path := writeNew(t, valid)
	t.Setenv("DESK_CHECKIN_RULES_SESSION_REQUIRES_ENTRANCE", "true")
	t.Setenv("DESK_BADGES_SHOW_SESSIONS", "1")
	t.Setenv("DESK_IMPORT_COLUMNS_SESSIONS", "Atelier(s) souhaité(s)")
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !c.CheckinRules.SessionRequiresEntrance || !c.Badges.ShowSessions || c.Import.Columns["sessions"] != "Atelier(s) souhaité(s)" {
		t.Fatalf("rules %+v, show_sessions %v, columns %v", c.CheckinRules, c.Badges.ShowSessions, c.Import.Columns)
	}
	t.Setenv("DESK_BADGES_SHOW_SESSIONS", "peut-être")
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), `badges.show_sessions: "peut-être" is not true or false`) {
		t.Fatalf("err = %v", err)
	}
}

// desk init writes the session keys, commented, with an example session
// that loads once uncommented.
func TestInitWritesSessions(t *testing.T) {
	path := writeNew(t, valid)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for _, want := range []string{"\nsessions: []\n", "#  - id: deployer", "#    day: 2026-10-15\n", "\n  session_requires_entrance: false\n",
		"\n  show_sessions: false\n", "\n    sessions: \"\"", "capacity: 30"} {
		if !strings.Contains(text, want) {
			t.Errorf("desk init wrote no %q", want)
		}
	}
	uncommented := strings.Replace(text, "sessions: []\n", "sessions:\n", 1)
	uncommented = strings.ReplaceAll(uncommented, "\n#  - id:", "\n  - id:")
	uncommented = strings.ReplaceAll(uncommented, "\n#    ", "\n    ")
	if err := os.WriteFile(path, []byte(uncommented), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatalf("the example, uncommented: %v", err)
	}
	if len(c.Sessions) != 1 || c.Sessions[0].ID != "deployer" || c.Sessions[0].Capacity != 30 || c.Sessions[0].Room != "Salle Durance" {
		t.Fatalf("the example loads as %+v", c.Sessions)
	}
}
