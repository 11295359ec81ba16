package web_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/web"
)

// slowHash plays bcrypt at cost 10 (68 ms) without burning a core: it
// counts the checks that reach it, and the right secret is "right:" and
// the hash's name.
type slowHash struct {
	calls atomic.Int64
	wait  time.Duration
	hold  chan struct{} // when not nil, the first check closes began and waits for hold to close
	began chan struct{} // closed when the first check begins
}

func (h *slowHash) compare(hash, given []byte) error {
	if h.calls.Add(1) == 1 && h.hold != nil {
		close(h.began)
		<-h.hold
	}
	time.Sleep(h.wait) // the time bcrypt takes, without its work
	if string(given) == "right:"+string(hash) {
		return nil
	}
	return errors.New("mismatch")
}

// hashedServer is a second service on the fixture's database whose
// secrets are hashes checked by h, with checks password checks at once.
func (f *fixture) hashedServer(t *testing.T, h *slowHash, checks int) (http.Handler, *httptest.Server) {
	t.Helper()
	creds := web.Credentials{AdminPasswordHash: "admin-hash", DeskPINHash: "pin-hash", Compare: h.compare}
	s := web.New(web.Options{Store: f.store, Credentials: creds, Policy: checkin.HealthPassRecord, LoginChecks: checks,
		Limits: unlimited, // the desk scanning through the flood scans faster than a real one (the clock stands still)
		Today:  func() checkin.Day { return day }, Now: func() time.Time { return *f.now },
		Rand: rand.NewChaCha8([32]byte{4}), Log: slog.New(slog.NewTextHandler(f.logs, nil))})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return s.Handler(), srv
}

// loginFrom sends a login as if from addr, straight to the handler.
func loginFrom(h http.Handler, addr, body string) (int, map[string]any) {
	req := httptest.NewRequest("POST", "/api/login", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	json.NewDecoder(rec.Body).Decode(&out)
	return rec.Code, out
}

// flood sends n wrong PINs at once, the i-th from addr(i), and counts the
// answers by status.
func flood(h http.Handler, n int, addr func(i int) string) map[int]int {
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, _ := loginFrom(h, addr(i), fmt.Sprintf(`{"pin":"%08d"}`, i))
			mu.Lock()
			statuses[status]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return statuses
}

// TestLoginFlood: 1,000 concurrent wrong logins from one address, then
// from 50, reach the (slow) hash at most as often as the budget allows;
// the others are refused unchecked; a desk logged in before goes on
// checking people in throughout, and the organiser's dashboard counts.
func TestLoginFlood(t *testing.T) {
	cases := []struct {
		name   string
		addr   func(i int) string
		budget int64
	}{
		{"one address", func(int) string { return "198.51.100.7:40000" }, 5},
		{"50 addresses", func(i int) string { return fmt.Sprintf("198.51.100.%d:40000", i%50+1) }, 20},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			h := &slowHash{wait: 68 * time.Millisecond}
			handler, srv := f.hashedServer(t, h, 2)
			desk := f.client(t)
			resp, err := desk.Post(srv.URL+"/api/login", "application/json", strings.NewReader(`{"pin":"right:pin-hash","desk":"Porte A"}`))
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("desk login: %v %v", resp, err)
			}
			resp.Body.Close()
			h.calls.Store(0)

			done := make(chan map[int]int)
			go func() { done <- flood(handler, 1000, tc.addr) }()
			times := checkInsUntil(t, desk, srv.URL, f.codes["Hélène"], done)
			statuses := <-done

			if calls := h.calls.Load(); calls > tc.budget {
				t.Errorf("%d wrong logins reached the hash, want at most %d (answers %v)", calls, tc.budget, statuses)
			}
			if refused := statuses[http.StatusTooManyRequests] + statuses[http.StatusServiceUnavailable]; statuses[http.StatusUnauthorized] > int(tc.budget) || refused < 1000-2*int(tc.budget) {
				t.Errorf("answers %v: want at most %d wrong-PIN answers, the rest refused unchecked", statuses, tc.budget)
			}
			slices.Sort(times)
			t.Logf("%d check-ins during the flood, p99 %s", len(times), times[len(times)*99/100])
		})
	}
}

// checkInsUntil checks people in from a desk session until done is ready
// (at least once), failing on any answer but 200, and returns their times.
func checkInsUntil(t *testing.T, c *http.Client, base, code string, done chan map[int]int) []time.Duration {
	t.Helper()
	var times []time.Duration
	for i := 0; ; i++ {
		start := time.Now()
		body := fmt.Sprintf(`{"code":%q,"nonce":"flood-%d"}`, code, i)
		resp, err := c.Post(base+"/api/checkins", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		times = append(times, time.Since(start))
		if resp.StatusCode != 200 {
			t.Fatalf("check-in %d during the flood: %d", i, resp.StatusCode)
		}
		select {
		case statuses := <-done:
			go func() { done <- statuses }()
			return times
		default:
		}
	}
}

// TestEventWidePause: beyond 20 failures a minute from anywhere, logins
// pause for everyone, the right PIN too; a desk already in goes on; the
// dashboard says so; the pause ends, and the next is longer.
func TestEventWidePause(t *testing.T) {
	f := newFixture(t)
	handler, srv := f.hashedServer(t, &slowHash{}, 2)
	desk, admin := f.client(t), f.client(t)
	for c, body := range map[*http.Client]string{desk: `{"pin":"right:pin-hash"}`, admin: `{"password":"right:admin-hash"}`} {
		resp, err := c.Post(srv.URL+"/api/login", "application/json", strings.NewReader(body))
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("login before the flood: %v %v", resp, err)
		}
		resp.Body.Close()
	}
	for i := range 20 {
		if status, _ := loginFrom(handler, fmt.Sprintf("203.0.113.%d:1", i+1), `{"pin":"00000000"}`); status != http.StatusUnauthorized {
			t.Fatalf("wrong PIN %d: %d", i, status)
		}
	}
	status, out := loginFrom(handler, "203.0.113.200:1", `{"pin":"right:pin-hash"}`)
	if msg, _ := out["error"].(string); status != http.StatusTooManyRequests || out["error_code"] != "logins_paused" || !strings.Contains(msg, "1 min") {
		t.Fatalf("the right PIN from a new address after 20 failures: %d %v, want 429 logins paused for 1 min", status, out)
	}
	req, _ := http.NewRequest("POST", srv.URL+"/api/checkins", strings.NewReader(`{"code":"`+f.codes["Hélène"]+`","nonce":"paused"}`))
	req.Header.Set("Content-Type", "application/json")
	if status, _ := do(t, desk, req); status != 200 {
		t.Fatalf("a desk already logged in, during the pause: %d", status)
	}
	status, out = getJSON(t, admin, srv.URL+"/api/logins")
	if status != 200 || out["failed_last_hour"] != 20.0 || out["refused_last_hour"] != 1.0 || out["paused_seconds"] != 60.0 {
		t.Fatalf("GET /api/logins during the pause: %d %v", status, out)
	}
	*f.now = f.now.Add(61 * time.Second)
	if status, out := loginFrom(handler, "203.0.113.200:1", `{"pin":"right:pin-hash"}`); status != 200 {
		t.Fatalf("the right PIN after the pause: %d %v", status, out)
	}
	for i := range 21 {
		loginFrom(handler, fmt.Sprintf("192.0.2.%d:1", i+1), `{"pin":"00000000"}`)
	}
	if _, out := loginFrom(handler, "192.0.2.200:1", `{"pin":"right:pin-hash"}`); !strings.Contains(fmt.Sprint(out["error"]), "2 min") {
		t.Fatalf("the second pause in a row: %v, want 2 min", out)
	}
	// 20 failures, 20 more after the first pause: 20 more fill the hour's
	// 60, and logins pause until the first of them is an hour old.
	*f.now = f.now.Add(121 * time.Second)
	for i := range 20 {
		if status, _ := loginFrom(handler, fmt.Sprintf("192.0.2.%d:1", i+100), `{"pin":"00000000"}`); status != http.StatusUnauthorized {
			t.Fatalf("wrong PIN %d after the second pause: %d", i, status)
		}
	}
	loginFrom(handler, "192.0.2.250:1", `{"pin":"right:pin-hash"}`)
	_, out = getJSON(t, admin, srv.URL+"/api/logins")
	if left, _ := out["paused_seconds"].(float64); left < 50*60 || left > 60*60 {
		t.Fatalf("after 60 failures in 4 minutes: %v, want logins paused until the hour's first failure is an hour old", out)
	}
}

// TestMistakesThenTheRightSecret: an organiser and a desk who mistype a
// few times in a rush still log in; the dashboard counts their mistakes.
func TestMistakesThenTheRightSecret(t *testing.T) {
	f := newFixture(t)
	admin, desk := f.client(t), f.client(t)
	for i := range 4 {
		if status, _ := f.post(t, admin, "/api/login", map[string]string{"password": fmt.Sprint("organiser-secre", i)}); status != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d", i, status)
		}
	}
	if status, _ := f.post(t, admin, "/api/login", map[string]string{"password": secret.AdminPassword}); status != 200 {
		t.Fatalf("the right password after 4 mistakes: %d", status)
	}
	*f.now = f.now.Add(time.Minute) // the same address (loopback), a minute later
	for i := range 4 {
		f.post(t, desk, "/api/login", map[string]string{"pin": fmt.Sprint(482900 + i)})
	}
	if status, _ := f.post(t, desk, "/api/login", map[string]string{"pin": secret.DeskPIN}); status != 200 {
		t.Fatalf("the right PIN after 4 mistakes: %d", status)
	}
	status, out := f.get(t, admin, "/api/logins")
	if status != 200 || out["failed_last_hour"] != 8.0 || out["paused_seconds"] != 0.0 {
		t.Fatalf("GET /api/logins: %d %v, want 8 failures and no pause", status, out)
	}
	if status, _ := f.get(t, desk, "/api/logins"); status != http.StatusForbidden {
		t.Fatalf("a desk reading the login failures: %d, want 403", status)
	}
	*f.now = f.now.Add(61 * time.Minute)
	if _, out := f.get(t, admin, "/api/logins"); out["failed_last_hour"] != 0.0 {
		t.Fatalf("an hour later: %v, want 0", out)
	}
}

// TestLoginChecksAreCapped: with every check slot busy, a login is
// answered 503 within a moment instead of queueing for the processors,
// and is not counted as a failure.
func TestLoginChecksAreCapped(t *testing.T) {
	f := newFixture(t)
	h := &slowHash{hold: make(chan struct{}), began: make(chan struct{})}
	handler, _ := f.hashedServer(t, h, 1)
	first := make(chan int)
	go func() {
		status, _ := loginFrom(handler, "198.51.100.1:1", `{"pin":"00000000"}`)
		first <- status
	}()
	<-h.began
	status, out := loginFrom(handler, "198.51.100.2:1", `{"pin":"right:pin-hash"}`)
	if status != http.StatusServiceUnavailable || out["error"] != "too many logins at once: try again in a moment" {
		t.Errorf("a login while the one check slot is busy: %d %v, want 503", status, out)
	}
	close(h.hold)
	if status := <-first; status != http.StatusUnauthorized {
		t.Errorf("the held wrong login: %d, want 401", status)
	}
	for range 5 { // the 503 was given back: this address still has its 5 tries
		loginFrom(handler, "198.51.100.2:1", `{"pin":"00000000"}`)
	}
	if status, _ := loginFrom(handler, "198.51.100.2:1", `{"pin":"right:pin-hash"}`); status != http.StatusTooManyRequests {
		t.Errorf("after 5 more failures: %d, want 429", status)
	}
}

// TestIPv6AddressesGroupedBy64: one device may use any address of its
// /64, so the per-address limit counts the /64.
func TestIPv6AddressesGroupedBy64(t *testing.T) {
	f := newFixture(t)
	handler, _ := f.hashedServer(t, &slowHash{}, 2)
	for i := range 5 {
		loginFrom(handler, fmt.Sprintf("[2001:db8:1:2::%x]:1", i+1), `{"pin":"00000000"}`)
	}
	cases := []struct {
		addr string
		want int
	}{
		{"[2001:db8:1:2:ffff:ffff:ffff:fffe]:1", http.StatusTooManyRequests},
		{"[2001:db8:1:2::1%eth0]:1", http.StatusTooManyRequests},
		{"[2001:db8:1:3::1]:1", http.StatusOK},
		{"198.51.100.9:1", http.StatusOK},
	}
	for _, tc := range cases {
		t.Run(tc.addr, func(t *testing.T) {
			if status, out := loginFrom(handler, tc.addr, `{"pin":"right:pin-hash"}`); status != tc.want {
				t.Fatalf("%d %v, want %d", status, out, tc.want)
			}
		})
	}
}

// TestLogOutEveryDesk: the organiser ends every desk's session at once;
// the organiser's own goes on; a desk may not do it; the log notes it.
func TestLogOutEveryDesk(t *testing.T) {
	f := newFixture(t)
	a, b := f.desk(t, "Porte A"), f.desk(t, "Porte B")
	admin := f.client(t)
	f.post(t, admin, "/api/login", map[string]string{"password": secret.AdminPassword})
	if status, _ := f.post(t, a, "/api/sessions/logout-desks", nil); status != http.StatusForbidden {
		t.Fatalf("a desk logging out every desk: %d, want 403", status)
	}
	status, out := f.post(t, admin, "/api/sessions/logout-desks", nil)
	if status != 200 || out["ended"] != 2.0 {
		t.Fatalf("log out every desk: %d %v, want 2 ended", status, out)
	}
	for name, c := range map[string]*http.Client{"Porte A": a, "Porte B": b} {
		if status, _ := f.post(t, c, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": "after-" + name}); status != http.StatusUnauthorized {
			t.Errorf("%s checking in after being logged out: %d, want 401", name, status)
		}
	}
	if status, _ := f.get(t, admin, "/api/stats"); status != 200 {
		t.Errorf("the organiser after logging out every desk: %d", status)
	}
	if !strings.Contains(f.logs.String(), "logged out every desk") {
		t.Errorf("the log does not say so:\n%s", f.logs)
	}
	if c := f.desk(t, "Porte A"); c == nil {
		t.Fatal("no new desk login")
	}
}

// TestLoggingInAgainEndsTheOldSession: the cookie a browser sent with its
// new login no longer opens anything, for a desk and for the organiser.
func TestLoggingInAgainEndsTheOldSession(t *testing.T) {
	cases := []struct {
		name, cookie string
		body         map[string]string
	}{
		{"desk", "desk_session", map[string]string{"pin": secret.DeskPIN, "desk": "Porte A"}},
		{"organiser", "desk_admin", map[string]string{"password": secret.AdminPassword}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			c := f.client(t)
			f.post(t, c, "/api/login", tc.body)
			old := cookieValue(t, c, f.srv.URL, tc.cookie)
			if status, _ := f.post(t, c, "/api/login", tc.body); status != 200 {
				t.Fatalf("second login: %d", status)
			}
			if cookieValue(t, c, f.srv.URL, tc.cookie) == old {
				t.Fatal("the second login gave the same cookie")
			}
			req, _ := http.NewRequest("GET", f.srv.URL+"/api/session", nil)
			req.AddCookie(&http.Cookie{Name: tc.cookie, Value: old})
			if status, _ := do(t, http.DefaultClient, req); status != http.StatusUnauthorized {
				t.Fatalf("the replaced cookie: %d, want 401", status)
			}
			if status, _ := f.get(t, c, "/api/session"); status != 200 {
				t.Fatalf("the new cookie: %d", status)
			}
		})
	}
}

func cookieValue(t *testing.T, c *http.Client, base, name string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", base, nil)
	for _, ck := range c.Jar.Cookies(req.URL) {
		if ck.Name == name {
			return ck.Value
		}
	}
	t.Fatalf("no %s cookie", name)
	return ""
}

// TestRightLoginsAtOnceArePausedForNobody: thirty desks log in with the
// right PIN at the same moment (the doors open). Checks still run one per
// core, but attempts that may be right never pause the logins of
// everyone: only failures do.
func TestRightLoginsAtOnceArePausedForNobody(t *testing.T) {
	f := newFixture(t)
	h := &slowHash{wait: 20 * time.Millisecond}
	handler, _ := f.hashedServer(t, h, 2)
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, _ := loginFrom(handler, fmt.Sprintf("198.51.100.%d:40000", i+1), `{"pin":"right:pin-hash"}`)
			mu.Lock()
			statuses[status]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if statuses[http.StatusTooManyRequests] > 0 || statuses[http.StatusOK] == 0 {
		t.Fatalf("answers %v: right PINs at once must not pause logins", statuses)
	}
	if status, out := loginFrom(handler, "198.51.100.99:40000", `{"pin":"right:pin-hash"}`); status != http.StatusOK {
		t.Fatalf("a login right after: %d %v", status, out)
	}
}
