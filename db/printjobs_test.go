package db

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
)

func TestPrintJobs(t *testing.T) {
	d, people := event(t)
	ctx := context.Background()
	anne := people["Anne"].ID
	first, err := d.AddPrintJob(ctx, checkin.PrintJob{RegistrantID: anne, Desk: "Entrée A", Printer: "PDF", CreatedAt: nine})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a new job is queued and open", func(t *testing.T) {
		open, err := d.OpenPrintJobs(ctx)
		if err != nil || len(open) != 1 || open[0].ID != first.ID || open[0].State != checkin.PrintQueued || !open[0].CreatedAt.Equal(nine) {
			t.Fatalf("open = %+v, %v", open, err)
		}
	})
	t.Run("a done job leaves the open ones and is the person's last print", func(t *testing.T) {
		first.State, first.CUPSJob, first.Attempts, first.UpdatedAt = checkin.PrintDone, "PDF-7", 1, nine.Add(time.Second)
		if err := d.UpdatePrintJob(ctx, first); err != nil {
			t.Fatal(err)
		}
		if open, _ := d.OpenPrintJobs(ctx); len(open) != 0 {
			t.Fatalf("open = %+v", open)
		}
		last, found, err := d.LastPrintJob(ctx, anne)
		if err != nil || !found || last.CUPSJob != "PDF-7" || last.Desk != "Entrée A" {
			t.Fatalf("last = %+v, %v, %v", last, found, err)
		}
		if _, found, _ := d.LastPrintJob(ctx, people["Bob"].ID); found {
			t.Fatal("Bob was never printed")
		}
	})
	t.Run("a reprint is audited with its reason", func(t *testing.T) {
		again, err := d.AddPrintJob(ctx, checkin.PrintJob{RegistrantID: anne, Desk: "Entrée A", Printer: "PDF", ReprintReason: "badge lost", CreatedAt: nine.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		var action, actor string
		if err := d.sql.QueryRow(`SELECT action, actor FROM audit WHERE action LIKE 'badge reprinted%'`).Scan(&action, &actor); err != nil {
			t.Fatal(err)
		}
		if action != "badge reprinted: badge lost" || actor != "Entrée A" {
			t.Fatalf("audit: %q by %q", action, actor)
		}
		jobs, _ := d.DeskPrintJobs(ctx, "Entrée A", 10)
		if len(jobs) != 2 || jobs[0].ID != again.ID || jobs[0].ReprintReason != "badge lost" {
			t.Fatalf("desk jobs = %+v", jobs)
		}
	})
}

// TestOpenPrintJobsPerPrinter: a pass sees the jobs printing and the
// oldest job queued on each printer, in the order they were made.
func TestOpenPrintJobsPerPrinter(t *testing.T) {
	d, people := event(t)
	ctx := context.Background()
	var ids []int64
	for _, printer := range []string{"Brother_QL", "DYMO", "Brother_QL", "Office", "DYMO", "Office"} {
		j, err := d.AddPrintJob(ctx, checkin.PrintJob{RegistrantID: people["Anne"].ID, Desk: "Entrée A", Printer: printer, ReprintReason: "test", CreatedAt: nine})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, j.ID)
	}
	printing := checkin.PrintJob{ID: ids[3], Printer: "Office", State: checkin.PrintPrinting, CUPSJob: "Office-1", UpdatedAt: nine}
	if err := d.UpdatePrintJob(ctx, printing); err != nil {
		t.Fatal(err)
	}
	open, err := d.OpenPrintJobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, j := range open {
		got = append(got, j.ID)
	}
	want := []int64{ids[0], ids[1], ids[3], ids[5]} // Brother_QL's oldest, DYMO's, Office's printing, Office's queued
	if !slices.Equal(got, want) {
		t.Fatalf("open jobs %v, want %v", got, want)
	}
}

// TestScanReadsAnyPrintedStamp: a printing recorded by an older desk (a
// stamp with fewer digits) does not keep the person from being scanned.
func TestScanReadsAnyPrintedStamp(t *testing.T) {
	d, people := event(t)
	if _, err := d.sql.Exec(`UPDATE registrants SET print_count = 1, printed_at = '2026-10-10T07:00:00Z' WHERE id = ?`, people["Anne"].ID); err != nil {
		t.Fatal(err)
	}
	r, err := d.RegistrantByCode(context.Background(), people["Anne"].Code)
	if err != nil || !r.PrintedAt.Equal(time.Date(2026, 10, 10, 7, 0, 0, 0, time.UTC)) {
		t.Fatalf("RegistrantByCode: %+v, %v", r.PrintedAt, err)
	}
}

// TestMoveQueuedPrints: a desk's waiting badges go to its new printer,
// except one whose try has no outcome yet (lp running, or cut short by a
// crash: it may be in CUPS on its printer), and other desks' badges.
func TestMoveQueuedPrints(t *testing.T) {
	d, people := event(t)
	ctx := context.Background()
	add := func(desk string, attempts int, reason string) int64 {
		j, err := d.AddPrintJob(ctx, checkin.PrintJob{RegistrantID: people["Anne"].ID, Desk: desk, Printer: "Old", ReprintReason: "test", CreatedAt: nine})
		if err != nil {
			t.Fatal(err)
		}
		j.Attempts, j.Reason, j.UpdatedAt = attempts, reason, nine
		if err := d.UpdatePrintJob(ctx, j); err != nil {
			t.Fatal(err)
		}
		return j.ID
	}
	fresh, refused, unknown, other := add("Entrée A", 0, ""), add("Entrée A", 2, "not accepting jobs"), add("Entrée A", 1, ""), add("Entrée B", 0, "")
	n, err := d.MoveQueuedPrints(ctx, "Entrée A", "New", "Office")
	if err != nil || n != 2 {
		t.Fatalf("moved %d, %v; want 2", n, err)
	}
	for id, want := range map[int64]string{fresh: "New", refused: "New", unknown: "Old", other: "Old"} {
		if j, _ := d.PrintJob(ctx, id); j.Printer != want {
			t.Errorf("job %d on %s, want %s", id, j.Printer, want)
		}
	}
}
