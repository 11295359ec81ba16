package db

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
)

// Three sessions of the 14th: deployer and cartes share the morning.
var (
	deployer = checkin.Session{ID: "deployer", Name: "Déployer Geotrek", Day: days[0], Start: "09:00", End: "12:00", Room: "Durance", Capacity: 2}
	cartes   = checkin.Session{ID: "cartes", Name: "Cartes", Day: days[0], Start: "10:00", End: "11:00", Room: "Verdon"}
	apres    = checkin.Session{ID: "apres", Name: "L'après-midi", Day: days[0], Start: "14:00", End: "17:00", Room: "Durance"}
	all      = []checkin.Session{deployer, cartes, apres}
)

// into is a scan of code into session s by someone registered for it,
// moving them out of the sessions of the same time.
func into(code checkin.Code, s checkin.Session, nonce string) checkin.ScanRequest {
	var overlapping []string
	for _, o := range all {
		if o.ID != s.ID && o.Overlaps(s) {
			overlapping = append(overlapping, o.ID)
		}
	}
	return checkin.ScanRequest{Input: string(code), Nonce: nonce, Session: &s, Overlapping: overlapping,
		Registered: func(checkin.Registrant) bool { return true }}
}

func present(t *testing.T, d *DB) map[string]int {
	t.Helper()
	got, err := d.SessionsPresent(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestASessionScanRecordsTheDaysArrival(t *testing.T) {
	d, p := event(t)
	res := scan(t, d, into(p["Anne"].Code, deployer, "a1"))
	if res.Outcome != checkin.CheckedIn || res.CheckIn.SessionID != "deployer" || res.Arrival == nil || res.Arrival.SessionID != "" {
		t.Fatalf("first scan at the workshop: %+v", res)
	}
	if again := scan(t, d, checkin.ScanRequest{Input: string(p["Anne"].Code), Nonce: "a2"}); again.Outcome != checkin.AlreadyCheckedIn ||
		again.CheckIn.ID != res.Arrival.ID {
		t.Fatalf("at the entrance afterwards: %s %+v, want already checked in (%d)", again.Outcome, again.CheckIn, res.Arrival.ID)
	}
	retry := scan(t, d, into(p["Anne"].Code, deployer, "a1"))
	if retry.Outcome != checkin.CheckedIn || retry.CheckIn.ID != res.CheckIn.ID {
		t.Fatalf("a retry: %s %+v, want the first check-in %d", retry.Outcome, retry.CheckIn, res.CheckIn.ID)
	}
	if s, _ := d.Stats(context.Background(), days[0]); s.Arrived != 1 {
		t.Fatalf("%d arrivals, want 1", s.Arrived)
	}
	// With the entrance required, someone not in yet is sent there.
	bob := into(p["Bob"].Code, apres, "b1")
	bob.RequireEntrance, bob.Force = true, true
	if res := scan(t, d, bob); res.Outcome != checkin.NotCheckedInToday {
		t.Fatalf("entrance required: %s", res.Outcome)
	}
	// Bob is not registered for the 14th: his arrival is recorded as forced, and audited.
	bob.RequireEntrance = false
	res = scan(t, d, bob)
	if res.Outcome != checkin.CheckedIn || res.Arrival == nil || !res.Arrival.Forced {
		t.Fatalf("Bob at the afternoon session: %+v", res)
	}
	var action string
	d.sql.QueryRow(`SELECT action FROM audit WHERE check_in_id = ?`, res.Arrival.ID).Scan(&action)
	if action == "" {
		t.Fatal("an arrival of someone not registered for the day is not audited")
	}
}

func TestASessionHoldsItsCapacity(t *testing.T) {
	d, p := event(t)
	bob, anne := into(p["Bob"].Code, deployer, "b1"), into(p["Anne"].Code, deployer, "a1")
	bob.Registered = func(checkin.Registrant) bool { return false }
	if res := scan(t, d, bob); res.Outcome != checkin.NotRegisteredForSession {
		t.Fatalf("Bob, not registered: %s", res.Outcome)
	}
	bob.Force = true
	if res := scan(t, d, bob); res.Outcome != checkin.CheckedIn || !res.CheckIn.Forced {
		t.Fatalf("Bob forced in: %+v", res)
	}
	in := scan(t, d, anne)
	if in.Outcome != checkin.CheckedIn || in.CheckIn.Forced {
		t.Fatalf("Anne: %+v", in)
	}
	if res := scan(t, d, into(p["Chloé"].Code, deployer, "c1")); res.Outcome != checkin.Cancelled {
		t.Fatalf("Chloé cancelled: %s", res.Outcome)
	}
	// Full now; someone already in is told so, not "full".
	if res := scan(t, d, into(p["Anne"].Code, deployer, "a2")); res.Outcome != checkin.AlreadyCheckedIn || res.CheckIn.ID != in.CheckIn.ID {
		t.Fatalf("Anne again: %+v", res)
	}
	undo(t, d, in.CheckIn.ID)
	if got := present(t, d)["deployer"]; got != 1 {
		t.Fatalf("%d present after an undo, want 1", got)
	}
	if res := scan(t, d, into(p["Anne"].Code, deployer, "a3")); res.Outcome != checkin.CheckedIn {
		t.Fatalf("Anne after the undo: %s", res.Outcome)
	}
}

func undo(t *testing.T, d *DB, id int64) {
	t.Helper()
	if err := d.Undo(context.Background(), checkin.Amendment{ID: id, Desk: "admin", Any: true, At: nine.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
}

func TestFullIsForcedByTheOrganiserOnly(t *testing.T) {
	d, p := event(t)
	small := deployer
	small.Capacity = 1
	first := into(p["Anne"].Code, small, "a1")
	first.Session = &small
	scan(t, d, first)
	bob := into(p["Bob"].Code, small, "b1")
	bob.Session, bob.Force = &small, true
	if res := scan(t, d, bob); res.Outcome != checkin.SessionFull {
		t.Fatalf("a desk forcing a full session: %s", res.Outcome)
	}
	bob.Organiser, bob.Nonce = true, "b2"
	res := scan(t, d, bob)
	if res.Outcome != checkin.CheckedIn || !res.CheckIn.Forced {
		t.Fatalf("the organiser forcing: %+v", res)
	}
	var action string
	d.sql.QueryRow(`SELECT action FROM audit WHERE check_in_id = ?`, res.CheckIn.ID).Scan(&action)
	if action != "admitted to session deployer, full" {
		t.Fatalf("audit: %q", action)
	}
	if got := present(t, d)["deployer"]; got != 2 {
		t.Fatalf("%d present, want 2 (one over, forced)", got)
	}
}

func TestAScanIntoASessionOfTheSameTimeMovesThePerson(t *testing.T) {
	d, p := event(t)
	scan(t, d, into(p["Anne"].Code, deployer, "a1"))
	scan(t, d, into(p["Anne"].Code, apres, "a2")) // the afternoon: no move
	moved := scan(t, d, into(p["Anne"].Code, cartes, "a3"))
	if moved.Outcome != checkin.CheckedIn || moved.Arrival != nil {
		t.Fatalf("move: %+v", moved)
	}
	if got := present(t, d); got["deployer"] != 0 || got["cartes"] != 1 || got["apres"] != 1 {
		t.Fatalf("present after a move: %v", got)
	}
	var left int
	d.sql.QueryRow(`SELECT count(*) FROM check_ins WHERE session_id = 'deployer' AND left_at IS NOT NULL`).Scan(&left)
	if left != 1 {
		t.Fatalf("%d rows left in deployer, want 1", left)
	}
}

func TestExitThenReentry(t *testing.T) {
	d, p := event(t)
	in := scan(t, d, into(p["Anne"].Code, deployer, "a1"))
	out := into(p["Anne"].Code, deployer, "a2")
	out.Exit, out.At = true, nine.Add(time.Hour)
	res := scan(t, d, out)
	if res.Outcome != checkin.LeftSession || res.CheckIn == nil || res.CheckIn.ID != in.CheckIn.ID || res.CheckIn.LeftAt.IsZero() {
		t.Fatalf("exit: %+v", res)
	}
	if got := present(t, d)["deployer"]; got != 0 {
		t.Fatalf("%d present after the exit", got)
	}
	out.Nonce = "a3" // a second exit: nobody to take out
	if res := scan(t, d, out); res.Outcome != checkin.LeftSession || res.CheckIn != nil {
		t.Fatalf("exit of someone out: %+v", res)
	}
	back := scan(t, d, into(p["Anne"].Code, deployer, "a4"))
	if back.Outcome != checkin.CheckedIn || back.CheckIn.ID == in.CheckIn.ID || back.Arrival != nil {
		t.Fatalf("back in: %+v", back)
	}
	if got := present(t, d)["deployer"]; got != 1 {
		t.Fatalf("%d present after coming back", got)
	}
}

func TestUndoASessionCheckIn(t *testing.T) {
	d, p := event(t)
	ctx := context.Background()
	res := scan(t, d, checkin.ScanRequest{Input: string(p["Anne"].Code), Nonce: "a1", Session: &deployer, StaffSession: "s1",
		Registered: func(checkin.Registrant) bool { return true }})
	other := checkin.Amendment{ID: res.CheckIn.ID, Desk: "desk 2", Session: "s2", Since: nine.Add(-time.Minute), At: nine.Add(time.Minute)}
	if err := d.Undo(ctx, other); !errors.Is(err, checkin.ErrUnknownCheckIn) {
		t.Fatalf("another desk's undo: %v", err)
	}
	own := other
	own.Desk, own.Session = "desk 1", "s1"
	if err := d.Undo(ctx, own); err != nil {
		t.Fatal(err)
	}
	if got := present(t, d)["deployer"]; got != 0 {
		t.Fatalf("%d present after the undo", got)
	}
	// The arrival the scan recorded goes with it, audited.
	if s, _ := d.Stats(ctx, days[0]); s.Arrived != 0 {
		t.Fatalf("%d arrivals after undoing the only scan", s.Arrived)
	}
	var audited int
	d.sql.QueryRow(`SELECT count(*) FROM audit WHERE check_in_id IN (?, ?) AND action LIKE 'undone%'`, res.CheckIn.ID, res.Arrival.ID).Scan(&audited)
	if audited != 2 {
		t.Fatalf("%d undos audited, want 2", audited)
	}
}

// TestEntranceCountsIgnoreSessionCheckIns: the day's counts, report,
// latest arrivals and the desk's search show arrivals, whatever the
// sessions people then go to.
func TestEntranceCountsIgnoreSessionCheckIns(t *testing.T) {
	d, p := event(t)
	ctx := context.Background()
	anne := p["Anne"]
	scan(t, d, checkin.ScanRequest{Input: string(anne.Code), Nonce: "e1", HealthPassVerified: true})
	for i, s := range []checkin.Session{deployer, apres} {
		if res := scan(t, d, into(anne.Code, s, "s"+s.ID)); res.Outcome != checkin.CheckedIn || res.Arrival != nil {
			t.Fatalf("session %d: %+v", i, res)
		}
	}
	st, err := d.Stats(ctx, days[0])
	if err != nil {
		t.Fatal(err)
	}
	if st.Arrived != 1 || st.HealthPassChecked != 1 || len(st.ByDesk) != 1 || st.ByDesk[0].Arrived != 1 ||
		len(st.PerTenMinutes) != 1 || st.PerTenMinutes[0].Arrivals != 1 || st.ByOrganisation[0].Arrived != 1 {
		t.Fatalf("stats count session check-ins: %+v", st)
	}
	report, err := d.Attendance(ctx, days[:1])
	if err != nil {
		t.Fatal(err)
	}
	if len(report) != 2 { // Anne, and Chloé who registered and cancelled
		t.Fatalf("report has %d lines: %+v", len(report), report)
	}
	latest, _ := d.LatestArrivals(ctx, days[0], 10)
	live, _ := d.LiveCheckIns(ctx, days[0], []int64{anne.ID})
	if len(latest) != 1 || live[anne.ID].SessionID != "" {
		t.Fatalf("latest %+v, live %+v", latest, live)
	}
}

// TestNobodyLeavesBeforeComing: two desks scan one badge into two sessions
// of the same time at the same instant, the later scan stamped a moment
// earlier: the session left is left at the earliest when it was entered.
func TestNobodyLeavesBeforeComing(t *testing.T) {
	d, p := event(t)
	first := into(p["Anne"].Code, deployer, "a1")
	first.At = nine.Add(10 * time.Millisecond)
	scan(t, d, first)
	second := into(p["Anne"].Code, cartes, "a2")
	second.At = nine // timed before the first, written after it
	scan(t, d, second)
	var at, left string
	d.sql.QueryRow(`SELECT at, left_at FROM check_ins WHERE session_id = 'deployer'`).Scan(&at, &left)
	if left < at {
		t.Fatalf("left deployer at %s, before coming in at %s", left, at)
	}
}

// TestUndoAfterTheExit: a desk cannot undo a session visit the person has
// left (their attendance would be erased); the organiser can.
func TestUndoAfterTheExit(t *testing.T) {
	d, p := event(t)
	ctx := context.Background()
	in := into(p["Anne"].Code, deployer, "a1")
	in.StaffSession = "s1"
	res := scan(t, d, in)
	out := into(p["Anne"].Code, deployer, "a2")
	out.Exit, out.At, out.StaffSession = true, nine.Add(time.Minute), "s1"
	scan(t, d, out)
	own := checkin.Amendment{ID: res.CheckIn.ID, Desk: "desk 1", Session: "s1", Since: nine.Add(-time.Minute), At: nine.Add(2 * time.Minute)}
	if err := d.Undo(ctx, own); !errors.Is(err, checkin.ErrVisitLeft) {
		t.Fatalf("the desk's undo after the exit: %v", err)
	}
	organiser := own
	organiser.Any = true
	if err := d.Undo(ctx, organiser); err != nil {
		t.Fatalf("the organiser's undo: %v", err)
	}
}

// TestUndoAMoveGivesThePlaceBack: a person in deployer is scanned at the
// cartes door by mistake, which moves them; undoing that scan puts them
// back in deployer. An exit scan is not undone that way.
func TestUndoAMoveGivesThePlaceBack(t *testing.T) {
	d, p := event(t)
	ctx := context.Background()
	scan(t, d, into(p["Anne"].Code, deployer, "a1"))
	wrong := into(p["Anne"].Code, cartes, "a2")
	wrong.StaffSession, wrong.At = "s1", nine.Add(time.Minute)
	moved := scan(t, d, wrong)
	if got := present(t, d); got["deployer"] != 0 || got["cartes"] != 1 {
		t.Fatalf("after the move: %v", got)
	}
	undo := checkin.Amendment{ID: moved.CheckIn.ID, Desk: "desk 1", Session: "s1", Since: nine, At: nine.Add(2 * time.Minute)}
	if err := d.Undo(ctx, undo); err != nil {
		t.Fatal(err)
	}
	if got := present(t, d); got["deployer"] != 1 || got["cartes"] != 0 {
		t.Fatalf("after undoing the move: %v", got)
	}
	var restored int
	d.sql.QueryRow(`SELECT count(*) FROM audit WHERE action LIKE 'presence restored%'`).Scan(&restored)
	if restored != 1 {
		t.Fatalf("%d restorations audited", restored)
	}
}

// TestUndoAMoveAfterMovingOn: the person moved deployer -> cartes ->
// deployer again; the organiser undoing the cartes scan does not give back
// the first deployer presence (they are in deployer already).
func TestUndoAMoveAfterMovingOn(t *testing.T) {
	d, p := event(t)
	ctx := context.Background()
	scan(t, d, into(p["Anne"].Code, deployer, "a1"))
	moved := scan(t, d, into(p["Anne"].Code, cartes, "a2"))
	scan(t, d, into(p["Anne"].Code, deployer, "a3"))
	undo := checkin.Amendment{ID: moved.CheckIn.ID, Desk: "Organisateur", Any: true, At: nine.Add(time.Hour)}
	if err := d.Undo(ctx, undo); err != nil {
		t.Fatal(err)
	}
	if got := present(t, d); got["deployer"] != 1 || got["cartes"] != 0 {
		t.Fatalf("present: %v", got)
	}
}
