package printing_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/db"
	"github.com/desk-event/desk/printing"
)

// fakeCUPS refuses jobs on the printers in refusing, keeps every job
// pending until released, and has the printers in stopped stopped.
type fakeCUPS struct {
	mu        sync.Mutex
	refusing  map[string]bool
	missing   map[string]bool   // queues CUPS does not have (removed, or not added yet)
	stopped   map[string]string // printer: CUPS's message
	held      bool
	lost      int      // answers of lp lost, the job taken: desk serve killed between lp and its record...
	crash     func()   // ...by this
	sent      []string // "printer:title"
	cancelled []string
}

func (f *fakeCUPS) Stopped(_ context.Context, printer string) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	message, ok := f.stopped[printer]
	return message, ok, nil
}

func (f *fakeCUPS) Cancel(_ context.Context, job string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cancelled = append(f.cancelled, job)
	return nil
}

func (f *fakeCUPS) Submit(_ context.Context, printer, title, _ string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.refusing[printer] {
		return "", fmt.Errorf("%w: lp: Destination %q is not accepting jobs.", printing.ErrNotAccepting, printer)
	}
	if f.missing[printer] {
		return "", fmt.Errorf("lp -d %s: exit status 1: lp: Error - The printer or class does not exist.", printer)
	}
	f.sent = append(f.sent, printer+":"+title)
	if f.lost > 0 {
		f.lost--
		f.crash()
		return "", errors.New("desk serve stopped before lp answered")
	}
	return fmt.Sprintf("%s-%d", printer, len(f.sent)), nil
}

// Find looks for a job sent with this title and not cancelled.
func (f *fakeCUPS) Find(_ context.Context, printer, title string, _ time.Time) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, s := range f.sent {
		id := fmt.Sprintf("%s-%d", printer, i+1)
		if s == printer+":"+title && !slices.Contains(f.cancelled, id) {
			return id, nil
		}
	}
	return "", nil
}

func (f *fakeCUPS) Pending(context.Context, string, string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.held, nil
}

func (f *fakeCUPS) set(do func(*fakeCUPS)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	do(f)
}

func (f *fakeCUPS) printed() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.sent...)
}

// fakeWorker runs a worker on sp until the test ends.
func fakeWorker(t *testing.T, d printing.Store, sp printing.Spooler) *printing.Worker {
	t.Helper()
	w := newFakeWorker(t, d, sp)
	start(t, w)
	return w
}

// newFakeWorker is a worker on store and sp that writes the first name as
// the badge; start runs it.
func newFakeWorker(t *testing.T, d printing.Store, sp printing.Spooler) *printing.Worker {
	return printing.NewWorker(printing.Worker{Store: d, Spooler: sp, Now: time.Now, Every: 10 * time.Millisecond, Dir: t.TempDir(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Render: func(out io.Writer, r checkin.Registrant) error {
			_, err := io.WriteString(out, r.FirstName)
			return err
		}})
}

// start runs w until the test ends or stop is called; ended is closed
// when Run has returned.
func start(t *testing.T, w *printing.Worker) (stop context.CancelFunc, ended <-chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return cancel, done
}

// TestRefusedJobsGoToTheFallback: a badge whose printer refuses jobs is
// printed on the desk's fallback printer.
func TestRefusedJobsGoToTheFallback(t *testing.T) {
	d, jp := person(t)
	sp := &fakeCUPS{refusing: map[string]bool{"Brother_QL": true}}
	w := fakeWorker(t, d, sp)
	j, err := w.Enqueue(context.Background(), checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée A", Printer: "Brother_QL", Fallback: "Office"})
	if err != nil {
		t.Fatal(err)
	}
	done := waitState(t, d, "Entrée A", j.ID, checkin.PrintDone, 5*time.Second)
	if done.Printer != "Office" || len(sp.printed()) != 1 {
		t.Fatalf("job %+v, sent %v", done, sp.printed())
	}
}

// TestOneBadgeAtATimePerPrinter: while a printer has a badge in CUPS, the
// next waits in desk's queue (where it can still go to a fallback); a
// second printer is not held up by the first.
func TestOneBadgeAtATimePerPrinter(t *testing.T) {
	d, jp := person(t)
	sp := &fakeCUPS{held: true}
	w := fakeWorker(t, d, sp)
	ctx := context.Background()
	var ids []int64
	for _, printer := range []string{"Brother_QL", "Brother_QL", "Office"} {
		j, err := w.Enqueue(ctx, checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée A", Printer: printer, ReprintReason: "test"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, j.ID)
	}
	waitState(t, d, "Entrée A", ids[2], checkin.PrintPrinting, 5*time.Second)
	waitState(t, d, "Entrée A", ids[0], checkin.PrintPrinting, 5*time.Second)
	if got := sp.printed(); len(got) != 2 {
		t.Fatalf("sent while the first badge prints: %v", got)
	}
	sp.set(func(f *fakeCUPS) { f.held = false })
	waitState(t, d, "Entrée A", ids[1], checkin.PrintDone, 5*time.Second)
	if got := sp.printed(); len(got) != 3 {
		t.Fatalf("sent: %v", got)
	}
}

// TestStoppedPrinterSendsToFallback: a badge waiting in CUPS on a printer
// that stopped (out of labels) says why, and with a fallback is taken back
// from CUPS and printed there.
func TestStoppedPrinterSendsToFallback(t *testing.T) {
	d, jp := person(t)
	sp := &fakeCUPS{held: true, stopped: map[string]string{"Brother_QL": "Media empty"}}
	w := fakeWorker(t, d, sp)
	ctx := context.Background()
	alone, err := w.Enqueue(ctx, checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée B", Printer: "Brother_QL", ReprintReason: "test"})
	if err != nil {
		t.Fatal(err)
	}
	waitJob(t, d, "Entrée B", 5*time.Second, func(j checkin.PrintJob) bool {
		return j.ID == alone.ID && j.State == checkin.PrintPrinting && j.Reason == "printer Brother_QL stopped: Media empty"
	})
	sp.set(func(f *fakeCUPS) { delete(f.stopped, "Brother_QL"); f.held = false })
	waitState(t, d, "Entrée B", alone.ID, checkin.PrintDone, 5*time.Second)

	sp.set(func(f *fakeCUPS) { f.stopped["Brother_QL"] = "Media empty"; f.held = true })
	j, err := w.Enqueue(ctx, checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée A", Printer: "Brother_QL", Fallback: "Office", ReprintReason: "test"})
	if err != nil {
		t.Fatal(err)
	}
	waitJob(t, d, "Entrée A", 5*time.Second, func(j checkin.PrintJob) bool { return j.State == checkin.PrintPrinting && j.Printer == "Office" })
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if len(sp.cancelled) != 1 || len(sp.sent) != 3 || !strings.HasPrefix(sp.sent[2], fmt.Sprintf("Office:desk-badge-%d-", j.ID)) {
		t.Fatalf("cancelled %v, sent %v", sp.cancelled, sp.sent)
	}
}

// TestMissingQueueKeepsBadgesWaiting: a badge for a queue CUPS does not
// have (yet) waits in desk's queue, however many passes, with lp's words,
// and prints once the queue exists; a badge that cannot be made fails.
func TestMissingQueueKeepsBadgesWaiting(t *testing.T) {
	d, jp := person(t)
	sp := &fakeCUPS{missing: map[string]bool{"Brother_QL": true}}
	w := fakeWorker(t, d, sp)
	j, err := w.Enqueue(context.Background(), checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée A", Printer: "Brother_QL", ReprintReason: "test"})
	if err != nil {
		t.Fatal(err)
	}
	waitJob(t, d, "Entrée A", 10*time.Second, func(q checkin.PrintJob) bool {
		return q.ID == j.ID && q.State == checkin.PrintQueued && q.Attempts > printing.MaxAttempts && strings.Contains(q.Reason, "does not exist")
	})
	sp.set(func(f *fakeCUPS) { delete(f.missing, "Brother_QL") })
	waitState(t, d, "Entrée A", j.ID, checkin.PrintDone, 5*time.Second)
}

// TestFallbackWaitsForItsOwnBadge: a badge taken back from a stopped
// printer waits on the fallback while the fallback prints its own desk's
// badge, though the taken-back job is older.
func TestFallbackWaitsForItsOwnBadge(t *testing.T) {
	d, jp := person(t)
	sp := &fakeCUPS{held: true, stopped: map[string]string{}}
	w := fakeWorker(t, d, sp)
	ctx := context.Background()
	moved, err := w.Enqueue(ctx, checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée A", Printer: "Brother_QL", Fallback: "Office", ReprintReason: "a"})
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, d, "Entrée A", moved.ID, checkin.PrintPrinting, 5*time.Second)
	own, err := w.Enqueue(ctx, checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée B", Printer: "Office", ReprintReason: "b"})
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, d, "Entrée B", own.ID, checkin.PrintPrinting, 5*time.Second)
	sp.set(func(f *fakeCUPS) { f.stopped["Brother_QL"] = "Media empty" })
	waitJob(t, d, "Entrée A", 5*time.Second, func(j checkin.PrintJob) bool {
		return j.ID == moved.ID && j.State == checkin.PrintQueued && j.Printer == "Office"
	})
	time.Sleep(700 * time.Millisecond) // three passes or more (one each 200 ms): the moved badge would be sent by now
	if got := sp.printed(); len(got) != 2 {
		t.Fatalf("sent while Office prints its own badge: %v", got)
	}
	sp.set(func(f *fakeCUPS) { f.held = false })
	waitState(t, d, "Entrée A", moved.ID, checkin.PrintDone, 5*time.Second)
}

// TestClearSpool removes the badge files a stopped serve left, and only
// those.
func TestClearSpool(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"desk-badge-7-123.pdf", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	printing.NewWorker(printing.Worker{Dir: dir}).ClearSpool()
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(left) != 1 || filepath.Base(left[0]) != "notes.txt" {
		t.Fatalf("left: %v", left)
	}
}

// TestBadgeSentBeforeACrashPrintsOnce: lp took the badge but desk serve
// stopped before recording it (killed, laptop off). At the next start the
// job is found in CUPS by its title and followed, instead of the badge
// being printed a second time, on the printer or, the desk having a
// fallback, after the job went to the fallback in between.
func TestBadgeSentBeforeACrashPrintsOnce(t *testing.T) {
	for _, fallback := range []string{"", "Office"} {
		t.Run("fallback "+fallback, func(t *testing.T) {
			d, jp := person(t)
			sp := &fakeCUPS{}
			first := newFakeWorker(t, d, sp)
			crash, ended := start(t, first)
			sp.set(func(f *fakeCUPS) { f.lost, f.crash = 1, crash })
			j, err := first.Enqueue(context.Background(), checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée A", Printer: "Brother_QL", Fallback: fallback})
			if err != nil {
				t.Fatal(err)
			}
			select {
			case <-ended:
			case <-time.After(10 * time.Second):
				t.Fatal("the first run did not stop")
			}
			fakeWorker(t, d, sp) // desk serve started again
			done := waitState(t, d, "Entrée A", j.ID, checkin.PrintDone, 5*time.Second)
			if got := sp.printed(); len(got) != 1 || done.Printer != "Brother_QL" || done.CUPSJob != "Brother_QL-1" || done.Attempts != 1 {
				t.Fatalf("job %+v, sent %v: want the first job followed, nothing sent again", done, got)
			}
		})
	}
}

// busyStore is a database that refuses writes to print jobs while busy
// (a backup holding it, a full disk).
type busyStore struct {
	*db.DB
	mu      sync.Mutex
	busy    bool
	refused int
}

func (s *busyStore) ChangePrintJob(ctx context.Context, from, to checkin.PrintJob) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.busy {
		s.refused++
		return errors.New("database is locked")
	}
	return s.DB.ChangePrintJob(ctx, from, to)
}

// TestNoBadgeSentUnrecorded: a try that cannot be recorded is not made,
// since after a crash only a recorded try is looked for in CUPS; the badge
// prints once the database takes the record.
func TestNoBadgeSentUnrecorded(t *testing.T) {
	d, jp := person(t)
	store := &busyStore{DB: d, busy: true}
	sp := &fakeCUPS{}
	w := fakeWorker(t, store, sp)
	j, err := w.Enqueue(context.Background(), checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée A", Printer: "Brother_QL"})
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		store.mu.Lock()
		refused := store.refused
		store.mu.Unlock()
		if refused >= 6 { // a whole save given up, and the next begun
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d writes refused", refused)
		}
	}
	if got := sp.printed(); len(got) != 0 {
		t.Fatalf("sent without a record: %v", got)
	}
	store.mu.Lock()
	store.busy = false
	store.mu.Unlock()
	waitState(t, d, "Entrée A", j.ID, checkin.PrintDone, 5*time.Second)
	if got := sp.printed(); len(got) != 1 {
		t.Fatalf("sent %v", got)
	}
}

// stoppingStore is a database during which desk serve stops: the worker's
// context ends as it reads the person.
type stoppingStore struct {
	*db.DB
	stop context.CancelFunc
}

func (s *stoppingStore) RegistrantsByID(ctx context.Context, ids []int64) ([]checkin.Registrant, error) {
	s.stop()
	return s.DB.RegistrantsByID(ctx, ids)
}

// TestStoppingLeavesTheJobAsItWas: desk serve stopping in the middle of a
// try is not the printer's fault: the badge stays queued on its printer,
// with no reason, rather than going to the fallback with "context
// canceled".
func TestStoppingLeavesTheJobAsItWas(t *testing.T) {
	d, jp := person(t)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	sp := &fakeCUPS{}
	w := newFakeWorker(t, &stoppingStore{DB: d, stop: stop}, sp)
	j, err := d.AddPrintJob(ctx, checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée A", Printer: "Brother_QL", Fallback: "Office", CreatedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	w.Run(ctx) // returns once the stop came
	got := waitState(t, d, "Entrée A", j.ID, checkin.PrintQueued, time.Second)
	if got.Printer != "Brother_QL" || got.Reason != "" || len(sp.printed()) != 0 {
		t.Fatalf("job %+v, sent %v: want it queued on its printer as it was", got, sp.printed())
	}
}

// TestQueuedBadgesFollowTheDesksNewPrinter: the desk's printer refuses
// jobs and the desk has no fallback; the desk chooses another printer, and
// the badge waiting in desk's queue prints there.
func TestQueuedBadgesFollowTheDesksNewPrinter(t *testing.T) {
	d, jp := person(t)
	ctx := context.Background()
	sp := &fakeCUPS{refusing: map[string]bool{"Brother_QL": true}}
	w := fakeWorker(t, d, sp)
	s := &printing.Service{Store: d, Worker: w, Defaults: checkin.DeskPrinting{Printer: "Brother_QL", Mode: checkin.PrintOnCheckIn},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	j, err := w.Enqueue(ctx, checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée A", Printer: "Brother_QL"})
	if err != nil {
		t.Fatal(err)
	}
	waitJob(t, d, "Entrée A", 5*time.Second, func(q checkin.PrintJob) bool {
		return q.ID == j.ID && q.State == checkin.PrintQueued && strings.Contains(q.Reason, "not accepting")
	})
	if _, err := s.UpdateDesk(ctx, "Entrée A", func(p *checkin.DeskPrinting) error { p.Printer, p.Fallback = "Office", "Brother_QL"; return nil }); err != nil {
		t.Fatal(err)
	}
	done := waitState(t, d, "Entrée A", j.ID, checkin.PrintDone, 5*time.Second)
	if got := sp.printed(); done.Printer != "Office" || len(got) != 1 || !strings.HasPrefix(got[0], "Office:") {
		t.Fatalf("job %+v, sent %v: want it printed on Office", done, got)
	}
}

// gatedCUPS holds lp until released, saying when it started.
type gatedCUPS struct {
	*fakeCUPS
	started, release chan struct{}
}

func (g *gatedCUPS) Submit(ctx context.Context, printer, title, file string) (string, error) {
	close(g.started)
	<-g.release
	return g.fakeCUPS.Submit(ctx, printer, title, file)
}

// TestUndoWhileLpSends: the arrival is undone while lp hands its badge to
// CUPS. The job stays ended, and the badge is taken back from CUPS rather
// than recorded as printing.
func TestUndoWhileLpSends(t *testing.T) {
	d, jp := person(t)
	ctx := context.Background()
	sp := &gatedCUPS{fakeCUPS: &fakeCUPS{held: true}, started: make(chan struct{}), release: make(chan struct{})}
	w := fakeWorker(t, d, sp)
	j, err := w.Enqueue(ctx, checkin.PrintJob{RegistrantID: jp.ID, Desk: "Entrée A", Printer: "Brother_QL"})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-sp.started:
	case <-time.After(10 * time.Second):
		t.Fatal("lp never started")
	}
	ended := j
	ended.State, ended.Reason, ended.UpdatedAt = checkin.PrintFailed, "check-in undone before the badge printed", time.Now()
	if err := d.UpdatePrintJob(ctx, ended); err != nil { // what the undo does, as lp runs
		t.Fatal(err)
	}
	close(sp.release)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		sp.mu.Lock()
		cancelled := slices.Clone(sp.cancelled)
		sp.mu.Unlock()
		if len(cancelled) == 1 && cancelled[0] == "Brother_QL-1" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("cancelled in CUPS: %v; want the badge lp had just sent", cancelled)
		}
	}
	if got := waitState(t, d, "Entrée A", j.ID, checkin.PrintFailed, time.Second); got.CUPSJob != "" {
		t.Fatalf("job %+v: want it ended, as the undo left it", got)
	}
}
