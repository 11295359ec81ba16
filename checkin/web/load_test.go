package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
	"github.com/desk-event/desk/db"
)

// loadEvent is a database of n registrants expected on one day.
func loadEvent(b *testing.B, n int) (*db.DB, []string, string) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "desk.db")
	store, err := db.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	day := checkin.Day("2026-10-14")
	store.SetDays(ctx, []checkin.Day{day})
	rows := make([]importer.Row, n)
	for i := range rows {
		rows[i] = importer.Row{Row: i + 2, Registrant: checkin.Registrant{FirstName: "P", LastName: fmt.Sprint(i),
			Email: fmt.Sprintf("p%d@example.fr", i), Days: []checkin.Day{day}}}
	}
	if _, err := store.Import(ctx, rows, importer.ReconcileOptions{Now: time.Now(), Rand: rand.NewChaCha8([32]byte{})}, false); err != nil {
		b.Fatal(err)
	}
	rs, _ := store.Registrants(ctx)
	codes := make([]string, len(rs))
	for i, r := range rs {
		codes[i] = string(r.Code)
	}
	return store, codes, path
}

// run spreads b.N operations over clients goroutines and reports the rate
// and the 50th and 99th percentile latencies.
func runClients(b *testing.B, clients int, op func(client, i int) error) {
	var next atomic.Int64
	lat := make([][]time.Duration, clients)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				t0 := time.Now()
				if err := op(c, i); err != nil {
					b.Error(err)
					return
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	all := slices.Concat(lat...)
	slices.Sort(all)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "ops/s")
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkCheckInHTTP checks distinct badges in over loopback HTTP with
// 1, 16 and 64 concurrent desks, each check-in durable before its answer;
// BenchmarkDurableUpdate is the baseline measured in the same run: plain
// single-row UPDATE transactions on the same kind of file.
//
//	go test ./checkin/web -run '^$' -bench 'CheckInHTTP|DurableUpdate' -benchtime 3000x
func BenchmarkCheckInHTTP(b *testing.B) {
	for _, clients := range []int{1, 16, 64} {
		b.Run(fmt.Sprint("clients=", clients), func(b *testing.B) {
			store, codes, _ := loadEvent(b, max(b.N, 1))
			defer store.Close()
			day := checkin.Day("2026-10-14")
			s := New(Options{Store: store, Credentials: Credentials{DeskPIN: "1234"}, Policy: checkin.HealthPassOff,
				Today: func() checkin.Day { return day }, Now: time.Now, Rand: rand.NewChaCha8([32]byte{1}),
				Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Limits: Limits{Scans: Rate{Every: time.Nanosecond, Burst: 1 << 30}}}) // one desk, thousands of scans
			srv := httptest.NewServer(s.Handler())
			defer srv.Close()
			transport := &http.Transport{MaxIdleConnsPerHost: clients}
			desks := make([]*http.Client, clients)
			for i := range desks {
				jar, _ := cookiejar.New(nil)
				desks[i] = &http.Client{Jar: jar, Transport: transport}
				resp, err := desks[i].Post(srv.URL+"/api/login", "application/json", bytes.NewReader([]byte(`{"pin":"1234"}`)))
				if err != nil || resp.StatusCode != 200 {
					b.Fatalf("login: %v", err)
				}
				resp.Body.Close()
			}
			runClients(b, clients, func(c, i int) error {
				body := fmt.Sprintf(`{"code":%q,"nonce":"n%d"}`, codes[i%len(codes)], i)
				resp, err := desks[c].Post(srv.URL+"/api/checkins", "application/json", bytes.NewReader([]byte(body)))
				if err != nil {
					return err
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					return fmt.Errorf("status %d", resp.StatusCode)
				}
				return nil
			})
		})
	}
}

func BenchmarkDurableUpdate(b *testing.B) {
	for _, clients := range []int{1, 16, 64} {
		b.Run(fmt.Sprint("clients=", clients), func(b *testing.B) {
			store, _, path := loadEvent(b, 1000)
			store.Close()
			raw, err := db.OpenRaw(path)
			if err != nil {
				b.Fatal(err)
			}
			defer raw.Close()
			runClients(b, clients, func(_, i int) error {
				_, err := raw.Exec(`UPDATE registrants SET updated_at = ? WHERE id = ?`, time.Now().String(), i%1000+1)
				return err
			})
		})
	}
}
