package checkin

import (
	"context"
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
