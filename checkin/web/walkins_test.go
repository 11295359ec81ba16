package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/internal/browser"
)

// TestWalkInsAreNotDuplicated: a retried walk-in (same nonce) registers
// one person; a walk-in under the e-mail or the name of someone registered
// is answered with that person, unless staff confirm it is someone else;
// field errors name the field; the category has its default.
func TestWalkInsAreNotDuplicated(t *testing.T) {
	f := newFixture(t)
	a := f.desk(t, "A")
	zoe := map[string]any{"first_name": "Zoé", "last_name": "Nadeau", "nonce": "w1"}
	for try := 0; try < 2; try++ {
		if status, out := f.post(t, a, "/api/walkins", zoe); status != 200 || out["outcome"] != "checked_in" {
			t.Fatalf("walk-in, try %d: %d %v", try, status, out)
		}
	}
	if got := f.arrivals(t)["Zoé"]; got.checkInsOf != 1 || countPeople(t, f, "Zoé") != 1 {
		t.Fatalf("a retried walk-in: %d people, %d check-ins", countPeople(t, f, "Zoé"), got.checkInsOf)
	}
	for name, body := range map[string]map[string]any{
		"same e-mail in capitals": {"first_name": "Helene", "last_name": "Mueller", "email": "H@Example.FR", "nonce": "w2"},
		"same name, no accents":   {"first_name": "bob", "last_name": "ROY", "nonce": "w3"},
	} {
		status, out := f.post(t, a, "/api/walkins", body)
		matches, _ := out["matches"].([]any)
		if status != http.StatusConflict || out["error_code"] != "already_registered" || len(matches) != 1 {
			t.Fatalf("%s: %d %v, want 409 with the person registered", name, status, out)
		}
		if m := matches[0].(map[string]any); m["person"] == nil || m["code"] != nil || m["registered_today"] == nil {
			t.Errorf("%s: the match %v does not say enough to check them in", name, m)
		}
	}
	if countPeople(t, f, "Helene") != 0 || countPeople(t, f, "bob") != 0 {
		t.Fatal("a walk-in offered as someone registered was added all the same")
	}
	status, out := f.post(t, a, "/api/walkins", map[string]any{"first_name": "Bob", "last_name": "Roy", "nonce": "w4", "new_person": true})
	if status != 200 || out["outcome"] != "checked_in" {
		t.Fatalf("another Bob Roy, confirmed: %d %v", status, out)
	}
	if cat := out["registrant"].(map[string]any)["category"]; cat != "Sur place" {
		t.Errorf("walk-in category %q, want the configured default", cat)
	}
	status, out = f.post(t, a, "/api/walkins", map[string]any{"first_name": strings.Repeat("x", 101), "nonce": "w5"})
	if status != 400 || out["field"] != "first_name" || out["error_code"] != "too_long" {
		t.Errorf("a long first name: %d %v, want 400 naming first_name", status, out)
	}
	status, out = f.post(t, a, "/api/walkins", map[string]any{"first_name": "Ann", "organisation": "HC1:NCFOXN%TS3DH3ZSUZK", "nonce": "w6"})
	if status != 400 || out["field"] != "organisation" || out["error_code"] != "health_pass" || strings.Contains(fmt.Sprint(out), "NCFOXN") {
		t.Errorf("a health pass as organisation: %d %v", status, out)
	}
	if strings.Contains(f.logs.String(), "NCFOXN") {
		t.Error("the health pass reached the logs")
	}
}

// countPeople counts the registrants with a first name.
func countPeople(t *testing.T, f *fixture, first string) int {
	t.Helper()
	rs, err := f.store.Registrants(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rs {
		if r.FirstName == first {
			n++
		}
	}
	return n
}

// TestWalkInUnderRequire: the desk types a walk-in before checking their
// pass. The form keeps what was typed, the blue card says what to do, and
// its button registers and admits them with the pass checked.
func TestWalkInUnderRequire(t *testing.T) {
	f := newFixtureWith(t, checkin.HealthPassRequire)
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "fr")
	registerWalkIn(ctx, t, "Zoé", "Nadeau", "Office de tourisme")
	cardOf(ctx, t, "health_pass_required", "Zoé Nadeau")
	if got := eval[string](ctx, t, `["wfirst", "wlast", "worg"].map((id) => document.getElementById(id).value).join("|")`); got != "Zoé|Nadeau|Office de tourisme" {
		t.Fatalf("the form holds %q after the blue card", got)
	}
	if countPeople(t, f, "Zoé") != 0 {
		t.Fatal("registered before the pass was checked")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("admitpass"))); err != nil {
		t.Fatal(err)
	}
	cardOf(ctx, t, "checked_in", "Zoé Nadeau")
	if a := f.arrivals(t)["Zoé"]; a.verified == nil || !*a.verified {
		t.Fatalf("Zoé: %+v, want checked in with the pass checked", a)
	}
}

// TestDeskAndDashboardInOneBrowser: the organiser opens the dashboard in
// the desk laptop's browser. The desk's check-ins stay under the desk's
// name, and logging out of the dashboard leaves the desk logged in.
func TestDeskAndDashboardInOneBrowser(t *testing.T) {
	f := newFixture(t)
	c := f.desk(t, "Entrée A")
	if status, out := f.post(t, c, "/api/login", map[string]string{"password": secret.AdminPassword}); status != 200 || out["role"] != "admin" {
		t.Fatalf("admin login: %d %v", status, out)
	}
	if status, _ := f.get(t, c, "/api/arrivals"); status != 200 {
		t.Fatalf("the dashboard's arrivals: %d", status)
	}
	_, out := f.post(t, c, "/api/checkins", map[string]any{"code": f.codes["Hélène"]})
	if ci, _ := out["check_in"].(map[string]any); ci["desk"] != "Entrée A" {
		t.Fatalf("check-in recorded under %v, want the desk's name", out["check_in"])
	}
	if status, _ := f.post(t, c, "/api/logout?role=admin", nil); status != 200 {
		t.Fatalf("dashboard logout: %d", status)
	}
	if status, _ := f.get(t, c, "/api/arrivals"); status != http.StatusForbidden {
		t.Errorf("the dashboard after its logout: %d, want 403", status)
	}
	if _, out := f.post(t, c, "/api/checkins", map[string]any{"code": f.codes["Hélène"]}); out["outcome"] != "already_checked_in" {
		t.Fatalf("the desk after the dashboard's logout: %v", out)
	}
}

// TestScanSentLate: a scan held by the desk while the service was down is
// recorded at the time it was scanned; a time in the future, from another
// day or that is not a time is not.
func TestScanSentLate(t *testing.T) {
	f := newFixture(t)
	chloe, zoe := f.add(t, "Chloé", "Faure"), f.add(t, "Zoé", "Nadeau")
	a := f.desk(t, "A")
	*f.now = clock.Add(20 * time.Minute)
	for _, tt := range []struct {
		code, scannedAt string
		want            time.Time
	}{
		{f.codes["Hélène"], clock.Add(5 * time.Minute).Format(time.RFC3339), clock.Add(5 * time.Minute)},
		{chloe, clock.Add(time.Hour).Format(time.RFC3339), *f.now},     // the desk's clock is ahead
		{zoe, clock.Add(-10 * time.Hour).Format(time.RFC3339), *f.now}, // yesterday in Paris
	} {
		_, out := f.post(t, a, "/api/checkins", map[string]any{"code": tt.code, "scanned_at": tt.scannedAt})
		ci, _ := out["check_in"].(map[string]any)
		if at, _ := time.Parse(time.RFC3339, fmt.Sprint(ci["at"])); !at.Equal(tt.want) {
			t.Errorf("scanned at %s: recorded at %v, want %v", tt.scannedAt, ci["at"], tt.want)
		}
	}
	if status, out := f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Bob"], "scanned_at": "9h30"}); status != 400 || out["field"] != "scanned_at" {
		t.Errorf("a scanned_at that is no time: %d %v", status, out)
	}
}
