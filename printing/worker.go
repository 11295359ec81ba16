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
	// ChangePrintJob records a step of a job still as from was, else
	// returns checkin.ErrPrintJobChanged.
	ChangePrintJob(ctx context.Context, from, to checkin.PrintJob) error
	PrintJob(ctx context.Context, id int64) (checkin.PrintJob, error)
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
	// Find gives the id of the job with this title on a printer, printed
	// or on its way, that CUPS took at since or later, or "" when CUPS has
	// none (cancelled or aborted ones do not count).
	Find(ctx context.Context, printer, title string, since time.Time) (string, error)
}

// MaxAttempts is how many times a badge that cannot be made is tried
// before its job is marked failed.
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
	answered map[int64]bool // jobs lp answered in this run: no need to look for them in CUPS
}

// NewWorker makes a worker; Run starts it.
func NewWorker(w Worker) *Worker {
	w.wake, w.answered = make(chan struct{}, 1), map[int64]bool{}
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
	busy := map[string]bool{} // printers with a badge in CUPS, whatever the jobs' order
	for _, j := range jobs {
		busy[j.Printer] = busy[j.Printer] || j.State == checkin.PrintPrinting
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			break // desk serve stops: the rest wait for the next start
		}
		if j.State == checkin.PrintQueued && busy[j.Printer] {
			continue
		}
		next := w.step(ctx, j)
		if j.State == checkin.PrintPrinting && next.State != checkin.PrintPrinting {
			busy[j.Printer] = false // printed, failed, or gone to the fallback: the printer is free
		}
		if next.State == checkin.PrintPrinting {
			busy[next.Printer], printing = true, true
		}
		if next != j {
			err := w.save(ctx, j, next)
			if errors.Is(err, checkin.ErrPrintJobChanged) && j.State == checkin.PrintQueued && next.State == checkin.PrintPrinting {
				w.overtaken(ctx, next)
			}
		}
	}
	return printing
}

// save records a job's step. What CUPS has done cannot be undone, so the
// record is made even while desk serve stops, and tried again when the
// database is busy (a backup): a badge sent and not recorded would be
// sent again.
func (w *Worker) save(ctx context.Context, before, next checkin.PrintJob) error {
	next.UpdatedAt = w.Now()
	var err error
	for try := 0; try < 5; try++ {
		if err = w.Store.ChangePrintJob(context.WithoutCancel(ctx), before, next); err == nil || errors.Is(err, checkin.ErrPrintJobChanged) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	switch {
	case errors.Is(err, checkin.ErrPrintJobChanged):
		w.Log.Info("print job changed meanwhile (moved or undone)", "job", next.ID)
		return err
	case err != nil:
		w.Log.Error("print queue", "job", next.ID, "err", err)
		return err
	}
	if next.State != before.State || next.Printer != before.Printer || next.Reason != before.Reason {
		// The job, never the person: the log holds no personal data.
		w.Log.Info("print job", "job", next.ID, "desk", next.Desk, "printer", next.Printer, "state", next.State, "reason", next.Reason)
	}
	return nil
}

// errBadge marks a badge that cannot be made (its person gone, the
// rendering failed): tried MaxAttempts times, then failed. A printer that
// cannot take it (refusing, missing, CUPS down) keeps it waiting instead.
var errBadge = errors.New("the badge cannot be made")

// step sends a queued job or looks at a printing one. A job that cannot
// be sent goes to the fallback, and back, until one takes it.
func (w *Worker) step(ctx context.Context, j checkin.PrintJob) checkin.PrintJob {
	if j.State == checkin.PrintPrinting {
		return w.follow(ctx, j)
	}
	if j.Attempts > 0 && !w.answered[j.ID] { // tried by a desk serve that stopped before lp answered it?
		if printer, id := w.sentBefore(ctx, j); id != "" {
			if printer != j.Printer {
				j.Printer, j.Fallback = j.Fallback, j.Printer
			}
			j.State, j.CUPSJob, j.Reason = checkin.PrintPrinting, id, ""
			return j
		}
	}
	before := j
	j.Attempts, j.Reason = j.Attempts+1, "" // a try with no outcome yet: a desk changing printer leaves it (MoveQueuedPrints)
	if w.save(ctx, before, j) != nil {
		return before // recorded before lp, to be looked for after a crash, or changed meanwhile: next pass
	}
	id, err := w.send(ctx, j)
	w.answered[j.ID] = true
	switch {
	case err == nil:
		j.State, j.CUPSJob, j.Reason = checkin.PrintPrinting, id, ""
		return j
	case ctx.Err() != nil:
		return j // desk serve stops: not the printer's fault, tried again at the next start
	case errors.Is(err, errBadge) && j.Attempts >= MaxAttempts:
		j.State, j.Reason = checkin.PrintFailed, err.Error()
		return j
	}
	j.Reason = err.Error() // stays queued until a printer takes it
	if j.Fallback != "" && j.Fallback != j.Printer {
		j.Printer, j.Fallback = j.Fallback, j.Printer
	}
	return j
}

// overtaken handles a badge CUPS took for a job that changed meanwhile:
// ended by an undo, the badge is taken back from CUPS; moved to the desk's
// new printer, it is recorded where it went.
func (w *Worker) overtaken(ctx context.Context, sent checkin.PrintJob) {
	ctx = context.WithoutCancel(ctx)
	now, err := w.Store.PrintJob(ctx, sent.ID)
	if err != nil {
		w.Log.Error("print queue", "job", sent.ID, "err", err)
		return
	}
	switch now.State {
	case checkin.PrintFailed:
		if err := w.Spooler.Cancel(ctx, sent.CUPSJob); err != nil {
			w.Log.Error("taking back an undone badge", "job", sent.ID, "cups_job", sent.CUPSJob, "err", err)
		}
	case checkin.PrintQueued:
		to := now
		to.State, to.CUPSJob, to.Reason, to.Attempts, to.Printer = checkin.PrintPrinting, sent.CUPSJob, "", sent.Attempts, sent.Printer
		if now.Printer != sent.Printer {
			to.Fallback = now.Printer
		}
		w.save(ctx, now, to)
	}
}

// sentBefore finds a job an earlier try gave CUPS without the worker
// recording it (desk serve killed or the laptop off between lp and the
// record), on the printer or the fallback, so that the badge is not
// printed twice. CUPS not answering finds nothing: the badge is sent.
func (w *Worker) sentBefore(ctx context.Context, j checkin.PrintJob) (printer, id string) {
	for i, printer := range []string{j.Printer, j.Fallback} {
		if printer == "" || i == 1 && printer == j.Printer {
			continue
		}
		id, err := w.Spooler.Find(ctx, printer, title(j), j.UpdatedAt) // the try was recorded just before lp
		switch {
		case err != nil:
			w.Log.Warn("looking for a print job in CUPS", "job", j.ID, "printer", printer, "err", err)
		case id != "":
			w.Log.Info("print job found in CUPS", "job", j.ID, "cups_job", id)
			return printer, id
		}
	}
	return "", ""
}

// title names a job in CUPS: its id and creation time, so that another
// event's database, whose ids start at 1 too, never matches it.
func title(j checkin.PrintJob) string {
	return fmt.Sprintf("desk-badge-%d-%d", j.ID, j.CreatedAt.UnixMilli())
}

// follow looks at a badge sent to CUPS: printed, ended without printing,
// or waiting on a stopped printer (CUPS's message is the job's reason), in
// which case a job with a fallback is taken back from CUPS and queued on
// the fallback.
func (w *Worker) follow(ctx context.Context, j checkin.PrintJob) checkin.PrintJob {
	pending, err := w.Spooler.Pending(ctx, j.Printer, j.CUPSJob)
	switch {
	case errors.Is(err, ErrJobEnded):
		j.State, j.Reason = checkin.PrintFailed, err.Error()
		return j
	case err != nil:
		j.Reason = err.Error() // CUPS cannot say now: asked again at the next pass
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
	if j.Fallback == "" || j.Fallback == j.Printer || w.Spooler.Cancel(context.WithoutCancel(ctx), j.CUPSJob) != nil {
		return j
	}
	j.State, j.CUPSJob = checkin.PrintQueued, ""
	j.Printer, j.Fallback = j.Fallback, j.Printer
	return j
}

// send renders the badge to a file and gives it to lp. lp runs to its end
// even while desk serve stops: a job CUPS took must be recorded.
func (w *Worker) send(ctx context.Context, j checkin.PrintJob) (string, error) {
	rs, err := w.Store.RegistrantsByID(ctx, []int64{j.RegistrantID})
	switch {
	case err != nil:
		return "", fmt.Errorf("print job %d: %w", j.ID, err)
	case len(rs) == 0:
		return "", fmt.Errorf("print job %d: %w: person %d not found", j.ID, errBadge, j.RegistrantID)
	}
	f, err := os.CreateTemp(w.Dir, fmt.Sprintf("desk-badge-%d-*.pdf", j.ID))
	if err != nil {
		return "", fmt.Errorf("print job %d: %w", j.ID, err)
	}
	defer os.Remove(f.Name())
	if err := w.Render(f, rs[0]); err != nil {
		f.Close()
		return "", fmt.Errorf("print job %d: %w: rendering: %w", j.ID, errBadge, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("print job %d: %w", j.ID, err)
	}
	return w.Spooler.Submit(context.WithoutCancel(ctx), j.Printer, title(j), filepath.Clean(f.Name()))
}

// ClearSpool removes the badge files a stopped desk serve left in Dir
// (personal data): lp copies each file into CUPS's own spool.
func (w *Worker) ClearSpool() {
	left, _ := filepath.Glob(filepath.Join(w.Dir, "desk-badge-*.pdf"))
	for _, f := range left {
		os.Remove(f)
	}
}
