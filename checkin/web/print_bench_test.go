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

func (p *labelPrinter) Find(context.Context, string, string) (string, error) { return "", nil }

func (p *labelPrinter) Pending(_ context.Context, _ string, job string) (bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return time.Since(p.sent[job]) < 500*time.Millisecond, nil
}

// BenchmarkCheckInPrinting checks distinct badges in at 16 desks over
// loopback HTTP with printing off, then on arrival (every check-in's badge
// is queued, rendered on the label layout and sent), in the same run: the
// rate with printing must stay within 10 % of the rate without. The
// printer prints a label in half a second, unless DESK_BENCH_CUPS names a
// real CUPS queue (e.g. PDF, the cups-pdf queue .ci/run adds). Runs are
// best interleaved, the machine's load changing:
//
//	for i in 1 2 3 4 5; do go test ./checkin/web -run '^$' -bench 'CheckInPrinting' -benchtime 3000x; done
func BenchmarkCheckInPrinting(b *testing.B) {
	for _, mode := range []string{"off", "on_checkin"} {
		b.Run("printing="+mode, func(b *testing.B) {
			store, codes, _ := loadEvent(b, max(b.N, 1))
			defer store.Close()
			var sent func() int64
			var tweaks []func(*Options)
			if mode == "on_checkin" {
				var tweak func(*Options)
				tweak, sent = benchPrinting(b)
				tweaks = append(tweaks, tweak)
			}
			benchScans(b, store, nil, 16, func(i int) string { return fmt.Sprintf(`{"code":%q,"nonce":"n%d"}`, codes[i%len(codes)], i) }, tweaks...)
			if sent != nil {
				b.ReportMetric(float64(sent()), "badges-sent")
			}
		})
	}
}

// benchPrinting is the printing service of desk serve on the brother
// layout, printing on arrival; sent counts the badges given to the printer.
func benchPrinting(b *testing.B) (func(*Options), func() int64) {
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
	return func(o *Options) {
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			defaults := checkin.DeskPrinting{Printer: max(queue, "Brother_QL"), Mode: checkin.PrintOnCheckIn}
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
		}, func() int64 {
			return submitted.Load()
		}
}
