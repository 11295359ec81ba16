package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"rsc.io/qr"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
	"github.com/desk-event/desk/checkin/web"
	"github.com/desk-event/desk/db"
)

var (
	day    = checkin.Day("2026-10-14")
	clock  = time.Date(2026, 10, 14, 7, 30, 0, 0, time.UTC)
	secret = web.Credentials{AdminPassword: "organiser-secret", DeskPIN: "482913"}
)

type fixture struct {
	srv   *httptest.Server
	logs  *bytes.Buffer
	codes map[string]string // first name -> code
	now   *time.Time
	path  string
	store *db.DB
}

func newFixture(t testing.TB) *fixture { return newFixtureWith(t, checkin.HealthPassRecord) }

// newFixtureWith is a service on a fresh database under a health-pass
// policy, with its options changed by tweaks if any.
func newFixtureWith(t testing.TB, policy checkin.HealthPassPolicy, tweaks ...func(*web.Options)) *fixture {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	store.SetDays(ctx, []checkin.Day{day, "2026-10-15"})
	rows := []importer.Row{
		{Row: 2, Registrant: checkin.Registrant{FirstName: "Hélène", LastName: "<b>Müller</b>", Email: "h@example.fr", Days: []checkin.Day{day},
			Organisation: `<img src=x onerror="document.title='pwned'">`, Category: "<script>document.title='pwned'</script>"}},
		{Row: 3, Registrant: checkin.Registrant{FirstName: "Bob", LastName: "Roy", Email: "b@example.fr", Days: []checkin.Day{"2026-10-15"}}},
	}
	if _, err := store.Import(ctx, rows, importer.ReconcileOptions{Now: clock, Rand: rand.NewChaCha8([32]byte{1})}, false); err != nil {
		t.Fatal(err)
	}
	rs, _ := store.Registrants(ctx)
	f := &fixture{logs: &bytes.Buffer{}, codes: map[string]string{}, now: &clock, path: path, store: store}
	now := clock
	f.now = &now
	for _, r := range rs {
		f.codes[r.FirstName] = string(r.Code)
	}
	single, _ := badges.Preset("single")
	printBadge := func(w io.Writer, r checkin.Registrant) error {
		_, err := badges.Render(w, []badges.Badge{{Code: string(r.Code), FirstName: r.FirstName, LastName: r.LastName}}, single, badges.Options{})
		return err
	}
	pairing, _ := badges.QRCodeSVG("http://desk.example/desk") // what desk serve shows; the fixture serves plain HTTP
	paris, _ := time.LoadLocation("Europe/Paris")
	o := web.Options{Store: store, Credentials: secret, Policy: policy, Badge: printBadge, PairingSVG: pairing, Location: paris,
		Today: func() checkin.Day { return day }, Now: func() time.Time { return *f.now }, SessionLife: web.DefaultSessionLife,
		WalkInCategory: "Sur place", Rand: rand.NewChaCha8([32]byte{2}), Log: slog.New(slog.NewTextHandler(f.logs, nil))}
	for _, tweak := range tweaks {
		tweak(&o)
	}
	s := web.New(o)
	f.srv = httptest.NewServer(s.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

// client is one browser: its own cookie jar.
func (f *fixture) client(t testing.TB) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

func (f *fixture) post(t testing.TB, c *http.Client, path string, body any, header ...string) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", f.srv.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, c, req)
}

// do sends a request and reads its JSON answer.
func do(t testing.TB, c *http.Client, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func (f *fixture) desk(t testing.TB, name string) *http.Client {
	t.Helper()
	c := f.client(t)
	if status, out := f.post(t, c, "/api/login", map[string]string{"pin": secret.DeskPIN, "desk": name}); status != 200 || out["role"] != "desk" {
		t.Fatalf("desk login: %d %v", status, out)
	}
	return c
}

func TestEveryRouteNeedsASession(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	routes := []struct{ method, path string }{
		{"POST", "/api/checkins"}, {"POST", "/api/checkins/1/undo"}, {"POST", "/api/checkins/1/health_pass"},
		{"GET", "/api/registrants?q=helene"}, {"GET", "/api/stats"}, {"GET", "/api/events"}, {"GET", "/api/session"},
		{"POST", "/api/walkins"}, {"GET", "/api/badges/" + f.codes["Bob"]}, {"POST", "/api/decode"},
		{"GET", "/api/arrivals"}, {"GET", "/api/pairing"}, {"GET", "/api/report?format=csv"}, {"GET", "/api/sessions"},
		{"GET", "/api/printers"}, {"GET", "/api/print/settings"}, {"PUT", "/api/print/settings"}, {"POST", "/api/print"}, {"GET", "/api/print/jobs"},
		{"GET", "/api/admin/print/settings"}, {"PUT", "/api/admin/print/settings"}, {"GET", "/api/admin/print/jobs"},
	}
	for _, rt := range routes {
		req, _ := http.NewRequest(rt.method, f.srv.URL+rt.path, strings.NewReader(`{"code":"x","nonce":"x"}`))
		req.Header.Set("Content-Type", "application/json")
		if status, _ := do(t, c, req); status != http.StatusUnauthorized {
			t.Errorf("%s %s without a session: %d, want 401", rt.method, rt.path, status)
		}
	}
	// The pages themselves hold no data: they ask for the PIN or password.
	for _, page := range []string{"/desk", "/dashboard"} {
		resp, err := c.Get(f.srv.URL + page)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || strings.Contains(string(body), "Hélène") || resp.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("%s: %d, CSP %q", page, resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
		}
	}
}

func TestLogin(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	if status, out := f.post(t, c, "/api/login", map[string]string{"password": secret.AdminPassword}); status != 200 || out["role"] != "admin" {
		t.Fatalf("admin login: %d %v", status, out)
	}
	resp, _ := http.Post(f.srv.URL+"/api/login", "application/json", strings.NewReader(`{"pin":"`+secret.DeskPIN+`"}`))
	cookie := resp.Header.Get("Set-Cookie")
	resp.Body.Close()
	for _, want := range []string{"HttpOnly", "SameSite=Strict"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	if status, _ := f.post(t, c, "/api/login", map[string]any{"pin": "1234", "extra": 1}); status != http.StatusBadRequest {
		t.Errorf("unknown field: %d, want 400", status)
	}
}

func TestLoginIsRateLimited(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	for i := 0; i < 5; i++ {
		if status, _ := f.post(t, c, "/api/login", map[string]string{"pin": fmt.Sprint(100000 + i)}); status != http.StatusUnauthorized {
			t.Fatalf("wrong PIN %d: %d", i, status)
		}
	}
	// Even the right PIN waits now.
	if status, _ := f.post(t, c, "/api/login", map[string]string{"pin": secret.DeskPIN}); status != http.StatusTooManyRequests {
		t.Fatalf("after 5 failures: %d, want 429", status)
	}
	*f.now = f.now.Add(61 * time.Second)
	if status, _ := f.post(t, c, "/api/login", map[string]string{"pin": secret.DeskPIN}); status != 200 {
		t.Fatalf("a minute later: %d", status)
	}
}

func TestScanThroughTheAPI(t *testing.T) {
	f := newFixture(t)
	a, b := f.desk(t, "Entrée A"), f.desk(t, "Entrée B")
	status, out := f.post(t, a, "/api/checkins", map[string]any{"code": strings.ToLower(f.codes["Hélène"]), "nonce": "a1", "health_pass_verified": true})
	if status != 200 || out["outcome"] != "checked_in" {
		t.Fatalf("scan: %d %v", status, out)
	}
	reg := out["registrant"].(map[string]any)
	if reg["first_name"] != "Hélène" || reg["last_name"] != "<b>Müller</b>" {
		t.Errorf("registrant %v", reg)
	}
	ci := out["check_in"].(map[string]any)
	if ci["desk"] != "Entrée A" || ci["health_pass_verified"] != true {
		t.Errorf("check-in %v", ci)
	}
	// The other desk is told when and where.
	_, out = f.post(t, b, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": "b1"})
	if out["outcome"] != "already_checked_in" || out["check_in"].(map[string]any)["desk"] != "Entrée A" {
		t.Fatalf("second desk: %v", out)
	}
	_, out = f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Bob"], "nonce": "a2"})
	if out["outcome"] != "not_registered_today" {
		t.Fatalf("Bob today: %v", out)
	}
	_, out = f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Bob"], "nonce": "a3", "force": true})
	if out["outcome"] != "checked_in" || out["check_in"].(map[string]any)["forced"] != true {
		t.Fatalf("Bob forced: %v", out)
	}
	pass := "HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH-R6IOOK.IR9B+9D-AHO"
	_, out = f.post(t, a, "/api/checkins", map[string]any{"code": pass, "nonce": "a4"})
	if out["outcome"] != "not_a_badge" || out["hint"] != "health_pass" {
		t.Fatalf("health pass: %v", out)
	}
	if strings.Contains(f.logs.String(), "NCFOXN") || strings.Contains(f.logs.String(), "Hélène") {
		t.Fatalf("the logs hold scanned or personal data:\n%s", f.logs)
	}
	// Without a nonce, a request is a new scan: answered, not refused.
	if status, out := f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"]}); status != 200 || out["outcome"] != "already_checked_in" {
		t.Errorf("no nonce: %d %v, want 200 already_checked_in", status, out)
	}
}

func TestCrossSiteRequestsAreRefused(t *testing.T) {
	f := newFixture(t)
	a := f.desk(t, "A")
	status, _ := f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": "x1"}, "Sec-Fetch-Site", "cross-site")
	if status != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d, want 403", status)
	}
	status, _ = f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": "x2"}, "Origin", "https://evil.example")
	if status != http.StatusForbidden {
		t.Fatalf("POST from another origin: %d, want 403", status)
	}
}

func TestUndoRules(t *testing.T) {
	f := newFixture(t)
	a, b := f.desk(t, "A"), f.desk(t, "B")
	_, out := f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": "u1"})
	id := int64(out["check_in"].(map[string]any)["id"].(float64))
	path := fmt.Sprintf("/api/checkins/%d/undo", id)
	if status, _ := f.post(t, b, path, nil); status != http.StatusNotFound {
		t.Errorf("another desk's undo: %d, want 404", status)
	}
	*f.now = f.now.Add(6 * time.Minute)
	if status, _ := f.post(t, a, path, nil); status != http.StatusNotFound {
		t.Errorf("undo after the window: %d, want 404", status)
	}
	admin := f.client(t)
	f.post(t, admin, "/api/login", map[string]string{"password": secret.AdminPassword})
	if status, _ := f.post(t, admin, path, nil); status != 200 {
		t.Errorf("admin undo: %d", status)
	}
}

func TestManyClientsOneBadge(t *testing.T) {
	f := newFixture(t)
	const n = 16
	clients := make([]*http.Client, n)
	for i := range clients {
		clients[i] = f.desk(t, fmt.Sprint("desk ", i))
	}
	var wg sync.WaitGroup
	outcomes := make(chan any, n)
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, out := f.post(t, c, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": fmt.Sprint("race", i)})
			outcomes <- out["outcome"]
		}()
	}
	wg.Wait()
	close(outcomes)
	count := map[any]int{}
	for o := range outcomes {
		count[o]++
	}
	if count["checked_in"] != 1 || count["already_checked_in"] != n-1 {
		t.Fatalf("outcomes %v", count)
	}
}

func (f *fixture) get(t testing.TB, c *http.Client, path string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	return do(t, c, req)
}

func TestSearch(t *testing.T) {
	f := newFixture(t)
	if status, _ := f.get(t, f.client(t), "/api/registrants?q=helene"); status != http.StatusUnauthorized {
		t.Fatalf("search without a session: %d", status)
	}
	a := f.desk(t, "A")
	for q, want := range map[string]int{"helene": 1, "HÉLÈNE": 1, "mull": 1, "hel mul": 1, "roy": 1, "zzz": 0} {
		status, out := f.get(t, a, "/api/registrants?q="+url.QueryEscape(q))
		if status != 200 || len(out["registrants"].([]any)) != want {
			t.Errorf("q=%q: %d %v, want %d result(s)", q, status, out, want)
		}
	}
	for _, q := range []string{"", "he", "é-", "  a  "} {
		if status, _ := f.get(t, a, "/api/registrants?q="+url.QueryEscape(q)); status != http.StatusBadRequest {
			t.Errorf("q=%q: %d, want 400 (at least 3 characters)", q, status)
		}
	}
}

func TestStatsRoute(t *testing.T) {
	f := newFixture(t)
	a := f.desk(t, "A")
	f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": "st1"})
	status, out := f.get(t, a, "/api/stats")
	if status != 200 || out["expected"] != 1.0 || out["arrived"] != 1.0 || out["day"] != string(day) {
		t.Fatalf("stats: %d %v", status, out)
	}
	if status, _ := f.get(t, a, "/api/stats?day=14/10/2026"); status != http.StatusBadRequest {
		t.Fatalf("bad day: %d", status)
	}
	if status, _ := f.get(t, f.client(t), "/api/stats"); status != http.StatusUnauthorized {
		t.Fatalf("stats without a session: %d", status)
	}
}

func TestWalkIn(t *testing.T) {
	f := newFixture(t)
	a := f.desk(t, "A")
	status, out := f.post(t, a, "/api/walkins", map[string]any{"first_name": "Zoé", "last_name": "Nadeau", "organisation": "Office de tourisme", "nonce": "w1"})
	if status != 200 || out["outcome"] != "checked_in" || out["registrant"].(map[string]any)["first_name"] != "Zoé" {
		t.Fatalf("walk-in: %d %v", status, out)
	}
	badge := out["badge"].(string)
	req, _ := http.NewRequest("GET", f.srv.URL+badge, nil)
	resp, err := a.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.HasPrefix(pdf, []byte("%PDF")) || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("badge: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), pdf[:min(len(pdf), 8)])
	}
	// The walk-in is found by search, and checking them in again says they are in.
	handle := out["registrant"].(map[string]any)["person"].(string)
	if !strings.HasSuffix(badge, "/"+handle) || out["registrant"].(map[string]any)["code"] != nil {
		t.Fatalf("a desk's walk-in answer gives its badge code: %v", out)
	}
	if _, out := f.post(t, a, "/api/checkins", map[string]any{"person": handle, "nonce": "w2"}); out["outcome"] != "already_checked_in" {
		t.Fatalf("the walk-in again: %v", out)
	}
	if _, out := f.get(t, a, "/api/registrants?q=nadeau"); len(out["registrants"].([]any)) != 1 {
		t.Fatalf("search for the walk-in: %v", out)
	}
	for _, body := range []map[string]any{
		{"first_name": "<script>", "nonce": "w3"},
		{"first_name": "", "last_name": "", "nonce": "w4"},
		{"first_name": "=1+1", "nonce": "w5"},
		{"first_name": "Ann", "email": "not-an-address", "nonce": "w6"},
	} {
		if status, _ := f.post(t, a, "/api/walkins", body); status != http.StatusBadRequest {
			t.Errorf("walk-in %v: %d, want 400", body, status)
		}
	}
	if status, _ := f.get(t, f.client(t), badge); status != http.StatusUnauthorized {
		t.Errorf("badge without a session: %d", status)
	}
	if status, _ := f.get(t, a, "/api/badges/BBBBCCCCDDDDFFFFGGGG"); status != http.StatusNotFound {
		t.Errorf("unknown badge: %d", status)
	}
}

func TestAdminOnlyRoutes(t *testing.T) {
	f := newFixture(t)
	a := f.desk(t, "A")
	f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": "ad1"})
	if status, _ := f.get(t, a, "/api/arrivals"); status != http.StatusForbidden {
		t.Fatalf("a desk reading the arrivals: %d, want 403", status)
	}
	admin := f.client(t)
	f.post(t, admin, "/api/login", map[string]string{"password": secret.AdminPassword})
	status, out := f.get(t, admin, "/api/arrivals")
	list, _ := out["arrivals"].([]any)
	if status != 200 || len(list) != 1 || list[0].(map[string]any)["first_name"] != "Hélène" {
		t.Fatalf("admin arrivals: %d %v", status, out)
	}
}

// TestEventsAfterACheckIn reads the event stream: one event at once, and
// another when a desk checks someone in.
func TestEventsAfterACheckIn(t *testing.T) {
	f := newFixture(t)
	a := f.desk(t, "A")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", f.srv.URL+"/api/events", nil)
	resp, err := a.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("content type %q", resp.Header.Get("Content-Type"))
	}
	events := make(chan string, 10)
	go func() {
		buf := make([]byte, 1024)
		for {
			n, err := resp.Body.Read(buf)
			if n > 0 {
				events <- string(buf[:n])
			}
			if err != nil {
				close(events)
				return
			}
		}
	}()
	if first := <-events; !strings.Contains(first, "event: change") {
		t.Fatalf("first event %q", first)
	}
	f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": "ev1"})
	select {
	case e := <-events:
		if !strings.Contains(e, "event: change") {
			t.Fatalf("event %q", e)
		}
	case <-ctx.Done():
		t.Fatal("no event after a check-in")
	}
	if status, _ := f.get(t, f.client(t), "/api/events"); status != http.StatusUnauthorized {
		t.Fatalf("events without a session: %d", status)
	}
}

func TestPairingCodeIsForTheOrganiser(t *testing.T) {
	f := newFixture(t)
	a := f.desk(t, "A")
	for _, path := range []string{"/api/pairing", "/api/report?format=csv", "/api/arrivals"} {
		if status, _ := f.get(t, a, path); status != http.StatusForbidden {
			t.Errorf("a desk asking for %s: %d, want 403", path, status)
		}
	}
}

func TestDecodeFrame(t *testing.T) {
	f := newFixture(t)
	a := f.desk(t, "A")
	post := func(c *http.Client, body []byte) (int, map[string]any) {
		req, _ := http.NewRequest("POST", f.srv.URL+"/api/decode", bytes.NewReader(body))
		req.Header.Set("Content-Type", "image/png")
		return do(t, c, req)
	}
	png := func(text string) []byte {
		c, err := qr.Encode(text, qr.M)
		if err != nil {
			t.Fatal(err)
		}
		return c.PNG()
	}
	if status, out := post(a, png(f.codes["Hélène"])); status != 200 || out["code"] != f.codes["Hélène"] {
		t.Fatalf("badge frame: %d %v", status, out)
	}
	pass := "HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL"
	status, out := post(a, png(pass))
	if status != 200 || out["outcome"] != "not_a_badge" || out["hint"] != "health_pass" || strings.Contains(fmt.Sprint(out), "NCFOXN") {
		t.Fatalf("health pass frame: %d %v", status, out)
	}
	if strings.Contains(f.logs.String(), "NCFOXN") {
		t.Fatal("the health pass reached the logs")
	}
	if status, out := post(a, png("https://example.org/private")); status != 200 || out["outcome"] != "not_a_badge" || strings.Contains(fmt.Sprint(out), "example") {
		t.Fatalf("foreign frame: %d %v", status, out)
	}
	if status, _ := post(a, []byte("not an image")); status != http.StatusBadRequest {
		t.Fatalf("garbage: %d", status)
	}
	if status, _ := post(f.client(t), png(f.codes["Hélène"])); status != http.StatusUnauthorized {
		t.Fatalf("without a session: %d", status)
	}
}

func TestHealthPassLater(t *testing.T) {
	f := newFixture(t)
	a := f.desk(t, "A")
	_, out := f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": "hp1"})
	ci := out["check_in"].(map[string]any)
	if ci["health_pass_verified"] != false {
		t.Fatalf("check-in without the pass: %v", ci)
	}
	path := fmt.Sprintf("/api/checkins/%d/health_pass", int64(ci["id"].(float64)))
	if status, out := f.post(t, a, path, map[string]any{"verified": true}); status != 200 || out["health_pass_verified"] != true {
		t.Fatalf("ticking the pass later: %d %v", status, out)
	}
	if status, _ := f.post(t, a, "/api/checkins/999/health_pass", map[string]any{"verified": true}); status != http.StatusNotFound {
		t.Fatalf("unknown check-in: %d", status)
	}
	_, out = f.get(t, a, "/api/stats")
	if out["health_pass_checked"] != 1.0 {
		t.Fatalf("stats after ticking: %v", out)
	}
}
