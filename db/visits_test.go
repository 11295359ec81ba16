package db

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
)

// TestVisits: the session check-ins not undone, with the person's code,
// by time of entry; the entrance's arrivals and undone scans are not
// visits.
func TestVisits(t *testing.T) {
	d, p := event(t)
	ctx := context.Background()
	anne, bob := p["Anne"].Code, p["Bob"].Code
	first := into(anne, deployer, "a1")
	scan(t, d, first) // records Anne's arrival at the entrance too
	exit := into(anne, deployer, "a2")
	exit.Exit, exit.At = true, nine.Add(time.Hour)
	scan(t, d, exit)
	later := into(anne, apres, "a3")
	later.At = nine.Add(5 * time.Hour)
	scan(t, d, later)
	mistake := into(bob, cartes, "b1")
	mistake.At, mistake.Day, mistake.StaffSession = nine.Add(2*time.Hour), days[0], "s1"
	res := scan(t, d, mistake)
	if err := d.Undo(ctx, checkin.Amendment{ID: res.CheckIn.ID, Any: true, Desk: "admin", At: nine.Add(3 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	visits, err := d.Visits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []checkin.Visit{
		{Registrant: p["Anne"].ID, Code: anne, Session: "deployer", Day: days[0], At: nine, LeftAt: nine.Add(time.Hour)},
		{Registrant: p["Anne"].ID, Code: anne, Session: "apres", Day: days[0], At: nine.Add(5 * time.Hour)},
	}
	if len(visits) != len(want) {
		t.Fatalf("visits %+v, want %+v", visits, want)
	}
	for i, v := range visits {
		if w := want[i]; v.Registrant != w.Registrant || v.Code != w.Code || v.Session != w.Session || v.Day != w.Day ||
			!v.At.Equal(w.At) || !v.LeftAt.Equal(w.LeftAt) || v.Forced {
			t.Errorf("visit %d: %+v, want %+v", i, v, w)
		}
	}
}

// TestExportNamesTheSessions: a person's export names the sessions of
// their check-ins, with the time in and out, and the sessions their
// choices register them for.
func TestExportNamesTheSessions(t *testing.T) {
	d, _ := openTest(t)
	ctx := context.Background()
	rows := []importer.Row{chose(row(2, "Wilhelmina", "Zwanenburg", "wilhelmina@example.fr"), "Atelier 1 : Déployer Geotrek", "Atelier 9 : Drones")}
	if _, err := d.Import(ctx, rows, testOpts(1), false); err != nil {
		t.Fatal(err)
	}
	rs, _ := d.Registrants(ctx)
	scan(t, d, into(rs[0].Code, deployer, "w1"))
	exit := into(rs[0].Code, deployer, "w2")
	exit.Exit, exit.At = true, nine.Add(time.Hour)
	scan(t, d, exit)
	export, err := d.ExportPerson(ctx, "wilhelmina@example.fr", all)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Arrivals []struct {
			Session     string `json:"session"`
			SessionName string `json:"session_name"`
			At          string `json:"at"`
			LeftAt      string `json:"left_at"`
		} `json:"arrivals"`
		Registered []struct{ ID, Name, Day, Start, End, Room string } `json:"sessions_registered"`
	}
	if err := json.Unmarshal(export, &got); err != nil {
		t.Fatal(err)
	}
	var visit bool
	for _, a := range got.Arrivals {
		if a.Session == "deployer" {
			visit = a.SessionName == "Déployer Geotrek" && a.At != "" && a.LeftAt != ""
		}
	}
	if !visit {
		t.Errorf("the export lacks the session check-in with its name, time in and out:\n%s", export)
	}
	if len(got.Registered) != 1 || got.Registered[0].ID != "deployer" || got.Registered[0].Name != "Déployer Geotrek" ||
		got.Registered[0].Start != "09:00" || got.Registered[0].Room != "Durance" {
		t.Errorf("sessions registered %+v:\n%s", got.Registered, export)
	}
}
