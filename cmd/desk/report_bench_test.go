package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
)

// BenchmarkReport100k builds the attendance report of a day with 100,000
// registrants, 60,000 of them checked in, as PDF and as CSV:
// go test ./cmd/desk -run '^$' -bench Report100k -benchtime 2x
func BenchmarkReport100k(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "desk.db")
	store, err := db.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	day := checkin.Day("2026-10-14")
	store.SetDays(ctx, []checkin.Day{day})
	rows := make([]importer.Row, 100_000)
	for i := range rows {
		rows[i] = importer.Row{Row: i + 2, Registrant: checkin.Registrant{FirstName: "Hélène", LastName: fmt.Sprint("Müller ", i),
			Email: fmt.Sprintf("p%d@example.fr", i), Organisation: fmt.Sprint("Organisme ", i%2000), Category: []string{"Participant", "Intervenant", "Staff"}[i%3], Days: []checkin.Day{day}}}
	}
	if _, err := store.Import(ctx, rows, importer.ReconcileOptions{Now: time.Now(), Rand: rand.NewChaCha8([32]byte{})}, false); err != nil {
		b.Fatal(err)
	}
	raw, _ := db.OpenRaw(path)
	if _, err := raw.Exec(`INSERT INTO check_ins (registrant_id, day, at, desk, nonce)
		SELECT id, '2026-10-14', strftime('%Y-%m-%dT%H:%M:%S.000000000Z', '2026-10-14 07:00:00', '+' || (id % 180) || ' minutes'), 'A', 'n' || id
		FROM registrants WHERE id % 5 < 3`); err != nil {
		b.Fatal(err)
	}
	raw.Close()
	cfg := config.Config{Event: config.Event{Name: "Rencontre", Days: []string{string(day)}, Timezone: "Europe/Paris", Language: "fr"}, HealthPass: "record"}
	for _, format := range []string{"pdf", "csv"} {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				att, err := store.Attendance(ctx, []checkin.Day{day})
				if err != nil || len(att) != 100_000 {
					b.Fatalf("%d rows, %v", len(att), err)
				}
				if format == "csv" {
					err = checkin.WriteAttendanceCSV(io.Discard, att, cfg.Location(), checkin.AttendanceColumns{})
				} else {
					err = badges.RenderDocument(io.Discard, attendanceDocument(cfg, checkin.Summarize(att, cfg.Location()), time.Now()))
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
