package checkin_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
)

// Two sessions of the 15th and one of the 14th; "carto" is chosen by a
// choice in the form's own wording.
var (
	reportSessions = []checkin.Session{
		{ID: "deployer", Name: "Déployer Geotrek", Day: "2026-10-15", Start: "09:00", End: "12:00", Room: "Durance", Capacity: 2},
		{ID: "carto", Name: "Cartographie", Day: "2026-10-15", Start: "14:00", End: "17:00", Room: "Verdon"},
		{ID: "pleniere", Name: "Plénière", Day: "2026-10-14", Start: "09:00", End: "17:00", Room: "Grande salle"},
	}
	reportPeople = []checkin.Registrant{
		{ID: 1, Code: "BBBBBBBBBBBBBBBBBBBB", FirstName: "Anne", LastName: "Le Roux", Choices: []string{"Atelier 1 : Déployer Geotrek (à confirmer)", "A2 - Cartographie"}},
		{ID: 2, Code: "CCCCCCCCCCCCCCCCCCCC", FirstName: "Élise", LastName: "Blanc", Choices: []string{"Déployer Geotrek"}},
		{ID: 3, Code: "DDDDDDDDDDDDDDDDDDDD", FirstName: "=1+2", LastName: "Nadeau"},
		{ID: 4, Code: "FFFFFFFFFFFFFFFFFFFF", FirstName: "Paul", LastName: "Annulé", Choices: []string{"Déployer Geotrek"}, Cancelled: true},
	}
)

func reportVisits() []checkin.Visit {
	at := func(h, m int) time.Time { return time.Date(2026, 10, 15, h-2, m, 0, 0, time.UTC) }
	return []checkin.Visit{
		{Registrant: 1, Code: "BBBBBBBBBBBBBBBBBBBB", Session: "deployer", Day: "2026-10-15", At: at(10, 0), LeftAt: at(11, 0)},
		{Registrant: 3, Code: "DDDDDDDDDDDDDDDDDDDD", Session: "deployer", Day: "2026-10-15", At: at(9, 30), Forced: true},
		{Registrant: 1, Code: "BBBBBBBBBBBBBBBBBBBB", Session: "deployer", Day: "2026-10-15", At: at(9, 5), LeftAt: at(9, 50)}, // first stay
		{Registrant: 1, Code: "BBBBBBBBBBBBBBBBBBBB", Session: "carto", Day: "2026-10-15", At: at(14, 2)},
		{Registrant: 1, Code: "BBBBBBBBBBBBBBBBBBBB", Session: "pleniere", Day: "2026-10-14", At: at(9, 0).AddDate(0, 0, -1)},
		{Registrant: 1, Code: "BBBBBBBBBBBBBBBBBBBB", Session: "gone", Day: "2026-10-15", At: at(16, 0)}, // no longer in desk.yaml
	}
}

func TestSessionReports(t *testing.T) {
	reps := checkin.SessionReports(reportSessions, reportPeople, reportVisits())
	if len(reps) != 3 || reps[0].Session.ID != "deployer" || reps[1].Session.ID != "carto" {
		t.Fatalf("reports %+v", reps)
	}
	d := reps[0]
	if d.Registered != 2 || d.Came != 2 || d.NoShow != 1 || d.Unregistered != 1 || d.Left != 1 {
		t.Errorf("deployer: registered %d came %d no-show %d unregistered %d left %d, want 2 2 1 1 1",
			d.Registered, d.Came, d.NoShow, d.Unregistered, d.Left)
	}
	var names []string
	for _, p := range d.People {
		names = append(names, p.LastName)
	}
	if strings.Join(names, ",") != "Blanc,Le Roux,Nadeau" {
		t.Fatalf("people %q, want Blanc, Le Roux, Nadeau (the cancelled one left out)", names)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	anne, nadeau := d.People[1], d.People[2]
	for _, tt := range []struct {
		name      string
		got, want string
	}{
		{"Anne's first entry", anne.CameAt.In(paris).Format("15:04"), "09:05"},
		{"Anne's exit from her last stay", anne.LeftAt.In(paris).Format("15:04"), "11:00"},
		{"Nadeau still in", nadeau.LeftAt.Format("15:04"), time.Time{}.Format("15:04")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("%s, want %s", tt.got, tt.want)
			}
		})
	}
	if !nadeau.Forced || nadeau.Registered || d.People[0].Came() {
		t.Errorf("Nadeau %+v, Blanc %+v", nadeau, d.People[0])
	}
	if c := reps[1]; c.Registered != 1 || c.Came != 1 || c.Left != 0 {
		t.Errorf("carto %+v", c)
	}
}

func TestAttendedAndTheSessionsColumn(t *testing.T) {
	attended := checkin.Attended(reportVisits(), reportSessions)
	var got []string
	for _, s := range attended["BBBBBBBBBBBBBBBBBBBB"] {
		got = append(got, s.Name)
	}
	if strings.Join(got, "|") != "Plénière|Déployer Geotrek|Cartographie|gone" {
		t.Fatalf("Anne attended %q: by day and time, each once, an unknown session by its id", got)
	}
	rows := []checkin.Attendance{
		{Day: "2026-10-14", Code: "BBBBBBBBBBBBBBBBBBBB", LastName: "Le Roux", Registered: true},
		{Day: "2026-10-15", Code: "BBBBBBBBBBBBBBBBBBBB", LastName: "Le Roux", Registered: true},
		{Day: "2026-10-15", Code: "CCCCCCCCCCCCCCCCCCCC", LastName: "Blanc", Registered: true},
	}
	checkin.AddSessions(rows, attended)
	paris, _ := time.LoadLocation("Europe/Paris")
	for _, tt := range []struct {
		name     string
		sessions bool
		want     []string // the last column of each row
	}{
		{"with sessions", true, []string{"ateliers suivis", "Plénière", "Déployer Geotrek; Cartographie; gone", ""}},
		{"without", false, []string{"code", "BBBBBBBBBBBBBBBBBBBB", "BBBBBBBBBBBBBBBBBBBB", "CCCCCCCCCCCCCCCCCCCC"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := checkin.WriteAttendanceCSV(&buf, rows, paris, checkin.AttendanceColumns{Sessions: tt.sessions}); err != nil {
				t.Fatal(err)
			}
			records := parseCSV(t, buf.Bytes())
			for i, r := range records {
				if got := r[len(r)-1]; got != tt.want[i] {
					t.Errorf("row %d ends with %q, want %q", i, got, tt.want[i])
				}
			}
		})
	}
}

func TestSessionCSVs(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	reps := checkin.SessionReports(reportSessions, reportPeople, reportVisits())
	var buf bytes.Buffer
	if err := checkin.WriteSessionCSV(&buf, reps[0], paris); err != nil {
		t.Fatal(err)
	}
	records := parseCSV(t, buf.Bytes())
	want := [][]string{
		{"atelier", "jour", "nom", "prénom", "organisme", "catégorie", "inscrit", "présent", "entrée", "sortie", "admis sans inscription"},
		{"Déployer Geotrek", "2026-10-15", "Blanc", "Élise", "", "", "oui", "non", "", "", "non"},
		{"Déployer Geotrek", "2026-10-15", "Le Roux", "Anne", "", "", "oui", "oui", "09:05", "11:00", "non"},
		{"Déployer Geotrek", "2026-10-15", "Nadeau", "'=1+2", "", "", "non", "oui", "09:30", "", "oui"},
	}
	if strings.Join(flatten(records), "|") != strings.Join(flatten(want), "|") {
		t.Errorf("session CSV\n%q\nwant\n%q", records, want)
	}
	buf.Reset()
	if err := checkin.WriteSessionsCSV(&buf, reps); err != nil {
		t.Fatal(err)
	}
	records = parseCSV(t, buf.Bytes())
	if len(records) != 4 || strings.Join(records[1], ";") != "2026-10-15;09:00;12:00;Déployer Geotrek;Durance;2;2;2;1;1;1;deployer" ||
		records[2][5] != "sans limite" {
		t.Errorf("sessions CSV %q", records)
	}
}

// parseCSV reads a CSV as French Excel does: a BOM, then semicolons.
func parseCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Fatal("no byte-order mark")
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

func flatten(records [][]string) []string {
	var out []string
	for _, r := range records {
		out = append(out, strings.Join(r, ";"))
	}
	return out
}
