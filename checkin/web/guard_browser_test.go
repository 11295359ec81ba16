package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/web"
	"github.com/desk-event/desk/internal/browser"
)

// TestDeskWorksWithHandles: the desk page checks in a person found by a
// search, offers their badge for reprinting, and checks in someone a walk-in
// form found already registered, all with the handles the server gives
// instead of badge codes; no badge code is kept by the page.
func TestDeskWorksWithHandles(t *testing.T) {
	f := newFixture(t)
	chloe := f.add(t, "Chloé", "Faure")
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("search"), "faure"), chromedp.WaitVisible(chromedp.CSS("#results li button"))); err != nil {
		t.Fatal(err)
	}
	href := eval[string](ctx, t, `document.querySelector("#results li a").getAttribute("href")`)
	if !strings.HasPrefix(href, "/api/badges/") || strings.Contains(href, chloe) {
		t.Fatalf("reprint link %q", href)
	}
	if status, body := f.raw(t, f.desk(t, "other"), href); status != 404 {
		t.Fatalf("another desk reprints through this desk's link: %d %.20s", status, body)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#results li button"))); err != nil {
		t.Fatal(err)
	}
	cardOf(ctx, t, "checked_in", "Chloé Faure")
	if got := f.arrivals(t)["Chloé"]; got.checkInsOf != 1 || got.undone {
		t.Fatalf("Chloé: %+v", got)
	}
	// A walk-in typed for Bob, registered for tomorrow: staff pick him.
	registerWalkIn(ctx, t, "Bob", "Roy", "")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#known button")), chromedp.Click(chromedp.CSS("#known button"))); err != nil {
		t.Fatal(err)
	}
	cardOf(ctx, t, "checked_in", "Bob Roy")
	if got := f.arrivals(t)["Bob"]; !got.forced {
		t.Fatalf("Bob: %+v, want admitted anyway", got)
	}
	for _, code := range []string{f.codes["Bob"], chloe} {
		if kept := eval[string](ctx, t, `JSON.stringify(localStorage) + JSON.stringify(scans.map((s) => [s.code, s.result]))`); strings.Contains(kept, code) {
			t.Fatalf("the page holds a badge code it was never given by a scan: %s", kept)
		}
	}
}

// TestScanOverTheRateWaits: a desk scanning faster than its rate sees its
// scan wait with a card that says so, and the scan is recorded by itself
// once the rate allows.
func TestScanOverTheRateWaits(t *testing.T) {
	f := newFixtureWith(t, checkin.HealthPassRecord, func(o *web.Options) {
		o.Now = time.Now // the limit must lift while the page retries
		o.Limits.Scans = web.Rate{Every: 1500 * time.Millisecond, Burst: 1}
	})
	chloe := f.add(t, "Chloé", "Faure")
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	scanAsScanner(ctx, t, f.codes["Hélène"])
	cardOf(ctx, t, "checked_in", "Hélène")
	scanAsScanner(ctx, t, chloe)
	browser.Eventually(t, "a card saying the scan waits for the rate", func() bool {
		text := cardOf(ctx, t, "pending", "")
		return strings.Contains(text, "Too many scans in a row") && strings.Contains(text, "do not scan again")
	})
	cardOf(ctx, t, "checked_in", "Chloé")
}
