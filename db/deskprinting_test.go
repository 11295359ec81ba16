package db

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
)

// TestQueueFirstPrint: racing first prints of one badge (two desks, a
// retried scan) queue one job; a failed one does not count.
func TestQueueFirstPrint(t *testing.T) {
	d, people := event(t)
	ctx := context.Background()
	anne := people["Anne"].ID
	var wg sync.WaitGroup
	var mu sync.Mutex
	var queued []checkin.PrintJob
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			j, ok, err := d.QueueFirstPrint(ctx, checkin.PrintJob{RegistrantID: anne, Desk: "Entrée A", Printer: "PDF", Fallback: "Office", CreatedAt: nine})
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				queued = append(queued, j)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(queued) != 1 {
		t.Fatalf("%d first prints queued", len(queued))
	}
	open, _ := d.OpenPrintJobs(ctx)
	if len(open) != 1 || open[0].Fallback != "Office" {
		t.Fatalf("open jobs: %+v", open)
	}
	j := open[0]
	j.State = checkin.PrintFailed
	if err := d.UpdatePrintJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := d.QueueFirstPrint(ctx, checkin.PrintJob{RegistrantID: anne, Desk: "Entrée A", Printer: "PDF", CreatedAt: nine}); !ok || err != nil {
		t.Fatalf("after a failed print: queued %v, %v", ok, err)
	}
}

// TestDeskPrinting: a desk's choices are kept and audited; the list has
// every desk that chose, and the desks logged in that did not.
func TestDeskPrinting(t *testing.T) {
	d, _ := event(t)
	ctx := context.Background()
	if p, err := d.DeskPrinting(ctx, "Entrée A"); err != nil || p != (checkin.DeskPrinting{Desk: "Entrée A"}) {
		t.Fatalf("before a choice: %+v, %v", p, err)
	}
	chosen := checkin.DeskPrinting{Desk: "Entrée A", Printer: "Brother_QL", Fallback: "Office", Mode: checkin.PrintOnButton, UpdatedAt: nine, UpdatedBy: "Organisateur"}
	if err := d.SetDeskPrinting(ctx, chosen); err != nil {
		t.Fatal(err)
	}
	chosen.Printer = "Brother_QL_2"
	if err := d.SetDeskPrinting(ctx, chosen); err != nil {
		t.Fatal(err)
	}
	if p, err := d.DeskPrinting(ctx, "Entrée A"); err != nil || !p.UpdatedAt.Equal(nine) || p.Printer != "Brother_QL_2" || p.Mode != checkin.PrintOnButton {
		t.Fatalf("after: %+v, %v", p, err)
	}
	if _, err := d.OpenStaffSession(ctx, "token-b", checkin.StaffSession{Role: "desk", Desk: "Entrée B", Created: nine, Expires: nine.Add(8 * 3600e9)}); err != nil {
		t.Fatal(err)
	}
	desks, err := d.DesksPrinting(ctx, nine)
	if err != nil || len(desks) != 2 || desks[0].Printer != "Brother_QL_2" || desks[1] != (checkin.DeskPrinting{Desk: "Entrée B"}) {
		t.Fatalf("desks: %+v, %v", desks, err)
	}
	var audited int
	if err := d.sql.QueryRowContext(ctx, `SELECT count(*) FROM audit WHERE action = 'desk printing set' AND actor = 'Organisateur'`).Scan(&audited); err != nil || audited != 2 {
		t.Fatalf("audited %d, %v", audited, err)
	}
	if err := d.SetDeskPrinting(ctx, checkin.DeskPrinting{Desk: "Entrée A", Mode: "sometimes", UpdatedAt: nine}); err == nil {
		t.Fatal("an unknown mode was stored")
	}
}

// TestQueueArrivalPrints: the badges of arrivals at desks printing on
// arrival are queued once, whatever the calls (a restart calls again);
// other desks' arrivals, undone check-ins and badges printed before are not.
func TestQueueArrivalPrints(t *testing.T) {
	d, people := event(t)
	ctx := context.Background()
	defaults := checkin.DeskPrinting{Printer: "PDF", Mode: checkin.PrintOnCheckIn}
	if err := d.SetDeskPrinting(ctx, checkin.DeskPrinting{Desk: "Entrée B", Mode: checkin.PrintOnButton, UpdatedAt: nine}); err != nil {
		t.Fatal(err)
	}
	anne := scan(t, d, checkin.ScanRequest{Input: string(people["Anne"].Code), Desk: "Entrée A", Nonce: "a"})
	scan(t, d, checkin.ScanRequest{Input: string(people["Bob"].Code), Desk: "Entrée B", Force: true, Nonce: "b"})
	if n, err := d.QueueArrivalPrints(ctx, defaults, nine); err != nil || n != 1 {
		t.Fatalf("queued %d, %v; want Anne's badge only", n, err)
	}
	if n, err := d.QueueArrivalPrints(ctx, defaults, nine); err != nil || n != 0 {
		t.Fatalf("called again: queued %d, %v", n, err)
	}
	// Anne's badge printed, her arrival undone and made again: nothing more.
	jobs, _ := d.DeskPrintJobs(ctx, "", 10)
	printed := jobs[0]
	printed.State, printed.UpdatedAt = checkin.PrintDone, nine
	if err := d.UpdatePrintJob(ctx, printed); err != nil {
		t.Fatal(err)
	}
	if err := d.Undo(ctx, checkin.Amendment{ID: anne.CheckIn.ID, Desk: "Entrée A", Any: true, Since: nine.Add(-time.Hour), At: nine}); err != nil {
		t.Fatal(err)
	}
	scan(t, d, checkin.ScanRequest{Input: string(people["Anne"].Code), Desk: "Entrée A", Nonce: "a2"})
	if n, err := d.QueueArrivalPrints(ctx, defaults, nine); err != nil || n != 0 {
		t.Fatalf("a second arrival: queued %d, %v", n, err)
	}
	jobs, _ = d.DeskPrintJobs(ctx, "", 10)
	if len(jobs) != 1 || jobs[0].RegistrantID != people["Anne"].ID || jobs[0].Printer != "PDF" || jobs[0].Desk != "Entrée A" {
		t.Fatalf("jobs: %+v", jobs)
	}
}

// TestUndoneArrivalPrintsNothing: a scan undone while its badge waits for
// the printer prints nothing; the person's real arrival later prints it.
// A reprint asked for with a reason is not the arrival's, and stays.
func TestUndoneArrivalPrintsNothing(t *testing.T) {
	d, people := event(t)
	ctx := context.Background()
	defaults := checkin.DeskPrinting{Printer: "PDF", Mode: checkin.PrintOnCheckIn}
	anne := scan(t, d, checkin.ScanRequest{Input: string(people["Anne"].Code), Desk: "Entrée A", Nonce: "a"})
	if n, err := d.QueueArrivalPrints(ctx, defaults, nine); err != nil || n != 1 {
		t.Fatalf("queued %d, %v", n, err)
	}
	bob := scan(t, d, checkin.ScanRequest{Input: string(people["Bob"].Code), Desk: "Entrée A", Force: true, Nonce: "b"})
	if _, err := d.AddPrintJob(ctx, checkin.PrintJob{RegistrantID: people["Bob"].ID, Desk: "Entrée A", Printer: "PDF", ReprintReason: "badge torn", CreatedAt: nine}); err != nil {
		t.Fatal(err)
	}
	d.QueueArrivalPrints(ctx, defaults, nine) // nothing for Bob: his reprint waits already
	for _, s := range []checkin.ScanResult{anne, bob} {
		if err := d.Undo(ctx, checkin.Amendment{ID: s.CheckIn.ID, Desk: "Entrée A", Any: true, Since: nine.Add(-time.Hour), At: nine}); err != nil {
			t.Fatal(err)
		}
	}
	jobs, _ := d.DeskPrintJobs(ctx, "", 10)
	states := map[string]string{}
	for _, j := range jobs {
		who := "Anne"
		if j.RegistrantID == people["Bob"].ID {
			who = "Bob"
		}
		states[who+" "+j.ReprintReason] += string(j.State) + " " + j.Reason
	}
	if states["Anne "] != "failed check-in undone before the badge printed" || states["Bob badge torn"] != "queued " {
		t.Fatalf("jobs after the undo: %q", states)
	}
	scan(t, d, checkin.ScanRequest{Input: string(people["Anne"].Code), Desk: "Entrée A", Nonce: "a2", At: nine.Add(time.Hour)})
	if n, err := d.QueueArrivalPrints(ctx, defaults, nine); err != nil || n != 1 {
		t.Fatalf("Anne's real arrival: queued %d, %v; want her badge", n, err)
	}
}

// TestUndoneSecondDayPrintsNothing: Anne came on the first day, when the
// desk did not print; a mistaken scan on the second day queues her badge,
// and undoing it ends that job though her first day stands.
func TestUndoneSecondDayPrintsNothing(t *testing.T) {
	d, people := event(t)
	ctx := context.Background()
	scan(t, d, checkin.ScanRequest{Input: string(people["Anne"].Code), Desk: "Entrée A", Nonce: "d1"})
	if n, err := d.QueueArrivalPrints(ctx, checkin.DeskPrinting{Printer: "PDF", Mode: checkin.PrintOff}, nine); err != nil || n != 0 {
		t.Fatalf("printing off: queued %d, %v", n, err)
	}
	second := scan(t, d, checkin.ScanRequest{Input: string(people["Anne"].Code), Desk: "Entrée A", Nonce: "d2", Day: days[1], At: nine.Add(24 * time.Hour)})
	if n, err := d.QueueArrivalPrints(ctx, checkin.DeskPrinting{Printer: "PDF", Mode: checkin.PrintOnCheckIn}, nine); err != nil || n != 1 {
		t.Fatalf("the second day: queued %d, %v", n, err)
	}
	if err := d.Undo(ctx, checkin.Amendment{ID: second.CheckIn.ID, Desk: "Entrée A", Any: true, Since: nine, At: nine.Add(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	jobs, _ := d.DeskPrintJobs(ctx, "", 10)
	if len(jobs) != 1 || jobs[0].State != checkin.PrintFailed {
		t.Fatalf("jobs after undoing the second day: %+v", jobs)
	}
}

// TestArrivalPrintsInOneBatch: arrivals read together print in the order
// people came in, each at the desk (and on the printer) of their arrival
// that stands, once per person.
func TestArrivalPrintsInOneBatch(t *testing.T) {
	d, people := event(t)
	ctx := context.Background()
	defaults := checkin.DeskPrinting{Printer: "PDF", Mode: checkin.PrintOnCheckIn}
	if err := d.SetDeskPrinting(ctx, checkin.DeskPrinting{Desk: "Entrée C", Printer: "Office", UpdatedAt: nine}); err != nil {
		t.Fatal(err)
	}
	scan(t, d, checkin.ScanRequest{Input: string(people["Bob"].Code), Desk: "Entrée A", Force: true, Nonce: "b"})
	anne := scan(t, d, checkin.ScanRequest{Input: string(people["Anne"].Code), Desk: "Entrée A", Nonce: "a"})
	if err := d.Undo(ctx, checkin.Amendment{ID: anne.CheckIn.ID, Desk: "Entrée A", Any: true, Since: nine.Add(-time.Hour), At: nine}); err != nil {
		t.Fatal(err)
	}
	scan(t, d, checkin.ScanRequest{Input: string(people["Anne"].Code), Desk: "Entrée C", Nonce: "a2"})
	if n, err := d.QueueArrivalPrints(ctx, defaults, nine); err != nil || n != 2 {
		t.Fatalf("queued %d, %v; want Bob's and Anne's", n, err)
	}
	jobs, _ := d.DeskPrintJobs(ctx, "", 10) // newest first
	if len(jobs) != 2 || jobs[1].RegistrantID != people["Bob"].ID || jobs[1].Desk != "Entrée A" || jobs[1].Printer != "PDF" ||
		jobs[0].RegistrantID != people["Anne"].ID || jobs[0].Desk != "Entrée C" || jobs[0].Printer != "Office" {
		t.Fatalf("jobs, newest first: %+v", jobs)
	}
}

// TestPrintedBadgesCountBothWays: a badge out of a desk's printer counts
// as printed for desk badges --unprinted, and one printed by desk badges
// is not queued again on arrival.
func TestPrintedBadgesCountBothWays(t *testing.T) {
	d, people := event(t)
	ctx := context.Background()
	anne, bob := people["Anne"], people["Bob"]
	j, ok, err := d.QueueFirstPrint(ctx, checkin.PrintJob{RegistrantID: anne.ID, Desk: "Entrée A", Printer: "PDF", CreatedAt: nine})
	if err != nil || !ok {
		t.Fatalf("queued %v, %v", ok, err)
	}
	j.State, j.UpdatedAt = checkin.PrintDone, nine.Add(time.Second)
	if err := d.UpdatePrintJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	rs, _ := d.RegistrantsByID(ctx, []int64{anne.ID})
	if rs[0].PrintCount != 1 || !rs[0].PrintedAt.Equal(nine.Add(time.Second)) {
		t.Fatalf("Anne after her badge printed at the desk: %d printings, at %v", rs[0].PrintCount, rs[0].PrintedAt)
	}
	if err := d.MarkPrinted(ctx, []int64{bob.ID}, nine); err != nil {
		t.Fatal(err)
	}
	for _, r := range []checkin.Registrant{anne, bob} {
		if _, ok, err := d.QueueFirstPrint(ctx, checkin.PrintJob{RegistrantID: r.ID, Desk: "Entrée A", Printer: "PDF", CreatedAt: nine}); ok || err != nil {
			t.Errorf("%s's printed badge queued again: %v, %v", r.FirstName, ok, err)
		}
	}
}
