package web_test

// The desk page at a session's door, and the dashboard's sessions panel,
// in a real Chromium as staff use them.

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/web"
	"github.com/desk-event/desk/internal/browser"
)

// doorSessions are the fixture day's sessions: at 9:30 in Paris (the
// fixture's clock) the morning ones are on.
var doorSessions = []checkin.Session{
	{ID: "deployer", Name: "Déployer Geotrek", Room: "Salle Durance", Day: day, Start: "09:00", End: "12:00", Capacity: 3},
	{ID: "cartes", Name: "Cartes", Room: "Salle Verdon", Day: day, Start: "09:00", End: "12:00"},
	{ID: "apres", Name: "L'après-midi", Room: "Salle Durance", Day: day, Start: "14:00", End: "17:00", Capacity: 30},
	{ID: "demain", Name: "Demain", Room: "Salle Durance", Day: "2026-10-15", Start: "09:00", End: "12:00"},
}

// newDoorFixture is the fixture with doorSessions; people named Inscrit…
// registered for every session, the others for none.
func newDoorFixture(t *testing.T, sessions []checkin.Session) *fixture {
	return newFixtureWith(t, checkin.HealthPassRecord, func(o *web.Options) {
		o.Sessions = sessions
		o.RegisteredFor = func(r checkin.Registrant, _ checkin.Session) bool { return strings.HasPrefix(r.LastName, "Inscrit") }
		o.Limits = web.Limits{Scans: web.Rate{Every: 1, Burst: 1 << 20}}
	})
}

// chooseDoor picks a value of the mode control once today's sessions are
// listed in it, as a pick in its list does.
func chooseDoor(ctx context.Context, t *testing.T, value string) {
	t.Helper()
	browser.Eventually(t, "the choice "+value+" in the mode control", func() bool {
		return eval[bool](ctx, t, `!!document.querySelector('#mode option[value="`+value+`"]')`)
	})
	eval[any](ctx, t, `(() => { const m = document.getElementById("mode"); m.value = "`+value+`"; m.dispatchEvent(new Event("change")); })()`)
}

// bannerSays waits until the header's banner holds every part.
func bannerSays(ctx context.Context, t *testing.T, parts ...string) {
	t.Helper()
	var text string
	browser.Eventually(t, "the banner saying "+strings.Join(parts, ", "), func() bool {
		text = eval[string](ctx, t, `document.getElementById("doorshown").innerText`)
		return browser.Contains(text, parts...)
	})
}

// cardSaysAll waits until the card shows an outcome with every part (its
// big word is in capitals).
func cardSaysAll(ctx context.Context, t *testing.T, outcome string, parts ...string) string {
	t.Helper()
	text := cardOf(ctx, t, outcome, parts[0])
	browser.Eventually(t, "a "+outcome+" card saying "+strings.Join(parts, ", "), func() bool {
		text = cardOf(ctx, t, outcome, parts[0])
		for _, p := range parts {
			if !strings.Contains(strings.ToLower(text), strings.ToLower(p)) {
				return false
			}
		}
		return true
	})
	return text
}

func screenshot(ctx context.Context, t *testing.T, name string) {
	t.Helper()
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(filepath.Join(os.TempDir(), name), shot, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// inSession counts the people in a session now, from the database.
func (f *fixture) inSession(t *testing.T, id string) int {
	return f.count(t, `SELECT count(*) FROM check_ins WHERE session_id = '`+id+`' AND undone_at IS NULL AND left_at IS NULL`)
}

// TestDeskAtASessionsDoor: a desk chooses a session; a registered person
// is admitted (green, the count moves), someone not registered for it is
// amber and admitted anyway, the session fills and the next is refused in
// red with no "admit anyway" for a desk; an exit scan says they left; a
// reload keeps the door chosen.
func TestDeskAtASessionsDoor(t *testing.T) {
	f := newDoorFixture(t, doorSessions)
	in := f.people(t, 4, "Inscrit")
	ctx := browser.Start(t)
	chromedp.Run(ctx, chromedp.EmulateViewport(900, 1100))
	loginDesk(ctx, t, f, "fr")
	bannerSays(ctx, t, "Entrée")
	if options := eval[string](ctx, t, `document.getElementById("mode").innerText`); strings.Contains(options, "Demain") {
		t.Fatalf("the mode control offers tomorrow's session: %q", options)
	}
	chooseDoor(ctx, t, "session:deployer")
	bannerSays(ctx, t, "Salle Durance — Déployer Geotrek · 9:00–12:00, 0 / 3")

	scanAsScanner(ctx, t, in[0])
	cardSaysAll(ctx, t, "checked_in", "P0 Inscrit0", "Déployer Geotrek", "1 / 3", "Arrivée du jour enregistrée aussi")
	bannerSays(ctx, t, "1 / 3")

	scanAsScanner(ctx, t, f.codes["Hélène"])
	text := cardSaysAll(ctx, t, "not_registered_for_session", "Hélène", "Pas inscrit(e) à cette session", "Inscrit(e) à aucune session aujourd'hui")
	if !eval[bool](ctx, t, `!document.getElementById("force").hidden`) {
		t.Fatalf("no “admit anyway” on %q while the session has room", text)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("force"))); err != nil {
		t.Fatal(err)
	}
	cardSaysAll(ctx, t, "checked_in", "Hélène", "Admis(e) quand même", "2 / 3")

	scanAsScanner(ctx, t, in[1])
	cardSaysAll(ctx, t, "checked_in", "P1 Inscrit1", "3 / 3")
	scanAsScanner(ctx, t, in[2])
	text = cardSaysAll(ctx, t, "session_full", "P2 Inscrit2", "Session complète", "Seul l'organisateur")
	if eval[bool](ctx, t, `!document.getElementById("force").hidden`) {
		t.Fatalf("a desk is offered “admit anyway” into a full session: %q", text)
	}
	if n := f.inSession(t, "deployer"); n != 3 {
		t.Fatalf("%d people in the session, want its capacity, 3", n)
	}
	screenshot(ctx, t, "desk-session-fr.png")

	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("exit"))); err != nil {
		t.Fatal(err)
	}
	bannerSays(ctx, t, "Déployer Geotrek")
	if focused := eval[string](ctx, t, `document.activeElement.id`); focused != "scan" {
		t.Fatalf("after the exit toggle the focus is on %q, want the scan field", focused)
	}
	scanAsScanner(ctx, t, in[0])
	cardSaysAll(ctx, t, "left_session", "P0 Inscrit0", "Sorti(e)", "2 / 3")
	if n := f.inSession(t, "deployer"); n != 2 {
		t.Fatalf("%d people in the session after an exit, want 2", n)
	}
	// Found by name: Hélène, already in at the entrance, is offered the session too.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("exit")), chromedp.SendKeys(chromedp.ID("search"), "helene"),
		chromedp.WaitVisible(chromedp.CSS("#results li button"))); err != nil {
		t.Fatal(err)
	}
	if label := eval[string](ctx, t, `document.querySelector("#results li button").textContent`); label != "Enregistrer l'arrivée" {
		t.Fatalf("search result button %q in session mode", label)
	}
	eval[any](ctx, t, `document.getElementById("search").value = ""`)
	chromedp.Do(ctx, chromedp.Click(chromedp.ID("exit")))
	screenshot(ctx, t, "desk-session-exit-fr.png")

	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("scan"))); err != nil {
		t.Fatal(err)
	}
	bannerSays(ctx, t, "Salle Durance — Déployer Geotrek", "2 / 3")
	if !eval[bool](ctx, t, `document.getElementById("exit").checked && document.getElementById("mode").value === "session:deployer"`) {
		t.Fatal("the reload lost the door chosen")
	}
}

// TestRoomPicksTheSessionOnNow: a desk set to a room scans into the
// session held there at the event's local time, by the server's clock.
func TestRoomPicksTheSessionOnNow(t *testing.T) {
	for _, c := range []struct {
		name string
		now  time.Time
		want string
	}{
		{"9:30 in Paris", clock, "deployer"},
		{"14:30 in Paris", clock.Add(5 * time.Hour), "apres"},
		{"12:10 in Paris, after the morning", clock.Add(2*time.Hour + 40*time.Minute), "deployer"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newDoorFixture(t, doorSessions)
			*f.now = c.now
			in := f.people(t, 1, "Inscrit")
			ctx := browser.Start(t)
			loginDesk(ctx, t, f, "en")
			chooseDoor(ctx, t, "room:Salle Durance")
			var name string
			for _, s := range doorSessions {
				if s.ID == c.want {
					name = s.Name
				}
			}
			bannerSays(ctx, t, "Salle Durance — "+name)
			scanAsScanner(ctx, t, in[0])
			cardSaysAll(ctx, t, "checked_in", "P0 Inscrit0", name)
			if n := f.inSession(t, c.want); n != 1 {
				t.Fatalf("%d in %s, want the scan there", n, c.want)
			}
		})
	}
}

// TestDoorFromTheKeyboard: from the scan field, Shift+Tab reaches the
// mode control; an arrow key there chooses a session and leaves the focus
// on it; a scanner typing then scans into that session, its Enter
// pressing nothing else; Tab reaches the exit toggle.
func TestDoorFromTheKeyboard(t *testing.T) {
	f := newDoorFixture(t, doorSessions)
	in := f.people(t, 1, "Inscrit")
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	browser.Eventually(t, "today's sessions listed", func() bool {
		return eval[int](ctx, t, `document.querySelectorAll("#mode option").length`) > 1
	})
	for i := 0; i < 10 && eval[string](ctx, t, `document.activeElement.id`) != "mode"; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Shift+kb.Tab)); err != nil {
			t.Fatal(err)
		}
	}
	if focused := eval[string](ctx, t, `document.activeElement.id`); focused != "mode" {
		t.Fatalf("Shift+Tab from the scan field never reached the mode control (at %q)", focused)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	bannerSays(ctx, t, "Salle Durance — Déployer Geotrek")
	if focused := eval[string](ctx, t, `document.activeElement.id`); focused != "mode" {
		t.Fatalf("after an arrow key on the mode control the focus went to %q", focused)
	}
	scanAsScanner(ctx, t, in[0])
	cardSaysAll(ctx, t, "checked_in", "P0 Inscrit0", "Déployer Geotrek")
	if n := f.inSession(t, "deployer"); n != 1 {
		t.Fatalf("%d in the session, want the scan typed on the mode control", n)
	}
	if v := eval[string](ctx, t, `document.getElementById("mode").value`); v != "session:deployer" {
		t.Fatalf("the scanner's keys changed the door to %q", v)
	}
	seen := map[string]bool{}
	for i := 0; i < 10 && !seen["exit"]; i++ {
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("mode")), chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		seen[eval[string](ctx, t, `document.activeElement.id`)] = true
	}
	if !seen["exit"] {
		t.Fatalf("Tab from the mode control never reached the exit toggle; reached %v", seen)
	}
}

// TestPendingSessionScanSurvivesAReload: a session's exit scan made while
// the server is unreachable keeps its session and exit flag across a
// reload (and nothing personal), and is recorded as such afterwards.
func TestPendingSessionScanSurvivesAReload(t *testing.T) {
	f := newDoorFixture(t, doorSessions)
	in := f.people(t, 1, "Inscrit")
	a := f.desk(t, "Porte")
	if _, out := f.post(t, a, "/api/checkins", map[string]any{"code": in[0], "nonce": "p0", "session": "deployer"}); out["outcome"] != "checked_in" {
		t.Fatalf("into the session: %v", out)
	}
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	chooseDoor(ctx, t, "session:deployer")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("exit"))); err != nil {
		t.Fatal(err)
	}
	nw := browser.Intercept(ctx, t, "*/api/checkins", fetch.RequestStageRequest, func(int, string) (time.Duration, bool) {
		return 100 * time.Millisecond, true
	})
	scanAsScanner(ctx, t, in[0])
	cardOf(ctx, t, "pending", "")
	kept := eval[string](ctx, t, `localStorage.getItem("desk.pending") || ""`)
	if !browser.Contains(kept, in[0], `"session":"deployer"`, `"exit":true`) || strings.Contains(kept, "Inscrit") {
		t.Fatalf("kept in the browser: %q, want the code, nonce, session and exit flag only", kept)
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	nw.Set(func(int, string) (time.Duration, bool) { return 0, false })
	browser.Eventually(t, "the exit recorded after the reload", func() bool { return f.inSession(t, "deployer") == 0 })
}

// TestDashboardSessionsPanel: the organiser sees today's sessions by
// start then room with present / registered / capacity, "nearly full"
// from 90 % and "full", updated live as a desk scans.
func TestDashboardSessionsPanel(t *testing.T) {
	sessions := []checkin.Session{
		{ID: "midi", Name: "Déjeuner-débat", Room: "Salle Verdon", Day: day, Start: "12:00", End: "13:00", Capacity: 1},
		{ID: "deployer", Name: "Déployer Geotrek", Room: "Salle Durance", Day: day, Start: "09:00", End: "12:00", Capacity: 10},
		{ID: "cartes", Name: "Cartes", Room: "Salle Aigoual", Day: day, Start: "09:00", End: "12:00"},
		{ID: "demain", Name: "Demain", Room: "Salle Durance", Day: "2026-10-15", Start: "09:00", End: "12:00"},
	}
	f := newDoorFixture(t, sessions)
	in := f.people(t, 12, "Inscrit")
	a := f.desk(t, "Porte")
	scan := func(code, session string) {
		if _, out := f.post(t, a, "/api/checkins", map[string]any{"code": code, "session": session}); out["outcome"] != "checked_in" {
			t.Fatalf("%s into %s: %v", code, session, out)
		}
	}
	for _, code := range in[:8] {
		scan(code, "deployer")
	}
	ctx := browser.Start(t)
	loginDashboard(ctx, t, f, "sessions")
	rows := func() []string {
		return eval[[]string](ctx, t, `[...document.querySelectorAll("#sessions tbody tr")].map((r) => r.innerText.replace(/\s+/g, " ").trim())`)
	}
	got := rows()
	if len(got) != 3 || !strings.HasPrefix(got[0], "09:00–12:00 Cartes Salle Aigoual 0 12 sans limite") ||
		!strings.HasPrefix(got[1], "09:00–12:00 Déployer Geotrek Salle Durance 8 12 10") || strings.Contains(got[1], "complet") ||
		!strings.HasPrefix(got[2], "12:00–13:00 Déjeuner-débat Salle Verdon 0 12 1") {
		t.Fatalf("sessions panel rows %q, want today's by start then room with present, registered, capacity", got)
	}
	scan(in[8], "deployer") // 9 of 10: nearly full, seen live
	scan(in[9], "midi")     // 1 of 1: full
	browser.Eventually(t, "the panel updated live", func() bool {
		got = rows()
		return len(got) == 3 && browser.Contains(got[1], "Salle Durance 9 12 10", "presque complet") && browser.Contains(got[2], "1 12 1", "complet")
	})
	if strings.Contains(got[2], "presque") {
		t.Fatalf("a full session says nearly full: %q", got[2])
	}
	screenshot(ctx, t, "dashboard-sessions-fr.png")
}

// TestEndedSessionsListedLast: at 14:30 the morning's sessions, ended more
// than an hour ago, come after the afternoon's in the mode control, marked
// as ended (exit scans may still come at their doors).
func TestEndedSessionsListedLast(t *testing.T) {
	f := newDoorFixture(t, doorSessions)
	*f.now = clock.Add(5 * time.Hour) // 14:30 in Paris
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	chooseDoor(ctx, t, "session:apres")
	got := eval[[]string](ctx, t, `Array.from(document.querySelectorAll('#mode optgroup:first-of-type option'), (o) => o.textContent)`)
	if len(got) != 3 || !strings.Contains(got[0], "L'après-midi") || strings.Contains(got[0], "ended") ||
		!strings.HasSuffix(got[1], "— ended") || !strings.HasSuffix(got[2], "— ended") {
		t.Fatalf("sessions listed: %q", got)
	}
}
