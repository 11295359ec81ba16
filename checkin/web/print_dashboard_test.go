package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/internal/browser"
)

// TestDashboardSetsEachDesksPrinting: the organiser sees each desk logged
// in, sets one to print on arrival on a printer CUPS lists, and sees the
// badge of the next person checked in there printed, in a browser that is
// logged in as a desk too.
func TestDashboardSetsEachDesksPrinting(t *testing.T) {
	sp := &spooler{}
	f := newFixtureWith(t, checkin.HealthPassRecord, withPrinting(t, sp, checkin.DeskPrinting{Mode: checkin.PrintOff}))
	a := f.desk(t, "Entrée A")
	ctx := browser.Start(t)
	loginDesk(ctx, t, f, "fr") // the organiser's browser is a desk too: the dashboard still acts as the organiser
	loginDashboard(ctx, t, f, "printing-section")
	const rowA = `[...document.querySelectorAll("#printdesks tr")].find((tr) => tr.cells[0] && tr.cells[0].textContent === "Entrée A")`
	browser.Eventually(t, "desk A's row", func() bool {
		return eval[int](ctx, t, `(`+rowA+` || { querySelectorAll: () => [] }).querySelectorAll("select").length`) == 3
	})
	admin := f.admin(t)
	for i, c := range []struct{ field, value string }{{"mode", "on_checkin"}, {"printer", "Brother_QL"}} {
		eval[bool](ctx, t, fmt.Sprintf(`(() => { const s = %s.querySelectorAll("select")[%d];
			s.value = %q; s.dispatchEvent(new Event("change")); return true; })()`, rowA, i, c.value))
		browser.Eventually(t, c.field+" kept", func() bool {
			_, out := f.get(t, admin, "/api/print/settings")
			for _, d := range out["desks"].([]any) {
				if d := d.(map[string]any); d["desk"] == "Entrée A" {
					return d[c.field] == c.value
				}
			}
			return false
		})
	}
	if status, out := f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"]}); status != 200 || out["outcome"] != "checked_in" {
		t.Fatalf("check-in: %d %v", status, out)
	}
	browser.Eventually(t, "the job shown printed", func() bool {
		text := eval[string](ctx, t, `document.getElementById("printjoblist").innerText`)
		return strings.Contains(text, "Hélène") && strings.Contains(text, "imprimé") && strings.Contains(text, "Brother_QL")
	})
	if sp.count() != 1 {
		t.Fatalf("%d badges printed", sp.count())
	}
}
