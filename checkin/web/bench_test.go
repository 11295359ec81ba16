package web

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
	"github.com/desk-event/desk/db"
)

// BenchmarkSearch100k searches 100,000 registrants by part of a name, as
// a desk does for a forgotten badge: the index, then the hits and their
// check-ins read from the database. It reports the 99th percentile for
// one desk and for eight desks searching at once, and what building the
// index costs (time, and the heap it keeps):
// go test ./checkin/web -run '^$' -bench Search100k -benchtime 2s
func BenchmarkSearch100k(b *testing.B) {
	ctx := context.Background()
	store := benchStore100k(b)
	s := New(Options{Store: store, Today: func() checkin.Day { return "2026-10-14" }, Log: slog.New(slog.DiscardHandler)})
	queries := []string{"helene", "dubois 4242", "organisme 17", "lefevre", "zzz"}
	b.Run("index", func(b *testing.B) {
		var before, after runtime.MemStats
		var snap *snapshot
		for b.Loop() {
			snap = nil
			runtime.GC()
			runtime.ReadMemStats(&before)
			var err error
			if snap, err = build(ctx, store); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e6, "kept-MB")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/1e6, "allocated-MB")
		runtime.KeepAlive(snap)
	})
	s.search.load(ctx, store)      // built once, as Start does
	find := func(q string) error { // what GET /api/registrants does
		people, _, err := s.lookup(ctx, q)
		if err == nil {
			_, err = s.describe(ctx, caller{}, people)
		}
		return err
	}
	b.Run("one desk", func(b *testing.B) {
		var times []time.Duration
		for i := 0; b.Loop(); i++ {
			start := time.Now()
			if err := find(queries[i%len(queries)]); err != nil {
				b.Fatal(err)
			}
			times = append(times, time.Since(start))
		}
		reportP99(b, times)
	})
	b.Run("eight desks", func(b *testing.B) {
		var mu sync.Mutex
		var times []time.Duration
		b.SetParallelism(8 / runtime.GOMAXPROCS(0)) // 8 goroutines on 1 or 2 CPUs
		b.RunParallel(func(pb *testing.PB) {
			var mine []time.Duration
			for i := 0; pb.Next(); i++ {
				start := time.Now()
				if err := find(queries[i%len(queries)]); err != nil {
					b.Error(err)
					return
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			times = append(times, mine...)
			mu.Unlock()
		})
		reportP99(b, times)
	})
}

func reportP99(b *testing.B, times []time.Duration) {
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds()), "p99-µs")
}

// benchStore100k is a database of 100,000 people expected on one day.
func benchStore100k(b *testing.B) *db.DB {
	ctx := context.Background()
	store, err := db.Open(ctx, filepath.Join(b.TempDir(), "desk.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	day := checkin.Day("2026-10-14")
	store.SetDays(ctx, []checkin.Day{day})
	first := []string{"Hélène", "François", "Zoé", "Jérôme", "Anne", "Gaëlle", "Noël", "Léa"}
	last := []string{"Müller", "Dubois", "Nadeau", "Lefèvre", "Le Roux", "Chabert", "Bérard", "Faure"}
	rows := make([]importer.Row, 100_000)
	for i := range rows {
		rows[i] = importer.Row{Row: i + 2, Registrant: checkin.Registrant{FirstName: first[i%8], LastName: fmt.Sprint(last[i/8%8], i),
			Email: fmt.Sprintf("p%d@example.fr", i), Organisation: fmt.Sprint("Organisme ", i%1000), Days: []checkin.Day{day}}}
	}
	if _, err := store.Import(ctx, rows, importer.ReconcileOptions{Now: time.Now(), Rand: rand.NewChaCha8([32]byte{})}, false); err != nil {
		b.Fatal(err)
	}
	return store
}
