package main

import (
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/internal/cupstest"
)

// TestArrivalPrintsTheBadge runs the real desk serve with printing on
// arrival to the cups-pdf queue: a check-in answers at once, and the
// person's badge comes out of the printer, its QR code the person's code
// and its text their name; a second scan prints nothing more.
func TestArrivalPrintsTheBadge(t *testing.T) {
	out := cupstest.NeedCUPS(t)
	cupstest.Run(t, "cupsaccept", cupstest.Queue)
	ta := newEventWithPeople(t)
	person := ta.registrants()[0]
	t.Setenv("DESK_DESK_PIN", "246810")
	t.Setenv("DESK_PRINTING_PRINTER", cupstest.Queue)
	t.Setenv("DESK_PRINTING_MODE", "on_checkin")
	base, log, stop := runServe(t, ta, "http")
	defer stop()
	if !strings.Contains(log.String(), "badges print on arrival on the CUPS queue PDF") {
		t.Fatalf("serve does not say it prints:\n%s", log)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if status, v := postJSON(t, c, base+"/api/login", `{"pin":"246810","desk":"Entrée A"}`); status != 200 {
		t.Fatalf("login: %d %v", status, v)
	}
	since := time.Now().Add(-time.Second)
	if _, v := postJSON(t, c, base+"/api/checkins", `{"code":"`+string(person.Code)+`"}`); v["outcome"] != "checked_in" {
		t.Fatalf("check-in: %v", v)
	}
	pdf := cupstest.WaitForPDF(t, out, since, 15*time.Second)
	codes, text := cupstest.ReadBadge(t, pdf)
	if codes != string(person.Code) || !strings.Contains(text, person.FirstName) {
		t.Fatalf("printed badge: codes %q, text %q; want %s and %s", codes, text, person.Code, person.FirstName)
	}
	postJSON(t, c, base+"/api/checkins", `{"code":"`+string(person.Code)+`"}`) // already here: no second badge
	time.Sleep(2 * time.Second)                                                // the worker's pass: long enough for a second job to print if one were queued
	if again := cupstest.NewPDFs(t, out, since); again != 1 {
		t.Fatalf("%d badges printed for one person", again)
	}
}
