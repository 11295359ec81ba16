package checkin_test

import (
	"testing"

	"github.com/desk-event/desk/checkin"
)

func TestDecideAtTheEntrance(t *testing.T) {
	expected := checkin.Facts{Day: "2026-10-14", Registered: true, Policy: checkin.HealthPassRecord}
	with := func(change func(*checkin.Facts)) checkin.Facts {
		f := expected
		change(&f)
		return f
	}
	cases := []struct {
		name  string
		facts checkin.Facts
		want  checkin.Outcome
	}{
		{"expected", expected, checkin.CheckedIn},
		{"cancelled", with(func(f *checkin.Facts) { f.Registrant.Cancelled = true }), checkin.Cancelled},
		{"cancelled, forced", with(func(f *checkin.Facts) { f.Registrant.Cancelled, f.Force = true, true }), checkin.Cancelled},
		{"other day", with(func(f *checkin.Facts) { f.Registered = false }), checkin.NotRegisteredToday},
		{"other day, forced", with(func(f *checkin.Facts) { f.Registered, f.Force = false, true }), checkin.CheckedIn},
		{"other day, already in", with(func(f *checkin.Facts) { f.Registered, f.EnteredToday = false, true }), checkin.NotRegisteredToday},
		{"pass required", with(func(f *checkin.Facts) { f.Policy = checkin.HealthPassRequire }), checkin.HealthPassRequired},
		{"pass ticked", with(func(f *checkin.Facts) { f.Policy, f.HealthPassVerified = checkin.HealthPassRequire, true }), checkin.CheckedIn},
		{"already in", with(func(f *checkin.Facts) { f.EnteredToday = true }), checkin.AlreadyCheckedIn},
		{"already in, forced", with(func(f *checkin.Facts) { f.EnteredToday, f.Force = true, true }), checkin.AlreadyCheckedIn},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := checkin.Decide(c.facts); got != c.want {
				t.Errorf("Decide = %q, want %q", got, c.want)
			}
		})
	}
}

func TestDecideAtASessionDoor(t *testing.T) {
	room := &checkin.Session{ID: "deployer", Day: "2026-10-15", Start: "09:00", End: "12:00", Capacity: 2}
	open := &checkin.Session{ID: "pleniere", Day: "2026-10-15", Start: "09:00", End: "12:00"} // no limit
	expected := checkin.Facts{Day: "2026-10-15", Session: room, Registered: true, EnteredToday: true, Present: 1, Policy: checkin.HealthPassRecord}
	with := func(change func(*checkin.Facts)) checkin.Facts {
		f := expected
		change(&f)
		return f
	}
	cases := []struct {
		name  string
		facts checkin.Facts
		want  checkin.Outcome
	}{
		{"registered, room left", expected, checkin.CheckedIn},
		{"cancelled", with(func(f *checkin.Facts) { f.Registrant.Cancelled = true }), checkin.Cancelled},
		{"already in", with(func(f *checkin.Facts) { f.InSession, f.Present = true, 2 }), checkin.AlreadyCheckedIn},
		{"exit", with(func(f *checkin.Facts) { f.Exit, f.InSession = true, true }), checkin.LeftSession},
		{"exit of someone not in", with(func(f *checkin.Facts) { f.Exit = true }), checkin.LeftSession},
		{"not registered", with(func(f *checkin.Facts) { f.Registered = false }), checkin.NotRegisteredForSession},
		{"not registered, forced, room left", with(func(f *checkin.Facts) { f.Registered, f.Force = false, true }), checkin.CheckedIn},
		{"not registered, forced, full", with(func(f *checkin.Facts) { f.Registered, f.Force, f.Present = false, true, 2 }), checkin.SessionFull},
		{"full", with(func(f *checkin.Facts) { f.Present = 2 }), checkin.SessionFull},
		{"over full (forced earlier)", with(func(f *checkin.Facts) { f.Present = 3 }), checkin.SessionFull},
		{"full, a desk forces", with(func(f *checkin.Facts) { f.Present, f.Force = 2, true }), checkin.SessionFull},
		{"full, the organiser without force", with(func(f *checkin.Facts) { f.Present, f.Organiser = 2, true }), checkin.SessionFull},
		{"full, the organiser forces", with(func(f *checkin.Facts) { f.Present, f.Force, f.Organiser = 2, true, true }), checkin.CheckedIn},
		{"no limit", with(func(f *checkin.Facts) { f.Session, f.Present = open, 500 }), checkin.CheckedIn},
		{"not in today, recorded too", with(func(f *checkin.Facts) { f.EnteredToday = false }), checkin.CheckedIn},
		{"not in today, entrance required", with(func(f *checkin.Facts) { f.EnteredToday, f.RequireEntrance = false, true }), checkin.NotCheckedInToday},
		{"not in today, entrance required, forced", with(func(f *checkin.Facts) { f.EnteredToday, f.RequireEntrance, f.Force = false, true, true }), checkin.NotCheckedInToday},
		{"in today, entrance required", with(func(f *checkin.Facts) { f.RequireEntrance = true }), checkin.CheckedIn},
		{"not in today, pass required", with(func(f *checkin.Facts) { f.EnteredToday, f.Policy = false, checkin.HealthPassRequire }), checkin.HealthPassRequired},
		{"not in today, pass ticked", with(func(f *checkin.Facts) {
			f.EnteredToday, f.Policy, f.HealthPassVerified = false, checkin.HealthPassRequire, true
		}), checkin.CheckedIn},
		{"in today, pass required: checked at the entrance", with(func(f *checkin.Facts) { f.Policy = checkin.HealthPassRequire }), checkin.CheckedIn},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := checkin.Decide(c.facts); got != c.want {
				t.Errorf("Decide = %q, want %q", got, c.want)
			}
		})
	}
}
