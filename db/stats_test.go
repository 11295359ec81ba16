package db

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
)

// TestStatsForTheDashboard: the chart has every ten-minute slot between
// the first and the last arrival, the empty ones too; arrivals are counted
// per desk name and walk-ins apart.
func TestStatsForTheDashboard(t *testing.T) {
	ctx := context.Background()
	d, p := event(t)
	scan(t, d, checkin.ScanRequest{Input: string(p["Anne"].Code), Nonce: "d1", Desk: "Entrée A", At: nine.Add(3 * time.Minute)})
	scan(t, d, checkin.ScanRequest{Input: string(p["Bob"].Code), Nonce: "d2", Desk: "Poste 2", Force: true, At: nine.Add(35 * time.Minute)})
	zoe, err := d.AddWalkIn(ctx, checkin.Registrant{FirstName: "Zoé", LastName: "Nadeau", Days: []checkin.Day{days[0]}}, "w-zoe", nine, rand.NewChaCha8([32]byte{9}))
	if err != nil {
		t.Fatal(err)
	}
	scan(t, d, checkin.ScanRequest{Input: string(zoe.Code), Nonce: "d3", Desk: "Poste 2", At: nine.Add(38 * time.Minute)})
	s, err := d.Stats(ctx, days[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Run("every slot, empty ones included", func(t *testing.T) {
		want := []checkin.Bucket{{Start: nine, Arrivals: 1}, {Start: nine.Add(10 * time.Minute)}, {Start: nine.Add(20 * time.Minute)},
			{Start: nine.Add(30 * time.Minute), Arrivals: 2}}
		if !slices.EqualFunc(s.PerTenMinutes, want, func(a, b checkin.Bucket) bool { return a.Start.Equal(b.Start) && a.Arrivals == b.Arrivals }) {
			t.Fatalf("per ten minutes %+v, want %+v", s.PerTenMinutes, want)
		}
	})
	t.Run("per desk, busiest first", func(t *testing.T) {
		want := []checkin.DeskCount{{Name: "Poste 2", Arrived: 2}, {Name: "Entrée A", Arrived: 1}}
		if !slices.Equal(s.ByDesk, want) {
			t.Fatalf("by desk %+v, want %+v", s.ByDesk, want)
		}
	})
	t.Run("walk-ins", func(t *testing.T) {
		if s.WalkIns != 1 || s.Arrived != 3 {
			t.Fatalf("walk-ins %d of %d arrivals, want 1 of 3", s.WalkIns, s.Arrived)
		}
	})
	t.Run("no arrival, no slot", func(t *testing.T) {
		s, err := d.Stats(ctx, days[1])
		if err != nil || len(s.PerTenMinutes) != 0 || len(s.ByDesk) != 0 {
			t.Fatalf("a day without arrivals: %+v, %v", s, err)
		}
	})
}
