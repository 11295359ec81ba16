package web_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/desk-event/desk/checkin"
)

// browser starts headless Chromium. Without it the test is skipped on a
// developer's machine but fails in CI, which installs it (.ci/run).
func browser(t *testing.T, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is missing: .ci/run installs it (apt-get install chromium)")
		}
		t.Skip("chromium is not installed (apt-get install chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-gpu", true),
		chromedp.UserDataDir(t.TempDir()))
	opts = append(opts, extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

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
	ctx := browser(t)
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
	if detail, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("detail"))); !strings.Contains(detail, "noté comme vérifié") {
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
	ctx := browser(t)
	loginDesk(ctx, t, f, "en")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#walkin summary")),
		chromedp.SendKeys(chromedp.ID("wfirst"), "Zoé"),
		chromedp.SendKeys(chromedp.ID("wlast"), "Nadeau"),
		chromedp.Click(chromedp.CSS("#walkinform button")),
	); err != nil {
		t.Fatal(err)
	}
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
	ctx := browser(t)
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
// is answered in blue; staff tick the box and scan again.
func TestHealthPassRequired(t *testing.T) {
	f := newFixtureWith(t, checkin.HealthPassRequire)
	ctx := browser(t)
	code := f.codes["Hélène"]
	loginDesk(ctx, t, f, "fr")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("scan"), code+kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if text := cardSays(ctx, t, "health_pass_required"); !strings.Contains(text, "Cochez") {
		t.Fatalf("blue card says %q", text)
	}
	time.Sleep(2100 * time.Millisecond)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("pass")), chromedp.Click(chromedp.ID("scan")), chromedp.SendKeys(chromedp.ID("scan"), code+kb.Enter)); err != nil {
		t.Fatal(err)
	}
	cardSays(ctx, t, "checked_in")
}

// TestConnectionLost: when the service cannot be reached, a scan says it
// was NOT recorded, and the banner says offline.
func TestConnectionLost(t *testing.T) {
	f := newFixture(t)
	ctx := browser(t)
	loginDesk(ctx, t, f, "en")
	f.srv.CloseClientConnections()
	f.srv.Listener.Close() // the laptop running the service is gone
	chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("scan"), f.codes["Hélène"]+kb.Enter))
	if text := cardSays(ctx, t, "lost"); !strings.Contains(text, "NOT recorded") {
		t.Fatalf("card says %q", text)
	}
	if banner, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("connection"))); !strings.Contains(banner, "OFFLINE") {
		t.Fatalf("banner says %q", banner)
	}
}
