package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/internal/browser"
)

// TestDashboardReadsAtAGlance logs in as the organiser and reads the
// dashboard in French and in English: labelled counts, a chart with a
// time axis in the event's time zone and its empty slots, the desks by
// name, a long table collapsed to its top rows with a "show all" reached
// from the keyboard, the HTTPS notice next to the pairing QR code; then
// logs out.
func TestDashboardReadsAtAGlance(t *testing.T) {
	f := newFixture(t)
	a, b := f.desk(t, "Entrée A"), f.desk(t, "Poste 2")
	for i := range 12 { // 12 walk-ins from 12 organisations: 6 at 9:30 (Paris), 6 at 10:10
		desk := a
		if i >= 6 {
			*f.now, desk = clock.Add(40*time.Minute), b
		}
		body := map[string]any{"first_name": "Walk", "last_name": fmt.Sprint("In ", i), "organisation": fmt.Sprintf("Org %02d", i), "nonce": fmt.Sprint("wi", i)}
		if status, out := f.post(t, desk, "/api/walkins", body); status != 200 || out["outcome"] != "checked_in" {
			t.Fatalf("walk-in %d: %d %v", i, status, out)
		}
	}
	ctx := browser.Start(t)
	loginDashboard(ctx, t, f, "pairing")
	t.Run("en français", func(t *testing.T) {
		page := readDashboard(ctx, t)
		page.says(t, "Arrivés :", "12", "sur 13 attendus", "92", "admis sans inscription", "pass sanitaire vérifié", "inscrits sur place",
			"Organismes", "Par poste", "Entrée A", "Poste 2", "Tout afficher (13)", "caméras des téléphones", "HTTPS", "server.tls: self-signed")
		if want := []string{"09:30", "10:00"}; !slices.Equal(page.Hours, want) {
			t.Errorf("the chart's time axis says %q, want %q (Paris time, 24-hour)", page.Hours, want)
		}
		if page.Slots != 5 || page.Empty != 3 || !slices.Equal(page.Values, []string{"6", "0", "0", "0", "6"}) {
			t.Errorf("chart: %d slots, %d empty, values %q; want 5 slots from 9:30 to 10:10, 3 empty, each with its value", page.Slots, page.Empty, page.Values)
		}
		if page.Organisations != 10 {
			t.Errorf("%d organisation rows shown, want the top 10 of 13", page.Organisations)
		}
	})
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(filepath.Join(os.TempDir(), "desk-dashboard-fr.png"), shot, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Run("show all from the keyboard", func(t *testing.T) {
		quick, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := chromedp.Do(quick, chromedp.Focus(chromedp.CSS("#organisations button")), chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		page := readDashboard(ctx, t)
		if page.Organisations != 13 {
			t.Fatalf("after Enter on “show all”: %d organisation rows shown, want 13", page.Organisations)
		}
	})
	t.Run("in English", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/dashboard?lang=en"), chromedp.WaitVisible(chromedp.ID("pairing"))); err != nil {
			t.Fatal(err)
		}
		page := readDashboard(ctx, t)
		page.says(t, "Arrived:", "of 13 expected", "92%", "admitted without registration", "health pass checked", "registered at the door",
			"Organisations", "By desk", "Show all (13)", "phone cameras only work over HTTPS", "server.tls: self-signed")
		if len(page.Hours) != 2 || !strings.Contains(page.Hours[1], "10:00") || !strings.Contains(page.Hours[1], "AM") {
			t.Errorf("the chart's time axis says %q, want 09:30 AM and 10:00 AM", page.Hours)
		}
		for _, french := range []string{"Arrivés", "sur 13", "Organismes", "Tout afficher"} {
			if strings.Contains(page.Text, french) {
				t.Errorf("the English dashboard still says %q", french)
			}
		}
	})
	t.Run("log out", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("logout")), chromedp.WaitVisible(chromedp.ID("password")), chromedp.WaitNotVisible(chromedp.ID("board"))); err != nil {
			t.Fatal(err)
		}
		status, err := chromedp.Run(ctx, chromedp.Evaluate[int](`fetch("/api/stats").then((r) => r.status)`, chromedp.EvalAwaitPromise))
		if err != nil || status != 401 {
			t.Fatalf("after logging out the stats answer %d, %v; want 401", status, err)
		}
	})
}

// dashboardText is what a reader sees on the dashboard.
type dashboardText struct {
	Text          string   // the whole page's visible text, the QR code's notice included
	Hours         []string // the chart's time axis
	Values        []string // the numbers on the bars
	Slots, Empty  int      // the chart's ten-minute slots, and the empty ones
	Organisations int      // organisation rows shown
}

func readDashboard(ctx context.Context, t *testing.T) dashboardText {
	t.Helper()
	page, err := chromedp.Run(ctx, chromedp.Evaluate[dashboardText](`(() => {
		const texts = (sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent);
		return {
			Text: document.body.innerText,
			Hours: texts("#curve text.hour"), Values: texts("#curve text.value"),
			Slots: document.querySelectorAll("#curve g.slot").length,
			Empty: document.querySelectorAll('#curve g.slot[data-arrivals="0"]').length,
			Organisations: [...document.querySelectorAll("#organisations tbody tr")].filter((r) => r.getClientRects().length > 0).length,
		};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	return page
}

// says fails for each text the page does not show.
func (d dashboardText) says(t *testing.T, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(strings.ReplaceAll(d.Text, "\u202f", " "), w) {
			t.Errorf("the dashboard does not say %q; it says:\n%s", w, d.Text)
		}
	}
}

// TestDashboardWithoutHealthPass: under health_pass: off, the dashboard
// does not count a pass nobody checks.
func TestDashboardWithoutHealthPass(t *testing.T) {
	f := newFixtureWith(t, checkin.HealthPassOff)
	ctx := browser.Start(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(f.srv.URL+"/dashboard?lang=en"),
		chromedp.WaitVisible(chromedp.ID("password")),
		chromedp.SendKeys(chromedp.ID("password"), secret.AdminPassword+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("pairing")),
	); err != nil {
		t.Fatal(err)
	}
	page := readDashboard(ctx, t)
	page.says(t, "Arrived:", "admitted without registration", "registered at the door")
	if text := strings.ToLower(page.Text); strings.Contains(text, "health pass") || strings.Contains(text, "pass sanitaire") {
		t.Fatalf("under health_pass: off the dashboard says:\n%s", page.Text)
	}
}
