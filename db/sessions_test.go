package db

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
)

func staff(role, desk string, at time.Time, life time.Duration) checkin.StaffSession {
	return checkin.StaffSession{Role: role, Desk: desk, Created: at, Expires: at.Add(life)}
}

func TestStaffSessionLifecycle(t *testing.T) {
	ctx := context.Background()
	d, path := openTest(t)
	const token = "5f0c2a9e8b7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170605f4e3"
	if _, err := d.OpenStaffSession(ctx, token, staff("desk", "Entrée A", nine, 16*time.Hour)); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, token string
		at          time.Time
		want        string // desk name, or "" for no session
	}{
		{"just opened", token, nine, "Entrée A"},
		{"late in the day", token, nine.Add(16*time.Hour - time.Nanosecond), "Entrée A"},
		{"expired", token, nine.Add(16 * time.Hour), ""},
		{"another token", token[1:] + "0", nine, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := d.StaffSession(ctx, tc.token, tc.at)
			if tc.want == "" {
				if !errors.Is(err, checkin.ErrNoStaffSession) {
					t.Fatalf("got %+v, %v; want ErrNoStaffSession", s, err)
				}
				return
			}
			if err != nil || s.Desk != tc.want || s.Role != "desk" || !s.Expires.Equal(nine.Add(16*time.Hour)) {
				t.Fatalf("got %+v, %v; want desk %q", s, err, tc.want)
			}
		})
	}
	t.Run("survives reopening", func(t *testing.T) {
		d.Close()
		d2, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer d2.Close()
		if s, err := d2.StaffSession(ctx, token, nine.Add(time.Hour)); err != nil || s.Desk != "Entrée A" {
			t.Fatalf("after reopening: %+v, %v", s, err)
		}
		if err := d2.EndStaffSession(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := d2.StaffSession(ctx, token, nine.Add(time.Hour)); !errors.Is(err, checkin.ErrNoStaffSession) {
			t.Fatalf("after logout: %v, want ErrNoStaffSession", err)
		}
	})
}

// TestSessionTokenNotStored: the file holds the token's SHA-256 only, so
// that a copy of the database (a backup) opens no session.
func TestSessionTokenNotStored(t *testing.T) {
	ctx := context.Background()
	d, path := openTest(t)
	const token = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"
	if _, err := d.OpenStaffSession(ctx, token, staff("admin", "admin", nine, time.Hour)); err != nil {
		t.Fatal(err)
	}
	rows, err := d.sql.Query(`SELECT * FROM staff_sessions`)
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	n := 0
	for rows.Next() {
		n++
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			var b []byte
			switch x := v.(type) {
			case []byte:
				b = x
			case string:
				b = []byte(x)
			}
			if bytes.Contains(b, []byte(token)) || bytes.Contains(b, []byte(token[:16])) {
				t.Errorf("column %s holds the token: %q", cols[i], b)
			}
		}
	}
	rows.Close()
	if n != 1 {
		t.Fatalf("%d session rows, want 1", n)
	}
	d.Close() // checkpoint the WAL into the file, then read every byte of it
	files, _ := filepath.Glob(path + "*")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if bytes.Contains(b, []byte(token[:16])) {
			t.Errorf("%s holds the token in clear", filepath.Base(f))
		}
	}
}

func TestExpiredSessionsDeletedInOneGo(t *testing.T) {
	ctx := context.Background()
	d, _ := openTest(t)
	for i, life := range []time.Duration{time.Minute, time.Hour, 16 * time.Hour} {
		if _, err := d.OpenStaffSession(ctx, string(rune('a'+i))+"-token", staff("desk", "", nine, life)); err != nil {
			t.Fatal(err)
		}
	}
	n, err := d.DeleteExpiredStaffSessions(ctx, nine.Add(time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("deleted %d, %v; want the 2 expired at 8:00", n, err)
	}
	var left int
	d.sql.QueryRow(`SELECT count(*) FROM staff_sessions`).Scan(&left)
	if left != 1 {
		t.Fatalf("%d sessions left, want 1", left)
	}
	if _, err := d.StaffSession(ctx, "c-token", nine.Add(time.Hour)); err != nil {
		t.Fatalf("the live session went too: %v", err)
	}
}

// TestDefaultDeskNames: desks that give no name are numbered among the
// live sessions and the desks that recorded check-ins; a number is free
// again once its session expired and no check-in carries it.
func TestDefaultDeskNames(t *testing.T) {
	ctx := context.Background()
	d, people := event(t)
	scan(t, d, checkin.ScanRequest{Input: string(people["Anne"].Code), Nonce: "n1", Desk: "Poste 2"})
	open := func(token string, at time.Time, life time.Duration) string {
		t.Helper()
		s, err := d.OpenStaffSession(ctx, token, staff("desk", "", at, life))
		if err != nil {
			t.Fatal(err)
		}
		return s.Desk
	}
	steps := []struct {
		token string
		at    time.Time
		life  time.Duration
		want  string
	}{
		{"t1", nine, time.Hour, "Poste 1"},
		{"t2", nine, time.Hour, "Poste 3"}, // Poste 2 recorded a check-in
		{"t3", nine, 16 * time.Hour, "Poste 4"},
		{"t4", nine.Add(time.Hour), time.Hour, "Poste 1"}, // t1 and t2 expired
		{"t5", nine.Add(time.Hour), time.Hour, "Poste 3"},
	}
	for _, st := range steps {
		if got := open(st.token, st.at, st.life); got != st.want {
			t.Errorf("session %s: desk %q, want %q", st.token, got, st.want)
		}
	}
	if s, err := d.OpenStaffSession(ctx, "t6", staff("desk", "Entrée A", nine, time.Hour)); err != nil || s.Desk != "Entrée A" {
		t.Fatalf("a named desk: %+v, %v", s, err)
	}
}

// TestEndDeskSessions: "log out every desk" ends the desk sessions, not
// the organisers', and the audit trail says who did it, when and how many.
func TestEndDeskSessions(t *testing.T) {
	ctx := context.Background()
	d, _ := openTest(t)
	tokens := map[string]string{"Porte A": "desk-a", "Porte B": "desk-b", "admin": "organiser"}
	for desk, token := range tokens {
		role := "desk"
		if desk == "admin" {
			role = "admin"
		}
		if _, err := d.OpenStaffSession(ctx, token+strings.Repeat("0", 40), staff(role, desk, nine, time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	n, err := d.EndDeskSessions(ctx, "admin", nine.Add(time.Minute))
	if err != nil || n != 2 {
		t.Fatalf("EndDeskSessions: %d, %v; want 2 ended", n, err)
	}
	for desk, token := range tokens {
		_, err := d.StaffSession(ctx, token+strings.Repeat("0", 40), nine)
		if ended := errors.Is(err, checkin.ErrNoStaffSession); ended != (desk != "admin") {
			t.Errorf("%s after logging out every desk: %v", desk, err)
		}
	}
	var at, actor, action, detail string
	if err := d.sql.QueryRow(`SELECT at, actor, action, detail FROM audit`).Scan(&at, &actor, &action, &detail); err != nil {
		t.Fatal(err)
	}
	if at != stamp(nine.Add(time.Minute)) || actor != "admin" || action != "logged out every desk" || detail != "2 sessions ended" {
		t.Fatalf("audit: %s %s %q %q", at, actor, action, detail)
	}
}
