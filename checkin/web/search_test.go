package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
	"github.com/desk-event/desk/checkin/web"
	"github.com/desk-event/desk/db"
)

// namesStore is the real database, counting the reads of everyone's names
// (one per build of the search index). Builds numbered from holdFrom on
// say so on entered and wait for release.
type namesStore struct {
	*db.DB
	builds   atomic.Int32
	built    chan int32 // the number of each build that ended
	holdFrom int32      // 0: never hold
	entered  chan struct{}
	release  chan struct{}
}

func (s *namesStore) RegistrantNames(ctx context.Context, each func(id int64, first, last, org string)) error {
	n := s.builds.Add(1)
	if s.holdFrom > 0 && n >= s.holdFrom {
		s.entered <- struct{}{}
		<-s.release
	}
	err := s.DB.RegistrantNames(ctx, each)
	s.built <- n
	return err
}

// newSearchFixture is a service on a database of these people, through a
// namesStore.
func newSearchFixture(t *testing.T, holdFrom int32, people ...checkin.Registrant) (*fixture, *web.Server, *namesStore) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	d.SetDays(ctx, []checkin.Day{day, "2026-10-15"})
	rows := make([]importer.Row, len(people))
	for i, p := range people {
		rows[i] = importer.Row{Row: i + 2, Registrant: p}
	}
	if _, err := d.Import(ctx, rows, importer.ReconcileOptions{Now: clock, Rand: rand.NewChaCha8([32]byte{1})}, false); err != nil {
		t.Fatal(err)
	}
	store := &namesStore{DB: d, built: make(chan int32, 100), holdFrom: holdFrom, entered: make(chan struct{}), release: make(chan struct{})}
	now := clock
	f := &fixture{logs: &bytes.Buffer{}, codes: map[string]string{}, now: &now, path: path}
	rs, _ := d.Registrants(ctx)
	for _, r := range rs {
		f.codes[r.FirstName] = string(r.Code)
	}
	s := web.New(web.Options{Store: store, Credentials: secret, Policy: checkin.HealthPassOff,
		Today: func() checkin.Day { return day }, Now: func() time.Time { return *f.now },
		Rand: rand.NewChaCha8([32]byte{2}), Log: slog.New(slog.NewTextHandler(f.logs, nil)), Limits: unlimited})
	f.srv = httptest.NewServer(s.Handler())
	t.Cleanup(f.srv.Close)
	return f, s, store
}

// unlimited lifts the per-session rate limits, for tests of something
// else that search or scan in a loop on a clock that does not move.
var unlimited = web.Limits{Scans: web.Rate{Every: time.Nanosecond, Burst: 1 << 30},
	Searches: web.Rate{Every: time.Nanosecond, Burst: 1 << 30}, WalkIns: web.Rate{Every: time.Nanosecond, Burst: 1 << 30}}

func person(first, last, email string, days ...checkin.Day) checkin.Registrant {
	return checkin.Registrant{FirstName: first, LastName: last, Email: email, Organisation: "Mairie", Days: days}
}

// found is the full names a search answered, in order, and its results.
func found(t *testing.T, f *fixture, c *http.Client, q string) ([]string, []map[string]any) {
	t.Helper()
	status, names, results := search(t, f, c, q)
	if status != http.StatusOK {
		t.Fatalf("q=%q: %d", q, status)
	}
	return names, results
}

// search is found for other goroutines than the test's: it never stops the test.
func search(t *testing.T, f *fixture, c *http.Client, q string) (int, []string, []map[string]any) {
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/registrants?q="+url.QueryEscape(q), nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Error(err)
		return 0, nil, nil
	}
	defer resp.Body.Close()
	var out struct{ Registrants []map[string]any }
	json.NewDecoder(resp.Body).Decode(&out)
	var names []string
	for _, m := range out.Registrants {
		names = append(names, fmt.Sprint(m["first_name"], " ", m["last_name"]))
	}
	return resp.StatusCode, names, out.Registrants
}

// TestSearchFoldsAsPeopleType: ligatures, apostrophes and hyphens, typed
// or not, find the name as the export wrote it; results come in name order.
func TestSearchFoldsAsPeopleType(t *testing.T) {
	f, _, _ := newSearchFixture(t, 0,
		person("Moussa", "N’Diaye", "m@example.fr", day), person("Aïssatou", "N'Diaye", "a@example.fr", day),
		person("Paul", "Dœuvre", "p@example.fr", day), person("Lætitia", "Martin", "l@example.fr", day),
		person("Jean-Pierre", "Le Roux", "j@example.fr", day), person("Anne", "Diaz", "d@example.fr", day))
	a := f.desk(t, "A")
	tests := []struct {
		q    string
		want []string
	}{
		{"ndiaye", []string{"Aïssatou N'Diaye", "Moussa N’Diaye"}},
		{"N'DIAYE", []string{"Aïssatou N'Diaye", "Moussa N’Diaye"}},
		{"n’diaye moussa", []string{"Moussa N’Diaye"}},
		{"doeuvre", []string{"Paul Dœuvre"}},
		{"DŒUVRE", []string{"Paul Dœuvre"}},
		{"laetitia", []string{"Lætitia Martin"}},
		{"jeanpierre", []string{"Jean-Pierre Le Roux"}},
		{"jean-pierre le roux", []string{"Jean-Pierre Le Roux"}},
		{"leroux", []string{"Jean-Pierre Le Roux"}},
		{"mairie", []string{"Anne Diaz", "Paul Dœuvre", "Jean-Pierre Le Roux", "Lætitia Martin", "Aïssatou N'Diaye", "Moussa N’Diaye"}},
		{"diay", []string{"Aïssatou N'Diaye", "Moussa N’Diaye"}},
		{"zzz", nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got, _ := found(t, f, a, tt.q); !slices.Equal(got, tt.want) {
				t.Errorf("q=%q: %q, want %q", tt.q, got, tt.want)
			}
		})
	}
}

// TestSearchSaysWhoMayComeIn: each result says whether the person is
// cancelled, expected today and on which days, and today's live arrival
// (time and desk), so that the desk offers a check-in only where it makes
// sense.
func TestSearchSaysWhoMayComeIn(t *testing.T) {
	cancelled := person("Annulé", "Dupuis", "b@example.fr", day)
	cancelled.Cancelled = true
	f, _, _ := newSearchFixture(t, 0,
		person("Arrivée", "Dupuis", "a@example.fr", day, "2026-10-15"), cancelled,
		person("Demain", "Dupuis", "c@example.fr", "2026-10-15"), person("Défait", "Dupuis", "d@example.fr", day))
	desk := f.desk(t, "Entrée A")
	if _, out := f.post(t, desk, "/api/checkins", map[string]any{"code": f.codes["Arrivée"], "nonce": "s1"}); out["outcome"] != "checked_in" {
		t.Fatalf("check-in: %v", out)
	}
	_, out := f.post(t, desk, "/api/checkins", map[string]any{"code": f.codes["Défait"], "nonce": "s2"})
	undo := fmt.Sprintf("/api/checkins/%v/undo", out["check_in"].(map[string]any)["id"])
	if status, out := f.post(t, desk, undo, nil); status != 200 {
		t.Fatalf("undo: %d %v", status, out)
	}
	names, results := found(t, f, desk, "dupuis")
	want := map[string]string{
		"Annulé Dupuis":  `cancelled=true today=true days=[2026-10-14] in=<nil>`,
		"Arrivée Dupuis": `cancelled=false today=true days=[2026-10-14 2026-10-15] in=2026-10-14T07:30:00Z at Entrée A`,
		"Demain Dupuis":  `cancelled=false today=false days=[2026-10-15] in=<nil>`,
		"Défait Dupuis":  `cancelled=false today=true days=[2026-10-14] in=<nil>`,
	}
	if len(results) != len(want) {
		t.Fatalf("found %q", names)
	}
	for i, r := range results {
		got := fmt.Sprintf("cancelled=%v today=%v days=%v in=", r["cancelled"], r["registered_today"], r["days"])
		if in, ok := r["checked_in"].(map[string]any); ok {
			got += fmt.Sprint(in["at"], " at ", in["desk"])
			if in["id"] == nil || in["id"].(float64) <= 0 {
				t.Errorf("%s: check-in without its id: %v", names[i], in)
			}
		} else {
			got += fmt.Sprint(r["checked_in"])
		}
		if got != want[names[i]] {
			t.Errorf("%s: %s, want %s", names[i], got, want[names[i]])
		}
		if r["code"] != nil || r["person"] == "" { // a desk gets a handle, never the badge code
			t.Errorf("%s: code %v, person %v", names[i], r["code"], r["person"])
		}
	}
}

// waitBuilt waits until the index build numbered n has ended.
func waitBuilt(t *testing.T, s *namesStore, n int32) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case got := <-s.built:
			if got >= n {
				return
			}
		case <-deadline:
			t.Fatalf("the search index was never built (build %d)", n)
		}
	}
}

// TestSearchIndexIsReadyAtStart: Start builds the index before anyone
// searches, and the first search uses it rather than building its own.
func TestSearchIndexIsReadyAtStart(t *testing.T) {
	f, s, store := newSearchFixture(t, 0, person("Hélène", "Müller", "h@example.fr", day))
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	s.Start(ctx)
	waitBuilt(t, store, 1)
	if names, _ := found(t, f, f.desk(t, "A"), "helene"); !slices.Equal(names, []string{"Hélène Müller"}) {
		t.Fatalf("found %q", names)
	}
	if n := store.builds.Load(); n != 1 {
		t.Fatalf("%d builds of the index, want 1: the first search built its own", n)
	}
}

// TestSearchDuringARebuild: when the registrants change, the search that
// notices rebuilds the index and finds the newcomer; another search
// meanwhile answers at once from the previous index.
func TestSearchDuringARebuild(t *testing.T) {
	f, _, store := newSearchFixture(t, 2, person("Bob", "Nadeau", "b@example.fr", day))
	a := f.desk(t, "A")
	if names, _ := found(t, f, a, "nadeau"); len(names) != 1 {
		t.Fatalf("first search: %q", names)
	}
	w, _ := checkin.NewWalkIn("Zoé", "Nadeau", "", "", "", day)
	if _, err := store.AddWalkIn(context.Background(), w, "w-zoe", clock, rand.NewChaCha8([32]byte{4})); err != nil {
		t.Fatal(err)
	}
	leader := make(chan []string)
	go func() {
		_, names, _ := search(t, f, a, "nadeau")
		leader <- names
	}()
	select {
	case <-store.entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the search did not rebuild the index after a walk-in")
	}
	other, b := make(chan []string), f.desk(t, "B")
	go func() {
		_, names, _ := search(t, f, b, "nadeau")
		other <- names
	}()
	select {
	case names := <-other:
		if !slices.Equal(names, []string{"Bob Nadeau"}) {
			t.Errorf("during the rebuild: %q, want the previous index's answer", names)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a search waited for another desk's rebuild")
	}
	close(store.release)
	if names := <-leader; !slices.Equal(names, []string{"Bob Nadeau", "Zoé Nadeau"}) {
		t.Errorf("after the rebuild: %q", names)
	}
}

// TestSearchWhileRegistrantsChange: desks search while walk-ins are added;
// every answer is whole and sorted, the index is rebuilt at most once per
// change, and the last walk-in is found. Run with -race.
func TestSearchWhileRegistrantsChange(t *testing.T) {
	f, _, store := newSearchFixture(t, 0, person("Bob", "Nadeau", "b@example.fr", day))
	const walkIns, desks = 10, 4
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for i := range desks {
		c := f.desk(t, fmt.Sprint("desk ", i))
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				status, names, _ := search(t, f, c, "nadeau")
				if status != http.StatusOK || len(names) == 0 || !slices.IsSorted(names[1:]) || names[0] != "Bob Nadeau" {
					t.Errorf("answer %d %q", status, names)
					return
				}
			}
		})
	}
	for i := range walkIns {
		w, _ := checkin.NewWalkIn(fmt.Sprint("Zoé ", i), "Nadeau", "", "", "", day)
		if _, err := store.AddWalkIn(context.Background(), w, fmt.Sprint("w", i), clock, rand.NewChaCha8([32]byte{byte(i)})); err != nil {
			t.Fatal(err)
		}
	}
	last, deadline := f.desk(t, "last"), time.Now().Add(10*time.Second)
	for names, _ := found(t, f, last, "nadeau"); len(names) != 1+walkIns; names, _ = found(t, f, last, "nadeau") {
		if time.Now().After(deadline) {
			t.Fatalf("the walk-ins are not all found: %q", names)
		}
	}
	close(stop)
	wg.Wait()
	if n := store.builds.Load(); n > 1+walkIns {
		t.Errorf("%d builds for %d changes", n, walkIns)
	}
}

// TestSearchSaysWhenThereAreMore: a common name matches more people than
// a desk is shown; the answer says so, for the desk to ask for more letters.
func TestSearchSaysWhenThereAreMore(t *testing.T) {
	var people []checkin.Registrant
	for i := range 25 {
		people = append(people, person(fmt.Sprint("Anne", i), "Parc", fmt.Sprintf("p%d@example.fr", i), day))
	}
	f, _, _ := newSearchFixture(t, 0, people...)
	a := f.desk(t, "A")
	for q, want := range map[string]bool{"parc": true, "parc anne17": false} {
		_, out := f.get(t, a, "/api/registrants?q="+url.QueryEscape(q))
		if rows := out["registrants"].([]any); out["more"] != want || want && len(rows) != 20 {
			t.Errorf("q=%q: %d rows, more=%v; want more=%v", q, len(rows), out["more"], want)
		}
	}
}
