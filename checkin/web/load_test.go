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
			benchScans(b, store, nil, clients, func(i int) string { return fmt.Sprintf(`{"code":%q,"nonce":"n%d"}`, codes[i%len(codes)], i) })
		})
	}
}

// BenchmarkSessionCheckInHTTP checks distinct badges into one session at
// 16 concurrent desks, beside entrance check-ins measured in the same
// run: the capacity rule (who is in, how many, counted in the write
// transaction) must not halve the rate. "session" people have not come
// through the entrance, so each scan records their arrival too;
// "session after entrance" people have. The capacity is exactly b.N.
//
//	go test ./checkin/web -run '^$' -bench 'SessionCheckInHTTP' -benchtime 3000x
func BenchmarkSessionCheckInHTTP(b *testing.B) {
	day := checkin.Day("2026-10-14")
	for _, mode := range []string{"entrance", "session", "session after entrance"} {
		b.Run(mode+"/clients=16", func(b *testing.B) {
			store, codes, _ := loadEvent(b, max(b.N, 1))
			defer store.Close()
			sessions := []checkin.Session{{ID: "atelier", Name: "Atelier", Day: day, Start: "09:00", End: "12:00", Capacity: b.N}}
			body := func(i int) string {
				return fmt.Sprintf(`{"code":%q,"nonce":"s%d","session":"atelier"}`, codes[i%len(codes)], i)
			}
			switch mode {
			case "entrance":
				body = func(i int) string { return fmt.Sprintf(`{"code":%q,"nonce":"n%d"}`, codes[i%len(codes)], i) }
			case "session after entrance":
				var wg sync.WaitGroup // everyone in at the entrance first, by 16 desks so that commits are grouped
				for d := range 16 {
					wg.Go(func() {
						for i := d; i < len(codes); i += 16 {
							req := checkin.ScanRequest{Input: codes[i], Day: day, Desk: "Entrée", Nonce: fmt.Sprint("e", i), At: time.Now(), Policy: checkin.HealthPassOff}
							if _, err := store.Scan(context.Background(), req); err != nil {
								b.Error(err)
							}
						}
					})
				}
				wg.Wait()
			}
			benchScans(b, store, sessions, 16, body)
		})
	}
}

// benchScans serves store and has clients desks post the scans body(i)
// over loopback HTTP, each durable before its answer.
func benchScans(b *testing.B, store *db.DB, sessions []checkin.Session, clients int, body func(i int) string, tweaks ...func(*Options)) {
	desks := scanServer(b, store, sessions, clients, tweaks...)
	runClients(b, clients, func(c, i int) error { return desks.scan(c, body(i)) })
}

// scanDesks are desks logged in to a check-in server of their own.
type scanDesks struct {
	url     string
	clients []*http.Client
}

// scanServer serves store over loopback HTTP, as desk serve does, to
// clients desks logged in with the PIN; it stops when the benchmark ends.
func scanServer(b *testing.B, store *db.DB, sessions []checkin.Session, clients int, tweaks ...func(*Options)) *scanDesks {
	day := checkin.Day("2026-10-14")
	o := Options{Store: store, Credentials: Credentials{DeskPIN: "1234"}, Policy: checkin.HealthPassOff,
		Today: func() checkin.Day { return day }, Now: time.Now, Rand: rand.NewChaCha8([32]byte{1}),
		Sessions: sessions, RegisteredFor: func(checkin.Registrant, checkin.Session) bool { return true },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Limits: Limits{Scans: Rate{Every: time.Nanosecond, Burst: 1 << 30}}} // one desk, thousands of scans
	for _, tweak := range tweaks {
		tweak(&o)
	}
	s := New(o)
	srv := httptest.NewServer(s.Handler())
	b.Cleanup(srv.Close)
	transport := &http.Transport{MaxIdleConnsPerHost: clients}
	d := &scanDesks{url: srv.URL, clients: make([]*http.Client, clients)}
	for i := range d.clients {
		jar, _ := cookiejar.New(nil)
		d.clients[i] = &http.Client{Jar: jar, Transport: transport}
		resp, err := d.clients[i].Post(srv.URL+"/api/login", "application/json", bytes.NewReader([]byte(`{"pin":"1234"}`)))
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("login: %v", err)
		}
		resp.Body.Close()
	}
	return d
}

// scan posts a check-in from desk c and wants it checked in.
func (d *scanDesks) scan(c int, body string) error {
	resp, err := d.clients[c].Post(d.url+"/api/checkins", "application/json", bytes.NewReader([]byte(body)))
	if err != nil {
		return err
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(out, []byte(`"outcome":"checked_in"`)) {
		return fmt.Errorf("status %d: %s", resp.StatusCode, out)
	}
	return nil
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
