package web_test

// The desk page as a busy door uses it: Wi-Fi lag, a lost network, a
// scanner typing faster than the page, staff who tick a box and forget it,
// keyboard-only use. Each test reads the database afterwards: the page must
// never record what did not happen nor lose what did.

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/db"
	"github.com/desk-event/desk/internal/browser"
)

// add registers one more person for today and returns their code.
func (f *fixture) add(t *testing.T, first, last string) string {
	t.Helper()
	r, err := f.store.AddWalkIn(context.Background(), checkin.Registrant{FirstName: first, LastName: last, Days: []checkin.Day{day}},
		"fixture-"+first, clock, rand.NewChaCha8([32]byte{byte(len(first)), byte(len(last))}))
	if err != nil {
		t.Fatal(err)
	}
	f.codes[first] = string(r.Code)
	return string(r.Code)
}

// arrival is what the database holds of one live check-in.
type arrival struct {
	first      string
	verified   *bool
	forced     bool
	undone     bool
	checkInsOf int // how many check-ins, undone included, the person has
}

// arrivals reads every check-in of the day, by first name.
func (f *fixture) arrivals(t *testing.T) map[string]arrival {
	t.Helper()
	raw, err := db.OpenRaw(f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT r.first_name, c.health_pass_verified, c.forced, c.undone_at IS NOT NULL
FROM check_ins c JOIN registrants r ON r.id = c.registrant_id ORDER BY c.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]arrival{}
	for rows.Next() {
		var a arrival
		var verified *bool
		if err := rows.Scan(&a.first, &verified, &a.forced, &a.undone); err != nil {
			t.Fatal(err)
		}
		a.verified = verified
		a.checkInsOf = out[a.first].checkInsOf + 1
		if prev, ok := out[a.first]; ok && !prev.undone && a.undone {
			a = arrival{first: prev.first, verified: prev.verified, forced: prev.forced, checkInsOf: a.checkInsOf}
		}
		out[a.first] = a
	}
	return out
}

// scanAsScanner types a code and Enter into whatever has the focus, key by
// key as a USB scanner does, without clicking anything first.
func scanAsScanner(ctx context.Context, t *testing.T, code string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(code+kb.Enter)); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](ctx context.Context, t *testing.T, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// cardOf waits until the card shows a person and outcome, and returns its text.
func cardOf(ctx context.Context, t *testing.T, outcome, who string) string {
	t.Helper()
	var text string
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		text = eval[string](ctx, t, `(() => { const c = document.getElementById("card");
			return c.hidden ? "" : c.dataset.outcome + "|" + c.innerText; })()`)
		if strings.HasPrefix(text, outcome+"|") && strings.Contains(text, who) {
			return text
		}
		if time.Now().After(deadline) {
			recent := eval[string](ctx, t, `document.getElementById("recent").innerText`)
			t.Fatalf("no %s card for %s after 15 s; the card: %q; recent scans: %q", outcome, who, text, recent)
		}
	}
}

// TestHealthPassBoxBelongsToOneScan: staff tick "health pass checked" and
// the scan that follows is refused (red, amber): the next person must not
// be recorded as checked.
func TestHealthPassBoxBelongsToOneScan(t *testing.T) {
	f := newFixture(t)
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	for _, code := range []string{"BCDFBCDFBCDFBCDFBCDF", f.codes["Bob"]} { // unknown, then not today
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("pass")), chromedp.Click(chromedp.ID("scan"))); err != nil {
			t.Fatal(err)
		}
		scanAsScanner(ctx, t, code)
		browser.Eventually(t, "an answer", func() bool {
			o := eval[string](ctx, t, `document.getElementById("card").dataset.outcome || ""`)
			return o != "" && o != "pending"
		})
		if eval[bool](ctx, t, `document.getElementById("pass").checked`) {
			t.Fatal("the health-pass box is still ticked after the answer")
		}
		eval[any](ctx, t, `document.getElementById("card").dataset.outcome = ""`)
	}
	scanAsScanner(ctx, t, f.codes["Hélène"])
	cardOf(ctx, t, "checked_in", "Hélène")
	if a := f.arrivals(t)["Hélène"]; a.verified == nil || *a.verified {
		t.Fatalf("Hélène recorded with health pass %v; nobody checked her pass", a.verified)
	}
}

// TestRequireFlowFromTheKeyboard: under "require", the blue card is
// answered with one key (Space), or by ticking the box and scanning again
// at once: the rescan is a new request (the flag differs), never dropped
// as a scanner's repeat, and the scanner's keys never land in the box.
func TestRequireFlowFromTheKeyboard(t *testing.T) {
	f := newFixtureWith(t, checkin.HealthPassRequire)
	chloe := f.add(t, "Chloé", "Faure")
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	scanAsScanner(ctx, t, f.codes["Hélène"])
	cardOf(ctx, t, "health_pass_required", "Hélène")
	if err := chromedp.Do(ctx, chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	cardOf(ctx, t, "checked_in", "Hélène")

	scanAsScanner(ctx, t, chloe)
	cardOf(ctx, t, "health_pass_required", "Chloé")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("pass"))); err != nil { // the box takes the focus...
		t.Fatal(err)
	}
	scanAsScanner(ctx, t, chloe) // ...and the scanner types at once, within the repeat window
	cardOf(ctx, t, "checked_in", "Chloé")
	got := f.arrivals(t)
	for _, who := range []string{"Hélène", "Chloé"} {
		if a := got[who]; a.verified == nil || !*a.verified || a.checkInsOf != 1 {
			t.Errorf("%s: %+v, want one check-in with the pass checked", who, a)
		}
	}
}

// TestScanRightAfterAWalkIn: staff register a walk-in with the mouse, then
// the next person's badge is scanned: the scanner's Enter must check them
// in, not send the walk-in form again.
func TestScanRightAfterAWalkIn(t *testing.T) {
	f := newFixture(t)
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "fr")
	registerWalkIn(ctx, t, "Zoé", "Nadeau", "")
	cardOf(ctx, t, "checked_in", "Zoé Nadeau")
	scanAsScanner(ctx, t, f.codes["Hélène"])
	cardOf(ctx, t, "checked_in", "Hélène")
	if got := f.arrivals(t); len(got) != 2 || got["Zoé"].checkInsOf != 1 || got["Hélène"].checkInsOf != 1 {
		t.Fatalf("arrivals %+v, want Zoé and Hélène once each", got)
	}
}

// TestLateAnswerStaysWithItsScan: the first of two scans 150 ms apart is
// delayed 600 ms (Wi-Fi lag). The card must end on the second person, the
// first one's answer goes to the list of recent scans, and the card's Undo
// undoes the second person's check-in.
func TestLateAnswerStaysWithItsScan(t *testing.T) {
	f := newFixture(t)
	chloe := f.add(t, "Chloé", "Faure")
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	browser.Intercept(ctx, t, "*/api/checkins", fetch.RequestStageRequest, func(n int, _ string) (time.Duration, bool) {
		if n == 0 {
			return 600 * time.Millisecond, false
		}
		return 0, false
	})
	scanAsScanner(ctx, t, f.codes["Hélène"])
	time.Sleep(150 * time.Millisecond) // the second person steps up: this gap is the situation under test
	scanAsScanner(ctx, t, chloe)
	cardOf(ctx, t, "checked_in", "Chloé")
	browser.Eventually(t, "Hélène's late arrival recorded", func() bool { return f.arrivals(t)["Hélène"].checkInsOf == 1 })
	for deadline := time.Now().Add(700 * time.Millisecond); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if text := cardOf(ctx, t, "checked_in", ""); !strings.Contains(text, "Chloé") {
			t.Fatalf("the card shows %q after the late answer; Chloé is at the desk", text)
		}
	}
	browser.Eventually(t, "Hélène's answer in the recent scans", func() bool {
		return strings.Contains(eval[string](ctx, t, `document.getElementById("recent").innerText`), "Hélène")
	})
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("undo"))); err != nil {
		t.Fatal(err)
	}
	cardOf(ctx, t, "undone", "Chloé")
	got := f.arrivals(t)
	if !got["Chloé"].undone || got["Hélène"].undone {
		t.Fatalf("undo hit %+v; want Chloé undone and Hélène still in", got)
	}
}

// TestSearchShowsOnlyTheLatestQuery: the answer to an earlier query that
// arrives last is dropped, and rows are never doubled.
func TestSearchShowsOnlyTheLatestQuery(t *testing.T) {
	f := newFixture(t)
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	nw := browser.Intercept(ctx, t, "*/api/registrants*", fetch.RequestStageRequest, func(n int, _ string) (time.Duration, bool) {
		if n == 0 {
			return 700 * time.Millisecond, false
		}
		return 0, false
	})
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("search"), "hél")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(250 * time.Millisecond) // staff go on typing while the first answer is on its way
	eval[any](ctx, t, `document.getElementById("search").value = ""`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("search"), "roy")); err != nil {
		t.Fatal(err)
	}
	nw.Passed(t)
	nw.Passed(t) // both answers have left the server; the slow one is the first query's
	browser.Eventually(t, "Bob in the results", func() bool {
		return strings.Contains(eval[string](ctx, t, `document.getElementById("results").innerText`), "Bob")
	})
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		rows := eval[int](ctx, t, `document.querySelectorAll("#results li").length`)
		text := eval[string](ctx, t, `document.getElementById("results").innerText`)
		if strings.Contains(text, "Hélène") || rows != 1 {
			t.Fatalf("results for \"roy\": %d rows, %q", rows, text)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestUnknownFateIsNeverNotRecorded: the network fails before the request
// reaches the server, or after the server has committed and before the
// answer comes back. Either way the page waits, retries with the same
// nonce, and ends with one arrival and a green card.
func TestUnknownFateIsNeverNotRecorded(t *testing.T) {
	for _, stage := range []fetch.RequestStage{fetch.RequestStageRequest, fetch.RequestStageResponse} {
		t.Run(string(stage), func(t *testing.T) {
			f := newFixture(t)
			ctx := browser.Start(t)
			loginDesk(ctx, t, f, "en")
			browser.Intercept(ctx, t, "*/api/checkins", stage, func(n int, _ string) (time.Duration, bool) {
				return 300 * time.Millisecond, n == 0 // the first try is lost
			})
			scanAsScanner(ctx, t, f.codes["Hélène"])
			if text := cardOf(ctx, t, "pending", ""); strings.Contains(strings.ToLower(text), "not recorded") {
				t.Fatalf("card says %q while the fate of the scan is unknown", text)
			}
			cardOf(ctx, t, "checked_in", "Hélène")
			if a := f.arrivals(t)["Hélène"]; a.checkInsOf != 1 {
				t.Fatalf("Hélène has %d check-ins, want 1", a.checkInsOf)
			}
		})
	}
}

// TestPendingScansSurviveAReload: with the server unreachable, a scan
// waits; staff reload the page (or the laptop's browser restarts); once
// the server is back the scan is recorded, once, and nothing personal was
// kept in the browser meanwhile.
func TestPendingScansSurviveAReload(t *testing.T) {
	f := newFixture(t)
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	nw := browser.Intercept(ctx, t, "*/api/checkins", fetch.RequestStageRequest, func(int, string) (time.Duration, bool) {
		return 100 * time.Millisecond, true // the server is unreachable
	})
	scanAsScanner(ctx, t, f.codes["Hélène"])
	cardOf(ctx, t, "pending", "")
	kept := eval[string](ctx, t, `localStorage.getItem("desk.pending") || ""`)
	if !strings.Contains(kept, f.codes["Hélène"]) || strings.Contains(kept, "Hélène") || strings.Contains(kept, "Müller") {
		t.Fatalf("kept in the browser: %q, want the code and nonce only", kept)
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	nw.Set(func(int, string) (time.Duration, bool) { return 0, false }) // the server is back
	browser.Eventually(t, "the pending scan recorded after the reload", func() bool { return f.arrivals(t)["Hélène"].checkInsOf == 1 })
	browser.Eventually(t, "the pending list emptied", func() bool {
		return eval[string](ctx, t, `localStorage.getItem("desk.pending")`) == "[]"
	})
}

// TestSessionEndedHoldsScans: the desk's session ends (here: logged out
// elsewhere) during the rush. The next scan is held, the PIN form shows,
// the scanner's next read does not go into the PIN field (so no failed
// logins, no lockout), and both scans are recorded after the PIN.
func TestSessionEndedHoldsScans(t *testing.T) {
	f := newFixture(t)
	chloe := f.add(t, "Chloé", "Faure")
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	eval[any](ctx, t, `fetch("/api/logout", {method: "POST"}).then(() => 1)`)
	scanAsScanner(ctx, t, f.codes["Hélène"])
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("pin"))); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 6; i++ { // more than the failed logins that lock a desk out
		scanAsScanner(ctx, t, chloe)
	}
	if pin := eval[string](ctx, t, `document.getElementById("pin").value`); pin != "" {
		t.Fatalf("the scanner typed %q into the PIN field", pin)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("pin"), secret.DeskPIN+kb.Enter), chromedp.WaitVisible(chromedp.ID("scan"))); err != nil {
		t.Fatal(err)
	}
	browser.Eventually(t, "both held scans recorded", func() bool {
		got := f.arrivals(t)
		return got["Hélène"].checkInsOf == 1 && got["Chloé"].checkInsOf == 1
	})
	if strings.Contains(f.logs.String(), "login refused") {
		t.Fatalf("scans counted as failed logins:\n%s", f.logs)
	}
}

// TestKeyboardReachesEveryControl: from the scan field, Tab and Shift+Tab
// reach the card's buttons, the search and the walk-in form; a focused
// button keeps the focus long enough to be pressed; Enter on "admit
// anyway" admits the person.
func TestKeyboardReachesEveryControl(t *testing.T) {
	f := newFixture(t)
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	scanAsScanner(ctx, t, f.codes["Bob"])
	cardOf(ctx, t, "not_registered_today", "Bob")
	seen := map[string]bool{}
	for i := 0; i < 30 && !seen["force"]; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		seen[eval[string](ctx, t, `document.activeElement.id || document.activeElement.tagName`)] = true
	}
	if !seen["force"] {
		t.Fatalf("Tab never reached \"admit anyway\"; reached %v", seen)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	cardOf(ctx, t, "checked_in", "Bob")
	if a := f.arrivals(t)["Bob"]; !a.forced {
		t.Fatalf("Bob: %+v, want admitted anyway", a)
	}
	for i := 0; i < 40; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		seen[eval[string](ctx, t, `document.activeElement.id || document.activeElement.tagName`)] = true
	}
	for _, id := range []string{"pass", "undo", "camera", "search", "SUMMARY", "scan"} {
		if !seen[id] {
			t.Errorf("Tab never reached %s; reached %v", id, seen)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("wfirst")), chromedp.KeyEvent(kb.Shift+kb.Tab)); err == nil {
		if got := eval[string](ctx, t, `document.activeElement.tagName`); got != "SUMMARY" {
			t.Errorf("Shift+Tab from the first walk-in field went to %s", got)
		}
	}
}

// TestScannerTypingOnAButton: staff clicked a button (undo, camera...) and
// the focus is still on it when the next badge is scanned: the code goes
// to the scan field and the scanner's Enter checks the person in rather
// than pressing the button.
func TestScannerTypingOnAButton(t *testing.T) {
	f := newFixture(t)
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#walkin summary"))); err != nil {
		t.Fatal(err)
	}
	scanAsScanner(ctx, t, f.codes["Hélène"])
	cardOf(ctx, t, "checked_in", "Hélène")
	if open := eval[bool](ctx, t, `document.getElementById("walkin").open`); open {
		t.Fatal("the scanner's Enter opened the walk-in form")
	}
}

// TestOneSoundDevice: a scan's beep reuses one AudioContext; browsers
// refuse new ones after a few dozen, and the door scans hundreds.
func TestOneSoundDevice(t *testing.T) {
	f := newFixture(t)
	ctx := browser.Start(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/desk?lang=en"), chromedp.WaitVisible(chromedp.ID("pin"))); err != nil {
		t.Fatal(err)
	}
	eval[any](ctx, t, `(() => { const Real = window.AudioContext; window.audioContexts = 0;
		window.AudioContext = class extends Real { constructor(...a) { super(...a); window.audioContexts++; } }; })()`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("pin"), secret.DeskPIN+kb.Enter), chromedp.WaitVisible(chromedp.ID("scan"))); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{f.codes["Hélène"], f.codes["Bob"], "BCDFBCDFBCDFBCDFBCDF"} {
		eval[any](ctx, t, `document.getElementById("card").dataset.outcome = ""`)
		scanAsScanner(ctx, t, code)
		browser.Eventually(t, "an answer", func() bool {
			o := eval[string](ctx, t, `document.getElementById("card").dataset.outcome || ""`)
			return o != "" && o != "pending"
		})
	}
	if n := eval[int](ctx, t, `window.audioContexts`); n != 1 {
		t.Fatalf("%d AudioContexts for three scans, want 1", n)
	}
}

// TestDiskFullSaysNotRecorded: the server answers a scan with 503
// disk_full (its disk is full): the card says NOT recorded and why, in
// the page's language, and does not call it "not a badge".
func TestDiskFullSaysNotRecorded(t *testing.T) {
	f := newFixture(t)
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "fr")
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/api/checkins"}}}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 503,
				ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "application/json"}},
				Body:            []byte(`{"error":"NOT recorded: the server's disk is full","error_code":"disk_full"}`)})
		}
	}()
	scanAsScanner(ctx, t, f.codes["Hélène"])
	text := strings.ToLower(cardOf(ctx, t, "notrecorded", ""))
	if !strings.Contains(text, "non enregistré") || !strings.Contains(text, "disque du serveur est plein") || strings.Contains(text, "pas un badge") {
		t.Fatalf("card says %q", text)
	}
}

// TestHiddenBoxesAreNotShown: with health_pass off there is no box to
// tick, and at the entrance there is no exit box (the style sheet must
// not show what the page hides).
func TestHiddenBoxesAreNotShown(t *testing.T) {
	f := newFixtureWith(t, checkin.HealthPassOff)
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "fr")
	for _, id := range []string{"passlabel", "walkinpasslabel", "exitlabel"} {
		shown := eval[bool](ctx, t, `(() => { const e = document.getElementById("`+id+`"); return !!e && getComputedStyle(e).display !== "none"; })()`)
		if shown {
			t.Errorf("#%s is shown", id)
		}
	}
}
