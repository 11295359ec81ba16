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

// TestDeskPagePrintsBadges: at a desk printing on a button, staff choose
// the printer CUPS lists, print the badge of the person on the card and see
// it printed; a second print says when and where the first was and asks
// why, and a scanner's read typed into the reason is a scan, not a reason.
func TestDeskPagePrintsBadges(t *testing.T) {
	sp := &spooler{}
	f := newFixtureWith(t, checkin.HealthPassRecord, withPrinting(t, sp, checkin.DeskPrinting{Mode: checkin.PrintOnButton}))
	bob := f.add(t, "Bob2", "Martin")
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "fr")
	browser.Eventually(t, "the printer panel", func() bool {
		return eval[bool](ctx, t, `!document.getElementById("printer").hidden && document.getElementById("printerchoice").options.length === 3`)
	})
	eval[bool](ctx, t, `(() => { const s = document.getElementById("printerchoice"); s.value = "Brother_QL"; s.dispatchEvent(new Event("change")); return true; })()`)
	browser.Eventually(t, "the printer chosen", func() bool {
		return strings.Contains(eval[string](ctx, t, `document.getElementById("printersummary").textContent`), "Brother_QL")
	})
	eval[bool](ctx, t, `(() => { document.getElementById("scan").focus(); return true; })()`)
	scanAsScanner(ctx, t, f.codes["Hélène"])
	cardOf(ctx, t, "checked_in", "Hélène")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("printbadge")), chromedp.Click(chromedp.ID("printbadge"))); err != nil {
		t.Fatal(err)
	}
	browser.Eventually(t, "the badge printed", func() bool {
		return strings.Contains(eval[string](ctx, t, `document.getElementById("printstate").textContent`), "imprimé · Brother_QL")
	})
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("printbadge")), chromedp.WaitVisible(chromedp.ID("reprintreason"))); err != nil {
		t.Fatal(err)
	}
	why := eval[string](ctx, t, `document.getElementById("reprintwhy").textContent`)
	if !strings.Contains(why, "Badge déjà imprimé à 09:30, poste Poste") || !strings.Contains(why, "Pourquoi") {
		t.Fatalf("the second print asks: %q", why)
	}
	scanAsScanner(ctx, t, bob) // the focus is in the reason field
	cardOf(ctx, t, "checked_in", "Bob2")
	// Chloé's badge came on a sheet of desk badges: the card says so.
	chloe := f.add(t, "Chloé", "Faure")
	people, _ := f.store.Registrants(context.Background())
	for _, r := range people {
		if r.FirstName == "Chloé" {
			if err := f.store.MarkPrinted(context.Background(), []int64{r.ID}, f.now.Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
	}
	scanAsScanner(ctx, t, chloe)
	cardOf(ctx, t, "checked_in", "Chloé")
	var state string
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the card's badge line: %q", state)
		}
	})
	browser.Eventually(t, "the card saying Chloé's badge is printed", func() bool {
		state = eval[string](ctx, t, `document.getElementById("printstate").textContent + "|" + document.getElementById("printcard").hidden`)
		return strings.Contains(state, "Badge déjà imprimé à 08:30")
	})
	// Back to Hélène through a search: reprint with a reason.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("search"), "helene")); err != nil {
		t.Fatal(err)
	}
	browser.Eventually(t, "Hélène found", func() bool {
		return eval[int](ctx, t, `document.querySelectorAll("#results li a").length`) == 1
	})
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#results li a")), chromedp.WaitVisible(chromedp.ID("reprintreason")),
		chromedp.SendKeys(chromedp.ID("reprintreason"), "Badge perdu"+kb.Enter)); err != nil {
		t.Fatal(err)
	}
	browser.Eventually(t, "the reprint listed with its reason", func() bool {
		return strings.Contains(eval[string](ctx, t, `document.getElementById("printjobs").textContent`), "réimpression : Badge perdu")
	})
	admin := f.admin(t)
	_, out := f.get(t, admin, "/api/print/jobs")
	if jobs := out["jobs"].([]any); len(jobs) != 2 { // not a third: the code typed into the reason was a scan
		t.Fatalf("jobs: %v", out)
	}
}
