package checkin

import (
	"errors"
	"fmt"
	"time"
)

// PrintState is where a badge sent to a label printer is.
type PrintState string

// The states of a print job: waiting in desk's queue (the printer refuses
// jobs, is away, or is busy with the desk's previous badge), sent to CUPS,
// printed, or given up with CUPS's reason.
const (
	PrintQueued   PrintState = "queued"
	PrintPrinting PrintState = "printing"
	PrintDone     PrintState = "done"
	PrintFailed   PrintState = "failed"
)

// PrintJob is one badge to print on a CUPS queue.
type PrintJob struct {
	ID            int64
	RegistrantID  int64
	Desk          string
	Printer       string // the CUPS queue
	Fallback      string // the queue it goes to when Printer refuses it; "" for none
	State         PrintState
	Reason        string // CUPS's words when queued again or failed
	CUPSJob       string // the request id lp gave, e.g. PDF-12
	ReprintReason string // why a badge was printed again; "" for the first print
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Attempts      int
}

// PrintMode is when a desk prints badges.
type PrintMode string

// The printing modes: as each person is checked in at the entrance, when
// the desk presses "print", or never.
const (
	PrintOnCheckIn PrintMode = "on_checkin"
	PrintOnButton  PrintMode = "button"
	PrintOff       PrintMode = "off"
)

// Valid tells whether m is one of the modes.
func (m PrintMode) Valid() bool {
	return m == PrintOnCheckIn || m == PrintOnButton || m == PrintOff
}

// DeskPrinting is a desk's printing: its printer, the fallback its jobs go
// to when that one refuses them, and its mode. Stored, an empty Printer or
// Mode stands for the event's default (desk.yaml's printing section).
type DeskPrinting struct {
	Desk      string
	Printer   string
	Fallback  string
	Mode      PrintMode
	UpdatedAt time.Time
	UpdatedBy string // the login that chose them
}

// Over is d with the defaults' printer and mode where d chose none.
func (d DeskPrinting) Over(defaults DeskPrinting) DeskPrinting {
	if d.Printer == "" {
		d.Printer = defaults.Printer
	}
	if d.Mode == "" {
		d.Mode = defaults.Mode
	}
	return d
}

// Errors of printing a badge at a desk.
var (
	ErrPrintingOff = errors.New("printing is off at this desk")
	// ErrPrintJobChanged: a job changed (moved, ended) since it was read.
	ErrPrintJobChanged = errors.New("the print job changed meanwhile")
	ErrNoPrinter       = errors.New("this desk has no printer: choose one on the desk page")
)

// AlreadyPrintedError refuses a second print of a badge given without a
// reason: when it was printed, and at which desk ("" for a sheet of
// badges written by desk badges).
type AlreadyPrintedError struct {
	At   time.Time
	Desk string
}

func (e *AlreadyPrintedError) Error() string {
	where := "by desk badges"
	if e.Desk != "" {
		where = "on " + e.Desk
	}
	return fmt.Sprintf("badge already printed %s: give a reason to print it again", where)
}

// PrintPendingError refuses a print of a badge already waiting to print:
// Job is that job, queued or printing.
type PrintPendingError struct{ Job PrintJob }

func (e *PrintPendingError) Error() string {
	return fmt.Sprintf("the badge is already %s (print job %d on %s)", e.Job.State, e.Job.ID, e.Job.Printer)
}
