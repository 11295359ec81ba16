package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/db"
	"github.com/desk-event/desk/printing"
)

// labelPrinter is a label printer that takes each badge at once and
// prints it in half a second (a Brother QL-820NWB does 110 labels a
// minute): the worker renders and sends badges as fast as a real printer
// takes them.
type labelPrinter struct {
	mu   sync.Mutex
	sent map[string]time.Time // job: when it was taken
}

func (p *labelPrinter) Submit(context.Context, string, string, string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := fmt.Sprint("QL-", len(p.sent)+1)
	p.sent[id] = time.Now()
	return id, nil
}

func (p *labelPrinter) Stopped(context.Context, string) (string, bool, error) { return "", false, nil }

func (p *labelPrinter) Cancel(context.Context, string) error { return nil }

func (p *labelPrinter) Find(context.Context, string, string, time.Time) (string, error) {
	return "", nil
}

func (p *labelPrinter) Pending(_ context.Context, _ string, job string) (bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return time.Since(p.sent[job]) < 500*time.Millisecond, nil
}

// BenchmarkCheckInPrinting checks distinct badges in at 16 desks over
// loopback HTTP on two servers, one with printing off and one printing on
// arrival, in turns of b.N/12 check-ins each, each server first in turn,
// so that both see the same load of the machine. With printing, every
// arrival's badge is queued by the worker, and rendered on the label
// layout and sent as fast as the printer takes them: a label each half
// second, unless DESK_BENCH_CUPS names a real CUPS queue (e.g. PDF, the
// cups-pdf queue .ci/run adds); badges-sent counts them. The badges the
// worker has not queued by the end of a turn are queued then, and that
// time counted with the turn. The rate with printing must stay within
// 10 % of the rate without (on/off). A turn must outlast the worker's
// passes (a fifth of a second): hence 100,000.
//
//	go test ./checkin/web -run '^$' -bench 'CheckInPrinting' -benchtime 100000x -count 5
func BenchmarkCheckInPrinting(b *testing.B) {
	const desks, turns = 16, 6         // even: each server goes first as often
	n := max(b.N/(2*turns), 1) * turns // check-ins per server
	offStore, offCodes, _ := loadEvent(b, n)
	defer offStore.Close()
	onStore, onCodes, _ := loadEvent(b, n)
	defer onStore.Close()
	tweak, catchUp, sent := benchPrinting(b)
	servers := []struct {
		desks   *scanDesks
		codes   []string
		elapsed time.Duration
	}{{desks: scanServer(b, offStore, nil, desks), codes: offCodes}, {desks: scanServer(b, onStore, nil, desks, tweak), codes: onCodes}}
	b.ResetTimer()
	for turn := range turns {
		for k := range servers {
			s := (turn + k) % 2 // off first, then on first: the machine's drift weighs on both
			srv := &servers[s]
			from := turn * n / turns
			start := time.Now()
			err := runOps(desks, n/turns, func(c, i int) error {
				return srv.desks.scan(c, fmt.Sprintf(`{"code":%q,"nonce":"n%d"}`, srv.codes[from+i], from+i))
			})
			if err == nil && s == 1 {
				err = catchUp(onStore)
			}
			if err != nil {
				b.Fatal(err)
			}
			srv.elapsed += time.Since(start)
		}
	}
	b.StopTimer()
	off, on := float64(n)/servers[0].elapsed.Seconds(), float64(n)/servers[1].elapsed.Seconds()
	b.ReportMetric(off, "off-ops/s")
	b.ReportMetric(on, "on-ops/s")
	b.ReportMetric(on/off, "on/off")
	b.ReportMetric(float64(sent()), "badges-sent")
}

// runOps runs n operations from clients goroutines, and gives the first
// error.
func runOps(clients, n int, op func(client, i int) error) error {
	var next atomic.Int64
	errs := make(chan error, clients)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				if err := op(c, i); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

// benchPrinting is the printing service of desk serve on the brother
// layout, printing on arrival; catchUp queues what the worker has not
// yet, and sent counts the badges given to the printer.
func benchPrinting(b *testing.B) (tweak func(*Options), catchUp func(*db.DB) error, sent func() int64) {
	layout, err := badges.Preset("brother-dk-11202")
	if err != nil {
		b.Fatal(err)
	}
	queue := os.Getenv("DESK_BENCH_CUPS")
	var spooler printing.Spooler = &labelPrinter{sent: map[string]time.Time{}}
	if queue != "" {
		spooler = printing.CUPS{}
	}
	var submitted atomic.Int64
	defaults := checkin.DeskPrinting{Printer: max(queue, "Brother_QL"), Mode: checkin.PrintOnCheckIn}
	return func(o *Options) {
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			w := printing.NewWorker(printing.Worker{Store: o.Store.(printing.Store), Spooler: spooler, Now: time.Now, Dir: b.TempDir(), Log: log,
				Arrivals: func(ctx context.Context) error {
					_, err := o.Store.(*db.DB).QueueArrivalPrints(ctx, defaults, time.Now())
					return err
				},
				Render: func(out io.Writer, r checkin.Registrant) error {
					submitted.Add(1)
					_, err := badges.Render(out, []badges.Badge{{Code: string(r.Code), FirstName: r.FirstName, LastName: r.LastName}}, layout, badges.Options{EventName: "Bench"})
					return err
				}})
			ctx, cancel := context.WithCancel(context.Background())
			b.Cleanup(cancel)
			go w.Run(ctx)
			o.Printing = &printing.Service{Store: o.Store.(printing.DeskStore), Worker: w, Lister: printing.CUPS{}, Defaults: defaults, Log: log}
			o.PrintDefaults = defaults
		}, func(store *db.DB) error {
			for {
				n, err := store.QueueArrivalPrints(context.Background(), defaults, time.Now())
				if err != nil || n == 0 {
					return err
				}
			}
		}, func() int64 {
			return submitted.Load()
		}
}
