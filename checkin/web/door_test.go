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
	browser.Eventually(t, "a "+outcome+" card for "+who, func() bool {
		text = eval[string](ctx, t, `(() => { const c = document.getElementById("card");
			return c.hidden ? "" : c.dataset.outcome + "|" + c.innerText; })()`)
		return strings.HasPrefix(text, outcome+"|") && strings.Contains(text, who)
	})
	return text
}

// TestHealthPassBoxBelongsToOneScan: staff tick "health pass checked" and
// the scan that follows is refused (red, amber): the next person must not
// be recorded as checked.
func TestHealthPassBoxBelongsToOneScan(t *testing.T) {
	f := newFixture(t)
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "en")
	for _, code := range []string{"BCDFBCDFBCDFBCDFBCDF", f.codes["Bob"]} { // unknown, then not today
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("pass"))); err != nil {
			t.Fatal(err)
		}
		scanAsScanner(ctx, t, code)
		browser.Eventually(t, "an answer", func() bool {
			return eval[string](ctx, t, `document.getElementById("card").dataset.outcome`) != "" &&
				eval[string](ctx, t, `document.getElementById("card").dataset.outcome`) != "pending"
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
