package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
)

// syncBuffer is a bytes.Buffer safe to read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// runServe runs desk serve through run() on port 0 for the event of ta
// and waits for the address it prints (scheme http or https). stop ends it
// as Ctrl-C would and returns its error.
func runServe(t *testing.T, ta *testApp, scheme string) (base string, out *syncBuffer, stop func() error) {
	t.Helper()
	return runServeAt(t, ta, scheme, "127.0.0.1:0")
}

// runServeAt is runServe on a given address (to restart on the same port).
func runServeAt(t *testing.T, ta *testApp, scheme, listen string) (base string, out *syncBuffer, stop func() error) {
	t.Helper()
	if scheme == "http" && os.Getenv("DESK_SERVER_TLS") == "" {
		t.Setenv("DESK_SERVER_TLS", "off") // desk init proposes self-signed
	}
	out = &syncBuffer{}
	a := &app{stdout: out, stderr: out, rand: rand.Reader, // session tokens must differ, across restarts too
		now: func() time.Time { return time.Date(2026, 10, 14, 8, 0, 0, 0, time.UTC) }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- a.run(ctx, []string{"--config", ta.dir + "/desk.yaml", "serve", "--addr", listen, "--today", "2026-10-14"})
	}()
	addr := regexp.MustCompile(`(` + scheme + `://\S+)/api`)
	for i := 0; i < 100 && base == ""; i++ {
		time.Sleep(50 * time.Millisecond)
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("serve did not start over %s:\n%s", scheme, out)
	}
	// serve answers once all it says at start is said (the printing lines
	// follow the addresses).
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	if resp, err := c.Get(base + "/desk"); err != nil {
		cancel()
		t.Fatalf("serve does not answer: %v\n%s", err, out)
	} else {
		resp.Body.Close()
	}
	return base, out, func() error { cancel(); return <-done }
}

// TestServeEndToEnd runs desk serve through run() on port 0 and checks a
// badge in over HTTP, as a desk would.
func TestServeEndToEnd(t *testing.T) {
	ta := newEventWithPeople(t)
	code := string(ta.registrants()[0].Code)
	t.Setenv("DESK_DESK_PIN", "246810")
	t.Setenv("DESK_ADMIN_PASSWORD", "organiser")
	base, out, stop := runServe(t, ta, "http")
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	post := func(path, body string) map[string]any {
		resp, err := c.Post(base+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v map[string]any
		json.NewDecoder(resp.Body).Decode(&v)
		return v
	}
	if v := post("/api/login", `{"pin":"246810"}`); v["role"] != "desk" {
		t.Fatalf("login: %v", v)
	}
	if v := post("/api/checkins", `{"code":"`+code+`","nonce":"e2e"}`); v["outcome"] != "checked_in" {
		t.Fatalf("check-in: %v", v)
	}
	// The organiser downloads the day's report from the dashboard.
	if v := post("/api/login", `{"password":"organiser"}`); v["role"] != "admin" {
		t.Fatalf("admin login: %v", v)
	}
	for format, prefix := range map[string]string{"pdf": "%PDF", "csv": "\ufeff"} {
		resp, err := c.Get(base + "/api/report?format=" + format)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(string(body), prefix) {
			t.Fatalf("report %s: %d %.20q", format, resp.StatusCode, body)
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	if !strings.Contains(out.String(), "stopped") {
		t.Fatalf("no clean stop:\n%s", out)
	}
}

// TestServeOverHTTPS runs desk serve with a self-signed certificate, as
// for phones, and checks a badge in over HTTPS with a Secure cookie.
func TestServeOverHTTPS(t *testing.T) {
	ta := newEventWithPeople(t)
	code := string(ta.registrants()[0].Code)
	t.Setenv("DESK_DESK_PIN", "246810")
	t.Setenv("DESK_SERVER_TLS", "self-signed")
	base, _, stop := runServe(t, ta, "https")
	pemBytes, err := os.ReadFile(filepath.Join(ta.dir, "desk-cert.pem"))
	if err != nil {
		t.Fatalf("the certificate is not kept beside the database: %v", err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pemBytes)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := c.Post(base+"/api/login", "application/json", strings.NewReader(`{"pin":"246810"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cookie := resp.Header.Get("Set-Cookie"); !strings.Contains(cookie, "Secure") {
		t.Fatalf("session cookie over HTTPS without Secure: %q", cookie)
	}
	resp, err = c.Post(base+"/api/checkins", "application/json", strings.NewReader(`{"code":"`+code+`","nonce":"tls"}`))
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	json.NewDecoder(resp.Body).Decode(&v)
	resp.Body.Close()
	if v["outcome"] != "checked_in" {
		t.Fatalf("check-in over HTTPS: %v", v)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestBackupsWhileServing(t *testing.T) {
	ta := newEventWithPeople(t)
	cfg, err := config.Load(filepath.Join(ta.dir, "desk.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Backup.Every = 50 * time.Millisecond // desk.yaml allows a minute at least; the mechanism is the same
	store, err := db.Open(context.Background(), cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	a := &app{stdout: io.Discard, stderr: io.Discard, now: time.Now}
	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	a.backupEvery(ctx, cfg, store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	files, _ := filepath.Glob(filepath.Join(cfg.Backup.Folder, "desk-*.db"))
	if len(files) == 0 {
		t.Fatal("no backup written while serving")
	}
	copyDB, err := db.Open(context.Background(), files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	if rs, _ := copyDB.Registrants(context.Background()); len(rs) != 4 {
		t.Fatalf("the backup holds %d registrants, want 4", len(rs))
	}
}
