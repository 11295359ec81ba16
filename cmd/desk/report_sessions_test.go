package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/db"
)

// workshopEvent is the event of workshops_fr.csv and these scans into
// "deployer" (capacity 3) on the 15th, in Paris time: Anne 09:05,
// François 09:15 and out at 11:30, Nadia (not registered: admitted anyway)
// 09:20. Lucie, registered, does not come.
func workshopEvent(t *testing.T) (*testApp, map[string]checkin.Registrant) {
	t.Helper()
	ta := newTestApp(t)
	ta.mustDesk("init", "--name", "Rencontres Geotrek", "--days", "2026-10-14,2026-10-15")
	ta.withSessions(workshopsYAML)
	export, err := os.ReadFile(filepath.Join("..", "..", "testdata", "exports", "workshops_fr.csv"))
	if err != nil {
		t.Fatal(err)
	}
	ta.mustDesk("import", ta.write("export.csv", string(export)))
	people := map[string]checkin.Registrant{}
	for _, r := range ta.registrants() {
		people[r.LastName] = r
	}
	sessions := sessionsOf(ta.config())
	deployer := sessions[0]
	store, err := db.Open(context.Background(), filepath.Join(ta.dir, "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	at := func(h, m int) time.Time { return time.Date(2026, 10, 15, h-2, m, 0, 0, time.UTC) } // Paris is UTC+2 in October
	for i, s := range []struct {
		who         string
		at          time.Time
		exit, force bool
		want        checkin.Outcome
	}{
		{"Le Roux", at(9, 5), false, false, checkin.CheckedIn},
		{"Dubois", at(9, 15), false, false, checkin.CheckedIn},
		{"Benali", at(9, 20), false, true, checkin.CheckedIn},
		{"Dubois", at(11, 30), true, false, checkin.LeftSession},
	} {
		res, err := store.Scan(context.Background(), checkin.ScanRequest{Input: string(people[s.who].Code), Desk: "Durance",
			Nonce: fmt.Sprint("s", i), At: s.at, Policy: checkin.HealthPassOff, Session: &deployer, Exit: s.exit, Force: s.force,
			Organiser: s.force, Registered: func(r checkin.Registrant) bool { return r.RegisteredForSession(deployer.ID, sessions) }})
		if err != nil || res.Outcome != s.want {
			t.Fatalf("%s into deployer: %v %v, want %s", s.who, res.Outcome, err, s.want)
		}
	}
	return ta, people
}

// pdfText is the text of a PDF, its runs of spaces and lines as one space.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed")
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// readCSV parses a CSV as French Excel would: it must start with a BOM
// and be separated by semicolons.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text, ok := strings.CutPrefix(string(b), "\ufeff")
	if !ok {
		t.Fatalf("%s has no byte-order mark: French Excel would garble the accents", path)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = ';'
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return records
}

// column is the value of the header's column in record.
func column(t *testing.T, header, record []string, name string) string {
	t.Helper()
	for i, h := range header {
		if h == name {
			return record[i]
		}
	}
	t.Fatalf("no column %q in %q", name, header)
	return ""
}

func TestSessionReport(t *testing.T) {
	ta, _ := workshopEvent(t)
	pdf := filepath.Join(ta.dir, "deployer.pdf")
	msg := ta.mustDesk("report", "--session", "deployer", "--format", "pdf", "--out", pdf)
	if !strings.Contains(msg, "3 registered, 3 came (1 without registering)") {
		t.Errorf("report says %q", msg)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"Déployer Geotrek sur votre serveur", "jeudi 15 octobre 2026", "09:00 – 12:00", "Salle Durance", "Capacité 3",
		"Inscrits 3", "Présents 3", "dont venus sans inscription 1", "Inscrits absents 1", "Sortis avant la fin 1",
		"Le Roux Anne PNR du Queyras", "09:05", "Dubois François SM Gorges du Verdon 09:15 11:30", "Benali Nadia", "non (admis)", "Roux Lucie"} {
		if !strings.Contains(text, want) {
			t.Errorf("the session's PDF lacks %q:\n%s", want, text)
		}
	}

	out := filepath.Join(ta.dir, "deployer.csv")
	ta.mustDesk("report", "--session", "deployer", "--format", "csv", "--out", out)
	records := readCSV(t, out)
	header, rows := records[0], map[string][]string{}
	for _, r := range records[1:] {
		rows[column(t, header, r, "nom")] = r
	}
	if len(records) != 5 || len(rows) != 4 {
		t.Fatalf("want one row per person registered or present (4), got %q", records)
	}
	for _, tt := range []struct{ who, col, want string }{
		{"Le Roux", "entrée", "09:05"}, {"Le Roux", "inscrit", "oui"}, {"Le Roux", "atelier", "Déployer Geotrek sur votre serveur"},
		{"Dubois", "sortie", "11:30"}, {"Benali", "inscrit", "non"}, {"Benali", "admis sans inscription", "oui"},
		{"Roux", "présent", "non"}, {"Roux", "entrée", ""},
	} {
		if got := column(t, header, rows[tt.who], tt.col); got != tt.want {
			t.Errorf("%s, %s: %q, want %q", tt.who, tt.col, got, tt.want)
		}
	}

	_, err := ta.desk("report", "--session", "nope", "--format", "csv", "--out", out)
	if err == nil || !strings.Contains(err.Error(), `"nope"`) || !strings.Contains(err.Error(), "deployer, saisie, rando") {
		t.Errorf("an unknown session: %v", err)
	}
	if _, err := ta.desk("report", "--session", "deployer", "--day", "2026-10-15", "--out", out); err == nil {
		t.Error("--session with --day accepted")
	}
}

func TestDayReportWithSessions(t *testing.T) {
	ta, _ := workshopEvent(t)
	pdf := filepath.Join(ta.dir, "jour2.pdf")
	ta.mustDesk("report", "--day", "2026-10-15", "--format", "pdf", "--out", pdf)
	text := pdfText(t, pdf)
	for _, want := range []string{"Ateliers", "09:00–12:00 Déployer Geotrek sur votre serveur Durance 3 3 3",
		"Données touristiques et APIDAE Asse 2 0 sans limite"} {
		if !strings.Contains(text, want) {
			t.Errorf("the day's PDF lacks %q:\n%s", want, text)
		}
	}

	out := filepath.Join(ta.dir, "presence.csv")
	msg := ta.mustDesk("report", "--all", "--format", "csv", "--out", out)
	if !strings.Contains(msg, "presence-sessions.csv: 8 sessions") {
		t.Errorf("report says %q", msg)
	}
	records := readCSV(t, out)
	header := records[0]
	seen := 0
	for _, r := range records[1:] {
		if column(t, header, r, "nom") != "Le Roux" {
			continue
		}
		want := map[string]string{"2026-10-14": "", "2026-10-15": "Déployer Geotrek sur votre serveur"}[column(t, header, r, "jour")]
		if got := column(t, header, r, "ateliers suivis"); got != want {
			t.Errorf("Anne on %s: sessions %q, want %q", r[0], got, want)
		}
		seen++
	}
	if seen != 2 {
		t.Fatalf("Anne has %d rows, want 2:\n%q", seen, records)
	}
	sessions := readCSV(t, filepath.Join(ta.dir, "presence-sessions.csv"))
	if len(sessions) != 9 {
		t.Fatalf("want a header and 8 sessions, got %q", sessions)
	}
	for _, tt := range []struct{ col, want string }{{"atelier", "Déployer Geotrek sur votre serveur"}, {"inscrits", "3"}, {"présents", "3"},
		{"capacité", "3"}, {"venus sans inscription", "1"}, {"sortis", "1"}, {"début", "09:00"}, {"salle", "Durance"}} {
		if got := column(t, sessions[0], sessions[1], tt.col); got != tt.want {
			t.Errorf("deployer's %s: %q, want %q", tt.col, got, tt.want)
		}
	}
}

func TestCertificatesListSessions(t *testing.T) {
	ta, _ := workshopEvent(t)
	t.Setenv("DESK_EVENT_ORGANISER", "Marie Dupont")
	out := filepath.Join(ta.dir, "c.pdf")
	ta.mustDesk("certificates", "--all", "--out", out)
	text := pdfText(t, out)
	if want := "Anne Le Roux (PNR du Queyras) a participé à « Rencontres Geotrek » le jeudi 15 octobre 2026. Ateliers suivis : – Déployer Geotrek sur votre serveur, jeudi 15 octobre 2026, 09:00–12:00"; !strings.Contains(text, want) {
		t.Errorf("the certificate lacks %q:\n%s", want, text)
	}
	t.Setenv("DESK_EVENT_LANGUAGE", "en")
	ta.mustDesk("certificates", "--day", "2026-10-15", "--out", out)
	if want := "Sessions attended: – Déployer Geotrek sur votre serveur, Thursday 15 October 2026, 09:00–12:00"; !strings.Contains(pdfText(t, out), want) {
		t.Errorf("the English certificate lacks %q", want)
	}
}

func TestBadgesShowSessions(t *testing.T) {
	ta, people := workshopEvent(t)
	out := filepath.Join(ta.dir, "b.pdf")
	anne := people["Le Roux"].Code.Grouped()
	ta.mustDesk("badges", "--out", out, "--layout", "single", "--code", anne)
	if strings.Contains(pdfText(t, out), "Déployer") {
		t.Fatal("sessions printed without badges.show_sessions")
	}
	t.Setenv("DESK_BADGES_SHOW_SESSIONS", "true")
	for _, layout := range []string{"single", "a4-4"} {
		ta.mustDesk("badges", "--out", out, "--layout", layout, "--code", anne)
		text := pdfText(t, out)
		for _, want := range []string{"Anne", "09:00 Déployer Geotrek", "09:00 Cartographie et fonds de carte", "09:00 Signalétique"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the badge lacks %q:\n%s", layout, want, text)
			}
		}
	}
}

func TestExportAndPurgeCoverSessions(t *testing.T) {
	ta, people := workshopEvent(t)
	export := ta.mustDesk("export", "--person", "f.dubois@example.fr")
	for _, want := range []string{`"session": "deployer"`, `"session_name": "Déployer Geotrek sur votre serveur"`, `"left_at": "2026-10-15T09:30:00`,
		`"sessions_registered": [`, `"id": "deployer"`, `"Atelier 9 : Drones et photos aériennes"`} {
		if !strings.Contains(export, want) {
			t.Errorf("the export lacks %s:\n%s", want, export)
		}
	}
	ta.mustDesk("purge", "--person", people["Dubois"].Code.Grouped(), "--yes")
	out := filepath.Join(ta.dir, "deployer.csv")
	ta.mustDesk("report", "--session", "deployer", "--format", "csv", "--out", out)
	records := readCSV(t, out)
	var erased []string
	for _, r := range records[1:] {
		if strings.Contains(strings.Join(r, ";"), "Dubois") || strings.Contains(strings.Join(r, ";"), "François") {
			t.Errorf("the purged person is still named: %q", r)
		}
		if column(t, records[0], r, "nom") == "(effacé)" {
			erased = r
		}
	}
	if len(records) != 5 || erased == nil || column(t, records[0], erased, "sortie") != "11:30" {
		t.Errorf("after the purge the session keeps its 4 lines, one erased with its times: %q", records)
	}
}
