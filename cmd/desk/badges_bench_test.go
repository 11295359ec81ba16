package main

import (
	"context"
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkBadgesCommand10k runs `desk badges --layout a4-8` for 10,000
// people through run(), as main does, on a database imported once: the
// in-process part of testdata/bench/badges.sh. Profile it with
// go test ./cmd/desk -run '^$' -bench BadgesCommand -benchtime 3x -cpuprofile cpu.out
func BenchmarkBadgesCommand10k(b *testing.B) {
	dir := b.TempDir()
	csv := filepath.Join(dir, "registrations.csv")
	if err := os.WriteFile(csv, benchExport(10_000), 0o600); err != nil {
		b.Fatal(err)
	}
	config := filepath.Join(dir, "desk.yaml")
	a := &app{stdout: io.Discard, stderr: io.Discard, now: time.Now, rand: rand.Reader}
	ctx := context.Background()
	for _, args := range [][]string{{"init", "--name", "Bench", "--days", "2026-10-14,2026-10-15"}, {"import", csv}} {
		if err := a.run(ctx, append([]string{"--config", config}, args...)); err != nil {
			b.Fatal(err)
		}
	}
	out := filepath.Join(dir, "badges.pdf")
	b.ReportAllocs()
	for b.Loop() {
		if err := a.run(ctx, []string{"--config", config, "badges", "--layout", "a4-8", "--out", out}); err != nil {
			b.Fatal(err)
		}
	}
}
