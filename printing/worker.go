package printing

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/desk-event/desk/checkin"
)

// Store is what the worker needs of the database.
type Store interface {
	AddPrintJob(ctx context.Context, j checkin.PrintJob) (checkin.PrintJob, error)
	UpdatePrintJob(ctx context.Context, j checkin.PrintJob) error
	OpenPrintJobs(ctx context.Context) ([]checkin.PrintJob, error)
	RegistrantsByID(ctx context.Context, ids []int64) ([]checkin.Registrant, error)
}

// Spooler is the print system: CUPS in desk serve, a fake in tests.
type Spooler interface {
	Submit(ctx context.Context, printer, title, file string) (string, error)
	Pending(ctx context.Context, printer, job string) (bool, error)
	// Stopped tells whether a printer stopped (out of labels...), and why.
	Stopped(ctx context.Context, printer string) (string, bool, error)
	Cancel(ctx context.Context, job string) error
}

// MaxAttempts is how many times a job that CUPS refuses for another reason
// than a refusing queue is sent before it is marked failed.
const MaxAttempts = 5

// Worker sends the queued badges to CUPS and follows them until printed.
type Worker struct {
	Store   Store
	Spooler Spooler
	Render  func(w io.Writer, r checkin.Registrant) error // one badge, the printing layout
	Now     func() time.Time
	Every   time.Duration // how often queued jobs are retried and printing ones looked at
	Dir     string        // where badges are written for lp
	Log     *slog.Logger
	// Arrivals, when set, queues new jobs at the start of every pass: the
	// badges of the people who arrived at desks printing on arrival.
	Arrivals func(ctx context.Context) error
	wake     chan struct{}
}

// NewWorker makes a worker; Run starts it.
func NewWorker(w Worker) *Worker {
	w.wake = make(chan struct{}, 1)
	if w.Every <= 0 {
		w.Every = 2 * time.Second
	}
	return &w
}

// Enqueue queues a person's badge on a printer and wakes the worker; it
// never waits for CUPS.
func (w *Worker) Enqueue(ctx context.Context, j checkin.PrintJob) (checkin.PrintJob, error) {
	j.CreatedAt = w.Now()
	j, err := w.Store.AddPrintJob(ctx, j)
	if err != nil {
		return j, err
	}
	w.wakeUp()
	return j, nil
}

// wakeUp makes the worker look at its queue now.
func (w *Worker) wakeUp() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run works until ctx ends: at every wake-up, every w.Every, and every
// quarter of a second while a badge is printing.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.wake:
		}
		wait := w.Every
		if w.pass(ctx) {
			wait = followEvery
		}
		t.Reset(wait)
		select { // the wake-ups of a busy door meanwhile are answered by one pass
		case <-ctx.Done():
			return
		case <-time.After(minGap):
		}
	}
}

// followEvery is how often a badge sent to CUPS is looked at until printed;
// minGap is the least time between two passes.
const (
	followEvery = 250 * time.Millisecond
	minGap      = 200 * time.Millisecond
)

// pass moves every open job one step, and tells whether one is printing.
// A printer gets one badge at a time: the next waits in desk's queue, where
// it can still go to the fallback if the printer stops taking jobs.
func (w *Worker) pass(ctx context.Context) (printing bool) {
	if w.Arrivals != nil {
		if err := w.Arrivals(ctx); err != nil {
			w.Log.Error("queueing arrivals' badges", "err", err)
		}
	}
	jobs, err := w.Store.OpenPrintJobs(ctx)
	if err != nil {
		w.Log.Error("print queue", "err", err)
		return false
	}
	busy := map[string]bool{}
	for _, j := range jobs {
		if j.State == checkin.PrintQueued && busy[j.Printer] {
			continue
		}
		next := w.step(ctx, j)
		if next.State == checkin.PrintPrinting {
			busy[next.Printer], printing = true, true
		}
		if next == j {
			continue
		}
		next.UpdatedAt = w.Now()
		if err := w.Store.UpdatePrintJob(ctx, next); err != nil {
			w.Log.Error("print queue", "job", j.ID, "err", err)
		}
		if next.State != j.State || next.Printer != j.Printer || next.Reason != j.Reason {
			// The job, never the person: the log holds no personal data.
			w.Log.Info("print job", "job", next.ID, "desk", next.Desk, "printer", next.Printer, "state", next.State, "reason", next.Reason)
		}
	}
	return printing
}

// step sends a queued job or looks at a printing one. A job its printer
// refuses goes to the fallback, and back, until one takes it.
func (w *Worker) step(ctx context.Context, j checkin.PrintJob) checkin.PrintJob {
	if j.State == checkin.PrintPrinting {
		return w.follow(ctx, j)
	}
	j.Attempts++
	id, err := w.send(ctx, j)
	switch {
	case err == nil:
		j.State, j.CUPSJob, j.Reason = checkin.PrintPrinting, id, ""
		return j
	case errors.Is(err, ErrNotAccepting):
		j.Reason = err.Error() // stays queued until a printer accepts again
	case j.Attempts >= MaxAttempts:
		j.State, j.Reason = checkin.PrintFailed, err.Error()
		return j
	default:
		j.Reason = err.Error()
	}
	if j.Fallback != "" && j.Fallback != j.Printer {
		j.Printer, j.Fallback = j.Fallback, j.Printer
	}
	return j
}

// follow looks at a badge sent to CUPS: printed, or waiting on a stopped
// printer (CUPS's message is the job's reason), in which case a job with a
// fallback is taken back from CUPS and queued on the fallback.
func (w *Worker) follow(ctx context.Context, j checkin.PrintJob) checkin.PrintJob {
	pending, err := w.Spooler.Pending(ctx, j.Printer, j.CUPSJob)
	switch {
	case errors.Is(err, ErrJobEnded):
		j.State, j.Reason = checkin.PrintFailed, err.Error()
		return j
	case err != nil:
		return j
	case !pending:
		j.State, j.Reason = checkin.PrintDone, ""
		return j
	}
	message, stopped, err := w.Spooler.Stopped(ctx, j.Printer)
	if err != nil || !stopped {
		return j
	}
	j.Reason = fmt.Sprintf("printer %s stopped: %s", j.Printer, message)
	if j.Fallback == "" || j.Fallback == j.Printer || w.Spooler.Cancel(ctx, j.CUPSJob) != nil {
		return j
	}
	j.State, j.CUPSJob = checkin.PrintQueued, ""
	j.Printer, j.Fallback = j.Fallback, j.Printer
	return j
}

// send renders the badge to a file and gives it to lp.
func (w *Worker) send(ctx context.Context, j checkin.PrintJob) (string, error) {
	rs, err := w.Store.RegistrantsByID(ctx, []int64{j.RegistrantID})
	if err != nil || len(rs) == 0 {
		return "", fmt.Errorf("print job %d: person %d not found: %v", j.ID, j.RegistrantID, err)
	}
	f, err := os.CreateTemp(w.Dir, fmt.Sprintf("desk-badge-%d-*.pdf", j.ID))
	if err != nil {
		return "", fmt.Errorf("print job %d: %w", j.ID, err)
	}
	defer os.Remove(f.Name())
	if err := w.Render(f, rs[0]); err != nil {
		f.Close()
		return "", fmt.Errorf("print job %d: rendering the badge: %w", j.ID, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("print job %d: %w", j.ID, err)
	}
	return w.Spooler.Submit(ctx, j.Printer, fmt.Sprintf("desk-badge-%d", j.ID), filepath.Clean(f.Name()))
}
