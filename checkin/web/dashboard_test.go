package web_test

import (
	"testing"
	"time"
)

// TestStatsForTheDashboard: GET /api/stats gives every ten-minute slot
// between the first and the last arrival, the empty ones too, and the
// arrivals of each desk by the name it chose at login.
func TestStatsForTheDashboard(t *testing.T) {
	f := newFixture(t)
	a, b := f.desk(t, "Entrée A"), f.desk(t, "Poste 2")
	f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": "sd1"})
	*f.now = clock.Add(25 * time.Minute)
	f.post(t, b, "/api/checkins", map[string]any{"code": f.codes["Bob"], "nonce": "sd2", "force": true})
	status, out := f.get(t, a, "/api/stats")
	if status != 200 {
		t.Fatalf("stats: %d %v", status, out)
	}
	t.Run("every slot, the empty one included", func(t *testing.T) {
		slots, _ := out["per_ten_minutes"].([]any)
		want := []struct {
			start    time.Time
			arrivals float64
		}{{clock, 1}, {clock.Add(10 * time.Minute), 0}, {clock.Add(20 * time.Minute), 1}}
		if len(slots) != len(want) {
			t.Fatalf("per_ten_minutes %v, want %d slots", slots, len(want))
		}
		for i, w := range want {
			s := slots[i].(map[string]any)
			start, err := time.Parse(time.RFC3339, s["start"].(string))
			if err != nil || !start.Equal(w.start) || s["arrivals"] != w.arrivals {
				t.Errorf("slot %d: %v, want %v with %v arrivals", i, s, w.start, w.arrivals)
			}
		}
	})
	t.Run("by desk name", func(t *testing.T) {
		desks, _ := out["by_desk"].([]any)
		got := map[string]float64{}
		for _, d := range desks {
			d := d.(map[string]any)
			got[d["name"].(string)] = d["arrived"].(float64)
		}
		if len(got) != 2 || got["Entrée A"] != 1 || got["Poste 2"] != 1 {
			t.Fatalf("by_desk %v, want Entrée A: 1, Poste 2: 1", desks)
		}
	})
	t.Run("the fields the dashboard already read", func(t *testing.T) {
		for _, k := range []string{"day", "expected", "arrived", "forced", "health_pass_checked", "walk_ins", "by_category", "by_organisation"} {
			if _, ok := out[k]; !ok {
				t.Errorf("no %q in %v", k, out)
			}
		}
		if out["arrived"] != 2.0 || out["forced"] != 1.0 || out["walk_ins"] != 0.0 {
			t.Errorf("totals %v", out)
		}
	})
}
