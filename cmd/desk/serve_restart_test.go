package main

import (
	"bufio"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"
)

// postJSON posts a JSON body and reads the JSON answer.
func postJSON(t *testing.T, c *http.Client, url, body string) (int, map[string]any) {
	t.Helper()
	return requestJSON(t, c, "POST", url, body)
}

// TestServeRestartKeepsDesksLoggedIn stops the real desk serve and starts
// it again on the same database: the desk's cookie still checks people in.
func TestServeRestartKeepsDesksLoggedIn(t *testing.T) {
	ta := newEventWithPeople(t)
	people := ta.registrants()
	t.Setenv("DESK_DESK_PIN", "246810")
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}

	base, _, stop := runServe(t, ta, "http")
	if status, v := postJSON(t, c, base+"/api/login", `{"pin":"246810","desk":"Entrée A"}`); status != 200 || v["role"] != "desk" {
		t.Fatalf("login: %d %v", status, v)
	}
	if _, v := postJSON(t, c, base+"/api/checkins", `{"code":"`+string(people[0].Code)+`","nonce":"before"}`); v["outcome"] != "checked_in" {
		t.Fatalf("check-in before the restart: %v", v)
	}
	if err := stop(); err != nil {
		t.Fatalf("first serve: %v", err)
	}

	base, _, stop = runServe(t, ta, "http") // another port: the cookie jar sends the cookie all the same
	defer stop()
	status, v := postJSON(t, c, base+"/api/checkins", `{"code":"`+string(people[1].Code)+`","nonce":"after"}`)
	if status != 200 || v["outcome"] != "checked_in" {
		t.Fatalf("check-in after the restart: %d %v", status, v)
	}
	if ci, _ := v["check_in"].(map[string]any); ci["desk"] != "Entrée A" {
		t.Fatalf("recorded under %v, want the desk's name", v["check_in"])
	}
}

// TestServeStopsWithAnEventStreamOpen: Ctrl-C with a dashboard open ends
// the service cleanly instead of waiting for the dashboard's event stream.
func TestServeStopsWithAnEventStreamOpen(t *testing.T) {
	ta := newEventWithPeople(t)
	t.Setenv("DESK_ADMIN_PASSWORD", "organiser")
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	base, out, stop := runServe(t, ta, "http")
	if status, v := postJSON(t, c, base+"/api/login", `{"password":"organiser"}`); status != 200 || v["role"] != "admin" {
		t.Fatalf("admin login: %d %v", status, v)
	}
	resp, err := c.Get(base + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if line, _ := bufio.NewReader(resp.Body).ReadString('\n'); !strings.Contains(line, "event: change") {
		t.Fatalf("the event stream did not open: %q", line)
	}
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	select {
	case err := <-stopped:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(5 * time.Second): // the old code waited 10 s, then failed
		t.Fatalf("desk serve did not stop with an event stream open:\n%s", out)
	}
	if !strings.Contains(out.String(), "desk serve: stopped") {
		t.Fatalf("no clean stop:\n%s", out)
	}
}
