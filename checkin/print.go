package checkin

import "time"

// PrintState is where a badge sent to a label printer is.
type PrintState string

// The states of a print job: waiting in desk's queue (the printer refuses
// jobs or is away), sent to CUPS, printed, or given up with CUPS's reason.
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
	State         PrintState
	Reason        string // CUPS's words when queued again or failed
	CUPSJob       string // the request id lp gave, e.g. PDF-12
	ReprintReason string // why a badge was printed again; "" for the first print
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Attempts      int
}
