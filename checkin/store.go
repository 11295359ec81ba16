package checkin

import (
	"context"
	"errors"
	"time"
)

// Store keeps registrants (and, later, check-ins). The db package implements
// it on SQLite; tests use the real thing in a temporary folder.
type Store interface {
	// SetDays records the event days; days already known are kept.
	SetDays(ctx context.Context, days []Day) error
	// Registrants returns everyone, in id order.
	Registrants(ctx context.Context) ([]Registrant, error)
	// MarkPrinted records that the badges of these registrants were printed.
	MarkPrinted(ctx context.Context, ids []int64, at time.Time) error
	// Scan answers a scan and records the arrival when the rules allow:
	// atomically (one arrival per person and day) and idempotently (per nonce).
	Scan(ctx context.Context, req ScanRequest) (ScanResult, error)
	// Undo marks a check-in undone, keeping it and auditing who undid it. A
	// desk may undo only its own session's check-ins made since a.Since.
	Undo(ctx context.Context, a Amendment) error
	// Stats counts a day for the dashboard.
	Stats(ctx context.Context, day Day) (DayStats, error)
}

// The database could not write: nothing asked for was recorded. Stores
// return these (wrapped) so that the service can say what happened and
// the desk knows that retrying will not help until someone acts.
var (
	// ErrDiskFull means the disk holding the database (or a backup) is full.
	ErrDiskFull = errors.New("the disk is full")
	// ErrReadOnly means the database file, its folder or its disk cannot be written.
	ErrReadOnly = errors.New("cannot write the database file or its folder")
	// ErrDiskFailed means the disk answered an input/output error.
	ErrDiskFailed = errors.New("the disk failed to read or write")
)
