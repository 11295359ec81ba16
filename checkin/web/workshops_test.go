package web_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/web"
	"github.com/desk-event/desk/db"
)

// The morning of the reference event: two workshops at the same time,
// and the afternoon's.
var workshops = []checkin.Session{
	{ID: "deployer", Name: "Déployer Geotrek", Room: "Salle Durance", Day: day, Start: "09:00", End: "12:00", Capacity: 10},
	{ID: "cartes", Name: "Cartes", Room: "Salle Verdon", Day: day, Start: "10:00", End: "11:00"},
	{ID: "apres", Name: "L'après-midi", Room: "Salle Durance", Day: day, Start: "14:00", End: "17:00", Capacity: 30},
	{ID: "midi", Name: "Déjeuner-débat", Room: "Salle Verdon", Day: day, Start: "12:00", End: "13:00", Capacity: 1},
}

// newWorkshopFixture is the fixture with the workshops, and people named
// Inscrit... registered for every one of them.
func newWorkshopFixture(t *testing.T) *fixture {
	return newFixtureWith(t, checkin.HealthPassRecord, func(o *web.Options) {
		o.Sessions = workshops
		o.RegisteredFor = func(r checkin.Registrant, _ checkin.Session) bool { return strings.HasPrefix(r.LastName, "Inscrit") }
		o.Limits = web.Limits{Scans: web.Rate{Every: 1, Burst: 1 << 20}}
	})
}

// people registers n more people for today, named last+number, and
// returns their codes.
func (f *fixture) people(t *testing.T, n int, last string) []string {
	t.Helper()
	codes := make([]string, n)
	for i := range codes {
		r, err := f.store.AddWalkIn(context.Background(), checkin.Registrant{FirstName: fmt.Sprint("P", i), LastName: fmt.Sprint(last, i),
			Days: []checkin.Day{day}}, fmt.Sprint(last, "-", i), clock, rand.NewChaCha8([32]byte{byte(i), byte(len(last)), 7}))
		if err != nil {
			t.Fatal(err)
		}
		codes[i] = string(r.Code)
	}
	return codes
}

// count runs a count(*) query on the fixture's database file.
func (f *fixture) count(t *testing.T, query string) int {
	t.Helper()
	raw, err := db.OpenRaw(f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *fixture) sessionStats(t *testing.T, c *http.Client, id string) (present, registered, capacity int) {
	t.Helper()
	status, out := f.get(t, c, "/api/stats?session="+id)
	if status != 200 {
		t.Fatalf("stats of %s: %d %v", id, status, out)
	}
	return int(out["present"].(float64)), int(out["registered"].(float64)), int(out["capacity"].(float64))
}

// TestSixteenDesksFillASession: 16 desks check 40 registered people into
// a session of 10 at once. Exactly 10 get in, the others hear that it is
// full, and nobody ever counts more than 10 inside.
func TestSixteenDesksFillASession(t *testing.T) {
	f := newWorkshopFixture(t)
	codes := f.people(t, 40, "Inscrit")
	desks := make([]*http.Client, 16)
	for i := range desks {
		desks[i] = f.desk(t, fmt.Sprint("Porte ", i))
	}
	watcher := f.desk(t, "Tableau")
	done := make(chan struct{})
	over := make(chan int, 1)
	go func() { // a dashboard polling as the desks scan
		defer close(over)
		for {
			select {
			case <-done:
				return
			default:
			}
			status, out := f.get(t, watcher, "/api/stats?session=deployer")
			if present, _ := out["present"].(float64); status != 200 || present > 10 {
				over <- int(present)
				return
			}
		}
	}()
	outcomes := make(chan string, len(codes))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for d, c := range desks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := d; i < len(codes); i += len(desks) {
				_, out := f.post(t, c, "/api/checkins", map[string]any{"code": codes[i], "nonce": fmt.Sprint("race-", i), "session": "deployer"})
				outcomes <- fmt.Sprint(out["outcome"])
			}
		}()
	}
	close(start)
	wg.Wait()
	close(done)
	close(outcomes)
	count := map[string]int{}
	for o := range outcomes {
		count[o]++
	}
	if n, seen := <-over; seen {
		t.Fatalf("%d people counted in a session of 10", n)
	}
	if count["checked_in"] != 10 || count["session_full"] != 30 {
		t.Fatalf("outcomes %v, want 10 checked_in and 30 session_full", count)
	}
	if present, registered, capacity := f.sessionStats(t, watcher, "deployer"); present != 10 || registered != 40 || capacity != 10 {
		t.Fatalf("present %d, registered %d, capacity %d; want 10, 40, 10", present, registered, capacity)
	}
}

// TestRacingScansOfOneBadgeIntoASession: 16 desks scan the same badge
// into one session at once: one check-in, one arrival.
func TestRacingScansOfOneBadgeIntoASession(t *testing.T) {
	f := newWorkshopFixture(t)
	code := f.people(t, 1, "Inscrit")[0]
	outcomes := make(chan string, 16)
	var wg sync.WaitGroup
	for d := range 16 {
		c := f.desk(t, fmt.Sprint("Porte ", d))
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, out := f.post(t, c, "/api/checkins", map[string]any{"code": code, "nonce": fmt.Sprint("one-", d), "session": "apres"})
			outcomes <- fmt.Sprint(out["outcome"])
		}()
	}
	wg.Wait()
	close(outcomes)
	count := map[string]int{}
	for o := range outcomes {
		count[o]++
	}
	if count["checked_in"] != 1 || count["already_checked_in"] != 15 {
		t.Fatalf("outcomes %v", count)
	}
	rows, arrivals := f.count(t, `SELECT count(*) FROM check_ins WHERE session_id = 'apres'`), f.count(t, `SELECT count(*) FROM check_ins WHERE session_id IS NULL`)
	if rows != 1 || arrivals != 1 {
		t.Fatalf("%d check-ins into the session and %d arrivals, want 1 and 1", rows, arrivals)
	}
}

// TestScanningAtASessionDoor goes through a morning at the workshops'
// doors as the API shows it.
func TestScanningAtASessionDoor(t *testing.T) {
	f := newWorkshopFixture(t)
	in, out := f.people(t, 2, "Inscrit"), f.people(t, 1, "Autre")
	a := f.desk(t, "Porte Durance")
	scans := 0
	scan := func(c *http.Client, body map[string]any) map[string]any {
		t.Helper()
		scans++
		body["nonce"] = fmt.Sprint("scan-", scans)
		status, res := f.post(t, c, "/api/checkins", body)
		if status != 200 {
			t.Fatalf("%v: %d %v", body, status, res)
		}
		return res
	}
	first := scan(a, map[string]any{"code": in[0], "session": "deployer"})
	sess, _ := first["session"].(map[string]any)
	if first["outcome"] != "checked_in" || first["arrival"] == nil || sess["id"] != "deployer" || sess["name"] != "Déployer Geotrek" ||
		sess["room"] != "Salle Durance" || sess["start"] != "09:00" || sess["end"] != "12:00" {
		t.Fatalf("a first scan at the door: %v", first)
	}
	if res := scan(a, map[string]any{"code": out[0], "session": "deployer"}); res["outcome"] != "not_registered_for_session" {
		t.Fatalf("not registered: %v", res)
	}
	if res := scan(a, map[string]any{"code": out[0], "session": "deployer", "force": true}); res["outcome"] != "checked_in" {
		t.Fatalf("not registered, admitted anyway: %v", res)
	}
	// A move to the workshop of the same time, out, back in, and an undo.
	if res := scan(a, map[string]any{"code": in[0], "session": "cartes"}); res["outcome"] != "checked_in" || res["arrival"] != nil {
		t.Fatalf("move: %v", res)
	}
	if p, _, _ := f.sessionStats(t, a, "deployer"); p != 1 {
		t.Fatalf("%d in deployer after a move, want 1", p)
	}
	left := scan(a, map[string]any{"code": in[0], "session": "cartes", "exit": true})
	if ci, _ := left["check_in"].(map[string]any); left["outcome"] != "left_session" || ci["left_at"] == nil {
		t.Fatalf("exit: %v", left)
	}
	back := scan(a, map[string]any{"code": in[0], "session": "cartes"})
	if p, _, _ := f.sessionStats(t, a, "cartes"); back["outcome"] != "checked_in" || p != 1 {
		t.Fatalf("back in: %v, %d present", back, p)
	}
	id := back["check_in"].(map[string]any)["id"].(float64)
	if status, res := f.post(t, a, fmt.Sprintf("/api/checkins/%d/undo", int64(id)), nil); status != 200 {
		t.Fatalf("undo: %d %v", status, res)
	}
	if p, _, _ := f.sessionStats(t, a, "cartes"); p != 0 {
		t.Fatalf("%d in cartes after the undo", p)
	}
	// Full: a desk cannot force it, the organiser can.
	scan(a, map[string]any{"code": in[1], "session": "midi"})
	if res := scan(a, map[string]any{"code": in[0], "session": "midi", "force": true}); res["outcome"] != "session_full" {
		t.Fatalf("a desk forcing a full session: %v", res)
	}
	if res := scan(f.admin(t), map[string]any{"code": in[0], "session": "midi", "force": true}); res["outcome"] != "checked_in" {
		t.Fatalf("the organiser forcing a full session: %v", res)
	}
	// The day's arrivals: three people, whatever the sessions they went to.
	if _, st := f.get(t, a, "/api/stats"); st["arrived"] != 3.0 {
		t.Fatalf("entrance stats: %v", st["arrived"])
	}
}

func TestSessionsAndTheirCounts(t *testing.T) {
	f := newWorkshopFixture(t)
	codes := f.people(t, 3, "Inscrit")
	a := f.desk(t, "Porte")
	f.post(t, a, "/api/checkins", map[string]any{"code": codes[0], "nonce": "c1", "session": "apres"})
	for _, c := range []*http.Client{a, f.admin(t)} {
		status, out := f.get(t, c, "/api/sessions")
		list, _ := out["sessions"].([]any)
		if status != 200 || len(list) != len(workshops) {
			t.Fatalf("sessions: %d %v", status, out)
		}
		apres := list[2].(map[string]any)
		if apres["id"] != "apres" || apres["present"] != 1.0 || apres["registered"] != 3.0 || apres["capacity"] != 30.0 || apres["day"] != string(day) {
			t.Fatalf("apres: %v", apres)
		}
	}
	if p, r, c := f.sessionStats(t, a, "apres"); p != 1 || r != 3 || c != 30 {
		t.Fatalf("stats: %d %d %d", p, r, c)
	}
	bad := []struct {
		name, method, path string
		body               any
		field              string
	}{
		{"unknown session", "POST", "/api/checkins", map[string]any{"code": codes[1], "nonce": "b1", "session": "nope"}, "session"},
		{"exit without session", "POST", "/api/checkins", map[string]any{"code": codes[1], "nonce": "b2", "exit": true}, "exit"},
		{"stats of an unknown session", "GET", "/api/stats?session=nope", nil, "session"},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			var status int
			var out map[string]any
			if b.method == "GET" {
				status, out = f.get(t, a, b.path)
			} else {
				status, out = f.post(t, a, b.path, b.body)
			}
			if status != 400 || out["field"] != b.field {
				t.Fatalf("%d %v, want 400 naming %s", status, out, b.field)
			}
		})
	}
}
