package web

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/db"
)

// BenchmarkSearch100k searches 100,000 registrants by part of a name, as
// a desk does for a forgotten badge, and reports the 99th percentile:
// go test ./checkin/web -run '^$' -bench Search100k
func BenchmarkSearch100k(b *testing.B) {
	ctx := context.Background()
	store, err := db.Open(ctx, filepath.Join(b.TempDir(), "desk.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	day := checkin.Day("2026-10-14")
	store.SetDays(ctx, []checkin.Day{day})
	first := []string{"Hélène", "François", "Zoé", "Jérôme", "Anne", "Gaëlle", "Noël", "Léa"}
	last := []string{"Müller", "Dubois", "Nadeau", "Lefèvre", "Le Roux", "Chabert", "Bérard", "Faure"}
	rows := make([]checkin.ImportRow, 100_000)
	for i := range rows {
		rows[i] = checkin.ImportRow{Row: i + 2, Registrant: checkin.Registrant{FirstName: first[i%8], LastName: fmt.Sprint(last[i/8%8], i),
			Email: fmt.Sprintf("p%d@example.fr", i), Organisation: fmt.Sprint("Organisme ", i%1000), Days: []checkin.Day{day}}}
	}
	if _, err := store.Import(ctx, rows, checkin.ReconcileOptions{Now: time.Now(), Rand: rand.NewChaCha8([32]byte{})}, false); err != nil {
		b.Fatal(err)
	}
	var x searchIndex
	x.find(ctx, store, "warm") // load once
	queries := []string{"helene", "dubois 4242", "organisme 17", "lefevre", "zzz"}
	var times []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := x.find(ctx, store, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds()), "p99-µs")
}
