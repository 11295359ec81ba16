package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeNew(t *testing.T, n New) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "desk.yaml")
	if err := Write(path, n); err != nil {
		t.Fatal(err)
	}
	return path
}

var valid = New{Name: "Rencontre « Espaces naturels » 2026", Days: []string{"2026-10-14", "2026-10-15"},
	Timezone: "Europe/Paris", HealthPass: "record", Database: "desk.db", AdminPasswordHash: "$2a$10$x", DeskPINHash: "$2a$10$y"}

func TestWrittenFileLoadsBack(t *testing.T) {
	path := writeNew(t, valid)
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Event.Name != valid.Name || strings.Join(c.Event.Days, ",") != "2026-10-14,2026-10-15" ||
		c.HealthPass != "record" || c.Auth.AdminPasswordHash != "$2a$10$x" || c.Server.Addr != ":8080" || c.Server.SessionHours != 16 || c.WalkIns.Category != "Sur place" {
		t.Fatalf("loaded %+v", c)
	}
	if want := filepath.Join(filepath.Dir(path), "desk.db"); c.Database != want {
		t.Errorf("database = %q, want %q (relative to the config file)", c.Database, want)
	}
	if len(c.Import.Columns) != 0 {
		t.Errorf("empty mappings loaded as %v", c.Import.Columns)
	}
	// desk init writes the session life with what it means, for the organiser to change.
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "logged in (1 to 168)") || !strings.Contains(string(b), "\n  session_hours: 16\n") {
		t.Errorf("server.session_hours not written with its comment:\n%s", b)
	}
}

func TestWriteNeverOverwrites(t *testing.T) {
	path := writeNew(t, valid)
	before, _ := os.ReadFile(path)
	err := Write(path, valid)
	if !errors.Is(err, ErrExists) {
		t.Fatalf("err = %v, want ErrExists", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("file changed")
	}
}

func TestEnvironmentOverrides(t *testing.T) {
	path := writeNew(t, valid)
	t.Setenv("DESK_EVENT_NAME", "From env")
	t.Setenv("DESK_EVENT_DAYS", "2026-11-02,2026-11-03")
	t.Setenv("DESK_HEALTH_PASS", "require")
	t.Setenv("DESK_SERVER_ADDR", "127.0.0.1:9999")
	t.Setenv("DESK_DATABASE", "/tmp/other.db")
	t.Setenv("DESK_IMPORT_COLUMNS_EMAIL", "Courriel pro")
	t.Setenv("DESK_ADMIN_PASSWORD", "secret")
	t.Setenv("DESK_DESK_PIN", "123456")
	t.Setenv("DESK_SERVER_SESSION_HOURS", "30")
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{c.Event.Name, strings.Join(c.Event.Days, ","), c.HealthPass, c.Server.Addr, c.Database, c.Import.Columns["email"], c.Auth.AdminPassword, c.Auth.DeskPIN,
		fmt.Sprint(c.Server.SessionHours)}
	want := []string{"From env", "2026-11-02,2026-11-03", "require", "127.0.0.1:9999", "/tmp/other.db", "Courriel pro", "secret", "123456", "30"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

func TestLoadErrorsNameTheKey(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"typo", "event:\n  nmae: x\n  days: [2026-10-14]\n", "unknown key event.nmae (did you mean event.name?)"},
		{"empty days", "event:\n  name: x\n", "event.days is empty"},
		{"bad day", "event:\n  name: x\n  days: [2026-02-30]\n", `event.days: "2026-02-30" is not a date`},
		{"bad zone", "event:\n  name: x\n  days: [2026-10-14]\n  timezone: Paris\n", `event.timezone: "Paris" is not a time zone`},
		{"bad policy", "event:\n  name: x\n  days: [2026-10-14]\nhealth_pass: maybe\n", `health_pass: "maybe" is not one of off, record, require`},
		{"bad addr", "event:\n  name: x\n  days: [2026-10-14]\nserver:\n  addr: 8080\n", `server.addr: "8080" is not HOST:PORT`},
		{"bad field", "event:\n  name: x\n  days: [2026-10-14]\nimport:\n  columns:\n    emial: Courriel\n", "import.columns.emial: unknown field"},
		{"day not in event", "event:\n  name: x\n  days: [2026-10-14]\nimport:\n  days:\n    \"2026-10-20\": Jeudi\n", "import.days.2026-10-20: not one of the event days"},
		{"not yaml", "event: [unclosed\n", "desk.yaml"},
		{"decimal comma", "event:\n  name: x\n  days: [2026-10-14]\nbadges:\n  offset_x: \"2,5\"\n", `badges.offset_x: "2,5" is not a number`},
		{"rows not a number", "event:\n  name: x\n  days: [2026-10-14]\nbadges:\n  custom:\n    rows: abc\n", `badges.custom.rows: "abc" is not a whole number`},
		{"walk-in category with markup", "event:\n  name: x\n  days: [2026-10-14]\nwalk_ins:\n  category: \"<b>x</b>\"\n", "walk_ins.category"},
		{"session too short", "event:\n  name: x\n  days: [2026-10-14]\nserver:\n  session_hours: 0\n", "server.session_hours: 0 is not between 1 and 168"},
		{"session too long", "event:\n  name: x\n  days: [2026-10-14]\nserver:\n  session_hours: 169\n", "server.session_hours: 169 is not between 1 and 168"},
		{"session not whole", "event:\n  name: x\n  days: [2026-10-14]\nserver:\n  session_hours: 2.5h\n", `server.session_hours: "2.5h" is not a whole number`},
		{"bad surname case", "event:\n  name: x\n  days: [2026-10-14]\nbadges:\n  surname_case: capitals\n", `badges.surname_case: "capitals" is not one of as_is, upper, title`},
		{"place on two lines", "event:\n  name: x\n  days: [2026-10-14]\n  place: \"Aix\\nMarseille\"\n", `event.place: "Aix\nMarseille" is not a town's name`},
		{"offset too large", "event:\n  name: x\n  days: [2026-10-14]\nbadges:\n  offset_y: 150\n", "calibration offsets are a few millimetres"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "desk.yaml")
			os.WriteFile(path, []byte(tc.yaml), 0o600)
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans several lines: %q", err)
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "desk.yaml"))
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "desk init") {
		t.Fatalf("err = %v, want ErrNotFound telling to run desk init", err)
	}
}

func TestWriteRefusesBadValues(t *testing.T) {
	for _, n := range []New{
		{Days: []string{"14/10/2026"}, Timezone: "Europe/Paris", HealthPass: "off", Database: "desk.db"},
		{Days: []string{"2026-02-30"}, Timezone: "Europe/Paris", HealthPass: "off", Database: "desk.db"},
		{Timezone: "Mars/Olympus", HealthPass: "off", Database: "desk.db"},
		{Timezone: "Europe/Paris", HealthPass: "sometimes", Database: "desk.db"},
	} {
		path := filepath.Join(t.TempDir(), "desk.yaml")
		if err := Write(path, n); err == nil {
			t.Errorf("Write(%+v) succeeded", n)
		}
		if _, err := os.Stat(path); err == nil {
			t.Errorf("Write(%+v) left a file behind", n)
		}
	}
	// A draft without name and days is fine: the organiser fills them in.
	if err := Write(filepath.Join(t.TempDir(), "desk.yaml"), New{Timezone: "UTC", HealthPass: "off", Database: "desk.db"}); err != nil {
		t.Fatal(err)
	}
}

func TestBadgeSettings(t *testing.T) {
	path := writeNew(t, valid)
	t.Setenv("DESK_BADGES_OFFSET_X", "1.5")
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Badges.Layout != "a4-8" || c.Badges.SurnameCase != "as_is" || c.Badges.OffsetX != 1.5 || c.Badges.Custom.Columns != 2 || !c.Badges.Custom.CropMarks || c.Event.Language != "fr" {
		t.Fatalf("badges %+v, language %q", c.Badges, c.Event.Language)
	}
	bad := filepath.Join(t.TempDir(), "desk.yaml")
	os.WriteFile(bad, []byte("event:\n  name: x\n  days: [2026-10-14]\nbadges:\n  colors:\n    speaker: red\n"), 0o600)
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), `badges.colors.speaker: "red" is not a colour`) {
		t.Fatalf("bad colour: %v", err)
	}
}
