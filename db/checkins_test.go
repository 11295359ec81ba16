package db

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
)

// event is a database with three people: Anne comes both days, Bob only
// on the 15th, Chloé cancelled.
func event(t *testing.T) (*DB, map[string]checkin.Registrant) {
	t.Helper()
	d, _ := openTest(t)
	bob := row(3, "Bob", "Roy", "bob@example.fr")
	bob.Days = days[1:]
	chloe := row(4, "Chloé", "Faure", "chloe@example.fr")
	chloe.Cancelled = true
	if _, err := d.Import(context.Background(), []importer.Row{row(2, "Anne", "Petit", "anne@example.fr"), bob, chloe}, testOpts(1), false); err != nil {
		t.Fatal(err)
	}
	rs, _ := d.Registrants(context.Background())
	people := map[string]checkin.Registrant{}
	for _, r := range rs {
		people[r.FirstName] = r
	}
	return d, people
}

var nine = time.Date(2026, 10, 14, 7, 0, 0, 0, time.UTC)

func scan(t *testing.T, d *DB, req checkin.ScanRequest) checkin.ScanResult {
	t.Helper()
	if req.Day == "" {
		req.Day = days[0]
	}
	if req.At.IsZero() {
		req.At = nine
	}
	if req.Desk == "" {
		req.Desk = "desk 1"
	}
	if req.Policy == "" {
		req.Policy = checkin.HealthPassRecord
	}
	res, err := d.Scan(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestScanOutcomes(t *testing.T) {
	d, p := event(t)
	anne, bob, chloe := string(p["Anne"].Code), string(p["Bob"].Code), string(p["Chloé"].Code)
	tests := []struct {
		name string
		req  checkin.ScanRequest
		want checkin.Outcome
		hint string
	}{
		{"a badge", checkin.ScanRequest{Input: anne + "\r\n", Nonce: "n1"}, checkin.CheckedIn, ""},
		{"the same badge again", checkin.ScanRequest{Input: anne, Nonce: "n2", Desk: "desk 2"}, checkin.AlreadyCheckedIn, ""},
		{"the same badge the next day", checkin.ScanRequest{Input: anne, Nonce: "n3", Day: days[1]}, checkin.CheckedIn, ""},
		{"not registered today", checkin.ScanRequest{Input: bob, Nonce: "n4"}, checkin.NotRegisteredToday, ""},
		{"cancelled", checkin.ScanRequest{Input: chloe, Nonce: "n5"}, checkin.Cancelled, ""},
		{"unknown code", checkin.ScanRequest{Input: "BCDF GHJK LNPR STUV XBCD", Nonce: "n6"}, checkin.UnknownCode, ""},
		{"not a badge", checkin.ScanRequest{Input: "https://example.org", Nonce: "n7"}, checkin.NotABadge, ""},
		{"a health pass", checkin.ScanRequest{Input: "HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH", Nonce: "n8"}, checkin.NotABadge, "health_pass"},
		{"a health pass typed on AZERTY", checkin.ScanRequest{Input: "HC&MNCFOXN", Nonce: "n9"}, checkin.NotABadge, "health_pass"},
		{"health pass required", checkin.ScanRequest{Input: bob, Nonce: "n10", Day: days[1], Policy: checkin.HealthPassRequire}, checkin.HealthPassRequired, ""},
		{"health pass ticked", checkin.ScanRequest{Input: bob, Nonce: "n11", Day: days[1], Policy: checkin.HealthPassRequire, HealthPassVerified: true}, checkin.CheckedIn, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := scan(t, d, tt.req)
			if res.Outcome != tt.want || res.Hint != tt.hint {
				t.Fatalf("outcome %s hint %q, want %s %q", res.Outcome, res.Hint, tt.want, tt.hint)
			}
		})
	}
	// The health pass is recorded as a yes/no, nothing more.
	res := scan(t, d, checkin.ScanRequest{Input: bob, Nonce: "n11", Day: days[1], Policy: checkin.HealthPassRequire, HealthPassVerified: true})
	if res.CheckIn.HealthPassVerified == nil || !*res.CheckIn.HealthPassVerified {
		t.Fatal("the verified health pass is not recorded")
	}
}

func TestForcedAdmissionIsAudited(t *testing.T) {
	d, p := event(t)
	res := scan(t, d, checkin.ScanRequest{Input: string(p["Bob"].Code), Nonce: "f1", Force: true})
	if res.Outcome != checkin.CheckedIn || !res.CheckIn.Forced {
		t.Fatalf("forced: %+v", res)
	}
	var action string
	if err := d.sql.QueryRow(`SELECT action FROM audit WHERE check_in_id = ?`, res.CheckIn.ID).Scan(&action); err != nil || action == "" {
		t.Fatalf("no audit entry for a forced admission: %v", err)
	}
}

// TestTwoDesksOneBadge races many desks on the same badges: each person is
// checked in exactly once, and every other desk is told "already".
func TestTwoDesksOneBadge(t *testing.T) {
	d, p := event(t)
	codes := []string{string(p["Anne"].Code)}
	const desks = 16
	results := make(chan checkin.Outcome, desks*len(codes))
	var wg sync.WaitGroup
	for i := 0; i < desks; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for _, c := range codes {
				res, err := d.Scan(context.Background(), checkin.ScanRequest{Input: c, Day: days[0], Desk: fmt.Sprint("desk ", i),
					Nonce: fmt.Sprint("race-", i, c), At: nine, Policy: checkin.HealthPassOff})
				if err != nil {
					t.Error(err)
					return
				}
				results <- res.Outcome
			}
		}(i)
	}
	wg.Wait()
	close(results)
	count := map[checkin.Outcome]int{}
	for o := range results {
		count[o]++
	}
	if count[checkin.CheckedIn] != len(codes) || count[checkin.AlreadyCheckedIn] != desks*len(codes)-len(codes) {
		t.Fatalf("outcomes %v: want exactly one check-in per badge", count)
	}
	var rows int
	d.sql.QueryRow(`SELECT count(*) FROM check_ins`).Scan(&rows)
	if rows != len(codes) {
		t.Fatalf("%d check-ins recorded, want %d", rows, len(codes))
	}
}

func TestRetryWithTheSameNonce(t *testing.T) {
	d, p := event(t)
	req := checkin.ScanRequest{Input: string(p["Anne"].Code), Nonce: "retry-1"}
	first := scan(t, d, req)
	again := scan(t, d, req)
	if again.Outcome != checkin.CheckedIn || again.CheckIn.ID != first.CheckIn.ID {
		t.Fatalf("a retry answered %s with check-in %d, want checked_in with %d", again.Outcome, again.CheckIn.ID, first.CheckIn.ID)
	}
	var rows int
	d.sql.QueryRow(`SELECT count(*) FROM check_ins`).Scan(&rows)
	if rows != 1 {
		t.Fatalf("%d rows after a retry", rows)
	}
}

func TestUndo(t *testing.T) {
	d, p := event(t)
	ctx := context.Background()
	first := scan(t, d, checkin.ScanRequest{Input: string(p["Anne"].Code), Nonce: "u1", Desk: "desk 1", StaffSession: "s1"})
	id := first.CheckIn.ID
	since := nine.Add(-5 * time.Minute)
	tests := []struct {
		name string
		a    checkin.Amendment
	}{
		{"another desk", checkin.Amendment{ID: id, Desk: "desk 2", Session: "s2", Since: since, At: nine.Add(time.Minute)}},
		{"another session under the same desk name", checkin.Amendment{ID: id, Desk: "desk 1", Session: "s2", Since: since, At: nine.Add(time.Minute)}},
		{"a desk without a session", checkin.Amendment{ID: id, Desk: "desk 1", Since: since, At: nine.Add(time.Minute)}},
		{"its own session after the window", checkin.Amendment{ID: id, Desk: "desk 1", Session: "s1", Since: nine.Add(5 * time.Minute), At: nine.Add(6 * time.Minute)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := d.Undo(ctx, tt.a); !errors.Is(err, checkin.ErrUnknownCheckIn) {
				t.Fatalf("undo: %v, want ErrUnknownCheckIn", err)
			}
			if err := d.SetHealthPass(ctx, tt.a, true); !errors.Is(err, checkin.ErrUnknownCheckIn) {
				t.Fatalf("health pass: %v, want ErrUnknownCheckIn", err)
			}
		})
	}
	if err := d.SetHealthPass(ctx, checkin.Amendment{ID: id, Desk: "desk 1", Session: "s1", Since: since, At: nine.Add(time.Minute)}, true); err != nil {
		t.Fatal(err)
	}
	if err := d.Undo(ctx, checkin.Amendment{ID: id, Desk: "desk 1", Session: "s1", Since: since, At: nine.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if err := d.Undo(ctx, checkin.Amendment{ID: id, Desk: "admin", Session: "a1", Any: true, At: nine.Add(2 * time.Minute)}); !errors.Is(err, checkin.ErrUnknownCheckIn) {
		t.Fatalf("second undo: %v", err)
	}
	// The person can be checked in again; the undone record stays, audited.
	again := scan(t, d, checkin.ScanRequest{Input: string(p["Anne"].Code), Nonce: "u2"})
	if again.Outcome != checkin.CheckedIn || again.CheckIn.ID == id {
		t.Fatalf("after undo: %+v", again)
	}
	var undone, audited int
	d.sql.QueryRow(`SELECT count(*) FROM check_ins WHERE undone_at IS NOT NULL`).Scan(&undone)
	d.sql.QueryRow(`SELECT count(*) FROM audit WHERE action = 'undone' AND actor = 'desk 1'`).Scan(&audited)
	if undone != 1 || audited != 1 {
		t.Fatalf("undone %d, audited %d", undone, audited)
	}
	// The organiser amends any check-in, of any age; the audit names the session.
	late := checkin.Amendment{ID: again.CheckIn.ID, Desk: "admin", Session: "a1", Any: true, At: nine.Add(time.Hour)}
	if err := d.SetHealthPass(ctx, late, true); err != nil {
		t.Fatal(err)
	}
	var session string
	d.sql.QueryRow(`SELECT staff_session FROM audit WHERE action = 'health pass checked' AND check_in_id = ?`, again.CheckIn.ID).Scan(&session)
	if session != "a1" {
		t.Fatalf("audit names session %q, want a1", session)
	}
}

// TestCheckInSurvivesReopening: an acknowledged check-in is in the file
// when the database is closed and opened again, as after a restart.
func TestCheckInSurvivesReopening(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	d, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.SetDays(ctx, days); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Import(ctx, []importer.Row{row(2, "Anne", "Petit", "anne@example.fr")}, testOpts(1), false); err != nil {
		t.Fatal(err)
	}
	rs, _ := d.Registrants(ctx)
	res := scan(t, d, checkin.ScanRequest{Input: string(rs[0].Code), Nonce: "dur"})
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	retry := scan(t, again, checkin.ScanRequest{Input: string(rs[0].Code), Nonce: "dur"})
	if retry.Outcome != checkin.CheckedIn || retry.CheckIn.ID != res.CheckIn.ID {
		t.Fatalf("after reopening: %s, check-in %v; want the same check-in %d", retry.Outcome, retry.CheckIn, res.CheckIn.ID)
	}
}

func TestNothingOfAForeignScanIsStored(t *testing.T) {
	d, path := openTest(t)
	pass := "HC1:6BFOXN%TS3DHPVO13J /G-/2YRVA.Q/R8JF62FCJZ4S7K"
	for i := 0; i < 3; i++ {
		scan(t, d, checkin.ScanRequest{Input: pass, Nonce: fmt.Sprint("hp", i)})
	}
	d.Close()
	assertNotInFiles(t, path, "6BFOXN", "HC1:", "hp0")
}

func TestStats(t *testing.T) {
	d, p := event(t)
	scan(t, d, checkin.ScanRequest{Input: string(p["Anne"].Code), Nonce: "s1", HealthPassVerified: true})
	scan(t, d, checkin.ScanRequest{Input: string(p["Bob"].Code), Nonce: "s2", Force: true, At: nine.Add(12 * time.Minute)})
	s, err := d.Stats(context.Background(), days[0])
	if err != nil {
		t.Fatal(err)
	}
	// Anne is expected on the 14th; Bob is not but was admitted; Chloé cancelled.
	if s.Expected != 1 || s.Arrived != 2 || s.Forced != 1 || s.HealthPassChecked != 1 {
		t.Fatalf("totals %+v", s)
	}
	if len(s.ByOrganisation) != 1 || s.ByOrganisation[0] != (checkin.Count{Name: "Parc", Expected: 1, Arrived: 2}) {
		t.Fatalf("by organisation %+v", s.ByOrganisation)
	}
	if len(s.PerTenMinutes) != 2 || !s.PerTenMinutes[0].Start.Equal(nine) || s.PerTenMinutes[1].Arrivals != 1 {
		t.Fatalf("per ten minutes %+v", s.PerTenMinutes)
	}
}

func TestANonceIsNotReusedForAnotherScan(t *testing.T) {
	d, p := event(t)
	scan(t, d, checkin.ScanRequest{Input: string(p["Anne"].Code), Nonce: "1", Desk: "desk 1"})
	_, err := d.Scan(context.Background(), checkin.ScanRequest{Input: string(p["Bob"].Code), Nonce: "1", Desk: "desk 2",
		Day: days[1], At: nine, Policy: checkin.HealthPassRecord})
	if !errors.Is(err, checkin.ErrBadNonce) {
		t.Fatalf("Bob with Anne's nonce: %v, want ErrBadNonce (not Anne's check-in shown as Bob's)", err)
	}
	if _, err := d.Scan(context.Background(), checkin.ScanRequest{Input: string(p["Bob"].Code), Day: days[1], At: nine}); !errors.Is(err, checkin.ErrBadNonce) {
		t.Fatalf("no nonce: %v", err)
	}
}

func TestNobodyIsForcedInOnADayThatIsNotAnEventDay(t *testing.T) {
	d, p := event(t)
	res := scan(t, d, checkin.ScanRequest{Input: string(p["Anne"].Code), Nonce: "d1", Day: "2026-12-25", Force: true})
	if res.Outcome != checkin.NotRegisteredToday {
		t.Fatalf("outcome %s", res.Outcome)
	}
}

func TestAttendanceAndBackup(t *testing.T) {
	d, p := event(t)
	ctx := context.Background()
	scan(t, d, checkin.ScanRequest{Input: string(p["Anne"].Code), Nonce: "r1", HealthPassVerified: true})
	scan(t, d, checkin.ScanRequest{Input: string(p["Bob"].Code), Nonce: "r2", Force: true})
	rows, err := d.Attendance(ctx, days)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range rows {
		got[string(a.Day)+" "+a.FirstName] = fmt.Sprintf("registered=%v present=%v forced=%v pass=%v cancelled=%v",
			a.Registered, !a.ArrivedAt.IsZero(), a.Forced, a.HealthPassVerified, a.Cancelled)
	}
	want := map[string]string{
		"2026-10-14 Anne":  "registered=true present=true forced=false pass=true cancelled=false",
		"2026-10-14 Bob":   "registered=false present=true forced=true pass=false cancelled=false",
		"2026-10-14 Chloé": "registered=true present=false forced=false pass=false cancelled=true",
		"2026-10-15 Anne":  "registered=true present=false forced=false pass=false cancelled=false",
		"2026-10-15 Bob":   "registered=true present=false forced=false pass=false cancelled=false",
		"2026-10-15 Chloé": "registered=true present=false forced=false pass=false cancelled=true",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("attendance\n got %v\nwant %v", got, want)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := d.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	copyDB, err := Open(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	restored, _ := copyDB.Attendance(ctx, days)
	if fmt.Sprint(restored) != fmt.Sprint(rows) {
		t.Fatal("the restored backup differs from the database")
	}
	if err := d.Backup(ctx, backup); err == nil {
		t.Fatal("a backup overwrote an existing file")
	}
}

// TestPurgeLeavesNoTrace erases everyone's personal data and searches the
// bytes of the database's files for the names; the counts stay.
func TestPurgeLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	d, path := openTest(t)
	rows := []importer.Row{row(2, "Wilhelmina", "Zwanenburg", "wilhelmina@example.fr"), row(3, "Bartholomew", "Quixley", "bart@example.fr")}
	if _, err := d.Import(ctx, rows, testOpts(1), false); err != nil {
		t.Fatal(err)
	}
	rs, _ := d.Registrants(ctx)
	scan(t, d, checkin.ScanRequest{Input: string(rs[0].Code), Nonce: "p1", HealthPassVerified: true})
	for _, r := range rs {
		if _, err := d.AddPrintJob(ctx, checkin.PrintJob{RegistrantID: r.ID, Desk: "Entrée A", Printer: "PDF", ReprintReason: "badge de " + r.FirstName + " perdu", CreatedAt: nine}); err != nil {
			t.Fatal(err)
		}
	}
	export, err := d.ExportPerson(ctx, "wilhelmina@example.fr", nil)
	if err != nil || !bytes.Contains(export, []byte("Zwanenburg")) || !bytes.Contains(export, []byte(`"health_pass_verified": true`)) ||
		!bytes.Contains(export, []byte(`"reprint_reason": "badge de Wilhelmina perdu"`)) || bytes.Contains(export, []byte("Bartholomew")) {
		t.Fatalf("export: %v\n%s", err, export)
	}
	before, _ := d.Stats(ctx, days[0])
	if n, err := d.PurgeHealthPass(ctx); err != nil || n != 1 {
		t.Fatalf("health pass purge: %d, %v", n, err)
	}
	if n, err := d.PurgePeople(ctx); err != nil || n != 2 {
		t.Fatalf("people purge: %d, %v", n, err)
	}
	after, _ := d.Stats(ctx, days[0])
	if after.Expected != before.Expected || after.Arrived != before.Arrived || after.HealthPassChecked != 0 {
		t.Fatalf("counts before %+v, after %+v", before, after)
	}
	assertNotInFiles(t, path, "Wilhelmina", "Zwanenburg", "Bartholomew", "Quixley", "wilhelmina@example.fr")
}

func TestPurgeOnePerson(t *testing.T) {
	ctx := context.Background()
	d, path := openTest(t)
	rows := []importer.Row{row(2, "Wilhelmina", "Zwanenburg", "wilhelmina@example.fr"), row(3, "Bartholomew", "Quixley", "bart@example.fr")}
	d.Import(ctx, rows, testOpts(1), false)
	rs, _ := d.Registrants(ctx)
	// A reprint's reason, typed by staff, may name the person: it goes too.
	for _, r := range rs {
		reprint := checkin.PrintJob{RegistrantID: r.ID, Desk: "Entrée A", Printer: "PDF", ReprintReason: "badge de " + r.FirstName + " perdu", CreatedAt: nine}
		if _, err := d.AddPrintJob(ctx, reprint); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := d.PurgePerson(ctx, rs[0].Code.Grouped()); err != nil || n != 1 {
		t.Fatalf("purge by code: %d %v", n, err)
	}
	if _, err := d.PurgePerson(ctx, "nobody@example.fr"); !errors.Is(err, ErrNoSuchPerson) {
		t.Fatalf("unknown person: %v", err)
	}
	assertNotInFiles(t, path, "Wilhelmina", "Zwanenburg")
	if rs, _ = d.Registrants(ctx); rs[1].FirstName != "Bartholomew" {
		t.Fatal("another person was erased")
	}
	if jobs, _ := d.DeskPrintJobs(ctx, "Entrée A", 10); jobs[0].ReprintReason != "badge de Bartholomew perdu" {
		t.Fatalf("another person's reprint reason: %+v", jobs[0])
	}
}

// TestManyDesksOneSetOfBadges: 16 desks scan the same 50 badges in
// different orders; each person gets exactly one arrival.
func TestManyDesksOneSetOfBadges(t *testing.T) {
	ctx := context.Background()
	d, _ := openTest(t)
	rows := make([]importer.Row, 50)
	for i := range rows {
		rows[i] = row(i+2, fmt.Sprint("P", i), "Roy", fmt.Sprintf("p%d@example.fr", i))
	}
	d.Import(ctx, rows, testOpts(1), false)
	rs, _ := d.Registrants(ctx)
	var wg sync.WaitGroup
	var checkedIn sync.Map
	for desk := 0; desk < 16; desk++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range rs {
				r := rs[(k*7+desk*3)%len(rs)]
				res, err := d.Scan(ctx, checkin.ScanRequest{Input: string(r.Code), Day: days[0], Desk: fmt.Sprint(desk),
					Nonce: fmt.Sprint(desk, "-", k), At: nine, Policy: checkin.HealthPassOff})
				if err != nil {
					t.Error(err)
					return
				}
				if res.Outcome == checkin.CheckedIn {
					if _, dup := checkedIn.LoadOrStore(r.Code, desk); dup {
						t.Errorf("%s checked in twice", r.Code)
					}
				}
			}
		}()
	}
	wg.Wait()
	s, _ := d.Stats(ctx, days[0])
	if s.Arrived != len(rs) {
		t.Fatalf("%d arrivals for %d people", s.Arrived, len(rs))
	}
}

// TestUndoRacingARescan undoes a check-in while other desks scan the same
// badge again: in the end there is exactly one live check-in, or none
// only if the undo came last, and every undone one is audited.
func TestUndoRacingARescan(t *testing.T) {
	ctx := context.Background()
	for round := 0; round < 20; round++ {
		d, p := event(t)
		first := scan(t, d, checkin.ScanRequest{Input: string(p["Anne"].Code), Nonce: "first"})
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			d.Undo(ctx, checkin.Amendment{ID: first.CheckIn.ID, Desk: "admin", Any: true, At: nine.Add(time.Second)})
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				d.Scan(ctx, checkin.ScanRequest{Input: string(p["Anne"].Code), Day: days[0], Desk: "B", Nonce: fmt.Sprint("again", i), At: nine.Add(2 * time.Second), Policy: checkin.HealthPassRecord})
			}
		}()
		wg.Wait()
		var live, undone, audited int
		d.sql.QueryRow(`SELECT count(*) FROM check_ins WHERE undone_at IS NULL`).Scan(&live)
		d.sql.QueryRow(`SELECT count(*) FROM check_ins WHERE undone_at IS NOT NULL`).Scan(&undone)
		d.sql.QueryRow(`SELECT count(*) FROM audit WHERE action = 'undone'`).Scan(&audited)
		if live > 1 || undone != 1 || audited != 1 {
			t.Fatalf("round %d: %d live, %d undone, %d audited", round, live, undone, audited)
		}
	}
}
