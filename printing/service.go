package printing

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/desk-event/desk/checkin"
)

// DeskStore is what the service needs of the database besides the
// worker's Store.
type DeskStore interface {
	Store
	QueueFirstPrint(ctx context.Context, j checkin.PrintJob) (checkin.PrintJob, bool, error)
	LastPrintJob(ctx context.Context, registrantID int64) (checkin.PrintJob, bool, error)
	DeskPrintJobs(ctx context.Context, desk string, n int) ([]checkin.PrintJob, error)
	DeskPrinting(ctx context.Context, desk string) (checkin.DeskPrinting, error)
	DesksPrinting(ctx context.Context, now time.Time) ([]checkin.DeskPrinting, error)
	SetDeskPrinting(ctx context.Context, p checkin.DeskPrinting) error
	MoveQueuedPrints(ctx context.Context, desk, printer, fallback string) (int, error)
}

// Lister lists the print system's queues: CUPS in desk serve.
type Lister interface {
	Printers(ctx context.Context) (names []string, def string, err error)
}

// Service is the desks' printing: each desk's printer, fallback and mode
// over desk.yaml's defaults, badges printed on a button, and the jobs'
// states. Its worker does the printing, and queues the badges of arrivals
// at desks printing on arrival (Worker.Arrivals).
type Service struct {
	Store    DeskStore
	Worker   *Worker
	Lister   Lister
	Defaults checkin.DeskPrinting // desk.yaml's printing.printer and printing.mode
	Log      *slog.Logger

	mu      sync.Mutex
	desks   map[string]checkin.DeskPrinting // what each desk chose, read once: only this service writes them
	changes sync.Mutex                      // one change of a desk's choices, or one print on the button, at a time
}

// Printers are the queues CUPS lists.
func (s *Service) Printers(ctx context.Context) ([]string, error) {
	names, _, err := s.Lister.Printers(ctx)
	return names, err
}

// Desk is what a desk chose (empty printer or mode: the defaults').
func (s *Service) Desk(ctx context.Context, desk string) (checkin.DeskPrinting, error) {
	s.mu.Lock()
	p, ok := s.desks[desk]
	s.mu.Unlock()
	if ok {
		return p, nil
	}
	p, err := s.Store.DeskPrinting(ctx, desk)
	if err != nil {
		return p, err
	}
	s.remember(p)
	return p, nil
}

// Desks are the choices of every desk that made one or is logged in.
func (s *Service) Desks(ctx context.Context) ([]checkin.DeskPrinting, error) {
	return s.Store.DesksPrinting(ctx, s.Worker.Now())
}

// UpdateDesk applies change to what a desk chose and records it; the
// desk's badges still in desk's queue go to its printer now. Changes are
// made one at a time, so that two made at once are both kept.
func (s *Service) UpdateDesk(ctx context.Context, desk string, change func(*checkin.DeskPrinting) error) (checkin.DeskPrinting, error) {
	s.changes.Lock()
	defer s.changes.Unlock()
	p, err := s.Desk(ctx, desk)
	if err != nil {
		return p, err
	}
	was := p.Over(s.Defaults)
	if err := change(&p); err != nil {
		return p, err
	}
	p.UpdatedAt = s.Worker.Now()
	if err := s.Store.SetDeskPrinting(ctx, p); err != nil {
		return p, err
	}
	s.remember(p)
	if now := p.Over(s.Defaults); now.Printer != "" && (now.Printer != was.Printer || now.Fallback != was.Fallback) {
		moved, err := s.Store.MoveQueuedPrints(ctx, p.Desk, now.Printer, now.Fallback)
		if err != nil {
			return p, err
		}
		if moved > 0 {
			s.Log.Info("queued badges moved", "desk", p.Desk, "printer", now.Printer, "fallback", now.Fallback, "badges", moved)
			s.Wake()
		}
	}
	return p, nil
}

func (s *Service) remember(p checkin.DeskPrinting) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.desks == nil {
		s.desks = map[string]checkin.DeskPrinting{}
	}
	s.desks[p.Desk] = p
}

// Wake has the worker look at the arrivals and its queue now.
func (s *Service) Wake() { s.Worker.wakeUp() }

// Print queues a person's badge on the desk's printer (the button). A
// badge waiting to print is not queued twice (*checkin.PrintPendingError);
// a badge printed before, by a desk or by desk badges, needs a reason, kept
// with the job and in the audit trail (else *checkin.AlreadyPrintedError).
func (s *Service) Print(ctx context.Context, r checkin.Registrant, desk, reason string) (checkin.PrintJob, error) {
	s.changes.Lock() // two desks printing one badge at once: the second finds the first's job
	defer s.changes.Unlock()
	p, err := s.Desk(ctx, desk)
	if err != nil {
		return checkin.PrintJob{}, err
	}
	switch p = p.Over(s.Defaults); {
	case p.Mode == checkin.PrintOff:
		return checkin.PrintJob{}, checkin.ErrPrintingOff
	case p.Printer == "":
		return checkin.PrintJob{}, checkin.ErrNoPrinter
	}
	j := checkin.PrintJob{RegistrantID: r.ID, Desk: desk, Printer: p.Printer, Fallback: p.Fallback, CreatedAt: s.Worker.Now()}
	first, queued, err := s.Store.QueueFirstPrint(ctx, j)
	if err != nil || queued {
		s.Worker.wakeUp()
		return first, err
	}
	last, found, err := s.Store.LastPrintJob(ctx, r.ID)
	switch {
	case err != nil:
		return checkin.PrintJob{}, err
	case found && (last.State == checkin.PrintQueued || last.State == checkin.PrintPrinting):
		return checkin.PrintJob{}, &checkin.PrintPendingError{Job: last}
	case !found && r.PrintedAt.IsZero():
		// Its only job failed since QueueFirstPrint looked: a first print after all.
	case reason == "" && found && !last.UpdatedAt.Before(r.PrintedAt):
		return checkin.PrintJob{}, &checkin.AlreadyPrintedError{At: last.UpdatedAt, Desk: last.Desk}
	case reason == "":
		return checkin.PrintJob{}, &checkin.AlreadyPrintedError{At: r.PrintedAt} // a sheet from desk badges
	}
	j.ReprintReason = reason
	return s.Worker.Enqueue(ctx, j)
}

// Jobs are a desk's latest n print jobs, or every desk's when desk is "".
func (s *Service) Jobs(ctx context.Context, desk string, n int) ([]checkin.PrintJob, error) {
	return s.Store.DeskPrintJobs(ctx, desk, n)
}
