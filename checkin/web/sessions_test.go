package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/web"
	"github.com/desk-event/desk/db"
)

// restart is a second service on the fixture's database file, as after a
// restart of desk serve: nothing shared in memory with the first one.
func (f *fixture) restart(t *testing.T, life time.Duration) (*web.Server, *httptest.Server) {
	t.Helper()
	store, err := db.Open(context.Background(), f.path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	s := web.New(web.Options{Store: store, Credentials: secret, Policy: checkin.HealthPassRecord, SessionLife: life,
		Today: func() checkin.Day { return day }, Now: func() time.Time { return *f.now },
		Rand: rand.NewChaCha8([32]byte{3}), Log: slog.New(slog.NewTextHandler(f.logs, nil))})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return s, srv
}

func getJSON(t *testing.T, c *http.Client, url string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	return do(t, c, req)
}

// TestSessionSurvivesARestart: a desk logged in before a restart goes on
// scanning after it, with the same cookie and under the same name.
func TestSessionSurvivesARestart(t *testing.T) {
	f := newFixture(t)
	a := f.desk(t, "Entrée A")
	if status, out := f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": "before"}); status != 200 || out["outcome"] != "checked_in" {
		t.Fatalf("check-in before the restart: %d %v", status, out)
	}
	f.srv.Close() // the first service is gone
	_, srv := f.restart(t, web.DefaultSessionLife)
	status, out := getJSON(t, a, srv.URL+"/api/session") // the cookie jar sends the same cookie
	if status != 200 || out["role"] != "desk" || out["desk"] != "Entrée A" {
		t.Fatalf("session after the restart: %d %v", status, out)
	}
	req, _ := http.NewRequest("POST", srv.URL+"/api/checkins", strings.NewReader(`{"code":"`+f.codes["Hélène"]+`","nonce":"after"}`))
	req.Header.Set("Content-Type", "application/json")
	status, out = do(t, a, req)
	if status != 200 || out["outcome"] != "already_checked_in" {
		t.Fatalf("scan after the restart: %d %v", status, out)
	}
	req, _ = http.NewRequest("POST", srv.URL+"/api/logout", nil)
	do(t, a, req)
	if status, _ := getJSON(t, a, srv.URL+"/api/session"); status != http.StatusUnauthorized {
		t.Fatalf("session after logout: %d, want 401", status)
	}
}

// TestSessionLifeIsTheOrganisers: server.session_hours sets the cookie's
// Max-Age and when the session ends on the server.
func TestSessionLifeIsTheOrganisers(t *testing.T) {
	f := newFixture(t)
	_, srv := f.restart(t, 2*time.Hour)
	c := f.client(t)
	resp, err := c.Post(srv.URL+"/api/login", "application/json", strings.NewReader(`{"pin":"`+secret.DeskPIN+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cookie := resp.Header.Get("Set-Cookie"); !strings.Contains(cookie, "Max-Age=7200") {
		t.Fatalf("cookie %q, want Max-Age=7200", cookie)
	}
	start := *f.now
	for _, tc := range []struct {
		after time.Duration
		want  int
	}{{time.Hour, 200}, {2*time.Hour - time.Second, 200}, {2 * time.Hour, http.StatusUnauthorized}} {
		*f.now = start.Add(tc.after)
		if status, _ := getJSON(t, c, srv.URL+"/api/session"); status != tc.want {
			t.Errorf("%s after login: %d, want %d", tc.after, status, tc.want)
		}
	}
}

// TestDeskNames: a desk without a name is "Poste N", never an address; a
// typed name is cleaned; a health pass scanned into the name is refused
// and not logged.
func TestDeskNames(t *testing.T) {
	f := newFixture(t)
	login := func(body map[string]string) (int, map[string]any, *http.Client) {
		c := f.client(t)
		status, out := f.post(t, c, "/api/login", body)
		return status, out, c
	}
	cases := []struct {
		name string
		body map[string]string
		want string
	}{
		{"no name", map[string]string{"pin": secret.DeskPIN}, "Poste 1"},
		{"no name again", map[string]string{"pin": secret.DeskPIN, "desk": ""}, "Poste 2"},
		{"only spaces and marks", map[string]string{"pin": secret.DeskPIN, "desk": " \u200f\t "}, "Poste 3"},
		{"cleaned", map[string]string{"pin": secret.DeskPIN, "desk": "  \u202eEntrée\t\t B\u202c "}, "Entrée B"},
		{"long", map[string]string{"pin": secret.DeskPIN, "desk": strings.Repeat("Accueil ", 10)}, strings.TrimSpace(strings.Repeat("Accueil ", 5))},
		{"organiser", map[string]string{"password": secret.AdminPassword}, "admin"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, out, c := login(tc.body)
			if status != 200 {
				t.Fatalf("login: %d %v", status, out)
			}
			if status, out := f.get(t, c, "/api/session"); status != 200 || out["desk"] != tc.want {
				t.Fatalf("desk %q, want %q (%d)", out["desk"], tc.want, status)
			}
		})
	}
	t.Run("check-ins carry the name", func(t *testing.T) {
		_, _, c := login(map[string]string{"pin": secret.DeskPIN})
		status, out := f.post(t, c, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": "named"})
		if ci, _ := out["check_in"].(map[string]any); status != 200 || ci["desk"] != "Poste 4" {
			t.Fatalf("check-in: %d %v, want desk Poste 4", status, out)
		}
	})
	t.Run("health pass as a name", func(t *testing.T) {
		pass := "HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH"
		status, out, c := login(map[string]string{"pin": secret.DeskPIN, "desk": pass})
		if msg, _ := out["error"].(string); status != http.StatusBadRequest || !strings.Contains(msg, "health pass") {
			t.Fatalf("login: %d %v, want 400 naming the health pass", status, out)
		}
		if status, _ := f.get(t, c, "/api/session"); status != http.StatusUnauthorized {
			t.Fatalf("a session was opened: %d", status)
		}
		if strings.Contains(f.logs.String(), "NCFOXN") {
			t.Fatalf("the pass was logged:\n%s", f.logs)
		}
	})
}

// TestCloseEndsEventStreams: when the service stops, open dashboards'
// event streams end at once instead of holding the shutdown.
func TestCloseEndsEventStreams(t *testing.T) {
	f := newFixture(t)
	s, srv := f.restart(t, web.DefaultSessionLife)
	c := f.client(t)
	f.post(t, c, "/api/login", map[string]string{"password": secret.AdminPassword}) // the jar sends it to srv too
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/events", nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	first := make([]byte, 64)
	if n, _ := resp.Body.Read(first); !bytes.Contains(first[:n], []byte("event: change")) {
		t.Fatalf("first event %q", first[:n])
	}
	s.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatalf("the stream did not end when the service closed: %v", err)
	}
}
