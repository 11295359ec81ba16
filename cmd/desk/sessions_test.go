package main

import (
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
)

// workshopsYAML are the eight workshops of testdata/exports/workshops_fr.csv
// as the organiser names them in desk.yaml.
const workshopsYAML = `sessions:
  - {id: deployer, name: "Déployer Geotrek sur votre serveur", day: 2026-10-15, start: "09:00", end: "12:00", room: Durance, capacity: 3}
  - {id: saisie, name: "Saisir des itinéraires dans Geotrek-admin", day: 2026-10-15, start: "09:00", end: "12:00", room: Verdon, capacity: 20}
  - {id: rando, name: "Geotrek-rando, le portail grand public", day: 2026-10-15, start: "09:00", end: "12:00", room: Ubaye, capacity: 20}
  - {id: carto, name: "Cartographie et fonds de carte", day: 2026-10-15, start: "09:00", end: "12:00", room: Bléone, capacity: 1}
  - {id: apidae, name: "Données touristiques et APIDAE", day: 2026-10-15, start: "09:00", end: "12:00", room: Asse}
  - {id: mobile, name: "Geotrek-mobile", day: 2026-10-15, start: "09:00", end: "12:00", room: Jabron, capacity: 20}
  - {id: signaletique, name: "Signalétique et aménagements", day: 2026-10-15, start: "09:00", end: "12:00", room: Largue, capacity: 20}
  - {id: frequentation, name: "Suivi de la fréquentation", day: 2026-10-15, start: "09:00", end: "12:00", room: Lauzon, capacity: 20}
`

// withSessions replaces the sessions of desk.yaml.
func (ta *testApp) withSessions(sessions string) {
	ta.t.Helper()
	path := filepath.Join(ta.dir, "desk.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		ta.t.Fatal(err)
	}
	yaml := regexp.MustCompile(`(?m)^sessions:.*\n(  - .*\n)*`).ReplaceAllString(string(b), sessions)
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		ta.t.Fatal(err)
	}
}

// registeredLine is the count column of one session in desk sessions.
func registeredLine(t *testing.T, out, id string) string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == id {
			m := regexp.MustCompile(`\d+ / (\d+|no limit)( \((full|over capacity)\))?`).FindString(line)
			return m
		}
	}
	t.Fatalf("desk sessions lists no %s:\n%s", id, out)
	return ""
}

// TestSessionsFromTheFormsExport: the workshops column of a real-shaped
// export, in the form's own wording, gives each session its registered
// people; the choices matching no session are listed with their counts; a
// re-import updates the counts; a session added to desk.yaml afterwards
// matches the choices already imported, without a new import.
func TestSessionsFromTheFormsExport(t *testing.T) {
	ta := newTestApp(t)
	ta.mustDesk("init", "--name", "Rencontres Geotrek", "--days", "2026-10-14,2026-10-15")
	ta.withSessions(workshopsYAML)
	export, err := os.ReadFile(filepath.Join("..", "..", "testdata", "exports", "workshops_fr.csv"))
	if err != nil {
		t.Fatal(err)
	}
	report := ta.mustDesk("import", ta.write("export.csv", string(export)))
	for _, want := range []string{
		`"Atelier 1 : Déployer Geotrek sur votre serveur" 2 -> deployer`,
		`Matching no session in desk.yaml (kept: a session added or renamed there matches them, without importing again): "Atelier 9 : Drones et photos aériennes" 3`,
	} {
		if !strings.Contains(report, want) {
			t.Errorf("import report lacks %q:\n%s", want, report)
		}
	}
	out := ta.mustDesk("sessions")
	want := map[string]string{"deployer": "3 / 3 (full)", "saisie": "2 / 20", "rando": "2 / 20", "carto": "2 / 1 (over capacity)",
		"apidae": "2 / no limit", "mobile": "2 / 20", "signaletique": "2 / 20", "frequentation": "1 / 20"}
	for id, w := range want {
		if got := registeredLine(t, out, id); got != w {
			t.Errorf("%s: %q, want %q\n%s", id, got, w, out)
		}
	}
	if !strings.Contains(out, "matching no session") || !strings.Contains(out, `"Atelier 9 : Drones et photos aériennes" 3`) {
		t.Errorf("the unmatched choice is not listed with its count:\n%s", out)
	}

	// Marc now chooses Geotrek-mobile instead of Cartographie; Pauline cancels.
	changed := strings.Replace(string(export), "Marc;Petit;marc.petit@example.fr;CC Serre-Ponçon;Non;Oui;Non;Atelier 4 : Cartographie et fonds de carte;",
		"Marc;Petit;marc.petit@example.fr;CC Serre-Ponçon;Non;Oui;Non;Atelier 6 : Geotrek-mobile;", 1)
	changed = strings.Replace(changed, "2026/09/06 16:45;Pauline;Faure;pauline.faure@example.fr;OT Briançon;Oui;Oui;Non;\"Atelier 9 : Drones et photos aériennes\";\r\n", "", 1)
	if changed == string(export) {
		t.Fatal("the export was not changed")
	}
	report = ta.mustDesk("import", ta.write("export2.csv", changed), "--cancel-missing")
	if !strings.Contains(report, `sessions chosen "Atelier 4 : Cartographie et fonds de carte" -> "Atelier 6 : Geotrek-mobile"`) {
		t.Errorf("the re-import does not say Marc's choice changed:\n%s", report)
	}
	out = ta.mustDesk("sessions")
	for id, w := range map[string]string{"carto": "1 / 1 (full)", "mobile": "3 / 20", "deployer": "3 / 3 (full)"} {
		if got := registeredLine(t, out, id); got != w {
			t.Errorf("after re-import, %s: %q, want %q\n%s", id, got, w, out)
		}
	}
	if !strings.Contains(out, `"Atelier 9 : Drones et photos aériennes" 2`) {
		t.Errorf("Pauline's cancelled choice still counted:\n%s", out)
	}

	// The drones workshop is confirmed late: added to desk.yaml, no import.
	ta.withSessions(workshopsYAML + `  - {id: drones, name: "Drones et photos aériennes", day: 2026-10-15, start: "14:00", end: "17:00", room: Durance, capacity: 12}` + "\n")
	out = ta.mustDesk("sessions")
	if got := registeredLine(t, out, "drones"); got != "2 / 12" {
		t.Errorf("drones: %q, want 2 / 12\n%s", got, out)
	}
	if strings.Contains(out, "matching no session") {
		t.Errorf("every choice matches a session now:\n%s", out)
	}
}

// TestSessionsConfigErrors: desk sessions refuses a desk.yaml whose
// sessions clash, saying which and how to fix it.
func TestSessionsConfigErrors(t *testing.T) {
	ta := newTestApp(t)
	ta.mustDesk("init", "--name", "E", "--days", "2026-10-14,2026-10-15")
	ta.withSessions("sessions:\n  - {id: a, name: A, day: 2026-10-15, start: \"09:00\", end: \"12:00\", room: Durance}\n  - {id: b, name: B, day: 2026-10-15, start: \"11:00\", end: \"13:00\", room: Durance}\n")
	_, err := ta.desk("sessions")
	if err == nil || !strings.Contains(err.Error(), `sessions a (09:00-12:00) and b (11:00-13:00) are both in room "Durance" on 2026-10-15`) {
		t.Fatalf("err = %v", err)
	}
}

// TestSessionDoorThroughServe runs the real desk serve on an event with
// workshops imported from the form's export: a room's desk scans people
// into a workshop from their stored choices, and the counts follow.
func TestSessionDoorThroughServe(t *testing.T) {
	ta := newTestApp(t)
	ta.mustDesk("init", "--name", "Rencontres Geotrek", "--days", "2026-10-14,2026-10-15")
	ta.withSessions(strings.ReplaceAll(workshopsYAML, "2026-10-15", "2026-10-14")) // held on the day serve runs
	export, err := os.ReadFile(filepath.Join("..", "..", "testdata", "exports", "workshops_fr.csv"))
	if err != nil {
		t.Fatal(err)
	}
	ta.mustDesk("import", ta.write("export.csv", string(export)))
	sessions := sessionsOf(ta.config())
	var in, out checkin.Registrant // registered for "deployer", and not
	for _, r := range ta.registrants() {
		switch {
		case r.Cancelled:
		case r.RegisteredForSession("deployer", sessions) && in.ID == 0:
			in = r
		case !r.RegisteredForSession("deployer", sessions) && out.ID == 0:
			out = r
		}
	}
	if in.ID == 0 || out.ID == 0 {
		t.Fatal("the export has nobody registered for deployer, or everybody is")
	}
	t.Setenv("DESK_DESK_PIN", "246810")
	base, _, stop := runServe(t, ta, "http")
	defer stop()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if status, v := postJSON(t, c, base+"/api/login", `{"pin":"246810","desk":"Salle Durance"}`); status != 200 {
		t.Fatalf("login: %d %v", status, v)
	}
	for _, tt := range []struct {
		who  checkin.Registrant
		want string
	}{{in, "checked_in"}, {out, "not_registered_for_session"}, {in, "already_checked_in"}} {
		if _, v := postJSON(t, c, base+"/api/checkins", `{"code":"`+string(tt.who.Code)+`","session":"deployer"}`); v["outcome"] != tt.want {
			t.Errorf("%s into deployer: %v, want %s", tt.who.FullName(), v, tt.want)
		}
	}
	resp, err := c.Get(base + "/api/stats?session=deployer")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st map[string]any
	json.NewDecoder(resp.Body).Decode(&st)
	if st["present"] != 1.0 || st["registered"] != 3.0 || st["capacity"] != 3.0 {
		t.Errorf("deployer's counts: %v, want 1 present of 3 registered, capacity 3", st)
	}
}

// config loads the event's desk.yaml.
func (ta *testApp) config() config.Config {
	ta.t.Helper()
	cfg, err := config.Load(filepath.Join(ta.dir, "desk.yaml"))
	if err != nil {
		ta.t.Fatal(err)
	}
	return cfg
}
