package printing_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
	"github.com/desk-event/desk/db"
	"github.com/desk-event/desk/internal/cupstest"
	"github.com/desk-event/desk/printing"
)

// person opens a database with one registrant, Jean-Pierre de La Tour.
func person(t *testing.T) (*db.DB, checkin.Registrant) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	days := []checkin.Day{"2026-10-14"}
	if err := d.SetDays(ctx, days); err != nil {
		t.Fatal(err)
	}
	r := checkin.Registrant{FirstName: "Jean-Pierre", LastName: "de La Tour", Organisation: "Parc des Écrins", Days: days}
	opts := importer.ReconcileOptions{Now: time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC), Rand: strings.NewReader(strings.Repeat("k", 4096))}
	if _, err := d.Import(ctx, []importer.Row{{Row: 2, Registrant: r}}, opts, false); err != nil {
		t.Fatal(err)
	}
	rs, err := d.Registrants(ctx)
	if err != nil || len(rs) != 1 {
		t.Fatalf("%v, %v", rs, err)
	}
	return d, rs[0]
}

// worker runs a worker on the real CUPS, retrying every 200 ms.
func worker(t *testing.T, d *db.DB) *printing.Worker {
	t.Helper()
	return workerOn(t, d, func(c printing.CUPS) printing.Spooler { return c })
}

// workerOn runs a worker on the real CUPS as wrap sees it.
func workerOn(t *testing.T, d *db.DB, wrap func(printing.CUPS) printing.Spooler) *printing.Worker {
	t.Helper()
	w := newWorkerOn(t, d, wrap)
	start(t, w)
	return w
}

func newWorkerOn(t *testing.T, d *db.DB, wrap func(printing.CUPS) printing.Spooler) *printing.Worker {
	t.Helper()
	layout, err := badges.Preset("brother-dk-11202")
	if err != nil {
		t.Fatal(err)
	}
	spooler := wrap(printing.CUPS{Media: printing.MediaFor(layout.Name, layout.PageWidth, layout.PageHeight)})
	return printing.NewWorker(printing.Worker{Store: d, Spooler: spooler, Now: time.Now, Every: 200 * time.Millisecond, Dir: t.TempDir(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Render: func(out io.Writer, r checkin.Registrant) error {
			_, err := badges.Render(out, []badges.Badge{{Code: string(r.Code), FirstName: r.FirstName, LastName: r.LastName, Organisation: r.Organisation}}, layout, badges.Options{EventName: "Rencontre"})
			return err
		}})
}

// waitState polls the job until it reaches state.
func waitState(t *testing.T, d *db.DB, desk string, id int64, state checkin.PrintState, within time.Duration) checkin.PrintJob {
	t.Helper()
	return waitJob(t, d, desk, within, func(j checkin.PrintJob) bool { return j.ID == id && j.State == state })
}

// waitJob polls a desk's jobs until ok says one is as wanted.
func waitJob(t *testing.T, d *db.DB, desk string, within time.Duration, ok func(checkin.PrintJob) bool) checkin.PrintJob {
	t.Helper()
	var jobs []checkin.PrintJob
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var err error
		if jobs, err = d.DeskPrintJobs(context.Background(), desk, 20); err != nil {
			t.Fatal(err)
		}
		for _, j := range jobs {
			if ok(j) {
				return j
			}
		}
	}
	t.Fatalf("%s's jobs are %+v after %s", desk, jobs, within)
	return checkin.PrintJob{}
}

func TestBadgesPrintOnRealCUPS(t *testing.T) {
	out := cupstest.NeedCUPS(t)
	cupstest.Run(t, "cupsaccept", cupstest.Queue)
	d, jp := person(t)
	w := worker(t, d)
	ctx := context.Background()

	t.Run("a queued badge comes out of the PDF printer with its QR code and name", func(t *testing.T) {
		since := time.Now().Add(-time.Second)
		j, err := w.Enqueue(ctx, checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée A", Printer: cupstest.Queue})
		if err != nil {
			t.Fatal(err)
		}
		pdf := cupstest.WaitForPDF(t, out, since, 5*time.Second)
		codes, text := cupstest.ReadBadge(t, pdf)
		if codes != string(jp.Code) {
			t.Errorf("QR codes %q, want %q", codes, jp.Code)
		}
		if !strings.Contains(text, "Jean-Pierre") || !strings.Contains(text, "de La Tour") {
			t.Errorf("badge text lacks the name:\n%s", text)
		}
		// The job asked for the label (lp -o media): CUPS printed the
		// landscape badge turned onto the 62 × 100 mm label, unscaled, as a
		// Brother QL driver describes it.
		if w, h := cupstest.PageSize(t, pdf); w < 174 || w > 178 || h < 281 || h > 285 {
			t.Errorf("printed page %.0f × %.0f pt, want the 62 × 100 mm label upright (176 × 283)", w, h)
		}
		done := waitState(t, d, "Entrée A", j.ID, checkin.PrintDone, 5*time.Second)
		if !strings.HasPrefix(done.CUPSJob, cupstest.Queue+"-") || done.Attempts != 1 {
			t.Errorf("done job %+v", done)
		}
		os.Remove(pdf)
	})
	t.Run("a refusing cupstest.Queue keeps the badge in desk's cupstest.Queue until it accepts again", func(t *testing.T) {
		cupstest.Run(t, "cupsreject", "-r", "out of labels", cupstest.Queue)
		t.Cleanup(func() { exec.Command("cupsaccept", cupstest.Queue).Run() })
		j, err := w.Enqueue(ctx, checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée A", Printer: cupstest.Queue, ReprintReason: "badge lost"})
		if err != nil {
			t.Fatal(err)
		}
		waitJob(t, d, "Entrée A", 5*time.Second, func(j checkin.PrintJob) bool {
			return j.State == checkin.PrintQueued && j.Attempts >= 2 && strings.Contains(j.Reason, "not accepting")
		})
		since := time.Now().Add(-time.Second)
		cupstest.Run(t, "cupsaccept", cupstest.Queue)
		waitState(t, d, "Entrée A", j.ID, checkin.PrintDone, 5*time.Second)
		pdf := cupstest.WaitForPDF(t, out, since, 5*time.Second)
		if codes, _ := cupstest.ReadBadge(t, pdf); codes != string(jp.Code) {
			t.Errorf("QR codes %q, want %q", codes, jp.Code)
		}
		os.Remove(pdf)
	})
	t.Run("a stopped printer's message is the badge's reason until it prints", func(t *testing.T) {
		cupstest.Run(t, "cupsdisable", "-r", "Plus d'étiquettes", cupstest.Queue)
		t.Cleanup(func() { exec.Command("cupsenable", cupstest.Queue).Run() })
		j, err := w.Enqueue(ctx, checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée A", Printer: cupstest.Queue, ReprintReason: "stopped printer"})
		if err != nil {
			t.Fatal(err)
		}
		waitJob(t, d, "Entrée A", 5*time.Second, func(j checkin.PrintJob) bool {
			return j.State == checkin.PrintPrinting && strings.Contains(j.Reason, "Plus d'étiquettes")
		})
		since := time.Now().Add(-time.Second)
		cupstest.Run(t, "cupsenable", cupstest.Queue)
		waitState(t, d, "Entrée A", j.ID, checkin.PrintDone, 10*time.Second)
		os.Remove(cupstest.WaitForPDF(t, out, since, 10*time.Second))
	})
	t.Run("a job cancelled in CUPS is failed, not printed", func(t *testing.T) {
		cupstest.Run(t, "cupsdisable", cupstest.Queue)
		t.Cleanup(func() { exec.Command("cupsenable", cupstest.Queue).Run() })
		j, err := w.Enqueue(ctx, checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée C", Printer: cupstest.Queue, ReprintReason: "cancel test"})
		if err != nil {
			t.Fatal(err)
		}
		sent := waitState(t, d, "Entrée C", j.ID, checkin.PrintPrinting, 5*time.Second)
		cupstest.Run(t, "cancel", sent.CUPSJob)
		failed := waitState(t, d, "Entrée C", j.ID, checkin.PrintFailed, 5*time.Second)
		if !strings.Contains(failed.Reason, "canceled") {
			t.Errorf("reason %q", failed.Reason)
		}
	})
	t.Run("a badge on a queue removed from CUPS is failed, not printing forever", func(t *testing.T) {
		const gone = "DeskTestGone"
		cupstest.Run(t, "lpadmin", "-p", gone, "-E", "-v", "cups-pdf:/", "-m", "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd")
		t.Cleanup(func() { exec.Command("lpadmin", "-x", gone).Run() })
		cupstest.Run(t, "cupsdisable", gone)
		j, err := w.Enqueue(ctx, checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée D", Printer: gone, ReprintReason: "queue removed"})
		if err != nil {
			t.Fatal(err)
		}
		waitState(t, d, "Entrée D", j.ID, checkin.PrintPrinting, 5*time.Second)
		cupstest.Run(t, "lpadmin", "-x", gone)
		failed := waitState(t, d, "Entrée D", j.ID, checkin.PrintFailed, 5*time.Second)
		if !strings.Contains(failed.Reason, "CUPS") {
			t.Errorf("reason %q", failed.Reason)
		}
	})
}

// lostAnswer is CUPS with lp's first answer lost: the badge is taken and
// desk serve stops (crash) before recording it.
type lostAnswer struct {
	printing.CUPS
	crash context.CancelFunc
	mu    sync.Mutex
	taken string // the CUPS job whose answer was lost
}

func (l *lostAnswer) Submit(ctx context.Context, printer, title, file string) (string, error) {
	id, err := l.CUPS.Submit(ctx, printer, title, file)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil || l.taken != "" {
		return id, err
	}
	l.taken = id
	l.crash()
	return "", errors.New("desk serve stopped before lp answered")
}

// TestBadgeTakenByCUPSBeforeACrash: the job lp took before desk serve
// stopped is found in CUPS by its title at the next start and followed to
// printed; the badge is not sent a second time.
func TestBadgeTakenByCUPSBeforeACrash(t *testing.T) {
	out := cupstest.NeedCUPS(t)
	cupstest.Run(t, "cupsaccept", cupstest.Queue)
	cupstest.Run(t, "cupsenable", cupstest.Queue)
	d, jp := person(t)
	sp := &lostAnswer{}
	first := newWorkerOn(t, d, func(c printing.CUPS) printing.Spooler { sp.CUPS = c; return sp })
	var ended <-chan struct{}
	sp.crash, ended = start(t, first)
	since := time.Now().Add(-time.Second)
	j, err := first.Enqueue(context.Background(), checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée A", Printer: cupstest.Queue})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the first run did not stop")
	}
	worker(t, d) // desk serve started again
	done := waitState(t, d, "Entrée A", j.ID, checkin.PrintDone, 10*time.Second)
	sp.mu.Lock()
	taken := sp.taken
	sp.mu.Unlock()
	if taken == "" || done.CUPSJob != taken || done.Attempts != 1 {
		t.Fatalf("job %+v; CUPS took %q before the crash: want that job followed, nothing sent again", done, taken)
	}
	os.Remove(cupstest.WaitForPDF(t, out, since, 10*time.Second))
}
