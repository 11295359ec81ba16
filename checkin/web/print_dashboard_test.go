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
// badge of the next person checked in there printed.
func TestDashboardSetsEachDesksPrinting(t *testing.T) {
	sp := &spooler{}
	f := newFixtureWith(t, checkin.HealthPassRecord, withPrinting(t, sp, checkin.DeskPrinting{Mode: checkin.PrintOff}))
	a := f.desk(t, "Entrée A")
	ctx := browser.Start(t)
	loginDashboard(ctx, t, f, "printing-section")
	browser.Eventually(t, "desk A's row", func() bool {
		return eval[int](ctx, t, `document.querySelectorAll("#printdesks tr select").length`) == 3
	})
	admin := f.admin(t)
	for i, c := range []struct{ field, value string }{{"mode", "on_checkin"}, {"printer", "Brother_QL"}} {
		eval[bool](ctx, t, fmt.Sprintf(`(() => { const s = document.querySelectorAll("#printdesks tr select")[%d];
			s.value = %q; s.dispatchEvent(new Event("change")); return true; })()`, i, c.value))
		browser.Eventually(t, c.field+" kept", func() bool {
			_, out := f.get(t, admin, "/api/print/settings")
			return out["desks"].([]any)[0].(map[string]any)[c.field] == c.value
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
