package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/internal/browser"
)

// loginDesk opens the desk page in a language and logs in with the PIN.
func loginDesk(ctx context.Context, t *testing.T, f *fixture, lang string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(f.srv.URL+"/desk?lang="+lang),
		chromedp.WaitVisible(chromedp.ID("pin")),
		chromedp.SendKeys(chromedp.ID("pin"), secret.DeskPIN+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("scan")),
	); err != nil {
		t.Fatal(err)
	}
}

// loginDashboard opens the dashboard in French on a wide screen, logs in
// with the admin password and waits for the element with id ready.
func loginDashboard(ctx context.Context, t *testing.T, f *fixture, ready string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1100, 900),
		chromedp.Navigate(f.srv.URL+"/dashboard?lang=fr"),
		chromedp.WaitVisible(chromedp.ID("password")),
		chromedp.SendKeys(chromedp.ID("password"), secret.AdminPassword+kb.Enter),
		chromedp.WaitVisible(chromedp.ID(ready)),
	); err != nil {
		t.Fatal(err)
	}
}

// registerWalkIn fills the walk-in form and sends it with the mouse.
func registerWalkIn(ctx context.Context, t *testing.T, first, last, org string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#walkin summary")),
		chromedp.SendKeys(chromedp.ID("wfirst"), first),
		chromedp.SendKeys(chromedp.ID("wlast"), last),
		chromedp.SendKeys(chromedp.ID("worg"), org),
		chromedp.Click(chromedp.CSS("#walkinform button[type=submit]")),
	); err != nil {
		t.Fatal(err)
	}
}

// cardSays waits until the answer card shows an outcome and returns its
// outcome and text.
func cardSays(ctx context.Context, t *testing.T, outcome string) string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#card[data-outcome="`+outcome+`"]`))); err != nil {
		t.Fatalf("waiting for a %s card: %v", outcome, err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("card")))
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// TestDeskPageAsStaffUseIt logs in with the PIN, scans a badge as a
// keyboard-wedge scanner types it (code, then Enter), sees the green card,
// scans it again for the amber one, scans a health pass, searches a name
// without its accents, and undoes a check-in.
func TestDeskPageAsStaffUseIt(t *testing.T) {
	f := newFixture(t)
	ctx := browser.Start(t)
	code := f.codes["Hélène"]
	if err := chromedp.Do(ctx,
		chromedp.Navigate(f.srv.URL+"/?lang=fr"),
		chromedp.WaitVisible(chromedp.ID("pin")),
		chromedp.SendKeys(chromedp.ID("deskname"), "Entrée A"),
		chromedp.SendKeys(chromedp.ID("pin"), secret.DeskPIN+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("scan")),
		chromedp.SendKeys(chromedp.ID("scan"), strings.ToLower(code)+kb.Enter),
	); err != nil {
		t.Fatal(err)
	}
	if text := cardSays(ctx, t, "checked_in"); !strings.Contains(text, "Hélène <b>Müller</b>") || !strings.Contains(text, "<img src=x") ||
		!strings.Contains(text, "<script>") || !strings.Contains(strings.ToLower(text), "bienvenue") {
		t.Fatalf("green card says %q (names, organisation and category must show as text, markup included)", text)
	}
	if title, _ := chromedp.Run(ctx, chromedp.Title()); title == "pwned" {
		t.Fatal("markup in a registrant's fields ran as script")
	}
	// The health pass was checked after the scan: staff tick it on the card.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("passlater")), chromedp.WaitNotVisible(chromedp.ID("passlater"))); err != nil {
		t.Fatal(err)
	}
	if detail, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("detail"))); !strings.Contains(detail, "Pass sanitaire : vérifié") {
		t.Fatalf("after ticking the pass: %q", detail)
	}
	time.Sleep(2100 * time.Millisecond) // a scanner's repeat within 2 s is ignored; this is a second scan
	chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("scan"), code+kb.Enter))
	if text := cardSays(ctx, t, "already_checked_in"); !strings.Contains(text, "Entrée A") {
		t.Fatalf("amber card says %q, want the desk of the first scan", text)
	}
	chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("scan"), "HC1:NCFOXN%TS3DH"+kb.Enter))
	if text := cardSays(ctx, t, "not_a_badge"); !strings.Contains(text, "pass sanitaire") {
		t.Fatalf("health pass card says %q", text)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("search"), "helene"), chromedp.WaitVisible(chromedp.CSS("#results li"))); err != nil {
		t.Fatal(err)
	}
	if results, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("results"))); err != nil || !strings.Contains(results, "Hélène") {
		t.Fatalf("search for helene: %q, %v", results, err)
	}
	// Bob comes tomorrow: staff admit him anyway, then undo it.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("scan")), chromedp.SendKeys(chromedp.ID("scan"), f.codes["Bob"]+kb.Enter)); err != nil {
		t.Fatal(err)
	}
	cardSays(ctx, t, "not_registered_today")
	chromedp.Do(ctx, chromedp.Click(chromedp.ID("force")))
	cardSays(ctx, t, "checked_in")
	chromedp.Do(ctx, chromedp.Click(chromedp.ID("undo")))
	cardSays(ctx, t, "undone")
}

// TestWalkInAtTheDesk registers someone at the door from the page: they
// are checked in and their badge is offered for printing.
func TestWalkInAtTheDesk(t *testing.T) {
	f := newFixture(t)
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	registerWalkIn(ctx, t, "Zoé", "Nadeau", "")
	if text := cardSays(ctx, t, "checked_in"); !strings.Contains(text, "Zoé Nadeau") || !strings.Contains(strings.ToLower(text), "welcome") {
		t.Fatalf("card says %q", text)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("badgelink").getAttribute("href")`))
	if err != nil || !strings.HasPrefix(href, "/api/badges/") {
		t.Fatalf("badge link %q, %v", href, err)
	}
}

// TestDashboardFollowsTheDesks logs in as the organiser and watches the
// count move when a desk checks someone in.
func TestDashboardFollowsTheDesks(t *testing.T) {
	f := newFixture(t)
	ctx := browser.Start(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(f.srv.URL+"/dashboard"),
		chromedp.WaitVisible(chromedp.ID("password")),
		chromedp.SendKeys(chromedp.ID("password"), secret.AdminPassword+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("board")),
	); err != nil {
		t.Fatal(err)
	}
	a := f.desk(t, "A")
	f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": "db1"})
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#latest li"))); err != nil {
		t.Fatal(err)
	}
	totals, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("totals")))
	if err != nil || !strings.Contains(totals, "1 of 1 expected") && !strings.Contains(totals, "1 sur 1 attendus") {
		t.Fatalf("totals %q, %v", totals, err)
	}
}

// TestHealthPassRequired: under "require", a scan without the box ticked
// is answered in blue; staff check the pass and press the card's button:
// the same person is admitted, with the pass recorded as checked.
func TestHealthPassRequired(t *testing.T) {
	f := newFixtureWith(t, checkin.HealthPassRequire)
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "fr")
	scanAsScanner(ctx, t, f.codes["Hélène"])
	if text := cardOf(ctx, t, "health_pass_required", "Hélène"); !strings.Contains(text, "Vérifiez le pass") {
		t.Fatalf("blue card says %q", text)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("admitpass"))); err != nil {
		t.Fatal(err)
	}
	cardOf(ctx, t, "checked_in", "Hélène")
	if a := f.arrivals(t)["Hélène"]; a.verified == nil || !*a.verified {
		t.Fatalf("Hélène's health pass: %v, want checked", a.verified)
	}
}

// TestConnectionLost: when the service cannot be reached, a scan is not
// said to be recorded or lost: it waits for the server, and the banner
// says offline.
func TestConnectionLost(t *testing.T) {
	f := newFixture(t)
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	f.srv.CloseClientConnections()
	f.srv.Listener.Close() // the laptop running the service is gone
	scanAsScanner(ctx, t, f.codes["Hélène"])
	if text := cardOf(ctx, t, "pending", ""); !strings.Contains(strings.ToLower(text), "waiting for the server") {
		t.Fatalf("card says %q", text)
	}
	browser.Eventually(t, "the offline banner", func() bool {
		return strings.Contains(eval[string](ctx, t, `document.getElementById("connection").textContent`), "OFFLINE")
	})
}
