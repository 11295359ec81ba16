package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/db"
	"github.com/desk-event/desk/printing"
)

// instantPrinter is a label printer that takes every badge at once and
// has printed it when asked: the worker renders and sends as fast as it
// can, the most printing can take from check-ins.
type instantPrinter struct{ sent atomic.Int64 }

func (p *instantPrinter) Submit(context.Context, string, string, string) (string, error) {
	return fmt.Sprint("PDF-", p.sent.Add(1)), nil
}

func (p *instantPrinter) Pending(context.Context, string, string) (bool, error) { return false, nil }

// BenchmarkCheckInPrinting checks distinct badges in at 16 desks over
// loopback HTTP with printing off, then on arrival (every check-in queues
// its badge, rendered on the label layout and sent), in the same run: the
// rate with printing must stay within 10 % of the rate without. The
// printer takes badges at once unless DESK_BENCH_CUPS names a real CUPS
// queue (e.g. PDF, the cups-pdf queue .ci/run adds).
//
//	go test ./checkin/web -run '^$' -bench 'CheckInPrinting' -benchtime 3000x -count 3
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
	var spooler printing.Spooler = &instantPrinter{}
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
