package main

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
	"github.com/desk-event/desk/internal/browser"
)

// TestDeskPageThroughARestart drives the desk page in Chromium against the
// real desk serve, stops the service in the middle of the morning, scans a
// badge while it is down, and starts it again on the same port: the scan is
// recorded once, and the desk never asks for its PIN again.
func TestDeskPageThroughARestart(t *testing.T) {
	ta := newEventWithPeople(t)
	t.Setenv("DESK_DESK_PIN", "246810")
	var today []checkin.Registrant
	for _, r := range ta.registrants() {
		if r.RegisteredFor("2026-10-14") && !r.Cancelled {
			today = append(today, r)
		}
	}
	if len(today) < 2 {
		t.Fatalf("the sample event has %d people today", len(today))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	base, _, stop := runServeAt(t, ta, "http", addr)
	ctx := browser.Start(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/desk?lang=en"),
		chromedp.WaitVisible(chromedp.ID("pin")),
		chromedp.SendKeys(chromedp.ID("deskname"), "Entrée A"),
		chromedp.SendKeys(chromedp.ID("pin"), "246810"+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("scan")),
		chromedp.KeyEvent(string(today[0].Code)+kb.Enter),
	); err != nil {
		t.Fatal(err)
	}
	browser.Eventually(t, "the first arrival", func() bool { return liveCheckIns(t, ta)[today[0].Code] == 1 })
	if err := stop(); err != nil {
		t.Fatalf("stopping serve: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(string(today[1].Code)+kb.Enter)); err != nil { // the service is down
		t.Fatal(err)
	}
	browser.Eventually(t, "the scan waiting", func() bool {
		outcome, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("card").dataset.outcome`))
		return outcome == "pending"
	})
	_, _, stop = runServeAt(t, ta, "http", addr)
	defer stop()
	browser.Eventually(t, "the scan made while the service was down, recorded", func() bool { return liveCheckIns(t, ta)[today[1].Code] == 1 })
	login, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.getElementById("login").hidden`))
	if err != nil || login {
		t.Fatalf("the desk shows its login form after the restart (%v)", err)
	}
	// The database has the arrival before the page has its answer: wait for
	// the page too.
	var text string
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("recent scans: %q", text)
		}
	})
	browser.Eventually(t, "two arrivals in the recent scans", func() bool {
		text, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("recent").innerText`))
		return strings.Count(strings.ToLower(text), "welcome") == 2
	})
}

// liveCheckIns counts the check-ins not undone, by badge code.
func liveCheckIns(t *testing.T, ta *testApp) map[checkin.Code]int {
	t.Helper()
	cfg, err := config.Load(filepath.Join(ta.dir, "desk.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := db.OpenRaw(cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.QueryContext(context.Background(), `SELECT r.code FROM check_ins c JOIN registrants r ON r.id = c.registrant_id WHERE c.undone_at IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[checkin.Code]int{}
	for rows.Next() {
		var c string
		rows.Scan(&c)
		out[checkin.Code(c)]++
	}
	return out
}
