package web_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/db"
)

// admin is a browser logged in as the organiser.
func (f *fixture) admin(t testing.TB) *http.Client {
	t.Helper()
	c := f.client(t)
	if status, out := f.post(t, c, "/api/login", map[string]string{"password": secret.AdminPassword}); status != 200 {
		t.Fatalf("admin login: %d %v", status, out)
	}
	return c
}

// raw sends a GET and returns the status and the body as it came.
func (f *fixture) raw(t testing.TB, c *http.Client, path string) (int, []byte) {
	t.Helper()
	resp, err := c.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

// TestDesksGetHandlesNotBadgeCodes: a desk's search answers carry no badge
// code, only handles that work for that session alone: to check in, to
// reprint a badge, and in a walk-in's "already registered" answer. The
// organiser still sees codes.
func TestDesksGetHandlesNotBadgeCodes(t *testing.T) {
	f := newFixture(t)
	a, other, admin := f.desk(t, "Porte A"), f.desk(t, "Porte A"), f.admin(t)
	noCode := func(what string, body []byte) {
		t.Helper()
		for name, code := range f.codes {
			if bytes.Contains(body, []byte(code)) {
				t.Errorf("%s gives %s's badge code to a desk: %s", what, name, body)
			}
		}
	}
	status, body := f.raw(t, a, "/api/registrants?q=helene")
	noCode("search", body)
	_, out := f.get(t, a, "/api/registrants?q=helene")
	handle, _ := out["registrants"].([]any)[0].(map[string]any)["person"].(string)
	if status != 200 || handle == "" {
		t.Fatalf("search: %d %s", status, body)
	}
	if _, out := f.get(t, admin, "/api/registrants?q=helene"); out["registrants"].([]any)[0].(map[string]any)["code"] != f.codes["Hélène"] {
		t.Errorf("the organiser's search: %v, want the code", out)
	}
	tests := []struct {
		name   string
		client *http.Client
		body   map[string]any
		status int
		want   string // outcome, or error_code
	}{
		{"both code and person", a, map[string]any{"code": f.codes["Hélène"], "person": handle, "nonce": "h0"}, 400, "bad_request"},
		{"neither", a, map[string]any{"nonce": "h0"}, 400, "bad_request"},
		{"another session's handle", other, map[string]any{"person": handle, "nonce": "h1"}, 404, "unknown_person"},
		{"a forged handle", a, map[string]any{"person": "1.AAAAAAAAAAAAAAAA", "nonce": "h2"}, 404, "unknown_person"},
		{"its own handle", a, map[string]any{"person": handle, "nonce": "h3"}, 200, "checked_in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, out := f.post(t, tt.client, "/api/checkins", tt.body)
			if got := fmt.Sprint(out["outcome"], out["error_code"]); status != tt.status || !strings.Contains(got, tt.want) {
				t.Fatalf("%d %v, want %d %s", status, out, tt.status, tt.want)
			}
			if tt.status == 400 && out["field"] != map[bool]string{true: "person", false: "code"}[tt.body["person"] != nil] {
				t.Errorf("the 400 names %v", out["field"])
			}
			if reg, ok := out["registrant"].(map[string]any); ok && reg["code"] != nil {
				t.Errorf("a check-in by handle answers the code: %v", reg)
			}
		})
	}
	badges := []struct {
		name   string
		client *http.Client
		key    string
		status int
	}{
		{"a desk, by its handle", a, handle, 200},
		{"another session, by that handle", other, handle, 404},
		{"a desk, by code", a, f.codes["Hélène"], 404},
		{"the organiser, by code", admin, f.codes["Hélène"], 200},
	}
	for _, tt := range badges {
		t.Run("badge: "+tt.name, func(t *testing.T) {
			if status, body := f.raw(t, tt.client, "/api/badges/"+url.PathEscape(tt.key)); status != tt.status || status == 200 && !bytes.HasPrefix(body, []byte("%PDF")) {
				t.Fatalf("%d, want %d", status, tt.status)
			}
		})
	}
	// A walk-in under a name already registered: the matches carry handles.
	req, _ := http.NewRequest("POST", f.srv.URL+"/api/walkins", strings.NewReader(`{"first_name":"Bob","last_name":"Roy","nonce":"w1"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict || !bytes.Contains(body, []byte(`"person":"`)) {
		t.Fatalf("walk-in of someone registered: %d %s", resp.StatusCode, body)
	}
	noCode("the walk-in's matches", body)
}

// TestDeskSessionsAreRateLimited: each session may search, scan and
// register walk-ins at a desk's pace, in bursts; beyond, 429 rate_limited
// with Retry-After, for that session and kind only, until time passes.
func TestDeskSessionsAreRateLimited(t *testing.T) {
	tests := []struct {
		kind  string
		burst int
		every time.Duration
		send  func(t *testing.T, f *fixture, c *http.Client, i int) (int, map[string]any)
	}{
		{"scans", 10, time.Second, func(t *testing.T, f *fixture, c *http.Client, i int) (int, map[string]any) {
			return f.post(t, c, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": fmt.Sprint("s", i)})
		}},
		{"searches", 20, time.Second / 4, func(t *testing.T, f *fixture, c *http.Client, i int) (int, map[string]any) {
			return f.get(t, c, "/api/registrants?q=helene")
		}},
		{"walk-ins", 10, 15 * time.Second, func(t *testing.T, f *fixture, c *http.Client, i int) (int, map[string]any) {
			return f.post(t, c, "/api/walkins", map[string]any{"first_name": fmt.Sprint("Zoé ", i), "last_name": "Nadeau", "nonce": fmt.Sprint("w", i)})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			f := newFixture(t)
			a, b := f.desk(t, "A"), f.desk(t, "B")
			for i := range tt.burst {
				if status, out := tt.send(t, f, a, i); status == http.StatusTooManyRequests {
					t.Fatalf("request %d of a burst of %d: %d %v", i+1, tt.burst, status, out)
				}
			}
			status, out := tt.send(t, f, a, tt.burst)
			if status != http.StatusTooManyRequests || out["error_code"] != "rate_limited" || !strings.Contains(fmt.Sprint(out["error"]), tt.kind) {
				t.Fatalf("beyond the burst: %d %v, want 429 rate_limited", status, out)
			}
			if status, _ := tt.send(t, f, b, 100); status == http.StatusTooManyRequests {
				t.Fatal("another desk was slowed down too")
			}
			*f.now = f.now.Add(tt.every)
			if status, out := tt.send(t, f, a, 101); status == http.StatusTooManyRequests {
				t.Fatalf("after %s: %d %v", tt.every, status, out)
			}
		})
	}
}

// TestDeskIdentityIsTheSession: a second device logging in under the same
// desk name cannot undo, nor change the health pass of, the first one's
// check-in; the first can, within the undo window; the organiser can at
// any time, and the audit trail names the session.
func TestDeskIdentityIsTheSession(t *testing.T) {
	f := newFixture(t)
	first, second, admin := f.desk(t, "Porte A"), f.desk(t, "Porte A"), f.admin(t)
	checkIn := func(nonce string) string {
		t.Helper()
		_, out := f.post(t, first, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": nonce})
		if out["outcome"] != "checked_in" {
			t.Fatalf("check-in: %v", out)
		}
		return fmt.Sprintf("/api/checkins/%v", out["check_in"].(map[string]any)["id"])
	}
	amend := func(c *http.Client, path, action string, status int) {
		t.Helper()
		var body any
		if action == "health_pass" {
			body = map[string]any{"verified": true}
		}
		got, out := f.post(t, c, path+"/"+action, body)
		if got != status || status == 404 && out["error_code"] != "not_undoable" {
			t.Fatalf("%s %s: %d %v, want %d", path, action, got, out, status)
		}
	}
	path := checkIn("i1")
	amend(second, path, "health_pass", 404)
	amend(second, path, "undo", 404)
	amend(first, path, "health_pass", 200)
	amend(first, path, "undo", 200)
	path = checkIn("i2")
	*f.now = f.now.Add(6 * time.Minute) // past the undo window
	amend(first, path, "health_pass", 404)
	amend(first, path, "undo", 404)
	amend(admin, path, "health_pass", 200)
	amend(admin, path, "undo", 200)

	raw, err := db.OpenRaw(f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var sessions, unnamed int
	raw.QueryRow(`SELECT count(DISTINCT staff_session), count(*) - count(staff_session) FROM audit WHERE action IN ('undone', 'health pass checked')`).Scan(&sessions, &unnamed)
	if sessions != 2 || unnamed != 0 {
		t.Fatalf("the audit names %d sessions (%d changes unnamed), want the desk's and the organiser's", sessions, unnamed)
	}
}

// TestHealthPassesInFreeTextAreNeverKept: a health pass typed or scanned
// into any free-text field (walk-in names, organisation, e-mail, category,
// desk name, PIN, search, nonce, handle, badge path) is refused, and no
// byte of it reaches the database files or the logs.
func TestHealthPassesInFreeTextAreNeverKept(t *testing.T) {
	f := newFixture(t)
	a := f.desk(t, "A")
	const mark = "NCFOXN%TS3DH3ZSUZK" // what must appear nowhere
	// The pass as scanned, and behind an invisible character, a quote or a
	// word: none of them may slip through.
	for vi, pass := range []string{"HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH-R6IOOK.IR9B+9D-AHO3ZEPPZ2",
		"\u200bHC1:NCFOXN%TS3DH3ZSUZK+.V0ETD", "\ufeffHC1:NCFOXN%TS3DH3ZSUZK+.V0ETD", "\u00adHC1:NCFOXN%TS3DH3ZSUZK",
		"'HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD", "Jean HC1:NCFOXN%TS3DH3ZSUZK"} {
		healthPassEverywhere(t, f, a, pass, mark, vi)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		data, err := os.ReadFile(f.path + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(mark)) {
			t.Errorf("desk.db%s holds the health pass", suffix)
		}
	}
	if strings.Contains(f.logs.String(), mark) {
		t.Errorf("the logs hold the health pass:\n%s", f.logs)
	}
}

// healthPassEverywhere posts a health pass into every free-text field of
// the API: each must be refused without an echo.
func healthPassEverywhere(t *testing.T, f *fixture, a *http.Client, pass, mark string, vi int) {
	t.Helper()
	walkIn := func(field string) map[string]any {
		body := map[string]any{"first_name": "Zoé", "last_name": "Nadeau", "nonce": fmt.Sprintf("w-%s-%d", field, vi), field: pass}
		return body
	}
	posts := []struct {
		name   string
		client *http.Client
		path   string
		body   map[string]any
	}{
		{"walk-in first name", a, "/api/walkins", walkIn("first_name")},
		{"walk-in last name", a, "/api/walkins", walkIn("last_name")},
		{"walk-in organisation", a, "/api/walkins", walkIn("organisation")},
		{"walk-in e-mail", a, "/api/walkins", walkIn("email")},
		{"walk-in category", a, "/api/walkins", walkIn("category")},
		{"walk-in nonce", a, "/api/walkins", walkIn("nonce")},
		{"check-in nonce", a, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": pass}},
		{"check-in person", a, "/api/checkins", map[string]any{"person": pass, "nonce": "p1"}},
		{"desk name at login", f.client(t), "/api/login", map[string]any{"pin": secret.DeskPIN, "desk": pass}},
		{"PIN at login", f.client(t), "/api/login", map[string]any{"pin": pass}},
	}
	for _, tt := range posts {
		t.Run(fmt.Sprintf("%s/%d", tt.name, vi), func(t *testing.T) {
			if status, out := f.post(t, tt.client, tt.path, tt.body); status == 200 || strings.Contains(fmt.Sprint(out), mark) {
				t.Fatalf("%d %v, want it refused without an echo", status, out)
			}
		})
	}
	t.Run(fmt.Sprintf("search/%d", vi), func(t *testing.T) {
		status, out := f.get(t, a, "/api/registrants?q="+url.QueryEscape(pass))
		if status != 400 || out["error_code"] != "health_pass" || out["field"] != "q" {
			t.Fatalf("%d %v, want 400 health_pass", status, out)
		}
	})
	t.Run(fmt.Sprintf("badge path/%d", vi), func(t *testing.T) {
		if status, _ := f.raw(t, a, "/api/badges/"+url.PathEscape(pass)); status != 404 {
			t.Fatalf("%d, want 404", status)
		}
	})
}

// TestBadgeReprintsAreRateLimited: badges printed by handle count like
// searches, so a stolen session cannot print everyone's badge in seconds.
func TestBadgeReprintsAreRateLimited(t *testing.T) {
	f := newFixture(t)
	a := f.desk(t, "A")
	_, out := f.get(t, a, "/api/registrants?q=helene")
	people, _ := out["registrants"].([]any)
	if len(people) != 1 {
		t.Fatalf("search: %v", out)
	}
	handle := people[0].(map[string]any)["person"].(string)
	limited := 0
	for range 40 {
		if status, _ := f.raw(t, a, "/api/badges/"+handle); status == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("40 badge reprints in a row, none refused")
	}
}
