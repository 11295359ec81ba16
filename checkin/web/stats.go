package web

import (
	"net/http"
	"time"

	"github.com/desk-event/desk/checkin"
)

type countJSON struct {
	Name     string `json:"name"`
	Expected int    `json:"expected"`
	Arrived  int    `json:"arrived"`
}

type deskJSON struct {
	Name    string `json:"name"`
	Arrived int    `json:"arrived"`
}

type bucketJSON struct {
	Start    string `json:"start"`
	Arrivals int    `json:"arrivals"`
}

// stats are the day's live counts: GET /api/stats?day=YYYY-MM-DD (today
// by default). per_ten_minutes has every slot from the first arrival to
// the last, empty ones included; by_desk counts arrivals per desk name.
// GET /api/stats?session=ID counts a session instead (sessionStats).
func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("session") {
		s.sessionStats(w, r, r.URL.Query().Get("session"))
		return
	}
	day, ok := s.dayParam(w, r)
	if !ok {
		return
	}
	st, err := s.opts.Store.Stats(r.Context(), day)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts := func(cs []checkin.Count) []countJSON {
		out := make([]countJSON, len(cs))
		for i, c := range cs {
			out[i] = countJSON(c)
		}
		return out
	}
	desks := make([]deskJSON, len(st.ByDesk))
	for i, d := range st.ByDesk {
		desks[i] = deskJSON(d)
	}
	buckets := make([]bucketJSON, len(st.PerTenMinutes))
	for i, b := range st.PerTenMinutes {
		buckets[i] = bucketJSON{Start: b.Start.Format(time.RFC3339), Arrivals: b.Arrivals}
	}
	reply(w, http.StatusOK, map[string]any{"day": st.Day, "expected": st.Expected, "arrived": st.Arrived, "forced": st.Forced,
		"health_pass_checked": st.HealthPassChecked, "by_category": counts(st.ByCategory),
		"by_organisation": counts(st.ByOrganisation), "per_ten_minutes": buckets, "walk_ins": st.WalkIns, "by_desk": desks})
}

// dayParam reads ?day=YYYY-MM-DD, today by default; on a bad date it has
// answered 400 and returns false.
func (s *Server) dayParam(w http.ResponseWriter, r *http.Request) (checkin.Day, bool) {
	q := r.URL.Query().Get("day")
	if q == "" {
		return s.opts.Today(), true
	}
	d, err := checkin.ParseDay(q)
	if err != nil {
		s.fail(w, r, badRequest("day", "day: %v", err))
		return "", false
	}
	return d, true
}
